"""RG6xx: the numbers the index and the plan state, against the corpus and each other.

The claims come from `posts/stats.py` (see its docstring for the shapes read) and sit on
the index and plan nodes as `claims`; the corpus side is the published posts' `number`,
`words` and `minutes`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from docs_index.model import Location
from graph.checks.chains import all_series
from graph.config import Config
from graph.findings import Finding, Severity
from graph.model import EdgeKind, NodeKind, memo, nodes_of
from graph.plans import entry_number
from graph.rules import Rule
from posts.stats import Measure, Progress, Remaining, Stat, StatedStats

_WHAT = {Measure.POSTS: "post count", Measure.WORDS: "total words",
         Measure.MINUTES: "reading time"}
_NOT_DONE = re.compile(r"📝|🚧|⏳|\b(?:planned|draft|drafting|in\s+progress|wip|todo|to\s*do|"
                       r"not\s+(?:yet\s+)?(?:started|done|written|published)|writing|pending|"
                       r"scheduled|in\s+review|idea)\b", re.I)
_DONE = re.compile(r"✅|✔|☑|\b(?:done|complete|completed|published|written|finished|shipped|"
                   r"live)\b", re.I)


@dataclass(frozen=True)
class _Series:
    """What the corpus really holds."""

    posts_: tuple[tuple[int | None, int, int], ...]
    """(number, words, minutes) of each published post, by number (None for a post
    without one, last)."""
    speed: int
    """Words per minute the minutes were computed at."""
    name: str | None = None
    """The series counted, when the corpus has several: messages name it."""
    word: str = "post"
    """What the series calls a post ("3 lessons of 02-models are published")."""

    @property
    def posts(self) -> int:
        return len(self.posts_)

    def published(self, count: int, scope: tuple[int, int] | None = None) -> str:
        return _published(count, scope, self.name, self.word)

    @property
    def numbered(self) -> bool:
        """Whether post numbers can tell which posts a range counts."""
        return any(n is not None for n, _, _ in self.posts_)

    def _of(self, scope: tuple[int, int] | None) -> list[tuple[int | None, int, int]]:
        return [p for p in self.posts_ if scope is None
                or p[0] is not None and scope[0] <= p[0] <= scope[1]]

    def within(self, scope: tuple[int, int]) -> int:
        return len(self._of(scope))

    def value(self, measure: Measure, scope: tuple[int, int] | None = None) -> int:
        posts = self._of(scope)
        if measure is Measure.POSTS:
            return len(posts)
        return sum(p[1] if measure is Measure.WORDS else p[2] for p in posts)

    def describe(self, measure: Measure, scope: tuple[int, int] | None = None) -> str:
        real = self.value(measure, scope)
        if measure is Measure.POSTS:
            return self.published(real, scope)
        which = f"{self.word}s #{scope[0]}-{scope[1]}" if scope else f"the {self.word}s"
        which += f" of {self.name}" if self.name else ""
        if measure is Measure.WORDS:
            return f"{which} hold {real:,} words"
        return f"{which} take {_duration(real)} at {self.speed} words/minute"


def _series(g: nx.MultiDiGraph, config: Config, name: str | None = None) -> _Series:
    """The posts a claim counts: every post in the single-series layout; with several
    series, the posts of series `name`, each lesson once (its sub-pages are part of it)."""
    posts = memo(g, "stated_posts", _posts_by_series).get(name, [])
    words = [p.place.word for s in all_series(g) if s.name == name for p in s.posts]
    return _Series(tuple(sorted(posts, key=lambda p: (p[0] is None, p[0] or 0, p[1], p[2]))),
                   config.reading_speed, name,
                   max(sorted(set(words)), key=words.count) if name and words else "post")


def _posts_by_series(g: nx.MultiDiGraph) -> dict[str | None, list[tuple[int | None, int, int]]]:
    """(number, words, minutes) of the posts on disk: every one under None, and each
    series' lessons (not their sub-pages) under its name; one pass for every claim."""
    found: dict[str | None, list[tuple[int | None, int, int]]] = defaultdict(list)
    for _, d in nodes_of(g, NodeKind.POST):
        if d["exists"]:
            post = (d.get("number"), d.get("words", 0), d.get("minutes", 0))
            found[None].append(post)
            if "series" in d and not d.get("sub_page"):
                found[d["series"]].append(post)
    return found


def _published(count: int, scope: tuple[int, int] | None = None,
               series: str | None = None, word: str = "post") -> str:
    where = (f" of {word}s #{scope[0]}-{scope[1]}" if scope
             else f" {word}s" if count != 1 else f" {word}")
    where += f" of {series}" if series else ""
    return f"{count}{where} {'is' if count == 1 else 'are'} published"


def _duration(minutes: float) -> str:
    if minutes < 60:
        return f"{minutes:g} minute{'' if minutes == 1 else 's'}"
    hours = _decimal(minutes / 60)
    return f"{hours} hour{'' if hours == '1' else 's'}"


def _decimal(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _claims(g: nx.MultiDiGraph, kind: NodeKind,
            ) -> Iterator[tuple[str, StatedStats, str | None]]:
    """(node, claims, the series they count: None for the single-series layout)."""
    for node, data in nodes_of(g, kind):
        if "claims" in data:
            yield node, data["claims"], data.get("claims_series")


def _planned(g: nx.MultiDiGraph, plan: str) -> list[tuple[int, str, str]]:
    """(number, title, status) of the plan's entries, by number."""
    entries = [(int(entry_number(g, dst)), g.nodes[dst]["title"], g.nodes[dst]["status"] or "")
               for _, dst, data in g.out_edges(plan, data=True) if data["kind"] == EdgeKind.PLANS]
    return sorted(entries)


def _scope(claims: StatedStats, total: int,
           stated: tuple[int | None, int | None]) -> tuple[int, int] | None:
    """The post numbers a "done/total" (or a target of `total` posts) counts: as stated
    ("(#11-30)", on its line or in a heading above it), else as another fraction or target
    of the same total states it ("All 20 posts (11-30) complete" for "20/20 complete"),
    else the `total` numbers ending where the remaining range ends ("Remaining: 11 posts
    (#20-30)" with "9/20" → #11-30). None when nothing says, or two claims disagree: the
    plan's entries are not used, as they may hold stretch goals beyond the total."""
    if stated[0] is not None and stated[1] is not None:
        return (stated[0], stated[1]) if stated[1] - stated[0] + 1 == total else None
    elsewhere = sorted({(c.first, c.last) for c in (*claims.progress, *claims.targets)
                        if c.first is not None and c.last is not None
                        and c.last - c.first + 1 == total})
    if elsewhere:
        return (elsewhere[0][0], elsewhere[0][1]) if len(elsewhere) == 1 else None
    # the range must fit in the total: "3/3 introductions" is not #9-11
    spans = [(r.first, r.last) for r in claims.remaining if r.first is not None]
    if not spans or not 1 <= spans[0][1] - total + 1 <= spans[0][0]:
        return None
    return spans[0][1] - total + 1, spans[0][1]


def _off(stat: Stat, real: int, tolerance: float) -> bool:
    """Whether a stated value is out of date. Posts are counted exactly unless written
    approximately; words and reading time always get the tolerance, as no two tools
    count words alike."""
    if stat.measure is Measure.POSTS and not stat.approximate:
        return real < stat.value if stat.at_least else real != stat.value
    if stat.at_least:
        return real < stat.value * (1 - tolerance)
    return abs(stat.value - real) > tolerance * real if real else stat.value > 0


def _rewrite(stat: Stat, real: int) -> str | None:
    """The claim as written, with the real value in the same style ("~100K" → "~61K",
    "~1 hour" → "~6 minutes")."""
    start, end = stat.number
    written = stat.text[start:end]
    if stat.measure is Measure.MINUTES:
        new = _duration_like(written, real)
    elif not re.fullmatch(r"[\d,.]+\s*[kK]?\+?", written):
        return None
    elif stat.scale == 1000 and real >= 1000:
        new = f"{round(real / 1000)}K" if real >= 9500 else f"{_decimal(real / 1000)}K"
    else:
        value = real
        if stat.measure is Measure.WORDS and stat.approximate:
            value = round(real, -3 if real >= 10_000 else -2 if real >= 100 else 0)
        new = f"{value:,}" if "," in written or stat.scale == 1000 else str(value)
    return stat.text[:start] + new + stat.text[end:]


def _duration_like(written: str, minutes: int) -> str:
    """`minutes` in the style of `written`: "6.5h" → "6.3h", "1 hour" → "6 minutes"."""
    unit = re.search(r"[a-zA-Z]+", written)
    unit_text = unit.group(0).lower() if unit else "minutes"
    short = unit_text in ("h", "m")
    space = "" if re.search(r"\d\+?[a-zA-Z]", written) else " "
    plus = "+" if "+" in written else ""
    if minutes >= 60:
        number = _decimal(minutes / 60)
        name = ("h" if short else "hrs" if unit_text.startswith("hr")
                else "hour" if number == "1" else "hours")
    else:
        number = str(minutes)
        name = ("m" if short else "min" if unit_text in ("min", "mins")
                else "minute" if number == "1" else "minutes")
    return f"{number}{plus}{space}{name}"


def _percent(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _percent_like(written: float | None, value: float) -> str:
    """`value` as the author writes percentages: whole (rounded half up) unless they did not."""
    return _percent(value) if written is not None and written % 1 else str(
        math.floor(value + 0.5))


def _progress_now(claims: StatedStats, series: _Series,
                  p: Progress) -> tuple[int, tuple[int, int] | None] | None:
    """How many posts `p` should count today, and the numbers counted; None if unknown."""
    scope = _scope(claims, p.total, (p.first, p.last))
    if scope is None and (p.qualifier or series.posts > p.total):
        return None  # "9/20 expansion posts", "3/3 introductions": which ones is not said
    if scope is not None and not series.numbered:
        return None  # posts without numbers: which are #11-30 cannot be told
    return (series.within(scope) if scope else series.posts), scope


def stale_statistics(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A count the index or the plan states about the series as it is now, which the corpus
    no longer matches: "A 30-part series" or "12 posts" against the published posts;
    "9/20 expansion posts complete (45%)" or "currently 9/20" against the posts published
    among the twenty; "Total: 45,000 words", "currently ~100K" or "(~150K actual)" words
    against the posts' words; "~4 hours of reading", "currently ~6.5h" or "(10.3h
    actual)" against their reading time at `reading-speed`.
    Which posts a figure counts: a range on its own line wins ("12 introduction posts
    (1-12) complete (currently 12/12)"), then one in a heading above it ("### Original
    Series (Posts 1-10)" / "**Posts**: 10" counts posts 1-10 only, and so do the words
    and reading time under it), then for a fraction the range that another fraction or
    target of the same total states ("All 20 posts (11-30) complete" for "20/20
    complete"), then the range ending where "Remaining: 11 posts (#20-30)" ends.
    With several series, each index and plan counts its own series' posts (a module's
    README its lessons, a sub-page being part of its lesson; lessons and chapters are
    counted as posts are). Post counts must be exact (unless written "~12"); words and
    times may stray by `tolerance`, since no two tools count words alike. Not flagged: a
    fraction whose posts cannot be told ("9/20 expansion posts" with no range stated
    anywhere), a range when the posts have no numbers, "Remaining: N posts" (RG602 checks
    it against the status), numbers in other shapes.
    ## Why it matters
    These numbers are what a reader sees first, and nobody updates them: a series that
    says "12 posts" above a list of 14 looks abandoned, and a plan saying "9/20 complete"
    misleads whoever picks it up.
    ## Failing example
    `blog/README.md` says "A 12-part series, ~2 hours of reading" while 14 posts of
    about 3,000 words are published: refgraph proposes "14-part series" and "~3 hours of
    reading". `blog/BACKLOG.md` says "9/20 complete (45%)" and "Remaining: 11 posts
    (#20-30)" while #11-20 are published: refgraph proposes "10/20 complete (50%)".
    ## Passing example
    "A 14-part series, ~3 hours of reading"; "10/20 complete (50%)".
    """
    for kind in (NodeKind.INDEX, NodeKind.BACKLOG):
        for _, claims, name in _claims(g, kind):
            series = _series(g, config, name)
            for stat in claims.current:
                scope = (stat.first, stat.last) if stat.first is not None and (
                    stat.last is not None) else None
                if scope is not None and not series.numbered:
                    continue
                real = series.value(stat.measure, scope)
                if not _off(stat, real, config.tolerance):
                    continue
                better = _rewrite(stat, real)
                yield STALE_STATISTIC.at(
                    stat.loc, what=f"{series.word} count" if stat.measure is Measure.POSTS
                    else _WHAT[stat.measure], claim=stat.text,
                    actual=series.describe(stat.measure, scope),
                    hint=f'write "{better}"' if better else None)
            for p in claims.progress:
                now = _progress_now(claims, series, p)
                if now is None or now[0] == p.done:
                    continue
                done, scope = now
                share = 100 * done / p.total if p.total else 0
                better = re.sub(rf"(?<!\d){p.done}(?=\s*(?:/|(?:out\s+)?of\s))", str(done),
                                p.text, count=1)
                better = re.sub(r"\d+(?:\.\d+)?(?=\s*%)", _percent_like(p.percent, share),
                                better, count=1)
                yield STALE_STATISTIC.at(
                    p.loc, what="progress", claim=p.text,
                    actual=f"{series.published(done, scope)} ({_percent(share)}%)",
                    hint=f'write "{better}"')


def _status(status: str) -> bool | None:
    """Whether a plan entry's status says done (True), not yet (False), or cannot tell."""
    if _NOT_DONE.search(status):
        return False
    return True if _DONE.search(status) else None


def _status_of(claims: StatedStats, r: Remaining) -> Progress | None:
    """The fraction a remaining count goes with: on its line, else within three lines
    ("**Current Status**" above "**Remaining**"), else the plan's only total; None when
    that is ambiguous."""
    for near in (0, 3):
        beside = [p for p in claims.progress if abs(p.loc.line - r.loc.line) <= near]
        if beside:
            return beside[0]
    totals = {p.total for p in claims.progress}
    return claims.progress[0] if len(totals) == 1 else None


def _contradictions(g: nx.MultiDiGraph, node: str, claims: StatedStats
                    ) -> Iterator[tuple[Location, str, str, str]]:
    """(loc, claim, what it disagrees with, hint), in the plan's own arithmetic."""
    for n, p in enumerate(claims.progress):
        if p.percent is not None and p.total and abs(100 * p.done / p.total - p.percent) >= 1:
            share = 100 * p.done / p.total
            yield (p.loc, p.text, f"its own fraction: {p.done}/{p.total} is {_percent(share)}%",
                   f"write {_percent_like(p.percent, share)}%")
        # "Phase 2 status: 3/6" and "Phase 3 status: 2/6" count different posts
        first = next(q for q in claims.progress[: n + 1] if q.total == p.total and (
            q is p or not q.qualifier or not p.qualifier or q.qualifier == p.qualifier))
        if first.done != p.done:
            yield (p.loc, p.text, f'"{first.text}" at line {first.loc.line}',
                   "state the same progress everywhere in the plan")
    for r in claims.remaining:
        p = _status_of(claims, r)
        if p is not None and p.done + r.count != p.total:
            yield (r.loc, r.text,
                   f'"{p.text}" at line {p.loc.line}: {p.done} done and {r.count} remaining '
                   f"make {p.done + r.count}, not {p.total}",
                   f"{p.total} - {p.done} = {p.total - p.done} posts remain")
        if r.first is None or r.last is None:
            continue
        size = r.last - r.first + 1
        if size != r.count:
            yield (r.loc, r.text, f"its own range: #{r.first}-{r.last} is {size} posts",
                   f"write {size} posts, or the range #{r.last - r.count + 1}-{r.last}")
        for number, title, status in _planned(g, node):
            done = _status(status)
            if done and r.first <= number <= r.last:
                yield (r.loc, r.text, f'#{number} ({title}), marked "{status}" in the plan',
                       f"drop #{number} from the remaining posts, or correct its status")
            elif done is False and number < r.first:
                yield (r.loc, r.text, f'#{number} ({title}), still "{status}" but before '
                       f"#{r.first}", f"mark #{number} published, or start the range at "
                       f"#{number}")


def plan_status_contradictions(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A status line of the plan that its own numbers contradict: a percentage that is not
    its fraction ("9/20 complete (40%)"); two fractions of the same total that disagree
    ("9/20" in the overview, "10/20" in the footer); a remaining count that does not add
    up with the fraction ("9/20 complete" and "Remaining: 12 posts"); a remaining range
    of another size ("11 posts (#20-31)"); an entry inside the remaining range whose
    status says published, or a planned entry before it. Only plain arithmetic is
    judged: fractions of different totals, and entries without a status, are left alone.
    ## Why it matters
    A plan that disagrees with itself cannot be trusted on any of its numbers, and the
    next person to update it does not know which line is right.
    ## Failing example
    `**Current Status**: 9/20 posts complete (40%)` and `**Remaining**: 12 posts
    (#20-30)`: 9/20 is 45%, 9 + 12 is 21, and #20-30 is 11 posts.
    ## Passing example
    `**Current Status**: 9/20 posts complete (45%)`, `**Remaining**: 11 posts (#20-30)`.
    """
    for node, claims, _ in _claims(g, NodeKind.BACKLOG):
        for loc, claim, other, hint in _contradictions(g, node, claims):
            yield PLAN_STATUS_CONTRADICTION.at(loc, claim=claim, other=other, hint=hint)


def unmet_success_metrics(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A target in the plan's success metrics or completion criteria ("150K+ total words",
    "10+ hours read time", "All 20 posts (11-30) complete") that the published posts do not
    reach yet, saying how far off. Every target is checked ("All 12 introduction posts
    (1-12)" met does not hide "16 posts complete" unmet); one stated twice (in the
    criteria, then in the metrics) is reported once, at its first statement.
    Posts are counted among the numbers the target names (or a heading above it), or
    those another target or the plan's status fraction of the same total counts (see
    RG601); when neither can be told for a qualified fraction ("9/20 expansion posts"),
    the post target is left alone.
    ## Why it matters
    It is the plan's own definition of done, checked against the corpus rather than
    against a number typed by hand; information, not a defect.
    ## Failing example
    `- 150K+ total words (currently ~100K)` under `## Success Metrics` while the posts
    hold 101,000 words: "49,000 to go".
    ## Passing example
    The same target once the posts hold 150,000 words or more.
    """
    for _, claims, name in _claims(g, NodeKind.BACKLOG):
        series = _series(g, config, name)
        seen: set[tuple[Measure, float, tuple[int, int] | None]] = set()
        for target in claims.targets:
            total = int(target.value)
            scope = None
            if target.measure is Measure.POSTS:
                scope = _scope(claims, total, (target.first, target.last))
                if scope is None and any(p.qualifier for p in claims.progress
                                         if p.total == total):
                    continue
                if scope is not None and not series.numbered:
                    continue
            if (target.measure, target.value, scope) in seen:
                continue  # the same target stated again (criteria, then metrics)
            seen.add((target.measure, target.value, scope))
            if target.measure is Measure.POSTS:
                real = series.within(scope) if scope else series.posts
                actual, gap = series.published(real, scope), f"{total - real}"
            else:
                real = series.value(target.measure)
                actual = series.describe(target.measure)
                gap = (f"{target.value - real:,.0f}" if target.measure is Measure.WORDS
                       else _duration(target.value - real))
            if real < target.value:
                yield SUCCESS_METRIC_UNMET.at(target.loc, claim=target.text, actual=actual,
                                              gap=gap)


STALE_STATISTIC = Rule(
    id="RG601", name="stale-statistic", severity=Severity.WARNING,
    message='stated {what} "{claim}", but {actual}',
    suggestion="update the number to what the corpus holds", check=stale_statistics)
PLAN_STATUS_CONTRADICTION = Rule(
    id="RG602", name="plan-status-contradiction", severity=Severity.WARNING,
    message='plan says "{claim}", which disagrees with {other}',
    suggestion="make the plan's status lines agree", check=plan_status_contradictions)
SUCCESS_METRIC_UNMET = Rule(
    id="RG603", name="success-metric-unmet", severity=Severity.INFO,
    message='target "{claim}" not met yet: {actual}, {gap} to go',
    suggestion="keep writing, or change the target in the plan", check=unmet_success_metrics)
