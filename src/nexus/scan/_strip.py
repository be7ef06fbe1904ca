"""Blank out comments (replaced by spaces, newlines kept) so no analysis can see annotations."""

from __future__ import annotations

__all__ = ["strip_comments"]


def strip_comments(source: str, language: str = "solidity") -> str:
    """`source` with every comment's characters replaced by spaces; line and column numbers stay.

    Solidity: `// ...` and `/* ... */` (strings are respected). Vyper: `# ...` outside strings.
    """
    out = list(source)
    i, n = 0, len(source)
    quote = ""
    vyper = language == "vyper"
    while i < n:
        c = source[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if vyper and len(quote) == 3:
                if source.startswith(quote, i):
                    i += 3
                    quote = ""
                    continue
            elif c == quote or c == "\n":  # an unterminated string ends at the line
                quote = ""
            i += 1
            continue
        if vyper and source.startswith(('"""', "'''"), i):
            quote = source[i : i + 3]
            i += 3
            continue
        if c in "\"'":
            quote = c
            i += 1
            continue
        if (not vyper and source.startswith("//", i)) or (vyper and c == "#"):
            j = source.find("\n", i)
            j = n if j < 0 else j
            _blank(out, i, j)
            i = j
            continue
        if not vyper and source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            _blank(out, i, j)
            i = j
            continue
        i += 1
    return "".join(out)


def _blank(out: list[str], start: int, end: int) -> None:
    for k in range(start, end):
        if out[k] not in "\r\n":
            out[k] = " "
