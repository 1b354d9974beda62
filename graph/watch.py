"""`check --watch`: check, then check again each time a file of the corpus changes, with
the last run's graph kept in the process (`KeptSnapshot`), so a run after an edit costs
the patch alone: no snapshot to load, no interpreter to start (docs/performance.md,
"Watching")."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from graph.incremental_patch import Snapshot, strip
from graph.incremental_snapshot import SnapshotStore
from graph.incremental_state import Inputs

POLL_SECONDS = 1.0
"""How often the files' sizes and times are asked: a listing and a stat of each file,
0.08 s at 13,877 files (N=100), median of 5."""
SETTLE_SECONDS = 0.2
"""How long the files must stay as they are before a run: an editor that saves a file in
steps (write a copy, rename it) is seen once."""


class KeptSnapshot:
    """The last run's graph and findings, kept in this process in place of the snapshot
    file (`SnapshotStore`, which is still read when nothing is kept, and written after a
    full run, for the next command). A patch changes the graph in place, so it is handed
    out once, and kept again after the run."""

    def __init__(self, disk: SnapshotStore) -> None:
        self.disk = disk
        self._kept: tuple[str, Snapshot] | None = None

    def load(self, key: str, engine: str) -> Snapshot | None:
        kept, self._kept = self._kept, None
        if kept is not None and kept[0] == key and kept[1].engine == engine:
            strip(kept[1].graph)
            return kept[1]
        return self.disk.load(key, engine)

    def inputs(self, key: str) -> Inputs | None:
        """What the kept run read, when one of `key` is kept."""
        return self._kept[1].inputs if self._kept is not None and self._kept[0] == key else None

    def keep(self, key: str, snapshot: Snapshot) -> None:
        self._kept = (key, snapshot)


Stamps = dict[str, tuple[int, int]]


def stamps(root: Path, paths: Iterable[str]) -> Stamps:
    """Each file's size and modification time (ns); a file that cannot be stat'ed is left
    out, so its coming back is a change."""
    found: Stamps = {}
    top = os.fspath(root)
    for path in paths:
        try:
            info = os.stat(os.path.join(top, path))
        except OSError:
            continue
        found[path] = (info.st_size, info.st_mtime_ns)
    return found


def changed(before: Stamps, now: Stamps) -> list[str]:
    """The files added, removed or changed, in path order."""
    return sorted(path for path in before.keys() | now.keys()
                  if before.get(path) != now.get(path))


def watch(run: Callable[[], int], look: Callable[[], Stamps],
          say: Callable[[str], None], sleep: Callable[[float], None] = time.sleep) -> int:
    """`run` once, then again each time `look` sees a change that has settled; until
    interrupted (Ctrl-C), when it returns the last run's exit code."""
    code = run()
    seen = look()
    say("refgraph: watching for changes (Ctrl-C to stop)")
    try:
        while True:
            sleep(POLL_SECONDS)
            now = look()
            if now == seen:
                continue
            while True:  # until it settles
                sleep(SETTLE_SECONDS)
                later = look()
                if later == now:
                    break
                now = later
            files = changed(seen, now)
            seen = now
            shown = ", ".join(files[:3]) + (f" and {len(files) - 3:,} more" if len(files) > 3
                                             else "")
            say(f"refgraph: {time.strftime('%H:%M:%S')} {shown} changed: checking again")
            code = run()  # a change while it runs is seen at the next look
    except KeyboardInterrupt:
        return code
