"""The dashboard's *Designs* tab: the front of a design search, each point clickable to its treaty.

The user uploads the JSON ``foedus design search --format json`` wrote; it is parsed as JSON
only, size-checked like a scenario upload, and read with
:meth:`~foedus.design.result.DesignResult.from_dict` (every treaty revalidated). The tab shows
the scatter matrix of the four objectives (:func:`foedus.report.figures.design_front`); a click
on a point shows that design's treaty, as a treaty file writes it, with its objectives,
intervals and the front designs that dominate it.

Examples
--------
>>> design_text({"front": []}, "nope")
'Click a point to see its treaty.'
"""

from __future__ import annotations

import json
from typing import Any

from foedus.errors import InputError

__all__ = ["design_text", "front_figure", "parse_result"]


def parse_result(contents: str, filename: str | None) -> dict[str, Any]:
    """The design result in a ``dcc.Upload`` data URL, checked (an :class:`InputError` otherwise)."""
    from foedus.design.result import DesignResult
    from foedus.web.uploads import decode_upload

    raw = decode_upload(contents, filename)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(
            f"{filename or 'the upload'}: not a JSON file written by foedus design search"
        ) from None
    if not isinstance(doc, dict) or "front" not in doc:
        raise InputError(f"{filename or 'the upload'}: no 'front' key: not a design search result")
    try:
        DesignResult.from_dict(doc)
    except InputError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"{filename or 'the upload'}: not a design search result ({type(exc).__name__})"
        ) from None
    return doc


def front_figure(doc: dict[str, Any] | None) -> Any:
    """The scatter matrix of a result document (an empty figure without one)."""
    import plotly.graph_objects as go

    from foedus.design.result import DesignResult
    from foedus.report.figures import design_front

    if not doc:
        fig = go.Figure()
        fig.update_layout(
            annotations=[
                {"text": "Upload a design search result (JSON) to see its front.", "showarrow": False}
            ],
            xaxis={"visible": False},
            yaxis={"visible": False},
            template="plotly_white",
            height=300,
        )
        return fig
    return design_front(DesignResult.from_dict(doc), title="The four objectives, pairwise (click a point)")


def design_text(doc: dict[str, Any] | None, design_id: Any) -> str:
    """A design's evaluation and its treaty (YAML), by treaty id."""
    import yaml

    for part in ("front", "handwritten", "dominated"):
        for e in (doc or {}).get(part, []):
            if e.get("id") == design_id:
                o, iv = e["objectives"], e["intervals"]
                lines = [f"{e['label']}  [{part}]", ""]
                lines += [f"{k:<11} {o[k]:.4f}  [{iv[k][0]:.4f}, {iv[k][1]:.4f}]" for k in o]
                if e.get("dominated_by"):
                    lines.append(f"dominated by: {', '.join(e['dominated_by'])}")
                lines += ["", yaml.safe_dump(e["design"], sort_keys=False, allow_unicode=True)]
                return "\n".join(lines)
    return "Click a point to see its treaty."
