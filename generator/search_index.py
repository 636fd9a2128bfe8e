"""The client-side search index (placeholder until the search issue lands): yields no files."""

from __future__ import annotations

from collections.abc import Iterator

from generator.config import Config
from generator.model import Catalog


def search_files(catalog: Catalog, cfg: Config) -> Iterator[tuple[str, bytes]]:
    return iter(())
