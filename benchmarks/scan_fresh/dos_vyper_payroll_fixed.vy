# @version ^0.3.10

boss: public(address)
staff: public(DynArray[address, 100])
wage: public(uint256)
owed: public(HashMap[address, uint256])

@external
def __init__(_wage: uint256):
    self.boss = msg.sender
    self.wage = _wage

@external
@payable
def fund():
    pass

@external
def hire(who: address):
    assert msg.sender == self.boss
    self.staff.append(who)

@external
def pay_all():
    assert msg.sender == self.boss
    for who in self.staff:
        self.owed[who] += self.wage

@external
def collect():
    amount: uint256 = self.owed[msg.sender]
    self.owed[msg.sender] = 0
    send(msg.sender, amount)
