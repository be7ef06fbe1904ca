# pragma version 0.4.3
"""
@title Nexus game items: ERC-1155 multi-token with crafting recipes
@notice OpenZeppelin ERC-1155 semantics: per-(account, id) balances, operators approved for all of an
        account's ids, safe single and batch transfers that ask a receiving contract to accept
        (onERC1155Received / onERC1155BatchReceived must return their selector), TransferSingle /
        TransferBatch / ApprovalForAll / URI events, ERC-165. The game master (the deployer) mints raw
        items and adds recipes; anyone holding a recipe's inputs may `craft` it: the inputs are burned
        and the output minted to the crafter in one transaction.
@dev Revert messages are prefixed with "1155:". Batches hold at most MAX_BATCH ids.
"""

MAX_BATCH: constant(uint256) = 64
MAX_INPUTS: constant(uint256) = 4
MAX_DATA: constant(uint256) = 1024
ON_RECEIVED: constant(bytes4) = 0xf23a6e61
ON_BATCH_RECEIVED: constant(bytes4) = 0xbc197c81


interface IERC1155Receiver:
    def onERC1155Received(
        operator: address, sender: address, id: uint256, amount: uint256, data: Bytes[MAX_DATA]
    ) -> bytes4: nonpayable
    def onERC1155BatchReceived(
        operator: address,
        sender: address,
        ids: DynArray[uint256, MAX_BATCH],
        amounts: DynArray[uint256, MAX_BATCH],
        data: Bytes[MAX_DATA],
    ) -> bytes4: nonpayable


event TransferSingle:
    operator: indexed(address)
    sender: indexed(address)
    receiver: indexed(address)
    id: uint256
    amount: uint256

event TransferBatch:
    operator: indexed(address)
    sender: indexed(address)
    receiver: indexed(address)
    ids: DynArray[uint256, MAX_BATCH]
    amounts: DynArray[uint256, MAX_BATCH]

event ApprovalForAll:
    account: indexed(address)
    operator: indexed(address)
    approved: bool

event URI:
    value: String[128]
    id: indexed(uint256)

event RecipeAdded:
    recipe: indexed(uint256)
    output: uint256
    output_amount: uint256

event Crafted:
    account: indexed(address)
    recipe: indexed(uint256)
    times: uint256


struct Recipe:
    inputs: DynArray[uint256, MAX_INPUTS]
    input_amounts: DynArray[uint256, MAX_INPUTS]
    output: uint256
    output_amount: uint256


balanceOf: public(HashMap[address, HashMap[uint256, uint256]])
isApprovedForAll: public(HashMap[address, HashMap[address, bool]])
totalSupply: public(HashMap[uint256, uint256])
owner: public(address)
recipeCount: public(uint256)
_recipes: HashMap[uint256, Recipe]
_uri: String[128]


@deploy
def __init__(base_uri: String[128]):
    self.owner = msg.sender
    self._uri = base_uri


@view
@external
def supportsInterface(interface_id: bytes4) -> bool:
    """@notice ERC-165: ERC-165 itself, ERC-1155 and its metadata URI extension."""
    return interface_id in [0x01ffc9a7, 0xd9b67a26, 0x0e89341c]


@view
@external
def uri(id: uint256) -> String[128]:
    """@notice The metadata URI of every id (clients substitute {id}, as ERC-1155 specifies)."""
    return self._uri


@view
@external
def balanceOfBatch(
    accounts: DynArray[address, MAX_BATCH], ids: DynArray[uint256, MAX_BATCH]
) -> DynArray[uint256, MAX_BATCH]:
    assert len(accounts) == len(ids), "1155: accounts and ids length mismatch"
    out: DynArray[uint256, MAX_BATCH] = []
    for i: uint256 in range(len(ids), bound=MAX_BATCH):
        out.append(self.balanceOf[accounts[i]][ids[i]])
    return out


@external
def setApprovalForAll(operator: address, approved: bool):
    assert operator != empty(address), "1155: invalid operator"
    self.isApprovedForAll[msg.sender][operator] = approved
    log ApprovalForAll(account=msg.sender, operator=operator, approved=approved)


@internal
def _authorised(sender: address):
    assert sender == msg.sender or self.isApprovedForAll[sender][msg.sender], "1155: caller is not owner nor approved"


@internal
def _move(sender: address, receiver: address, id: uint256, amount: uint256):
    if sender != empty(address):
        assert self.balanceOf[sender][id] >= amount, "1155: insufficient balance"
        self.balanceOf[sender][id] -= amount
    else:
        self.totalSupply[id] += amount
    if receiver != empty(address):
        self.balanceOf[receiver][id] += amount
    else:
        self.totalSupply[id] -= amount


@internal
def _accept_single(sender: address, receiver: address, id: uint256, amount: uint256, data: Bytes[MAX_DATA]):
    if receiver.is_contract:
        got: bytes4 = extcall IERC1155Receiver(receiver).onERC1155Received(msg.sender, sender, id, amount, data)
        assert got == ON_RECEIVED, "1155: transfer to non-ERC1155Receiver implementer"


@internal
def _accept_batch(
    sender: address,
    receiver: address,
    ids: DynArray[uint256, MAX_BATCH],
    amounts: DynArray[uint256, MAX_BATCH],
    data: Bytes[MAX_DATA],
):
    if receiver.is_contract:
        got: bytes4 = extcall IERC1155Receiver(receiver).onERC1155BatchReceived(msg.sender, sender, ids, amounts, data)
        assert got == ON_BATCH_RECEIVED, "1155: transfer to non-ERC1155Receiver implementer"


@external
def safeTransferFrom(sender: address, receiver: address, id: uint256, amount: uint256, data: Bytes[MAX_DATA]):
    assert receiver != empty(address), "1155: transfer to the zero address"
    assert sender != empty(address), "1155: transfer from the zero address"
    self._authorised(sender)
    self._move(sender, receiver, id, amount)
    log TransferSingle(operator=msg.sender, sender=sender, receiver=receiver, id=id, amount=amount)
    self._accept_single(sender, receiver, id, amount, data)


@external
def safeBatchTransferFrom(
    sender: address,
    receiver: address,
    ids: DynArray[uint256, MAX_BATCH],
    amounts: DynArray[uint256, MAX_BATCH],
    data: Bytes[MAX_DATA],
):
    assert len(ids) == len(amounts), "1155: ids and amounts length mismatch"
    assert receiver != empty(address), "1155: transfer to the zero address"
    assert sender != empty(address), "1155: transfer from the zero address"
    self._authorised(sender)
    for i: uint256 in range(len(ids), bound=MAX_BATCH):
        self._move(sender, receiver, ids[i], amounts[i])
    log TransferBatch(operator=msg.sender, sender=sender, receiver=receiver, ids=ids, amounts=amounts)
    self._accept_batch(sender, receiver, ids, amounts, data)


@external
def mintBatch(
    receiver: address, ids: DynArray[uint256, MAX_BATCH], amounts: DynArray[uint256, MAX_BATCH], data: Bytes[MAX_DATA]
):
    """@notice The game master creates items (raw materials, rewards)."""
    assert msg.sender == self.owner, "1155: only the game master mints"
    assert len(ids) == len(amounts), "1155: ids and amounts length mismatch"
    assert receiver != empty(address), "1155: mint to the zero address"
    for i: uint256 in range(len(ids), bound=MAX_BATCH):
        self._move(empty(address), receiver, ids[i], amounts[i])
    log TransferBatch(operator=msg.sender, sender=empty(address), receiver=receiver, ids=ids, amounts=amounts)
    self._accept_batch(empty(address), receiver, ids, amounts, data)


@external
def burnBatch(sender: address, ids: DynArray[uint256, MAX_BATCH], amounts: DynArray[uint256, MAX_BATCH]):
    """@notice The holder (or its operator) destroys items."""
    assert len(ids) == len(amounts), "1155: ids and amounts length mismatch"
    assert sender != empty(address), "1155: burn from the zero address"
    self._authorised(sender)
    for i: uint256 in range(len(ids), bound=MAX_BATCH):
        self._move(sender, empty(address), ids[i], amounts[i])
    log TransferBatch(operator=msg.sender, sender=sender, receiver=empty(address), ids=ids, amounts=amounts)


@external
def addRecipe(
    inputs: DynArray[uint256, MAX_INPUTS], input_amounts: DynArray[uint256, MAX_INPUTS], output: uint256, output_amount: uint256
) -> uint256:
    """@notice The game master adds a recipe: `input_amounts` of `inputs` make `output_amount` of `output`."""
    assert msg.sender == self.owner, "1155: only the game master adds recipes"
    assert len(inputs) == len(input_amounts) and len(inputs) > 0, "1155: bad recipe inputs"
    assert output_amount > 0, "1155: recipe makes nothing"
    for i: uint256 in range(len(inputs), bound=MAX_INPUTS):
        assert inputs[i] != output and input_amounts[i] > 0, "1155: bad recipe input"
    rid: uint256 = self.recipeCount
    self._recipes[rid] = Recipe(inputs=inputs, input_amounts=input_amounts, output=output, output_amount=output_amount)
    self.recipeCount = rid + 1
    log RecipeAdded(recipe=rid, output=output, output_amount=output_amount)
    return rid


@view
@external
def recipe(rid: uint256) -> Recipe:
    assert rid < self.recipeCount, "1155: no such recipe"
    return self._recipes[rid]


@external
def craft(rid: uint256, times: uint256):
    """@notice Burn `times` x the recipe's inputs from the caller and mint `times` x its output to it."""
    assert rid < self.recipeCount, "1155: no such recipe"
    assert times > 0 and times <= 1000, "1155: craft 1-1000 times"
    r: Recipe = self._recipes[rid]
    ids: DynArray[uint256, MAX_BATCH] = []
    amounts: DynArray[uint256, MAX_BATCH] = []
    for i: uint256 in range(len(r.inputs), bound=MAX_INPUTS):
        assert self.balanceOf[msg.sender][r.inputs[i]] >= r.input_amounts[i] * times, "1155: missing recipe inputs"
        self._move(msg.sender, empty(address), r.inputs[i], r.input_amounts[i] * times)
        ids.append(r.inputs[i])
        amounts.append(r.input_amounts[i] * times)
    log TransferBatch(operator=msg.sender, sender=msg.sender, receiver=empty(address), ids=ids, amounts=amounts)
    made: uint256 = r.output_amount * times
    self._move(empty(address), msg.sender, r.output, made)
    log TransferSingle(operator=msg.sender, sender=empty(address), receiver=msg.sender, id=r.output, amount=made)
    log Crafted(account=msg.sender, recipe=rid, times=times)
    self._accept_single(empty(address), msg.sender, r.output, made, b"")
