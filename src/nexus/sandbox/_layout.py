"""Sizes of the sandbox's pools and balances (18-decimal token units), in one place."""

from __future__ import annotations

E18 = 10**18

AMM_COL = 1_000_000 * E18  # collateral side of the COL/USD pool (price 1.0)
AMM_USD = 1_000_000 * E18
LENDING_LIQUIDITY = 1_000_000 * E18  # USD the admin supplies to the lending pool
FLASH_USD = 2_000_000 * E18  # USD the flash lender can lend
FLASH_GOV = 1_000_000 * E18  # GOV the flash lender can lend
GOV_HOLDERS = 1_000_000 * E18  # GOV spread over the simulated users
TREASURY_USD = 500_000 * E18  # USD held by governance
SHAREVAULT_USD = 200_000 * E18  # USD the admin deposits in the share vault
REWARDS_USD = 100_000 * E18  # USD in the rewards distributor
REWARD_PER_CLAIM = 10 * E18
VAULT_SEED_ETH = 500 * E18  # ether the admin deposits in the vault

# Contracts a sandbox deploys (name -> Vyper contract), in order; "protected" ones the guardian pauses.
PROTECTED = ("amm", "lending", "vault", "sharevault", "governance", "rewards")
