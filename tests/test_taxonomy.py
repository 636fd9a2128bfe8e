"""Tags and topics: the matching rule, topic choice, curator precedence, vocabulary errors, and the
coverage the shipped vocabulary reaches on the shipped catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.entries import entry_paths, read_entry
from generator.errors import PapercatError
from generator.taxonomy import assign_topics, coverage_report, match_tags, paper_taxonomy
from generator.vocabulary import Tag, Topic, Vocabulary, load_vocabulary

CONTENT = Path(__file__).resolve().parent.parent / "content"


def vocab(tags: dict[str, list[str]], topics: list[Topic] = ()) -> Vocabulary:
    """A vocabulary from {slug: aliases}, labels being the slugs."""
    return Vocabulary({s: Tag(s, s, tuple(a)) for s, a in tags.items()}, {t.slug: t for t in topics})


def tags_of(text: str, v: Vocabulary) -> tuple[str, ...]:
    return match_tags(text, "", v)


def write(root: Path, files: dict[str, str]) -> Path:
    """A throwaway tree from {relative path: text}."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def load_problems(root: Path) -> list[str]:
    with pytest.raises(PapercatError) as e:
        load_vocabulary(root)
    return [str(p) for p in e.value.problems]


# --- the matching rule ------------------------------------------------------------------------------

MOE = vocab({"moe": ["mixture of experts", "MoE"]})


@pytest.mark.parametrize("text, hit", [
    ("a sparse MoE layer", True),
    ("MoE-based routing", True),       # a hyphen is a word boundary
    ("experts (MoE).", True),
    ("MoEs scale well", False),         # an acronym takes no plural unless listed
    ("the DMoE model", False),          # nor matches inside a longer token
    ("MoE2 and MoE_x", False),
    ("a moe layer", False),             # acronyms are case-sensitive
    ("MOE", False),
    ("A Mixture-of-Experts model", True),   # lowercase phrases ignore case; hyphen == space
    ("MIXTURE OF EXPERTS", True),
    ("mixture\nof  experts", True),     # any run of whitespace
    ("mixtures of experts", False),     # only the last word may take a plural
])
def test_acronym_and_phrase_case_rules(text: str, hit: bool) -> None:
    assert tags_of(text, MOE) == (("moe",) if hit else ())


def test_an_acronym_plural_matches_only_when_listed() -> None:
    v = vocab({"moe": ["MoE", "MoEs"]})
    assert tags_of("two MoEs", v) == ("moe",)
    assert tags_of("two MoEes", v) == ()


@pytest.mark.parametrize("text, hit", [
    ("multi-head attention", True),
    ("Multi Head Attention", True),
    ("multi -  head attention", True),
    ("multihead attention", False),     # a hyphen never matches nothing
    ("multi-head attentions", True),
])
def test_hyphen_and_space_are_interchangeable(text: str, hit: bool) -> None:
    assert tags_of(text, vocab({"mha": ["multi-head attention"]})) == (("mha",) if hit else ())


@pytest.mark.parametrize("text, hit", [
    ("diffusion models", True),
    ("Diffusion Models", True),
    ("DIFFUSION MODELS", True),
    ("diffusion modeles", True),        # the rule is simple: `s` or `es`, nothing smarter
    ("diffusion modelling", False),
])
def test_plural_of_the_last_word(text: str, hit: bool) -> None:
    assert tags_of(text, vocab({"diffusion": ["diffusion model"]})) == (("diffusion",) if hit else ())


def test_plural_es() -> None:
    assert tags_of("several classes", vocab({"c": ["class"]})) == ("c",)


@pytest.mark.parametrize("text, hit", [
    ("self-attention layers", True),
    ("attention-based models", True),
    ("attentional bottleneck", False),  # whole words only
    ("inattention", False),
    ("attention_map", False),
])
def test_whole_words_only(text: str, hit: bool) -> None:
    assert tags_of(text, vocab({"attention": ["attention"]})) == (("attention",) if hit else ())


def test_mixed_alias_keeps_acronym_case_and_folds_the_rest() -> None:
    v = vocab({"heads": ["3D head"]})
    assert tags_of("Single Image to 3D Heads", v) == ("heads",)
    assert tags_of("a 3d head", v) == ()


def test_overlapping_and_nested_terms_are_all_found() -> None:
    v = vocab({"vit": ["vision transformer"], "transformers": ["transformer"], "speech": ["speech"],
               "asr": ["speech recognition"], "ast": ["speech recognition system"]})
    assert tags_of("Vision Transformers for speech recognition systems", v) == (
        "asr", "ast", "speech", "transformers", "vit")


def test_tags_come_from_title_and_abstract_sorted() -> None:
    v = vocab({"b": ["beta"], "a": ["alpha"], "c": ["gamma"]})
    assert match_tags("Beta", "and alpha", v) == ("a", "b")


def test_the_matcher_is_compiled_once_per_vocabulary() -> None:
    from generator.taxonomy import _matcher

    v = vocab({"a": ["alpha"]})
    assert _matcher(v) is _matcher(v)
    assert _matcher(vocab({"a": ["alpha"]})) is not _matcher(v)


def test_empty_vocabulary_matches_nothing() -> None:
    assert match_tags("anything", "at all", vocab({})) == ()
    assert assign_topics("anything", "at all", (), vocab({})) == ("other",)


# --- topics -----------------------------------------------------------------------------------------

TREE = vocab({"diffusion": ["diffusion model"], "kd": ["distillation"]}, [
    Topic("vision", "Vision", keywords=("image",)),
    Topic("video-gen", "Video generation", parent="vision", keywords=("video generation",)),
    Topic("speech", "Speech", keywords=("speech",)),
    Topic("learning", "Learning", keywords=("training",)),
    Topic("distill", "Distillation", parent="learning", tags=("kd",)),
    Topic("other", "Other"),
])


def topics(title: str, abstract: str = "", tags: tuple[str, ...] = ()) -> tuple[str, ...]:
    return assign_topics(title, abstract, tags or match_tags(title, abstract, TREE), TREE)


def test_no_signal_falls_back_to_other() -> None:
    assert topics("Feasible learning", "We solve a feasibility problem.") == ("other",)


def test_a_subtopic_with_its_own_evidence_replaces_its_parent() -> None:
    assert topics("Video generation at scale", "We generate images and video.") == ("video-gen",)


def test_a_passing_mention_does_not_pull_a_paper_into_a_subtopic() -> None:
    text = "image image image; images. Also one video generation example."
    assert topics("Image classification of images", text) == ("vision",)


def test_title_weighs_more_than_abstract() -> None:
    assert topics("Speech", "image")[0] == "speech"
    assert topics("Image", "speech")[0] == "vision"


def test_second_topic_only_when_close() -> None:
    assert topics("Speech and images", "speech and images") == ("speech", "vision")  # a tie: slug order
    assert topics("Speech", "speech, speech and one image") == ("speech",)


def test_never_a_topic_with_its_own_ancestor() -> None:
    result = topics("Video generation from images", "video generation; images; image")
    assert "vision" not in result and result[0] == "video-gen"


def test_tag_votes_count() -> None:
    assert topics("A trick", "we use distillation") == ("distill",)


def test_ties_prefer_the_deeper_topic_then_the_slug() -> None:
    v = vocab({}, [Topic("b", "B", keywords=("x",)), Topic("a", "A", keywords=("y",)),
                   Topic("c", "C", parent="b", keywords=("z",))])
    assert assign_topics("x y", "", (), v) == ("a", "b")
    assert assign_topics("z", "", (), v) == ("c",)


# --- curator precedence ----------------------------------------------------------------------------

def test_curated_tags_add_and_exclude_wins() -> None:
    v = vocab({"moe": ["MoE"], "kd": ["distillation"], "rl": []})
    tags, _ = paper_taxonomy("MoE distillation", "", ["rl"], ["kd"], None, v)
    assert tags == ("moe", "rl")
    tags, _ = paper_taxonomy("MoE", "", ["rl"], ["rl", "moe"], None, v)
    assert tags == ()


def test_curated_topics_win_over_automatic_ones() -> None:
    assert paper_taxonomy("Speech", "", None, None, ["vision"], TREE)[1] == ("vision",)
    assert paper_taxonomy("Speech", "", None, None, [], TREE)[1] == ("speech",)
    assert paper_taxonomy("Speech", "", (), (), None, TREE)[1] == ("speech",)


def test_excluded_tags_do_not_vote_for_topics() -> None:
    assert paper_taxonomy("A trick", "we use distillation", None, ["kd"], None, TREE) == ((), ("other",))


# --- coverage ---------------------------------------------------------------------------------------

def test_coverage_report() -> None:
    rows = [(("a", "b"), ("video-gen",)), (("a",), ("speech",)), ((), ("other",)), (("c",), ("vision",))]
    report = coverage_report(rows, TREE)
    assert report["papers"] == 4
    assert report["with_topic"] == 0.75
    assert report["with_tag"] == 0.75
    assert report["singleton_tags"] == ["b", "c"]
    assert report["largest_top_level"] == ("vision", 0.5)   # vision counts video-gen's paper
    assert report["largest_topic"] == ("speech", 0.25)      # ties: slug order
    assert report["unused_tags"] == ["diffusion", "kd"]


# --- loading and its errors -------------------------------------------------------------------------

GOOD_TAGS = """\
mixture-of-experts:
  label: Mixture of experts
  aliases: [mixture of experts, mixture-of-experts, MoE, MoEs]
  description: Routing inputs to experts.
distillation:
  label: Distillation
  aliases:
    - knowledge distillation
"""

GOOD_TOPICS = """\
ml:
  label: Machine learning
  keywords: [learning]
experts:
  label: Experts
  parent: ml
  tags: [mixture-of-experts]
"""


def test_load_good_vocabulary(tmp_path: Path) -> None:
    v = load_vocabulary(write(tmp_path, {"tags.yml": GOOD_TAGS, "topics.yml": GOOD_TOPICS}))
    assert list(v.tags) == ["mixture-of-experts", "distillation"]
    assert v.tags["mixture-of-experts"] == Tag("mixture-of-experts", "Mixture of experts",
                                               ("mixture of experts", "mixture-of-experts", "MoE", "MoEs"),
                                               "Routing inputs to experts.")
    assert v.topics["experts"] == Topic("experts", "Experts", "ml", (), ("mixture-of-experts",))
    assert v.topics["other"] == Topic("other", "Other")  # built in when the file leaves it out
    assert v.children("ml") == ("experts",)
    assert v.ancestors("experts") == ("ml",)
    assert v.descendants("ml") == ("experts",)
    assert v.root("experts") == "ml"


def test_load_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "tags.yml": """\
moe:
  label: Mixture of experts
  aliases: [mixture of experts, MoE]
  colour: blue
kd:
  label: 42
  aliases: knowledge distillation
experts:
  label: Experts
  aliases:
    - Mixture-of-Experts
    - MoE
Bad Slug:
  label: Bad
""",
        "topics.yml": """\
ml:
  label: ML
  tags: [moe, mixtur-of-experts]
a:
  label: A
  parent: b
b:
  label: B
  parent: a
lost:
  label: Lost
  parent: nowhere
  keywords: learning
""",
    })
    tags, topics = root / "tags.yml", root / "topics.yml"
    assert load_problems(root) == [
        f"{tags}:4: moe.colour: unknown key (got 'colour') (hint: keys: label, aliases, description)",
        f"{tags}:6: kd.label: must be non-empty text (got 42) (hint: write it as a plain string; "
        "quote it if YAML reads it as something else)",
        f"{tags}:7: kd.aliases: must be a list (got 'knowledge distillation') "
        "(hint: write a list, even for one item: `[knowledge distillation]`)",
        f"{tags}:11: experts.aliases: alias 'Mixture-of-Experts' also belongs to tag 'moe' (line 3) "
        "(hint: an alias must point to one tag: keep it in one of them)",
        f"{tags}:12: experts.aliases: alias 'MoE' also belongs to tag 'moe' (line 3) "
        "(hint: an alias must point to one tag: keep it in one of them)",
        f"{tags}:13: not a valid tag slug (got 'Bad Slug') "
        "(hint: use lowercase letters, digits and single hyphens, e.g. 'speech-recognition')",
        f"{topics}:3: ml.tags: unknown tag (got 'mixtur-of-experts') (hint: define it in tags.yml or remove it here)",
        f"{topics}:6: a.parent: parents form a cycle: a -> b -> a "
        "(hint: a topic cannot be its own ancestor; make one of them top-level)",
        f"{topics}:12: lost.parent: unknown topic (got 'nowhere') "
        "(hint: use a topic slug from this file, or omit `parent`)",
        f"{topics}:13: lost.keywords: must be a list (got 'learning') "
        "(hint: write a list, even for one item: `[learning]`)",
    ]


def test_unknown_tag_gets_a_suggestion(tmp_path: Path) -> None:
    root = write(tmp_path, {"tags.yml": GOOD_TAGS,
                            "topics.yml": "x:\n  label: X\n  tags: [mixture-of-expert]\n"})
    assert load_problems(root) == [f"{root / 'topics.yml'}:3: x.tags: unknown tag (got 'mixture-of-expert') "
                                   "(hint: did you mean 'mixture-of-experts'?)"]


def test_missing_label_duplicate_slug_and_self_parent(tmp_path: Path) -> None:
    root = write(tmp_path, {"tags.yml": "a:\n  aliases: [x]\na:\n  label: A again\n",
                            "topics.yml": "t:\n  label: T\n  parent: t\n"})
    assert load_problems(root) == [
        f"{root / 'tags.yml'}:1: a: missing required key 'label' (hint: add `label: Name shown on the site`)",
        f"{root / 'tags.yml'}:3: a: defined twice (first at line 1) (hint: merge the two entries)",
        f"{root / 'topics.yml'}:3: t.parent: parents form a cycle: t -> t "
        "(hint: a topic cannot be its own ancestor; make one of them top-level)",
    ]


def test_unreadable_yaml_and_missing_file(tmp_path: Path) -> None:
    root = write(tmp_path, {"tags.yml": "a:\n  label: Heads: faces\n"})
    assert load_problems(root) == [
        f"{root / 'tags.yml'}:2: unreadable YAML: a value contains ': ', which starts a key "
        "(hint: quote the whole value: `label: 'Heads: faces'`)",
        f"{root / 'topics.yml'}: file not found (hint: create it; the vocabulary is read from tags.yml and topics.yml)",
    ]


def test_the_fallback_topic_takes_no_keywords(tmp_path: Path) -> None:
    root = write(tmp_path, {"tags.yml": "", "topics.yml": "other:\n  label: Other\n  keywords: [misc]\n"})
    assert load_problems(root) == [
        f"{root / 'topics.yml'}:1: other: the fallback topic takes only a label and a description "
        "(hint: `other` collects papers no other topic claims; remove its parent, keywords and tags)"]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    root = write(tmp_path, {"tags.yml": "- a\n- b\n", "topics.yml": ""})
    assert load_problems(root) == [f"{root / 'tags.yml'}:1: must be a mapping of slug: settings (got a list) "
                                   "(hint: start each entry with `some-slug:` at the beginning of a line)"]


# --- the shipped vocabulary on the shipped catalog -------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> tuple[Vocabulary, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    v = load_vocabulary(CONTENT)
    rows = []
    for path in entry_paths(CONTENT):
        e = read_entry(path)
        m = e.meta
        rows.append(paper_taxonomy(m["title"], e.abstract, m.get("tags"), m.get("tags_exclude"),
                                   m.get("topics"), v))
    return v, rows


def test_shipped_vocabulary_size(shipped) -> None:
    v, rows = shipped
    assert len(rows) >= 300
    assert 40 <= len(v.tags) <= 80
    assert 10 <= len(v.topics) <= 21 and "other" in v.topics


def test_shipped_coverage_targets(shipped) -> None:
    v, rows = shipped
    report = coverage_report(rows, v)
    assert report["with_topic"] >= 0.95
    assert report["with_tag"] >= 0.90
    assert report["singleton_tags"] == []
    assert report["largest_top_level"][1] <= 0.40, report["largest_top_level"]


def test_shipped_spot_checks(shipped) -> None:
    v = shipped[0]

    def classify(title: str, abstract: str = "") -> tuple[tuple[str, ...], tuple[str, ...]]:
        return paper_taxonomy(title, abstract, None, None, None, v)

    tags, topics = classify("Chain-of-Experts: Unlocking the Communication Power of Mixture-of-Experts Models")
    assert "mixture-of-experts" in tags and topics == ("architectures",)
    tags, _ = classify("Flash-VStream", "Models have received much attention; firms face costs.")
    assert "attention" not in tags and "heads-and-faces" not in tags
    tags, topics = classify("Stateful Conformer for Streaming Automatic Speech Recognition")
    assert {"speech-recognition", "streaming"} <= set(tags) and topics[0] == "speech-and-audio"


def test_a_broken_definition_is_reported_once(tmp_path: Path) -> None:
    topics = "ml:\n  label: [ML]\nexperts:\n  label: Experts\n  parent: ml\n  tags: [moe]\n"
    root = write(tmp_path, {"tags.yml": "moe:\n  aliasses: [MoE]\n", "topics.yml": topics})
    assert load_problems(root) == [
        f"{root / 'tags.yml'}:1: moe: missing required key 'label' (hint: add `label: Name shown on the site`)",
        f"{root / 'tags.yml'}:2: moe.aliasses: unknown key (got 'aliasses') (hint: did you mean 'aliases'?)",
        f"{root / 'topics.yml'}:2: ml.label: must be non-empty text (got a list) "
        "(hint: write it as a plain string; quote it if YAML reads it as something else)",
    ]
