# pragma version 0.4.3
"""
@title Nexus game market: escrowed fixed-price offers of ERC-1155 items for ether
@notice A seller lists `amount` of one item at a unit price, optionally for one named buyer only (a private
        offer, as an NPC makes to the player in front of it); the items move into escrow. A buyer pays
        exactly amount x price and receives the items; the seller's ether is credited (pull payment,
        `withdraw`). The seller may cancel the rest of an offer and gets its items back.
@dev Invariants: the market holds, of each item, exactly the sum of its open offers' amounts (it refuses
     items it did not pull itself), and its ether equals the sum of unwithdrawn credits. Revert messages
     are prefixed with "market:".
"""

MAX_DATA: constant(uint256) = 1024
MAX_BATCH: constant(uint256) = 64
ADDRESS_MASK: constant(uint256) = 2**160 - 1


interface IERC1155:
    def safeTransferFrom(sender: address, receiver: address, id: uint256, amount: uint256, data: Bytes[MAX_DATA]): nonpayable


struct Offer:
    seller: address
    buyer: address
    item: uint256
    amount: uint256
    price: uint256


event Listed:
    offer: indexed(uint256)
    seller: indexed(address)
    buyer: indexed(address)
    item: uint256
    amount: uint256
    price: uint256

event Bought:
    offer: indexed(uint256)
    buyer: indexed(address)
    amount: uint256
    paid: uint256

event Cancelled:
    offer: indexed(uint256)
    amount: uint256

event Withdrawn:
    account: indexed(address)
    amount: uint256


items: public(address)  # storage, not immutable: the manifest checks runtime code as compiled
# An offer in three slots: seller | amount << 160, buyer | price << 160, item (`offers` unpacks them).
_seller_amount: HashMap[uint256, uint256]
_buyer_price: HashMap[uint256, uint256]
_item: HashMap[uint256, uint256]
offerCount: public(uint256)
credit: public(HashMap[address, uint256])
escrow: public(HashMap[uint256, uint256])
_pulling: transient(bool)  # set only while `list` pulls items into escrow


@deploy
def __init__(items: address):
    assert items.is_contract, "market: items contract has no code"
    self.items = items


@view
@internal
def _offer(oid: uint256) -> Offer:
    sa: uint256 = self._seller_amount[oid]
    bp: uint256 = self._buyer_price[oid]
    return Offer(
        seller=convert(convert(sa & ADDRESS_MASK, uint160), address),
        buyer=convert(convert(bp & ADDRESS_MASK, uint160), address),
        item=self._item[oid],
        amount=sa >> 160,
        price=bp >> 160,
    )


@view
@external
def offers(oid: uint256) -> Offer:
    """@notice Offer `oid` (amount 0: taken or cancelled; seller 0: no such offer)."""
    return self._offer(oid)


@view
@external
def supportsInterface(interface_id: bytes4) -> bool:
    """@notice ERC-165 and ERC1155Receiver."""
    return interface_id in [0x01ffc9a7, 0x4e2312e0]


@external
def onERC1155Received(operator: address, sender: address, id: uint256, amount: uint256, data: Bytes[MAX_DATA]) -> bytes4:
    """@notice Accepts only the items this market is pulling into escrow itself."""
    assert msg.sender == self.items and operator == self and self._pulling, "market: unsolicited items"
    return 0xf23a6e61


@external
def onERC1155BatchReceived(
    operator: address,
    sender: address,
    ids: DynArray[uint256, MAX_BATCH],
    amounts: DynArray[uint256, MAX_BATCH],
    data: Bytes[MAX_DATA],
) -> bytes4:
    """@notice Batches are never escrowed: refused."""
    raise "market: unsolicited items"


@external
@nonreentrant
def list(item: uint256, amount: uint256, price: uint256, buyer: address) -> uint256:
    """@notice Escrow `amount` of `item` (the market must be an approved operator) at `price` wei each,
    for `buyer` only (or anyone when it is the zero address). Returns the offer id."""
    assert amount > 0 and price > 0, "market: amount and price must be positive"
    assert price < 2**96 and amount < 2**64, "market: amount or price too large"
    assert buyer != msg.sender, "market: cannot offer to yourself"
    oid: uint256 = self.offerCount
    self.offerCount = oid + 1
    self._seller_amount[oid] = convert(convert(msg.sender, uint160), uint256) | (amount << 160)
    self._buyer_price[oid] = convert(convert(buyer, uint160), uint256) | (price << 160)
    self._item[oid] = item
    self.escrow[item] += amount
    log Listed(offer=oid, seller=msg.sender, buyer=buyer, item=item, amount=amount, price=price)
    self._pulling = True
    extcall IERC1155(self.items).safeTransferFrom(msg.sender, self, item, amount, b"")
    self._pulling = False
    return oid


@external
@payable
@nonreentrant
def buy(oid: uint256, amount: uint256):
    """@notice Take `amount` of offer `oid`, paying exactly amount x price."""
    o: Offer = self._offer(oid)
    assert o.amount > 0, "market: no such open offer"
    assert o.buyer == empty(address) or o.buyer == msg.sender, "market: offer is for another buyer"
    assert msg.sender != o.seller, "market: cannot buy your own offer"
    assert amount > 0 and amount <= o.amount, "market: bad amount"
    assert msg.value == amount * o.price, "market: pay exactly amount x price"
    self._seller_amount[oid] = convert(convert(o.seller, uint160), uint256) | ((o.amount - amount) << 160)
    self.escrow[o.item] -= amount
    self.credit[o.seller] += msg.value
    log Bought(offer=oid, buyer=msg.sender, amount=amount, paid=msg.value)
    extcall IERC1155(self.items).safeTransferFrom(self, msg.sender, o.item, amount, b"")


@external
@nonreentrant
def cancel(oid: uint256):
    """@notice The seller takes back what is left of its offer."""
    o: Offer = self._offer(oid)
    assert o.amount > 0, "market: no such open offer"
    assert msg.sender == o.seller, "market: only the seller cancels"
    self._seller_amount[oid] = convert(convert(o.seller, uint160), uint256)
    self.escrow[o.item] -= o.amount
    log Cancelled(offer=oid, amount=o.amount)
    extcall IERC1155(self.items).safeTransferFrom(self, msg.sender, o.item, o.amount, b"")


@external
@nonreentrant
def withdraw() -> uint256:
    """@notice Send the caller its credited ether."""
    amount: uint256 = self.credit[msg.sender]
    assert amount > 0, "market: nothing to withdraw"
    self.credit[msg.sender] = 0
    log Withdrawn(account=msg.sender, amount=amount)
    send(msg.sender, amount)
    return amount
