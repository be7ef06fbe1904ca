# @version ^0.3.10

owner: public(address)

@external
def __init__():
    self.owner = msg.sender

@external
@payable
def __default__():
    pass

@external
def sweep(to: address):
    assert msg.sender == self.owner, "owner"
    send(to, self.balance)
