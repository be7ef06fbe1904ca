# @version ^0.3.10

boss: public(address)
staff: public(DynArray[address, 100])
wage: public(uint256)

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
        send(who, self.wage)
