# @version ^0.3.10

balances: public(HashMap[address, uint256])
total: public(uint256)

@external
@payable
def deposit():
    self.balances[msg.sender] += msg.value
    self.total += msg.value

@external
def withdraw():
    amount: uint256 = self.balances[msg.sender]
    assert amount > 0, "nothing"
    raw_call(msg.sender, b"", value=amount)
    self.balances[msg.sender] = 0
    self.total -= amount
