# pragma version 0.4.3
"""
@title Evaluation ERC-20 (independent of the sandbox's token)
@notice Owner can mint; `mint` is also how an owner rug (mint-and-dump) is staged.
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
owner: public(address)


@deploy
def __init__():
    self.owner = msg.sender


@external
def mint(to: address, amount: uint256):
    assert msg.sender == self.owner
    self.totalSupply += amount
    self.balanceOf[to] += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@internal
def _move(src: address, dst: address, amount: uint256):
    self.balanceOf[src] -= amount
    self.balanceOf[dst] += amount
    log Transfer(sender=src, receiver=dst, value=amount)


@external
def transfer(to: address, amount: uint256) -> bool:
    self._move(msg.sender, to, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def transferFrom(src: address, dst: address, amount: uint256) -> bool:
    if self.allowance[src][msg.sender] != max_value(uint256):
        self.allowance[src][msg.sender] -= amount
    self._move(src, dst, amount)
    return True
