"""Chinese script as graph-mtl's names read it, from its libraries: OpenCC's
traditional → simplified table and pypinyin's readings (the domain's
`Transliteration`, installed by graph_mtl/bootstrap.py). Both are loaded on
first use, not at import."""

from __future__ import annotations

from functools import cached_property

__all__ = ["ChineseText"]


class ChineseText:
    """OpenCC's characters and pypinyin's readings."""

    def simplified(self, text: str) -> str:
        return text.translate(self._t2s)

    def pinyin(self, text: str) -> tuple[str, ...]:
        from pypinyin import Style, lazy_pinyin

        return tuple(s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s)

    @cached_property
    def _t2s(self) -> dict[int, str]:
        """OpenCC's traditional → simplified table, character by character (its
        phrases would fold a part of a name unlike the whole)."""
        import opencc

        chars = [
            chr(c)
            for block in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
            for c in range(*block)
        ]
        out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
        if len(out) != len(chars):  # a table that joined lines: fold nothing rather than wrongly
            return {}
        table = {ord(a): b for a, b in zip(chars, out, strict=True) if a != b}
        # A few simplify in two steps (薴 → 苧 → 苎): folding twice must change nothing.
        for key, value in table.items():
            while (again := value.translate(table)) != value:
                value = again
            table[key] = value
        return table
