"""A proof-of-stake simulation: validators with attestation effectiveness, proposal misses, latency,
correlated outages (validators share hosting clusters that fail together) and slashing.

Rewards per epoch per unit of stake follow the consensus-layer split: attestations ~84%, proposals
~12.5%, sync committee ~3% of the total. Each validator has a latent quality that drifts slowly (AR(1));
its latency costs attestation effectiveness; a cluster outage zeroes every duty of its validators for a
few epochs; a slashed validator pays a penalty once and earns nothing afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exceptions import ValidatorInputError

__all__ = ["W_ATT", "W_PROP", "W_SYNC", "Epochs", "simulate_pos"]

W_ATT, W_PROP, W_SYNC = 0.84, 0.125, 0.03
SLOTS, SYNC_SIZE, SYNC_PERIOD = 32, 16, 8
SLASH_PENALTY = 16.0


@dataclass(frozen=True)
class Epochs:
    """Per epoch x validator arrays (NaN where a duty was not assigned)."""

    att: np.ndarray  # attestation effectiveness 0..1
    proposals: np.ndarray  # proposals assigned
    proposed: np.ndarray  # proposals made
    sync: np.ndarray  # sync participation 0..1, NaN when not on the committee
    down: np.ndarray  # in an outage (bool)
    slashed: np.ndarray  # slashed at or before this epoch (bool)
    reward: np.ndarray  # per unit stake
    latency: np.ndarray  # per validator, ms
    cluster: np.ndarray  # per validator

    @property
    def shape(self) -> tuple[int, int]:
        return self.att.shape  # type: ignore[return-value]


def simulate_pos(
    validators: int = 200,
    epochs: int = 400,
    clusters: int = 10,
    *,
    seed: int = 0,
    outage_rate: float = 0.01,
    slash_rate: float = 5e-5,
) -> Epochs:
    if validators < SYNC_SIZE or epochs < 10 or clusters < 1:
        raise ValidatorInputError(f"pos simulation: need >= {SYNC_SIZE} validators, >= 10 epochs, >= 1 cluster")
    rng = np.random.default_rng(seed)
    v, e = validators, epochs
    cluster = rng.integers(0, clusters, v)
    latency = rng.lognormal(np.log(80), 0.5, v)
    mean_q = rng.beta(30, 1.2, v)  # most validators are good; a tail is not
    q = mean_q.copy()
    att, sync = np.zeros((e, v)), np.full((e, v), np.nan)
    props, made = np.zeros((e, v)), np.zeros((e, v))
    down, slashed = np.zeros((e, v), bool), np.zeros((e, v), bool)
    reward = np.zeros((e, v))
    outage_left = np.zeros(clusters, int)
    is_slashed = np.zeros(v, bool)
    committee = rng.choice(v, SYNC_SIZE, replace=False)
    for t in range(e):
        start = (outage_left == 0) & (rng.random(clusters) < outage_rate)
        outage_left[start] = rng.geometric(0.25, int(start.sum()))
        dn = outage_left[cluster] > 0
        outage_left = np.maximum(outage_left - 1, 0)
        q = np.clip(mean_q + 0.9 * (q - mean_q) + rng.normal(0, 0.01, v), 0, 1)
        newly = ~is_slashed & (rng.random(v) < slash_rate)
        is_slashed |= newly
        live = ~dn & ~is_slashed
        a = np.clip(q - 0.0002 * latency + rng.normal(0, 0.02, v), 0, 1) * live
        if t % SYNC_PERIOD == 0:
            committee = rng.choice(v, SYNC_SIZE, replace=False)
        s_row = np.full(v, np.nan)
        s_row[committee] = np.clip(q[committee] + rng.normal(0, 0.02, SYNC_SIZE), 0, 1) * live[committee]
        proposers = rng.integers(0, v, SLOTS)
        p_row = np.bincount(proposers, minlength=v).astype(float)
        ok = rng.random(SLOTS) < (q[proposers] ** 2) * live[proposers]
        m_row = np.bincount(proposers[ok], minlength=v).astype(float)
        r = W_ATT * a + W_PROP * m_row * v / SLOTS + W_SYNC * np.nan_to_num(s_row) * v / SYNC_SIZE
        r[is_slashed] = 0.0
        r[newly] = -SLASH_PENALTY
        att[t], sync[t], props[t], made[t], down[t], slashed[t], reward[t] = a, s_row, p_row, m_row, dn, is_slashed, r
    return Epochs(att, props, made, sync, down, slashed, reward, latency, cluster)
