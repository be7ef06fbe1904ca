# pragma version 0.4.3
"""
@title Nexus ledger anchor
@notice Keeps the latest checkpoint (tree size, RFC 9162 Merkle root, block and time) of each
        append-only log, written only by authorised anchors; every checkpoint is also an event,
        so the full history stays verifiable from receipts and logs.
@dev Revert messages are prefixed with "anchor:". Size, block number and timestamp share one
     storage slot (64 bits each) so that an anchor costs two warm-ish slot updates.
"""

from ..interfaces import IAnchor

implements: IAnchor

event Anchored:
    log_id: indexed(bytes32)
    size: indexed(uint256)
    root: bytes32

event AnchorSet:
    account: indexed(address)
    allowed: bool

event OwnershipTransferred:
    previous: indexed(address)
    owner: indexed(address)

MAX_U64: constant(uint256) = 2**64 - 1

owner: public(address)
is_anchor: public(HashMap[address, bool])
_meta: HashMap[bytes32, uint256]  # size << 128 | block << 64 | timestamp
_root: HashMap[bytes32, bytes32]


@deploy
def __init__():
    """
    @notice The deployer becomes the owner and its first authorised anchor.
    """
    self.owner = msg.sender
    self.is_anchor[msg.sender] = True
    log OwnershipTransferred(previous=empty(address), owner=msg.sender)
    log AnchorSet(account=msg.sender, allowed=True)


@external
def anchor(log_id: bytes32, size: uint256, root: bytes32):
    """
    @notice Record that log `log_id` had Merkle root `root` at tree size `size`.
    @dev Only authorised anchors; the size must be larger than the last anchored size, so a
         checkpoint can never be anchored twice or rolled back.
    @param log_id The log's 32-byte id.
    @param size Number of leaves the root covers.
    @param root RFC 9162 root hash of the first `size` leaves.
    """
    assert self.is_anchor[msg.sender], "anchor: not an anchor"
    assert size <= MAX_U64, "anchor: size too large"
    assert root != empty(bytes32), "anchor: empty root"
    assert size > self._meta[log_id] >> 128, "anchor: size must grow"
    self._meta[log_id] = (size << 128) | (block.number << 64) | block.timestamp
    self._root[log_id] = root
    log Anchored(log_id=log_id, size=size, root=root)


@view
@external
def latest(log_id: bytes32) -> (uint256, bytes32, uint256, uint256):
    """
    @notice The last checkpoint of `log_id`: (size, root, timestamp, block); zeros if none.
    @param log_id The log's 32-byte id.
    """
    meta: uint256 = self._meta[log_id]
    return meta >> 128, self._root[log_id], meta & MAX_U64, (meta >> 64) & MAX_U64


@external
def set_anchor(account: address, allowed: bool):
    """
    @notice Authorise (or revoke) `account` to write checkpoints. Owner only.
    @param account The address to change.
    @param allowed True to authorise, False to revoke.
    """
    assert msg.sender == self.owner, "anchor: not owner"
    assert account != empty(address), "anchor: zero account"
    self.is_anchor[account] = allowed
    log AnchorSet(account=account, allowed=allowed)


@external
def transfer_ownership(new_owner: address):
    """
    @notice Hand the contract to `new_owner`. Owner only.
    @param new_owner The next owner; anchors stay as they are.
    """
    assert msg.sender == self.owner, "anchor: not owner"
    assert new_owner != empty(address), "anchor: zero owner"
    log OwnershipTransferred(previous=self.owner, owner=new_owner)
    self.owner = new_owner
