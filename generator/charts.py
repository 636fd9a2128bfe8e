"""Small accessible SVG bar charts drawn at build time: no JavaScript, no external requests.

Labels are escaped here, so the returned SVG is safe to embed as markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from markupsafe import Markup


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


def column_chart(bars: list[Bar], title: str, height: int = 180) -> Markup:
    """Vertical bars (e.g. papers per year), value above each bar, label below."""
    if not bars:
        return Markup("")
    step, width, top, bottom = 44, 30, 22, 26
    peak = max(b.value for b in bars) or 1
    total_w = step * len(bars) + 8
    parts = [_open(title, total_w, height, f'width="{total_w}" height="{height}"')]
    for i, b in enumerate(bars):
        h = max(1, round((height - top - bottom) * b.value / peak))
        x, y = 8 + i * step, height - bottom - h
        label = f"{escape(b.label)}: {b.value}"
        parts.append(_a(b, f'<g><title>{label}</title><rect class="bar" x="{x}" y="{y}" width="{width}" height="{h}" rx="3"/>'
                           f'<text class="value" x="{x + width / 2}" y="{y - 5}" text-anchor="middle">{b.value}</text>'
                           f'<text class="label" x="{x + width / 2}" y="{height - 8}" text-anchor="middle">'
                           f'{escape(b.label)}</text></g>'))
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(bars: list[Bar], title: str, label_width: int = 150) -> Markup:
    """Horizontal bars (e.g. papers per author count or per topic), long labels fit."""
    if not bars:
        return Markup("")
    row, bar_h, plot_w = 24, 16, 360
    peak = max(b.value for b in bars) or 1
    w, h = label_width + plot_w + 50, row * len(bars) + 8
    parts = [_open(title, w, h, f'width="100%" style="max-width:{w}px"')]
    for i, b in enumerate(bars):
        y = 4 + i * row
        bw = max(1, round(plot_w * b.value / peak))
        label = f"{escape(b.label)}: {b.value}"
        parts.append(_a(b, f'<g><title>{label}</title>'
                           f'<text class="label" x="{label_width - 8}" y="{y + bar_h - 3}" text-anchor="end">{escape(b.label)}</text>'
                           f'<rect class="bar" x="{label_width}" y="{y}" width="{bw}" height="{bar_h}" rx="3"/>'
                           f'<text class="value" x="{label_width + bw + 6}" y="{y + bar_h - 3}">{b.value}</text></g>'))
    parts.append("</svg>")
    return Markup("".join(parts))
