"""Edits that repair every defect planted in ``examples/pyralog-like/``.

The example corpus is deliberately broken in the ways listed in the "Planted defects"
table of its README. A test copies the corpus, applies these edits and expects refgraph
to report nothing, which proves that each finding on the original corpus comes from a
planted defect and not from a false positive.

``FIXES`` rows are ``(path, old, new)``, applied in order: ``path`` is relative to the
corpus root, ``old`` occurs exactly once in that file (at the time the row is applied) and
is replaced by ``new``. ``CREATES`` rows are ``(path, text)``: files written (or rewritten,
as UTF-8) after the edits. Comments name the rows of the README table they repair.
"""

_ENTRY_6 = (
    "### [6. Exactly-Once Delivery Without Magic](06-exactly-once-delivery.md)\n"
    "*Making retries harmless, and knowing where the guarantee ends*\n"
    "\n"
    "**Key Topics**:\n"
    "- Idempotent producers\n"
    "- Transactions and the coordinator\n"
    "- Single-partition fast path\n"
    "\n"
    "**Target Audience**: Application developers\n"
    "\n"
    "**Length**: ~2 minute read\n"
    "\n"
    "---\n"
    "\n"
)
_ENTRY_7 = (
    "### [7. Actors All the Way Down](07-actors-all-the-way-down.md)\n"
    "*One owner for every piece of state, and no locks*\n"
    "\n"
    "**Key Topics**:\n"
    "- Partition actors\n"
    "- Supervision trees\n"
    "- Backpressure through bounded mailboxes\n"
    "\n"
    "**Target Audience**: Rust developers, systems programmers\n"
    "\n"
    "**Length**: ~2 minute read\n"
    "\n"
    "---\n"
    "\n"
)
_ENTRY_8 = (
    "### [8. Node Roles: Who Does What](08-node-roles.md)\n"
    "*Gateways, sequencers and storage nodes on real machines*\n"
    "\n"
    "**Key Topics**:\n"
    "- Resources each role consumes\n"
    "- Failure behaviour per role\n"
    "- Sizing signals\n"
    "\n"
    "**Target Audience**: Operators, SREs\n"
    "\n"
    "**Length**: ~2 minute read\n"
    "\n"
    "---\n"
    "\n"
)
_ENTRY_9 = (
    "### [9. Data Formats at the Edges](09-data-formats-at-the-edges.md)\n"
    "*Two formats inside the cluster, references for everything else*\n"
    "\n"
    "**Key Topics**:\n"
    "- Segment files\n"
    "- Arrow IPC on the wire\n"
    "- External file references\n"
    "\n"
    "**Target Audience**: Data engineers\n"
    "\n"
    "**Length**: ~2 minute read\n"
    "\n"
    "---\n"
    "\n"
)

FIXES: tuple[tuple[str, str, str], ...] = (
    # 1. misspelt file name
    ("blog/02-the-write-path.md", "../STORGE.md", "../STORAGE.md"),
    # 2. link to a file that never existed
    (
        "blog/03-replication-without-drama.md",
        "- Our older [consensus notes](../CONSENSUS.md) are still being migrated.",
        "- [Epochs](../LEADERSHIP.md#epochs) defines what an epoch is precisely.",
    ),
    # 3. anchor in another file: the heading is "## Compaction"
    ("blog/05-columnar-by-default.md", "../STORAGE.md#compactions", "../STORAGE.md#compaction"),
    # 4. anchor in the same file: the heading is "## Summary"
    ("blog/06-exactly-once-delivery.md", "(#sumary)", "(#summary)"),
    # 5, 6a. OPERATIONS.md is written (see CREATES); once it exists the plan must stop
    # calling it a doc that needs creation
    (
        "blog/BACKLOG.md",
        "**Documentation**: Needs creation (OPERATIONS.md)",
        "**Documentation**: `OPERATIONS.md`",
    ),
    # 6b. once BATUTA.md exists, link it so that it is not an orphan
    (
        "blog/12-designing-a-query-language.md",
        "and Batuta, the orchestration language",
        "and [Batuta](../BATUTA.md), the orchestration language",
    ),
    # 7. malformed YAML front matter
    ("blog/04-segments-and-compaction.md", "title: [unclosed", "title: Segments and Compaction"),
    # 38. the reading path starts with a post that builds on a later step
    (
        "blog/README.md",
        "1. [Node Roles](08-node-roles.md) - Sizing and failures\n"
        "2. [The Write Path](02-the-write-path.md) - Where a record could be lost\n"
        "3. [Segments and Compaction](04-segments-and-compaction.md) - Disk usage and retention\n",
        "1. [The Write Path](02-the-write-path.md) - Where a record could be lost\n"
        "2. [Segments and Compaction](04-segments-and-compaction.md) - Disk usage and retention\n"
        "3. [Node Roles](08-node-roles.md) - Sizing and failures\n",
    ),
    # 8. reading-path step pointing at a post that is only planned
    (
        "blog/README.md",
        "4. [Fast Recovery](13-fast-recovery.md) - Getting a failed node back into service",
        "4. [From Cluster to Network](11-from-cluster-to-network.md) - Beyond one cluster",
    ),
    # 35, 36. reference docs as steps: nested notes under the step that needs them
    (
        "blog/README.md",
        "- Trust across clusters\n5. [Research Paper](../PAPER.md) - Academic analysis\n",
        "- Trust across clusters\n   - background: the [research paper](../PAPER.md)\n",
    ),
    (
        "blog/README.md",
        "- Beyond one cluster\n5. [Quick Start](../QUICK_START.md) - Run a node yourself\n",
        "- Beyond one cluster\n   - hands-on: the [Quick Start](../QUICK_START.md) runs a node\n",
    ),
    # 37. copy-pasted step: step 3 of the language path is post 10
    (
        "blog/README.md",
        "3. [Querying the Log with SQL](07-actors-all-the-way-down.md)",
        "3. [Querying the Log with SQL](10-querying-with-sql.md)",
    ),
    # 39. the path's stated time: four posts of about two minutes each
    ("blog/README.md", "**Time**: ~25 minutes", "**Time**: ~8 minutes"),
    # 9. Next link that skips post 09
    (
        "blog/08-node-roles.md",
        "*Next: [Querying the Log with SQL](10-querying-with-sql.md)*",
        "*Next: [Data Formats at the Edges](09-data-formats-at-the-edges.md)*",
    ),
    # 27. Previously link that skips post 09
    (
        "blog/10-querying-with-sql.md",
        "← [Previous: Node Roles: Who Does What](08-node-roles.md)",
        "← [Previous: Data Formats at the Edges](09-data-formats-at-the-edges.md)",
    ),
    # 29. post 09 gets the Previously link the other posts have
    (
        "blog/09-data-formats-at-the-edges.md",
        "*Part 9 of the Quarrylog Blog Series*\n\n",
        "*Part 9 of the Quarrylog Blog Series*\n\n"
        "*Previously: [Node Roles: Who Does What](08-node-roles.md)*\n\n",
    ),
    # 25a, 25b. the introductions without code get a tagged example each
    (
        "blog/08-node-roles.md",
        "storage:   disk utilisation and write-ahead log fsync time\n```\n",
        "storage:   disk utilisation and write-ahead log fsync time\n```\n\n"
        "```toml\n[roles]\ngateways = 2\nsequencers = 2\nstorage = 3\n```\n",
    ),
    (
        "blog/09-data-formats-at-the-edges.md",
        "needed by another cluster        → native segment, replicated\n```\n",
        "needed by another cluster        → native segment, replicated\n```\n\n"
        "```sh\nquarry topic create clicks --external-threshold 64MiB\n```\n",
    ),
    # 28. post 07's front matter gets its prev: back
    (
        "blog/07-actors-all-the-way-down.md",
        "date: 2025-10-09\n",
        "date: 2025-10-09\nprev: 06-exactly-once-delivery.md\n",
    ),
    # 33, 30, 40, 32, 31: the index - entries 7 and 8 in order, the lost entries for 6
    # and 9 restored, entry 11 linked to post 11, entry 3 linked to the real file
    ("blog/README.md", _ENTRY_8 + _ENTRY_7, _ENTRY_6 + _ENTRY_7 + _ENTRY_8 + _ENTRY_9),
    (
        "blog/README.md",
        "### [11. From Cluster to Network](10-querying-with-sql.md)",
        "### [11. From Cluster to Network](11-from-cluster-to-network.md)",
    ),
    (
        "blog/README.md",
        "### [3. Replication Without Drama](03-replication.md)",
        "### [3. Replication Without Drama](03-replication-without-drama.md)",
    ),
    # 42. the stale post count
    ("blog/README.md", "An 11-part technical blog series", "A 12-part technical blog series"),
    # 22, 43, 23. the leftover plan entry for #12: published (which also makes the
    # remaining range right), and its real size
    ("blog/BACKLOG.md", "**Status**: 🚧 In progress", "**Status**: ✅ Complete"),
    (
        "blog/BACKLOG.md",
        "**Estimated**: 1,200 words, 6 min read",
        "**Estimated**: 450 words, 2 min read",
    ),
    # 20. post 12 links the Arrow reference its plan entry names
    (
        "blog/12-designing-a-query-language.md",
        "- [Data Formats](../DATA_FORMATS.md#choosing-a-format) lists the schema rules.\n",
        "- [Data Formats](../DATA_FORMATS.md#choosing-a-format) lists the schema rules.\n"
        "- [Arrow Integration](../ARROW.md#record-batches) shows the batches a pipeline"
        " receives.\n",
    ),
    # 21. the doc that "needs creation" was written: cite it plainly
    (
        "blog/BACKLOG.md",
        "`DATA_FORMATS.md`, Needs creation (TIERED_STORAGE.md)",
        "`DATA_FORMATS.md`, `TIERED_STORAGE.md`",
    ),
    # 44. the unmet target is the plan's progress, not a mistake: the fixed copy makes the
    # twelve published introductions its definition of done and leaves #13-16 as the
    # remaining work, as tests/corpora/rg603-success-metric-unmet/fixed does
    (
        "blog/BACKLOG.md",
        "- [ ] All 16 posts complete",
        "- [x] All 12 introduction posts (1-12) complete",
    ),
    (
        "blog/BACKLOG.md",
        "- ✅ 16 posts complete (currently 12/16)",
        "- ✅ 12 introduction posts (1-12) complete (currently 12/16)",
    ),
    # 26. post 01 gets its summary back
    (
        "blog/01-introducing-quarrylog.md",
        "More background, talks",
        "## Summary\n"
        "\n"
        "- A log and a warehouse usually hold the same data twice.\n"
        "- Quarrylog seals records into columnar segments that serve both workloads.\n"
        "- It keeps the ordering and durability guarantees of a log.\n"
        "- It deliberately gives up in-place updates.\n"
        "\n"
        "More background, talks",
    ),
    # 24, 25, 13. the two short introductions reach the guideline's 350 words; the
    # misnamed suppression comment goes (the link it was for resolves once row 5 is fixed)
    (
        "blog/08-node-roles.md",
        "is extremely hot.\n",
        "is extremely hot. Whatever the layout, place the three storage nodes in different\n"
        "racks, so that a single power or switch failure cannot take away a quorum.\n",
    ),
    (
        "blog/11-from-cluster-to-network.md",
        "which is not finished yet. <!-- refgraph-disable-line dangling-link -->\n",
        "which is not finished yet.\n"
        "Until it is, start from the failure cases in [Node Roles](../NODES.md#failure-handling):\n"
        "every member of a network is also an ordinary cluster, and most of its bad days look\n"
        "exactly like the bad days of a single cluster.\n",
    ),
    # 34. forward reference: point at the reference doc instead of post 04
    (
        "blog/03-replication-without-drama.md",
        "(see\n[Segments and Compaction](04-segments-and-compaction.md) for why they never"
        " change).",
        "(see\n[Storage Architecture](../STORAGE.md#segments) for why they never change).",
    ),
    # 12. suppression left behind after the anchor was fixed
    (
        "blog/04-segments-and-compaction.md",
        "<!-- refgraph-disable-next-line RG102 -->\n",
        "",
    ),
    # 14. the copied reference link gets its definition
    (
        "blog/06-exactly-once-delivery.md",
        "- [Consumer offsets](../EXACTLY_ONCE.md#consumer-offsets) explains the offset topic.\n",
        "- [Consumer offsets](../EXACTLY_ONCE.md#consumer-offsets) explains the offset topic.\n"
        "\n"
        "[storage]: ../STORAGE.md\n",
    ),
    # 15. unused reference definition
    ("blog/10-querying-with-sql.md", "\n[datafusion]: ../ARROW.md#datafusion-queries\n", ""),
    # 18. link climbing out of the corpus
    ("blog/10-querying-with-sql.md", "](../../STORAGE.md#segment-layout)",
     "](../STORAGE.md#segment-layout)"),
    # 16. anchor written with the heading's capitals
    ("LEADERSHIP.md", "NODES.md#Failure-Handling", "NODES.md#failure-handling"),
    # 17. numbered duplicate-heading anchor: link an explicit anchor instead
    (
        "DATA_FORMATS.md",
        "fingerprint before they accept the first batch.\n\n## Example\n",
        'fingerprint before they accept the first batch.\n\n<a id="ipc-stream-example"></a>\n'
        "\n## Example\n",
    ),
    (
        "blog/09-data-formats-at-the-edges.md",
        "(../DATA_FORMATS.md#example-1)",
        "(../DATA_FORMATS.md#ipc-stream-example)",
    ),
    # 19. directory link: link the README itself
    ("blog/12-designing-a-query-language.md", "(../sulise/)", "(../sulise/README.md)"),
    # 41. orphan doc: list it with the other reference documents
    (
        "README.md",
        "- [Tiered Storage](TIERED_STORAGE.md) - cold segments in object storage\n",
        "- [Tiered Storage](TIERED_STORAGE.md) - cold segments in object storage\n"
        "- [Metrics](METRICS.md) - what each role exports and what to alert on\n",
    ),
    # 11. the generated changelog is excluded rather than skipped with a warning
    (
        "refgraph.toml",
        "max-file-size = 16_000\n",
        'max-file-size = 16_000\nexclude = ["CHANGELOG.md"]  # generated by release-notes\n',
    ),
    # 45. the generated parse tree, flattened: one list, each node at its depth
    (
        "sulise/grammar/parse-tree.md",
        "\n" + "".join(f"{'  ' * i}- node {i}\n" for i in range(60)),
        "\n" + "".join(f"- node {i} (depth {i})\n" for i in range(60)),
    ),
)

CREATES: tuple[tuple[str, str], ...] = (
    # 5 and 6a. the operations guide the plan says needs creating (post 11 already links it)
    (
        "OPERATIONS.md",
        "# Operations\n"
        "\n"
        "How to run Quarrylog in production.\n"
        "\n"
        "## Deployment\n"
        "\n"
        "Start with the layout in [Node Roles](NODES.md#sizing) and grow each role on its\n"
        "own signal.\n"
        "\n"
        "## Recovery\n"
        "\n"
        "A failed storage node is rebuilt by copying sealed segments from its peers; see\n"
        "[Storage Architecture](STORAGE.md#segments).\n",
    ),
    # 6b. the Batuta reference the plan cites for #16
    (
        "BATUTA.md",
        "# Batuta\n"
        "\n"
        "Batuta is the pipeline language built with the [Sulise](sulise/README.md) toolkit.\n"
        "\n"
        "## Pipelines\n"
        "\n"
        "A pipeline reads topics, transforms records and writes topics. Each deployed\n"
        "pipeline runs as [partition actors](ACTOR_MODEL.md#partition-actors).\n",
    ),
    # 10. CONTRIBUTING.md re-saved as UTF-8 (`iconv -f latin1 -t utf-8`)
    (
        "CONTRIBUTING.md",
        "# Contributing to Quarrylog\n"
        "\n"
        "Thank you for helping. Code, documentation and blog posts all go through pull requests.\n"
        "\n"
        "## Documentation\n"
        "\n"
        "- Reference documents live at the top of the repository, one topic per file.\n"
        "- Blog posts live in `blog/`, numbered in reading order; the plan for the next ones is\n"
        "  `blog/BACKLOG.md`.\n"
        "- Run `refgraph check .` before opening a pull request; it should report nothing new.\n"
        "\n"
        "## Style\n"
        "\n"
        "Write short sentences and state costs next to benefits. Use British spelling in prose\n"
        "and keep code identifiers as they are in the source.\n"
        "\n"
        "## Thanks\n"
        "\n"
        "The storage design owes a lot to René Duchêne, who reviewed the first segment format,\n"
        "and to Zoë Martín, who wrote the original compaction notes.\n",
    ),
)
