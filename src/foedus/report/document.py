"""The report as one document: :func:`write_report` writes a study as one HTML file.

:func:`write_report` takes a :class:`~foedus.study.StudyResult` (or a scenario, which it
studies with :func:`foedus.study.run_study`) and writes one HTML file with plotly.js and the
world shapes inlined, so that it opens from disk, or as an e-mail attachment, with no
network: who is bound to act for each event and design (tables and maps), who would come and
whether the pact deters, the predicted alignment, voting power and burden sharing per design,
the adoption forecasts, the assumptions and parameters, and the provenance (data versions and
checksums, scenario hash, seed, package version) with the BibTeX of every model and dataset.

The file is written atomically (:func:`foedus.atomic.atomic_path`): an interrupted run
leaves any earlier report in place. The same study gives the same bytes (no timestamp, fixed
element ids).

Examples
--------
>>> from foedus.report import write_report                      # doctest: +SKIP
>>> write_report("scenarios/asian-nato.yaml", "report.html")   # doctest: +SKIP
PosixPath('report.html')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pandas as pd

from foedus.atomic import atomic_folder, atomic_path
from foedus.errors import InputError
from foedus.report.html import CSS, Figures, escape
from foedus.report.page import Page
from foedus.report.sections import (
    assumptions_section,
    coalition_section,
    design_section,
    evidence_section,
    forecast_section,
    obligation_section,
    provenance_section,
)
from foedus.study import StudyResult, run_study
from foedus.version import __version__

__all__ = ["Page", "render", "write_pngs", "write_report"]


def render(data: Page | StudyResult, pngs: Mapping[str, str] | None = None) -> str:
    """The report of ``data`` as one HTML document (a string)."""
    from plotly.offline import get_plotlyjs

    from foedus.report.maps import geo_assets_script

    if isinstance(data, StudyResult):
        data = Page(data)
    pngs = dict(pngs or {})
    sc = data.scenario
    figs = Figures()
    body = [
        obligation_section(data, figs, pngs),
        coalition_section(data, figs),
        forecast_section(data, figs),
        *([design_section(data, figs)] if data.designs is not None else []),
        evidence_section(data, figs),
        assumptions_section(data),
        provenance_section(data, pngs),
    ]
    toc = [
        ("obligations", "Who is bound, who comes"),
        ("coalitions", "Alliances"),
        ("alignment", "Alignment"),
        ("power", "Voting power"),
        ("burden", "Burden"),
        ("forecasts", "Forecasts"),
        *([("designs", "Designs")] if data.designs is not None else []),
        ("evidence", "Evidence"),
        ("assumptions", "Assumptions"),
        ("provenance", "Provenance"),
    ]
    nav = "".join(f'<a href="#{k}">{escape(v)}</a>' for k, v in toc)
    events = " · ".join(f'<a href="#event-{escape(e.id)}">{escape(e.id)}</a>' for e in data.events)
    w = sc.world
    head = (
        '<header class="top">'
        f"<h1>{escape(sc.name)}</h1>"
        f"<p>{escape(sc.description or '')}</p>"
        f"<p>World: {escape(w.label or w.region)} · scenario {escape(sc.hash[:12])} · seed {data.seed} · "
        f"foedus {escape(__version__)}</p></header>"
    )
    plotly_js = get_plotlyjs().replace("</script", "<\\/script")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(sc.name)} — foedus report</title>",
            f"<style>{CSS}</style>",
            f"<script>{geo_assets_script()}</script>",
            f"<script>{plotly_js}</script>",
            "</head><body>",
            head,
            f'<nav class="toc">{nav}<br><span class="event-meta">Events: {events}</span></nav>',
            "<main>",
            *body,
            f"<footer>Written by foedus {escape(__version__)}. Everything on this page is in this one file; "
            "it fetches nothing from the network.</footer>",
            "</main>",
            f"<script>{figs.script()}</script>",
            "</body></html>",
        ]
    )


def _write_parts(path: Path, parts: Iterable[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for part in parts:
            fh.write(part)


def write_pngs(data: Page, png_dir: str | Path) -> dict[str, str]:
    """Static PNG figures (matplotlib, no browser) of ``data`` into ``png_dir``; ``{key: file name}``."""
    from foedus.report import figures as F

    d = Path(png_dir)
    d.mkdir(parents=True, exist_ok=True)
    sc = data.scenario
    labels = {x.name: x.label for x in sc.designs.values()}
    out: dict[str, str] = {}
    for ev in data.events:
        obl = {labels[k]: v for k, v in data.obligations[ev.id].items()}
        p = F.obligation_map_png(sc.world, ev, obl, d / f"map-{ev.id}.png", places=sc.places)
        out[f"map-{ev.id}"] = p.name
        comp = data.crisis.get(ev.id)
        if comp is not None:
            f = comp.to_frame()
            f["design"] = f.label.map(lambda s: F.short_label(s, 40))
            p = F.bars_png(
                f,
                "design",
                ["p_prevail", "p_deterred"],
                d / f"crisis-{ev.id}.png",
                title=f"{ev.id}: outcome by design",
                ylabel="probability",
                horizontal=True,
                limits=(0.0, 1.0),
            )
            out[f"crisis-{ev.id}"] = p.name
    if data.landscape is not None and data.switch_costs is not None:
        sides = data.landscape.sides_frame()
        sides = sides[sides.minimum == 0].set_index("actor").side
        f = data.switch_costs.rename("switch_cost").reset_index().rename(columns={"index": "actor"})
        f["actor"] = [f"{a} ({sides.get(a, '?')})" for a in f.actor]
        p = F.bars_png(
            f,
            "actor",
            ["switch_cost"],
            d / "landscape.png",
            horizontal=True,
            title="Predicted sides (A/B): energy added by switching sides alone",
        )
        out["landscape"] = p.name
    if not data.power.empty:
        uniq = data.power.drop_duplicates(["treaty", "player"]).copy()
        uniq["player"] = [f"{t}: {pl}" for t, pl in zip(uniq.treaty, uniq.player, strict=True)]
        p = F.bars_png(
            uniq,
            "player",
            ["shapley_shubik", "banzhaf"],
            d / "power.png",
            horizontal=True,
            title="Voting power (Shapley–Shubik, Banzhaf)",
        )
        out["power"] = p.name
    for design, part in data.burden.groupby("design", sort=False):
        target = part.target.iloc[0] if part.target.notna().any() else None
        part = part.sort_values("burden", ascending=False)
        colours = [
            "#bdbdbd" if pd.isna(b) else "#238b45" if target is None or b >= target else "#d6604d"
            for b in part.burden
        ]
        p = F.bars_png(
            part, "state", ["burden"], d / f"burden-{design}.png", title=f"Burden sharing: {labels[design]}",
            ylabel="milex / GDP", hline=target, percent=True, colours=colours,
        )  # fmt: skip
        out[f"burden-{design}"] = p.name
    for issue, results in data.forecasts.items():
        p = F.forecast_png(results, d / f"forecast-{issue}.png", title=f"{issue}: forecast round by round")
        out[f"forecast-{issue}"] = p.name
    return out


def write_report(
    study: StudyResult | Any,
    out_path: str | Path,
    *,
    png_dir: str | Path | None = None,
    measure: str | None = None,
    designs: Any = None,
    **study_options: Any,
) -> Path:
    """Write a study's report: one self-contained HTML file that opens with no network.

    Parameters
    ----------
    study : StudyResult, Scenario, str or Path
        A study from :func:`foedus.study.run_study`; or a scenario (file or loaded), which is
        studied first with ``study_options``.
    out_path : str or Path
        The HTML file to write (atomically: an earlier file survives an interrupted run).
    png_dir : str or Path, optional
        Also write static PNG figures (matplotlib) into this folder.
    measure : str, optional
        The capability measure whose crisis results the maps and figures draw (default: the
        study's first; the tables show every measure the study ran).
    designs : DesignResult, str or Path, optional
        A design search's result, or the JSON file ``foedus design search --format json`` wrote:
        the report adds a section with its front.
    **study_options
        Passed to :func:`foedus.study.run_study` when ``study`` is a scenario (``events``,
        ``seed``, ``draws``, ``capabilities``, ``parts``, ``adoption``, ...).

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    InputError
        A bad scenario, an unknown event, a study without its details, an unwritable path.
    """
    out = Path(out_path)
    if not isinstance(study, StudyResult):
        study = run_study(study, **study_options)
    elif study_options:
        raise InputError(f"write_report: options {', '.join(study_options)} apply only to a scenario")
    if isinstance(designs, (str, Path)):
        from foedus.design.result import DesignResult

        designs = DesignResult.load(designs)
    page = Page(study, measure, designs)
    # The figures are drawn into a temporary folder that replaces png_dir as a set, after the
    # page is written: an interrupted run leaves the old figures or the new ones.
    with atomic_folder(png_dir) if png_dir is not None else nullcontext() as drawn:
        pngs = write_pngs(page, drawn) if drawn is not None else {}
        if png_dir is not None:
            try:
                rel = Path(png_dir).resolve().relative_to(out.resolve().parent)
                pngs = {k: str(rel / v) for k, v in pngs.items()}
            except ValueError:
                pngs = {k: str(Path(png_dir) / v) for k, v in pngs.items()}
        document = render(page, pngs)
        with atomic_path(out) as tmp:
            _write_parts(tmp, [document])
    return out
