# pragma version 0.4.3
"""
@title A vault that does everything in the right order (scanner test fixture)
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
    assert amount > 0, "vault: nothing to withdraw"
    self.balances[msg.sender] = 0
    send(msg.sender, amount)


@external
def set_owner(new_owner: address):
    assert msg.sender == self.owner, "vault: not owner"
    self.owner = new_owner
