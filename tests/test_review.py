"""The review list `papercat check` prints: derived or placeholder titles, placeholder abstracts,
missing dates and tags, and suspected duplicates, grouped by reason; advice, not an error. Also
check's coverage summary and its colour (a terminal only)."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from generator.catalog import load
from generator.matching import normalise
from generator import check_report, cli
from generator.check_report import Style, percent, review_lines, summary_lines
from generator.review import (DERIVED, DUPLICATE, NO_DATE, NO_TAGS, ODD_DATE, PLACEHOLDER_BODY, PLACEHOLDER_TITLE, REASONS,
                              Group, Item, candidate_pairs, grouped, review, similar_titles)
from generator.vocabulary import Tag, Topic, Vocabulary
from generator.drafts import ABSTRACT_PLACEHOLDER
from tests.sitecheck import make_tree

ROOT = Path(__file__).resolve().parent.parent

TAGGED = "We study transformer models for speech recognition with a simple method that works well in practice."


def tagged(what: str) -> str:
    """A distinct abstract that gets an automatic tag."""
    return f"About {what}. {TAGGED}"
UNTAGGED = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."
SHARED = ("A shared opening of two abstracts that say the same thing at length, long enough to pass two hundred "
          "normalised characters before the listings diverge, which is how one paper looks when two sources "
          "truncate or rewrap its abstract differently")


def entry(title: str, body: str, date: str | None = "2024-03-01", extra: str = "") -> str:
    date_line = f"date: '{date}'\n" if date else ""
    return f"---\ntitle: '{title}'\n{extra}SLUG\n{date_line}---\n\n{body}\n"


ENTRIES = {
    "clean": entry("A transformer for speech", tagged("speech")),
    "derived": entry("Derived transformer title", tagged("derivation"), extra="title_derived: true\n"),
    "undated": entry("An undated transformer paper", tagged("time"), date=None),
    "untagged": entry("Lorem ipsum", UNTAGGED),
    "looking-backward": entry("Looking Backward: Streaming Video-to-Video Translation with Feature Banks",
                              tagged("video")),
    "looking-backward-2": entry("Looking backward: streaming video to video translation with feature bank",
                                tagged("streams")),
    # Different papers whose titles are 87% alike: below the 90% that makes a suspect.
    "near-miss-a": entry("Efficient Streaming Speech Recognition", tagged("recognition")),
    "near-miss-b": entry("Efficient Streaming Speech Translation", tagged("translation")),
    "same-abstract-a": entry("One title about transformers", SHARED + " and then it ends one way."),
    "same-abstract-b": entry("A different transformer title", SHARED + ", ending another way."),
    "arxiv-2401-00001": entry("Untitled arXiv:2401.00001", ABSTRACT_PLACEHOLDER, date="2024-01",
                              extra="title_derived: true\narxiv: '2401.00001'\n"),
    "arxiv-2401-00002": entry("Untitled arXiv:2401.00002", ABSTRACT_PLACEHOLDER, date="2024-01",
                              extra="title_derived: true\narxiv: '2401.00002'\n"),
}


@pytest.fixture
def content(tmp_path) -> Path:
    files = {"catalog.yml": (ROOT / "content" / "catalog.yml").read_text(encoding="utf-8")}
    for slug, text in ENTRIES.items():
        files[f"papers/{slug}.md"] = text.replace("SLUG", f"slug: {slug}")
    root = make_tree(tmp_path / "content", files)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def test_review_names_exactly_the_entries_to_look_at(content):
    def p(slug: str) -> str:
        return str(content / "papers" / f"{slug}.md")

    assert review(load(content).papers, today="2026-12-05") == [
        Item(p("arxiv-2401-00001"), PLACEHOLDER_TITLE),
        Item(p("arxiv-2401-00001"), PLACEHOLDER_BODY),
        Item(p("arxiv-2401-00001"), NO_TAGS),
        Item(p("arxiv-2401-00002"), PLACEHOLDER_TITLE),
        Item(p("arxiv-2401-00002"), PLACEHOLDER_BODY),
        Item(p("arxiv-2401-00002"), NO_TAGS),
        Item(p("derived"), DERIVED),
        # `looking-backward-2.md` sorts first: a pair is listed once, on the later path.
        Item(p("looking-backward"), DUPLICATE, f"of {p('looking-backward-2')} (titles 99% alike)"),
        Item(p("same-abstract-b"), DUPLICATE, f"of {p('same-abstract-a')} (same abstract opening)"),
        Item(p("undated"), NO_DATE),
        Item(p("untagged"), NO_TAGS),
    ]


def test_grouped_follows_the_order_of_reasons_and_sorts_each_group_by_path():
    items = [Item("b.md", NO_DATE), Item("a.md", NO_TAGS), Item("a.md", NO_DATE), Item("c.md", PLACEHOLDER_TITLE)]
    assert grouped(items) == [Group(PLACEHOLDER_TITLE, (Item("c.md", PLACEHOLDER_TITLE),)),
                              Group(NO_TAGS, (Item("a.md", NO_TAGS),)),
                              Group(NO_DATE, (Item("a.md", NO_DATE), Item("b.md", NO_DATE)))]
    assert [g.reason for g in grouped(Item(str(i), r) for i, r in enumerate(reversed(REASONS)))] == list(REASONS)
    assert grouped([]) == []


def test_review_lines_show_counts_the_first_few_paths_and_all_with_verbose():
    many = tuple(Item(f"p{i:02}.md", NO_DATE) for i in range(check_report.FIRST + 3))
    groups = [Group(DUPLICATE, (Item("b.md", DUPLICATE, "of a.md (same title)"),)), Group(NO_DATE, many)]
    short = review_lines(groups)
    assert short == [
        f"Review: {len(many) + 1} items for {len(many) + 1} entries, in 2 groups",
        f"  possible duplicate (1): {DUPLICATE.advice}",
        "    b.md: possible duplicate of a.md (same title)",
        f"  no date ({len(many)}): {NO_DATE.advice}",
        *[f"    {i.path}" for i in many[:check_report.FIRST]],
        "    ... and 3 more (--verbose lists them all)",
    ]
    full = review_lines(groups, verbose=True)
    assert full[:4] == short[:4] and full[4:] == [f"    {i.path}" for i in many]
    # One entry with two reasons counts once as an entry.
    assert review_lines(grouped([Item("a.md", NO_DATE), Item("a.md", NO_TAGS)]))[0] == \
        "Review: 2 items for 1 entry, in 2 groups"
    assert review_lines([]) == ["Review: nothing to look at"]


VOCAB = Vocabulary(
    tags={s: Tag(s, s.title()) for s in ("rare", "common", "middling", "unused-a", "unused-b")},
    topics={"vision": Topic("vision", "Computer vision"), "video": Topic("video", "Video", parent="vision"),
            "speech": Topic("speech", "Speech")})


def test_summary_shows_percentages_the_largest_topic_and_the_smallest_tags(monkeypatch):
    from generator.taxonomy import coverage_report

    rows = ([(("common",), ("video",))] * 4 + [(("common", "middling"), ("vision",))] * 2
            + [(("rare",), ("speech",))] + [((), ("other",))])
    monkeypatch.setattr(check_report, "FEWEST", 2)
    assert summary_lines(coverage_report(rows, VOCAB), VOCAB, "3 tags") == [
        "  coverage: 88% of papers have a topic, 88% have a tag",
        "  largest topic: Computer vision (vision), 6 papers (75%) with its subtopics",
        "  tags with the fewest papers: rare 1, middling 2",
        "  unused tags (2): unused-a, unused-b",
        "  groups: 3 tags",
    ]
    assert summary_lines(coverage_report([], VOCAB), VOCAB, "none")[0] == \
        "  coverage: 0% of papers have a topic, 0% have a tag"


@pytest.mark.parametrize("share, text", [(0, "0%"), (0.001, "0.1%"), (0.36363, "36%"), (0.996, "99.6%"), (1, "100%")])
def test_percent_says_none_and_all_only_when_exact(share, text):
    assert percent(share) == text


def test_check_prints_a_summary_the_grouped_review_and_drafts_and_strict_fails_only_on_drafts(papercat, content):
    run = papercat("check", "--content", content)
    assert run.status == 0 and run.err == ""
    lines = run.out.splitlines()
    assert lines[0] == f"{len(ENTRIES)} entries, no problems"
    assert lines[1] == "  coverage: 58% of papers have a topic, 75% have a tag"
    assert not any("(" in line and "0." in line for line in lines[:6]), lines  # no Python reprs of floats
    start = lines.index("Review: 11 items for 7 entries, in 6 groups")
    end = lines.index("Drafts: 2 left out of the published site (shown by serve and build --drafts)")
    assert lines[start:end] == review_lines(grouped(review(load(content).papers)))
    assert f"  no tags (3): {NO_TAGS.advice}" in lines
    assert f"    {content / 'papers' / 'untagged.md'}" in lines
    assert "\033[" not in run.out  # not a terminal: no colour

    assert papercat("check", "--strict", "--content", content).status == 1  # the two skeletons are drafts
    for slug in ENTRIES:
        if slug not in ("clean", "near-miss-a", "near-miss-b", "undated"):
            (content / "papers" / f"{slug}.md").unlink()
    run = papercat("check", "--strict", "--content", content)  # the review list is advice, even here
    assert run.status == 0 and run.out.splitlines()[-3:] == [
        "Review: 1 item for 1 entry, in 1 group", f"  no date (1): {NO_DATE.advice}",
        f"    {content / 'papers' / 'undated.md'}"]
    (content / "papers" / "undated.md").unlink()
    run = papercat("check", "--strict", "--content", content)
    assert run.status == 0 and run.out.splitlines()[-1] == "Review: nothing to look at"


def test_check_verbose_lists_every_entry_of_a_group(papercat, content):
    for i in range(check_report.FIRST + 2):
        (content / "papers" / f"undated-{i}.md").write_text(
            entry(f"Undated transformer paper number {i}", tagged(f"number {i}"), date=None)
            .replace("SLUG", f"slug: undated-{i}"), encoding="utf-8")
    undated = sorted(str(p) for p in (content / "papers").glob("undated*.md"))
    short = papercat("check", "--content", content).out.splitlines()
    assert [f"    {p}" for p in undated if f"    {p}" in short] == [f"    {p}" for p in undated[:check_report.FIRST]]
    assert f"    ... and {len(undated) - check_report.FIRST} more (--verbose lists them all)" in short
    full = papercat("check", "--verbose", "--content", content).out.splitlines()
    assert all(f"    {p}" in full for p in undated) and not any("more (--verbose" in line for line in full)


class _Stream:
    def __init__(self, tty: bool):
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty, environ, colour", [
    (True, {}, True), (False, {}, False), (True, {"NO_COLOR": "1"}, False),
    (True, {"NO_COLOR": ""}, True),  # no-color.org: only a non-empty value switches colour off
    (True, {"TERM": "dumb"}, False)])
def test_colour_only_on_a_terminal_without_no_color(tty, environ, colour):
    assert cli.wants_colour(_Stream(tty), environ) is colour


def test_check_in_colour_differs_only_by_escape_codes(papercat, content, monkeypatch):
    plain = papercat("check", "--content", content).out
    monkeypatch.setattr(cli, "wants_colour", lambda stream, environ=None: True)
    coloured = papercat("check", "--content", content).out
    assert "\033[1;33mno date\033[0m (1)" in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == plain
    assert Style(colour=False)("x", "bold") == "x" and Style(colour=True)("x") == "x"


def test_the_shipped_catalog_has_no_suspected_duplicates():
    assert [str(i) for i in review(load(ROOT / "content").papers) if i.reason == DUPLICATE] == []


def _variants(title: str, rng: random.Random) -> str:
    """A near-duplicate as another listing might write it."""
    words = title.split()
    kind = rng.randrange(4)
    if kind == 0:
        return title + "s"  # plural
    if kind == 1:
        i = rng.randrange(len(words))
        w = words[i]
        words[i] = w[:-2] + w[-1] + w[-2] if len(w) > 3 else w + "e"  # a typo
        return " ".join(words)
    if kind == 2:
        return title.replace(" ", "", 1)  # two words run together
    return title + " v2"


def test_duplicate_search_is_not_quadratic_and_finds_planted_duplicates():
    """20,000 titles from the shipped catalog's words: candidate pairs stay near-linear, and every
    planted variant of a real title is found."""
    rng = random.Random(7)
    real = [normalise(p.title) for p in load(ROOT / "content").papers]
    words = sorted({w for t in real for w in t.split()})
    titles = [" ".join(rng.choices(words, k=rng.randint(5, 12))) for _ in range(20_000)]
    planted = []
    for t in rng.sample([t for t in real if len(t) > 30], 100):
        planted.append((len(titles), len(titles) + 1))
        titles += [t, normalise(_variants(t, rng))]
    pairs = sum(1 for _ in candidate_pairs(titles))
    assert pairs < 2 * len(titles), pairs
    found = {(i, j) for i, j, _ in similar_titles(titles)}
    missed = [(titles[i], titles[j]) for i, j in planted if (i, j) not in found]
    assert missed == []


def test_titles_in_any_script_are_compared_and_titles_without_words_are_not(tmp_path):
    """Emoji or punctuation titles normalise to "": they once all counted as one title."""
    files = {"catalog.yml": (ROOT / "content" / "catalog.yml").read_text(encoding="utf-8")}
    for slug, title in (("rocket", "🚀✨"), ("marks", "?!…"), ("zh-a", "三维场景重建"), ("zh-b", "图像生成模型"),
                        ("ru-a", "Обучение с подкреплением"), ("ru-b", "ОБУЧЕНИЕ С ПОДКРЕПЛЕНИЕМ!")):
        files[f"papers/{slug}.md"] = entry(title, tagged(slug)).replace("SLUG", f"slug: {slug}")
    content = make_tree(tmp_path / "content", files)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    papers = content / "papers"
    assert [i for i in review(load(content).papers) if i.reason == DUPLICATE] == [
        Item(str(papers / "ru-b.md"), DUPLICATE, f"of {papers / 'ru-a.md'} (same title)")]


def test_a_curator_says_two_look_alike_entries_are_distinct_papers(tmp_path, papercat):
    """From a new user's review: LeCun et al.'s "Deep learning" (Nature) and the Goodfellow book
    "Deep Learning" were listed on every check, the only advice being to change a correct title."""
    from tests.sitecheck import make_tree

    entry = "---\ntitle: {title}\nslug: {slug}\n{extra}---\n\nAn abstract about {slug}.\n"
    make_tree(tmp_path, {"catalog.yml": "title: T\n", "tags.yml": "{}\n", "topics.yml": "{}\n",
                         "papers/deep-learning.md": entry.format(title="Deep learning", slug="deep-learning", extra=""),
                         "papers/deep-learning-book.md": entry.format(title="Deep Learning", slug="deep-learning-book",
                                                                      extra="")})
    assert "possible duplicate (1)" in papercat("check", "--content", tmp_path).out
    book = tmp_path / "papers" / "deep-learning-book.md"
    book.write_text(entry.format(title="Deep Learning", slug="deep-learning-book", extra="distinct_from: [deep-learnin]\n"),
                    encoding="utf-8")
    out = papercat("check", "--content", tmp_path).out
    assert "possible duplicate (1)" in out
    assert f"distinct_from names no entry (1): write the other entry's `slug:`\n" \
           f"    {book}: distinct_from names no entry (deep-learnin)" in out
    book.write_text(entry.format(title="Deep Learning", slug="deep-learning-book", extra="distinct_from: [deep-learning]\n"),
                    encoding="utf-8")
    out = papercat("check", "--content", tmp_path).out
    assert "possible duplicate" not in out and "distinct_from" not in out


@pytest.mark.parametrize("date, odd", [("2026-12-05", False), ("2026-12", False), ("2026", False), ("1900", False),
                                       ("2026-12-06", True), ("2027", True), ("2203-05", True), ("1899-12-31", True),
                                       ("0015", True)])
def test_a_date_after_today_or_before_1900_is_worth_a_look(content, date, odd):
    path = content / "papers" / "clean.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-03-01", date), encoding="utf-8")
    found = [i for i in review(load(content).papers, today="2026-12-05") if i.path == str(path)]
    assert found == ([Item(str(path), ODD_DATE, f"({date})")] if odd else [])
