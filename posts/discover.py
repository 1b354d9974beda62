"""Finding the series of a corpus instead of assuming one: folders of numbered files, dated
posts, a `series:` front-matter key, "Part N" titles, and a site's navigation.

A post belongs to one series: the most specific way that finds it wins (front matter, then
titles, then navigation, then its folder's numbers, then dates), so a multi-part post in a
dated blog is judged with its parts, not with the posts around it in time. A way that finds
fewer than two posts finds no series.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from docs_index.model import Document
from docs_index.resolve import TargetKind, resolve
from posts.backlog import PLAN_NAMES, plan_beside
from posts.series import Place, Series, SeriesPost, name_place, word_numbered

_MIN_POSTS = 2
_MIN_NAV_PAGES = 3
"""A site's menu groups pages by folder; a folder of fewer pages is a section, not a
series read in order."""
_TITLE_CHARS = 300
"""Titles are read this far: a title is a line, and nothing past it names a part."""
_PART = re.compile(r"\bpart\s+(\d{1,3})\b", re.IGNORECASE)
_SLASH = re.compile(r"\((\d{1,3})\s*/\s*(\d{1,3})\)")
_N_OF_M = re.compile(r"\b(\d{1,3})\s+of\s+(\d{1,3})\b", re.IGNORECASE)
_EDGE = " \t,:;–—-(|[)]"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NOT_POSTS = ("readme", "index", "_index", "summary", *PLAN_NAMES)
_PAGES = ("readme", "index", "_index")
"""The page of a folder: in a numbered folder (`3.1/README.md`), a lesson of its module."""
_YEARS = 1000
"""A folder numbered this high (`cohorts/2022/`) is a year, not a lesson."""


def _front_matter_series(doc: Document) -> tuple[str, int | None] | None:
    """`series: Name`, `series: [Name, …]` (the first), or `series: {name: …, part: 3}`
    (`{id: …, index: 3}` as some Jekyll sites write it, naming the series in `_data/`);
    a part may also be given as `part: 3`."""
    value = doc.front_matter.get("series")
    part = doc.front_matter.get("part")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, dict):
        part = value.get("part", value.get("index", part))
        value = value.get("name", value.get("id"))
    if not isinstance(value, str) or not value.strip():
        return None
    number = part if isinstance(part, int) and not isinstance(part, bool) and (
        0 <= part < 10_000) else None
    return value.strip(), number


def title_part(title: str) -> tuple[str, int] | None:
    """(stem, part) of a title naming its part: "Consensus Deep Dive, Part 2: Raft",
    "Consensus Deep Dive (2/3)", "Consensus Deep Dive: 2 of 3". The stem is what comes
    before the part, else what comes after it; it names the series."""
    text = title[:_TITLE_CHARS]
    match = _PART.search(text) or _SLASH.search(text) or _N_OF_M.search(text)
    if match is None:
        return None
    stem = text[:match.start()].strip(_EDGE) or text[match.end():].strip(_EDGE)
    return (stem, int(match.group(1))) if stem else None


def name_part(path: str) -> tuple[str, int] | None:
    """(stem, part) of a file name naming its part, read as a title:
    `2021-04-06-setting-up-my-blog-part-01.md` → ("setting up my blog", 1). A name that is
    only its place (`part-2.md`) has no stem, so it names no series of its own."""
    stem = PurePosixPath(path).stem
    dated = _ISO_DAY.match(stem)
    words = stem[dated.end():] if dated else stem
    return title_part(words.replace("-", " ").replace("_", " "))


def _key(stem: str) -> str:
    return " ".join(stem.casefold().split())


def post_day(doc: Document | None, path: str) -> str | None:
    """The day of a post: from its name (`2024-03-01-x.md`), else its `date:`."""
    place = name_place(path)
    if place is not None and place.date is not None:
        return place.date
    raw = doc.front_matter.get("date") if doc is not None else None
    text = str(raw) if raw is not None and not isinstance(raw, bool) else ""
    return text[:10] if _ISO_DAY.match(text) else None


def _is_page(path: str) -> bool:
    """A page a reader may meet in a series: not a folder's README or index, and not a
    Jekyll draft (`_drafts/` is published only by `jekyll build --drafts`)."""
    pure = PurePosixPath(path)
    return pure.stem.lower() not in _NOT_POSTS and "_drafts" not in pure.parts[:-1]


class _Discovery:
    def __init__(self, markdown: Sequence[str], documents: Mapping[str, Document],
                 navigations: Sequence[tuple[str, tuple[str, ...]]]) -> None:
        self.markdown = tuple(sorted(markdown))
        self.files = frozenset(markdown)
        self.patterns = word_numbered(self.markdown)
        self.documents = documents
        self.navigations = navigations
        self.claimed: set[str] = set()
        self.found: list[Series] = []

    def claim(self, series: Series) -> None:
        if len(series.posts) >= _MIN_POSTS:
            if any(s.name == series.name for s in self.found):  # a name is a series' id
                series = replace(series, name=f"{series.name} ({series.found_by})")
            self.found.append(series)
            self.claimed |= series.files()

    def free(self, paths: Collection[str]) -> list[str]:
        return [p for p in sorted(paths) if p not in self.claimed and _is_page(p)]

    def front_matter(self) -> None:
        groups: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
        names: dict[str, str] = {}
        for path in self.free(self.documents):
            found = _front_matter_series(self.documents[path])
            if found is not None:
                key = found[0].casefold()
                names.setdefault(key, found[0])
                part = found[1]
                if part is None:  # `series: Intro to SQL` and the title "SQL Part 04: …"
                    titled = title_part(self.documents[path].title)
                    part = titled[1] if titled else None
                groups[key].append((path, part))
        for key in sorted(groups):
            members = groups[key]
            if all(part is not None for _, part in members):
                ordered = sorted(members, key=lambda m: (m[1], m[0]))
                posts = [SeriesPost(p, Place(part=part, word="part")) for p, part in ordered]
                order = "number"
            else:
                posts = self._by_date_or_name([p for p, _ in members])
                order = "date" if all(p.place.date for p in posts) else "number"
            self.claim(Series(names[key], "front-matter", tuple(posts), order=order))

    def _by_date_or_name(self, paths: list[str]) -> list[SeriesPost]:
        def key(path: str) -> tuple[str, int, str]:
            place = name_place(path, self.patterns)
            return (post_day(self.documents.get(path), path) or "",
                    place.number if place and place.number is not None else 0, path)

        posts = []
        for path in sorted(paths, key=key):
            day = post_day(self.documents.get(path), path)
            place = name_place(path, self.patterns) or Place()
            posts.append(SeriesPost(path, replace(place, date=day) if day else place))
        return posts

    def titles(self) -> None:
        groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
        names: dict[str, str] = {}
        by_title: dict[str, tuple[str, int]] = {}
        by_name: dict[str, tuple[str, int]] = {}
        for path in self.free(self.documents):
            found = title_part(self.documents[path].title)
            if found is not None:
                by_title[path] = found
            named = name_part(path)
            if named is not None:
                by_name[path] = named
        # a post whose title names no part (Jekyll titles a post from its slug when the
        # front matter has no `title`) joins the series its name shares with a titled part
        joins = {_key(by_name[p][0]): _key(t[0]) for p, t in by_title.items() if p in by_name}
        titled: set[str] = set()
        for path in sorted(by_title.keys() | by_name.keys()):
            stem, part = by_title.get(path) or by_name[path]
            key = _key(stem) if path in by_title else joins.get(_key(stem), _key(stem))
            if path in by_title and key not in titled:  # a title names it as written
                names[key] = stem
                titled.add(key)
            names.setdefault(key, stem)
            groups[key].append((part, path))
        for key in sorted(groups):
            posts = tuple(SeriesPost(path, Place(part=part, word="part"))
                          for part, path in sorted(groups[key]))
            self.claim(Series(names[key], "titles", posts))

    def navigation(self) -> None:
        for source, pages in self.navigations:
            # a book's SUMMARY.md (mdBook, GitBook) lists its chapters in reading order,
            # those of its source folder too; a MkDocs `docs/` holds the home page and
            # loose pages (about, changelog) beside the sections that are read in order
            summary = posixpath.join(source, "SUMMARY.md")
            book = summary in self.files
            by_folder: dict[str, list[str]] = defaultdict(list)
            for page in pages:
                if page in self.files and page not in self.claimed and _is_page(page):
                    folder = posixpath.dirname(page)
                    if (folder != source or book) and page not in by_folder[folder]:
                        by_folder[folder].append(page)
            for folder in sorted(by_folder):
                listed = by_folder[folder]
                if len(listed) < _MIN_NAV_PAGES:
                    continue
                posts = tuple(SeriesPost(p, replace(name_place(p, self.patterns) or Place(),
                                                         position=i))
                              for i, p in enumerate(listed, 1))
                series = self._in_folder(Series(folder or ".", "navigation", posts,
                                                order="nav"))
                if book and folder == source:  # the book's chapters, SUMMARY.md their list
                    series = replace(series, index=summary, posts=tuple(
                        replace(p, place=replace(p.place, word="chapter"))
                        if p.place.word == "post" else p for p in series.posts))
                self.claim(series)

    def folders(self) -> None:
        numbered: dict[str, list[tuple[Place, str]]] = defaultdict(list)
        for path in self.free(self.markdown):
            place = name_place(path, self.patterns)
            if place is not None and place.number is not None:
                numbered[posixpath.dirname(path)].append((place, path))
        for path in self.markdown:  # `03-orchestration/3.1/README.md`: a lesson per folder
            folder = posixpath.dirname(path)
            module = posixpath.dirname(folder)
            place = name_place(posixpath.basename(folder) + ".md")
            # only under a module's README, which lists them: a cohort's numbered
            # project folders (`cohorts/2021/07-midterm-project/`) are no lessons
            if (module and PurePosixPath(path).stem.lower() in _PAGES and place is not None
                    and place.number is not None and place.number < _YEARS
                    and path not in self.claimed and not numbered.get(folder)
                    and posixpath.join(module, "README.md") in self.files):
                numbered[module].append((place, path))
        modules = _modules(numbered, self.files)
        for folder in sorted(numbered):
            series = self._in_folder(Series(modules.get(folder, folder) or ".", "folder",
                                            numbered_posts(numbered[folder])))
            if folder in modules:
                series = replace(series, index=self._module_index(series, folder))
            self.claim(series)

    def _module_index(self, series: Series, folder: str) -> str | None:
        """The module's README when it links a lesson, else the lessons folder's own."""
        own = posixpath.join(folder, "README.md")
        doc = self.documents.get(series.index or "")
        files = series.files()
        if doc is not None and any(resolve(doc.path, link.target).path in files
                                   for link in doc.links):
            return series.index
        return own if own in self.files else series.index

    def dates(self) -> None:
        by_folder: dict[str, list[str]] = defaultdict(list)
        for path in self.free(self.markdown):
            by_folder[posixpath.dirname(path)].append(path)
        for folder in sorted(by_folder):
            paths = by_folder[folder]
            named = [p for p in paths if (name_place(p) or Place()).date]
            with_day = [p for p in paths if post_day(self.documents.get(p), p)]
            # front matter dates make a blog in `_posts/`, or in a folder where every page
            # has one (`content/posts/`); a docs folder with a few dated pages is no series
            if posixpath.basename(folder) == "_posts" or len(with_day) == len(paths):
                dated = with_day
            else:
                dated = named
            if len(dated) < _MIN_POSTS:
                continue
            posts = self._by_date_or_name(dated)
            self.claim(self._in_folder(Series(folder or ".", "dates", tuple(posts),
                                              order="date")))

    def _in_folder(self, series: Series) -> Series:
        """A folder's README is its index and its BACKLOG (PLAN, ROADMAP) its plan, when
        they are there."""
        folder = "" if series.name == "." else series.name
        index = posixpath.join(folder, "README.md")
        return replace(series, index=index if index in self.files else None,
                       plan=plan_beside([folder], self.files))

    def ordered(self) -> tuple[Series, ...]:
        """Folder series first, in the order an index of series (the README of the folder
        above them) links their folders, each following the one before, else by name; then
        the others by name."""
        rank: dict[str, tuple[int, str, int, str]] = {}
        siblings: dict[str, list[Series]] = defaultdict(list)
        for series in self.found:
            if series.found_by in ("folder", "dates") and series.name != ".":
                siblings[posixpath.dirname(series.name)].append(series)
        follows: dict[str, str] = {}
        courses: set[str] = set()
        listed: dict[str, str] = {}
        for parent, group in siblings.items():
            linked = self._linked_folders(parent)
            group.sort(key=lambda s: (linked.get(s.name, len(linked)), s.name))
            for i, series in enumerate(group):
                rank[series.name] = (0, parent, i, series.name)
                if i and linked:
                    follows[series.name] = group[i - 1].name
            if linked:  # modules of a course: their numbered posts are lessons
                courses.update(s.name for s in group)
                listed.update((s.name, posixpath.join(parent, "README.md")) for s in group)
        ordered = sorted(self.found, key=lambda s: rank.get(s.name, (1, "", 0, s.name)))
        return tuple(replace(s, follows=follows.get(s.name), listed_in=listed.get(s.name),
                             posts=_as_lessons(s.posts) if s.name in courses else s.posts)
                     for s in ordered)

    def _linked_folders(self, parent: str) -> dict[str, int]:
        """Folder → rank of its first link in `parent`'s README, for folders it links
        (`[Module 1](01-intro/)` or `(01-intro/README.md)`); empty when it links fewer
        than two: then it is no index of series."""
        doc = self.documents.get(posixpath.join(parent, "README.md"))
        if doc is None:
            return {}
        found: dict[str, int] = {}
        for link in doc.links:
            target = resolve(doc.path, link.target)
            if target.kind is not TargetKind.PATH:
                continue
            folder = target.path[:-len("/README.md")] if target.path.endswith(
                "/README.md") else target.path.rstrip("/")
            if posixpath.dirname(folder) == parent and folder not in found:
                found[folder] = len(found)
        return found if len(found) >= _MIN_POSTS else {}


def _modules(numbered: Mapping[str, list[tuple[Place, str]]],
             files: Collection[str]) -> dict[str, str]:
    """Lessons folder → its module, for a module folder that holds a README and one folder
    of numbered lessons (`01-agentic-rag/lessons/`, `05-data-platforms/notes/`) and no
    numbered files of its own: the module is the series a reader follows, its README the
    index, and the course's README, one level up, orders the modules."""
    inside: dict[str, list[str]] = defaultdict(list)
    for folder in numbered:
        if folder:
            inside[posixpath.dirname(folder)].append(folder)
    return {folders[0]: module for module, folders in inside.items()
            if module and len(folders) == 1 and not numbered.get(module)
            and posixpath.join(module, "README.md") in files}


def numbered_posts(members: list[tuple[Place, str]]) -> tuple[SeriesPost, ...]:
    """Posts by number, then sub-number; a file sharing both with an earlier one (the
    shortest name comes first: `07-x.md` before `07-x-upd.md`) is that one's sub-page."""
    members = sorted(members, key=lambda m: (m[0].number, m[0].letter, m[0].sub or 0,
                                             m[0].subsub or 0, len(PurePosixPath(m[1]).stem),
                                             m[1]))
    seen: set[tuple[int | None, str, int | None, int | None]] = set()
    posts = []
    for place, path in members:
        key = (place.number, place.letter, place.sub, place.subsub)
        posts.append(SeriesPost(path, replace(place, sub_page=key in seen)))
        seen.add(key)
    return tuple(posts)


def _as_lessons(posts: tuple[SeriesPost, ...]) -> tuple[SeriesPost, ...]:
    return tuple(replace(p, place=replace(p.place, word="lesson")) if p.place.word == "post"
                 else p for p in posts)


def discover(markdown: Sequence[str], documents: Mapping[str, Document],
             navigations: Sequence[tuple[str, tuple[str, ...]]] = ()) -> tuple[Series, ...]:
    """The series of a corpus: `markdown`, its Markdown files; `documents`, those read
    (front matter, titles, the links of READMEs); `navigations`, each site's source folder
    and the pages its navigation lists, in order."""
    found = _Discovery(markdown, documents, navigations)
    found.front_matter()
    found.titles()
    found.navigation()
    found.folders()
    found.dates()
    return found.ordered()
