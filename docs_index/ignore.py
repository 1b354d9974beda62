"""Lists of git ignore patterns: a `.gitignore` file, or a configured `exclude`,
`orphans-allow` or `posts`. The last matching line decides, as in git; lines that can
be looked up by their text are, so a generated list of thousands costs a lookup."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from docs_index.wildmatch import ANY_DEPTH, GLOB_CHARS, Pattern, PatternError, parse_line


def _index_key(pattern: Pattern) -> tuple[str, str] | None:
    """Where a pattern can be looked up instead of tried: ("name", n) for a bare name,
    ("suffix", s) for `*s` (`*.log`), ("path", p) for a path without glob characters.
    Generated `.gitignore` files list thousands of these."""
    body = pattern.text.removeprefix("!").rstrip(" ").removesuffix("/").removeprefix("/")
    if pattern.basename:
        if not GLOB_CHARS.search(body):
            return "name", body
        rest = body.lstrip("*")
        if body.startswith("*") and rest and not GLOB_CHARS.search(rest):
            return "suffix", rest
        return None
    if ANY_DEPTH not in pattern.parts and not GLOB_CHARS.search(body):
        return "path", body
    return None


@dataclass(frozen=True)
class PatternList:
    """The patterns of one `.gitignore` or one configured list; the last match decides."""

    patterns: tuple[Pattern, ...] = ()
    index: dict[tuple[str, str], list[int]] = field(default_factory=dict, compare=False)
    """Patterns by lookup key (`_index_key`), so a long list of plain names costs a
    lookup per path, not a match per pattern."""
    others: tuple[int, ...] = field(default=(), compare=False)
    """The patterns that must be tried, by position."""
    kinds: frozenset[str] = field(default=frozenset(), compare=False)
    """The kinds of key in `index`: building a key costs, when no pattern has it."""

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> PatternList:
        """Every line that can match; the others are dropped, as git never matches them."""
        patterns = []
        for line in lines:
            try:
                pattern = parse_line(line)
            except PatternError:
                continue
            if pattern is not None:
                patterns.append(pattern)
        index: dict[tuple[str, str], list[int]] = {}
        others = []
        for number, pattern in enumerate(patterns):
            key = _index_key(pattern)
            if key is None:
                others.append(number)
            else:
                index.setdefault(key, []).append(number)
        return cls(tuple(patterns), index, tuple(others), frozenset(k for k, _ in index))

    @classmethod
    def from_gitignore(cls, data: bytes) -> PatternList:
        """A `.gitignore` file: a UTF-8 BOM is skipped and CR LF ends a line, as in git;
        bytes that are not UTF-8 are kept as file names keep them, so they still match."""
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
        return cls.from_lines(line.removesuffix("\r") for line in text.split("\n"))

    def verdict(self, parts: Sequence[str], start: int = 0, is_dir: bool = False) -> bool | None:
        """True: ignored, False: re-included, None: no pattern matches `parts[start:]`."""
        best = self.deciding(parts, start, is_dir)
        return None if best < 0 else not self.patterns[best].negated

    def deciding(self, parts: Sequence[str], start: int = 0, is_dir: bool = False) -> int:
        """The position in `patterns` of the last pattern matching `parts[start:]`, the
        one the verdict comes from (to name its line); -1 when none does."""
        best = -1
        if self.index:
            name = parts[-1]
            keys = [("name", name)]
            if self.kinds & {"path"}:
                keys.append(("path", "/".join(parts[start:])))
            if self.kinds & {"suffix"}:
                keys += [("suffix", name[i:]) for i in range(len(name))]
            for key in keys:
                for number in reversed(self.index.get(key, ())):
                    if number > best and self.patterns[number].matches(parts, start, is_dir):
                        best = number
                        break
        for number in reversed(self.others):
            if number < best:
                break
            if self.patterns[number].matches(parts, start, is_dir):
                best = number
                break
        return best

    def match(self, path: str) -> bool:
        """Whether git would leave out the file `path` (POSIX, relative to the base):
        a directory above it is left out, or it is. For paths not met by a walk, which
        would not have entered a left-out directory."""
        parts = path.split("/")
        for depth in range(1, len(parts)):
            if self.verdict(parts[:depth], 0, True):
                return True
        return bool(self.verdict(parts))

    def matcher(self) -> Callable[[str], bool]:
        """`match` for many paths: each folder's own verdict asked once, as the files of a
        folder share their folders (a scan of every file of a 5,000-file tree asked each
        folder again per file, 0.4 s)."""
        folders: dict[str, bool] = {}

        def match(path: str) -> bool:
            parts = path.split("/")
            for depth in range(1, len(parts)):
                folder = "/".join(parts[:depth])
                left_out = folders.get(folder)
                if left_out is None:
                    left_out = folders[folder] = bool(self.verdict(parts[:depth], 0, True))
                if left_out:
                    return True
            return bool(self.verdict(parts))
        return match
