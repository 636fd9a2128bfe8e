"""Authors' names: how one is split for a bibliography, sorted and grouped A–Z, and which URL slug
it gets. Pure functions of the names (entries give them as "Given Family", in any script, or family
name first, "Van Gool, Luc", when the family name is several words that "Given Family" would split
wrong: `split_name` reads both, and pages show both given names first, `shown`).

A name is one person per distinct text as shown (after NFC and collapsing spaces; `person`):
papercat cannot tell whether two "Wei Li"s are one person, nor that "Jose Garcia" and "José García"
are, so it never merges names; a curator who knows writes them the same way."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.matching import normalise

# Lower-case words that start a family name ("Ludwig van Beethoven", "Charles de Gaulle"). Only in
# lower case: "Vincent Van Gogh" is split like any other name, as BibTeX would.
PARTICLES = frozenset("van von der den de del della dei degli di da das dos du la le les ter ten zu zum zur af av "
                      "bin ibn al el st".split())
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv phd ph.d. md m.d.".split())
# Latin letters that Unicode does not decompose into an ASCII letter plus marks (search_index folds
# with it too; search.js has the same table).
LATIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ß": "ss",
                        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ı": "i", "ħ": "h",
                        "Ħ": "H", "ŀ": "l", "Ŀ": "L"})
OTHER = "#"  # the A–Z index's group for family names that do not start with a Latin letter
SLUG_CHARS = 60


# The last word of an organisation's name ("Gemini Team", "OpenAI Inc.", "The CMS Collaboration",
# "Google Research", "Google DeepMind", "BigScience Workshop"), in any case; and "AI" in this case
# ("Meta AI", "Mistral AI": not the family name Ai).
ORGANISATION_WORDS = frozenset("team teams group consortium collaboration lab labs laboratory laboratories institute "
                               "university inc ltd llc corporation corp company project initiative association "
                               "foundation committee council contributors society centre center research deepmind "
                               "workshop academy agency organization organisation alliance department".split())
ORGANISATION_ACRONYMS = frozenset({"AI"})


@dataclass(frozen=True)
class Name:
    """A name as bibliographies want it: `family` keeps its particles ("van der Berg"). An
    organisation (`literal`) is all family: cited whole, never as "Team, Gemini"."""

    given: str
    family: str
    suffix: str = ""  # "Jr.", "III"
    literal: bool = False
    family_first: bool = False  # written "Van Gool, Luc": the entry said where the family name starts

    @property
    def core(self) -> str:
        """The family name without its lower-case particles: what the name is sorted and grouped by
        ("van der Berg" under B; "Van Gool", which an entry wrote family name first, under V)."""
        if self.literal:
            return self.family
        words = self.family.split()
        while len(words) > 1 and words[0] in PARTICLES:
            words.pop(0)
        return " ".join(words)


ET_AL = ("others", "et al.", "et al")  # an authors list's last item when it names the first authors only


def is_et_al(name: object) -> bool:
    """`- others` (BibTeX's `and others`): the authors the list does not name."""
    return isinstance(name, str) and name.strip().casefold() in ET_AL


def is_organisation(name: str) -> bool:
    """An author that is no person: a name joining several ("Gemini Team and Google DeepMind", as
    BibTeX's braced corporate authors arrive), with an `@` ("Llama Team, AI @ Meta"), or ending a
    part in a word such as Team, Consortium, Inc., Research or AI ("OpenAI Inc.", "Meta AI"). (A
    name of one word is cited whole anyway: `Plato`, `王芳`, `OpenAI`.)"""
    words = canonical(name).split()
    if len(words) < 2:
        return False
    ends = [words[-1]] + [w for w in words if w.endswith(",")]
    return ("and" in words or "&" in words or "@" in words
            or any(w.lower().strip(".,") in ORGANISATION_WORDS or w.strip(".,") in ORGANISATION_ACRONYMS for w in ends))


def canonical(name: str) -> str:
    """The form two spellings of one name share: NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


# What may follow the comma of a name written family name first: given names (`Luc`, `J. R. R.`,
# `J`, `AY`), not an acronym of three letters or more (`Anthropic, PBC`, `Meta AI, FAIR`: what
# imports write for a braced corporate author or a CSL literal).
GIVEN = re.compile(r"(?:[A-Z]\.?\s*){1,2}|(?:[A-Z]\.\s*)+|.*[a-z].*")


def family_first(name: str) -> tuple[str, str] | None:
    """(family, given) when `name` reads family name first, `Family, Given`: a comma followed by
    given names, not by a suffix (`Martin Luther King, Jr.`). Whether the name is read so is
    `split_name`'s to say: only when the family name is several words (`Van Gool, Luc`)."""
    head, comma, tail = name.rpartition(",")
    tail = tail.strip()
    if not comma or tail.lower() in SUFFIXES or not GIVEN.fullmatch(tail):
        return None
    return head.strip(), tail


def split_name(name: str) -> Name:
    """"Given Family" -> Name. The family name is the last word, with any lower-case particles
    before it; "Jr.", "II" and the like at the end are a suffix. A single word is a family name;
    an organisation is one literal name (`is_organisation`).

    A family name of several words may come first, before a comma (`Van Gool, Luc`,
    `Van der Maaten, Laurens, Jr.`): capitalised particles cannot be told from given names
    ("Nguyen Van Minh"), so a name says so itself, and is read so here, the one place names are
    split. One word before the comma (`O'Neal, Shaquille`) is not read so: "Given Family" says it
    without doubt, and validate refuses the name."""
    if is_organisation(name):
        return Name("", canonical(name), "", literal=True)
    words = canonical(name).split()
    suffix = ""
    if len(words) > 1 and words[-1].lower().rstrip(",") in SUFFIXES:
        suffix = words.pop().rstrip(",")
        words[-1] = words[-1].rstrip(",")
    if not words:
        return Name("", "", suffix)
    parts = family_first(" ".join(words)) if "," in name else None
    if parts and len(parts[0].split()) > 1 and "," not in parts[0]:
        return Name(parts[1], parts[0], suffix, family_first=True)
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:  # (the first word stays a given name)
        start -= 1
    return Name(" ".join(words[:start]), " ".join(words[start:]), suffix)


def shown(name: str) -> str:
    """The name as pages show it (bylines, author pages and their slugs, feeds, search): given names
    first, so `Van Gool, Luc` is shown `Luc Van Gool` (`Luc Van Gool, Jr.` with a suffix); any other
    name as written."""
    if "," not in name:  # (the common case, without splitting: a list shows every byline)
        return name
    n = split_name(name)
    if not n.family_first:
        return name
    return f"{n.given} {n.family}" + (f", {n.suffix}" if n.suffix else "")


def person(name: str) -> str:
    """Who a name is: the name as shown, in its canonical form. `Van Gool, Luc` and `Luc Van Gool`
    are one person, with one page: the pages show them alike, and the first only says where the
    family name starts (`filed_as`)."""
    return canonical(shown(name))


def filed_as(names: Iterable[str]) -> dict[str, str]:
    """The people (`person`) an entry writes family name first, each with that spelling: the A–Z
    index files and sorts them by it (`Van Gool, Luc` under V, where a plain `Luc Van Gool` elsewhere
    would put them under G). Of two such spellings the first in text order, so that the papers'
    order never matters. Anyone else is filed by the name as shown."""
    out: dict[str, str] = {}
    for name in names:
        if "," in name and split_name(name).family_first:  # (the comma first: most names have none)
            key, written = person(name), canonical(name)
            if key not in out or written < out[key]:
                out[key] = written
    return out


def fold(text: str) -> str:
    """Text to sort by: Latin letters without their accents (ł as l, ß as ss), case-folded; other
    scripts kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LATIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_forms(name: str) -> tuple[str, str]:
    """A name and its family name, folded, without spaces, dots, hyphens, apostrophes or a suffix, for
    telling whether two spellings may be one person (`same_person`): `Van Gool, Luc` ->
    ("lucvangool", "vangool"); `John Smith Jr.` -> ("johnsmith", "smith")."""
    n = split_name(name)
    return re.sub(r"[\s\-.']", "", fold(f"{n.given} {n.family}")), re.sub(r"[\s\-.']", "", fold(n.core))


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names, as `name_forms` gives them, may be one person: either ends with the other's
    family name (`Yann LeCun`, `Y. Lecun`, `Le Cun, Yann`)."""
    return len(a) == len(b) == 2 and (a[0].endswith(b[1]) or b[0].endswith(a[1]))


def sort_key(name: str) -> tuple[str, str, str]:
    """A–Z by family name (without particles: "van der Berg" sorts under B), then given name, then
    the text itself so that the order never depends on the input's."""
    n = split_name(name)
    return fold(n.core), fold(n.given), name


def initial(name: str) -> str:
    """The A–Z index's letter for a name: the first letter of the family name, accents dropped
    ("Łukasz Kaiser" and "Kaiser" under K, "Müller" under M), or `OTHER`."""
    first = fold(split_name(name).core)[:1].upper()
    return first if "A" <= first <= "Z" else OTHER


def base_slug(name: str) -> str:
    """Lower-case ASCII words of the name, joined by hyphens; when letters have no ASCII form
    (Chinese, Cyrillic ...), the first 8 hex digits of the SHA-256 of the name are added, so that
    two such names get different slugs that stay the same on every build."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name).encode("ascii", "ignore").decode()).strip("-")
    kept = len(slug.replace("-", ""))
    if len(normalise(name.translate(LATIN)).replace(" ", "")) > kept or not slug:
        tail = _hash(name, 8)
        slug = slug[:SLUG_CHARS - 9].rstrip("-")
        return f"{slug}-{tail}" if slug else f"author-{tail}"
    return slug[:SLUG_CHARS].rsplit("-", 1)[0] if len(slug) > SLUG_CHARS else slug


class NameFacts:
    """Each author name's slug base and sort key (`base_slug`, `sort_key`), worked out once and kept
    between builds by the caller (`known`, JSON-able): folding and slugging 20,000 names took 0.35 s
    of every rebuild at 10,000 papers (grouping 0.7 -> 0.4 s; about a tenth of an edit in-process,
    quiet machine), and a rebuild seldom brings a new name."""

    def __init__(self, known: dict[str, list[str]] | None = None) -> None:
        self.known = known if known is not None else {}
        self.added = 0  # names worked out here (the caller saves `known` again when there are any)

    def of(self, name: str) -> list[str]:
        """[base slug (of the name as shown), folded family name without particles, folded given name]."""
        facts = self.known.get(name)
        if facts is None:
            n = split_name(name)
            facts = self.known[name] = [base_slug(shown(name)), fold(n.core), fold(n.given)]
            self.added += 1
        return facts

    def sort_key(self, name: str) -> tuple[str, str, str]:
        _, core, given = self.of(name)
        return core, given, name


def _hash(name: str, n: int) -> str:
    return hashlib.sha256(canonical(name).encode()).hexdigest()[:n]


SLUG_HASH = 6  # characters of the hash that tells apart names whose slugs coincide (`person_slugs`)


def usual_slug(slug: str, base: str) -> bool:
    """Is `slug` what `person_slugs` gives a name whose slug base is `base`: the plain slug, or it
    with a hash of the usual length (not one made longer by a clash of hashes, which a name
    elsewhere caused)?"""
    return slug == base or (slug.startswith(base + "-") and len(slug) == len(base) + 1 + SLUG_HASH)


def person_slugs(names: Iterable[str], reserved: frozenset[str] = frozenset(),
                 base: Callable[[str], str] = base_slug) -> dict[str, str]:
    """A distinct slug for every name. Names whose slugs coincide ("José García", "Jose Garcia")
    are told apart deterministically: the one first in (ASCII names first, then text) order keeps
    the plain slug, the others add a hash of their own text, so their slugs depend on nothing else.
    A slug in `reserved` (a URL the index uses) is treated as taken."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in set(names):
        by_slug[base(name)].append(name)
    out: dict[str, str] = {}
    rest: list[tuple[str, str]] = []
    for slug, group in by_slug.items():
        group.sort(key=lambda n: (not n.isascii(), n))
        if slug in reserved:
            rest += [(slug, n) for n in group]
        else:
            out[group[0]] = slug
            rest += [(slug, n) for n in group[1:]]
    taken = set(out.values()) | reserved
    for slug, name in sorted(rest):
        n = SLUG_HASH
        while (candidate := f"{slug}-{_hash(name, n)}") in taken:  # (a clash of hashes too: longer)
            n += 2
        out[name] = candidate
        taken.add(candidate)
    return out


def maybe_one_person(names: Iterable[str]) -> list[list[str]]:
    """Names (as pages show them, `person`) that may be one person written several ways, each such
    set sorted: the same family name and suffix, and given names that agree with the set's name
    written out most, word by word where both are written out and in their initials elsewhere
    (`Geoffrey Hinton`, `Geoffrey E. Hinton`, `G. E. Hinton`; not `George Hinton`, who has a set of
    his own, with `G. E. Hinton` in both). Each spelling has its own author page, so `check` lists
    them for the curator to write alike when they are one person. Names without a given name and
    organisations are left out."""
    by_key: dict[tuple[str, str, str], list[tuple[str, list[str]]]] = defaultdict(list)
    for name in set(names):
        n = split_name(name)
        given = [fold(w.rstrip(".")) for w in re.split(r"[\s.\-]+", n.given) if w.strip(".")]
        if n.literal or not given or not n.family:
            continue
        by_key[(fold(n.family), given[0][0], fold(n.suffix))].append((name, given))  # (a Jr. is another person)
    found: list[list[str]] = []
    for group in by_key.values():
        if len(group) < 2:
            continue
        # One set per name whose first given name is written out: it and the names that agree with
        # it, looked up by that first name or its initial (agreeing is not transitive: `G. Hinton`
        # may be Geoffrey or George, who are not one, so it joins both sets). Without such a name
        # (initials only), one set per name. Sets inside another are left out.
        by_token: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
        for name, given in group:
            by_token[given[0]].append((name, given))
        seeds = [(n, g) for n, g in group if len(g[0]) > 1] or group
        sets = set()
        for seed, given in seeds:
            near = by_token[given[0]] + by_token[given[0][0]] if len(given[0]) > 1 else group
            members = tuple(sorted({n for n, other in near if n == seed or _agree(given, other)}))
            if len(members) > 1:
                sets.add(members)
        kept: list[set[str]] = []
        for members in sorted(sets, key=lambda m: (-len(m), m)):
            if not any(set(members) <= other for other in kept):
                kept.append(set(members))
                found.append(list(members))
    return sorted(found)


def _agree(a: list[str], b: list[str]) -> bool:
    """Given names that can be one person's: word by word, equal where both are whole words, else
    the same initial (a missing middle name agrees with any)."""
    return all(x == y if len(x) > 1 and len(y) > 1 else x[0] == y[0] for x, y in zip(a, b))
