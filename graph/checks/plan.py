"""RG2xx: the plan (backlog) against the corpus; with several series, each series' plan
against that series' posts (`graph.plans`)."""

from __future__ import annotations

import itertools
import math
import posixpath
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx

from docs_index.model import Location
from graph.checks.links import RELATED
from graph.config import Config
from graph.findings import Finding, Related, Severity
from graph.model import EdgeKind, NodeKind, each_link, edges_of, memo, nodes_of
from graph.plans import entry_number, key_of, post_name
from graph.rules import Rule
from posts.backlog import NEEDS_CREATION, PlanState
from posts.guidelines import (
    Guideline,
    Metric,
    RequiredElement,
    SaidHeadings,
    name_words,
    said_headings,
)


def published_posts(g: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    """Posts read from disk (not merely linked, not unreadable), not marked `draft: true`,
    sorted by path."""
    return sorted((node, data) for node, data in nodes_of(g, NodeKind.POST)
                  if data["exists"] and "sections" in data and not data.get("draft"))


def _by_number(g: nx.MultiDiGraph) -> dict[tuple[str | None, int], list[str]]:
    """Published posts by (series, number): `### #13: …` in the plan is `blog/13-slug.md`;
    with several series, entry 3 of a module's plan is lesson 3 of that module only. A
    lesson comes before its sub-pages (`07-x.md`, then `07-x-upd.md`)."""
    found: dict[tuple[str | None, int], list[str]] = defaultdict(list)
    for node, data in sorted(published_posts(g),
                             key=lambda nd: (bool(nd[1].get("sub_page")), nd[0])):
        series, number = key_of(data)
        if number is not None:
            found[series, number].append(node)
    return found


def _key(g: nx.MultiDiGraph, planned: str) -> tuple[str | None, int]:
    data = g._node[planned]  # `g.nodes`, without its view: asked per plan entry
    return data.get("series"), int(entry_number(g, planned))


def _planned(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any], list[str]]]:
    """Each planned post whose number is published in its series, with those posts."""
    posts = _by_number(g)
    for node, data in nodes_of(g, NodeKind.PLANNED_POST):
        key = _key(g, node)
        if key in posts:
            yield node, data, posts[key]


def _plans(g: nx.MultiDiGraph) -> Iterator[tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]]:
    """Each plan with the published posts it speaks for: every post in the single-series
    layout, its own series' posts when there are several."""
    posts = published_posts(g)
    by_series: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for post, data in posts:  # one pass, not one per plan
        if "series" in data:
            by_series[data["series"]].append((post, data))
    for _, data in nodes_of(g, NodeKind.BACKLOG):
        yield data, posts if "series" not in data else by_series.get(data["series"], [])


def planned_docs_missing(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A doc that the plan lists for a planned post (in backticks or in prose such as
    "Needs creation (OPERATIONS.md)") and that does not exist yet.
    ## Why it matters
    Planned docs get forgotten; the post then ships citing nothing, or citing a 404.
    This is information, not an error: a plan may name what is still to be written.
    ## Failing example
    `**Documentation**: Needs creation (OPERATIONS.md)` under `### #24: Operating in
    Production`, with no `OPERATIONS.md` in the repository.
    ## Passing example
    `OPERATIONS.md` written (then RG203 asks to drop "Needs creation" from the plan).
    """
    linking: dict[str, tuple[Related, ...]] = {}  # per doc, however often the plan cites it
    for planned, doc, cite in edges_of(g, EdgeKind.MUST_CITE):
        node = g.nodes[doc]
        if node["exists"]:
            continue
        number = entry_number(g, planned)
        ignored = node.get("ignored")
        state = f"exists but is ignored ({ignored})" if ignored else "does not exist yet"
        hint = (f"commit {doc} with `git add -f`, or stop ignoring it, before #{number} is "
                "published" if ignored
                else f"write {doc} before #{number} is published" if cite["needs_creation"]
                else f"create {doc}, or correct the name in the plan")
        if doc not in linking:
            linking[doc] = tuple(itertools.islice(
                (Related(link["loc"], f"{src} already links to {doc}")
                 for src, _, link in each_link(g.in_edges(doc, data=True))
                 if link["kind"] == EdgeKind.LINKS_TO), RELATED))
        citing = linking[doc]
        yield PLANNED_DOC_MISSING.at(cite["loc"], target=cite["name"], name=cite["name"],
                                     number=number, state=state,
                                     title=g.nodes[planned]["title"], hint=hint,
                                     related=(Related(g.nodes[planned]["loc"],
                                                      f"#{number} in the plan"), *citing))


def _cites(g: nx.MultiDiGraph, post: str, doc: str, directory: str | None) -> bool:
    """Whether `post` links to `doc` (any heading of it), into the cited directory, or to
    the doc's page on a forge (`https://github.com/o/r/blob/main/STORAGE.md`)."""
    out = g._succ[post]  # looked up, not walked: a post links to a hundred files

    def links_to(dst: str) -> bool:
        return dst in out and any(data["kind"] == EdgeKind.LINKS_TO
                                  for data in out[dst].values())
    if links_to(doc):
        return True
    if directory is not None and any(dst == directory or dst.startswith(directory + "/")
                                     for dst in out if links_to(dst)):
        return True
    pages = memo(g, "forge_pages", _forge_pages).get(doc.rpartition("/")[2], ())
    if len(pages) > len(out):  # whichever is fewer: a thousand pages named README.md
        pages = [(dst, _page(dst)) for dst in out if g.nodes[dst]["kind"] == NodeKind.EXTERNAL]
    return any(page.endswith("/" + doc) and links_to(url) for url, page in pages)


def _page(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]  # not urlsplit: it raises on `http://[::1`


def _forge_pages(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, str]]]:
    """External URLs with a `/` in them, query and fragment dropped, by their last part
    (`…/blob/main/docs/A.md` under `A.md`): what a doc's page on a forge may be, found
    without walking a post's every link."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for url, _ in nodes_of(g, NodeKind.EXTERNAL):
        page = _page(url)
        if "/" in page:
            found[page.rpartition("/")[2]].append((url, page))
    return found


def planned_citations_absent(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A doc the plan lists for post #N that exists, while the published post #N
    (`blog/13-slug.md` for `### #13: …`) has no link to it. With several series, #N is
    post N of the plan's own series (`### #3: …` in `02-models/PLAN.md` is lesson 3 of
    `02-models`), and so for RG204 and RG205. A link to any heading of the
    doc counts; so does a link to the directory of a doc named as `sulise/` (its README or
    any file in it), and a link to the doc's page on GitHub.
    ## Why it matters
    The plan said which reference the post rests on; a post that never links it leaves
    readers without the details and lets post and reference drift apart unnoticed.
    ## Failing example
    `**Documentation**: `STORAGE.md`, `ARROW.md`` under `### #2: Storage Deep Dive`, and
    `blog/02-storage-deep-dive.md` links `../STORAGE.md#compaction` but nothing in
    `ARROW.md`: refgraph proposes the link to add, relative to the post.
    Posts marked `draft: true` and docs that do not exist (RG201's) are not reported.
    ## Passing example
    The post links `[Arrow layout](../ARROW.md#layout)` somewhere in its text.
    """
    posts = _by_number(g)
    for planned, doc, cite in edges_of(g, EdgeKind.MUST_CITE):
        node = g.nodes[doc]
        key = _key(g, planned)
        number = key[1]
        if not node["exists"] or key not in posts:
            continue
        directory = (doc if node["kind"] == NodeKind.DIR
                     else posixpath.dirname(doc) if cite["name"].endswith("/") else None)
        written = posts[key]
        if any(_cites(g, post, doc, directory) for post in written):
            continue
        # the README itself, not its directory: GitHub shows a directory as a file listing
        link = posixpath.relpath(doc, posixpath.dirname(written[0]) or ".")
        link += "/" if node["kind"] == NodeKind.DIR else ""
        yield PLANNED_CITATION_ABSENT.at(
            cite["loc"], target=cite["name"], name=cite["name"], number=number,
            title=g.nodes[planned]["title"], post=post_name(g, written[0]),
            hint=f"link {link} from {written[0]}")


def needs_creation_stale(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A doc the plan still marks as to be written ("Needs creation (OPERATIONS.md)",
    "`OPS.md` (to be written)") that exists now.
    ## Why it matters
    A stale plan sends the next writer to create a doc twice, and hides which docs are
    really missing.
    ## Failing example
    `**Documentation**: Needs creation (OPERATIONS.md)` with `OPERATIONS.md` in the
    repository.
    ## Passing example
    `**Documentation**: `OPERATIONS.md``.
    """
    for planned, doc, cite in edges_of(g, EdgeKind.MUST_CITE):
        if not cite["needs_creation"] or not g.nodes[doc]["exists"]:
            continue
        number = entry_number(g, planned)
        name, note = cite["name"], cite["note"]
        hint = (f'drop "{note}" after `{name}`' if NEEDS_CREATION.search(note)
                else f'cite it as `{name}`, without the "needs creation" wording')
        yield NEEDS_CREATION_STALE.at(cite["loc"], target=name, name=name, number=number,
                                      title=g.nodes[planned]["title"], path=doc, hint=hint)


def planned_posts_published(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A post on disk (`blog/13-slug.md`, not `draft: true`) whose plan entry `### #13: …`
    still has a status saying it is not out: planned, draft, in progress, TODO, not
    started, pending, with or without an emoji (`📝 Planned`, `🚧 In progress`).
    ## Why it matters
    The plan is the list of work left; a published post still on it makes progress look
    worse than it is and invites writing it twice.
    ## Failing example
    `**Status**: 📝 Planned` under `### #13: Fast Recovery` while
    `blog/13-fast-recovery.md` exists. A status that says done anywhere (`✅ Complete`,
    "Draft complete"), or nothing recognisable ("In review", "Blocked"), is not reported.
    ## Passing example
    `**Status**: ✅ Complete`.
    """
    for node, data, written in _planned(g):
        if data["state"] != PlanState.UNPUBLISHED or data["status_loc"] is None:
            continue
        number = entry_number(g, node)
        yield PLANNED_POST_PUBLISHED.at(
            data["status_loc"], number=number, title=data["title"], status=data["status"],
            post=post_name(g, written[0]), hint=f"set the status of #{number} to \"✅ Complete\"")


def _off(stated: float, measured: float, tolerance: float, slack: float = 0) -> bool:
    return abs(stated - measured) > max(tolerance * measured, slack)


def _about(words: int) -> str:
    """2 significant figures: 4,873 → "4,900"."""
    digits = max(len(str(words)) - 2, 0)
    return f"{round(words, -digits):,}"


def estimates_mismatch(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A plan estimate (`**Estimated**: 5,000 words, 25 min read`) for post #N against the
    published post #N: its words, and its reading time (words ÷ `reading-speed`, 230 wpm
    by default), each off by more than `tolerance` (default 0.25, a fraction of the
    measured value; reading times get a minute of slack for rounding).
    ## Why it matters
    Estimates drive the plan's totals and the index's reading times; a post written at a
    fifth of its planned size is either unfinished or the plan is fiction.
    ## Failing example
    `**Estimated**: 5,000 words, 25 min read` for a post of 800 words: refgraph proposes
    `800 words, 4 min read`. A range (`4,000-6,000 words`) counts as its middle.
    "**Estimated Time**: 2 hours" is writing effort: not compared.
    ## Passing example
    The post has 4,800 words (21 min): within a quarter of 5,000 words and 25 min.
    """
    speed, tolerance = config.reading_speed, config.tolerance
    for node, data, written in _planned(g):
        words_said, minutes_said = data["estimate_words"], data["estimate_minutes"]
        if data["estimate_loc"] is None:
            continue
        for post in written:
            words, minutes = g.nodes[post]["words"], g.nodes[post]["minutes"]
            off = (words_said is not None and _off(words_said, words, tolerance)
                   or minutes_said is not None
                   and _off(minutes_said, words / speed, tolerance, slack=1))
            if not off:
                continue
            said = ", ".join(part for part in (
                f"{words_said:,} words" if words_said is not None else "",
                f"{minutes_said:g} min read" if minutes_said is not None else "") if part)
            has = f"{words:,} words, {minutes} min read"
            yield ESTIMATE_MISMATCH.at(
                data["estimate_loc"], number=entry_number(g, node), said=said,
                post=post_name(g, post),
                has=has, hint=f"update the estimate to {_about(words)} words, {minutes} min read "
                              f"at {speed} wpm")


_UNITS = {Metric.WORDS: "words", Metric.CODE_BLOCKS: "code blocks",
          Metric.DIAGRAMS: "diagrams", Metric.MINUTES: "min"}


def _has(metric: Metric, value: int) -> str:
    if metric is Metric.MINUTES:
        return f"a reading time of {value} min"
    unit = _UNITS[metric]
    return f"{value:,} {unit.removesuffix('s') if value == 1 else unit}"


def _n(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _wanted(rule: Guideline) -> str:
    if rule.low is not None and rule.high is not None:
        return f"{_n(rule.low)}-{_n(rule.high)}"
    return f"at least {_n(rule.low)}" if rule.low is not None else f"at most {_n(rule.high or 0)}"


def _in_scope(scope: tuple[int, int] | None, number: int | None) -> bool:
    return scope is None or number is not None and scope[0] <= number <= scope[1]


def _within(rule: Guideline, value: int) -> bool:
    return (rule.low is None or value >= rule.low) and (rule.high is None or value <= rule.high)


def _fix(rule: Guideline, value: int, words: int, speed: int) -> str:
    """A concrete change: how many words, blocks or diagrams to add or cut."""
    short = rule.low is not None and value < rule.low
    if rule.metric is Metric.MINUTES:  # minutes = ceil(words / speed)
        need = ((math.ceil(rule.low or 0) - 1) * speed + 1 - words if short
                else words - math.floor(rule.high or 0) * speed)
        return f"{'add' if short else 'cut'} about {_about(max(need, 1))} words at {speed} wpm"
    need = math.ceil((rule.low or 0) - value) if short else math.ceil(value - (rule.high or 0))
    if rule.metric is Metric.WORDS:
        return f"add about {_about(need)} words" if short else (
            f"cut about {_about(need)} words, or split the post")
    thing = "fenced code block" if rule.metric is Metric.CODE_BLOCKS else "diagram"
    if short and rule.metric is Metric.DIAGRAMS:
        thing = "mermaid or box-drawing diagram"
    things = f"{need} {thing}{'' if need == 1 else 's'}"
    if short and rule.metric is Metric.CODE_BLOCKS:  # untagged blocks are not counted
        return f"add {things}, tagged with {'its' if need == 1 else 'their'} language"
    return f"add {things}" if short else f"remove or merge {things}"


def content_guidelines(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A published post outside a bound of the plan's content guidelines ("Content
    Guidelines" / "Quality Standards": `Minimum: 4,000 words`, `Max: 7,000 words`,
    `Code examples: 10-20`, `Diagrams: 3-5`, `Read time: 20-30 min`), counting its prose
    words, code examples, diagrams and reading time (words ÷ `reading-speed`). Every
    published post is checked, listed in the plan or not; a line scoped to posts
    (`Introductions (#1-12): 350-700 words`) applies only to those numbers. One finding per
    post and bound, at the post; a post outside both a words and a reading-time bound gets
    the words finding only (one cause). With several series, a plan's guidelines apply to
    its own series' posts, and so do its required elements (RG207).

    A code example is a fence tagged with a programming language, or an untagged block
    whose every line reads as code (`topic.retention = "7d"`, `$ quarry produce`);
    untagged, `text` and `output` blocks of example output (`user:123 → {age:25}`) are not.
    A diagram is a mermaid-like fence, or an untagged/`text` block that draws: box-drawing
    characters, `+----+` boxes, arrows laid out as a flow (a line opening on `↓`, `|` over
    `v`, `Client → Gateway → Log`). A block tagged with a programming language is never a
    diagram, whatever its comments draw (`// ├─ append_to_wal`).
    ## Why it matters
    The guidelines are the series' quality bar; a post far below it reads as unfinished
    next to its neighbours, and nobody counts code blocks by hand.
    ## Failing example
    `- Minimum: 4,000 words` in the plan and a post of 3,100 words: refgraph proposes how
    many words to add. Targets (`Target: 5,000-6,000 words`), approximate (`~5,000`) and
    bare numbers (`Diagrams: 3`) are not bounds and are not checked; a plan without such a
    section gives no findings.
    ## Passing example
    A post of 4,600 words with 12 code blocks and 3 diagrams, 20 min read.
    """
    for plan, posts in _plans(g):
        if plan.get("guidelines"):
            yield from _guidelines(plan, posts, config)


def _guidelines(plan: dict[str, Any], posts: list[tuple[str, dict[str, Any]]],
                config: Config) -> Iterator[Finding]:
    for post, data in posts:
        failed = [rule for rule in plan["guidelines"] if _in_scope(rule.scope, data.get("number"))
                  and not _within(rule, data[rule.metric.value])]
        if any(rule.metric is Metric.WORDS for rule in failed):
            # reading time is words ÷ speed: one cause, reported once, as words
            failed = [rule for rule in failed if rule.metric is not Metric.MINUTES]
        for rule in failed:
            value = data[rule.metric.value]
            fix = _fix(rule, value, data["words"], config.reading_speed)
            yield CONTENT_GUIDELINE.at(
                Location(post, 1, 1), have=_has(rule.metric, value),
                wanted=f"{_wanted(rule)} {_UNITS[rule.metric]}", line=rule.text,
                hint=f"{fix}; guideline at {rule.loc}",
                related=(Related(rule.loc, "the guideline in the plan"),))


def _checked(element: RequiredElement, sections: list[SaidHeadings],
             names: frozenset[str] = frozenset()) -> bool:
    """Sections series always write under a heading are checked; other elements only
    when most posts give them a heading, so prose elements stay unchecked. Only telling
    key words count for that: a heading naming the project ("Pyralog Integration") or
    using a common word ("When to Use LSM") is not a "Pyralog solution" or a "use case"."""
    if element.countable:
        return False
    if element.structural:
        return True
    keys = element.telling_keywords(names)
    return bool(keys) and 2 * sum(element.satisfied_by(s, keys) for s in sections) > len(
        sections)


def _names(g: nx.MultiDiGraph, posts: list[tuple[str, dict[str, Any]]]) -> frozenset[str]:
    """The project's name, as words: see `posts.guidelines.name_words`."""
    series = [data.get("title") or "" for kind in (NodeKind.INDEX, NodeKind.BACKLOG)
              for _, data in nodes_of(g, kind)]
    return name_words(series, [data.get("title") or "" for _, data in posts])


def required_sections_missing(g: nx.MultiDiGraph, config: Config) -> Iterator[Finding]:
    """## What it finds
    A published post with no heading for an element of the plan's "Required Elements"
    list. Matching is loose: a heading sharing a key word of the element's head (`##
    Summary` for "Summary with key metrics"; `## Next Steps` or `## References` for "Next
    steps & references"; `### Pyralog's Approach` for "Pyralog solution"), or naming the
    same section (`## Conclusion`, `## Further reading`). A bold label line counts as a
    heading (`**Further Reading**:` over a list of links, `**Problem**: …`). Elements that
    are counted, not headed ("Code examples (5-10 per post)", "Performance benchmarks",
    "At least one diagram") are never checked. Other elements ("Problem statement",
    "Real-world use cases") are checked only when most posts in scope have a heading for
    them, since series usually write them as prose; for that count, the project's name
    (words of the index's and plan's titles, or of a quarter of the post titles) and words
    any heading may use ("use", "how", "when") do not make a heading one of them.
    ## Why it matters
    A post without its summary or next steps breaks the rhythm readers learnt from the
    rest of the series, and leaves them at a dead end.
    ## Failing example
    `- ✅ Summary with key metrics` in the plan; `blog/03-x.md` ends on `## Benchmarks`:
    refgraph proposes `## Summary`.
    ## Passing example
    `## Summary` (or `## Conclusion`, `## Key Takeaways`) near the end of the post.
    """
    for plan, posts in _plans(g):
        if plan.get("required"):
            yield from _required(g, plan, posts)


def _required(g: nx.MultiDiGraph, plan: dict[str, Any],
              posts: list[tuple[str, dict[str, Any]]]) -> Iterator[Finding]:
    names = _names(g, posts)
    stems: dict[str, str] = {}  # the words of one post's headings are most posts'
    said = {post: said_headings(data["sections"], stems) for post, data in posts}  # once per post
    for element in plan["required"]:
        scoped = [(post, data) for post, data in posts
                  if _in_scope(element.scope, data.get("number"))]
        if not scoped or not _checked(element, [said[post] for post, _ in scoped], names):
            continue
        keys = element.all_keywords()  # once per element, not once per post
        for post, _ in scoped:
            if not element.satisfied_by(said[post], keys):
                yield REQUIRED_SECTION_MISSING.at(
                    Location(post, 1, 1), element=element.text,
                    hint=f"add a {element.proposal()} section; required at {element.loc}",
                    related=(Related(element.loc, "the required element in the plan"),))


PLANNED_DOC_MISSING = Rule(
    id="RG201", name="planned-doc-missing", severity=Severity.INFO,
    message="plan for #{number} ({title}) cites {name}, which {state}",
    suggestion="create the doc, or correct the name in the plan", check=planned_docs_missing)
PLANNED_CITATION_ABSENT = Rule(
    id="RG202", name="planned-citation-absent", severity=Severity.WARNING,
    message="plan for #{number} ({title}) cites {name}, but {post} never links to it",
    suggestion="link the doc from the post, or drop it from the plan",
    check=planned_citations_absent)
NEEDS_CREATION_STALE = Rule(
    id="RG203", name="needs-creation-stale", severity=Severity.WARNING,
    message="plan for #{number} ({title}) says {name} needs creation, but {path} exists",
    suggestion="drop the \"needs creation\" note from the plan", check=needs_creation_stale)
PLANNED_POST_PUBLISHED = Rule(
    id="RG204", name="planned-post-published", severity=Severity.WARNING,
    message="plan says #{number} ({title}) is \"{status}\", but {post} is published",
    suggestion="mark the post complete in the plan", check=planned_posts_published)
ESTIMATE_MISMATCH = Rule(
    id="RG205", name="estimate-mismatch", severity=Severity.INFO,
    message="plan estimates #{number} at {said}, but {post} has {has}",
    suggestion="update the plan's estimate", check=estimates_mismatch)
CONTENT_GUIDELINE = Rule(
    id="RG206", name="content-guideline", severity=Severity.WARNING,
    message="post has {have}; the plan's guideline \"{line}\" asks for {wanted}",
    suggestion="bring the post within the guideline, or change the guideline",
    check=content_guidelines)
REQUIRED_SECTION_MISSING = Rule(
    id="RG207", name="required-section-missing", severity=Severity.WARNING,
    message="post has no section for the plan's required element \"{element}\"",
    suggestion="add a heading for the element", check=required_sections_missing)
