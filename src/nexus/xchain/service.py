"""Plain-data functions the CLI and API share, and the node service that runs the relayer and
mirrors the ledger's anchors on every configured chain."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from ..exceptions import QuorumNotReached, ServiceUnavailable, XChainInputError
from ..node.service import Service
from .endpoint import sent_messages
from .message import MAX_PAYLOAD, checksum, sort_sigs
from .mirror import AnchorMirror
from .network import XNetwork
from .verify import verify_everywhere

if TYPE_CHECKING:
    from ..node.node import Node
    from ..settings import Settings
    from .relayer import Relayer

__all__ = [
    "XChainService",
    "chains_status",
    "list_messages",
    "parse_payload",
    "relay_once",
    "send",
    "signatures",
    "verify",
]

log = logging.getLogger(__name__)


def parse_payload(text: str) -> bytes:
    """'0x…' is hex; anything else is its UTF-8 text."""
    try:
        raw = bytes.fromhex(text[2:]) if text.startswith("0x") else text.encode()
    except ValueError:
        raise XChainInputError("a 0x payload must be hex") from None
    if len(raw) > MAX_PAYLOAD:
        raise XChainInputError(f"a payload is at most {MAX_PAYLOAD} bytes (got {len(raw)})")
    return raw


def chains_status(net: XNetwork | None, relayer: Relayer | None = None) -> dict[str, Any]:
    """Every chain (id, endpoint, role, head, contracts) and the relayer's counts."""
    if net is None:
        return {"enabled": False, "quorum": None, "signers": [], "finality": None, "chains": [], "relayer": None}
    return {
        "enabled": True,
        "quorum": net.quorum,
        "signers": [k.address for k in net.keys],
        "finality": net.settings.xchain_finality,
        "chains": net.describe(),
        "relayer": None
        if relayer is None
        else {
            **relayer.totals.to_json(),
            "steps": relayer.steps,
            "last_error": relayer.last_error,
            "messages": relayer.journal.counts(),
        },
    }


def send(net: XNetwork, src_chain: int, dst_chain: int, recipient: str, payload: str) -> dict[str, Any]:
    """Send a message from `src_chain`'s outbox to `recipient` on `dst_chain`."""
    try:
        to = checksum(recipient)
    except ValueError:
        raise XChainInputError(f"{recipient[:50]!r} is not an address") from None
    net.endpoint(dst_chain)  # the destination must be one of ours, with an inbox
    out = net.endpoint(src_chain).send(dst_chain, to, parse_payload(payload))
    return {"src_chain": src_chain, "dst_chain": dst_chain, "recipient": to, **out}


def list_messages(relayer: Relayer | None, status: str | None = None, limit: int = 100) -> dict[str, Any]:
    if status not in (None, "pending", "delivered", "orphaned"):
        raise XChainInputError("status is pending, delivered or orphaned")
    if relayer is None:
        return {"counts": {}, "messages": []}
    return {"counts": relayer.journal.counts(), "messages": relayer.journal.messages(status=status, limit=limit)}


def relay_once(relayer: Relayer) -> dict[str, Any]:
    return relayer.step().to_json()


def signatures(net: XNetwork, src_chain: int, dst_chain: int, nonce: int) -> dict[str, Any]:
    """The quorum's signatures over message `nonce` from `src_chain` for `dst_chain`'s inbox, so
    anyone can deliver it (`XInbox.deliver`); QuorumNotReached when fewer witnesses vouch."""
    src, dst = net.endpoint(src_chain), net.endpoint(dst_chain)
    head = src.chain.block_number()
    found = [
        m
        for m in sent_messages(src.chain, src.outbox.address, 0, head, finality=net.settings.xchain_finality)
        if m.nonce == nonce and m.dst_chain == dst_chain
    ]
    if not found:
        raise XChainInputError(f"no message {nonce} from chain {src_chain} to chain {dst_chain}")
    m = found[-1]
    sigs = sort_sigs([s for w in net.witnesses() if (s := w.vouch(m, dst.inbox.address)) is not None])
    if len(sigs) < net.quorum:
        raise QuorumNotReached(
            f"{len(sigs)} of the {net.quorum} signatures needed vouch for message {nonce}"
            f" (is it {net.settings.xchain_finality} blocks deep yet?)"
        )
    return {
        "message": m.to_json(),
        "inbox": dst.inbox.address,
        "signatures": [
            {"signer": s.signer, "r": "0x" + s.compact()[0].hex(), "vs": "0x" + s.compact()[1].hex()}
            for s in sigs[: net.quorum]
        ],
    }


def verify(
    net: XNetwork, receipt: dict[str, Any], *, strict: bool = False, chain_id: int | None = None
) -> dict[str, Any]:
    """The receipt checked on every chain that carries an Anchor (or on chain `chain_id` only)."""
    anchors = net.anchors
    if chain_id is not None:
        anchors = [a for a in anchors if a.backend.chain_id == chain_id]
        if not anchors:
            raise XChainInputError(f"chain {chain_id} is not one of this node's chains with an Anchor")
    return verify_everywhere(receipt, anchors, strict=strict)


class XChainService(Service):
    """Opens `settings.chains` beside the main chain; runs the relayer (switch: `xchain_relay`)
    and mirrors each ledger anchor on every chain with an Anchor."""

    name = "xchain"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.net: XNetwork | None = None
        self.relayer: Relayer | None = None
        self.mirror: AnchorMirror | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._node: Node

    def start(self, node: Node) -> None:
        from ..ledger.service import LedgerService

        self._node = node
        self.net = net = XNetwork(self.settings, node.require())
        if self.settings.xchain_relay and len(net.endpoints) > 1:
            self.relayer = net.relayer()
            self._spawn("nexus-xchain-relayer", self._relay_loop)
        ledger_svc = node.find(LedgerService)
        main_anchor = net.members[0].anchor
        others = [m.anchor for m in net.members[1:] if m.anchor is not None]
        if ledger_svc is not None and ledger_svc.ledger is not None and main_anchor is not None and others:
            self.mirror = AnchorMirror(ledger_svc.ledger, main_anchor, others)
            self._spawn("nexus-xchain-mirror", self._mirror_loop)

    def _spawn(self, name: str, target: Any) -> None:
        t = threading.Thread(target=target, name=name, daemon=True)
        t.start()
        self._threads.append(t)

    def _relay_loop(self) -> None:
        """Relay until stopped; whatever changed is published on the node's event bus (which
        also tells the API's read cache that /xchain answers moved on)."""
        assert self.relayer is not None
        poll = backoff = self.settings.poll_interval
        while not self._stop.is_set():
            try:
                rep = self.relayer.step()
                self.relayer.last_error, backoff = None, poll
                if rep.found or rep.delivered or rep.orphaned or rep.rewound:
                    self._node.events.publish("xchain.relay", rep.to_json())
            except Exception as exc:  # noqa: BLE001  (a chain hiccup must not stop the relayer)
                self.relayer.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("relayer step failed (retrying in %.1f s): %s", backoff, self.relayer.last_error)
                backoff = min(backoff * 2, 10.0)
            self._stop.wait(backoff)

    def _mirror_loop(self) -> None:
        assert self.mirror is not None
        self.mirror.start_check()
        while not self._stop.is_set():
            if self.mirror.step():
                self._node.events.publish("xchain.anchor", self.mirror.health())
            self._stop.wait(self.settings.poll_interval)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=10)
        self._threads.clear()
        if self.relayer is not None:
            self.relayer.journal.close()
            self.relayer = None
        if self.net is not None:
            self.net.close()
            self.net = None

    def require(self) -> XNetwork:
        if self.net is None:
            raise ServiceUnavailable("the xchain service is not running (yet)")
        return self.net

    def health(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.net is not None, "chains": len(self.net.members) if self.net else 0}
        if self.relayer is not None:
            out["relayer"] = {"ok": self.relayer.last_error is None, **self.relayer.journal.counts()}
        if self.mirror is not None:
            out["mirror"] = {"ok": not self.mirror.errors, "mirrored": self.mirror.mirrored}
        return out
