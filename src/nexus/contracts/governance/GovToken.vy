# pragma version 0.4.3
"""
@title Governance token with checkpointed voting power
@notice An ERC-20 whose holders delegate voting power (to themselves or another account).
        Voting power is recorded in per-account checkpoints by block number, and governance
        reads it only at a past block (`getPastVotes`, `getPastTotalSupply`): tokens moved
        after a proposal's snapshot cannot vote again (no vote recycling, no flash-loan votes).
@dev Revert messages are prefixed with "gov:". Each account has one packed "head" slot holding
     its voter index, its ballot nonce, its checkpoint count and its latest checkpoint, so the
     common case of a vote (power unchanged since the snapshot) costs one storage read.
     Head layout: index (bits 0-31) | nonce (32-63) | count (64-95) | block (96-143) | votes (144-255).
     A checkpoint (history and total supply): block (bits 0-47) | votes (48-255).
"""

from ethereum.ercs import IERC20

implements: IERC20

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

event DelegateChanged:
    delegator: indexed(address)
    fromDelegate: indexed(address)
    toDelegate: indexed(address)

event DelegateVotesChanged:
    delegate: indexed(address)
    previousVotes: uint256
    newVotes: uint256

event NonceUsed:
    account: indexed(address)
    nonce: uint256

event OwnershipTransferred:
    previous: indexed(address)
    owner: indexed(address)

MAX_SUPPLY: public(constant(uint256)) = 2**112 - 1
MASK32: constant(uint256) = 2**32 - 1
MASK48: constant(uint256) = 2**48 - 1

name: public(String[32])
symbol: public(String[16])
decimals: public(constant(uint8)) = 18
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
owner: public(address)

delegates: public(HashMap[address, address])
voterCount: public(uint256)
_head: HashMap[address, uint256]
_history: HashMap[address, HashMap[uint256, uint256]]
_supply: HashMap[uint256, uint256]
_supplyCount: uint256


@deploy
def __init__(name_: String[32], symbol_: String[16]):
    """
    @notice A token named `name_` (`symbol_`); the deployer may mint until it renounces.
    """
    self.name = name_
    self.symbol = symbol_
    self.owner = msg.sender
    log OwnershipTransferred(previous=empty(address), owner=msg.sender)


# --- ERC-20 -----------------------------------------------------------------------------------
@external
def transfer(receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` tokens to `receiver`; voting power follows the delegates.
    """
    self._transfer(msg.sender, receiver, amount)
    return True


@external
def transferFrom(sender: address, receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` of `sender`'s tokens to `receiver` within the caller's allowance.
    """
    allowed: uint256 = self.allowance[sender][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "gov: allowance exceeded"
        self.allowance[sender][msg.sender] = allowed - amount
    self._transfer(sender, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice Let `spender` move up to `amount` of the caller's tokens.
    """
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def mint(receiver: address, amount: uint256):
    """
    @notice Create `amount` tokens for `receiver` (owner only; total supply stays below 2**112).
    """
    assert msg.sender == self.owner, "gov: not owner"
    assert receiver != empty(address), "gov: mint to zero"
    supply: uint256 = self.totalSupply + amount
    assert supply <= MAX_SUPPLY, "gov: supply cap"
    self.totalSupply = supply
    self.balanceOf[receiver] += amount
    self._write_supply(supply)
    self._move_votes(empty(address), self.delegates[receiver], amount)
    log Transfer(sender=empty(address), receiver=receiver, value=amount)


@external
def transferOwnership(owner_: address):
    """
    @notice Hand minting to `owner_` (zero renounces it for good).
    """
    assert msg.sender == self.owner, "gov: not owner"
    log OwnershipTransferred(previous=self.owner, owner=owner_)
    self.owner = owner_


# --- votes ------------------------------------------------------------------------------------
@external
def delegate(delegatee: address):
    """
    @notice Give the caller's voting power (its whole balance, now and later) to `delegatee`.
    """
    old: address = self.delegates[msg.sender]
    self.delegates[msg.sender] = delegatee
    log DelegateChanged(delegator=msg.sender, fromDelegate=old, toDelegate=delegatee)
    self._move_votes(old, delegatee, self.balanceOf[msg.sender])


@external
def useNonce() -> uint256:
    """
    @notice Invalidate every ballot the caller signed with its current nonce; returns the new one.
    """
    head: uint256 = self._head[msg.sender]
    nonce: uint256 = ((head >> 32) & MASK32) + 1
    assert nonce <= MASK32, "gov: nonce exhausted"
    self._head[msg.sender] = (head & ~(MASK32 << 32)) | (nonce << 32)
    log NonceUsed(account=msg.sender, nonce=nonce - 1)
    return nonce


@view
@external
def nonces(account: address) -> uint256:
    """
    @notice The nonce `account`'s signed ballots must carry to be counted.
    """
    return (self._head[account] >> 32) & MASK32


@view
@external
def voterIndex(account: address) -> uint256:
    """
    @notice The account's voter index (from 1, given at its first checkpoint; 0: never had votes).
    """
    return self._head[account] & MASK32


@view
@external
def getVotes(account: address) -> uint256:
    """
    @notice The voting power delegated to `account` now (not what governance counts: see getPastVotes).
    """
    return self._head[account] >> 144


@view
@external
def numCheckpoints(account: address) -> uint256:
    """
    @notice How many voting-power checkpoints `account` has.
    """
    return (self._head[account] >> 64) & MASK32


@view
@external
def checkpoints(account: address, pos: uint256) -> (uint256, uint256):
    """
    @notice Checkpoint `pos` of `account`: (block, votes from that block on).
    """
    assert pos < (self._head[account] >> 64) & MASK32, "gov: no such checkpoint"
    cp: uint256 = self._history[account][pos]
    return cp & MASK48, cp >> 48


@view
@external
def getPastVotes(account: address, timepoint: uint256) -> uint256:
    """
    @notice The voting power of `account` at the end of block `timepoint` (a past block).
    """
    assert timepoint < block.number, "gov: future lookup"
    return self._past_votes(account, timepoint)


@view
@external
def getPastTotalSupply(timepoint: uint256) -> uint256:
    """
    @notice The total supply at the end of block `timepoint` (a past block).
    """
    assert timepoint < block.number, "gov: future lookup"
    return self._search(self._supplyCount, timepoint, empty(address), True)


@view
@external
def ballotInfo(account: address, timepoint: uint256) -> uint256:
    """
    @notice Packed (votes at `timepoint` << 64 | nonce << 32 | voter index), one call per ballot.
    @dev `timepoint` must be a past block. Votes come from the head slot when the account's
         latest checkpoint is at or before `timepoint` (one storage read), else from its history.
    """
    assert timepoint < block.number, "gov: future lookup"
    head: uint256 = self._head[account]
    votes: uint256 = head >> 144
    if (head >> 96) & MASK48 > timepoint:
        votes = self._search((head >> 64) & MASK32, timepoint, account, False)
    return (votes << 64) | (head & (2**64 - 1))


@view
@external
def clock() -> uint48:
    """
    @notice The clock of voting power: block numbers (ERC-6372).
    """
    return convert(block.number, uint48)


@view
@external
def CLOCK_MODE() -> String[32]:
    """
    @notice ERC-6372 clock description.
    """
    return "mode=blocknumber&from=default"


# --- internals --------------------------------------------------------------------------------
@view
@internal
def _past_votes(account: address, timepoint: uint256) -> uint256:
    head: uint256 = self._head[account]
    if (head >> 96) & MASK48 <= timepoint:
        return head >> 144
    return self._search((head >> 64) & MASK32, timepoint, account, False)


@view
@internal
def _search(count: uint256, timepoint: uint256, account: address, supply: bool) -> uint256:
    """Votes of the last checkpoint at or before `timepoint` among the first `count` (binary search)."""
    lo: uint256 = 0
    hi: uint256 = count
    for _: uint256 in range(64):
        if lo >= hi:
            break
        mid: uint256 = (lo + hi) // 2
        cp: uint256 = 0
        if supply:
            cp = self._supply[mid]
        else:
            cp = self._history[account][mid]
        if cp & MASK48 > timepoint:
            hi = mid
        else:
            lo = mid + 1
    if lo == 0:
        return 0
    if supply:
        return self._supply[lo - 1] >> 48
    return self._history[account][lo - 1] >> 48


@internal
def _transfer(sender: address, receiver: address, amount: uint256):
    assert receiver != empty(address), "gov: transfer to zero"
    bal: uint256 = self.balanceOf[sender]
    assert bal >= amount, "gov: balance too low"
    self.balanceOf[sender] = bal - amount
    self.balanceOf[receiver] += amount
    self._move_votes(self.delegates[sender], self.delegates[receiver], amount)
    log Transfer(sender=sender, receiver=receiver, value=amount)


@internal
def _move_votes(src: address, dst: address, amount: uint256):
    if src == dst or amount == 0:
        return
    if src != empty(address):
        self._write_votes(src, amount, False)
    if dst != empty(address):
        self._write_votes(dst, amount, True)


@internal
def _write_votes(account: address, amount: uint256, add: bool):
    head: uint256 = self._head[account]
    old: uint256 = head >> 144
    new: uint256 = old + amount if add else old - amount
    count: uint256 = (head >> 64) & MASK32
    index: uint256 = head & MASK32
    if index == 0:
        index = self.voterCount + 1
        assert index <= MASK32, "gov: too many voters"
        self.voterCount = index
    if count > 0 and (head >> 96) & MASK48 == block.number:
        self._history[account][count - 1] = (new << 48) | block.number
    else:
        self._history[account][count] = (new << 48) | block.number
        count += 1
    self._head[account] = (new << 144) | (block.number << 96) | (count << 64) | (head & (MASK32 << 32)) \
        | index
    log DelegateVotesChanged(delegate=account, previousVotes=old, newVotes=new)


@internal
def _write_supply(supply: uint256):
    count: uint256 = self._supplyCount
    if count > 0 and self._supply[count - 1] & MASK48 == block.number:
        self._supply[count - 1] = (supply << 48) | block.number
    else:
        self._supply[count] = (supply << 48) | block.number
        self._supplyCount = count + 1
