"""Small accessible charts drawn at build time (SVG columns, HTML bars): no JavaScript, no external requests.

Labels are escaped here, so the returned markup is safe to embed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from generator.plural import number


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None


def _id(title: str) -> str:
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _open(title: str, w: float, h: float, size: str) -> str:
    """The chart's <svg>: a labelled group (its bars are links, so it is not an image)."""
    return (f'<svg class="chart" viewBox="0 0 {w} {h}" {size} role="group" aria-labelledby="{_id(title)}">'
            f'<title id="{_id(title)}">{escape(title)}</title>')


def _a(bar: Bar, inner: str) -> str:
    return f'<a href="{escape(bar.href)}">{inner}</a>' if bar.href else inner


MIN_SCALE = 0.75  # the least a column chart is shrunk to fit its box (`column_chart`)


def column_chart(bars: list[Bar], title: str, height: int = 180) -> Markup:
    """Vertical bars (e.g. papers per year), value above each bar, label below."""
    if not bars:
        return Markup("")
    step, width, top, bottom = 44, 30, 22, 26
    peak = max(b.value for b in bars) or 1
    total_w = step * len(bars) + 8
    # Shrunk to fit its box down to three quarters of its size (text 9 px at least), scrolled when
    # narrower: 13 years at 44 px were 580 px, in a 530 px box on a 1,366 px screen, and the oldest
    # were cut off where nothing asked for a scroll.
    parts = [_open(title, total_w, height, f'width="{total_w}" height="{height}" '
                                          f'style="min-width:{round(total_w * MIN_SCALE)}px"')]
    for i, b in enumerate(bars):
        h = max(1, round((height - top - bottom) * b.value / peak))
        x, y = 8 + i * step, height - bottom - h
        label = f"{escape(b.label)}: {number(b.value)}"
        parts.append(_a(b, f'<g><title>{label}</title><rect class="bar" x="{x}" y="{y}" width="{width}" height="{h}" rx="3"/>'
                           f'<text class="value" x="{x + width / 2}" y="{y - 5}" text-anchor="middle">{number(b.value)}</text>'
                           f'<text class="label" x="{x + width / 2}" y="{height - 8}" text-anchor="middle">'
                           f'{escape(b.label)}</text></g>'))
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(bars: list[Bar], title: str, label_width: int = 150) -> Markup:
    """Horizontal bars (e.g. papers per author count or per topic) as HTML and CSS, not SVG: an SVG
    scaled down to a phone's width scaled its text down with it (to about 6 px at 390 px), while
    HTML text keeps the stylesheet's size at every width and long labels wrap. Each bar is a link.

    `label_width` (px) is the widest the label column gets; on narrow screens it takes less (CSS).
    The longest bar spans the track: every chart has its own scale."""
    if not bars:
        return Markup("")
    peak = max(b.value for b in bars) or 1
    parts = [f'<div class="hbars" role="group" aria-labelledby="{_id(title)}" style="--label:{label_width}px">'
             f'<p class="visually-hidden" id="{_id(title)}">{escape(title)}</p><ul>']
    for b in bars:
        share = f"{100 * b.value / peak:.1f}".rstrip("0").rstrip(".")
        row = (f'<span class="hbar-label">{escape(b.label)}</span><span class="hbar-track">'
               f'<span class="hbar" style="--v:{share}"></span><span class="hbar-value">{number(b.value)}</span></span>')
        parts.append(f'<li><a class="hbar-row" href="{escape(b.href)}">{row}</a></li>' if b.href
                     else f'<li><span class="hbar-row">{row}</span></li>')
    parts.append("</ul></div>")
    return Markup("".join(parts))
