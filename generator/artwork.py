"""The site's PNG images, drawn with Pillow from its title: the card that link previews show (Open
Graph, Twitter) and a favicon for browsers that take no SVG. Made only when the title or the
description changes (plan.py gives them a digest of both)."""

from __future__ import annotations

import io
import textwrap

SOCIAL, FAVICON = "social.png", "favicon.png"
ACCENT, INK, PAPER = (47, 84, 201), (28, 29, 33), (251, 251, 250)  # style.css: --accent, --fg, --bg
SIZE = (1200, 630)  # what Open Graph and Twitter's large card show


def social_card(title: str, description: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont  # (only when the card changes)

    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, SIZE[1]), fill=ACCENT)
    heading, body = ImageFont.load_default(size=68), ImageFont.load_default(size=32)
    y = 90
    for line in textwrap.wrap(title, 28)[:3]:
        draw.text((90, y), line, font=heading, fill=INK)
        y += 84
    y += 24
    for line in textwrap.wrap(description, 60)[:4]:
        draw.text((90, y), line, font=body, fill=(93, 97, 112))
        y += 44
    draw.text((90, SIZE[1] - 90), "A catalog of research papers", font=body, fill=ACCENT)
    return _png(image)


def favicon() -> bytes:
    """The SVG favicon's page-and-lines mark, at 32 px."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 31, 31), radius=7, fill=ACCENT)
    draw.polygon([(9, 8), (19, 8), (23, 12), (23, 24), (9, 24)], fill=(255, 255, 255))
    draw.line((12, 15, 20, 15), fill=ACCENT, width=2)
    draw.line((12, 19, 20, 19), fill=ACCENT, width=2)
    return _png(image)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")  # (optimize=True: 4% smaller, three times as slow to make)
    return out.getvalue()
