"""papercat: a static site generator for curated catalogs of research papers."""

__version__ = "0.1.0"
