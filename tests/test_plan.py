"""Planning: a plan whose pages are let go as soon as they are planned gives the same outputs."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

from generator.catalog import derive, read_papers
from generator.config import load_config
from generator.plan import look_key, plan_outputs
from generator.render import make_env, make_site
from generator.theme import theme_for
from generator.vocabulary import load_vocabulary

CONTENT = Path(__file__).resolve().parent.parent / "content"


def _plan(made=None):
    vocab = load_vocabulary(CONTENT)
    papers, digests = read_papers(CONTENT, vocab)
    catalog = derive(papers, vocab, digests)
    cfg = load_config(CONTENT, "https://example.org/")
    theme = theme_for(CONTENT, cfg.theme_dir)
    site = make_site(make_env(theme.dirs, cfg), catalog, cfg)
    planned = plan_outputs(catalog, cfg, theme, site, look_key(theme, site), made=made)
    return [(o.path, o.digest) for o in planned.outputs], planned.units


def test_pages_let_go_as_they_are_planned_give_the_same_digests():
    """A build that renders each page as it is planned lets the page go, and with it the objects
    made for it alone: digests remembered by id() must not pass to later objects at their address."""
    seen: list[str] = []

    def made(o):
        seen.append(o.path)
        # (Addresses freed now are the likeliest to be taken again. The young generations only: the
        # page's objects are among them, and a full collection per page, in a test worker holding
        # other files' fixtures, took 73 s instead of 10.)
        gc.collect(1)
        return replace(o, page=None)

    whole, units = _plan()
    streamed, streamed_units = _plan(made)
    assert streamed == whole and streamed_units == units
    assert len(seen) > 300 and set(seen) <= {path for path, _ in whole}
