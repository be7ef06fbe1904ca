"""`nexus demo`: a guided tour of the project, one chapter per capability."""

from . import aiaas as _aiaas  # noqa: F401  (chapter 11)
from . import avatar as _avatar  # noqa: F401  (chapter 15)
from . import chain as _chain  # noqa: F401  (chapter 1; later capabilities import theirs here)
from . import defi as _defi  # noqa: F401  (chapter 10)
from . import fl as _fl  # noqa: F401  (chapter 12)
from . import game as _game  # noqa: F401  (chapter 14)
from . import governance as _governance  # noqa: F401  (chapter 8)
from . import guard as _guard  # noqa: F401  (chapter 4)
from . import identity as _identity  # noqa: F401  (chapter 9)
from . import ledger as _ledger  # noqa: F401  (chapter 2)
from . import lineage as _lineage  # noqa: F401  (chapter 3)
from . import markets as _markets  # noqa: F401  (chapter 6)
from . import nft as _nft  # noqa: F401  (chapter 13)
from . import oracle as _oracle  # noqa: F401  (chapter 5)
from . import scan as _scan  # noqa: F401  (chapter 7)
from . import xchain as _xchain  # noqa: F401  (chapter 16)
from ._tour import CHAPTERS, Chapter, DemoContext, chapter, run_tour

__all__ = ["CHAPTERS", "Chapter", "DemoContext", "chapter", "run_tour"]
