"""YAML front matter → plain, JSON-like data: `str`, `int`, `float`, `bool`, `None`, lists
and dicts with string keys, and nothing else.

PyYAML's safe loader still builds values refgraph cannot use or keep deterministic: dates
(and a `ValueError` for `2024-02-30`), sets (hash-ordered), bytes, integers of any size, and,
through aliases, shared or recursive structures whose expanded size grows exponentially
with the text (nine lines of nested aliases are hundreds of millions of values). So the
parser's events are read once first (`_measure`), counting each value's size and depth
*with aliases expanded* without expanding anything, and a bomb, a cycle or deep nesting is
refused before any value is built. What passes is built by PyYAML's safe constructor with a
few of its constructors replaced (`_Loader`: a date as text, a set as a list in the order
written, no bytes, no integer over 64 bits), and a value it cannot build is refused at its
own line. A refusal is one `Problem` (RG002) at the offending value, and the file's front
matter is then empty, as after a syntax error.

The count is written by hand because PyYAML has no limit of its own on alias expansion
(nor has ruamel.yaml). It reads events rather than walking `yaml.compose`'s nodes because
the composer gives an alias no position of its own (it is the anchored node), so a cycle
could not be reported where it is written; the events carry every alias's position, for
one more pass of the C parser (the whole read is no slower than before: ~190 µs for a
typical post's front matter, ~210 µs before).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    ScalarEvent,
)
from yaml.nodes import Node, ScalarNode

from docs_index.model import Location, Problem

MAX_VALUES = 10_000
"""Most values (scalars, lists, mappings, each key and each value) front matter may hold once
its aliases are expanded: hand-written front matter holds tens; a copy of anything larger
would cost memory out of all proportion to the file."""
MAX_DEPTH = 100
"""Most levels of nesting, aliases expanded. PyYAML composes and merges (`<<`) recursively,
and the plain copy and the cache walk the value; 100 levels, like the Markdown nesting
limit, keeps every walk far from Python's recursion limit."""
INT_BITS = 64
"""Integers must fit in this many bits (signed), as JSON readers and most YAML tools hold
them; Python would build any size, slowly, and refuses to print one over 4,300 digits."""

_TAG = "tag:yaml.org,2002:"


class Refused(yaml.MarkedYAMLError):
    """Well-formed YAML holding a value refgraph does not read; `problem` says which."""


def _shown(text: str, limit: int = 24) -> str:
    """A scalar as written, cut short so a finding stays one readable line."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# libyaml's parser when PyYAML has it, as python-frontmatter itself prefers (its messages
# are the ones refgraph has always shown); the constructor is PyYAML's Python one either way
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _measure(events: Iterable[Event]) -> None:
    """Refuse, before anything is built, front matter that holds more than `MAX_VALUES`
    values or is nested deeper than `MAX_DEPTH` once its aliases are expanded, or an alias
    inside its own anchor's value.

    One pass over the parser's events, with a stack: each open collection sums the
    (values, depth) of its children, an anchored node's totals are kept by anchor name, and
    an alias adds its anchor's totals, so counting costs one step per event however much
    the aliases expand to, and every refusal is located at the value that crossed the limit
    (or at the alias).
    """
    stack: list[list] = []  # per open collection: [values, height, anchor], aliases expanded
    anchors: dict[str, tuple[int, int]] = {}
    total = 0
    aliased = False

    def count(values: int, height: int, mark: Mark) -> None:
        """Count a value of `values` values and `height` levels starting at `mark`."""
        nonlocal total
        total += values
        if total > MAX_VALUES:
            which = "once aliases are expanded " if aliased else ""
            raise Refused(None, None, f"front matter too large {which}(over {MAX_VALUES:,} "
                          "values)", mark)
        if len(stack) + height > MAX_DEPTH:
            which = " once aliases are expanded" if aliased else ""
            raise Refused(None, None, f"front matter nested more than {MAX_DEPTH} levels "
                          f"deep{which}", mark)

    def close(values: int, height: int, anchor: str | None) -> None:
        if anchor is not None:
            anchors[anchor] = (values, height)
        if stack:
            stack[-1][0] += values
            stack[-1][1] = max(stack[-1][1], height + 1)

    for event in events:
        if isinstance(event, CollectionStartEvent):
            count(1, 1, event.start_mark)
            stack.append([1, 1, event.anchor])
        elif isinstance(event, CollectionEndEvent):
            close(*stack.pop())
        elif isinstance(event, ScalarEvent):
            count(1, 1, event.start_mark)
            close(1, 1, event.anchor)
        elif isinstance(event, AliasEvent):
            if any(frame[2] == event.anchor for frame in stack):
                raise Refused(None, None, f"alias *{event.anchor} is recursive: its value "
                              "contains the alias itself", event.start_mark)
            aliased = True
            # an undefined alias counts as one value here; composing reports it
            values, height = anchors.get(event.anchor, (1, 1))
            count(values, height, event.start_mark)
            close(values, height, None)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader building only JSON-like values."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as err:  # any value the safe constructor fails on
            # (`!!int abc`, `!!bool maybe`, `!!timestamp x`) is the file's fault: a finding
            # at that value, never a crash of the run
            tag = node.tag.replace(_TAG, "!!")
            written = _shown(node.value) if isinstance(node, ScalarNode) else "this value"
            raise Refused(None, None, f"cannot read {written} as {tag}: {err}",
                          node.start_mark) from err

    def construct_yaml_timestamp(self, node: Node) -> str:
        """A valid date as its ISO text (`2024-01-05`, `2024-01-05 10:00:00+00:00` for
        `2024-1-5t10:00:00Z`), as refgraph has always kept it and posts/ reads it; an
        impossible one (`2024-02-30`) refused."""
        text = self.construct_scalar(node)
        if not self.timestamp_regexp.match(text):
            raise Refused(None, None, f"{_shown(text)} is not a date", node.start_mark)
        try:
            return str(super().construct_yaml_timestamp(node))
        except (ValueError, OverflowError) as err:
            raise Refused(None, None, f"{_shown(text)} is not a date: {err}",
                          node.start_mark) from err

    def construct_yaml_int(self, node: Node) -> int:
        text = self.construct_scalar(node)
        # checked on the text first: Python's int() is slow on huge inputs, and the
        # sexagesimal form (`1:0:0:…`) multiplies out without a digit limit
        if len(text) <= 3 * INT_BITS:
            value = super().construct_yaml_int(node)
            if -(2 ** (INT_BITS - 1)) <= value < 2 ** (INT_BITS - 1):
                return value
        raise Refused(None, None, f"integer {_shown(text)} is too large (over {INT_BITS} "
                      "bits)", node.start_mark)

    def construct_yaml_binary(self, node: Node) -> bytes:
        raise Refused(None, None, "binary data (!!binary) is not text", node.start_mark)

    def construct_yaml_set(self, node: Node) -> Any:
        """A set as the list of its members in the order written: a Python set would come
        out in hash order, different in every run."""
        members: list = []
        yield members
        members.extend(self.construct_mapping(node))

    def construct_yaml_pairs(self, node: Node) -> Any:
        """`!!omap` and `!!pairs` as a list of `[key, value]` lists, in order (tuples are not
        JSON-like)."""
        pairs: list = []
        yield pairs
        built = super().construct_yaml_pairs(node)
        found = next(built)
        for _ in built:  # the generator fills what it yielded when run to its end
            pass
        pairs.extend([key, value] for key, value in found)

    yaml_constructors = {
        **_SafeLoader.yaml_constructors,
        f"{_TAG}timestamp": construct_yaml_timestamp,
        f"{_TAG}int": construct_yaml_int,
        f"{_TAG}binary": construct_yaml_binary,
        f"{_TAG}set": construct_yaml_set,
        f"{_TAG}omap": construct_yaml_pairs,
        f"{_TAG}pairs": construct_yaml_pairs,
    }


def read_front_matter(path: str, text: str, first: int) -> tuple[dict[str, Any], dict[str, int],
                                                               list[Problem]]:
    """The front matter `text` of the file at `path`, whose first line is line `first` of the
    file: its keys and values, the line of each top-level key, and at most one problem.

    python-frontmatter's YAML handler reads the block, with the loader above; its own
    `loads()` would split the file again and strip it, losing the line numbers findings need.
    """
    try:
        _measure(yaml.parse(text, Loader=_SafeLoader))
        data = YAMLHandler().load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        line, col = first - 1, 1
        if mark is not None and any(brk in text for brk in "\x85\u2028\u2029"):
            # YAML also ends a line at these, Markdown and editors do not: count from the
            # character index instead
            line = first + text.count("\n", 0, mark.index)
            col = mark.index - text.rfind("\n", 0, mark.index)
        elif mark is not None:
            line, col = first + mark.line, mark.column + 1
        detail = problem if isinstance(err, Refused) else f"YAML error: {problem}"
        return {}, {}, [Problem(Location(path, line, col), "RG002", detail)]
    if data is None:
        return {}, {}, []
    if not isinstance(data, dict):
        kind = type(data).__name__
        return {}, {}, [Problem(Location(path, first - 1, 1), "RG002",
                                f"it is a YAML {kind}, not a mapping of keys")]
    # Top-level keys start a line with `key:`; YAML gives no positions through this API,
    # and posts/ wants the line of `prev:` / `next:` for its findings.
    lines: dict[str, int] = {}
    for offset, line_text in enumerate(text.split("\n")):
        key, sep, _ = line_text.partition(":")
        if sep and key and not key[0].isspace() and key.strip() in data:
            lines.setdefault(key.strip(), first + offset)
    return {str(k): _plain(v) for k, v in data.items()}, lines, []


def _plain(value: object) -> object:
    """A copy with every mapping key a string. The loader builds nothing but JSON-like
    values, and bounds their number and depth, so this copy (which expands what aliases
    share) is bounded too."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
