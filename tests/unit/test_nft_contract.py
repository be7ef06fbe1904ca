"""The DynamicNFT contract: ERC-721 as OpenZeppelin behaves (ownership, approvals, operators, safe
transfers and mints with the receiver check), ERC-165 ids, and the ERC-4906 events of evolution."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nexus.chain.abi import ABI
from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.compiler import compile_contract
from nexus.exceptions import ContractReverted
from nexus.nft.contract import INTERFACES, deploy_nft

MOCKS = Path(__file__).parent / "nft_contracts"
ACCEPT = bytes.fromhex("150b7a02")
ZERO = "0x" + "00" * 20
H = [bytes([i]) * 32 for i in range(8)]


@dataclass
class World:
    chain: EmbeddedChain
    nft: Contract
    a: list[str]
    cache: Path

    def receiver(self, answer: bytes) -> Contract:
        compiled = compile_contract("NFTReceiverMock", self.cache / "mocks", root=MOCKS)
        abi = ABI(compiled.abi)
        rc = self.chain.deploy(compiled.bytecode + abi.encode_constructor([answer]))
        assert rc.contract_address is not None
        return Contract(self.chain, rc.contract_address, abi, "NFTReceiverMock")

    def mint(self, to: str, token: int) -> None:
        self.nft.transact("mint", to, token, H[1], H[2], sender=self.a[0])


@pytest.fixture(scope="module")
def w(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("nft-contract")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    nft = deploy_nft(chain, cache_dir=root / "cache", sender=chain.accounts[0]).contract
    yield World(chain, nft, chain.accounts, root / "cache")
    chain.close()


def _names(w: World, rc: object) -> list[str]:
    return [e.name for e in w.nft.decode(rc)]  # type: ignore[arg-type]


def test_erc165_answers_721_metadata_and_4906(w: World) -> None:
    for iid in INTERFACES.values():
        assert w.nft.call("supportsInterface", bytes.fromhex(iid[2:])) is True
    assert w.nft.call("supportsInterface", bytes.fromhex("ffffffff")) is False
    assert w.nft.call("supportsInterface", bytes.fromhex("49064907")) is False


def test_mint_owner_balance_uri_and_only_evolvers_mint(w: World) -> None:
    a = w.a
    rc = w.nft.transact("mint", a[1], 100, H[1], H[2], sender=a[0])
    assert _names(w, rc) == ["Transfer", "Evolved"]
    assert w.nft.call("ownerOf", 100) == a[1] and w.nft.call("balanceOf", a[1]) >= 1
    assert w.nft.call("tokenURI", 100) == "/nft/100/metadata"
    assert w.nft.call("stateOf", 100) in (H[1], "0x" + H[1].hex())
    with pytest.raises(ContractReverted, match="already minted"):
        w.nft.transact("mint", a[2], 100, H[1], H[2], sender=a[0])
    with pytest.raises(ContractReverted, match="not an evolver"):
        w.nft.transact("mint", a[2], 101, H[1], H[2], sender=a[3])
    with pytest.raises(ContractReverted, match="no such token"):
        w.nft.call("ownerOf", 999)
    with pytest.raises(ContractReverted, match="no such token"):
        w.nft.call("tokenURI", 999)
    with pytest.raises(ContractReverted, match="zero address"):
        w.nft.call("balanceOf", ZERO)


def test_transfers_by_owner_approved_and_operator_only(w: World) -> None:
    a, nft = w.a, w.nft
    w.mint(a[1], 200)
    with pytest.raises(ContractReverted, match="not owner nor approved"):
        nft.transact("transferFrom", a[1], a[3], 200, sender=a[3])
    with pytest.raises(ContractReverted, match="from is not the owner"):
        nft.transact("transferFrom", a[2], a[3], 200, sender=a[1])
    with pytest.raises(ContractReverted, match="transfer to zero"):
        nft.transact("transferFrom", a[1], ZERO, 200, sender=a[1])
    # a single-token approval: the approved account moves it once; the transfer clears the approval
    with pytest.raises(ContractReverted, match="not owner nor operator"):
        nft.transact("approve", a[3], 200, sender=a[2])
    with pytest.raises(ContractReverted, match="approval to current owner"):
        nft.transact("approve", a[1], 200, sender=a[1])
    rc = nft.transact("approve", a[3], 200, sender=a[1])
    assert _names(w, rc) == ["Approval"] and nft.call("getApproved", 200) == a[3]
    before = nft.call("balanceOf", a[2])
    nft.transact("transferFrom", a[1], a[2], 200, sender=a[3])
    assert nft.call("ownerOf", 200) == a[2] and nft.call("getApproved", 200) == ZERO
    assert nft.call("balanceOf", a[2]) == before + 1
    with pytest.raises(ContractReverted, match="not owner nor approved"):
        nft.transact("transferFrom", a[2], a[1], 200, sender=a[3])
    # an operator moves every token of its owner, and may approve others for them; revoked, it can't
    rc = nft.transact("setApprovalForAll", a[4], True, sender=a[2])
    assert _names(w, rc) == ["ApprovalForAll"] and nft.call("isApprovedForAll", a[2], a[4])
    nft.transact("approve", a[5], 200, sender=a[4])
    nft.transact("transferFrom", a[2], a[4], 200, sender=a[4])
    nft.transact("setApprovalForAll", a[4], False, sender=a[2])
    w.mint(a[2], 201)
    with pytest.raises(ContractReverted, match="not owner nor approved"):
        nft.transact("transferFrom", a[2], a[4], 201, sender=a[4])
    with pytest.raises(ContractReverted, match="approve to caller"):
        nft.transact("setApprovalForAll", a[2], True, sender=a[2])


def test_safe_transfer_and_mint_check_the_receiver(w: World) -> None:
    a, nft = w.a, w.nft
    good, bad = w.receiver(ACCEPT), w.receiver(b"\xde\xad\xbe\xef")
    w.mint(a[1], 300)
    with pytest.raises(ContractReverted, match="receiver rejected"):
        nft.transact("safeTransferFrom", a[1], bad.address, 300, sender=a[1])
    with pytest.raises(ContractReverted):  # a contract without the hook: the call itself reverts
        nft.transact("safeTransferFrom", a[1], nft.address, 300, sender=a[1])
    assert nft.call("ownerOf", 300) == a[1]  # nothing moved
    nft.transact("safeTransferFrom(address,address,uint256,bytes)", a[1], good.address, 300, b"hi", sender=a[1])
    assert nft.call("ownerOf", 300) == good.address
    assert good.call("lastOperator") == a[1] and good.call("lastFrom") == a[1]
    assert good.call("lastToken") == 300 and good.call("lastData") == b"hi"
    # the unsafe transfer does not ask (OpenZeppelin's transferFrom): the caller's risk
    w.mint(a[1], 301)
    nft.transact("transferFrom", a[1], bad.address, 301, sender=a[1])
    assert nft.call("ownerOf", 301) == bad.address
    # mints are safe mints: a refusing contract gets nothing
    with pytest.raises(ContractReverted, match="receiver rejected"):
        w.mint(bad.address, 302)
    w.mint(good.address, 302)
    assert good.call("lastFrom") == ZERO and good.call("lastToken") == 302
    # an EOA needs no hook
    w.mint(a[1], 303)
    nft.transact("safeTransferFrom", a[1], a[6], 303, sender=a[1])
    assert nft.call("ownerOf", 303) == a[6]


def test_evolution_emits_erc4906_and_refuses_stale_versions(w: World) -> None:
    a, nft = w.a, w.nft
    for t in (400, 401, 405):
        w.mint(a[1], t)
    rc = nft.transact("evolve", 400, 0, H[3], H[4], H[5], sender=a[0])
    events = nft.decode(rc)
    assert [e.name for e in events] == ["Evolved", "MetadataUpdate"]
    assert events[1].args == {"_tokenId": 400}
    assert events[0].args["version"] == 1 and nft.call("versionOf", 400) == 1
    assert nft.call("imageOf", 400) in (H[4], "0x" + H[4].hex())
    with pytest.raises(ContractReverted, match="stale version"):
        nft.transact("evolve", 400, 0, H[6], H[6], H[6], sender=a[0])
    with pytest.raises(ContractReverted, match="not an evolver"):
        nft.transact("evolve", 400, 1, H[6], H[6], H[6], sender=a[1])
    with pytest.raises(ContractReverted, match="no such token"):
        nft.transact("evolve", 999, 0, H[6], H[6], H[6], sender=a[0])
    rc = nft.transact("evolveBatch", [401, 405, 400], [0, 0, 1], [H[6]] * 3, [H[7]] * 3, H[5], sender=a[0])
    events = nft.decode(rc)
    assert [e.name for e in events] == ["Evolved"] * 3 + ["BatchMetadataUpdate"]
    assert events[-1].args == {"_fromTokenId": 400, "_toTokenId": 405}
    assert [nft.call("versionOf", t) for t in (400, 401, 405)] == [2, 1, 1]
    with pytest.raises(ContractReverted, match="batch lengths differ"):
        nft.transact("evolveBatch", [401], [1, 1], [H[6]], [H[7]], H[5], sender=a[0])
    # an evolver added by the owner may evolve; the owner alone manages evolvers and the base URI
    with pytest.raises(ContractReverted, match="not the owner"):
        nft.transact("setEvolver", a[2], True, sender=a[2])
    nft.transact("setEvolver", a[2], True, sender=a[0])
    nft.transact("evolve", 401, 1, H[1], H[1], H[1], sender=a[2])
    rc = nft.transact("setBaseURI", "https://node.example/nft/", sender=a[0])
    assert nft.decode(rc)[0].args == {"_fromTokenId": 0, "_toTokenId": 2**256 - 1}
    assert nft.call("tokenURI", 401) == "https://node.example/nft/401/metadata"
    nft.transact("setBaseURI", "/nft/", sender=a[0])


def test_only_the_holder_interacts(w: World) -> None:
    a, nft = w.a, w.nft
    w.mint(a[1], 500)
    with pytest.raises(ContractReverted, match="not the holder"):
        nft.transact("interact", 500, 1, sender=a[2])
    rc = nft.transact("interact", 500, 7, sender=a[1])
    (ev,) = nft.decode(rc)
    assert ev.name == "Interacted" and ev.args["tokenId"] == 500 and ev.args["action"] == 7
