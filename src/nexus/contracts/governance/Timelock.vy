# pragma version 0.4.3
"""
@title Timelock for governance decisions
@notice Holds the project's governed powers (it is, e.g., the model registry's admin). Only its
        proposer (the Governor) schedules, cancels and executes operations, and an operation
        runs no earlier than `minDelay` seconds after it was scheduled.
@dev Revert messages are prefixed with "timelock:". An operation id is
     keccak256(abi_encode(targets, values, calldatas, salt)); the Governor uses the proposal's
     description hash as the salt, so the id is the one its proposal id is computed from.
"""

MAX_ACTIONS: constant(uint256) = 8
MAX_CALLDATA: constant(uint256) = 1024
DONE: constant(uint256) = 1

event CallScheduled:
    id: indexed(bytes32)
    eta: uint256

event CallExecuted:
    id: indexed(bytes32)
    index: uint256
    target: indexed(address)
    amount: uint256

event Cancelled:
    id: indexed(bytes32)

event MinDelayChanged:
    previous: uint256
    minDelay: uint256

event ProposerChanged:
    previous: indexed(address)
    proposer: indexed(address)

minDelay: public(uint256)
proposer: public(address)
# operation id -> 0 (unknown), 1 (done) or the timestamp it becomes ready at
timestamps: public(HashMap[bytes32, uint256])


@deploy
def __init__(min_delay: uint256, proposer_: address):
    """
    @notice A timelock waiting `min_delay` seconds; `proposer_` (the Governor) schedules.
    @dev With a zero `proposer_` the deployer may name it once with `setProposer` (the Governor
         is deployed after the timelock it points to).
    """
    self.minDelay = min_delay
    self.proposer = proposer_ if proposer_ != empty(address) else msg.sender
    log MinDelayChanged(previous=0, minDelay=min_delay)
    log ProposerChanged(previous=empty(address), proposer=self.proposer)


@external
@payable
def __default__():
    """
    @notice Accept ether for operations that send value.
    """
    pass


@external
def setProposer(proposer_: address):
    """
    @notice Hand the proposer role to `proposer_` (the current proposer, or the timelock itself).
    """
    assert msg.sender == self.proposer or msg.sender == self, "timelock: not proposer"
    assert proposer_ != empty(address), "timelock: zero proposer"
    log ProposerChanged(previous=self.proposer, proposer=proposer_)
    self.proposer = proposer_


@external
def updateDelay(min_delay: uint256):
    """
    @notice Change the minimum delay; only through a timelocked operation (the timelock calls itself).
    """
    assert msg.sender == self, "timelock: not self"
    log MinDelayChanged(previous=self.minDelay, minDelay=min_delay)
    self.minDelay = min_delay


@pure
@external
def hashOperation(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
                  calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], salt: bytes32) -> bytes32:
    """
    @notice The id of an operation.
    """
    return keccak256(abi_encode(targets, amounts, calldatas, salt))


@view
@external
def isOperationReady(id: bytes32) -> bool:
    """
    @notice Whether operation `id` is scheduled and its delay has passed.
    """
    ts: uint256 = self.timestamps[id]
    return ts > DONE and ts <= block.timestamp


@view
@external
def isOperationDone(id: bytes32) -> bool:
    """
    @notice Whether operation `id` has been executed.
    """
    return self.timestamps[id] == DONE


@external
def schedule(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
             calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], salt: bytes32, delay: uint256) -> bytes32:
    """
    @notice Schedule an operation to run after `delay` (at least `minDelay`) seconds; proposer only.
    """
    assert msg.sender == self.proposer, "timelock: not proposer"
    assert delay >= self.minDelay, "timelock: delay below minimum"
    assert len(targets) == len(amounts) and len(targets) == len(calldatas), "timelock: length mismatch"
    id: bytes32 = keccak256(abi_encode(targets, amounts, calldatas, salt))
    assert self.timestamps[id] == 0, "timelock: already scheduled"
    eta: uint256 = block.timestamp + delay
    self.timestamps[id] = eta
    log CallScheduled(id=id, eta=eta)
    return id


@external
def cancel(id: bytes32):
    """
    @notice Drop a scheduled operation that has not run; proposer only.
    """
    assert msg.sender == self.proposer, "timelock: not proposer"
    assert self.timestamps[id] > DONE, "timelock: not pending"
    self.timestamps[id] = 0
    log Cancelled(id=id)


@external
@payable
def execute(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
            calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], salt: bytes32):
    """
    @notice Run a ready operation's calls in order (any failing call reverts all); proposer only.
    """
    assert msg.sender == self.proposer, "timelock: not proposer"
    id: bytes32 = keccak256(abi_encode(targets, amounts, calldatas, salt))
    ts: uint256 = self.timestamps[id]
    assert ts > DONE, "timelock: not scheduled"
    assert ts <= block.timestamp, "timelock: not ready"
    self.timestamps[id] = DONE
    for i: uint256 in range(len(targets), bound=MAX_ACTIONS):
        raw_call(targets[i], calldatas[i], value=amounts[i])
        log CallExecuted(id=id, index=i, target=targets[i], amount=amounts[i])
