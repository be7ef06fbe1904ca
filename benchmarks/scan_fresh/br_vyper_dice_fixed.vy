# @version ^0.3.10

interface Beacon:
    def latest() -> uint256: view

house: public(address)
beacon: public(Beacon)

@external
@payable
def __init__(_beacon: address):
    self.house = msg.sender
    self.beacon = Beacon(_beacon)

@external
@payable
def roll(guess: uint256):
    assert msg.value == 10 ** 16, "stake"
    face: uint256 = self.beacon.latest() % 6
    if face == guess:
        send(msg.sender, msg.value * 5)
