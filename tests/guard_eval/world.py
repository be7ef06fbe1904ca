"""One evaluation world on an embedded chain: tokens, pairs, vaults, a bridge, helpers, a DAO,
seeded users with balances and approvals, and the guard's watch targets for all of it."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_checksum_address

from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.compiler import compile_contract
from nexus.guard.targets import WatchTargets, make_target

ROOT = Path(__file__).parent / "contracts"
WAD = 10**18
MAX = 2**256 - 1
# the two sides of one bridge share a protocol name (the guard matches their flows)
PROTOCOLS = {"escrow": "eval-wrapbridge", "wrap": "eval-wrapbridge"}


@cache
def _compiled(name: str) -> Any:
    return compile_contract(name, _cache(), ROOT.resolve())


@lru_cache(maxsize=1)
def _cache() -> Path:
    return Path(tempfile.gettempdir()) / "nexus-guard-eval-contracts"


def fresh(tag: str) -> str:
    """A deterministic never-used address."""
    return str(to_checksum_address(keccak(text=f"guard-eval:{tag}")[-20:]))


@dataclass
class World:
    chain: EmbeddedChain
    seed: int
    admin: str
    operator: str
    rugger: str = ""
    relayer: str = ""
    users: list[str] = field(default_factory=list)
    c: dict[str, Contract] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # further watched contracts: key -> kind

    def deploy(self, name: str, *args: Any, sender: str | None = None) -> Contract:
        comp = _compiled(name)
        handle = Contract(self.chain, "0x" + "00" * 20, comp.abi, name)
        rc = self.chain.deploy(comp.bytecode + handle.abi.encode_constructor(args), sender=sender or self.admin)
        assert rc.contract_address is not None
        return Contract(self.chain, rc.contract_address, comp.abi, name)

    def at(self, name: str, address: str) -> Contract:
        return Contract(self.chain, address, _compiled(name).abi, name)

    def fund(self, who: str, eth: int = 1) -> None:
        self.chain.transact(who, b"", sender=self.admin, value=eth * WAD)

    def bal(self, token: str, who: str) -> int:
        if token == "eth":
            return int(self.chain.balance(who))
        return int(self.c[token].balanceOf(who))

    def targets(self) -> WatchTargets:
        """What a protocol team would register: every protocol contract, pausable by the guardian."""
        ts = WatchTargets(guardian=self.c["guardian"].address, operator=self.operator)
        for key, kind in (
            ("pair", "uniswap-v2-pair"),
            ("pair2", "uniswap-v2-pair"),
            ("vault", "erc4626"),
            ("vaultb", "erc4626"),
            ("bridge", "bridge"),
            ("mover", "contract"),
            ("zap", "contract"),
            ("inita", "contract"),
            ("initb", "proxy"),
            ("dao", "governor"),
            ("pair3", "uniswap-v2-pair"),
            ("curve", "amm"),
            ("vault0", "erc4626"),
            ("pool0", "contract"),
            ("bank", "contract"),
            ("lp", "contract"),
            ("lender", "lending"),
            ("spotlender", "lending"),
            ("desk", "contract"),
            ("flash", "contract"),
            ("poll", "governor"),
            ("tpair", "uniswap-v2-pair"),
            ("tlender", "lending"),
            ("opair", "uniswap-v2-pair"),
            ("obs", "contract"),
            ("tdesk", "contract"),
            ("msgbridge", "bridge"),
            ("escrow", "bridge"),
            ("wrap", "bridge"),
            *self.extra.items(),
        ):
            pausable = "pause" in self.c[key].abi.functions  # the pairs have no pause switch
            protocol = PROTOCOLS.get(key, f"eval-{key}")
            ts.add(make_target(self.c[key].address, kind, pausable=pausable, protocol=protocol))
        for key in ("usd", "alt", "gov"):
            ts.add(make_target(self.c[key].address, "erc20", protocol=f"eval-{key}"))
        return ts


def _deploy_twap_and_bridges(w: World, rnd: random.Random) -> None:
    """TWAP victims (a cumulative-price pair read by a lender; an observation oracle read by a desk)
    and two bridges (a message bridge; a wrapped-token side with its home escrow)."""
    c, g = w.c, w.c["guardian"].address
    usd, alt = c["usd"], c["alt"]
    w.relayer = fresh(f"relayer{w.seed}")
    w.fund(w.relayer, 5)
    c["tpair"] = w.deploy("EvalTwapPair", usd.address, alt.address)
    c["opair"] = w.deploy("EvalPair", usd.address, alt.address)
    for p, depth in (("tpair", 800_000), ("opair", 500_000)):
        usd.mint(c[p].address, depth * WAD)
        alt.mint(c[p].address, depth * WAD // 2)
        c[p].sync()
    c["tlender"] = w.deploy("EvalTwapLender", c["tpair"].address, usd.address, alt.address, 5, g)
    c["obs"] = w.deploy("EvalObsOracle", c["opair"].address)
    c["tdesk"] = w.deploy("EvalTwapDesk", c["obs"].address, usd.address, alt.address, g)
    usd.mint(c["tlender"].address, rnd.randint(400_000, 600_000) * WAD)
    usd.mint(c["tdesk"].address, rnd.randint(300_000, 500_000) * WAD)
    c["msgbridge"] = w.deploy("EvalMsgBridge", usd.address, w.relayer, g)
    usd.mint(c["msgbridge"].address, rnd.randint(200_000, 400_000) * WAD)  # liquidity bridged in earlier
    c["verifier"] = w.deploy("EvalVerifier", w.relayer, False)
    c["escrow"] = w.deploy("EvalBridge", usd.address, 10**12 * WAD, g)
    c["wrap"] = w.deploy("EvalWrapBridge", c["verifier"].address, g)
    c["tlender"].update()
    for _ in range(4):
        c["obs"].poke()


def build_world(directory: Path, seed: int = 0, users: int = 24) -> World:
    """Deploy everything and seed balances (amounts vary with `seed`)."""
    rnd = random.Random(seed)
    chain = EmbeddedChain(directory, flush_interval=1e9)
    admin, operator = chain.accounts[0], chain.accounts[1]
    w = World(chain, seed, admin, operator)
    c = w.c
    c["guardian"] = w.deploy("EvalGuardian", operator)
    g = c["guardian"].address
    for t in ("usd", "alt", "gov"):
        c[t] = w.deploy("EvalToken")
    c["pair"] = w.deploy("EvalPair", c["usd"].address, c["alt"].address)
    c["pair2"] = w.deploy("EvalPair", c["usd"].address, c["alt"].address)
    c["vault"] = w.deploy("EvalVault", c["usd"].address, 0, g)
    c["vaultb"] = w.deploy("EvalVault", c["usd"].address, 2_000 * WAD, g)
    c["bridge"] = w.deploy("EvalBridge", c["usd"].address, 1_500 * WAD, g)
    c["mover"] = w.deploy("EvalMover", g)
    c["zap"] = w.deploy("EvalZap", g)
    c["inita"] = w.deploy("EvalInitA", g)
    c["initb"] = w.deploy("EvalInitB", g)
    c["dao"] = w.deploy("EvalDAO", c["gov"].address, c["usd"].address, g)
    c["poll"] = w.deploy("EvalPoll", c["gov"].address, c["usd"].address, g)
    c["govflash"] = w.deploy("EvalFlashLender", c["gov"].address)
    c["flashvoter"] = w.deploy("EvalFlashVoter", c["gov"].address, sender=chain.accounts[9])
    c["disperse"] = w.deploy("EvalDisperse")
    c["puller"] = w.deploy("EvalPuller", sender=chain.accounts[2])
    c["inita"].initialize(admin)
    rugger = w.rugger = chain.accounts[6]
    c["rug"] = w.deploy("EvalToken", sender=rugger)
    c["rug2"] = w.deploy("EvalToken", sender=rugger)
    c["pair3"] = w.deploy("EvalPair", c["usd"].address, c["rug"].address)
    c["vault0"] = w.deploy("EvalVault", c["usd"].address, 0, g)
    c["pool0"] = w.deploy("EvalStakePool", c["usd"].address, g)
    c["bank"] = w.deploy("EvalEtherBank", g)
    c["lp"] = w.deploy("EvalLPPool")
    c["lender"] = w.deploy("EvalLPLender", c["lp"].address, c["usd"].address, g)
    c["reenter"] = w.deploy("EvalReenter", sender=chain.accounts[8])
    c["flash"] = w.deploy("EvalFlashLender", c["usd"].address)
    c["spotlender"] = w.deploy("EvalSpotLender", c["pair"].address, c["usd"].address, c["alt"].address, g)
    c["desk"] = w.deploy("EvalSpotDesk", c["pair2"].address, c["usd"].address, c["alt"].address, g)
    c["oracle_attack"] = w.deploy("EvalOracleAttack", c["usd"].address, c["alt"].address, sender=chain.accounts[9])
    c["curve"] = w.deploy("EvalCurve", c["usd"].address, c["rug2"].address, g)
    _deploy_twap_and_bridges(w, random.Random(seed + 7919))  # (own stream: the rest as before)
    c["rug"].mint(c["pair3"].address, 1_000_000 * WAD, sender=rugger)
    c["rug2"].mint(c["curve"].address, 10_000_000 * WAD, sender=rugger)
    usd, alt = c["usd"], c["alt"]
    for p, depth in (("pair", 1_000_000), ("pair2", 600_000)):
        usd.mint(c[p].address, depth * WAD)
        alt.mint(c[p].address, depth * WAD // 2)
        c[p].sync()
    usd.mint(c["bridge"].address, rnd.randint(150_000, 250_000) * WAD)
    usd.mint(c["inita"].address, rnd.randint(50_000, 90_000) * WAD)
    usd.mint(c["initb"].address, rnd.randint(50_000, 90_000) * WAD)
    usd.mint(c["dao"].address, 500_000 * WAD)
    usd.mint(c["lender"].address, 400_000 * WAD)
    usd.mint(c["poll"].address, 300_000 * WAD)
    usd.mint(c["flash"].address, 3_000_000 * WAD)
    usd.mint(c["spotlender"].address, 400_000 * WAD)
    usd.mint(c["desk"].address, 600_000 * WAD)
    chain.transact(c["bank"].address, c["bank"].abi.encode_call("deposit", ()), sender=admin, value=50 * WAD)
    chain.transact(c["lp"].address, c["lp"].abi.encode_call("join", ()), sender=admin, value=100 * WAD)
    usd.mint(c["pair3"].address, rnd.randint(80_000, 150_000) * WAD)
    c["pair3"].sync()
    for i in range(users):
        u = fresh(f"user{seed}:{i}")
        w.users.append(u)
        w.fund(u, 2)
        usd.mint(u, rnd.randint(5_000, 40_000) * WAD)
        alt.mint(u, rnd.randint(1_000, 20_000) * WAD)
        c["gov"].mint(u, rnd.randint(100, 1_000) * WAD)
        for spender in (
            "mover",
            "zap",
            "vault",
            "vaultb",
            "pair",
            "pair2",
            "pair3",
            "curve",
            "disperse",
            "bridge",
            "vault0",
            "pool0",
            "tpair",
            "opair",
            "msgbridge",
            "escrow",
        ):
            usd.approve(c[spender].address, MAX, sender=u)
        for spender in ("pair", "pair2", "tpair", "opair", "tlender", "tdesk"):
            alt.approve(c[spender].address, MAX, sender=u)
        c["vault"].deposit(rnd.randint(500, 1_500) * WAD, u, sender=u)
        c["vaultb"].deposit(rnd.randint(500, 1_500) * WAD, u, sender=u)
        if i % 2 == 0:
            c["pair3"].swap(True, rnd.randint(500, 2_000) * WAD, u, sender=u)
            c["curve"].buy(rnd.randint(500, 3_000) * WAD, sender=u)
    return w
