"""The on-chain game and dynamic NFTs: exit codes 150-156."""

from __future__ import annotations

from ._base import NexusError

__all__ = ["GameError", "GameInputError", "NFTError", "NFTInputError", "NFTModelError", "NFTNotFound", "NpcNotFound"]


class GameError(NexusError):
    """The game cannot do what was asked (not deployed, an NPC short of items or ether, a refused trade)."""

    exit_code = 154
    http_status = 409


class GameInputError(GameError, ValueError):
    """Bad game input: episode counts, seeds, policy kinds or files, NPC names, addresses."""

    exit_code = 155
    http_status = 400


class NpcNotFound(GameError, KeyError):
    """No NPC of that name plays on this chain."""

    exit_code = 156
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such NPC"


class NFTError(NexusError):
    """A dynamic NFT cannot do what was asked (the contract refused, or the token's state does not allow it)."""

    exit_code = 150
    http_status = 409


class NFTInputError(NFTError, ValueError):
    """Bad NFT input: token ids, traits, events, addresses, image files."""

    exit_code = 151
    http_status = 400


class NFTNotFound(NFTError, KeyError):
    """No NFT contract on this chain, or no token with that id."""

    exit_code = 152
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such token"


class NFTModelError(NFTError):
    """The art model's weights are missing or malformed, or an image does not match its token's anchored state."""

    exit_code = 153
    http_status = 422
