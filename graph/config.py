"""Configuration: `refgraph.toml`, else `[tool.refgraph]` in `pyproject.toml`, read with tomllib.

Unknown keys and values are errors naming the file and line: a typo that silently
disables a check is worse than a failed run.
"""

from __future__ import annotations

import os
import re
import reprlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docs_index.corpus import DEFAULT_MAX_BYTES
from docs_index.files import NotRegularFile, TooLarge, read_regular
from docs_index.wildmatch import PatternError, parse_line
from graph.findings import Severity

FAIL_ON_CHOICES = ("error", "warning", "info", "never")
RULE_LEVELS = ("error", "warning", "info", "off")


class ConfigError(ValueError):
    """A one-line, user-facing configuration error (`file:line: what`)."""


@dataclass(frozen=True)
class Config:
    posts: str = "blog/[0-9]*.md"
    """Glob (gitignore syntax, relative to the root) of the series' posts."""
    index: str = "blog/README.md"
    plan: str = "blog/BACKLOG.md"
    roots: tuple[str, ...] = ()
    """Directories (or files), relative to the corpus root, whose Markdown is checked; empty
    for all. Files elsewhere are still link targets."""
    exclude: tuple[str, ...] = ()
    """Extra gitignore-style patterns of files to leave out."""
    fail_on: str = "error"
    rules: dict[str, str] = field(default_factory=dict)
    """Rule id → `error` | `warning` | `info` | `off`."""
    select: tuple[str, ...] = ()
    """If set, only these rule ids (or id prefixes such as `RG1`) run."""
    ignore: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_BYTES
    reading_speed: int = 230
    """Words per minute, for reading times computed from word counts."""
    tolerance: float = 0.25
    """How far a stated number (reading time, word count) may stray from the measured
    one, as a fraction of the measured value, before a rule reports it."""
    orphans_allow: tuple[str, ...] = ()
    """Gitignore-style patterns of docs that may have no incoming link (RG501)."""
    explicit: frozenset[str] = frozenset()
    """Which of posts/index/plan the user set, so layout detection leaves them alone."""
    source: str = ""
    """The file the configuration came from, empty for defaults."""

    def level(self, rule_id: str, default: Severity) -> Severity | None:
        """The severity a rule runs at, or None when it is switched off or not selected."""
        if self.select and not any(rule_id.startswith(s) for s in self.select):
            return None
        if any(rule_id.startswith(s) for s in self.ignore):
            return None
        value = self.rules.get(rule_id)
        if value == "off":
            return None
        return Severity(value) if value else default


_KEYS = {
    "posts": str, "index": str, "plan": str, "exclude": list, "fail-on": str, "rules": dict,
    "select": list, "ignore": list, "max-file-size": int, "reading-speed": int,
    "tolerance": float, "orphans-allow": list, "roots": list,
}


_TOML_KINDS = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
               list: "a list", dict: "a table"}


def _given(value: object) -> str:
    """A TOML value as written (`true`, `'20MB'`, shortened if long) and what it is, in the
    words of the TOML spec rather than Python's type names."""
    kind = next((name for kind, name in _TOML_KINDS.items() if isinstance(value, kind)),
                "a date or time")
    shown = str(value).lower() if isinstance(value, bool) else reprlib.repr(value)
    return f"{shown} ({kind})"


_PATTERN_KEYS = ("posts", "exclude", "orphans-allow")
"""Keys whose values are gitignore-style patterns."""


def _line_of(text: str, key: str, after: int = 0) -> int:
    """Line of `key = …` (or of a `[key]` table) in a TOML file, at or after line `after`:
    tomllib reports no positions, and an error that names the line is what lets a user
    fix it at once."""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip().strip('"')
        if number < after:
            continue
        if stripped.startswith(key) and stripped[len(key):].lstrip(' "').startswith("="):
            return number
        if stripped.strip("[] ").endswith(key) and stripped.startswith("["):
            return number
    return max(after, 1)


def _element_line(text: str, element: str, after: int) -> int:
    """Line of a list element written plainly (`"notes/"` or `'notes/'`) at or after line
    `after`, so an error in an array spread over lines names the element's line."""
    for number, line in enumerate(text.split("\n")[after - 1 :], after):
        if f'"{element}"' in line or f"'{element}'" in line:
            return number
    return after


def _check_patterns(key: str, value: str | list[str], name: str, text: str,
                    line: int) -> None:
    """A pattern git would keep but that can match nothing is a mistake in a config: the
    files it was meant to name would be silently left alone."""
    for pattern in [value] if isinstance(value, str) else value:
        try:
            parsed = parse_line(pattern)
        except PatternError as err:
            where = f"{name}:{_element_line(text, pattern, line)}"
            raise ConfigError(f"{where}: {key} pattern {pattern!r}: {err}") from None
        where = f"{name}:{line}"
        if parsed is None and key == "posts":
            raise ConfigError(f"{where}: posts pattern {pattern!r} is blank or a comment")


def _validate(table: dict[str, Any], text: str, name: str, known_rules: frozenset[str],
              after: int = 0) -> Config:
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = _line_of(text, key, after)
        where = f"{name}:{line}"
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}; expected one of "
                              f"{', '.join(sorted(_KEYS))}")
        expected = _KEYS[key]
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be {_TOML_KINDS[expected]}, got "
                              f"{_given(value)}")
        if key == "fail-on" and value not in FAIL_ON_CHOICES:
            raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, "
                              f"got {value!r}")
        if key == "rules":
            for rule_id, level in value.items():
                at = f"{name}:{_line_of(text, rule_id, after)}"
                if rule_id not in known_rules:
                    raise ConfigError(f"{at}: unknown rule {rule_id!r}")
                if level not in RULE_LEVELS:
                    raise ConfigError(f"{at}: {rule_id} must be one of "
                                      f"{', '.join(RULE_LEVELS)}, got {level!r}")
        if key == "tolerance" and not 0 <= value <= 10:
            raise ConfigError(f"{where}: tolerance must be between 0 and 10, got {value}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key} must be a list of strings")
        if isinstance(value, str | list) and any("\0" in v for v in (
                [value] if isinstance(value, str) else value)):
            raise ConfigError(f"{where}: {key} contains a NUL character")
        if key in _PATTERN_KEYS:
            _check_patterns(key, value, name, text, line)
        if key in ("select", "ignore"):
            for rule_id in value:
                if not any(r.startswith(rule_id) for r in known_rules):
                    raise ConfigError(f"{where}: unknown rule {rule_id!r}")
        if key in ("max-file-size", "reading-speed") and value <= 0:
            raise ConfigError(f"{where}: {key} must be positive, got {value}")
        values[key.replace("-", "_")] = tuple(value) if isinstance(value, list) else value
    explicit = frozenset(k for k in ("posts", "index", "plan") if k in values)
    return Config(**values, explicit=explicit, source=name)


def load_config(root: Path, config_file: Path | None, known_rules: frozenset[str]) -> Config:
    """Read the configuration for a corpus rooted at `root`.

    `config_file` (from `--config`) wins; else `refgraph.toml` in the root; else
    `[tool.refgraph]` in the root's `pyproject.toml`; else the defaults.
    """
    candidates: list[tuple[Path, bool]] = []
    if config_file is not None:
        candidates.append((config_file, config_file.name == "pyproject.toml"))
    else:
        candidates += [(root / "refgraph.toml", False), (root / "pyproject.toml", True)]
    for path, nested in candidates:
        if not os.path.lexists(path):  # a broken link is there, and an error to read
            if config_file is not None:
                raise ConfigError(f"{path}: no such configuration file")
            continue
        text = _read(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{path.name}:{_toml_line(err)}: invalid TOML: {err}") from None
        table: object = data
        after = 0
        if nested:
            tool = data.get("tool", {})
            if not isinstance(tool, dict):
                raise ConfigError(f"{path.name}:{_line_of(text, 'tool')}: tool must be a "
                                  f"table, got {_given(tool)}")
            table = tool.get("refgraph")
            after = _line_of(text, "tool.refgraph") if "[tool.refgraph]" in text else 0
            if table is None:
                continue
            if not isinstance(table, dict):
                raise ConfigError(f"{path.name}:{_line_of(text, 'refgraph')}: tool.refgraph "
                                  f"must be a table, got {_given(table)}")
        assert isinstance(table, dict)
        config = _validate(table, text, path.name, known_rules, after)
        for sub in config.roots:
            if not (root / sub).exists():
                raise ConfigError(f"{path.name}:{_line_of(text, 'roots', after)}: roots entry "
                                  f"{sub!r} does not exist under {root}")
        return config
    return Config()


def _read(path: Path) -> str:
    """The text of a configuration file, or a one-line ConfigError saying why not."""
    try:
        data = read_regular(path, DEFAULT_MAX_BYTES)
    except NotRegularFile as err:
        raise ConfigError(f"{path.name}: not a regular file but {err.kind}") from None
    except TooLarge as err:
        raise ConfigError(f"{path.name}: file is {err.size:,} bytes, over the "
                          f"{DEFAULT_MAX_BYTES:,}-byte limit") from None
    except OSError as err:
        raise ConfigError(f"{path.name}: cannot read: {err.strerror or err}") from None
    try:
        # TOML is UTF-8 (and tomllib takes no BOM: a BOM is a TOML error with its line)
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ConfigError(f"{path.name}:{line}: not valid UTF-8 (byte "
                          f"0x{data[err.start]:02x} at offset {err.start}); TOML is UTF-8"
                          ) from None


def _toml_line(err: tomllib.TOMLDecodeError) -> int:
    """tomllib puts the position only in its message: `… (at line 3, column 9)`."""
    found = re.search(r"\(at line (\d+), column \d+\)", str(err))
    return int(found.group(1)) if found else 1
