"""Dynamic NFTs drawn by a generative model trained here, evolving on on-chain events.

dec = load_decoder()                              # the shipped class-conditional VAE (integer inference)
png = render(token, traits)                       # same (token, traits), same PNG bytes
info = mint(nexus, to)                            # ERC-721 mint, art stored, image hash on chain + ledger
evolve(nexus, token, Cause("holder.action"))      # new traits, new art, ERC-4906 MetadataUpdate
verify_image(nexus, token, png)                   # the picture belongs to the token's pinned state
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .art import render
    from .contract import NFTContract, deploy_nft, nft_contract
    from .model import DigitsDecoder, load_decoder, weights_fingerprint
    from .node import NFTService
    from .service import evolve, evolve_all, gallery, image, metadata, mint, show
    from .traits import Cause, evolve_traits, genesis_traits, state_hash
    from .verify import check_token, reconcile, verify_image

_LAZY = {
    "render": ".art",
    **dict.fromkeys(("NFTContract", "deploy_nft", "nft_contract"), ".contract"),
    **dict.fromkeys(("DigitsDecoder", "load_decoder", "weights_fingerprint"), ".model"),
    "NFTService": ".node",
    **dict.fromkeys(("evolve", "evolve_all", "gallery", "image", "metadata", "mint", "show"), ".service"),
    **dict.fromkeys(("Cause", "evolve_traits", "genesis_traits", "state_hash"), ".traits"),
    **dict.fromkeys(("check_token", "reconcile", "verify_image"), ".verify"),
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "Cause",
    "DigitsDecoder",
    "NFTContract",
    "NFTService",
    "check_token",
    "deploy_nft",
    "evolve",
    "evolve_all",
    "evolve_traits",
    "gallery",
    "genesis_traits",
    "image",
    "load_decoder",
    "metadata",
    "mint",
    "nft_contract",
    "reconcile",
    "render",
    "show",
    "state_hash",
    "verify_image",
    "weights_fingerprint",
]
