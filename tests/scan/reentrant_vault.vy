# pragma version 0.4.3
"""
@title A vault that pays before it books (scanner test fixture)
"""

balances: public(HashMap[address, uint256])
owner: public(address)


@deploy
def __init__():
    self.owner = msg.sender


@external
@payable
def deposit():
    self.balances[msg.sender] += msg.value


@external
def withdraw():
    amount: uint256 = self.balances[msg.sender]
    raw_call(msg.sender, b"", value=amount)
    self.balances[msg.sender] = 0


@external
def set_owner(new_owner: address):
    self.owner = new_owner


@external
def sweep():
    assert msg.sender == self.owner, "vault: not owner"
    send(msg.sender, self.balance)
