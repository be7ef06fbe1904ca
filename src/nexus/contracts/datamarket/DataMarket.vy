# pragma version 0.4.3
"""
@title Nexus data market (compute-to-data)
@notice Each dataset is an ERC-721 token (its fingerprint stored, its lineage root in the `Listed`
        event) owned by its provider, with a price in wei. `buy` escrows the price; the order is kept as
        one hash of its terms (cheap). The provider runs an allowed algorithm on the data off chain and
        `completeJob` posts the signed receipt's hash (algorithm hash, dataset fingerprint, result hash)
        and the rows each contributor gave; the escrow is split: PROVIDER_BPS to the provider, the rest
        to contributors pro rata to their rows (pull payments, `withdraw`). An order not completed by its
        deadline is refunded to the buyer.
@dev Revert messages are prefixed with "data:". Access by ERC-20 datatokens is not implemented: a direct
     price only.
"""


MAX_CONTRIBUTORS: constant(uint256) = 64
PROVIDER_BPS: constant(uint256) = 1000
BPS: constant(uint256) = 10000

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    tokenId: indexed(uint256)

event Approval:
    owner: indexed(address)
    approved: indexed(address)
    tokenId: indexed(uint256)

event ApprovalForAll:
    owner: indexed(address)
    operator: indexed(address)
    approved: bool

event Listed:
    id: indexed(uint256)
    provider: indexed(address)
    fingerprint: bytes32
    lineage: bytes32
    price: uint256

event AlgorithmAllowed:
    id: indexed(uint256)
    algorithm: indexed(bytes32)
    allowed: bool

event Ordered:
    order: indexed(uint256)
    id: indexed(uint256)
    buyer: indexed(address)
    amount: uint256
    deadline: uint256

event JobCompleted:
    order: indexed(uint256)
    id: indexed(uint256)
    receipt: bytes32
    algorithm: bytes32
    result: bytes32
    rows: uint256

event Refunded:
    order: indexed(uint256)
    buyer: indexed(address)
    amount: uint256

ownerOf: public(HashMap[uint256, address])
balanceOf: public(HashMap[address, uint256])
getApproved: public(HashMap[uint256, address])
isApprovedForAll: public(HashMap[address, HashMap[address, bool]])
fingerprint: public(HashMap[uint256, bytes32])
price: public(HashMap[uint256, uint256])
allowed: public(HashMap[uint256, HashMap[bytes32, bool]])
orders: public(HashMap[uint256, bytes32])
credit: public(HashMap[address, uint256])
count: public(uint256)
orderCount: public(uint256)
TIMEOUT: public(constant(uint256)) = 86400  # a buyer may take a refund one day after an undelivered order


@pure
@external
def supportsInterface(interface_id: bytes4) -> bool:
    return interface_id in [0x01ffc9a7, 0x80ac58cd]


@external
def list(fp: bytes32, lineage: bytes32, amount: uint256) -> uint256:
    assert fp != empty(bytes32), "data: empty fingerprint"
    tid: uint256 = self.count + 1
    self.count = tid
    self.ownerOf[tid] = msg.sender
    self.balanceOf[msg.sender] += 1
    self.fingerprint[tid] = fp
    self.price[tid] = amount
    log Transfer(sender=empty(address), receiver=msg.sender, tokenId=tid)
    log Listed(id=tid, provider=msg.sender, fingerprint=fp, lineage=lineage, price=amount)
    return tid


@external
def setPrice(tid: uint256, amount: uint256):
    assert self.ownerOf[tid] == msg.sender, "data: not the dataset's owner"
    self.price[tid] = amount


@external
def allowAlgorithm(tid: uint256, algorithm: bytes32, ok: bool):
    assert self.ownerOf[tid] == msg.sender, "data: not the dataset's owner"
    self.allowed[tid][algorithm] = ok
    log AlgorithmAllowed(id=tid, algorithm=algorithm, allowed=ok)


@payable
@external
def buy(tid: uint256) -> uint256:
    assert self.ownerOf[tid] != empty(address), "data: no such dataset"
    assert msg.value == self.price[tid], "data: wrong price"
    oid: uint256 = self.orderCount + 1
    self.orderCount = oid
    deadline: uint256 = block.timestamp + TIMEOUT
    self.orders[oid] = keccak256(abi_encode(tid, msg.sender, msg.value, deadline))
    log Ordered(order=oid, id=tid, buyer=msg.sender, amount=msg.value, deadline=deadline)
    return oid


@internal
def _take(oid: uint256, tid: uint256, buyer: address, amount: uint256, deadline: uint256):
    assert self.orders[oid] == keccak256(abi_encode(tid, buyer, amount, deadline)), "data: unknown or settled order"
    self.orders[oid] = empty(bytes32)


@external
def completeJob(oid: uint256, tid: uint256, buyer: address, amount: uint256, deadline: uint256,
                algorithm: bytes32, result: bytes32, receipt: bytes32,
                contributors: DynArray[address, MAX_CONTRIBUTORS], rows: DynArray[uint256, MAX_CONTRIBUTORS]):
    assert self.ownerOf[tid] == msg.sender, "data: not the dataset's provider"
    assert self.allowed[tid][algorithm], "data: algorithm not allowed"
    assert block.timestamp < deadline, "data: order expired"
    assert len(contributors) == len(rows), "data: contributors and rows differ in length"
    self._take(oid, tid, buyer, amount, deadline)
    total: uint256 = 0
    for r: uint256 in rows:
        total += r
    pool: uint256 = amount - amount * PROVIDER_BPS // BPS
    paid: uint256 = 0
    if total > 0:
        for i: uint256 in range(len(contributors), bound=MAX_CONTRIBUTORS):
            share: uint256 = pool * rows[i] // total
            self.credit[contributors[i]] += share
            paid += share
    self.credit[msg.sender] += amount - paid
    log JobCompleted(order=oid, id=tid, receipt=receipt, algorithm=algorithm, result=result, rows=total)


@external
def refund(oid: uint256, tid: uint256, amount: uint256, deadline: uint256):
    assert block.timestamp >= deadline, "data: the provider may still deliver"
    self._take(oid, tid, msg.sender, amount, deadline)
    self.credit[msg.sender] += amount
    log Refunded(order=oid, buyer=msg.sender, amount=amount)


@external
def withdraw():
    amount: uint256 = self.credit[msg.sender]
    assert amount > 0, "data: nothing to withdraw"
    self.credit[msg.sender] = 0
    send(msg.sender, amount)


@internal
def _transfer(owner: address, receiver: address, tid: uint256):
    assert self.ownerOf[tid] == owner and owner != empty(address), "data: not the owner"
    assert receiver != empty(address), "data: zero receiver"
    assert msg.sender == owner or self.getApproved[tid] == msg.sender or self.isApprovedForAll[owner][msg.sender], \
        "data: not approved"
    self.getApproved[tid] = empty(address)
    self.balanceOf[owner] -= 1
    self.balanceOf[receiver] += 1
    self.ownerOf[tid] = receiver
    log Transfer(sender=owner, receiver=receiver, tokenId=tid)


@external
@payable
def transferFrom(owner: address, receiver: address, tokenId: uint256):
    self._transfer(owner, receiver, tokenId)


@external
@payable
def safeTransferFrom(owner: address, receiver: address, tokenId: uint256, data: Bytes[1024] = b""):
    assert not receiver.is_contract, "data: safe transfers to contracts are not supported"
    self._transfer(owner, receiver, tokenId)


@external
@payable
def approve(approved: address, tokenId: uint256):
    owner: address = self.ownerOf[tokenId]
    assert msg.sender == owner or self.isApprovedForAll[owner][msg.sender], "data: not approved"
    self.getApproved[tokenId] = approved
    log Approval(owner=owner, approved=approved, tokenId=tokenId)


@external
def setApprovalForAll(operator: address, approved: bool):
    self.isApprovedForAll[msg.sender][operator] = approved
    log ApprovalForAll(owner=msg.sender, operator=operator, approved=approved)
