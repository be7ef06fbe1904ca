# @version 0.3.7

admin: public(address)
deposits: public(HashMap[address, uint256])

@external
def __init__():
    self.admin = msg.sender

@external
@payable
def join():
    self.deposits[msg.sender] += msg.value

@external
def retire():
    assert msg.sender == self.admin
    selfdestruct(self.admin)
