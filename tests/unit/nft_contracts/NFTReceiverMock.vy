# pragma version 0.4.3
"""
@title ERC-721 receiver for the NFT tests
@notice Answers `answer` to onERC721Received (the selector 0x150b7a02 accepts; anything else refuses)
        and keeps what it was sent.
"""

answer: public(bytes4)
lastOperator: public(address)
lastFrom: public(address)
lastToken: public(uint256)
lastData: public(Bytes[1024])


@deploy
def __init__(answer: bytes4):
    self.answer = answer


@external
def onERC721Received(operator: address, sender: address, tokenId: uint256, data: Bytes[1024]) -> bytes4:
    self.lastOperator = operator
    self.lastFrom = sender
    self.lastToken = tokenId
    self.lastData = data
    return self.answer
