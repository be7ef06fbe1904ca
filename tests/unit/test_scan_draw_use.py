"""Block values used for no payout (src/nexus/scan/detectors/randomness.py): a draw in a view nothing
in the contract calls only leaves the contract (a caller's display, an off-chain choice): a
low-confidence note. A view a payout or a state change calls, and a draw in the paying function itself,
stay medium. Own twins (Solidity 0.5)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _of(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "bad-randomness"}


GALLERY = """pragma solidity ^0.5.0;
contract Gallery {
    uint256 public count;
    mapping(uint256 => address) public owners;
    function mint() public payable {
        require(msg.value == 0.1 ether);
        owners[count] = msg.sender;
        count += 1;
    }
    function color() public view returns (uint8) {
        return uint8(uint256(blockhash(block.number - 1)) % 8);
    }
}
"""


def test_a_draw_in_a_view_nothing_calls_is_a_low_note() -> None:
    assert _of(GALLERY) == {11: "low"}


@pytest.mark.parametrize(
    "caller",
    [
        "function spin() public { if (color() == 7) { msg.sender.transfer(address(this).balance); } }",
        "function paint() public { owners[color()] = msg.sender; }",
        "function spin() public { if (this.color() == 7) { msg.sender.transfer(1 ether); } }",
    ],
)
def test_a_view_draw_the_contract_itself_uses_stays_medium(caller: str) -> None:
    src = GALLERY.replace("    function color()", f"    {caller}\n    function color()")
    assert _of(src).get(12) == "medium"


def test_the_same_draw_in_a_paying_function_stays_medium() -> None:
    src = GALLERY.replace(
        "function color() public view returns (uint8) {\n        return",
        "function color() public returns (uint8) {\n        msg.sender.transfer(1 wei);\n        return",
    )
    assert _of(src).get(12) == "medium"
