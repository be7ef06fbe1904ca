# pragma version 0.4.3
"""
@title Nexus contract registry
@notice Maps a service name (bytes32) to the address of its current contract, with a version
        counter per name, so that off-chain nodes can find every deployment from one address.
@dev Revert messages are prefixed with "registry:".
"""

from ..interfaces import IRegistry

implements: IRegistry

MAX_NAMES: constant(uint256) = 1024

event Registered:
    name: indexed(bytes32)
    addr: indexed(address)
    version: uint256

event OwnershipTransferred:
    previous: indexed(address)
    owner: indexed(address)

owner: public(address)
_addresses: HashMap[bytes32, address]
_versions: HashMap[bytes32, uint256]
names: public(DynArray[bytes32, MAX_NAMES])


@deploy
def __init__():
    """
    @notice The deployer becomes the owner.
    """
    self.owner = msg.sender
    log OwnershipTransferred(previous=empty(address), owner=msg.sender)


@external
def register(name: bytes32, addr: address) -> uint256:
    """
    @notice Point `name` at `addr`; returns the new version number (1 for a first registration).
    @param name Service name, e.g. keccak or right-padded ASCII of "ledger".
    @param addr Contract address; must hold code.
    """
    assert msg.sender == self.owner, "registry: not owner"
    assert name != empty(bytes32), "registry: empty name"
    assert addr.is_contract, "registry: not a contract"
    version: uint256 = self._versions[name] + 1
    if version == 1:
        assert len(self.names) < MAX_NAMES, "registry: full"
        self.names.append(name)
    self._versions[name] = version
    self._addresses[name] = addr
    log Registered(name=name, addr=addr, version=version)
    return version


@view
@external
def lookup(name: bytes32) -> address:
    """
    @notice The current address of `name`; reverts when it was never registered.
    """
    addr: address = self._addresses[name]
    assert addr != empty(address), "registry: unknown name"
    return addr


@view
@external
def version(name: bytes32) -> uint256:
    """
    @notice How many times `name` has been registered (0 if never).
    """
    return self._versions[name]


@view
@external
def count() -> uint256:
    """
    @notice Number of distinct registered names.
    """
    return len(self.names)


@external
def transfer_ownership(new_owner: address):
    """
    @notice Hand the registry to `new_owner`.
    """
    assert msg.sender == self.owner, "registry: not owner"
    assert new_owner != empty(address), "registry: zero owner"
    log OwnershipTransferred(previous=self.owner, owner=new_owner)
    self.owner = new_owner
