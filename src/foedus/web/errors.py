"""What the dashboard may say about an error: no server path in a page, details only in the log.

A refusal (:class:`~foedus.errors.FoedusError`) is shown in the page in the CLI's words, with
every server path cut to what the user knows (the upload's name, ``treaties/quad.yaml``) by
:func:`public_message`. Anything else is a bug: :func:`internal_error` logs it with its
traceback and an id, and the page shows only the id.

Examples
--------
>>> public_message("/tmp/foedus-web-1a2b/9f/scenario.yaml:3: unknown key 'colour'")
"scenario.yaml:3: unknown key 'colour'"
"""

from __future__ import annotations

import logging
import re
import uuid
from pathlib import Path

__all__ = ["LOG", "internal_error", "page_message", "public_message", "roots_of"]

LOG = logging.getLogger("foedus.web")

# An absolute path (POSIX or Windows) where a message puts one: at the start, or after a space,
# a quote, a bracket or '='; it runs to the next character a message puts after a path.
_PATH = re.compile(r"(?<![^\s'\"(=])(?:[A-Za-z]:\\|/)(?:[^\s:'\"(),;<>/\\]+[/\\])*([^\s:'\"(),;<>/\\]*)")


def public_message(text: str, roots: dict[str, str] | None = None, width: int = 600) -> str:
    """``text`` with server paths removed: each of ``roots`` (a server folder) replaced by what
    the user calls it, then every other absolute path cut to its file name.

    Examples
    --------
    >>> public_message("/srv/app/scenarios/treaties/quad.yaml:4: bad", {"/srv/app/scenarios/": ""})
    'treaties/quad.yaml:4: bad'
    """
    for root, name in sorted((roots or {}).items(), key=lambda kv: -len(kv[0])):
        text = text.replace(root, name)
    text = _PATH.sub(lambda m: m.group(1) or "(a folder)", text)
    return text if len(text) <= width else text[: width - 3] + "..."


def page_message(exc: BaseException, what: str = "the request") -> str:
    """What the page says about ``exc``: a refusal in the CLI's words without server paths, or
    an internal error's id (the details go to the log).

    Examples
    --------
    >>> from foedus.errors import InputError
    >>> page_message(InputError("/srv/x/treaties/a.yaml:2: unknown key 'b'"))
    "foedus: error: a.yaml:2: unknown key 'b'"
    """
    from foedus.errors import FoedusError

    if isinstance(exc, FoedusError):
        return "foedus: error: " + public_message(str(exc), _shipped_roots())
    return internal_error(exc, what)


def _shipped_roots() -> dict[str, str]:
    """The shipped scenarios' folder, so that its files show as ``treaties/quad.yaml``."""
    from foedus.scenario import _shipped_folders

    return roots_of(*_shipped_folders())


def internal_error(exc: BaseException, what: str = "the request") -> str:
    """Log ``exc`` with its traceback under a new id; return the page's words for it.

    Examples
    --------
    >>> internal_error(RuntimeError("boom")).startswith("foedus: internal error while")
    True
    """
    error_id = uuid.uuid4().hex[:8]
    LOG.error("internal error %s while %s", error_id, what, exc_info=exc)
    return (
        f"foedus: internal error while {what} (id {error_id}); the details are in the server's log. "
        "Please report it with the id."
    )


def roots_of(*folders: str | Path | None) -> dict[str, str]:
    """``{folder + "/": ""}`` for each server folder a message may name (its files keep their
    path inside it)."""
    out: dict[str, str] = {}
    for f in folders:
        if f is not None:
            for form in {str(f), str(Path(f).resolve())}:
                out[form.rstrip("/") + "/"] = ""
    return out
