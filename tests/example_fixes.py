"""Edits that repair every defect planted in ``examples/pyralog-like/``.

The example corpus is deliberately broken in the ways listed in the "Planted defects"
table of its README. A test copies the corpus, applies these edits and expects refgraph
to report nothing, which proves that each finding on the original corpus comes from a
planted defect and not from a false positive.

``FIXES`` rows are ``(path, old, new)``: ``path`` is relative to the corpus root, ``old``
occurs exactly once in that file and is replaced by ``new``. ``CREATES`` rows are
``(path, text)`` for the documents the plan names but nobody has written yet.
"""

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
    # 7. malformed YAML front matter
    ("blog/04-segments-and-compaction.md", "title: [unclosed", "title: Segments and Compaction"),
    # 8. reading-path step pointing at a post that is only planned
    (
        "blog/README.md",
        "4. [Fast Recovery](13-fast-recovery.md) - Getting a failed node back into service",
        "4. [From Cluster to Network](11-from-cluster-to-network.md) - Beyond one cluster",
    ),
    # 9. Next link that skips post 09
    (
        "blog/08-node-roles.md",
        "*Next: [Querying the Log with SQL](10-querying-with-sql.md)*",
        "*Next: [Data Formats at the Edges](09-data-formats-at-the-edges.md)*",
    ),
    # 6. once BATUTA.md exists, link it so that it is not an orphan
    (
        "blog/12-designing-a-query-language.md",
        "and Batuta, the orchestration language",
        "and [Batuta](../BATUTA.md), the orchestration language",
    ),
)

# 5 and 6. the documents the plan says need creating (post 11 already links OPERATIONS.md)
CREATES: tuple[tuple[str, str], ...] = (
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
)
