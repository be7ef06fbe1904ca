"""JSON-RPC backend: any Ethereum node (anvil, geth, a provider), transactions signed locally.

`RPCChain` is built in layers: `_rpc_transport` (requests, batches, error mapping), `_rpc_sender`
(signer, nonce, fees, sending, receipts), and here the identity, reading, logs and test-control calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import requests
from web3 import Web3
from web3.providers.rpc import HTTPProvider

from ..exceptions import AccountError, BlockRangeError, ChainError, ChainIdMismatch, NotSupported
from . import _rpc_codec as codec
from ._fast import checksum
from ._rpc_codec import RPCError
from ._rpc_sender import DEFAULT_TIP as DEFAULT_TIP
from ._rpc_sender import FALLBACK_GAS as FALLBACK_GAS
from ._rpc_sender import GAS_CUSHION as GAS_CUSHION
from ._rpc_sender import GAS_MARGIN as GAS_MARGIN
from ._rpc_sender import NO_SIGNER, RPCSender
from ._rpc_sign import TxSigner
from ._rpc_transport import BATCH as BATCH
from .accounts import Signer
from .types import Block, CallFrame, Log, TxReceipt

__all__ = ["RPCChain"]


class RPCChain(RPCSender):
    """A chain behind an HTTP JSON-RPC endpoint.

    Transactions are signed here with `signer` (EIP-1559, or legacy where blocks have no base
    fee) and sent raw; the nonce is tracked locally. Without a signer the backend is read-only.
    """

    kind = "rpc"

    def __init__(
        self,
        url: str,
        *,
        signer: Signer | None = None,
        timeout: float = 10.0,
        expected_chain_id: int | None = None,
        max_log_range: int = 5000,
    ) -> None:
        self._url = url
        self._safe_url = codec.redact_url(url)
        self.timeout = timeout
        self.max_log_range = max_log_range
        self._signer = TxSigner(signer) if signer is not None else None
        self._session = requests.Session()
        provider = HTTPProvider(
            url, request_kwargs={"timeout": timeout}, session=self._session, exception_retry_configuration=None
        )
        self._w3 = Web3(provider, middleware=[])
        self._provider = provider
        self._send_lock = threading.RLock()
        self._nonce: int | None = None
        self._supports: dict[str, bool] = {}
        # (base fee, node tip) -> EIP-1559 fee fields for this node's own sends; None: 2 * base + tip.
        # Set by the fee advisor service (setting `fee_advisor`); a failing policy falls back.
        self.fee_policy: Callable[[int, int], dict[str, int]] | None = None
        self._genesis: str | None = None
        self._node_accounts: list[str] | None = None
        try:
            self._chain_id = int(self._rpc("eth_chainId"), 16)
        except ChainError:
            self._session.close()
            raise
        if expected_chain_id is not None and expected_chain_id != self._chain_id:
            self._session.close()
            raise ChainIdMismatch(
                f"the node at {self._safe_url} has chain id {self._chain_id}, expected {expected_chain_id}"
            )

    # --- identity ----------------------------------------------------------------------------
    @property
    def chain_id(self) -> int:
        return self._chain_id

    @property
    def url(self) -> str:
        return self._safe_url

    @property
    def signer_address(self) -> str | None:
        return self._signer.address if self._signer else None

    @property
    def accounts(self) -> list[str]:
        if self._signer is not None:
            return [self._signer.address]
        if self._node_accounts is None:
            try:
                self._node_accounts = [checksum(a) for a in self._plain("eth_accounts") or ()]
            except ChainError:
                self._node_accounts = []
        return list(self._node_accounts)

    @property
    def default_account(self) -> str:
        accts = self.accounts
        if not accts:
            raise AccountError(NO_SIGNER)
        return accts[0]

    @property
    def genesis_hash(self) -> str:
        if self._genesis is None:
            blk = self._plain("eth_getBlockByNumber", "0x0", False)
            if not blk:
                raise ChainError(f"the node at {self._safe_url} has no genesis block")
            self._genesis = str(blk["hash"])
        return self._genesis

    def describe(self) -> str:
        return self._safe_url

    def __repr__(self) -> str:
        return f"RPCChain({self._safe_url}, chain_id={self._chain_id}, signer={self.signer_address})"

    __str__ = __repr__

    # --- reading -----------------------------------------------------------------------------
    def block_number(self) -> int:
        return int(self._plain("eth_blockNumber"), 16)

    def timestamp(self) -> int:
        return int(self._plain("eth_getBlockByNumber", "latest", False)["timestamp"], 16)

    def get_block(self, number: int) -> Block:
        if number < 0:
            raise BlockRangeError(f"block {number} does not exist")
        tag = hex(number)
        if self._supports.get("eth_getBlockReceipts") is not False:
            blk_r, rcp_r = self._batch_raw([("eth_getBlockByNumber", [tag, True]), ("eth_getBlockReceipts", [tag])])
            blk = self._result_or_chain_error("eth_getBlockByNumber", blk_r)
            if not blk:
                raise BlockRangeError(f"block {number} does not exist (head is {self.block_number()})")
            try:
                receipts = codec.check_response("eth_getBlockReceipts", rcp_r)
                self._supports["eth_getBlockReceipts"] = True
                if receipts is not None:
                    return codec.block(blk, receipts)
            except RPCError as err:
                if not err.not_found:
                    raise ChainError(str(err)) from None
                self._supports["eth_getBlockReceipts"] = False
        else:
            blk = self._plain("eth_getBlockByNumber", tag, True)
            if not blk:
                raise BlockRangeError(f"block {number} does not exist (head is {self.block_number()})")
        hashes = [t["hash"] for t in blk.get("transactions") or ()]
        receipts = self._wrap(self._batch, [("eth_getTransactionReceipt", [h]) for h in hashes])
        return codec.block(blk, [r for r in receipts if r])

    def balance(self, address: str) -> int:
        return int(self._plain("eth_getBalance", checksum(address), "latest"), 16)

    def nonce(self, address: str) -> int:
        return int(self._plain("eth_getTransactionCount", checksum(address), "latest"), 16)

    def code(self, address: str) -> bytes:
        return bytes.fromhex(self._plain("eth_getCode", checksum(address), "latest")[2:])

    def receipt(self, tx_hash: str) -> TxReceipt | None:
        r = self._plain("eth_getTransactionReceipt", tx_hash)
        return codec.receipt(r) if r else None

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        try:
            out = self._rpc("eth_call", self._call_obj(to, data, sender, value), "latest")
        except RPCError as err:
            if err.is_revert:
                raise codec.revert_from_error(err) from None
            raise ChainError(str(err)) from None
        return bytes.fromhex(out[2:])

    def _logs(
        self, from_block: int, to_block: int, address: Sequence[str] | None, topic0: Sequence[bytes] | None
    ) -> list[Log]:
        flt: dict[str, Any] = {"fromBlock": hex(from_block), "toBlock": hex(to_block)}
        if address:
            flt["address"] = [checksum(a) for a in address]
        if topic0:
            flt["topics"] = [["0x" + t.hex() for t in topic0]]
        try:
            return [codec.log(x) for x in self._rpc("eth_getLogs", flt)]
        except RPCError as err:
            if "range" in err.message.lower() or "too many" in err.message.lower():
                raise BlockRangeError(str(err)) from None
            raise ChainError(str(err)) from None

    # --- tracing and test control --------------------------------------------------------------
    def trace(self, tx_hash: str) -> CallFrame:
        frame = self._optional("debug_traceTransaction", tx_hash, {"tracer": "callTracer"})
        if not frame:
            raise NotSupported(f"no trace for transaction {tx_hash}")
        return CallFrame.from_json(codec.checksum_trace(frame))

    def snapshot(self) -> int:
        return int(self._optional("evm_snapshot"), 16)

    def revert(self, snapshot_id: int) -> None:
        with self._send_lock:
            ok = self._optional("evm_revert", hex(snapshot_id))
            self._nonce = None
        if ok is False:
            raise ChainError(f"unknown or already reverted snapshot {snapshot_id}")

    def mine(self, blocks: int = 1, *, seconds: int = 0) -> None:
        if blocks < 0 or seconds < 0:
            raise ChainError("cannot mine a negative number of blocks or move time backwards")
        if seconds:
            self._optional("evm_increaseTime", hex(seconds))
        if not blocks:
            return
        if self._supports.get("anvil_mine") is not False:
            try:
                self._optional("anvil_mine", hex(blocks))
                return
            except NotSupported:
                pass
        for _ in range(blocks):
            self._optional("evm_mine")

    # --- lifecycle ----------------------------------------------------------------------------
    def close(self) -> None:
        self._session.close()
