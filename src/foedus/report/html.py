"""HTML building blocks of the report: the style sheet, escaped tables and inlined figures.

Nothing here runs a model; :mod:`foedus.report.sections` writes the report's sections with
these pieces and :mod:`foedus.report.document` assembles the page.

Examples
--------
>>> import pandas as pd
>>> print(table(pd.DataFrame({"state": ["JPN"], "p": [0.25]})).replace("><", ">\\n<"))
<table class="data">
<thead>
<tr>
<th>state</th>
<th>p</th>
</tr>
</thead>
<tbody>
<tr>
<td>JPN</td>
<td class="num">0.250</td>
</tr>
</tbody>
</table>
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["CSS", "PLOT_CONFIG", "Figures", "escape", "fmt", "table"]

CSS = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --accent: #08519c; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
header.top { background: #0b2545; color: white; padding: 22px 32px 18px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; }
header.top p { margin: 2px 0; color: #dbe4ee; }
nav.toc { position: sticky; top: 0; background: white; border-bottom: 1px solid var(--line);
          padding: 8px 32px; z-index: 10; font-size: 14px; }
nav.toc a { margin-right: 14px; color: var(--accent); text-decoration: none; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 60px; overflow-x: hidden; }
h2 { border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 42px; }
h3 { margin-top: 30px; }
p.lead { color: var(--muted); }
.fig { margin: 10px 0 18px; border: 1px solid var(--line); border-radius: 6px; padding: 4px; }
.caption { font-weight: bold; font-size: 15px; padding: 8px 10px 0; }
table.data { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; width: 100%; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
                               vertical-align: top; overflow-wrap: anywhere; }
table.data th { background: var(--bg); }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
pre { background: var(--bg); padding: 10px; overflow-x: auto; font-size: 12px; border-radius: 6px; }
.note { background: #fff8c5; border: 1px solid #d4a72c55; padding: 8px 12px; border-radius: 6px; }
.event-meta { color: var(--muted); font-size: 14px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; color: white; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
img.png { max-width: 100%; }
"""

PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}


def escape(text: Any) -> str:
    """HTML-escaped text (``None`` as empty)."""
    return html.escape("" if text is None else str(text))


def fmt(v: Any, digits: int | None = 3) -> str:
    """A cell's text: ``digits`` decimals (``None``: as few as the value needs), thousands
    separated, tiny values in scientific notation, NA as a dash."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return "–"
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if abs(v) >= 1e4:
            return f"{v:,.0f}"
        if v != 0 and abs(v) < 1e-3:
            return f"{v:.3g}"
        return f"{v:g}" if digits is None else f"{v:.{digits}f}"
    if isinstance(v, (tuple, list)):
        return ", ".join(map(str, v)) or "–"
    return str(v)


def table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    digits: int | None = 3,
    percent: Iterable[str] = (),
) -> str:
    """An escaped HTML table of ``frame`` (``columns``: which to show, with their headers)."""
    columns = dict(columns) if columns is not None else {c: c.replace("_", " ") for c in frame.columns}
    pct = set(percent)
    head = "".join(f"<th>{escape(h)}</th>" for h in columns.values())
    rows = []
    for _, r in frame.iterrows():
        cells = []
        for c in columns:
            v = r.get(c)
            numeric = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
            text = (
                "–"
                if numeric and c in pct and (v is None or math.isnan(float(v)))
                else f"{float(v):.1%}"
                if numeric and c in pct
                else fmt(v, digits)
            )
            cells.append(f'<td class="num">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class Figures:
    """Collects figures with fixed ids and writes their plotting calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def add(self, fig: Any, caption: str | None = None) -> str:
        import plotly.io as pio

        fid = f"fig-{len(self.calls) + 1}"
        spec = pio.to_json(fig, validate=False, remove_uids=True).replace("</", "<\\/")
        self.calls.append(f'["{fid}", {spec}]')
        head = f'<div class="caption">{escape(caption)}</div>' if caption else ""
        return f'<div class="fig">{head}<div id="{fid}" class="plotly-graph-div"></div></div>'

    def script(self) -> str:
        config = json.dumps(PLOT_CONFIG)
        return (
            "(function(){\n"
            f"var FIGS = [{','.join(self.calls)}];\n"
            f"var CONFIG = {config};\n"
            "function draw(i){ if (i >= FIGS.length) { document.body.setAttribute('data-plots-done', '1'); "
            "return; }\n"
            "  var f = FIGS[i]; var el = document.getElementById(f[0]);\n"
            "  Plotly.newPlot(el, f[1].data, f[1].layout, CONFIG).then(function(){ draw(i + 1); },"
            " function(){ draw(i + 1); }); }\n"
            "if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', "
            "function(){ draw(0); }); } else { draw(0); }\n"
            "})();"
        )
