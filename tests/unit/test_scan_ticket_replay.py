"""Signature replay (SWC-121) on signed tickets (src/nexus/scan/detectors/modern.py): a record keyed by a
signed value that the function fills (`bets[ticketID].player = msg.sender`, directly or through a storage
pointer) uses the ticket once; a block-number expiry is a deadline; a digest used once on this chain that
only lacks the chain id is a low-confidence note. Own contracts in Solidity 0.4 and 0.5; the unmarked
twin stays a medium-confidence, high-severity finding."""

from __future__ import annotations

from nexus.scan import scan_source

DICE = """pragma solidity ^0.5.0;
contract Dice {
    struct Bet { address player; uint256 amount; uint256 placed; }
    mapping(uint256 => Bet) public bets;
    address public secretSigner;
    function place(uint256 ticketID, uint256 lastBlock, uint8 v, bytes32 r, bytes32 s) external payable {
        Bet storage bet = bets[ticketID];
        require(bet.player == address(0));
        require(block.number <= lastBlock);
        bytes32 h = keccak256(abi.encodePacked(uint40(lastBlock), ticketID));
        require(secretSigner == ecrecover(h, v, r, s));
        bet.player = msg.sender;
        bet.amount = msg.value;
        bet.placed = block.number;
    }
}
"""


def _replay(src: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "signature-replay"]


def test_a_signed_ticket_filled_through_a_storage_pointer_is_used_once() -> None:
    assert _replay(DICE) == [(11, "medium", "low")]  # only the chain id is missing: a note


def test_a_signed_ticket_filled_directly_is_used_once_in_solidity_04() -> None:
    src = """pragma solidity ^0.4.24;
contract Voucher {
    mapping(uint256 => address) public redeemedBy;
    address signer;
    function redeem(uint256 id, uint256 expiry, uint8 v, bytes32 r, bytes32 s) public {
        require(now <= expiry);
        require(redeemedBy[id] == address(0));
        require(ecrecover(keccak256(id, expiry, msg.sender), v, r, s) == signer);
        redeemedBy[id] = msg.sender;
        msg.sender.transfer(1 ether);
    }
}
"""
    assert _replay(src) == [(8, "medium", "low")]


def test_a_ticket_never_marked_stays_a_medium_confidence_replay() -> None:
    src = DICE.replace("        bet.player = msg.sender;\n", "").replace("bet.amount = msg.value;", "")
    src = src.replace("        Bet storage bet = bets[ticketID];\n        require(bet.player == address(0));\n", "")
    src = src.replace("bet.placed = block.number;", "")
    assert _replay(src) == [(9, "high", "medium")]


def test_a_record_keyed_by_an_unsigned_value_is_no_mark() -> None:
    src = DICE.replace("Bet storage bet = bets[ticketID];", "Bet storage bet = bets[uint256(r)];")
    assert _replay(src) == [(11, "high", "medium")]


def test_a_block_number_expiry_is_a_deadline() -> None:
    def lacks(src: str) -> str:
        [f] = [f for f in scan_source(src, "c.sol") if f.detector == "signature-replay"]
        return f.message

    assert "a deadline" not in lacks(DICE) and "the chain id" in lacks(DICE)
    no_expiry = DICE.replace("        require(block.number <= lastBlock);\n", "")
    no_expiry = no_expiry.replace("bet.placed = block.number;", "bet.placed = 0;")
    assert "a deadline" in lacks(no_expiry)
