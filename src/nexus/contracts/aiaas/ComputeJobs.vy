# pragma version 0.4.3
"""
@title Nexus verified compute jobs (k-of-n, challenge, spot checks)
@notice A client escrows `price` for a job: a Python function by hash, its inputs by fingerprint,
        `k` matching results wanted from at most `n` workers before `deadline`, a worker bond, a
        challenge window and an arbiter who re-executes. Each worker posts its result hash with the
        bond. Any two different hashes put the job in Challenged; `k` equal hashes put it in Agreed.
        Within the window after agreement the client or the arbiter may challenge it (a spot
        check). The arbiter decides a challenged job with the re-executed hash: workers who posted
        it share the price and get their bonds back; the others' bonds go to the client (half) and
        the arbiter (half); if nobody posted it the price returns to the client. An agreed job
        nobody challenged is finalized the same way after the window. A job short of results
        after the deadline refunds the client and returns the bonds. Payouts go to `credits`.
@dev Revert messages are prefixed with "jobs:".
"""

MAX_WORKERS: constant(uint256) = 16

OPEN: constant(uint8) = 0
AGREED: constant(uint8) = 1
CHALLENGED: constant(uint8) = 2
SETTLED: constant(uint8) = 3
REFUNDED: constant(uint8) = 4


struct Job:
    client: address
    fn: bytes32
    input: bytes32
    price: uint256
    k: uint256
    n: uint256
    deadline: uint256
    bond: uint256
    window: uint256
    arbiter: address
    state: uint8
    result: bytes32
    agreedAt: uint256


event JobSubmitted:
    id: indexed(uint256)
    client: indexed(address)
    fn: bytes32
    input: bytes32
    price: uint256

event ResultPosted:
    id: indexed(uint256)
    worker: indexed(address)
    result: bytes32

event Agreed:
    id: indexed(uint256)
    result: bytes32

event Challenged:
    id: indexed(uint256)
    by: address

event Settled:
    id: indexed(uint256)
    result: bytes32
    paid: uint256
    wrong: uint256


jobs: public(HashMap[uint256, Job])
jobCount: public(uint256)
credits: public(HashMap[address, uint256])
posted: public(HashMap[uint256, HashMap[address, bytes32]])
_workers: HashMap[uint256, DynArray[address, MAX_WORKERS]]


@payable
@external
def submit(fn: bytes32, input: bytes32, k: uint256, n: uint256, deadline: uint256, bond: uint256,
           window: uint256, arbiter: address) -> uint256:
    assert msg.value > 0 and bond > 0, "jobs: a price and a bond"
    assert 0 < k and k <= n and n <= MAX_WORKERS, "jobs: need 0 < k <= n <= 16"
    assert deadline > block.timestamp and window > 0, "jobs: a future deadline and a window"
    assert arbiter != empty(address) and arbiter != msg.sender, "jobs: an arbiter other than the client"
    jid: uint256 = self.jobCount
    self.jobs[jid] = Job(client=msg.sender, fn=fn, input=input, price=msg.value, k=k, n=n, deadline=deadline,
                         bond=bond, window=window, arbiter=arbiter, state=OPEN, result=empty(bytes32), agreedAt=0)
    self.jobCount = jid + 1
    log JobSubmitted(id=jid, client=msg.sender, fn=fn, input=input, price=msg.value)
    return jid


@payable
@external
def post(jid: uint256, result: bytes32):
    j: Job = self.jobs[jid]
    assert jid < self.jobCount and j.state == OPEN, "jobs: not open"
    assert block.timestamp <= j.deadline, "jobs: past the deadline"
    assert msg.value == j.bond, "jobs: post the bond"
    assert result != empty(bytes32) and self.posted[jid][msg.sender] == empty(bytes32), "jobs: already posted"
    assert msg.sender != j.client and msg.sender != j.arbiter, "jobs: a party cannot work"
    assert len(self._workers[jid]) < j.n, "jobs: enough workers"
    self.posted[jid][msg.sender] = result
    self._workers[jid].append(msg.sender)
    log ResultPosted(id=jid, worker=msg.sender, result=result)
    same: uint256 = 0
    for w: address in self._workers[jid]:
        if self.posted[jid][w] != result:
            self.jobs[jid].state = CHALLENGED
            log Challenged(id=jid, by=msg.sender)
            return
        same += 1
    if same == j.k:
        self.jobs[jid].state = AGREED
        self.jobs[jid].result = result
        self.jobs[jid].agreedAt = block.timestamp
        log Agreed(id=jid, result=result)


@external
def challenge(jid: uint256):
    """
    @notice A spot check: the client or the arbiter reopens an agreed job within the window.
    """
    j: Job = self.jobs[jid]
    assert j.state == AGREED and block.timestamp <= j.agreedAt + j.window, "jobs: nothing to challenge"
    assert msg.sender == j.client or msg.sender == j.arbiter, "jobs: not a party"
    self.jobs[jid].state = CHALLENGED
    log Challenged(id=jid, by=msg.sender)


@internal
def _settle(jid: uint256, result: bytes32):
    j: Job = self.jobs[jid]
    good: DynArray[address, MAX_WORKERS] = []
    wrong: uint256 = 0
    for w: address in self._workers[jid]:
        if self.posted[jid][w] == result:
            good.append(w)
        else:
            wrong += 1
    self.jobs[jid].state = SETTLED
    self.jobs[jid].result = result
    forfeited: uint256 = wrong * j.bond
    self.credits[j.arbiter] += forfeited // 2
    self.credits[j.client] += forfeited - forfeited // 2
    if len(good) == 0:
        self.credits[j.client] += j.price
    else:
        share: uint256 = j.price // len(good)
        for w: address in good:
            self.credits[w] += share + j.bond
        self.credits[j.client] += j.price - share * len(good)
    log Settled(id=jid, result=result, paid=len(good), wrong=wrong)


@external
def decide(jid: uint256, result: bytes32):
    """
    @notice The arbiter settles a challenged job with the re-executed result hash.
    """
    j: Job = self.jobs[jid]
    assert j.state == CHALLENGED, "jobs: not challenged"
    assert msg.sender == j.arbiter, "jobs: not the arbiter"
    self._settle(jid, result)


@external
def finalize(jid: uint256):
    j: Job = self.jobs[jid]
    assert j.state == AGREED and block.timestamp > j.agreedAt + j.window, "jobs: not final yet"
    self._settle(jid, j.result)


@external
def refund(jid: uint256):
    j: Job = self.jobs[jid]
    assert j.state == OPEN and block.timestamp > j.deadline, "jobs: not refundable"
    self.jobs[jid].state = REFUNDED
    self.credits[j.client] += j.price
    for w: address in self._workers[jid]:
        self.credits[w] += j.bond


@view
@external
def workers(jid: uint256) -> DynArray[address, MAX_WORKERS]:
    return self._workers[jid]


@external
def withdraw():
    amount: uint256 = self.credits[msg.sender]
    assert amount > 0, "jobs: nothing to withdraw"
    self.credits[msg.sender] = 0
    send(msg.sender, amount)
