"""The venue vocabulary, `content/venues.yml`, and resolving what a listing or a curator writes
(`NIPS'17`, `Proceedings of the 31st Conference on Neural Information Processing Systems`,
`NeurIPS 2017 (oral)`) to a venue's short name and the year: `NeurIPS 2017`.

Names are compared by `name_key`: case, punctuation, `Proceedings of the`, publisher prefixes
(IEEE, ACM, CVF), ordinals, numbers and years left out. A text that names no listed venue is kept
as written (trimmed): a curator adds the venue to the vocabulary, and `papercat check` says which."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.errors import PapercatError, Problem, shown
from generator.vocabulary import VocabularyFile

VENUES_FILE = "venues.yml"
KINDS = ("conference", "journal", "workshop")
_KEYS = {"name": "text", "full_name": "text", "kind": "text", "aliases": "list", "url": "text"}
_REQUIRED = {"name": "add `name: NeurIPS`, the short name shown on the site",
             "full_name": "add `full_name: ...`, the name BibTeX and CSL cite",
             "kind": "add `kind: conference` (or journal, workshop)"}

# Words that tell no venue from another: left out of every name before names are compared.
_NOISE = frozenset("""the of in proceedings proc annual ieee acm cvf first second third fourth fifth sixth
seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth
nineteenth twentieth thirtieth fortieth fiftieth twenty thirty forty fifty""".split())
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)\Z")
# A year, not a page of a range or after a volume's colon (`15(56):1929-1958, 2014` is 2014, not 1958);
# after a name's hyphen it is one (`AAAI-2021`).
_YEAR = re.compile(r"(?<![\d:])(?<!\d[-\u2013])((?:19[5-9]|20\d)\d)(?!\d|[-\u2013]\d)")
_SHORT_YEAR = re.compile(r"(?<=[A-Za-z ])\s?['\u2018\u2019`-](\d\d)\b")  # NIPS'17, CVPR '24, AAAI-24
# What a listing adds after a venue that is not part of its name: `NeurIPS 2023 (oral)`.
_DECORATION = re.compile(r"\s*[(\[][^()\[\]]*(?:oral|spotlight|poster|highlight|award|best paper|accepted|"
                         r"presentation|track|camera|long|short|main)[^()\[\]]*[)\]]", re.IGNORECASE)
_WORKSHOP = frozenset({"workshop", "workshops", "wkshp", "ws"})


def name_key(text: str) -> tuple[str, ...]:
    """Two names with the same key name the same venue."""
    text = _SHORT_YEAR.sub(" ", text.replace("&", " and "))
    words = re.split(r"[^\w]+|_", text.lower())
    return tuple(w for w in words if w and w not in _NOISE and not w.isdigit() and not _ORDINAL.match(w))


def _is_acronym(word: str) -> bool:
    """`NeurIPS`, `ICML`, `3DV`, `CoRL`: two capitals, or a digit and a letter."""
    return sum(c.isupper() for c in word) >= 2 or (any(c.isdigit() for c in word) and any(c.isalpha() for c in word))


def _inside_ok(name: str) -> bool:
    """May this name be found inside a longer text? Names of three words or more, and names with an
    acronym, may; `Nature` or `Pattern Recognition` must be the whole text (`Nature Machine
    Intelligence` is another journal, and a workshop on pattern recognition no journal at all)."""
    return len(name_key(name)) >= 3 or any(_is_acronym(w) for w in re.split(r"[^\w]+", name))


_JOURNAL = re.compile(r"\b(journal|transactions|letters|review|reviews|magazine|annals|bulletin|research|"
                      r"quarterly|nature|science)\b", re.IGNORECASE)
_MEETING = re.compile(r"\b(conference|proceedings|workshop|symposium|meeting|congress|colloquium)\b", re.IGNORECASE)


def journal_by_name(name: str) -> bool:
    """Whether a venue venues.yml does not list reads as a journal (`Journal of ...`, `... Transactions
    on ...`, `Nucleic Acids Research`), not proceedings, the commoner case in computer science."""
    return bool(_JOURNAL.search(name)) and not _MEETING.search(name)


def year_in(text: str) -> int | None:
    """The year a venue text gives: `2023`, or `'23` after a name (`NIPS'17` is 2017)."""
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _SHORT_YEAR.search(text)
    return 2000 + int(m.group(1)) if m and int(m.group(1)) < 70 else None


def clean(text: str) -> str:
    """A venue text as kept when no vocabulary venue matches it: one line, decorations and stray
    punctuation at the ends removed (`Foo 2025 (oral).` -> `Foo 2025`), but an abbreviation's full
    stop kept (`Phys. Rev. Lett.` lost its last one)."""
    text = _DECORATION.sub("", " ".join(text.split()))
    text = text.strip(" ,;:-\u2013\u2014").lstrip(".")
    if text.endswith(".") and not _ABBREVIATED.search(text):
        text = text.rstrip(".")
    return text.strip(" ,;:-\u2013\u2014").strip()


# `Phys. Rev. Lett.`, `J. Mach. Learn. Res.`: an abbreviated name, its last word short and capitalised
# (not `Accepted at Cell.`, a sentence's end).
_ABBREVIATED = re.compile(r"[A-Z][a-z]{0,6}\.\s?.*(?:^|[\s.])[A-Z][a-z]{0,6}\.$")


@dataclass(frozen=True)
class Venue:
    slug: str  # the URL's name: venues/<slug>/
    name: str  # short name, shown on the site and written in entries
    full_name: str  # what citations name
    kind: str  # one of KINDS
    aliases: tuple[str, ...] = ()
    url: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, self.full_name, *self.aliases)


@dataclass(frozen=True, eq=False)  # (hashed by identity: the lookup tables are cached per vocabulary)
class Venues:
    """The venues in file order, and what each name resolves to. Each conference also has its
    workshops as a venue of kind workshop (`NeurIPS Workshop`), unless the file lists one."""

    venues: dict[str, Venue]

    @cached_property
    def all(self) -> dict[str, Venue]:
        """Listed venues, then each conference's workshops: slug -> venue."""
        out = dict(self.venues)
        for v in self.venues.values():
            if v.kind == "conference" and f"{v.slug}-workshop" not in out:
                out[f"{v.slug}-workshop"] = Venue(f"{v.slug}-workshop", f"{v.name} Workshop",
                                                  f"{v.full_name} Workshops", "workshop")
        return out

    @cached_property
    def _tables(self) -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str], dict[str, str]]:
        """(every name's key -> slug, the keys that may be found inside a longer text -> slug,
        short name -> slug)."""
        exact: dict[tuple[str, ...], str] = {}
        inside: dict[tuple[str, ...], str] = {}
        for v in self.venues.values():
            for n in v.names():
                key = name_key(n)
                if key:
                    exact.setdefault(key, v.slug)
                    if _inside_ok(n):
                        inside.setdefault(key, v.slug)
        return exact, inside, {v.name: s for s, v in self.all.items()}

    def find(self, text: str) -> Venue | None:
        """The venue `text` names: its whole name, else the longest name found inside it (so
        `Findings of EMNLP 2023` is EMNLP Findings, not EMNLP); a conference's workshops when the
        text also says workshop. Parenthesised text is tried last (`31st Conference on Neural
        Information Processing Systems (NIPS 2017)`)."""
        exact, inside, _ = self._tables
        bare = re.sub(r"\([^()]*\)", " ", text)
        for candidate in (bare, text):
            key = name_key(candidate)
            if not key:
                continue
            if key in exact:
                return self.venues[exact[key]]
            best = next(((inside[key[i:i + n]], i, n) for n in range(len(key), 0, -1)
                         for i in range(len(key) - n + 1) if key[i:i + n] in inside), None)
            if best:
                slug, i, n = best
                venue = self.venues[slug]
                rest = key[:i] + key[i + n:]
                if venue.kind == "conference" and not _WORKSHOP.isdisjoint(rest):
                    return self.all[f"{slug}-workshop"]
                return venue
        return None

    def resolve(self, text: str, year: int | None = None) -> str:
        """`text` as an entry's venue: the short name and the year (the text's own, else `year`),
        `NeurIPS 2017`; a text that names no venue, trimmed (`clean`)."""
        resolved, venue = self.resolved(text, year)
        return resolved if venue else clean(text)

    def resolved(self, text: str, year: int | None = None) -> tuple[str, Venue | None]:
        """(`resolve`'s text, the venue); a text that names no venue comes back as it is."""
        venue = self.find(text)
        if venue is None:
            return text, None
        found = year_in(text) or year
        return (f"{venue.name} {found}" if found else venue.name), venue


NO_VENUES = Venues({})


def load_venues(content_dir: Path, read: list[bytes] | None = None) -> tuple[Venues, list[Problem]]:
    """`venues.yml` read and checked: the venues and every problem found. A catalog without the file
    has no venues (every venue is kept as written). `read` gets the bytes read."""
    path = content_dir / VENUES_FILE
    if not path.exists():
        return NO_VENUES, []
    f = VocabularyFile(path)
    root = f.compose()
    if read is not None and f.data is not None:
        read.append(f.data)
    if root is None:
        return NO_VENUES, f.problems
    venues: dict[str, Venue] = {}
    owners: dict[tuple[str, ...], tuple[str, int, str, str]] = {}  # name key -> (slug, line, setting, text)
    for slug, key, node in f.entries(root, "venue", first="name"):
        s = f.settings(slug, key, node, _KEYS, _REQUIRED)
        kind, kind_node = s.get("kind", (None, None))
        if kind is not None and kind not in KINDS:
            f.problem(kind_node, f"unknown kind (got {shown(kind)})", field=f"{slug}.kind",
                      hint="write one of: " + ", ".join(KINDS))
            kind = None
        url, url_node = s.get("url", ("", None))
        if url and not re.match(r"https?://[^\s/]+", url):
            f.problem(url_node, f"must be a full URL (got {shown(url)})", field=f"{slug}.url",
                      hint="write it as https://...")
        named = [(k, *s[k]) for k in ("name", "full_name") if k in s] + \
            [("aliases", *a) for a in s.get("aliases", ((), None))[0]]
        for setting, text, text_node in named:
            name = name_key(text)
            line = text_node.start_mark.line + 1
            if not name:
                f.problem(text_node, f"{shown(text)} says nothing once case, punctuation, years and words like "
                          "'Proceedings of the' are left out", field=slug, hint="write the venue's name")
                continue
            first = owners.setdefault(name, (slug, line, setting, text))
            if first[0] != slug:
                f.problem(text_node, _taken(text, first), field=f"{slug}.{setting}", hint=_untangle(setting, first))
        if kind and "name" in s and "full_name" in s:
            venues[slug] = Venue(slug, s["name"][0], s["full_name"][0], kind,
                                 tuple(dict.fromkeys(a for a, _ in s.get("aliases", ((), None))[0])), url)
    return Venues(venues), sorted(f.problems, key=lambda p: p.line or 0)


def _taken(text: str, first: tuple[str, int, str, str]) -> str:
    """What is wrong with a name another venue has: which venue, where, and (when the two are
    written differently) why they count as one name."""
    slug, line, setting, other = first
    said = {"name": "name", "full_name": "full name"}.get(setting, "alias")
    if other == text:
        return f"{shown(text)} already names venue {slug} (its {said}, line {line})"
    return (f"{shown(text)} already names venue {slug}: it is its {said} {shown(other)} (line {line}) once case, "
            "punctuation, years and words like 'Proceedings of the' are left out")


def _untangle(setting: str, first: tuple[str, int, str, str]) -> str:
    """How to make a name lead to one venue again: drop whichever of the two is an alias."""
    slug, line, other_setting, _ = first
    if setting == "aliases" and other_setting == "aliases":
        return f"a name must lead to one venue: delete it from these aliases, or from those of {slug} (line {line})"
    if setting == "aliases":
        return f"delete it from these aliases: it is the {'name' if other_setting == 'name' else 'full name'} of {slug}"
    if other_setting == "aliases":
        return f"delete it from the aliases of {slug} (line {line}), or give this venue a name of its own"
    return "if the two entries are one venue, merge them; if not, give this venue a name of its own"


def read_venues(content_dir: Path) -> Venues:
    """`load_venues`, raising one PapercatError with every problem."""
    venues, problems = load_venues(content_dir)
    if problems:
        raise PapercatError(problems)
    return venues


# A preprint server is where a paper is, not where it was published: exports name it as a journal
# (Google Scholar's `journal = {arXiv preprint arXiv:1706.03762}`, DBLP's `CoRR`).
_PREPRINT = re.compile(r"^\s*(?:arxiv|corr|biorxiv|medrxiv|ssrn|openreview|preprint)\b|\barxiv:\s*\d", re.IGNORECASE)


def preprint_server(text: str) -> bool:
    """Does `text` (a journal, a booktitle, a publisher) name a preprint server rather than a venue?"""
    return bool(_PREPRINT.search(text))


def resolve_records(records: list, venues: Venues) -> None:
    """Each record's venue as an entry writes it (in place): the raw text a listing gives
    (a BibTeX booktitle, an arXiv comment's phrase) resolved, with the year of the record's date
    when the text has none; a preprint server is no venue. A venue venues.yml lists says itself
    whether it is a journal or a conference, so a record's `article` or `inproceedings` goes (Google
    Scholar exports NeurIPS papers as `@article{..., journal = {Advances in neural ...}}`)."""
    for r in records:
        if r.venue:
            year = int(r.date[:4]) if r.date and r.date[:4].isdigit() else None
            r.venue = None if preprint_server(r.venue) else venues.resolve(r.venue, year) or None
            if r.venue and getattr(r, "type", None) in ("article", "inproceedings") and venues.resolved(r.venue, year)[1]:
                r.type = None
