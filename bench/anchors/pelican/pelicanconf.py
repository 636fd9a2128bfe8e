"""Minimal Pelican settings for the benchmark anchor (see bench/README.md): the same page set as
papercat builds, as far as Pelican's model allows. Papers are articles written by
bench/anchors/to_pelican.py. Pelican has one category per article and no custom taxonomies, so:
    Category = the paper's first topic (a second topic is dropped),
    Tags     = the paper's tags,
    Authors  = its author-count group ("3 authors", "Organisation", "Unknown"): the author pages
               are the author-count pages,
and year pages are Pelican's yearly archives."""

SITENAME = "Attention, Experts and Streams"
SITEURL = ""
AUTHOR = "papercat bench"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE = (1970, 1, 1)  # papers without a date
DEFAULT_CATEGORY = "other"
THEME = "theme"  # relative to this file
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
STATIC_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
# Rebuilds are full builds: Pelican's content cache is off by default, and stays off here, as an
# out-of-the-box user runs it.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

ARTICLE_URL = "papers/{slug}/"
ARTICLE_SAVE_AS = "papers/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
CATEGORY_URL = "topics/{slug}/"
CATEGORY_SAVE_AS = "topics/{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = "topics/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = "all/index.html"
YEAR_ARCHIVE_URL = "years/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "years/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""

DEFAULT_PAGINATION = 50  # papercat's per_page
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_DOMAIN = "http://localhost"
FEED_MAX_ITEMS = 30  # papercat's feed_size
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "topics/{slug}/feed.xml"  # papercat has a feed per topic
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
