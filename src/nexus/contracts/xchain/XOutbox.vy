# pragma version 0.4.3
"""
@title Nexus cross-chain outbox
@notice Messages leaving this chain: each gets the next nonce and a `Sent` event that the
        oracle nodes witness once it is final. A sender may send at most `sender_cap`
        messages per `window` seconds. Revert messages are prefixed with "outbox:".
"""

MAX_PAYLOAD: constant(uint256) = 1024

event Sent:
    nonce: indexed(uint64)
    sender: indexed(address)
    dst_chain: indexed(uint256)
    recipient: address
    payload: Bytes[MAX_PAYLOAD]

nonce: public(uint64)
window: public(uint256)
sender_cap: public(uint256)
used: public(HashMap[address, HashMap[uint256, uint256]])  # sender -> window index -> messages


@deploy
def __init__(window: uint256, sender_cap: uint256):
    assert window > 0 and sender_cap > 0, "outbox: window and cap must be positive"
    self.window = window
    self.sender_cap = sender_cap


@external
def send(dst_chain: uint256, recipient: address, payload: Bytes[MAX_PAYLOAD]) -> uint64:
    """Queue `payload` for `recipient` on chain `dst_chain`; returns the message's nonce."""
    assert dst_chain != chain.id and dst_chain != 0, "outbox: bad destination chain"
    w: uint256 = block.timestamp // self.window
    n: uint256 = self.used[msg.sender][w] + 1
    assert n <= self.sender_cap, "outbox: rate limit"
    self.used[msg.sender][w] = n
    nonce: uint64 = self.nonce + 1
    self.nonce = nonce
    log Sent(nonce=nonce, sender=msg.sender, dst_chain=dst_chain, recipient=recipient, payload=payload)
    return nonce
