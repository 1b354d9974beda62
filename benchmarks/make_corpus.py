"""Write a deterministic synthetic corpus for benchmarking refgraph.

Usage: ``python benchmarks/make_corpus.py N OUTDIR [--force]``

The corpus looks like a documentation-heavy repository with a blog series, scaled by N.
Each of the N *units* is one area of a fictional product (``Kestrel Storage Engine``,
``Osprey Replication``, ...) with its own reference docs and 30-40 posts of the series::

    README.md                        landing page: the areas and the blog
    blog/README.md                   index: every post in order, "(N min read)", and a
                                     "Reading paths" section with 2-4 paths per unit
    blog/BACKLOG.md                  plan, in the format of the seed plan: one entry per
                                     published post (its docs), then the planned posts
    blog/NN-slug.md                  the posts of all units, numbered through
    area-XXX/README.md               a unit's landing page, linking each of its docs
    area-XXX/UPPER_CASE.md           ~78 reference docs per unit, 10-40 headings each
    area-XXX/docs/<section>/x.md     ~25 more per unit (guides, runbooks, ADRs, API)

At N = 1 the unit's docs sit at the root (no ``area-001/``) and the root README is also
the unit's landing page: about 140 files, 2.8 MB. Files are prose, headings, fenced code,
lists and tables: posts 5-40 KB; docs mostly 5-20 KB, and one in five a long reference
page of 20-100 KB (``P_LONG_DOC``).

The docs are shaped after real documentation (counted with markdown-it-py on the mkdocs
repository at 28625367 and npm/cli at 780afc50e, the two in /work/.mirror whose links are
file paths): about 1.6 headings per KB (mkdocs 1.59, npm 1.77; this generator made 0.85),
so a long page has 30-160 headings (their files of 20 KB or more: median 57 and 43), and
repeated heading texts are kept, suffixed as GitHub does (`example-1`), as real pages
repeat "Example" or "Options". 0.5% of the links in docs and posts name a missing file,
each a distinct near-miss (mkdocs: 1 of 220 relative file links), besides the wrong and
miscased anchors.

The posts of all units form one series in one ``blog/`` folder, because refgraph checks
one series per corpus: N separate ``area-XXX/blog/`` folders would leave every series but
one read as plain docs, and the series rules would see 1/N of the posts.

The corpus is mostly correct, as a real one is: links point at existing files and at
GitHub slugs of real headings; posts link every doc their plan entry names, link back only
to earlier posts, and carry Previously/Next lines that agree with the numbering; the index
lists every post in order with its reading time; the plan's counts match the disk.
Defects are planted at a low rate (about 1% of the links in docs and posts: 0.5% missing
files, then wrong or miscased anchors) and once per unit (a Next link that skips a post, a
reading-path step to a post not written yet, a planned doc that does not exist). About 2%
of the links are external (https://example.org/...).

Every random choice comes from ``random.Random`` seeded with a string made of N and the
file (or unit) it is for; nothing depends on the clock, on hash randomisation or on set
order, so two runs give byte-identical trees on any machine.
"""

from __future__ import annotations

import argparse
import math
import posixpath
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = "refgraph-corpus-v1"
PROJECT = "Driftwood"
READING_SPEED = 230
"""Words per minute, as refgraph's default `reading-speed`."""

# Planted defect rates, per link written in a doc or post body.
P_MISSING_FILE = 0.005
P_WRONG_ANCHOR = 0.005
P_ANCHOR_CASE = 0.0015
P_EXTERNAL = 0.02

P_LONG_DOC = 0.2
"""Share of docs that are long reference pages (20-100 KB)."""
BYTES_PER_HEADING = 620
"""About 1.6 headings per KB, as in the real docs counted above."""
MAX_HEADINGS = 200

# -- vocabulary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    name: str
    concepts: tuple[str, ...]
    components: tuple[str, ...]
    audiences: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme("Storage Engine",
          ("segment", "compaction", "write-ahead log", "memtable", "bloom filter",
           "block cache", "checksum", "tombstone", "manifest", "index block"),
          ("flusher", "compactor", "segment writer", "cache manager"),
          ("Storage Engineers", "Operators", "Performance Engineers", "New Contributors")),
    Theme("Replication",
          ("leader election", "epoch", "quorum", "follower", "failover", "fencing token",
           "log shipping", "snapshot", "catch-up", "membership"),
          ("sequencer", "replicator", "election timer", "membership service"),
          ("Distributed Systems Engineers", "Operators", "Architects", "SREs")),
    Theme("Query Engine",
          ("planner", "optimizer", "predicate pushdown", "vectorized execution", "hash join",
           "aggregation", "projection", "statistics", "cost model", "table scan"),
          ("planner", "executor", "catalog", "stats collector"),
          ("Data Engineers", "Query Authors", "Performance Engineers", "Architects")),
    Theme("Networking",
          ("connection pool", "backpressure", "framing", "handshake", "keepalive",
           "multiplexing", "retry budget", "load balancer", "timeout", "gossip"),
          ("gateway", "transport", "connection manager", "router"),
          ("Network Engineers", "Client Developers", "SREs", "Operators")),
    Theme("Security",
          ("access token", "access control", "key rotation", "audit log", "encryption",
           "mutual TLS", "role", "secret store", "signature", "sandbox"),
          ("auth service", "key manager", "policy engine", "audit writer"),
          ("Security Reviewers", "Operators", "Architects", "Compliance Teams")),
    Theme("Observability",
          ("metric", "trace", "span", "histogram", "alert", "dashboard", "log sampling",
           "cardinality", "exemplar", "service level objective"),
          ("collector", "exporter", "alert manager", "trace sampler"),
          ("SREs", "Operators", "Platform Teams", "New Contributors")),
    Theme("Scheduler",
          ("worker", "task queue", "lease", "priority", "preemption", "heartbeat",
           "placement", "rebalancing", "quota", "deadline"),
          ("scheduler", "worker pool", "lease keeper", "placement driver"),
          ("Platform Teams", "Architects", "Operators", "Performance Engineers")),
    Theme("Streaming",
          ("topic", "partition", "offset", "consumer group", "watermark", "window",
           "exactly-once delivery", "checkpoint", "schema registry", "retention"),
          ("broker", "consumer coordinator", "checkpointer", "schema service"),
          ("Data Engineers", "Architects", "Client Developers", "Operators")),
    Theme("Indexing",
          ("inverted index", "posting list", "skip list", "B-tree", "secondary index",
           "tokenizer", "merge policy", "doc value", "term dictionary", "shard"),
          ("indexer", "merger", "shard allocator", "searcher"),
          ("Search Engineers", "Performance Engineers", "Data Engineers", "Operators")),
    Theme("Caching",
          ("eviction", "time to live", "hit ratio", "write-through", "invalidation",
           "cache warm-up", "admission policy", "hot key", "negative cache", "tiering"),
          ("cache node", "invalidator", "admission filter", "tier mover"),
          ("Performance Engineers", "SREs", "Client Developers", "Architects")),
    Theme("Client SDK",
          ("builder", "retry policy", "serializer", "batching", "idempotency key",
           "pagination", "circuit breaker", "connection string", "callback", "future"),
          ("client", "serializer", "retry loop", "session"),
          ("Client Developers", "New Contributors", "Architects", "Support Engineers")),
    Theme("Deployment",
          ("rolling upgrade", "canary", "helm chart", "config map", "node pool",
           "readiness probe", "autoscaler", "rollback", "blue-green release", "container image"),
          ("operator", "controller", "release pipeline", "health checker"),
          ("Operators", "Platform Teams", "SREs", "Release Managers")),
)

CODENAMES = ("Kestrel", "Osprey", "Heron", "Marten", "Lynx", "Otter", "Falcon", "Badger",
             "Wren", "Ibis", "Puffin", "Tern", "Plover", "Ermine", "Curlew", "Stoat",
             "Merlin", "Egret", "Shrike", "Vole", "Dunlin", "Gannet", "Petrel", "Marmot")
PLACES = ("Ridge", "Harbor", "Fjord", "Delta", "Summit", "Meadow", "Canyon", "Basin")

GENERAL_DOCS = (
    "ARCHITECTURE", "CONFIGURATION", "TROUBLESHOOTING", "GLOSSARY", "FAQ", "BENCHMARKS",
    "ROADMAP", "SECURITY_MODEL", "UPGRADING", "API_REFERENCE", "CLI_REFERENCE", "METRICS",
    "ALERTS", "CAPACITY_PLANNING", "DISASTER_RECOVERY", "TESTING", "RELEASE_PROCESS",
    "DATA_MODEL", "ERROR_CODES", "LIMITS", "COMPATIBILITY", "INTERNALS", "DESIGN_PRINCIPLES",
    "PERFORMANCE", "TUNING", "MIGRATION_GUIDE", "QUICK_START", "DEPLOYMENT", "BACKUP",
    "OBSERVABILITY", "CONSISTENCY", "DURABILITY", "FAILURE_MODES", "PROTOCOL", "WIRE_FORMAT",
    "STATE_MACHINE", "RESOURCE_USAGE", "HARDWARE", "COST_MODEL", "PAPER",
)
DOC_SUFFIXES = ("", "_INTERNALS", "_TUNING", "_DESIGN", "_REFERENCE", "_OPERATIONS", "_FAQ")
DOC_SECTIONS = {
    "guides": ("getting-started-with-{c}", "tuning-{c}", "{c}-by-example", "choosing-a-{c}"),
    "operations": ("monitoring-{c}", "scaling-{c}", "{c}-maintenance", "upgrading-{c}"),
    "runbooks": ("{c}-is-slow", "{c}-out-of-space", "recovering-{c}", "{c}-alerts"),
    "adr": ("{k:04d}-adopt-{c}", "{k:04d}-replace-{c}", "{k:04d}-limit-{c}"),
    "api": ("{c}-api", "{c}-endpoints", "{c}-events"),
}
ACRONYMS = ("API", "CLI", "FAQ", "TLS", "ADR", "SDK")

EVENTS = ("a node restarts", "the disk fills up", "a leader steps down",
          "the network partitions", "a client retries too eagerly", "load doubles overnight",
          "a deploy rolls out halfway", "a checksum does not match", "a clock jumps forward",
          "a slow consumer falls behind", "memory pressure rises", "a shard moves")
TROUBLES = ("node restarts", "full disks", "leader changes", "network partitions",
            "retry storms", "load spikes", "half-finished deploys", "checksum mismatches",
            "clock jumps", "slow consumers", "memory pressure", "shard moves")
ALTERNATIVES = ("Raft", "Paxos", "Two-Phase Commit", "Consistent Hashing", "an LSM Tree",
                "a B-Tree", "Polling", "Gossip", "a Global Lock", "Vector Clocks")
ADJECTIVES = ("bounded", "lazy", "eager", "incremental", "lock-free", "batched", "tiered",
              "adaptive", "pessimistic", "optimistic", "sharded", "append-only")
RESOURCES = ("memory", "disk bandwidth", "CPU time", "network traffic", "write amplification",
             "operator attention")
UNITS = ("ms", "MB/s", "requests per second", "GB", "seconds", "percent")
VERBS = ("seal", "flush", "rebuild", "verify", "drain", "fence", "replay", "split", "merge",
         "promote", "throttle", "compact")
LANGUAGES = ("rust", "python", "sql", "toml", "yaml", "bash", "go")
KEY_SUFFIXES = ("bytes", "ms", "max", "enabled", "interval", "threshold", "count", "ratio")

SENTENCES = (
    "The {c} is responsible for keeping the {c2} consistent when {event}.",
    "In practice, most deployments never touch the {c} directly; they tune the {c2} instead.",
    "A {adj} {c} trades a little {resource} for much lower tail latency.",
    "When {event}, the {comp} rebuilds its view of the {c} from the last {c2}.",
    "We measured {num} {unit} at the 99th percentile with the default settings.",
    "This keeps the common case fast and the rare case correct.",
    "Every {c} carries a version, so readers can tell a stale copy from a fresh one.",
    "The {comp} batches requests before it hands them to the {c}.",
    "None of this is new: the idea goes back to classic work on the {c2}.",
    "Operators usually notice the {c} only when {event}.",
    "The cost is an extra round trip, which matters only on the slow path.",
    "If the {c2} falls behind, the {comp} applies backpressure instead of buffering forever.",
    "Treat the {c} as an implementation detail; the contract is the {c2}.",
    "The defaults are conservative on purpose.",
    "Raising the limit helps throughput but makes recovery slower.",
    "We keep the {c} small enough to fit in memory on the smallest supported node.",
    "A {adj} design was tried first and abandoned after it doubled {resource}.",
    "The `{key}` setting bounds how much work the {comp} does per cycle.",
    "Nothing in the {c} is shared between threads, which removes a whole class of bugs.",
    "Each step is idempotent, so a retry after {event} is always safe.",
    "The {comp} exposes its progress as a metric, and the alerts are built on it.",
    "Under steady load the {c} costs about {num} {unit}, well inside the budget.",
    "Two invariants hold at all times: the {c} never goes backwards, and the {c2} never lies.",
    "It is tempting to make the {c} {adj}, but then {event} becomes much harder to survive.",
    "The {c2} is rebuilt in the background, so foreground requests never wait for it.",
    "Benchmarks on a three-node cluster show the {comp} saturating at {num} {unit}.",
    "Most of the complexity lives in the {comp}; the {c} itself is deliberately simple.",
    "A rolling restart takes a few minutes and does not interrupt clients.",
    "Reads that race with the {c} see either the old state or the new one, never a mix.",
    "This is the part of the system that changed most between releases.",
)
LINK_SENTENCES = (
    "See {link} for the details.",
    "The full description is in {link}.",
    "{link} explains why the limit exists.",
    "For the exact format, read {link}.",
    "This is covered in more depth in {link}.",
    "The trade-offs are discussed in {link}.",
    "Operators should also read {link} before changing it.",
    "{link} lists every setting that affects this.",
)
BACK_SENTENCES = (
    "As we saw in {link}, the {c} has to survive {event}.",
    "This builds directly on {link}, where the {c} was introduced.",
    "Recall from {link} that the {comp} never blocks on the {c}.",
)
POST_TITLES = (
    "Why the {C} Needs a {C2}", "Inside the {C}", "{C} Without Tears",
    "What Happens When {Event}", "The {C} in Production", "Making the {C} {Adj}",
    "Lessons from the {C}", "How the {Comp} Thinks", "A Tour of the {C}",
    "The Hidden Cost of the {C}", "Debugging the {C}", "Scaling the {Comp}",
    "The {C} Meets the {C2}", "Designing the {Comp}", "Testing the {C}",
    "When the {C} Is Not Enough", "Rethinking the {C}", "The {C} from First Principles",
    "Tuning the {Comp}", "Living with the {C}",
)
DOC_H2 = (
    "Overview", "Design Goals", "How the {C} Works", "{C} Lifecycle", "Configuration",
    "Failure Modes", "Performance Characteristics", "Operational Guidance",
    "Metrics and Alerts", "Limits & Trade-offs", "Comparison with {Alt}",
    "Frequently Asked Questions", "Migration Notes", "Security Considerations",
    "Testing Strategy", "Interaction with the {C2}", "When to Use the {C}", "Known Issues",
    "Worked Example: {C2} Under Load", "API Surface", "Data Layout", "The {Comp}",
    "Internals: The {C2}", "Recovery", "Capacity Planning", "Compatibility",
)
DOC_H3 = (
    "The `{key}` Setting", "{Verb} the {C}", "Why Not {Alt}?", "The {C2} on the Hot Path",
    "Handling {Trouble}", "Sizing the {C}", "Defaults for the {C2}", "Edge Cases in the {Comp}",
    "Recovery After {Trouble}", "Example: A {Adj} {C}", "Ordering Guarantees",
    "What the {Comp} Logs", "Tuning `{key}`", "Upgrading the {C2}", "{Adj} {C2}",
)
POST_H2 = (
    "How the {C} Works", "A First Attempt", "What Went Wrong", "The {Adj} Approach",
    "Inside the {Comp}", "Measuring the {C}", "The {C2} Connection", "Handling {Trouble}",
    "Trade-offs", "In Production", "A Worked Example", "What the Numbers Say",
    "Surviving {Trouble}",
    "Why Not {Alt}?", "Configuration That Matters",
)
SUMMARY_POINTS = (
    "The {c} is {adj} by design, and that is what keeps {event} survivable.",
    "The {comp} owns the hard part; everything else stays simple.",
    "`{key}` is the one setting worth tuning, and only after measuring.",
    "The {c2} and the {c} fail independently, so one never takes the other down.",
    "The cost is a little {resource}, paid on the slow path only.",
)


# -- text helpers ----------------------------------------------------------------------


def github_slug(text: str) -> str:
    """GitHub's anchor for an ASCII heading: markup gone, lower case, punctuation other than
    `-` and `_` removed, each space a `-` (github-slugger)."""
    plain = text.replace("`", "").lower()
    plain = re.sub(r"[^\w\- ]", "", plain, flags=re.ASCII)
    return plain.replace(" ", "-")


def file_slug(text: str, words: int = 6) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words])


def title_case(text: str, first: bool = True) -> str:
    """`write-ahead log` → `Write-Ahead Log`; small words stay lower case, and so does a
    leading article unless `first` (the phrase opens the title)."""
    words: list[str] = []
    for word in re.split(r"([ -])", text):
        if word.upper() in ACRONYMS or word in ("TLS", "B"):
            words.append(word.upper())
        elif word in SMALL_WORDS and (words or not first):
            words.append(word)
        else:
            words.append(word[:1].upper() + word[1:])
    return "".join(words)


SMALL_WORDS = ("a", "an", "the", "of", "to", "by", "with", "and", "for", "in", "on")


def articles(text: str) -> str:
    """`a adaptive` → `an adaptive`."""
    return re.sub(r"\b([Aa]) (?=[AEIOUaeiou])", r"\1n ", text)


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def count_words(markdown: str) -> int:
    """Words as refgraph counts them: headings, paragraphs, list items and tables; not code
    blocks, front matter, link targets or markup."""
    words = 0
    in_fence = False
    lines = markdown.split("\n")
    start = 0
    if lines and lines[0] == "---":
        start = lines.index("---", 1) + 1
    for line in lines[start:]:
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or re.fullmatch(r"[-|: ]*", line) or re.match(r"\[[^\]]+\]: ", line):
            continue
        text = re.sub(r"\]\([^)]*\)|\]\[[^\]]*\]", " ", line)
        text = re.sub(r"^\s*(?:#+|[-*]|\d+\.)\s+", "", text)
        words += len(re.sub(r"[|*`\[\]]", " ", text).split())
    return words


def rng_for(n: int, key: str) -> random.Random:
    """The random source of one file or unit: seeded by a string (hashed with SHA-512 by
    `random.seed`, so independent of PYTHONHASHSEED and of the machine)."""
    return random.Random(f"{SEED}:{n}:{key}")


# -- model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    slug: str


@dataclass
class Doc:
    path: str
    title: str
    concept: str
    unit: int
    size: int
    headings: list[Heading] = field(default_factory=list)


@dataclass
class Post:
    number: int
    unit: int
    title: str
    file: str
    concept: str
    size: int
    cites: list[Doc]
    words: int = 0

    @property
    def path(self) -> str:
        return f"blog/{self.file}"

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.words / READING_SPEED))


@dataclass
class Planned:
    number: int
    unit: int
    title: str
    file: str
    docs: list[Doc]
    missing_doc: str | None


@dataclass
class Unit:
    index: int
    root: str
    """Folder of the unit's docs: `area-001`, or "" at N = 1."""
    title: str
    theme: Theme
    docs: list[Doc] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    paths: list[tuple[str, list[Post], Planned | None]] = field(default_factory=list)
    broken_next: int | None = None
    """Number of the post whose Next link skips a post (a planted defect)."""

    def at(self, name: str) -> str:
        return posixpath.join(self.root, name) if self.root else name


@dataclass
class Stats:
    files: int = 0
    bytes: int = 0
    links: int = 0
    external: int = 0
    planted: int = 0


class _Slots(dict[str, str]):
    """Slots of a template; an unknown one (`{link}`) is left for a later `format`."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Fill:
    """Fills `{c}`-style slots of the vocabulary for one theme from one random source."""

    def __init__(self, rng: random.Random, theme: Theme, concept: str) -> None:
        self.rng = rng
        self.theme = theme
        self.concept = concept

    def __call__(self, template: str) -> str:
        rng, theme = self.rng, self.theme
        others = [c for c in theme.concepts if c != self.concept]
        slots = {
            "c": self.concept, "c2": rng.choice(others), "comp": rng.choice(theme.components),
            "event": rng.choice(EVENTS), "adj": rng.choice(ADJECTIVES),
            "resource": rng.choice(RESOURCES), "unit": rng.choice(UNITS),
            "num": str(rng.choice((3, 12, 40, 85, 120, 250, 900, 1500, 4000))),
            "key": f"{snake(rng.choice(theme.concepts))}_{rng.choice(KEY_SUFFIXES)}",
            "alt": rng.choice(ALTERNATIVES), "verb": rng.choice(VERBS),
        }
        slots["trouble"] = rng.choice(TROUBLES)
        slots.update({k.capitalize(): title_case(v, first=False)
                      for k, v in list(slots.items()) if k not in ("key", "num")})
        return articles(template.format_map(_Slots(slots)))


# -- building the model ----------------------------------------------------------------


def unit_title(u: int) -> tuple[str, Theme]:
    theme = THEMES[u % len(THEMES)]
    name = CODENAMES[u % len(CODENAMES)]
    era = u // len(CODENAMES)
    if era:
        name += " " + (PLACES[era - 1] if era <= len(PLACES) else f"{PLACES[-1]} {era}")
    return f"{name} {theme.name}", theme


def doc_title(name: str) -> str:
    return " ".join(w if w in ACRONYMS else w.capitalize() for w in re.split(r"[_-]", name))


def outline(doc: Doc, theme: Theme, rng: random.Random) -> None:
    """Headings of a doc: its title, then H2 sections with H3 subsections, all unique."""
    fill = Fill(rng, theme, doc.concept)
    wanted = max(8, min(MAX_HEADINGS, round(doc.size / BYTES_PER_HEADING)
                        + rng.randint(-3, 3)))
    doc.headings = [Heading(1, doc.title, github_slug(doc.title))]
    used = {doc.headings[0].slug: 0}  # GitHub's slugger: slug -> times suffixed

    def add(level: int, templates: Sequence[str]) -> None:
        text = ""
        for _ in range(12):
            text = fill(rng.choice(templates))
            if github_slug(text) not in used:
                break
        # a long page runs out of new texts and repeats one, as real pages do
        base = slug = github_slug(text)
        while slug in used:
            used[base] += 1
            slug = f"{base}-{used[base]}"
        used[slug] = 0
        doc.headings.append(Heading(level, text, slug))

    for _ in range(4 * wanted):  # bounded: a heading is skipped when no unique text is found
        if len(doc.headings) >= wanted:
            break
        add(2, DOC_H2)
        for _ in range(rng.randint(0, 3)):
            if len(doc.headings) < wanted:
                add(3, DOC_H3)


def build_unit(n: int, u: int, first_number: int) -> Unit:
    title, theme = unit_title(u)
    unit = Unit(u, f"area-{u + 1:03d}" if n > 1 else "", title, theme)
    rng = rng_for(n, f"unit:{u}")
    candidates = sorted({f"{snake(c).upper()}{s}" for c in theme.concepts for s in DOC_SUFFIXES}
                        | set(GENERAL_DOCS))
    names = rng.sample(candidates, rng.randint(74, 82))
    concepts = theme.concepts
    for name in names:
        concept = next((c for c in concepts if name.startswith(snake(c).upper())),
                       rng.choice(concepts))
        unit.docs.append(Doc(unit.at(f"{name}.md"), doc_title(name), concept, u, 0))
    seen: set[str] = set()
    for k in range(rng.randint(23, 27)):
        for _ in range(20):
            section = rng.choice(sorted(DOC_SECTIONS))
            concept = rng.choice(concepts)
            name = rng.choice(DOC_SECTIONS[section]).format(c=file_slug(concept), k=k + 1)
            path = unit.at(f"docs/{section}/{name}.md")
            if path not in seen:
                seen.add(path)
                unit.docs.append(Doc(path, doc_title(name.lstrip("0123456789-")).strip(),
                                     concept, u, 0))
                break
    for doc in unit.docs:
        doc_rng = rng_for(n, f"outline:{doc.path}")
        long = doc_rng.random() < P_LONG_DOC
        doc.size = round(doc_rng.triangular(20000, 100000, 40000) if long
                         else doc_rng.triangular(5000, 20000, 9000))
        outline(doc, theme, doc_rng)

    titles: set[str] = set()
    for k in range(rng.randint(30, 40)):
        concept = concepts[k % len(concepts)] if k < len(concepts) else rng.choice(concepts)
        fill = Fill(rng, theme, concept)
        title = fill(rng.choice(POST_TITLES))
        while title in titles:
            title = fill(rng.choice(POST_TITLES))
        titles.add(title)
        number = first_number + k
        related = [d for d in unit.docs if d.concept == concept] or unit.docs
        cites = rng.sample(related, min(len(related), rng.randint(1, 3)))
        size = round(rng.triangular(5000, 40000, 13000))
        unit.posts.append(Post(number, u, title, "", concept, size, cites))
    for k in range(rng.randint(2, 4)):
        concept = rng.choice(concepts)
        title = Fill(rng, theme, concept)(rng.choice(POST_TITLES))
        while title in titles:
            title = Fill(rng, theme, concept)(rng.choice(POST_TITLES))
        titles.add(title)
        docs = rng.sample(unit.docs, 2)
        missing = unit.at(f"{snake(concept).upper()}_PLAYBOOK.md") if k == 0 else None
        unit.planned.append(Planned(0, u, title, "", docs, missing))
    return unit


def build(n: int) -> list[Unit]:
    units: list[Unit] = []
    number = 1
    for u in range(n):
        unit = build_unit(n, u, number)
        number += len(unit.posts)
        units.append(unit)
    planned = [p for unit in units for p in unit.planned]
    for k, item in enumerate(planned):
        item.number = number + k
    width = max(2, len(str(number + len(planned) - 1)))
    for unit in units:
        for post in unit.posts:
            post.file = f"{post.number:0{width}d}-{file_slug(post.title)}.md"
        for item in unit.planned:
            item.file = f"{item.number:0{width}d}-{file_slug(item.title)}.md"
    for unit in units:
        rng = rng_for(n, f"paths:{unit.index}")
        audiences = rng.sample(unit.theme.audiences, rng.randint(2, 4))
        for k, audience in enumerate(audiences):
            steps = sorted(rng.sample(unit.posts, rng.randint(4, 8)), key=lambda p: p.number)
            unit.paths.append((f"For {audience}: {unit.title}", steps,
                               unit.planned[0] if k == 0 else None))
        candidates = [p.number for p in unit.posts[1:-2]]
        unit.broken_next = rng.choice(candidates)
    return units


# -- writing Markdown ------------------------------------------------------------------


class Writer:
    """Prose, code, tables and links for one file, from that file's random source."""

    def __init__(self, rng: random.Random, theme: Theme, concept: str, source: str,
                 stats: Stats, exists: Callable[[str], bool]) -> None:
        self.rng = rng
        self.theme = theme
        self.fill = Fill(rng, theme, concept)
        self.source = source
        self.stats = stats
        self.exists = exists
        self.refs: list[tuple[str, str]] = []

    def href(self, path: str) -> str:
        return posixpath.relpath(path, posixpath.dirname(self.source) or ".")

    def link(self, text: str, href: str) -> str:
        self.stats.links += 1
        return f"[{text}]({href})"

    def doc_link(self, doc: Doc, anchor: bool = True, plant: bool = True) -> str:
        """A link to `doc` (or one of its headings); sometimes, when `plant`, a broken one."""
        rng = self.rng
        heading = rng.choice(doc.headings[1:]) if anchor and len(doc.headings) > 1 else None
        text = heading.text if heading else doc.title
        href = self.href(doc.path)
        roll = rng.random() if plant else 1.0
        fragment = heading.slug if heading and heading.level > 1 else ""
        if roll < P_MISSING_FILE:
            href = self.href(self.typo_path(doc.path))
            self.stats.planted += 1
        elif fragment and roll < P_MISSING_FILE + P_WRONG_ANCHOR:
            slugs = {h.slug for h in doc.headings}
            fragment = next(f for f in (fragment + "s", fragment + "-details", fragment + "-1")
                            if f not in slugs)
            self.stats.planted += 1
        elif fragment and roll < P_MISSING_FILE + P_WRONG_ANCHOR + P_ANCHOR_CASE:
            cased = "-".join(w.capitalize() for w in fragment.split("-"))
            self.stats.planted += cased != fragment
            fragment = cased
        target = f"{href}#{fragment}" if fragment else href
        if plant and rng.random() < 0.06:
            label = f"{file_slug(text, 3) or 'ref'}-{len(self.refs) + 1}"
            self.refs.append((label, target))
            self.stats.links += 1
            return f"[{text}][{label}]"
        return self.link(text, target)

    def typo_path(self, path: str) -> str:
        folder, name = posixpath.split(path)
        stem = name[:-3]
        for i in range(2, len(stem) - 1):
            candidate = posixpath.join(folder, stem[:i] + stem[i + 1:] + ".md")
            if not self.exists(candidate) and stem[i] != stem[i - 1]:
                return candidate
        return posixpath.join(folder, stem + "_OLD.md")

    def external(self) -> str:
        self.stats.links += 1
        self.stats.external += 1
        topic = file_slug(self.rng.choice(self.theme.concepts))
        kind = self.rng.choice(("papers", "specs", "blog", "talks"))
        return (f"[{title_case(topic.replace('-', ' '))}]"
                f"(https://example.org/{file_slug(self.theme.name)}/{kind}/{topic})")

    def sentence(self) -> str:
        return self.fill(self.rng.choice(SENTENCES))

    def paragraph(self, links: Sequence[str] = (), size: int = 0) -> str:
        rng = self.rng
        size = size or rng.randint(280, 800)
        parts: list[str] = []
        pending = list(links)
        length = 0
        templates = rng.sample(SENTENCES, len(SENTENCES))  # no sentence twice in a row
        while length < size or pending:
            if pending and (length > size / 3 or rng.random() < 0.3):
                text = rng.choice(LINK_SENTENCES).format(link=pending.pop(0))
            else:
                text = self.fill(templates[len(parts) % len(templates)])
            parts.append(text)
            length += len(text) + 1
        return " ".join(parts)

    def code(self, language: str | None = None) -> str:
        rng = self.rng
        language = language or rng.choice(LANGUAGES)
        name = snake(rng.choice(self.theme.concepts))
        key = f"{name}_{rng.choice(KEY_SUFFIXES)}"
        key2 = f"{snake(rng.choice(self.theme.concepts))}_{rng.choice(KEY_SUFFIXES)}"
        kind = "".join(w.capitalize() for w in name.split("_"))
        value = rng.choice((16, 64, 250, 1024, 4096, 30000))
        bodies = {
            "rust": (f"pub struct {kind}Config {{\n    pub {key}: u64,\n    pub {key2}: u64,\n}}"
                     f"\n\nimpl {kind}Config {{\n    pub fn validate(&self) -> Result<(), Error> "
                     f"{{\n        if self.{key} == 0 {{\n            return Err(Error::invalid"
                     f"(\"{key}\"));\n        }}\n        Ok(())\n    }}\n}}"),
            "python": (f"def {rng.choice(VERBS)}_{name}(client, limit={value}):\n"
                       f"    \"\"\"{self.sentence()}\"\"\"\n"
                       f"    batch = client.fetch(\"{name}\", limit=limit)\n"
                       f"    for item in batch:\n        client.{rng.choice(VERBS)}(item)\n"
                       f"    return len(batch)"),
            "sql": (f"SELECT {name}_id, count(*) AS total\nFROM {name}_events\n"
                    f"WHERE {key2} > {value}\nGROUP BY {name}_id\nORDER BY total DESC\n"
                    f"LIMIT 20;"),
            "toml": (f"[{name}]\n{key} = {value}\n{key2} = {rng.choice((1, 3, 5, 10))}\n"
                     f"enabled = {rng.choice(('true', 'false'))}"),
            "yaml": (f"{name}:\n  {key}: {value}\n  {key2}: {rng.choice((1, 3, 5, 10))}\n"
                     f"  mode: {rng.choice(ADJECTIVES)}"),
            "bash": (f"{PROJECT.lower()} admin {name.replace('_', '-')} status --verbose\n"
                     f"{PROJECT.lower()} admin {name.replace('_', '-')} {rng.choice(VERBS)} "
                     f"--{key.replace('_', '-')}={value}"),
            "go": (f"func (s *{kind}Service) {rng.choice(VERBS).capitalize()}(ctx context.Context)"
                   f" error {{\n\tif s.{kind.lower()}Count > {value} {{\n\t\treturn "
                   f"ErrTooMany\n\t}}\n\treturn s.store.Sync(ctx)\n}}"),
        }
        return f"```{language}\n{bodies[language]}\n```"

    def table(self) -> str:
        rng = self.rng
        rows = ["| Setting | Default | Meaning |", "|---------|---------|---------|"]
        for _ in range(rng.randint(3, 7)):
            key = f"{snake(rng.choice(self.theme.concepts))}_{rng.choice(KEY_SUFFIXES)}"
            rows.append(f"| `{key}` | {rng.choice((1, 8, 64, 512, 10000))} | "
                        f"{self.sentence().rstrip('.')} |")
        return "\n".join(rows)

    def bullets(self, items: Sequence[str]) -> str:
        return "\n".join(f"- {item}" for item in items)

    def diagram(self) -> str:
        comps = self.rng.sample(self.theme.components, 3)
        ids = ("A", "B", "C")
        lines = [f"  {i}[{title_case(c)}]" for i, c in zip(ids, comps, strict=True)]
        return "```mermaid\nflowchart LR\n" + "\n".join(lines) + "\n  A --> B --> C\n```"

    def definitions(self) -> str:
        return "\n".join(f"[{label}]: {target}" for label, target in self.refs)


class Blocks:
    """The blocks of one file, and their size so far."""

    def __init__(self, blocks: Sequence[str] = ()) -> None:
        self.blocks: list[str] = []
        self.size = 0
        for block in blocks:
            self.add(block)

    def add(self, block: str) -> None:
        self.blocks.append(block)
        self.size += len(block) + 2

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def render_doc(n: int, doc: Doc, unit: Unit, units: list[Unit], stats: Stats,
               exists: Callable[[str], bool]) -> str:
    rng = rng_for(n, f"body:{doc.path}")
    w = Writer(rng, unit.theme, doc.concept, doc.path, stats, exists)
    neighbours = [units[i] for i in (unit.index - 1, unit.index + 1) if 0 <= i < len(units)]

    def target() -> Doc:
        if neighbours and rng.random() < 0.05:
            return rng.choice(rng.choice(neighbours).docs)
        return rng.choice(unit.docs)

    def links(count: int) -> list[str]:
        found = []
        for _ in range(count):
            roll = rng.random()
            if roll < P_EXTERNAL:
                found.append(w.external())
            elif roll < 0.06:
                heading = rng.choice(doc.headings[1:])
                found.append(w.link(heading.text, f"#{heading.slug}"))
            else:
                other = target()
                if other is not doc:
                    found.append(w.doc_link(other, anchor=rng.random() < 0.7))
        return found

    blocks = Blocks([f"# {doc.title}",
                     f"> Part of the {unit.title} reference. " + w.sentence()])
    blocks.add(w.paragraph(links(2)))
    sections = doc.headings[1:]
    for k, heading in enumerate(sections, 1):
        blocks.add(f"{'#' * heading.level} {heading.text}")
        while blocks.size < doc.size * k / len(sections) - 200:
            roll = rng.random()
            if roll < 0.12:
                blocks.add(w.code())
            elif roll < 0.18:
                blocks.add(w.table())
            elif roll < 0.26:
                blocks.add(w.bullets([w.sentence() for _ in range(rng.randint(3, 6))]))
            elif roll < 0.28:
                blocks.add(w.diagram())
            else:
                blocks.add(w.paragraph(links(rng.choice((0, 1, 1, 2, 3)))))
    if w.refs:
        blocks.add(w.definitions())
    return blocks.text()


def nav_line(label: str, post: Post) -> str:
    return f"*{label}: [{post.title}]({post.file})*"


def render_post(n: int, post: Post, place: int, series: list[Post], unit: Unit, stats: Stats,
                exists: Callable[[str], bool]) -> str:
    """Post `place` (0-based) of the series: front matter (half of them), title, Previously,
    a lead citing the plan's first doc, "The Problem", sections with doc links and code,
    one link back to an earlier post (most of them), Summary, Next steps, Next."""
    rng = rng_for(n, f"body:{post.path}")
    w = Writer(rng, unit.theme, post.concept, post.path, stats, exists)
    previous = series[place - 1] if place > 0 else None
    following = series[place + 1] if place + 1 < len(series) else None
    if post.number == unit.broken_next and place + 2 < len(series):
        following = series[place + 2]
        stats.planted += 1
    blocks = Blocks()
    if rng.random() < 0.5:
        day = date(2023, 1, 2) + timedelta(days=7 * post.number)
        tags = ", ".join(file_slug(c) for c in rng.sample(unit.theme.concepts, 2))
        blocks.add(f'---\ntitle: "{post.title}"\ndate: {day.isoformat()}\n'
                   f"tags: [{tags}]\n---")
    blocks.add(f"# {post.title}")
    if previous:
        blocks.add(nav_line("Previously", previous))
    blocks.add(w.paragraph([w.doc_link(post.cites[0], plant=False)]))
    blocks.add("## The Problem")
    blocks.add(w.paragraph())

    related = [d for d in unit.docs if d.concept == post.concept] or unit.docs
    code_blocks = max(2, min(8, post.size // 6000 + rng.randint(1, 3)))
    sections = max(3, min(12, post.size // 3000 + rng.randint(0, 2)))
    used = {"the-problem", "summary", "next-steps", github_slug(post.title)}
    headings: list[str] = []
    while len(headings) < sections:
        text = w.fill(rng.choice(POST_H2))
        if github_slug(text) not in used:
            used.add(github_slug(text))
            headings.append(text)
    code_at = sorted(rng.choices(range(sections), k=code_blocks))
    earlier = series[max(0, place - 12):place]
    back = rng.choice(earlier) if earlier and rng.random() < 0.6 else None
    for k, heading in enumerate(headings):
        blocks.add(f"## {heading}")
        if back is not None and k == sections // 2:
            # mid-post, in a paragraph of its own: a citation, not navigation
            blocks.add(w.fill(rng.choice(BACK_SENTENCES)).format(
                link=w.link(back.title, back.file)))
        for _ in range(code_at.count(k)):
            blocks.add(w.paragraph(size=200))
            blocks.add(w.code(rng.choice(("rust", "python", "sql", "go", "bash", "toml"))))
        while blocks.size < (post.size - 700) * (k + 1) / sections - 200:
            roll = rng.random()
            if roll < 0.55:
                count = rng.choice((0, 1, 1, 2))
                found = [w.doc_link(rng.choice(related if rng.random() < 0.6 else unit.docs))
                         for _ in range(count)]
                if rng.random() < P_EXTERNAL * 2:
                    found.append(w.external())
                blocks.add(w.paragraph(found))
            elif roll < 0.7:
                blocks.add(w.bullets([w.sentence() for _ in range(rng.randint(3, 5))]))
            else:
                blocks.add(w.paragraph())
    blocks.add("## Summary")
    blocks.add(w.bullets([w.fill(p) for p in rng.sample(SUMMARY_POINTS, 3)]))
    blocks.add("## Next steps")
    blocks.add(w.bullets([f"Read {w.doc_link(d, plant=False)}." for d in post.cites]))
    if w.refs:
        blocks.add(w.definitions())
    blocks.add("---")
    if following:
        blocks.add(nav_line("Next", following))
    stats.links += (previous is not None) + (following is not None)
    text = blocks.text()
    post.words = count_words(text)
    return text


def render_index(units: list[Unit], stats: Stats) -> str:
    posts = [p for unit in units for p in unit.posts]
    hours = sum(p.minutes for p in posts) / 60
    lines = [
        f"# {PROJECT} Engineering Blog", "",
        f"A {len(posts)}-part technical blog series about {PROJECT}, written by the people "
        "who build it. Each post explains one design decision and links to the reference "
        "documentation for the details.", "",
        f"**Total reading time**: ~{round(hours)} hours", "",
        "## 📚 The Series", "",
    ]
    for unit in units:
        lines += [f"### {unit.title}", "",
                  f"How the {unit.theme.name.lower()} works and why, in "
                  f"{len(unit.posts)} posts.", ""]
        for post in unit.posts:
            lines.append(f"{post.number}. [{post.title}]({post.file}) ({post.minutes} min read)")
            stats.links += 1
        lines.append("")
    lines += ["## 🎯 Reading Paths", "",
              "Shorter routes through the series for readers with one question in mind.", ""]
    for unit in units:
        for title, steps, missing in unit.paths:
            lines += [f"### {title}", ""]
            items = [(p.number, f"[{p.title}]({p.file})") for p in steps]
            if missing is not None:
                items.append((missing.number, f"[{missing.title}]({missing.file})"))
                stats.planted += 1
            for k, (_, link) in enumerate(items, 1):
                lines.append(f"{k}. {link}")
                stats.links += 1
            minutes = sum(p.minutes for p in steps)
            lines += ["", f"**Time**: ~{minutes} minutes", ""]
    return "\n".join(lines)


def render_plan(units: list[Unit]) -> str:
    posts = [p for unit in units for p in unit.posts]
    planned = [p for unit in units for p in unit.planned]
    total = len(posts) + len(planned)
    first, last = planned[0].number, planned[-1].number
    lines = [
        "# Blog Series Backlog", "",
        "**Planned posts and content roadmap for completion**", "", "---", "",
        "## Overview", "",
        f"**Current Status**: {len(posts)}/{total} posts complete "
        f"({round(100 * len(posts) / total)}%)",
        f"**Remaining**: {len(planned)} posts (#{first}-{last}) + README update",
        "**Target Completion**: End of next quarter", "", "---", "",
    ]

    def entry(number: int, title: str, status: str, docs: str, words: int,
              topics: Sequence[str]) -> None:
        minutes = max(1, math.ceil(words / READING_SPEED))
        lines.extend([f"### #{number}: {title}", "",
                  f"**Status**: {status}",
                  f"**Priority**: {('High', 'Medium', 'Low')[number % 3]}",
                  f"**Estimated**: {words:,} words, {minutes} min read", "",
                  "**Topics**:", *[f"- {t}" for t in topics], "",
                  f"**Documentation**: {docs}", "",
                  f"**Estimated Time**: {1 + number % 3} hours", "", "---", ""])

    for k, unit in enumerate(units, 1):
        lines += [f"## Phase {k}: {unit.title} (Posts {unit.posts[0].number}-"
                  f"{unit.posts[-1].number})", ""]
        for post in unit.posts:
            docs = ", ".join(f"`{d.path}`" for d in post.cites)
            topics = [title_case(post.concept), f"{title_case(post.concept)} in production",
                      "Benchmarks and trade-offs"]
            entry(post.number, post.title, "✅ Complete", docs, round(post.words, -2), topics)
    lines += [f"## Phase {len(units) + 1}: Upcoming (Posts {first}-{last})", ""]
    for item in planned:
        docs = ", ".join(f"`{d.path}`" for d in item.docs)
        if item.missing_doc:
            docs += f", Needs creation ({item.missing_doc})"
        entry(item.number, item.title, "📝 Planned", docs, 5000,
              ["Problem statement", "Design", "Operational lessons"])
    lines += [
        "## Content Guidelines", "",
        "### Required Elements (All Posts)", "",
        "- ✅ Problem statement (how it is usually done)",
        "- ✅ Summary with key points",
        "- ✅ Next steps & references", "",
        "### Quality Standards", "",
        "- Minimum: 500 words",
        "- Code examples: 2-10", "",
        "---", "",
        "## Success Metrics", "",
        f"- All {total} posts complete",
        "- Every reference link checked before publishing", "",
    ]
    return "\n".join(lines)


def render_area_readme(unit: Unit, units: list[Unit], stats: Stats) -> str:
    """The unit's landing page: its docs; at N = 1 also the repository's README."""
    here = unit.at("README.md")
    single = len(units) == 1

    def rel(path: str) -> str:
        stats.links += 1
        return posixpath.relpath(path, posixpath.dirname(here) or ".")

    lines = [f"# {PROJECT}" if single else f"# {unit.title}", ""]
    lines += [f"{PROJECT} is a fictional data platform. This is the reference documentation "
              f"of its {unit.title}.", ""]
    if single:
        lines += ["## Blog", "",
                  f"- [The {PROJECT} Engineering Blog]({rel('blog/README.md')})",
                  f"- [Backlog]({rel('blog/BACKLOG.md')})", ""]
    else:
        lines += [f"Back to the [{PROJECT} overview]({rel('README.md')}). The posts about "
                  f"this area are listed in [the blog index]"
                  f"({rel('blog/README.md')}#{github_slug(unit.title)}).", ""]
    docs = sorted(unit.docs, key=lambda d: d.path)
    lines += ["## Reference", ""]
    for doc in docs:
        if "/docs/" not in f"/{doc.path}":
            lines.append(f"- [{doc.title}]({rel(doc.path)})")
    lines += ["", "## Guides, Runbooks and Decisions", ""]
    for doc in docs:
        if "/docs/" in f"/{doc.path}":
            lines.append(f"- [{doc.title}]({rel(doc.path)})")
    return "\n".join(lines) + "\n"


def render_root_readme(units: list[Unit], stats: Stats) -> str:
    lines = [f"# {PROJECT}", "",
             f"{PROJECT} is a fictional data platform, split into {len(units)} areas. Each "
             "area has its own reference documentation; the engineering blog walks through "
             "all of them.", "",
             "## Areas", ""]
    for unit in units:
        lines.append(f"- [{unit.title}]({unit.at('README.md')})")
    lines += ["", "## Blog", "",
              f"- [The {PROJECT} Engineering Blog](blog/README.md)",
              "- [Backlog](blog/BACKLOG.md)", ""]
    stats.links += len(units) + 2
    return "\n".join(lines)


# -- command line ----------------------------------------------------------------------


def generate(n: int, out: Path) -> Stats:
    units = build(n)
    stats = Stats()
    paths = {d.path for unit in units for d in unit.docs}
    paths |= {p.path for unit in units for p in unit.posts}
    exists: Callable[[str], bool] = paths.__contains__

    def write(rel: str, text: str) -> None:
        data = text.encode("utf-8")
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        stats.files += 1
        stats.bytes += len(data)

    series = [p for unit in units for p in unit.posts]
    place = 0
    for unit in units:
        for doc in unit.docs:
            write(doc.path, render_doc(n, doc, unit, units, stats, exists))
        for post in unit.posts:
            write(post.path, render_post(n, post, place, series, unit, stats, exists))
            place += 1
        write(unit.at("README.md"), render_area_readme(unit, units, stats))
    if n > 1:
        write("README.md", render_root_readme(units, stats))
    write("blog/README.md", render_index(units, stats))
    write("blog/BACKLOG.md", render_plan(units))
    stats.planted += n  # one planned doc that does not exist per unit
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("n", type=int, metavar="N", help="scale: number of units (>= 1)")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty OUTDIR (files are overwritten, "
                             "nothing is deleted)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    out: Path = args.outdir
    if out.exists() and not out.is_dir():
        parser.error(f"{out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        parser.error(f"{out} is not empty (use --force to write into it anyway)")
    stats = generate(args.n, out)
    print(f"{out}: {stats.files:,} files, {stats.bytes:,} bytes, {stats.links:,} links "
          f"({stats.external:,} external, ~{stats.planted:,} planted defects)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
