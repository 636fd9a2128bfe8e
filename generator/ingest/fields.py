"""Field extraction shared by every listing format: pure functions over strings."""

from __future__ import annotations

import re

from generator.arxiv_ids import split_arxiv_id
from generator.matching import normalise
from generator.people import split_name
from generator.text_urls import trim_url
from generator.entries import page_range
from generator.venues import journal_by_name, preprint_server, year_in

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def arxiv_links(arxiv_id: str) -> dict[str, str]:
    return {"arxiv": f"https://arxiv.org/abs/{arxiv_id}", "pdf": f"https://arxiv.org/pdf/{arxiv_id}"}


_URL = re.compile(r"https?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
_CODE_HOSTS = ("github.com", "gitlab.com")


def find_urls(text: str) -> list[str]:
    """URLs in running text, without the sentence punctuation that follows them."""
    urls = []
    for m in _URL.finditer(text):
        url = trim_url(m.group(0))
        if url not in urls:
            urls.append(url)
    return urls


def own_links(urls: list[str]) -> dict[str, str]:
    """An export's URL of the work itself (BibTeX `url`, CSL `URL`, RIS `UR`): `pdf` when it names a
    PDF (`.../paper.pdf`, OpenReview's `/pdf?id=...`), else as `classify_links` has it, with `web`
    for other pages (a JMLR, OpenReview or proceedings page, which import dropped: such papers had
    no link at all). Not an arXiv or DOI address, which `arxiv` and `doi` hold."""
    links: dict[str, str] = {}
    for url in urls:
        url = url.strip()
        if not _URL.fullmatch(url) or find_arxiv(url) or re.match(r"https?://(dx\.)?doi\.org/", url, re.IGNORECASE):
            continue
        path = url.lower().split("?")[0].split("#")[0]
        if path.endswith(".pdf") or (_host(url) == "openreview.net" and path.endswith("/pdf")):
            links.setdefault("pdf", url)
        else:
            for kind, found in classify_links([url], other="web").items():
                links.setdefault(kind, found)
    return links


def classify_links(urls: list[str], other: str = "project") -> dict[str, str]:
    """The first code-host URL is `code`, the first other one `other`."""
    links: dict[str, str] = {}
    for url in urls:
        links.setdefault("code" if _host(url) in _CODE_HOSTS else other, url)
    return links


def _host(url: str) -> str:
    """A URL's host, lower-case, without `www.` or a port."""
    return re.sub(r"^https?://(www\.)?", "", url.lower()).split("/")[0].split(":")[0]


# Where a comment names the venue a paper appears at. Each pattern's `v` is the raw phrase; the
# catalog's venues.yml resolves it at import (venues.py), and a phrase it does not know is kept.
# Abbreviations whose full stop does not end the phrase (`Proc. ACM SIGMOD`):
_NOT_END = r"(?<!Proc)(?<!Conf)(?<!Trans)(?<!Intl)(?<!Int)(?<!Symp)(?<!Nat)(?<!\bJ)(?<!Vol)(?<!\bNo)"
_PHRASE = r"(?P<v>(?-i:[A-Z0-9])[^,;|\n]{1,150}?)(?=\s*(?:[,;|]|" + _NOT_END + r"\.(?:\s|$)|$))"
_VENUE_PHRASES = [
    # "Accepted at/to/by/in ...", "accepted as a long paper at ...", "To appear in ...", "Published in ..."
    re.compile(r"\b(?:accepted|to appear|appears?|appearing|published|presented|forthcoming|in press)\b"
               r"(?:[^.,;:|\n]{0,40}?)\s(?:at|to|by|in|for|on)\s+(?:the\s+)?" + _PHRASE, re.IGNORECASE),
    # "In Proceedings of the 40th International Conference on Machine Learning, ..."
    re.compile(r"(?P<v>\bProceedings of [^,;|\n]{4,150}?)(?=\s*(?:[,;|]|" + _NOT_END + r"\.(?:\s|$)|$))"),
    # "Findings of EMNLP 2023", "Findings of the Association for Computational Linguistics: ACL 2023"
    re.compile(r"(?P<v>\bFindings of [^,;|\n]{2,120}?(?:(?:19|20)\d\d|['\u2019]\d\d)\b)"),
    # "Workshop on Efficient Systems at NeurIPS 2023", "NeurIPS 2023 Workshop on ...", "ICLR'24 workshop"
    re.compile(r"(?P<v>\b[Ww]orkshop\b[^,;|\n]{0,120}?\b(?:at|@)\s+[A-Z][^,;|\n]{1,60}?(?:(?:19|20)\d\d|['\u2019]\d\d)\b)"),
    # "NeurIPS 2023", "CVPR'24", "ICLR 2024 (oral)", "ICML 2023 Workshop on ...": a name with two
    # capitals (an acronym: months and ordinary capitalised words never are) before a year.
    re.compile(r"(?P<v>\b(?=\w*[A-Z]\w*[A-Z])[A-Za-z][\w&-]*(?: [A-Z][\w&-]*)*"
               r"\s?(?:(?:19|20)\d\d\b|['\u2019-]\d\d\b)(?: [Ww]orkshops?\b(?: on [^,;|\n(]{2,80})?)?)"),
    # A whole part of the comment that is a name and a year: "..., Interspeech 2023"
    re.compile(r"(?:^|[,;|]\s*)(?P<v>(?!(?:" + "|".join(m.capitalize() for m in MONTHS) + r")[a-z]*\b)"
               r"[A-Z][\w&-]+(?: [A-Z][\w&-]+)*\s?(?:19|20)\d\d)\s*(?=[,;|(]|$)"),
]


def comment_venue(line: str) -> str | None:
    """The venue phrase of an arXiv comment, as written (`Accepted at ICLR 2024 (oral)` ->
    `ICLR 2024 (oral)`), or None when the comment names none."""
    for pattern in _VENUE_PHRASES:
        m = pattern.search(line)
        if m:
            v = m.group("v").strip()
            # "(oral)" after the phrase belongs to it (venues.py drops such decorations): taken as
            # written, with whatever space the pattern consumed before it.
            tail = re.match(r"\s*\((?:[^()]{1,40})\)", line[m.end():])
            if tail and not v.endswith(")"):
                return line[m.start("v"):m.end() + tail.end()].strip()
            return v
    return None


def parse_comment(line: str) -> dict:
    """Pages, figures, venue and URLs out of an arXiv comment line such as
    `25 pages, 13 figures, NeurIPS 2023` or `Project Page: https://...`."""
    found: dict = {}
    m = re.search(r"(\d+)\s*pages?\b", line, re.IGNORECASE)
    if m:
        found["pages"] = int(m.group(1))
    m = re.search(r"(\d+)\s*(?:figures?|figs?\.?)(?![a-z])", line, re.IGNORECASE)
    if m:
        found["figures"] = int(m.group(1))
    venue = comment_venue(line)
    if venue:
        found["venue"] = venue
    urls = find_urls(line)
    if urls:
        found["urls"] = urls
    return found


def parse_month_day(text: str) -> tuple[int, int, int | None, int | None] | None:
    """`Aug 27, 2022 2` -> (8, 27, 2022, 2); `Jul 1` -> (7, 1, None, None); else None."""
    m = re.fullmatch(r"\s*([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d+))?\s*", text)
    if not m or m.group(1).lower() not in MONTHS:
        return None
    month, day = MONTHS[m.group(1).lower()], int(m.group(2))
    if not 1 <= day <= 31:
        return None
    year = int(m.group(3)) if m.group(3) else None
    upvotes = int(m.group(4)) if m.group(4) else None
    return month, day, year, upvotes


# --- provisional titles -------------------------------------------------------------------

_NAME = (r"(?P<name>[A-Z][A-Za-z0-9]*(?:[-+.][A-Za-z0-9]+)*[A-Z0-9][A-Za-z0-9+-]*"
         r"|[a-z]+[A-Z][A-Za-z0-9-]*|[A-Z][a-z]{2,})")
_VERB = r"\b(?:introduces?|proposes?|presents?)\s+"
_CALLED = r"\b(?:called|termed|named|dubbed|coined)\s+"
_ARTICLE = r"(?:(?:an?|the)\s+)?(?:(?:novel|new|simple)\s+)?"
# (pattern, whether `name` abbreviates `long` and so must share its first letter)
_INTRO = [
    # "... called slot-guided Volumetric Object Radiance Fields (sVORF)"
    (re.compile(_CALLED + r"(?P<long>[A-Za-z][\w -]{3,90}?)\s+\((?P<name>[A-Za-z][\w+-]*)\)"), True),
    # "a novel contrastive decoding framework termed LOL (LOwer Layer Matters)"
    (re.compile(_CALLED + _NAME + r"\s+\((?P<long>[^()]{4,90})\)"), True),
    # "we propose a fast and lightweight sketch data structure, named HotSketch"
    (re.compile(_VERB + _ARTICLE + r"(?P<long>[^.,;()]{8,90}?),?\s+" + _CALLED + _NAME), False),
    # "we present a few-shot-based tuning framework, LAMP, which enables ..."
    (re.compile(_VERB + _ARTICLE + r"(?P<long>[^.,;()]{8,90}?),\s+" + _NAME + r",\s+(?:which|that|to|for)\b"), False),
    # "This paper introduces StreamV2V, a diffusion model that ..."
    (re.compile(_VERB + _NAME + r",\s+(?:an?|the)\s+(?P<long>[^.,;]{8,110})"), False),
    # "we propose an Adaptive Channel-wise and Global-inter attention Context (ACGC) entropy model"
    (re.compile(_VERB + _ARTICLE + r"(?P<long>[^.,;()]{8,90}?)\s+\((?P<name>[A-Z][A-Za-z0-9+-]*)\)"), True),
]
_LEAD_IN = re.compile(r"^(?:In this (?:paper|work|study|article|letter),?\s*(?:we\s+(?:are interested in|introduce|propose|present)?\s*)?"
                      r"|Recently,\s*|Here,?\s+we\s+)", re.IGNORECASE)


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _clip(text: str, limit: int = 90) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def _names_match(name: str, long: str) -> bool:
    """An abbreviation in parentheses names the phrase before it only if the initials agree."""
    return name[:1].lower() == long.strip()[:1].lower()


def derive_title(abstract: str) -> str:
    """A readable provisional title for a listing that has none: the method the abstract
    introduces when it names one (`sVORF: Slot-guided volumetric ...`), else its first sentence."""
    for pattern, abbreviates in _INTRO:
        for m in pattern.finditer(abstract):
            name, long = m.group("name"), m.group("long")
            if abbreviates and not _names_match(name, long):
                continue
            if normalise(long) != normalise(name):
                return _clip(f"{name}: {_sentence_case(long)}")
    return _clip(_sentence_case(_LEAD_IN.sub("", _first_sentence(abstract))))


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(?=\s+[A-Z(]|$)", text.strip())
    return m.group(1) if m else text.strip()


# --- reference-manager exports (BibTeX, CSL-JSON, arXiv API, RIS) -------------------------------

CATEGORY = re.compile(r"[a-z][a-z-]*(\.[A-Za-z-]{2,})?\Z")  # cs.CL, stat.ML, hep-th (validate.py's rule)
_DOI = re.compile(r"10\.\d{4,9}/[^\s{}\\\"]+")  # (as validate.DOI: no braces, quotes or backslashes)
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)
_ARXIV_IN = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)(\S+)", re.IGNORECASE)


def find_arxiv(text: str) -> str | None:
    """The arXiv id (without version) in `arXiv:1706.03762v7`, an arxiv.org URL, or an arXiv DOI."""
    m = _ARXIV_IN.search(text) or _ARXIV_DOI.search(text)
    parsed = split_arxiv_id(m.group(1).removesuffix(".pdf")) if m else None
    return parsed[0] if parsed else None


def clean_doi(text: str) -> str | None:
    """`https://doi.org/10.18653/V1/N19-1423` -> `10.18653/V1/N19-1423`; None when it is no DOI.
    An arXiv DOI (10.48550/arXiv.ID) is None too: it names the preprint, which `arxiv` holds."""
    m = _DOI.search(text)
    if not m or _ARXIV_DOI.match(m.group(0)):
        return None
    return m.group(0).rstrip(".,;")


def month_number(text: str) -> int | None:
    """`jun`, `June`, `Jun.`, `6` or `06` -> 6; None for anything else."""
    text = text.strip().rstrip(".").lower()
    if re.fullmatch(r"[0-9]{1,2}", text):
        return int(text) if 1 <= int(text) <= 12 else None
    return MONTHS.get(text[:3]) if len(text) >= 3 and text.isalpha() else None


def make_date(year: object, month: object = None, day: object = None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD from parts that may be text or numbers; None when the year is no
    year. A month or day that is not one is left off rather than guessed."""
    import datetime as dt

    y = str(year).strip() if year is not None else ""
    if not re.fullmatch(r"[0-9]{4}", y) or int(y) < 1000:  # ([0-9]: `\d` takes any script's digits)
        return None
    m = month_number(str(month)) if month is not None else None
    if m is None:
        return y
    d = str(day).strip() if day is not None else ""
    if re.fullmatch(r"[0-9]{1,2}", d):
        try:
            return dt.date(int(y), m, int(d)).isoformat()
        except ValueError:
            pass
    return f"{y}-{m:02d}"


def join_name(given: str, family: str, suffix: str = "") -> str:
    """A name from an export that says which part is the family name, as an entry writes it:
    "Given Family[, Suffix]" with runs of spaces collapsed (either part may be empty; "" when both
    are). "Family, Given[, Suffix]" only when the family name is several words that "Given Family"
    would not give back (people.split_name: `Van Gool, Luc`, where "Luc Van Gool" reads as family
    name "Gool"); `Laurens van der Maaten` and `Ashish Vaswani` stay as they were written before."""
    given, family = " ".join(given.split()), " ".join(family.split())
    if not (given or family):
        return ""
    tail = f", {' '.join(suffix.split())}" if suffix.strip() else ""
    plain = " ".join(f"{given} {family}".split()) + tail
    if given and family and split_name(plain).family != family:
        written = f"{family}, {given}{tail}"
        if split_name(written).family == family:
            return written
    return plain


def venue_text(text: str) -> str | None:
    """A container title as a venue, raw (the venue vocabulary names it); None for a preprint server
    (`arXiv preprint arXiv:2005.14165`, `CoRR`, `bioRxiv`: venues.preprint_server), which is no venue."""
    text = " ".join(text.split())
    return None if not text or preprint_server(text) or find_arxiv(text) else text


OWN_TYPES = ("book", "incollection", "phdthesis", "mastersthesis", "techreport")  # cited with a publisher, not a venue


def thesis_type(genre: str) -> str:
    """`mastersthesis` for what an export calls a master's thesis (`Master's Thesis`, `M.S. thesis`,
    `MSc`, `M.Sc.`, `MPhil`), else `phdthesis`."""
    return "mastersthesis" if _MASTERS.search(genre) else "phdthesis"


_MASTERS = re.compile(r"master|\bm\.?\s?(?:s|sc|a|eng|phil)\b\.?", re.IGNORECASE)


def work_type(said: str | None, venue: str | None, genre: str = "") -> str | None:
    """The `type` an entry gets from what an export says the work is (BibTeX's names, validate.TYPES):
    a book, chapter, thesis or report always (a thesis a master's when its `genre` says so,
    `thesis_type`); a journal or conference paper only when its venue's name says otherwise
    (`Medical Image Analysis` is a journal, and would be cited as proceedings: cite.kind), so that
    most entries need no `type`; a preprint or anything else never."""
    if said == "phdthesis":
        return thesis_type(genre)
    if said in OWN_TYPES:
        return said
    if said in ("article", "inproceedings") and venue and journal_by_name(venue) != (said == "article"):
        return said
    return None


# A journal reference as arXiv's `journal_ref` gives it: `Nature 521, 436-444 (2015)`,
# `J. Mach. Learn. Res. 15(56):1929-1958, 2014`, `Phys. Rev. Lett. 116, 061102 (2016)`; or, the
# year before the pages, `Medical Image Analysis 42 (2017) 60-88`.
_NAME = r"(?P<name>.*?[^\d\s,])[\s,]+"
_PAGES = r"(?:pp?\.\s*)?(?P<pages>[A-Za-z]?\d+(?:\s*[-\u2013]+\s*[A-Za-z]?\d+)?)"
_JOURNAL_REF = re.compile(_NAME + r"(?:vol\.?\s*)?(?P<volume>\d+)\s*(?:\((?P<issue>\d+)\)|,?\s*no\.\s*(?P<no>\d+))?"
                          r"\s*[,:]\s*" + _PAGES + r"(?P<rest>\D.*)?", re.IGNORECASE)
_ELSEVIER_REF = re.compile(_NAME + r"(?P<volume>[A-Z]?\d+)\s*\((?P<year>(?:19|20)\d\d)\)\s*,?\s*" + _PAGES)


def journal_ref(text: str) -> tuple[str, str | None, str | None, str | None]:
    """(venue, volume, issue, page range) of a journal reference; the text whole as the venue, and
    no parts, when it does not read as one (a conference's `CVPR 2016, pp. 770-778`, whose year
    would be read as a volume). The venue keeps the year (`Nature 2015`)."""
    text = " ".join(text.split())
    m = _ELSEVIER_REF.fullmatch(text)  # (`Medical Image Analysis 42 (2017) 60-88`)
    if m and not year_in(m.group("name")):
        return f"{m.group('name').strip(' ,')} {m.group('year')}", m.group("volume"), None, m.group("pages")
    m = _JOURNAL_REF.fullmatch(text)
    if not m or year_in(m.group("name")) or year_in(m.group("volume")):
        return text, None, None, None
    year = year_in(m.group("rest") or "")
    venue = m.group("name").strip(" ,") + (f" {year}" if year else "")
    return venue, m.group("volume"), m.group("issue") or m.group("no"), m.group("pages")


def locate(record, volume: str | None, issue: str | None, pages: str | None) -> None:
    """A record's volume, issue and page range, kept only where they say where it is in a venue (or
    what a book, chapter, thesis or report says of itself): DBLP's preprints are `journal = {CoRR},
    volume = {abs/1810.04805}`, and a preprint has no volume. A report's number is kept as its
    `issue` (cited as BibTeX's `number`, CSL's `number`, `citation_technical_report_number`); a
    book's `number` is its series', no issue."""
    if not (record.venue or record.type in OWN_TYPES):
        return
    if record.type == "techreport":  # (RIS gives a report's number as `VL`)
        volume, issue = None, issue or volume
    record.volume = volume or None
    record.issue = issue if issue and record.type != "book" else None
    record.page_range = page_range(pages) if pages else None  # (None when it reads as no pages)


def publisher(record, text: str | None) -> None:
    """A book's, thesis's or report's publisher. A "report" published by arXiv (RIS exports of
    arXiv papers say `TY  - RPRT`, `PB  - arXiv`) is a preprint, not a technical report by arXiv."""
    if record.type not in OWN_TYPES or not text:
        return
    if preprint_server(text):
        record.type = None
    else:
        record.publisher = text
