"""NPCs: the learned merchant beats the scripted NPCs on held-out seeds in the simulator (a tiny training
run), the chain plays the simulator's game exactly, and each NPC owns its items through its own account."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from game_env import make_world

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import GameError, GameInputError, NpcNotFound
from nexus.game.learn import HELD_OUT, evaluate, held_out_seeds, train
from nexus.game.npc import history_from_chain, npc_address, player_address, players_of
from nexus.game.onchain import play_on_chain
from nexus.game.policy import FixedPrice, Markdown, NpcPolicy, QPolicy, load_packaged, make_policy
from nexus.game.rules import COIN, LEVELS, TOOL, GameConfig, Observation, schedule
from nexus.game.sim import Episode, play
from nexus.game.world import GameWorld


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedChain, GameWorld]]:
    chain, world = make_world(tmp_path_factory.mktemp("gamenpc"))
    yield chain, world
    chain.close()


def test_a_tiny_training_run_beats_the_scripted_npcs_on_held_out_seeds() -> None:
    run = train(3000, seed=11, eval_every=1000, eval_seeds=held_out_seeds(40, offset=500))
    seeds = held_out_seeds(150)
    learned = evaluate(run.policy, seeds)
    assert learned > evaluate(FixedPrice(), seeds) and learned > evaluate(Markdown(), seeds)
    assert [n for n, _ in run.curve] == [0, 1000, 2000, 3000] and run.curve[-1][1] > run.curve[0][1]
    again = QPolicy.from_json(json.loads(json.dumps(run.policy.to_json())))  # the file form acts alike
    assert [play(again, s).revenue for s in seeds[:20]] == [play(run.policy, s).revenue for s in seeds[:20]]


class Forgetful(NpcPolicy):
    """The same learned policy with its memory of players wiped at every visit."""

    def __init__(self, inner: NpcPolicy) -> None:
        self.inner = inner

    def act(self, obs: Observation) -> int:
        return self.inner.act(replace(obs, floor=0, ceiling=len(LEVELS)))


def test_the_packaged_merchant_personalises_to_each_players_history() -> None:
    pol = load_packaged()
    seeds = held_out_seeds(100, offset=7)
    learned = evaluate(pol, seeds)
    assert learned > max(evaluate(FixedPrice(lv), seeds) for lv in range(len(LEVELS)))  # beats any one price
    assert learned > evaluate(Forgetful(pol), seeds) + 30  # what it remembers of a player is worth money
    for k in range(1, len(LEVELS)):  # stock to spare: a player who refused a price is next offered less
        assert pol.act(Observation(6, 6, 0, k)) < k


def test_simulator_is_seeded_and_training_never_sees_held_out_seeds() -> None:
    assert schedule(HELD_OUT + 3, GameConfig()) == schedule(HELD_OUT + 3, GameConfig())
    assert schedule(1, GameConfig()) != schedule(2, GameConfig())
    assert min(held_out_seeds(5)) >= HELD_OUT
    with pytest.raises(GameInputError):
        train(0)
    with pytest.raises(GameInputError):
        make_policy("oracle")
    with pytest.raises(NpcNotFound):
        npc_address("nobody")


def test_the_chain_plays_the_simulators_game_through_the_npcs_own_account(
    env: tuple[EmbeddedChain, GameWorld],
) -> None:
    chain, w = env
    npc = npc_address("merchant")
    assert npc not in chain.accounts and npc != w.master
    seed = HELD_OUT + 42
    start = chain.block_number()
    ep = play_on_chain(w, load_packaged(), "merchant", seed)
    sim = play(load_packaged(), seed)
    assert (ep.revenue, ep.sold, ep.offers) == (sim.revenue, sim.sold, sim.offers)
    assert ep.withdrawn_wei == sim.revenue * COIN
    # every craft, listing, cancel and withdrawal was sent by the NPC's own account
    npc_txs = [
        r for n in range(start + 1, chain.block_number() + 1) for r in chain.get_block(n).receipts if r.sender == npc
    ]
    assert len(npc_txs) >= ep.crafted + ep.offers and all(r.to in (w.items.address, w.market.address) for r in npc_txs)
    crafted = [e for r in npc_txs for e in w.items.decode(r) if e.name == "Crafted"]
    assert len(crafted) == ep.crafted and all(e.args["account"] == npc for e in crafted)
    # what it sold left its account for the players'; what it kept is still its own
    bought = sum(w.balances(player_address(seed, p))[TOOL] for p in range(GameConfig().players))
    assert bought == ep.sold and w.balances(npc)[TOOL] == ep.crafted - ep.sold
    # its memory of the players, read back from the market's events, is what it acted on
    records = history_from_chain(w, npc, from_block=start)
    assert len(records) == ep.offers and sum(r.status == "taken" for r in records) == ep.sold
    mem = players_of(records)
    episode = Episode(seed)
    while not episode.done:
        episode.step(load_packaged().act(episode.observe()))
    assert sorted(h.offers for h in mem.values()) == sorted(h.offers for h in episode.history.values())
    # nobody else can take the NPC's items or cancel its offers
    if w.balances(npc)[TOOL]:
        with pytest.raises(GameError):
            w._send(w.items, "safeTransferFrom", npc, chain.accounts[1], TOOL, 1, b"", sender=chain.accounts[1])
    oid, _ = w.offer(npc, TOOL, 1, 90 * COIN) if w.balances(npc)[TOOL] else (None, None)
    if oid is not None:
        with pytest.raises(GameError, match="only the seller"):
            w.cancel(chain.accounts[1], oid)


def test_scripted_and_learned_npcs_play_the_same_games_on_chain(env: tuple[EmbeddedChain, GameWorld]) -> None:
    _, w = env
    seed = HELD_OUT + 77
    smith = play_on_chain(w, FixedPrice(), "smith", seed)
    pedlar = play_on_chain(w, Markdown(), "pedlar", seed)
    assert smith.revenue == play(FixedPrice(), seed).revenue and pedlar.revenue == play(Markdown(), seed).revenue
    assert npc_address("smith") != npc_address("pedlar")
    assert set(smith.gas) >= {"craft", "list", "buy"} and all(v for v in smith.gas["list"])
