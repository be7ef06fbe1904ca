# @version ^0.3.10

creator: public(address)
tips: public(uint256)

@external
def __init__():
    self.creator = msg.sender

@external
@payable
def tip():
    self.tips += msg.value

@external
def cash_out():
    assert msg.sender == self.creator
    send(self.creator, self.balance)
