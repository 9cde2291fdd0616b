"""MkDocs hook: a citation key quoted in a page (`nash_1950`) must be in the bibliography.

Each unknown key is logged as a warning, so ``mkdocs build --strict`` fails on a missing
reference as it does on a broken link. Keys are quoted as inline code, as the pages and the
code's docstrings write them; the bibliography is ``src/foedus/references.bib``.
"""

from __future__ import annotations

import logging
import re

from foedus.bibliography import entries

log = logging.getLogger("mkdocs.plugins.foedus.citations")

# The shape of foedus' keys: author words, a year, optional suffixes (tests/test_docs.py uses these too).
KEY = re.compile(r"`([a-z][a-z]*(?:_[a-z]+)*_(?:1[89]|20)\d\d[a-z]?(?:_[a-z0-9]+)*)`")
FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)


def on_page_markdown(markdown: str, page, **_: object) -> str:
    known = entries()
    for key in sorted(set(KEY.findall(FENCE.sub("", markdown))) - set(known)):
        log.warning("%s: citation key `%s` is not in references.bib", page.file.src_path, key)
    return markdown
