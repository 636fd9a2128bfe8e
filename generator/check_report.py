"""The text `papercat check` prints: a short coverage summary and the review list grouped by reason.

Pure functions from data to lines; cli.py decides where they go and whether they get colour (a
terminal only). The review list of the shipped catalog is 278 items, 255 of them "no date", so each
group shows its count and its first few paths unless asked for all."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ingest.fields import OWN_TYPES
from generator.people import maybe_one_person
from generator.plural import counted
from generator.review import Group
from generator.vocabulary import Vocabulary

FIRST = 5    # paths shown per review group without --verbose
FEWEST = 5   # tags shown with the fewest papers

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33"}


@dataclass(frozen=True)
class Style:
    """ANSI colour when `colour` is set (cli.py sets it on a terminal without NO_COLOR), else plain text."""

    colour: bool = False

    def __call__(self, text: str, *names: str) -> str:
        if not self.colour or not names:
            return text
        return f"\033[{';'.join(_CODES[n] for n in names)}m{text}\033[0m"


def percent(share: float) -> str:
    """A share as a whole percentage, except that 0% and 100% mean exactly none and all."""
    if 0 < share < 0.005 or 0.995 <= share < 1:
        return f"{share:.1%}"
    return f"{share:.0%}"


def summary_lines(report: dict, vocab: Vocabulary, groups: str, style: Style = Style()) -> list[str]:
    """The coverage summary from `taxonomy.coverage_report`: shares of papers with a topic and with a
    tag, the largest top-level topic (its subtopics' papers included), and the tags with the fewest
    papers and with none: the candidates to widen, merge or drop."""
    n = report["papers"]
    lines = [f"  coverage: {percent(report['with_topic'])} of papers have a topic, "
             f"{percent(report['with_tag'])} have a tag"]
    slug, share = report["largest_top_level"]
    if slug is not None:
        label = vocab.topics[slug].label if slug in vocab.topics else slug
        lines.append(f"  largest topic: {style(label, 'bold')} ({slug}), {counted(round(share * n), 'paper')} "
                     f"({percent(share)}) with its subtopics")
    fewest = sorted(report["tag_counts"].items(), key=lambda kv: (kv[1], kv[0]))[:FEWEST]
    if fewest:
        lines.append("  tags with the fewest papers: " + ", ".join(f"{slug} {k}" for slug, k in fewest))
    unused = report["unused_tags"]
    if unused:
        more = f" and {len(unused) - FEWEST} more" if len(unused) > FEWEST else ""
        lines.append(f"  {style(f'unused tags ({len(unused)})', 'yellow')}: {', '.join(unused[:FEWEST])}{more}")
    lines.append(f"  groups: {groups}")
    return lines


def review_lines(groups: list[Group], verbose: bool = False, style: Style = Style()) -> list[str]:
    """`Review: N items ...`, then one block per group: `reason (count): what to do` and its paths
    (with the detail, if any), the first FIRST of them unless `verbose`, and how many more there are."""
    total = sum(len(g.items) for g in groups)
    if not total:
        return [f"Review: {style('nothing to look at', 'green')}"]
    entries = len({i.path for g in groups for i in g.items})
    lines = [f"Review: {total} {'item' if total == 1 else 'items'} for {entries} "
             f"{'entry' if entries == 1 else 'entries'}, in {len(groups)} {'group' if len(groups) == 1 else 'groups'}"]
    for g in groups:
        lines.append(f"  {style(g.reason.label, 'bold', 'yellow')} ({len(g.items)}): {g.reason.advice}")
        shown = g.items if verbose else g.items[:FIRST]
        lines += [f"    {i}" if i.detail else f"    {i.path}" for i in shown]
        if len(shown) < len(g.items):
            lines.append(style(f"    ... and {len(g.items) - len(shown)} more (--verbose lists them all)", "dim"))
    return lines


def venue_lines(papers, verbose: bool = False, style: Style = Style()) -> list[str]:
    """Venues that venues.yml does not list, each with the entries naming it: the curator adds
    each to venues.yml (then it gets its pages and is cited by its full name) or corrects the entry."""
    unknown: dict[str, list[str]] = {}
    for p in sorted(papers, key=lambda p: p.path):
        if p.venue and not p.venue_slug and p.type not in OWN_TYPES:  # (a chapter's book is no venue)
            unknown.setdefault(p.venue, []).append(p.path)
    if not unknown:
        return []
    lines = [f"{style(f'Unknown venues ({len(unknown)})', 'bold', 'yellow')}: add them to content/venues.yml "
             "(a new venue, or an alias of one), or correct the entries"]
    for venue in sorted(unknown, key=str.casefold):
        paths = unknown[venue] if verbose else unknown[venue][:FIRST]
        more = len(unknown[venue]) - len(paths)
        lines.append(f"  {venue!r}: {', '.join(paths)}" + (f" and {more} more" if more else ""))
    return lines


def people_lines(people: dict, verbose: bool = False, style: Style = Style()) -> list[str]:
    """Author names that may be one person written several ways (people.maybe_one_person), each
    with its paper count: exports from several tools spell one author three ways, and each spelling
    gets an author page of its own."""
    count = {g.label: len(g.papers) for g in people.values()}
    sets = maybe_one_person(count)
    if not sets:
        return []
    lines = [f"{style(f'Names that may be one person ({len(sets)})', 'bold', 'yellow')}: each spelling has an "
             "author page of its own; write one person's name alike in every entry"]
    shown = sets if verbose else sets[:FIRST]
    lines += ["  " + ", ".join(f"{name} ({count[name]})" for name in names) for names in shown]
    if len(shown) < len(sets):
        lines.append(style(f"  ... and {len(sets) - len(shown)} more (--verbose lists them all)", "dim"))
    return lines
