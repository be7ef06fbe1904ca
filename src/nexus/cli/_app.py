"""The root `nexus` command: global options, sub-commands, and the one error-to-exit-code map."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

try:  # typer >= 0.20 vendors click as typer._click; older releases use click itself
    from typer._click import exceptions as _cx
except ImportError:  # pragma: no cover
    from click import exceptions as _cx  # type: ignore[no-redef]

from .._version import __version__
from ..exceptions import NexusError
from . import accounts, contracts, demo, ledger, node, status
from . import aiaas as aiaas_cli
from . import avatar as avatar_cli
from . import bounty as bounty_cli
from . import consent as consent_cli
from . import data as data_cli
from . import dispute as dispute_cli
from . import fairness as fairness_cli
from . import fees as fees_cli
from . import fingerprint as fingerprint_cli
from . import fl as fl_cli
from . import game as game_cli
from . import governance as governance_cli
from . import guard as guard_cli
from . import identity as identity_cli
from . import insurance as insurance_cli
from . import job as job_cli
from . import lend as lend_cli
from . import lineage as lineage_cli
from . import market as market_cli
from . import model as model_cli
from . import nft as nft_cli
from . import oracle as oracle_cli
from . import oracle_dispute as oracle_dispute_cli
from . import portfolio as portfolio_cli
from . import sandbox as sandbox_cli
from . import scan as scan_cli
from . import validators as validators_cli
from . import xchain as xchain_cli
from . import zk as zk_cli

__all__ = ["app", "main"]

_ABORTS = tuple({typer.Abort, getattr(_cx, "Abort", typer.Abort)})
_debug = False  # set by --debug; read when an unexpected error is reported


def _fail(message: str, code: int) -> None:
    """One line on stderr, then exit with `code`."""
    line = " ".join(str(message).split()) or "failed"
    sys.stderr.write(f"error: {line}\n")
    sys.stderr.flush()
    sys.exit(code)


class _NexusGroup(TyperGroup):
    """Runs the command tree and turns every failure into one stderr line and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # typer would turn it into a silent exit 130
            _fail("interrupted", 130)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        global _debug
        _debug = False
        kwargs["standalone_mode"] = False  # errors come here, to be reported in one line
        try:
            rv = super().main(*args[:3], **kwargs)
        except _cx.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `nexus` or group: the help text
                exc.show()
                sys.exit(exc.exit_code)
            _fail(exc.format_message(), exc.exit_code)
        except NexusError as exc:
            _fail(str(exc), exc.exit_code)
        except _cx.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except (KeyboardInterrupt, *_ABORTS) as exc:
            if isinstance(exc.__context__, EOFError):
                _fail("aborted: no input", 1)
            _fail("interrupted", 130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 1
            if _debug:
                traceback.print_exc()
            _fail(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for a traceback)", 1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=_NexusGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="Symbiotic Nexus: AI and blockchains reinforcing each other.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nexus {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    home: Annotated[Path | None, typer.Option(help="Data directory (NEXUS_HOME).")] = None,
    rpc: Annotated[str | None, typer.Option(help="JSON-RPC URL; default: the embedded chain.")] = None,
    log_level: Annotated[str | None, typer.Option(help="Python logging level.")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of unexpected errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    global _debug
    _debug = debug
    ctx.obj = {"overrides": {"home": home, "rpc_url": rpc, "log_level": log_level}}


app.add_typer(node.app)
app.add_typer(status.app)
app.add_typer(contracts.app, name="contracts", help="Compile, deploy and list the contracts.")
app.add_typer(accounts.app, name="accounts", help="Dev accounts and keystores.")
app.add_typer(demo.app)
app.add_typer(scan_cli.app)
app.add_typer(fingerprint_cli.app)
app.add_typer(lineage_cli.app)
ledger.register(app)
app.add_typer(oracle_cli.app, name="oracle", help="Oracle network: run nodes, list feeds, simulate attacks.")
app.add_typer(sandbox_cli.app, name="sandbox", help="DeFi sandbox: deploy, simulate traffic, run attacks.")
app.add_typer(guard_cli.app, name="guard", help="Threat detection: watch the chain, findings, fraud scoring.")
app.add_typer(market_cli.app, name="market", help="Prediction markets: create, trade, resolve; simulate forecasters.")
app.add_typer(model_cli.app, name="model", help="Model registry: register versions, see what serves.")
app.add_typer(
    governance_cli.gov_app, name="gov", help="Model governance: propose, vote (signed ballots), queue, execute."
)
app.add_typer(bounty_cli.app, name="bounty", help="Model bounties: escrowed rewards, commit-reveal, judged scores.")
app.add_typer(
    insurance_cli.app,
    name="insurance",
    help="Parametric insurance: products triggered by oracle feeds, policies, automatic claims.",
)
app.add_typer(fairness_cli.app, name="fairness", help="Fairness audits of models on data with protected attributes.")
app.add_typer(identity_cli.did_app, name="did", help="Decentralized identifiers: did:key and the did:ethr registry.")
app.add_typer(identity_cli.vc_app, name="vc", help="Verifiable Credentials: issue, verify, revoke, present.")
app.add_typer(consent_cli.app, name="consent", help="Consent grants on chain that the AI pipeline obeys.")
app.add_typer(data_cli.app, name="data", help="Data marketplace: list, buy, compute-to-data, jobs.")
app.add_typer(lend_cli.app, name="lend", help="Credit-scored lending: deposit, borrow, repay, liquidate, score.")
app.add_typer(portfolio_cli.app, name="portfolio", help="Portfolio agent over AMM pools: run, backtest.")
app.add_typer(fees_cli.app, name="fees", help="EIP-1559 fee advice from eth_feeHistory.")
app.add_typer(avatar_cli.app, name="avatar", help="Avatars bound to a DID, with privacy-preserving voice login.")
app.add_typer(fl_cli.app, name="fl", help="Federated learning on Flower: committed updates, rewards, robust rules.")
app.add_typer(validators_cli.app, name="validators", help="Validator scoring, stake allocation, PoS/PoW simulation.")
app.add_typer(aiaas_cli.service_app, name="service", help="AI services: register models as paid services, list them.")
app.add_typer(aiaas_cli.channel_app, name="channel", help="One-way payment channels to AI services.")
oracle_dispute_cli.register(dispute_cli.app)  # one `nexus dispute` group for both kinds of dispute
app.add_typer(
    dispute_cli.app,
    name="dispute",
    help="Disputes: AI-service answers (open, status) and oracle claims"
    " (assert, dispute, assess with the AI first pass, settle, list).",
)
app.add_typer(job_cli.app, name="job", help="Verified compute jobs: k-of-n workers, challenges, spot checks.")
app.add_typer(zk_cli.app, name="zk", help="Zero-knowledge proofs of inference (ezkl): setup, prove, verify.")
app.add_typer(game_cli.app, name="game", help="On-chain game: NPC merchants that learn to price items (run, npc).")
app.add_typer(xchain_cli.app, name="xchain", help="Several chains: list them, send cross-chain messages, relay them.")
app.add_typer(nft_cli.app, name="nft", help="Dynamic NFTs: mint, evolve on events, show and verify their art.")
app.command("serve")(aiaas_cli.serve)
app.command("call")(aiaas_cli.call)


def main() -> None:
    """Console entry point (`nexus`)."""
    app()
