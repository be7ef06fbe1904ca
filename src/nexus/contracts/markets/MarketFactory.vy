# pragma version 0.4.3
"""
@title Prediction market factory
@notice Creates LMSRMarket instances from a blueprint, moves the creator's funding into each one
        in the same transaction, and lists every market so clients can discover them.
@dev The question and outcome names live in the MarketCreated event (the market keeps their
     hash); `created_block` tells a client which block to read it from.
     Revert messages are prefixed with "market:".
"""

from ethereum.ercs import IERC20

MAX_OUTCOMES: constant(uint256) = 16
MAX_MARKETS: constant(uint256) = 2**32

event MarketCreated:
    market: indexed(address)
    creator: indexed(address)
    collateral: indexed(address)
    index: uint256
    question: String[256]
    outcomes: DynArray[String[32], MAX_OUTCOMES]
    funding: uint256
    alpha: uint256
    fee_bps: uint256
    close_time: uint256
    resolver: address

event BlueprintSet:
    blueprint: indexed(address)

owner: public(address)
blueprint: public(address)
market_count: public(uint256)
markets: public(HashMap[uint256, address])
created_block: public(HashMap[address, uint256])


@deploy
def __init__():
    """
    @notice The deployer becomes the owner, who sets the market blueprint once.
    """
    self.owner = msg.sender


@external
def set_blueprint(blueprint: address):
    """
    @notice Point the factory at an ERC-5202 blueprint of LMSRMarket (owner only).
    """
    assert msg.sender == self.owner, "market: not owner"
    assert blueprint.is_contract, "market: blueprint has no code"
    self.blueprint = blueprint
    log BlueprintSet(blueprint=blueprint)


@external
def create_market(collateral: address, question: String[256],
                  outcomes: DynArray[String[32], MAX_OUTCOMES], funding: uint256, alpha: uint256,
                  fee_bps: uint256, close_time: uint256, resolver: address, arbiter: address,
                  dispute_window: uint256, dispute_bond: uint256) -> address:
    """
    @notice Create and fund a market. The caller must have approved `funding` of `collateral`
            to this factory; it becomes the market's creator (and may take the surplus later).
    @param outcomes Outcome names, 2 to 16 of them.
    @param alpha 0 for classic LMSR; else the LS-LMSR spread in WAD.
    @param arbiter Who settles disputes; empty means the factory owner.
    @return The new market's address.
    """
    assert self.blueprint != empty(address), "market: no blueprint"
    assert len(question) > 0, "market: empty question"
    assert len(outcomes) >= 2, "market: outcomes must be 2-16"
    judge: address = arbiter
    if judge == empty(address):
        judge = self.owner
    qhash: bytes32 = keccak256(abi_encode(question, outcomes))
    market: address = create_from_blueprint(
        self.blueprint, collateral, msg.sender, resolver, judge, qhash, len(outcomes), funding,
        alpha, fee_bps, close_time, dispute_window, dispute_bond)
    assert extcall IERC20(collateral).transferFrom(msg.sender, market, funding, default_return_value=True), \
        "market: funding transfer failed"
    index: uint256 = self.market_count
    assert index < MAX_MARKETS, "market: factory full"
    self.markets[index] = market
    self.market_count = index + 1
    self.created_block[market] = block.number
    log MarketCreated(market=market, creator=msg.sender, collateral=collateral, index=index,
                      question=question,
                      outcomes=outcomes, funding=funding, alpha=alpha, fee_bps=fee_bps,
                      close_time=close_time, resolver=resolver)
    return market


@external
def transfer_ownership(new_owner: address):
    """
    @notice Hand the factory (and the default arbiter role for new markets) to `new_owner`.
    """
    assert msg.sender == self.owner, "market: not owner"
    assert new_owner != empty(address), "market: zero address"
    self.owner = new_owner
