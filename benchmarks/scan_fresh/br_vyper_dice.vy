# @version ^0.3.10

house: public(address)

@external
@payable
def __init__():
    self.house = msg.sender

@external
@payable
def roll(guess: uint256):
    assert msg.value == 10 ** 16, "stake"
    face: uint256 = convert(keccak256(concat(block.prevhash, convert(block.timestamp, bytes32))), uint256) % 6
    if face == guess:
        send(msg.sender, msg.value * 5)
