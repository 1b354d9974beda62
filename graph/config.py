"""Configuration: `refgraph.toml`, else `[tool.refgraph]` in `pyproject.toml`, read with tomllib.

Unknown keys and values are errors naming the file and line: a typo that silently
disables a check is worse than a failed run.
"""

from __future__ import annotations

import math
import os
import re
import reprlib
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docs_index.corpus import DEFAULT_MAX_BYTES
from docs_index.files import NotRegularFile, TooLarge, read_regular
from docs_index.sites import SITE_SETTINGS, SiteRoot
from docs_index.sites.generic import GenericSettings, generic_root
from docs_index.wildmatch import PatternError, parse_line
from graph.findings import Severity
from graph.rule_names import RuleNames, did_you_mean
from graph.toml_lines import Path as TomlPath
from graph.toml_lines import key_lines, line_of

FAIL_ON_CHOICES = ("error", "warning", "info", "never")
RULE_LEVELS = ("error", "warning", "info", "off")


class ConfigError(ValueError):
    """A one-line, user-facing configuration error (`file:line: what`)."""


@dataclass(frozen=True)
class SeriesTable:
    """One `[[series]]` table: a series as the user names it."""

    name: str
    posts: str
    """Glob (gitignore syntax, relative to the root) of its posts."""
    index: str = ""
    plan: str = ""
    order: str = "number"
    """`number` (file names), `date`, `index` (the index's order), `nav` (a site's menu)."""
    at: str = ""
    """`refgraph.toml:7`, where the table starts."""


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
    site: str = "auto"
    """How the corpus is published: `auto` (detected from `mkdocs.yml`, else GitHub), or a
    site's name (`github`, `mkdocs`) to read it so."""
    site_root: str = ""
    """For a site refgraph has no profile for: the folder served at its `/` (relative to
    the corpus root)."""
    implied_extension: str = ".md"
    """For that site: what a link without an extension names (`/x` → `x.md`); "" when
    links name files as they are."""
    series: tuple[SeriesTable, ...] = ()
    """`[[series]]` tables: each series named and placed by hand; discovery is then off."""
    explicit: frozenset[str] = frozenset()
    """Which of posts/index/plan the user set, so layout detection leaves them alone."""
    source: str = ""
    """The file the configuration came from, empty for defaults."""
    origins: dict[str, str] = field(default_factory=dict)
    """Where each setting that is not a default was set, by its key in the file
    (`fail-on`): `refgraph.toml:3`, or `--fail-on` for the command line."""

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
    "tolerance": float, "orphans-allow": list, "roots": list, "site": str, "series": list,
    "site-root": str, "implied-extension": str,
}
_SERIES_KEYS = {"name": str, "posts": str, "index": str, "plan": str, "order": str}
SERIES_ORDERS = ("number", "date", "index", "nav")

GENERIC_KEYS = ("site-root", "implied-extension")
"""The settings that describe a site refgraph has no profile for."""
_EXTENSION_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def generic_site(config: Config) -> SiteRoot | None:
    """The site `site-root` and `implied-extension` describe, or None when neither is set
    (and `site` is not `generic`)."""
    if config.site != "generic" and not any(k in config.origins for k in GENERIC_KEYS):
        return None
    return generic_root(GenericSettings(config.site_root, config.implied_extension))


def _check_site_root(value: str, at: str) -> str:
    """`site-root` as a folder of the corpus, POSIX and relative (`docs/content`)."""
    folder = value.replace("\\", "/").strip("/")
    parts = [p for p in folder.split("/") if p not in ("", ".")]
    if value.startswith("/") or ".." in parts or ":" in value:
        raise ConfigError(f"{at}: site-root must be a folder under the checked root "
                          f"('docs/content'), got {value!r}")
    return "/".join(parts)


def _check_extension(value: str, at: str) -> str:
    if value and (value[0] != "." or len(value) > 16 or not value[1:]
                  or not set(value[1:]) <= _EXTENSION_CHARS):
        guess = f"; did you mean '.{value}'?" if value.isalnum() else ""
        raise ConfigError(f"{at}: implied-extension must be a dot and letters ('.md'), or "
                          f"empty, got {value!r}{guess}")
    return value


_LIMITS = {"max-file-size": 1 << 30, "reading-speed": 10_000}
"""Upper bounds of the integer settings: a Markdown file over 1 GiB or a reader of
10,000 words a minute is a mistake, and an unbounded value reaches the reader's buffer
(`max-file-size`) and every reading time's arithmetic (`reading-speed`)."""


def _number(value: int) -> str:
    """An integer for a message: as written, unless too long for a line."""
    if value.bit_length() <= 64:
        return str(value)
    # str() itself refuses an int past 4,300 digits, which `0x` and 5,000 `f`s is
    return f"a number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"


_TOML_KINDS = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
               list: "a list", dict: "a table"}


def _given(value: object) -> str:
    """A TOML value as written (`true`, `'20MB'`, shortened if long) and what it is, in the
    words of the TOML spec rather than Python's type names."""
    kind = next((name for kind, name in _TOML_KINDS.items() if isinstance(value, kind)),
                "a date or time")
    if isinstance(value, bool):
        shown = str(value).lower()
    elif isinstance(value, int):
        shown = _number(value)  # repr() of an int past 4,300 digits raises
    else:
        shown = reprlib.repr(value)
    return f"{shown} ({kind})"


_PATTERN_KEYS = ("posts", "exclude", "orphans-allow")
"""Keys whose values are gitignore-style patterns."""


@dataclass(frozen=True)
class _Where:
    """`file:line` of a key path in the settings table, for error messages."""

    name: str
    lines: dict[TomlPath, int]
    prefix: TomlPath = ()
    """Where the settings table is: `("tool", "refgraph")` or the top level."""

    def __call__(self, *keys: str | int) -> str:
        return f"{self.name}:{line_of(self.lines, (*self.prefix, *keys))}"


def _check_patterns(key: str, value: str | list[str], where: _Where) -> None:
    """A pattern git would keep but that can match nothing is a mistake in a config: the
    files it was meant to name would be silently left alone."""
    patterns = [(where(key), value)] if isinstance(value, str) else [
        (where(key, index), pattern) for index, pattern in enumerate(value)]
    for at, pattern in patterns:
        try:
            parsed = parse_line(pattern)
        except PatternError as err:
            raise ConfigError(f"{at}: {key} pattern {pattern!r}: {err}") from None
        if parsed is None and key == "posts":
            raise ConfigError(f"{at}: posts pattern {pattern!r} is blank or a comment")


def _validate(table: dict[str, Any], where: _Where, known_rules: RuleNames) -> Config:
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in table.items():
        at = where(key)
        if key not in _KEYS:
            guess = did_you_mean(key, _KEYS)
            raise ConfigError(f"{at}: unknown key {key!r}" + (
                guess or f"; expected one of {', '.join(sorted(_KEYS))}"))
        expected = _KEYS[key]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            # an integer past a float's range (`tolerance = 1` and 400 zeros) is infinite,
            # which the range check below refuses, rather than an OverflowError
            value = float(value) if abs(value) < 2**1000 else float("inf") * (value > 0 or -1)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{at}: {key} must be {_TOML_KINDS[expected]}, got "
                              f"{_given(value)}")
        if key == "fail-on" and value not in FAIL_ON_CHOICES:
            raise ConfigError(f"{at}: fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, "
                              f"got {value!r}")
        if key == "site" and value not in SITE_SETTINGS:
            raise ConfigError(f"{at}: site must be one of {', '.join(SITE_SETTINGS)}, "
                              f"got {value!r}")
        if key == "rules":
            value = _rule_levels(value, where, known_rules)
        if key == "series":  # a list of tables, checked key by key
            values["series"] = tuple(_series_tables(value, where))
            origins[key] = at
            continue
        if key == "site-root" and isinstance(value, str):
            value = _check_site_root(value, at)
        if key == "implied-extension" and isinstance(value, str):
            value = _check_extension(value, at)
        if key == "tolerance" and not 0 <= value <= 10:
            raise ConfigError(f"{at}: tolerance must be between 0 and 10, got {value}")
        if isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise ConfigError(f"{where(key, index)}: {key} must be a list of strings, "
                                      f"got {_given(item)}")
        if isinstance(value, str | list) and any("\0" in v for v in (
                [value] if isinstance(value, str) else value)):
            raise ConfigError(f"{at}: {key} contains a NUL character")
        if key in _PATTERN_KEYS:
            _check_patterns(key, value, where)
        if key in ("select", "ignore"):
            value = [_selector(rule, where(key, index), known_rules)
                     for index, rule in enumerate(value)]
        if key in _LIMITS and value <= 0:
            raise ConfigError(f"{at}: {key} must be positive, got {_number(value)}")
        if key in _LIMITS and value > _LIMITS[key]:
            raise ConfigError(f"{at}: {key} must be at most {_LIMITS[key]:,}, got "
                              f"{_number(value)}")
        values[key.replace("-", "_")] = tuple(value) if isinstance(value, list) else value
        origins[key] = at
    generic = [k for k in GENERIC_KEYS if k in table]
    if generic and values.get("site") not in (None, "auto", "generic"):
        raise ConfigError(f"{where(generic[0])}: {generic[0]} describes a generic site, but "
                          f"site = {values['site']!r} (at {where('site')}); drop one")
    explicit = frozenset(k for k in ("posts", "index", "plan") if k in values)
    if explicit and values.get("series"):
        key = sorted(explicit)[0]
        raise ConfigError(f"{where(key)}: {key} is set beside [[series]] tables; give it "
                          "its own [[series]] table instead (the single-series keys are one "
                          "such table)")
    return Config(**values, explicit=explicit, source=where.name, origins=origins)


def _series_tables(tables: list[Any], where: _Where) -> list[SeriesTable]:
    """`[[series]]` tables, each checked as the top-level keys are: known keys, strings,
    `posts` a pattern that can match, `order` one of `SERIES_ORDERS`, names unique."""
    found: list[SeriesTable] = []
    for number, table in enumerate(tables):
        if not isinstance(table, dict):
            raise ConfigError(f"{where('series', number)}: series must be a list of tables "
                              f"([[series]]), got {_given(table)}")
        for key, value in table.items():
            at = where("series", number, key)
            if key not in _SERIES_KEYS:
                raise ConfigError(f"{at}: unknown key {key!r} in [[series]]" + (
                    did_you_mean(key, _SERIES_KEYS)
                    or f"; expected one of {', '.join(sorted(_SERIES_KEYS))}"))
            if not isinstance(value, str):
                raise ConfigError(f"{at}: series {key} must be a string, got {_given(value)}")
            if "\0" in value:
                raise ConfigError(f"{at}: series {key} contains a NUL character")
        for key in ("name", "posts"):
            if not str(table.get(key, "")).strip():
                raise ConfigError(f"{where('series', number)}: [[series]] needs a {key}")
        _check_patterns("posts", table["posts"], replace(
            where, prefix=(*where.prefix, "series", number)))
        order = table.get("order", "number")
        if order not in SERIES_ORDERS:
            raise ConfigError(f"{where('series', number, 'order')}: series order must be one "
                              f"of {', '.join(SERIES_ORDERS)}, got {order!r}")
        if any(t.name == table["name"] for t in found):
            raise ConfigError(f"{where('series', number, 'name')}: a series named "
                              f"{table['name']!r} is already defined")
        found.append(SeriesTable(table["name"], table["posts"], table.get("index", ""),
                                 table.get("plan", ""), order, where("series", number)))
    return found


def _rule_levels(levels: dict[str, Any], at: _Where, known_rules: RuleNames) -> dict[str, str]:
    """`rules = { … }` with each rule named by its id, whatever the user wrote."""
    resolved: dict[str, str] = {}
    for spelled, level in levels.items():
        where = at("rules", spelled)
        rule_id = known_rules.resolve(spelled)
        if rule_id is None:
            raise ConfigError(f"{where}: {known_rules.unknown(spelled)}")
        if level not in RULE_LEVELS:
            raise ConfigError(f"{where}: {spelled} must be one of "
                              f"{', '.join(RULE_LEVELS)}, got {_given(level)}")
        if rule_id in resolved:
            raise ConfigError(f"{where}: {spelled} names {rule_id}, which rules already sets")
        resolved[rule_id] = level
    return resolved


def _selector(spelled: str, at: str, known_rules: RuleNames) -> str:
    selector = known_rules.resolve_selector(spelled)
    if selector is None:
        raise ConfigError(f"{at}: {known_rules.unknown(spelled)}")
    return selector


def _refgraph_table(data: dict[str, Any], nested: bool,
                    at: _Where) -> tuple[dict[str, Any] | None, TomlPath]:
    """The settings table and its key path: `[tool.refgraph]` in pyproject.toml; the top
    level of refgraph.toml, or a `[tool.refgraph]` there too, since that is the block the
    README shows and a user may paste it as it is."""
    tool = data.get("tool")
    if not nested and tool is None:
        return data, ()
    if nested and tool is None:
        return None, ()
    if not isinstance(tool, dict):
        raise ConfigError(f"{at('tool')}: tool must be a table, got {_given(tool)}")
    if not nested:
        top_level = sorted(set(data) - {"tool"})
        others = sorted(set(tool) - {"refgraph"})
        if others:
            raise ConfigError(f"{at('tool', others[0])}: unknown table [tool.{others[0]}]; "
                              f"{at.name} takes its settings at the top level (or under "
                              "[tool.refgraph])")
        if top_level:
            raise ConfigError(f"{at(top_level[0])}: {top_level[0]} is at the top level but "
                              f"other settings are under [tool.refgraph]; keep them in one "
                              "place")
    table = tool.get("refgraph")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{at('tool', 'refgraph')}: tool.refgraph must be a table, got "
                          f"{_given(table)}")
    return table, ("tool", "refgraph")


def load_config(root: Path, config_file: Path | None,
                known_rules: RuleNames | Iterable[str]) -> Config:
    """Read the configuration for a corpus rooted at `root`.

    `config_file` (from `--config`) wins; else `refgraph.toml` in the root; else
    `[tool.refgraph]` in the root's `pyproject.toml`; else the defaults. `known_rules`:
    the rules' ids and names (`graph.checks.RULE_NAMES`), or their ids only.
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
        except ValueError:
            # not a TOMLDecodeError (caught above): int() refusing a number of more digits
            # than Python converts (4,300), raised by tomllib without a position
            line = _long_number_line(text)
            raise ConfigError(f"{path.name}{'' if line is None else f':{line}'}: a number "
                              f"of more than {sys.get_int_max_str_digits():,} digits, which "
                              "Python does not read") from None
        except RecursionError:  # tomllib recurses once per nested array or inline table
            raise ConfigError(f"{path.name}: invalid TOML: arrays or inline tables nested "
                              "too deeply") from None
        where = _Where(path.name, key_lines(text))
        table, prefix = _refgraph_table(data, nested, where)
        if table is None:
            continue
        where = replace(where, prefix=prefix)
        rules = known_rules if isinstance(known_rules, RuleNames) else RuleNames.of(known_rules)
        config = _validate(table, where, rules)
        if config.site_root and not (root / config.site_root).is_dir():
            raise ConfigError(f"{where('site-root')}: site-root {config.site_root!r} is not "
                              f"a folder under {root}")
        for index, sub in enumerate(config.roots):
            if not (root / sub).exists():
                raise ConfigError(f"{where('roots', index)}: roots entry "
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


_NUMBER_RUN = re.compile(r"(?<![\w.])[0-9][0-9A-Za-z_]*")
"""A number as TOML writes it (`1_000`, `0xff`), whole: it starts where no word
character is before it and takes every one after it, so each run is read once."""


def _long_number_line(text: str) -> int | None:
    """The line of the first number too long for int() (digits, or hex/octal/binary
    digits, past Python's limit), or None if none is found."""
    limit = sys.get_int_max_str_digits()
    for run in _NUMBER_RUN.finditer(text):
        if len(run.group()) - run.group().count("_") > limit:
            return text.count("\n", 0, run.start()) + 1
    return None


def _toml_line(err: tomllib.TOMLDecodeError) -> int:
    """tomllib puts the position only in its message: `… (at line 3, column 9)`."""
    found = re.search(r"\(at line (\d+), column \d+\)", str(err))
    return int(found.group(1)) if found else 1
