"""The venue vocabulary (venues.yml), resolving what listings and curators write, venue phrases in
arXiv comments, and the venue pages, links and check report that follow from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.catalog import derive, load
from generator.entries import read_entry
from generator.errors import PapercatError
from generator.ingest.fields import comment_venue
from generator.model import Record
from generator.venues import VENUES_FILE, load_venues, name_key, read_venues, resolve_records
from tests.sitecheck import broken_links, html_pages, make_tree, parse_strict

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def venues():
    return read_venues(ROOT / "content")


# --- the shipped vocabulary ----------------------------------------------------------------------

def test_the_shipped_vocabulary_covers_the_major_venues_and_is_the_starter_one(venues):
    names = {v.name for v in venues.venues.values()}
    for name in ("NeurIPS", "ICML", "ICLR", "AAAI", "IJCAI", "AISTATS", "UAI", "COLT", "ACL", "EMNLP", "NAACL",
                 "EACL", "COLING", "TACL", "CVPR", "ICCV", "ECCV", "WACV", "BMVC", "3DV", "SIGGRAPH", "Interspeech",
                 "ICASSP", "OSDI", "SOSP", "EuroSys", "NSDI", "ASPLOS", "ISCA", "MLSys", "USENIX ATC", "SIGMOD",
                 "VLDB", "PVLDB", "ICDE", "KDD", "WWW", "WSDM", "RecSys", "SIGIR", "CIKM", "STOC", "FOCS", "SODA",
                 "ICRA", "IROS", "CoRL", "RSS", "JMLR", "TMLR", "TPAMI", "IJCV", "Nature", "Science",
                 "Nature Machine Intelligence", "EMNLP Findings"):
        assert name in names, name
    assert {v.kind for v in venues.venues.values()} == {"conference", "journal", "workshop"}
    assert (ROOT / "content" / VENUES_FILE).read_bytes() == \
        (ROOT / "generator" / "starter_files" / VENUES_FILE).read_bytes()


@pytest.mark.parametrize("text, year, want", [
    # full names, as BibTeX booktitles and CSL container-titles give them (no year: the record's date gives it)
    ("Advances in Neural Information Processing Systems", 2017, "NeurIPS 2017"),
    ("Advances in Neural Information Processing Systems 30", 2017, "NeurIPS 2017"),  # (a volume, not a year)
    ("Proceedings of the 31st Conference on Neural Information Processing Systems", 2017, "NeurIPS 2017"),
    ("31st Conference on Neural Information Processing Systems (NIPS 2017), Long Beach, CA, USA", None, "NeurIPS 2017"),
    ("Proceedings of the 40th International Conference on Machine Learning", 2023, "ICML 2023"),
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", 2022, "CVPR 2022"),
    ("2021 IEEE/CVF International Conference on Computer Vision (ICCV)", None, "ICCV 2021"),
    ("Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing", None, "EMNLP 2023"),
    ("Findings of the Association for Computational Linguistics: EMNLP 2023", None, "EMNLP Findings 2023"),
    ("Findings of the Association for Computational Linguistics: ACL 2023", None, "ACL Findings 2023"),
    ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)",
     2023, "ACL 2023"),
    ("Proc. VLDB Endow.", 2020, "PVLDB 2020"),
    # DBLP's booktitles, and ISO abbreviations of journals
    ("Advances in Neural Information Processing Systems 32: Annual Conference on Neural Information Processing "
     "Systems 2019, NeurIPS 2019, December 8-14, 2019, Vancouver, BC, Canada", None, "NeurIPS 2019"),
    ("7th International Conference on Learning Representations, {ICLR} 2019, New Orleans, LA, USA", None, "ICLR 2019"),
    ("Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational "
     "Linguistics: Human Language Technologies, Volume 1 (Long and Short Papers)", None, "NAACL 2019"),
    ("Proceedings of the 26th ACM SIGKDD International Conference on Knowledge Discovery & Data Mining", 2020,
     "KDD 2020"),
    ("J. Mach. Learn. Res.", 2020, "JMLR 2020"),
    ("IEEE Trans. Pattern Anal. Mach. Intell.", 2019, "TPAMI 2019"),
    ("Proceedings of the 29th Symposium on Operating Systems Principles", 2023, "SOSP 2023"),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence", 2021, "TPAMI 2021"),
    ("Transactions on Machine Learning Research", 2024, "TMLR 2024"),
    ("Nature Machine Intelligence", 2022, "Nature Machine Intelligence 2022"),
    ("Nature", 2021, "Nature 2021"),
    # what arXiv comments say, once the phrase is cut out
    ("NIPS'17", None, "NeurIPS 2017"),
    ("NeurIPS 2017 (oral)", None, "NeurIPS 2017"),
    ("neurips 2023", None, "NeurIPS 2023"),
    ("CVPR '24", None, "CVPR 2024"),
    ("AAAI-24", None, "AAAI 2024"),
    ("ICLR 2024 (Spotlight)", None, "ICLR 2024"),
    ("Findings of EMNLP 2023", None, "EMNLP Findings 2023"),
    ("EMNLP-IJCNLP 2019", None, "EMNLP 2019"),
    ("SIGGRAPH Asia 2023", None, "SIGGRAPH Asia 2023"),
    ("ACL 2023 main conference", None, "ACL 2023"),
    ("Proc. ACM SIGMOD 2024", None, "SIGMOD 2024"),
    ("TheWebConf 2024", None, "WWW 2024"),
    # a workshop at a conference is the conference's workshops, a venue of kind workshop
    ("Workshop on Efficient Systems for Foundation Models at ICML 2023", None, "ICML Workshop 2023"),
    ("NeurIPS 2023 Workshop on Robustness", None, "NeurIPS Workshop 2023"),
    ("ICLR 2024 Workshop ME-FoMo", None, "ICLR Workshop 2024"),
    # unknown venues are kept (trimmed, decorations dropped); an ordinary word is no venue inside a longer name
    ("Foo 2025 (oral).", None, "Foo 2025"),
    ("  Italian   Workshop on Artificial Intelligence ", 2023, "Italian Workshop on Artificial Intelligence"),
    ("Pattern Recognition", 2020, "Pattern Recognition"),
    ("Science of Deep Learning Symposium", 2020, "Science of Deep Learning Symposium"),
])
def test_resolve(venues, text, year, want):
    assert venues.resolve(text, year) == want


def test_import_resolves_a_records_raw_venue_with_its_dates_year_and_drops_preprint_servers(venues):
    records = [Record("refs.bib", i, "An abstract.", venue=v, date=d) for i, (v, d) in enumerate([
        ("Advances in Neural Information Processing Systems", "2017-12"), ("NIPS'17", "2018-01"),
        ("arXiv preprint arXiv:1706.03762", "2017-06"), ("CoRR", "2017"), ("Foo Conference", "2020"),
        ("Nature", None), (None, "2020")])]
    resolve_records(records, venues)
    assert [r.venue for r in records] == ["NeurIPS 2017", "NeurIPS 2017", None, None, "Foo Conference", "Nature",
                                          None]


def test_a_name_key_ignores_case_punctuation_ordinals_and_publishers():
    assert name_key("Proceedings of the 31st IEEE/CVF Conference on Computer Vision & Pattern Recognition, 2021") == \
        name_key("conference on computer vision and pattern recognition")


# --- loading errors --------------------------------------------------------------------------------

GOOD = "neurips:\n  name: NeurIPS\n  full_name: Advances in Neural Information Processing Systems\n  kind: conference\n"


@pytest.mark.parametrize("text, want", [
    # A name that leads to two venues: which of the two to change, and why names that look different clash.
    (GOOD + "nips:\n  name: NIPS\n  full_name: Neural Information Processing Systems\n  kind: conference\n"
     "  aliases: [NeurIPS]\n",
     ["venues.yml:9: nips.aliases: 'NeurIPS' already names venue neurips (its name, line 2) "
      "(hint: delete it from these aliases: it is the name of neurips)"]),
    (GOOD + "  aliases: [NIPS]\nicml:\n  name: ICML\n  full_name: International Conference on Machine Learning\n"
     "  kind: conference\n  aliases: [ICML, NIPS'17]\n",
     ["venues.yml:10: icml.aliases: \"NIPS'17\" already names venue neurips: it is its alias 'NIPS' (line 5) "
      "once case, punctuation, years and words like 'Proceedings of the' are left out (hint: a name must lead to one venue: "
      "delete it from these aliases, or from those of neurips (line 5))"]),
    (GOOD + "  aliases: [NIPS]\nnips:\n  name: NIPS\n  full_name: Neural Information Processing Systems\n"
     "  kind: conference\n",
     ["venues.yml:7: nips.name: 'NIPS' already names venue neurips (its alias, line 5) "
      "(hint: delete it from the aliases of neurips (line 5), or give this venue a name of its own)"]),
    (GOOD + "neurips2:\n  name: NeurIPS2\n  full_name: Advances in Neural Information Processing Systems\n"
     "  kind: conference\n",
     ["venues.yml:7: neurips2.full_name: 'Advances in Neural Information Processing Systems' already names venue "
      "neurips (its full name, line 3) (hint: if the two entries are one venue, merge them; if not, give this "
      "venue a name of its own)"]),
    # An alias added as a second `aliases:` line, or as a `- item` after the list: one list holds them all.
    (GOOD + "  aliases: [NIPS]\n  aliases: [Neural Information Processing Systems]\n",
     ["venues.yml:6: neurips.aliases: given twice (first at line 5) (hint: write one list with all the items: "
      "`aliases: [NIPS, Neural Information Processing Systems]`)"]),
    (GOOD + "  aliases: [NIPS]\n  - Neural Information Processing Systems\n",
     ["venues.yml:6: unreadable YAML: a `- item` line after a list written in brackets "
      "(got '- Neural Information Processing Systems') "
      "(hint: add the item inside the brackets: `aliases: [NIPS, Neural Information Processing Systems]`)"]),
    (GOOD + "  aliases:\n    - NIPS\n  - Neural Information Processing Systems\n",
     ["venues.yml:7: unreadable YAML: a `- item` line indented differently from the list above it "
      "(got '- Neural Information Processing Systems') (hint: start it in the same column as the `-` on line 6 "
      "(column 5))"]),
    (GOOD + "  aliases: NIPS, Neural Information Processing Systems\n",
     ["venues.yml:5: neurips.aliases: must be a list (got 'NIPS, Neural Information Processing Systems') "
      "(hint: put the items in brackets: `[NIPS, Neural Information Processing Systems]`)"]),
    # A list where a mapping is expected: the venues, or a venue's settings, written as `- ` items.
    (GOOD + "- icml:\n    name: ICML\n",
     ["venues.yml:5: unreadable YAML: a `key: value` line written as a list item (got '- icml:') "
      "(hint: remove the `- `: start `icml:` in the same column as the keys around it)"]),
    ("- neurips:\n    name: NeurIPS\n",
     ["venues.yml:1: must be a mapping of slug: settings (got a list) (hint: remove the `- ` before each entry: "
      "`neurips:` starts at the beginning of its line, its settings indented under it)"]),
    ("- slug: neurips\n  name: NeurIPS\n",
     ["venues.yml:1: must be a mapping of slug: settings (got a list) (hint: start each entry with its slug as a "
      "key, `neurips:` at the beginning of a line, instead of `- slug: neurips`, and indent its settings under it)"]),
    ("neurips:\n  - name: NeurIPS\n  - kind: conference\n",
     ["venues.yml:2: neurips: its settings are written as a list (got `- name: ...`) (hint: remove the `- ` before "
      "each setting and line them up, indented under `neurips:`)"]),
    ("neurips: NeurIPS\n",
     ["venues.yml:1: neurips: must be a mapping of settings (got 'NeurIPS') (hint: put `neurips:` alone on its "
      "line and the settings under it, indented: `name: NeurIPS`)"]),
    (GOOD + "icml:\n  name: ICML\n  kind: conference\n",
     ["venues.yml:5: icml: missing required key 'full_name' (hint: add `full_name: ...`, the name BibTeX and CSL cite)"]),
    (GOOD.replace("kind: conference", "kind: symposium"),
     ["venues.yml:4: neurips.kind: unknown kind (got 'symposium') (hint: write one of: conference, journal, workshop)"]),
    (GOOD + "  alias: [NIPS]\n",
     ["venues.yml:5: neurips.alias: unknown key (got 'alias') (hint: did you mean 'aliases'?)"]),
    (GOOD + "  url: neurips.cc\n",
     ["venues.yml:5: neurips.url: must be a full URL (got 'neurips.cc') (hint: write it as https://...)"]),
    (GOOD + "  aliases: [Proceedings of the 2023]\n",
     ["venues.yml:5: neurips: 'Proceedings of the 2023' says nothing once case, punctuation, years and words like "
      "'Proceedings of the' are left out (hint: write the venue's name)"]),
    (GOOD + "  aliases: [NIPS\n",
     ["venues.yml:5: unreadable YAML: the list opened with `[` on this line is never closed "
      "(hint: end it with `]` on the same line, or write one `- item` per line)"]),
    ("- NeurIPS\n", ["venues.yml:1: must be a mapping of slug: settings (got a list) "
                     "(hint: start each entry with `some-slug:` at the beginning of a line)"]),
])
def test_a_broken_venues_yml_is_reported_at_its_line(tmp_path, text, want):
    (tmp_path / VENUES_FILE).write_text(text, encoding="utf-8")
    _, problems = load_venues(tmp_path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in problems] == want
    with pytest.raises(PapercatError):
        read_venues(tmp_path)


def test_a_catalog_without_venues_yml_keeps_every_venue_as_written(tmp_path):
    venues = read_venues(tmp_path)
    assert venues.resolve("NIPS 2017") == "NIPS 2017" and venues.find("NIPS") is None


def test_check_and_build_report_a_broken_venues_yml(papercat, tmp_path):
    content = _catalog(tmp_path / "c", {})
    (content / VENUES_FILE).write_text(GOOD + "  kind: journal\n", encoding="utf-8")
    for command in (("check",), ("build", "--out", tmp_path / "site")):
        run = papercat(*command, "--content", content)
        assert run.status == 1
        assert f"{content / VENUES_FILE}:5: neurips.kind: given twice" in run.err
    assert not (tmp_path / "site").exists()


# --- arXiv comments ----------------------------------------------------------------------------------

@pytest.mark.parametrize("comment, phrase", [
    ("25 pages, 13 figures, NeurIPS 2023", "NeurIPS 2023"),
    ("Accepted at NeurIPS 2023", "NeurIPS 2023"),
    ("Accepted to ICLR 2024 (oral). Code: https://github.com/a/b", "ICLR 2024 (oral)"),
    ("accepted by IEEE TPAMI", "IEEE TPAMI"),
    ("This paper has been accepted as a long paper at ACL 2023 main conference", "ACL 2023 main conference"),
    ("Accepted for publication in Nature Machine Intelligence", "Nature Machine Intelligence"),
    ("To appear in Proc. ACM SIGMOD 2024", "Proc. ACM SIGMOD 2024"),
    ("Published in Transactions on Machine Learning Research (05/2024)",
     "Transactions on Machine Learning Research (05/2024)"),
    ("Accepted as an oral presentation at AAAI-24", "AAAI-24"),
    ("Findings of EMNLP 2023", "Findings of EMNLP 2023"),
    ("Accepted to Findings of EMNLP 2023; 9 pages", "Findings of EMNLP 2023"),
    ("CVPR'24 highlight", "CVPR'24"),
    ("ICLR 2024 Spotlight, 20 pages", "ICLR 2024"),
    ("Camera-ready version, Interspeech 2023", "Interspeech 2023"),
    ("Workshop on Efficient Systems at NeurIPS 2023", "Workshop on Efficient Systems at NeurIPS 2023"),
    ("Accepted at the NeurIPS 2023 Workshop on Robustness", "NeurIPS 2023 Workshop on Robustness"),
    ("In Proceedings of the 40th International Conference on Machine Learning, Honolulu, USA. PMLR 202, 2023",
     "Proceedings of the 40th International Conference on Machine Learning"),
    ("Accepted at Foo 2025", "Foo 2025"),
    # no venue
    ("24 pages,4 figures,research article", None),
    ("Project Page: https://rq-wu.github.io/projects/LAMP", None),
    ("Submitted to the December 2023 issue", None),
    ("December 2023", None),
    ("accepted in principle", None),
])
def test_the_venue_phrase_of_an_arxiv_comment(comment, phrase):
    assert comment_venue(comment) == phrase


def test_the_seed_listings_comments_give_their_venues(papercat, tmp_path):
    """The real seeds: every comment that names a venue gives it, resolved; the others give none."""
    content = _catalog(tmp_path / "c", {})
    seeds = sorted((ROOT / "content" / "raw").glob("*.txt"))  # (the seed listings, as shipped)
    run = papercat("import", *seeds, "--content", content)
    assert run.status == 0, run.err
    entries = [read_entry(p).meta for p in sorted((content / "papers").glob("*.md"))]
    commented = {str(m["comments"]): m.get("venue") for m in entries if m.get("comments")}
    assert commented == {"NeurIPS 2023": "NeurIPS 2023", "25 pages, 13 figures, NeurIPS 2023": "NeurIPS 2023",
                         "24 pages,4 figures,research article": None,
                         "Project Page: https://rq-wu.github.io/projects/LAMP": None}
    assert all("venue" not in m for m in entries if not m.get("comments"))


LISTING = """\
We study sparse expert routing in large transformer language models and show that a learned router balances load across experts without auxiliary losses.
Accepted to Findings of EMNLP 2023
arXiv:2310.00001
We present a benchmark for measuring the calibration of vision language models under distribution shift on many tasks and domains.
Workshop on Efficient Systems for Foundation Models at ICML 2024 (oral)
arXiv:2405.00002
We propose a new optimiser for training deep networks that adapts its step size to the curvature of the loss landscape at every step.
Accepted at Foo 2025
arXiv:2412.00003
We revisit attention for long documents and show that a simple windowed variant matches full attention on most reading comprehension tasks.
To appear in Advances in Neural Information Processing Systems
arXiv:1706.00004
"""


def test_import_resolves_comment_venues_and_check_lists_the_unknown_ones(papercat, tmp_path):
    content = _catalog(tmp_path / "c", {})
    listing = tmp_path / "listing.txt"
    listing.write_text(LISTING, encoding="utf-8")
    run = papercat("import", listing, "--content", content)
    assert run.status == 0, run.err
    by_arxiv = {str(m["arxiv"]): m.get("venue") for m in
                (read_entry(p).meta for p in (content / "papers").glob("*.md"))}
    assert by_arxiv == {"2310.00001": "EMNLP Findings 2023", "2405.00002": "ICML Workshop 2024",
                        "2412.00003": "Foo 2025", "1706.00004": "NeurIPS 2017"}  # (the last: the id's year)
    run = papercat("check", "--content", content)
    assert run.status == 0, run.err
    assert "Unknown venues (1): add them to content/venues.yml" in run.out
    assert "  'Foo 2025': " in run.out and "'NeurIPS 2017'" not in run.out


# --- pages -------------------------------------------------------------------------------------------

def _catalog(root: Path, papers: dict[str, str]) -> Path:
    files = {"catalog.yml": "title: T\nsite_url: https://example.org/c/\n"}
    files.update({f"papers/{slug}.md": f"---\ntitle: Paper {slug}\nslug: {slug}\n{extra}---\n\nAn abstract.\n"
                  for slug, extra in papers.items()})
    make_tree(root, files)
    for name in ("tags.yml", "topics.yml", VENUES_FILE):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


PAPERS = {
    "a": "date: 2017-06\nvenue: NIPS 2017\n",
    "b": "date: 2017-12\nvenue: Advances in Neural Information Processing Systems\n",
    "c": "date: 2019-05\nvenue: NeurIPS 2019 (spotlight)\n",
    "d": "date: 2022-01\nvenue: Transactions on Machine Learning Research\n",
    "e": "date: 2023-07\nvenue: Workshop on Efficient Systems at ICML 2023\n",
    "f": "date: 2024-01\nvenue: Bar Symposium 2024\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("venues")
    content = _catalog(root / "content", PAPERS)
    build(content, root / "site", cache=root / "cache", jobs=1)
    return content, root / "site"


def test_entries_venues_resolve_at_load_and_group_by_venue_and_year(site):
    content, _ = site
    loaded = load(content)
    assert {p.slug: p.venue for p in loaded.papers} == {
        "a": "NeurIPS 2017", "b": "NeurIPS 2017", "c": "NeurIPS 2019", "d": "TMLR 2022", "e": "ICML Workshop 2023",
        "f": "Bar Symposium 2024"}
    catalog = derive(loaded.papers, loaded.vocab)
    assert {k: g.papers for k, g in catalog.venues.items()} == {"icml-workshop": ("e",), "neurips": ("c", "b", "a"),
                                                                "tmlr": ("d",)}
    assert catalog.venues["neurips"].children == ("neurips/2019", "neurips/2017")
    assert {k: (g.label, g.papers) for k, g in catalog.venue_years.items()} == {
        "icml-workshop/2023": ("ICML Workshop 2023", ("e",)), "neurips/2019": ("NeurIPS 2019", ("c",)),
        "neurips/2017": ("NeurIPS 2017", ("b", "a")), "tmlr/2022": ("TMLR 2022", ("d",))}


def test_venue_pages_the_index_by_kind_and_paper_links(site):
    _, out = site
    index = (out / "venues" / "index.html").read_text(encoding="utf-8")
    headings = [h for h in ("<h2>Conferences</h2>", "<h2>Journals</h2>", "<h2>Workshops</h2>") if h in index]
    assert headings == ["<h2>Conferences</h2>", "<h2>Journals</h2>", "<h2>Workshops</h2>"]
    assert index.index('href="/c/venues/neurips/"') < index.index("<h2>Journals</h2>") < \
        index.index('href="/c/venues/tmlr/"') < index.index("<h2>Workshops</h2>") < \
        index.index('href="/c/venues/icml-workshop/"')
    assert "Bar Symposium" not in index  # (not in venues.yml: no page)
    neurips = (out / "venues" / "neurips" / "index.html").read_text(encoding="utf-8")
    assert "Advances in Neural Information Processing Systems" in neurips
    assert 'href="/c/venues/neurips/2017/">2017 (2)' in neurips and 'href="/c/venues/neurips/2019/">2019 (1)' in neurips
    year = (out / "venues" / "neurips" / "2017" / "index.html").read_text(encoding="utf-8")
    assert 'href="/c/papers/a/"' in year and 'href="/c/papers/b/"' in year and 'href="/c/papers/c/"' not in year
    assert '<a href="/c/venues/">Venues</a> › <a href="/c/venues/neurips/">NeurIPS</a>' in year
    paper = (out / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    assert '<dd><a href="/c/venues/neurips/2017/">NeurIPS 2017</a></dd>' in paper
    assert '<li><a href="/c/venues/">Venues</a></li>' in paper  # (the site's navigation)
    assert "<dd>Bar Symposium 2024</dd>" in (out / "papers" / "f" / "index.html").read_text(encoding="utf-8")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("venues/", "venues/neurips/", "venues/neurips/2017/", "venues/icml-workshop/2023/"):
        assert f"<loc>https://example.org/c/{url}</loc>" in sitemap


def test_a_venues_url_is_an_external_link_on_its_page_only(site):
    _, out = site
    neurips = (out / "venues" / "neurips" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://neurips.cc" rel="noopener">https://neurips.cc</a>' in neurips
    assert '<a href="https://jmlr.org/tmlr/" rel="noopener">' in (out / "venues" / "tmlr" / "index.html").read_text(
        encoding="utf-8")
    for page in ("venues/neurips/2017/", "venues/", "papers/a/"):  # (a venue's site is for its own page)
        assert "https://neurips.cc" not in (out / page / "index.html").read_text(encoding="utf-8"), page
    workshop = (out / "venues" / "icml-workshop" / "index.html").read_text(encoding="utf-8")
    assert 'rel="noopener"' not in workshop  # (a conference's workshops have no URL of their own)


def test_a_venues_url_is_escaped(tmp_path):
    content = _catalog(tmp_path / "c", {"x": "venue: NeurIPS 2023\n"})
    hostile = 'https://e.org/"><script>alert(1)</script>'
    (content / VENUES_FILE).write_text(GOOD + f"  url: '{hostile}'\n", encoding="utf-8")
    build(content, tmp_path / "site", cache=tmp_path / "cache", jobs=1)
    page = (tmp_path / "site" / "venues" / "neurips" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert '<a href="https://e.org/&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" rel="noopener">' in page


def test_every_page_is_valid_and_every_link_resolves(site):
    _, out = site
    for page in html_pages(out / "venues"):
        parse_strict(page.read_text(encoding="utf-8"), str(page))
    assert broken_links(out, "/c/") == []


def test_venue_text_from_an_entry_is_escaped(tmp_path):
    content = _catalog(tmp_path / "c", {"x": "venue: '<script>alert(1)</script> 2024'\n"})
    build(content, tmp_path / "site", cache=tmp_path / "cache", jobs=1)
    page = (tmp_path / "site" / "papers" / "x" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; 2024" in page


def test_the_shipped_vocabulary_is_plain_yaml_in_the_documented_shape():
    data = yaml.safe_load((ROOT / "content" / VENUES_FILE).read_text(encoding="utf-8"))
    assert all(set(v) <= {"name", "full_name", "kind", "aliases", "url"} for v in data.values())


# --- arbitrary text ------------------------------------------------------------------------------------

from hypothesis import example, given, settings, strategies as st  # noqa: E402

VENUE_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200) | st.builds(
    " ".join, st.lists(st.sampled_from(["Accepted", "at", "to", "NeurIPS", "NIPS'17", "2023", "(oral)", "Findings",
                                        "of", "EMNLP", "Workshop", "on", "Proceedings", "the", "31st", ",", ";",
                                        "'", "-24", "Foo", "Proc.", "(", ")"]), max_size=12))


SHIPPED = read_venues(ROOT / "content")


@settings(max_examples=200, deadline=None)
@given(VENUE_TEXT, st.none() | st.integers(1900, 2100))
@example("Accepted 2023 (oral)", None)  # (the phrase once lost the space before "(oral)")
def test_any_text_resolves_or_stays_and_a_comment_gives_a_phrase_or_none(text, year):
    venues = SHIPPED
    resolved = venues.resolve(text, year)
    assert isinstance(resolved, str) and "\n" not in resolved
    assert venues.resolve(resolved, year) == resolved  # resolving twice changes nothing
    phrase = comment_venue(text)
    assert phrase is None or phrase in text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300) | st.builds(lambda k, v: f"{k}:\n  {v}\n", st.text(max_size=20), st.text(max_size=60)))
def test_any_venues_yml_loads_or_reports_problems_at_a_line(text):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / VENUES_FILE).write_text(text, encoding="utf-8")
        venues, problems = load_venues(Path(tmp))
    assert all(str(p).startswith(str(Path(tmp) / VENUES_FILE)) for p in problems)
    assert problems or all(v.kind in ("conference", "journal", "workshop") for v in venues.venues.values())


@pytest.mark.parametrize("text, kept", [("Phys. Rev. Lett.", "Phys. Rev. Lett."),
                                        ("IEEE Trans. Pattern Anal. Mach. Intell.", "IEEE Trans. Pattern Anal. Mach. Intell."),
                                        ("Foo 2025 (oral).", "Foo 2025"), ("Accepted at Cell.", "Accepted at Cell")])
def test_an_abbreviated_venue_keeps_its_last_full_stop(text, kept):
    """`journal = {Phys. Rev. Lett.}` was imported as `Phys. Rev. Lett`."""
    from generator.venues import clean

    assert clean(text) == kept
