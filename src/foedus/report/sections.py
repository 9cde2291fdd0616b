"""The report's sections: who is bound and who comes, alliances and alignment, forecasts,
assumptions, provenance. Each takes the :class:`~foedus.report.document.Page` and returns HTML.

The sections format what :func:`foedus.study.run_study` computed; they run no model.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from foedus.bargaining import recommended_model
from foedus.obligations import event_parties, status_text
from foedus.output import decimals_for
from foedus.report.html import Figures, escape, table
from foedus.study import LANDSCAPE_SUBREGIONS
from foedus.version import __version__

if TYPE_CHECKING:
    from foedus.scenario import Scenario

if TYPE_CHECKING:
    from foedus.report.page import Page

__all__ = [
    "assumptions_section",
    "coalition_section",
    "design_section",
    "evidence_section",
    "forecast_section",
    "obligation_section",
    "provenance_section",
]


def _event_meta(ev: Any, sc: Scenario) -> str:
    names = sc.names()
    place = sc.places.get(ev.place) if ev.place else None
    where = place.name if place is not None else (f"({ev.lat}, {ev.lon})" if ev.lat is not None else "–")
    agg = ", ".join(names.get(a, str(a)) for a in ev.aggressor)
    target = names.get(ev.target, ev.target)
    return (
        f'<p class="event-meta">aggressor <b>{escape(agg)}</b> · target <b>{escape(target)}</b>'
        f" · place <b>{escape(where)}</b> · {escape(ev.kind.replace('_', ' '))}"
        f" · severity {escape(ev.severity)}</p>"
    )


def _bound_cell(r: Any) -> str:
    text = ", ".join(r.bound) or "nobody"
    if r.conditional:  # not "AUL (if: THI)", which reads as if Australia's duty hung on Thailand
        text += f"; {', '.join(r.conditional)} only if open conditions hold"
    if r.consult:
        text += f"; bound to consult: {', '.join(r.consult)}"
    return text


def _bound_table(bound: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """compare_designs as one row per event and one column per design."""
    rows = []
    for ev_id, g in bound.groupby("event", sort=False):
        row = {"event": ev_id}
        for r in g.itertuples():
            row[r.design] = _bound_cell(r)
        rows.append(row)
    frame = pd.DataFrame(rows)
    return table(frame, columns={"event": "event", **{d: labels.get(d, d) for d in bound.design.unique()}})


# The obligation section's tables: which columns, under which headers.
_CRISIS_COLUMNS = {
    "label": "design", "p_prevail": "P(prevail)", "p_prevail_low": "low", "p_prevail_high": "high",
    "p_deterred": "P(deterred)", "p_deterred_band_low": "90% band low", "p_deterred_band_high": "high",
    "aggressor_odds": "aggressor's odds", "d_prevail": "Δ P(prevail) vs status quo", "d_prevail_se": "s.e.",
    "committed_mean": "allies' capability committed (mean)", "key_members": "key members",
}  # fmt: skip
_CLAUSE_COLUMNS = {
    "treaty_name": "treaty", "state": "state", "status": "status", "article": "article",
    "response": "response", "reason": "why", "reservation": "reservation",
    "p_force_lawful": "P(force lawful)",
}  # fmt: skip


def obligation_section(data: Page, figs: Figures, pngs: dict[str, str]) -> str:
    from foedus.report import figures as F

    sc = data.scenario
    labels = {d.name: d.label for d in sc.designs.values()}
    out = [
        '<h2 id="obligations">Who is bound, and who comes</h2>',
        '<p class="lead">For each event: who is legally bound to act under each design\'s treaties '
        "(foedus.obligations: the ATOP conditions of every clause evaluated against the event)"
        + (
            ", and who would actually come and whether the pact deters (foedus.crisis: Monte Carlo over "
            "member decisions and parameter uncertainty, common random numbers across designs)."
            if data.crisis
            else "."
        )
        + " Use the menu at the top left of each map to switch design"
        + (" and between obligations and response probabilities." if data.crisis else ".")
        + "</p>",
    ]
    for n in data.notes:  # the landscape and adoption sections show their own notes
        if not n.startswith(("No landscape", "No adoption")):
            out.append(f'<p class="note">{escape(n)}</p>')
    out.append("<h3>Summary: who is bound to defend the target</h3>")
    out.append(
        '<p class="event-meta">Each cell: the states bound to defend; then those bound <i>only if open '
        "conditions hold</i> (conditions the data leave open), and those <i>bound to consult</i> only.</p>"
    )
    if not data.bound.empty:
        out.append(_bound_table(data.bound, labels))
    for ev in data.events:
        obl = {labels[k]: v for k, v in data.obligations[ev.id].items()}
        comp = data.crisis.get(ev.id)
        crisis = {labels.get(k, k): v for k, v in comp.results.items()} if comp is not None else None
        out.append(f'<h3 id="event-{escape(ev.id)}">{escape(ev.id)}: {escape(ev.description or "")}</h3>')
        out.append(_event_meta(ev, sc))
        fig = F.obligation_map(sc.world, ev, obl, places=sc.places, crisis=crisis)
        caption = (
            "Who is bound" + (" and who comes" if crisis else "") + f" ({ev.id}; ☆ marks the flashpoint)"
        )
        out.append(figs.add(fig, caption))
        if f"map-{ev.id}" in pngs:
            out.append(f'<p class="event-meta">Static map: <code>{escape(pngs[f"map-{ev.id}"])}</code></p>')
        if comp is not None:
            frame = comp.to_frame()
            frame["label"] = frame.label.map(lambda s: s)
            out.append(figs.add(F.crisis_outcomes(comp, title="Outcome by design")))
            out.append(table(frame, columns=_CRISIS_COLUMNS))
            out.append("<p>" + "<br>".join(escape(line) for line in comp.note().splitlines()) + "</p>")
            out.append(_measures_table(data, ev.id, labels))
            out.append(
                figs.add(F.crisis_responses(crisis or {}), "Who comes: each state's probability of fighting")
            )
            out.append(
                figs.add(F.crisis_distribution(comp), "Outcome and deterrence distributions across draws")
            )
        out.append("<details><summary>Obligation tables, clause by clause</summary>")
        target, aggressor = event_parties(
            ev, dict(zip(sc.world.states.ccode, sc.world.states.name, strict=True))
        )
        for label, res in obl.items():
            out.append(f"<h4>{escape(label)}</h4>")
            t = res.table[res.table.status != "not_bound"]
            t = t.assign(status=[status_text(x, target, aggressor) for x in t.status])  # words, not codes
            hidden = len(res.table) - len(t)
            out.append(table(t, columns=_CLAUSE_COLUMNS))
            if hidden:
                who = ", ".join(dict.fromkeys(res.table[res.table.status == "not_bound"].state))
                out.append(f'<p class="event-meta">Members not bound ({hidden} rows): {escape(who)}.</p>')
        out.append("</details>")
    return "\n".join(out)


def coalition_section(data: Page, figs: Figures) -> str:
    from foedus.report import figures as F

    sc = data.scenario
    labels = {d.name: d.label for d in sc.designs.values()}
    out = ['<h2 id="coalitions">Alliances, alignment, power and burden</h2>']
    out.append("<h3>The alliance network of each design</h3>")
    out.append(
        '<p class="lead">Each treaty as edges between its members\' capitals, by the strongest obligation it '
        "creates between the pair (grey dotted: members of a treaty that binds them to nothing, such as the "
        "Quad); states beyond the Indo-Pacific sit at its edge; node size: CINC.</p>"
    )
    out.append(
        figs.add(
            F.alliance_network(sc.world, {d.label: d.treaties for d in sc.designs.values()}),
            "Alliance network (hover an edge for its treaty)",
        )
    )

    out += _alignment(data, figs) + _power(data, figs, labels) + _burden(data, figs, labels)
    return "\n".join(out)


def _alignment(data: Page, figs: Figures) -> list[str]:
    from foedus.report import figures as F

    out: list[str] = []
    res = data.landscape
    if res is not None:
        out.append('<h3 id="alignment">Predicted alignment (landscape theory)</h3>')
        sides = res.sides
        out.append(
            '<p class="lead">Axelrod &amp; Bennett (1993): the configuration of two sides that minimises the '
            "frustration of the states' propensities (UN voting affinity, ATOP alliance ties, territorial "
            f"claims), sizes CINC; {res.landscape.n} states, {res.method} search over "
            f"{res.n_configurations:,} configurations, {res.n_minima} local minim"
            f"{'um' if res.n_minima == 1 else 'a'}.</p>"
        )
        rows = pd.DataFrame(
            {
                "side": [f"side {chr(65 + i)}" for i in range(len(sides))],
                "states": [", ".join(s) for s in sides],
            }
        )
        out.append(table(rows))
        out.append(
            table(
                res.to_frame().head(10),
                columns={
                    "minimum": "minimum",
                    "energy": "energy",
                    "gap": "gap to best",
                    "basin_share": "basin",
                    "side_a": "side A",
                    "side_b": "side B",
                },
                digits=4,
                percent=("basin_share",),
            )
        )
        out.append(figs.add(F.landscape_minima(res, title="Local minima: energy and basin of attraction")))
        out.append(figs.add(F.landscape_sides(res, data.switch_costs, title="How firmly each state sits")))
    else:
        why = next((n for n in data.notes if "landscape" in n), "not computed")
        out.append(f'<h3 id="alignment">Predicted alignment</h3><p class="note">{escape(why)}</p>')

    return out


def _power(data: Page, figs: Figures, labels: Mapping[str, str]) -> list[str]:
    from foedus.report import figures as F

    out: list[str] = []
    out.append('<h3 id="power">Voting power in each design\'s collective decisions</h3>')
    if data.power.empty:
        out.append(
            "<p>No treaty of any design has a collective decision rule (each member decides alone).</p>"
        )
    else:
        uniq = data.power.drop_duplicates(["treaty", "player"])
        out.append(
            figs.add(
                F.voting_power(uniq.assign(game=uniq.treaty)),
                "Shapley–Shubik and Banzhaf indices, by treaty",
            )
        )
        by_design = pd.DataFrame(
            [
                {"design": d, "treaties with a collective rule": ", ".join(dict.fromkeys(g.game))}
                for d, g in data.power.groupby("design", sort=False)
            ]
        )
        by_design["design"] = by_design.design.map(labels)
        out.append(table(by_design))
        out.append("<details><summary>Indices, player by player</summary>")
        out.append(
            table(
                uniq,
                columns={
                    "game": "treaty",
                    "rule": "rule",
                    "player": "player",
                    "weight": "weight",
                    "shapley_shubik": "Shapley–Shubik",
                    "banzhaf": "Banzhaf",
                },
                digits=4,
            )
        )
        out.append("</details>")
        out.append(
            '<p class="event-meta">Treaties whose members each decide for themselves (bilateral defence '
            "treaties) have no collective game and are not shown.</p>"
        )

    return out


def _burden(data: Page, figs: Figures, labels: Mapping[str, str]) -> list[str]:
    from foedus.report import figures as F

    sc = data.scenario
    out: list[str] = []
    out.append('<h3 id="burden">Burden sharing</h3>')
    if data.burden.empty:
        out.append("<p>No members to show.</p>")
    else:
        b = data.burden.copy()
        b["design"] = b.design.map(labels)
        out.append(
            f'<p class="lead">Military expenditure as a share of GDP (SIPRI, {sc.world.year}) of the members '
            "of each design's pact (the treaties it adds to the status quo; for the status quo, all its "
            "treaties), against the pact's spending commitment where it has one (dashed line; red: short "
            "of it). Olson &amp; Zeckhauser's exploitation test asks whether larger members carry "
            "larger burdens.</p>"
        )
        out.append(figs.add(F.burden_sharing(b), "Military burden of each design's members"))
        tests = []
        for d, t in data.exploitation.items():
            tests.append(
                {
                    "design": labels[d],
                    "members with data": None if t is None else t.n,
                    "Spearman rho (GDP, burden)": None if t is None else t.rho,
                    "one-sided p": None if t is None else t.p_value,
                    "supports exploitation": None if t is None else t.supports_exploitation,
                }
            )
        out.append(table(pd.DataFrame(tests)))
        out.append("<details><summary>Members, one by one</summary>")
        out.append(
            table(
                b,
                columns={
                    "design": "design",
                    "state": "state",
                    "milex": "milex (2023 US$ m)",
                    "burden": "milex / GDP",
                    "target": "target",
                    "gap": "gap",
                    "meets": "meets",
                },
                percent=("burden", "target", "gap"),
            )
        )
        out.append("</details>")
    return out


def forecast_section(data: Page, figs: Figures) -> str:
    from foedus.report import figures as F

    out = ['<h2 id="forecasts">Would it be adopted? Bargaining forecasts</h2>']
    if not data.forecasts:
        out.append(
            '<p class="note">No adoption issue file for this scenario: put the actors\' capabilities, '
            "positions and saliences in "
            f"<code>{escape(Path(data.scenario.source).stem)}-adoption.yaml</code> "
            "beside the scenario (see foedus.bargaining.read_problems) to add forecasts.</p>"
        )
        return "\n".join(out)
    for issue, results in data.forecasts.items():
        p = data.problems[issue]
        out.append(f"<h3>{escape(issue)}</h3>")
        lo, hi = p.scale
        out.append(
            f'<p class="lead">{len(p.actors)} actors on a {lo:g}–{hi:g} scale; every available model, the '
            f"same seed ({data.seed}); intervals from {data.parameters.get('forecast_draws')} draws of "
            "perturbed inputs "
            "(foedus.bargaining.uncertainty) where shown.</p>"
        )
        frame = pd.concat([r.to_frame() for r in results.values()], ignore_index=True)
        rec = recommended_model()
        error = rec["mae_all"] * (hi - lo)
        out.append(
            f'<p class="event-meta">Forecasts are rounded to what the expected error of the best model '
            f"out of sample ({escape(rec['model'])}, on EU legislative decisions: about {error:.0f} points "
            "here) supports.</p>"
        )
        out.append(
            table(
                frame,
                columns={
                    "model": "model",
                    "dimension": "dimension",
                    "outcome": "forecast",
                    "lower": "lower",
                    "upper": "upper",
                    "n_iter": "rounds",
                    "converged": "converged",
                },
                digits=decimals_for(error),
            )
        )
        out.append(figs.add(F.forecast_spread(results, p, title="The models side by side")))
        out.append(figs.add(F.forecast_rounds(results, title="Round by round")))
        iterative = [m for m, r in results.items() if len(r.rounds) > len(r.dimensions)]
        for m in iterative[:2]:
            out.append(figs.add(F.actor_paths(results[m], title=f"Actors' positions, {m}")))
        actors = pd.DataFrame(
            {
                "actor": list(p.actors),
                "capability": np.asarray(p.capability, float),
                "position": np.asarray(p.position, float)[:, 0],
                "salience": np.asarray(p.salience, float)[:, 0],
            }
        )
        out.append("<details><summary>The inputs</summary>" + table(actors, digits=4) + "</details>")
    return "\n".join(out)


_EVIDENCE_MODELS = {
    "outcome": "Who prevails: multinomial logit on both sides' six NMC component shares "
    "(Carroll & Kenkel 2019's idea, GML MIDs 1816–2010)",
    "joining": "Who comes, and on which side: multinomial logit over (dispute, politically relevant "
    "state) pairs (Gibler, Miller & Little 2016; Leeds et al. 2002)",
    "honouring": "Whether an ally whose casus foederis arose fought: logit on COW wars and ATOP "
    "obligations in force at entry (Leeds, Long & Mitchell 2000)",
    "initiation": "Does it deter: logit of MID initiation in politically relevant directed dyad-years "
    "(Leeds 2003; Johnson & Leeds 2011)",
}


# The evidence section's tables: which columns, under which headers.
_BACKTEST_COLUMNS = {
    "model": "model", "test": "test", "metric": "metric", "value": "model",
    "interval": "95% interval", "baseline_value": "baseline", "baseline": "the baseline", "n": "rows",
}  # fmt: skip
_HONOUR_COLUMNS = {
    "era": "era",
    "n": "allies",
    "observed": "fought",
    "model_mean": "model",
    "published": "published",
}
_COEF_COLUMNS = {
    "outcome": "outcome", "feature": "feature", "coef": "coefficient", "se": "cluster-robust s.e.",
    "z": "z", "p": "p",
}  # fmt: skip
_SIMILAR_COLUMNS = {
    "rank": "rank", "year": "year", "side_a": "side A", "side_b": "side B", "hostility": "hostility",
    "ended": "ended", "distance": "distance",
}  # fmt: skip


def evidence_section(data: Page, figs: Figures) -> str:
    """The evidence behind the estimated crisis models: the out-of-sample backtest against each
    baseline, ROC and calibration, the coefficients, and the historical disputes most like each
    flashpoint beside the study's P(deterred). All of it ships with the package
    (``estimates.json``, ``evidence.json``), so the section needs no data folder."""
    from foedus.estimation.evidence import shipped_evidence

    ev = shipped_evidence()
    return "\n".join(
        [
            '<h2 id="evidence">The evidence behind the crisis models</h2>',
            '<p class="lead">Who comes, who prevails and whether a pact deters are estimated from two '
            "centuries of militarised disputes, wars and alliances, not assumed. Each model was scored "
            "on data it was not fitted on (later years, or whole disputes and wars held out), beside "
            "the baseline the literature would use; the intervals are bootstrap 95% intervals. The "
            "crisis simulation draws the coefficients from their estimated sampling distribution, "
            "which is where its 90% bands on P(deterred) come from.</p>",
            *_backtest(ev, figs),
            *_estimates(),
            *_similar_cases(ev, data),
        ]
    )


def _backtest(ev: Mapping[str, Any], figs: Figures) -> list[str]:
    from foedus.report import figures as F

    bt = pd.DataFrame(ev["backtest"])
    bt["interval"] = [f"[{lo:.3f}, {hi:.3f}]" for lo, hi in zip(bt.lower, bt.upper, strict=True)]
    out = [
        "<h3>Out of sample, against the baseline</h3>",
        table(bt, columns=_BACKTEST_COLUMNS, digits=3),
        figs.add(F.roc_curves(ev), "ROC curves out of sample: the learned model against its baseline"),
        figs.add(F.calibration(ev), "Predicted against observed frequency, out of sample"),
    ]
    pub = pd.DataFrame(ev["calibration"]["honouring_published"])
    if not pub.empty:
        out.append(
            '<p class="event-meta">Allies whose casus foederis arose in a COW war: the share that '
            "fought, the model's mean probability, and the published aggregate rate for comparison "
            "(Leeds, Long & Mitchell 2000; Berkemeier & Fuhrmann 2018, who code cases differently):</p>"
            + table(pub, columns=_HONOUR_COLUMNS, digits=2)
        )
    return out


def _estimates() -> list[str]:
    from foedus.estimation.estimates import MODELS, Estimates

    est = Estimates.shipped()
    out = ["<h3>The estimates</h3>", f"<pre>{escape(est.summary())}</pre>"]
    for name in MODELS:
        coef = est.table(name)
        out.append(
            f"<details><summary>{escape(_EVIDENCE_MODELS.get(name, name))}: {len(coef)} coefficients"
            "</summary>" + table(coef, columns=_COEF_COLUMNS, digits=3) + "</details>"
        )
    return out


def _similar_cases(ev: Mapping[str, Any], data: Page) -> list[str]:
    similar = pd.DataFrame(ev["similar"])
    if similar.empty:
        return []
    crisis = data.study.tables.get("crisis", pd.DataFrame())
    labels = {x.name: x.label for x in data.scenario.designs.values()}
    out = [
        "<h3>The historical disputes most like each flashpoint</h3>",
        '<p class="lead">The bilateral militarised disputes since 1946 that reached the use of force '
        "whose two sides' capability profiles (six NMC component shares) lie nearest the "
        "flashpoint's, and how they ended, beside the study's P(deterred) (estimated models, "
        "90% band) for each design. Similar strength is not a similar situation: read them as "
        "reference cases, not as a forecast.</p>",
    ]
    for ev_id, rows in similar.groupby("event", sort=False):
        out += [f"<h4>{escape(str(ev_id))}</h4>", table(rows, columns=_SIMILAR_COLUMNS, digits=2)]
        if "p_deterred_band_low" not in crisis:
            continue
        mine = crisis[(crisis.event == ev_id) & (crisis.measure == "estimated")]
        if len(mine):
            low, high = mine.p_deterred_band_low, mine.p_deterred_band_high
            mine = mine.assign(
                design=mine.design.map(lambda d: labels.get(d, d)),
                band=[f"[{a:.2f}, {b:.2f}]" for a, b in zip(low, high, strict=True)],
            )
            out.append(
                table(
                    mine,
                    columns={"design": "design", "p_deterred": "P(deterred)", "band": "90% band"},
                    digits=2,
                )
            )
    return out


def assumptions_section(data: Page) -> str:
    sc = data.scenario
    w = sc.world
    out = ['<h2 id="assumptions">Assumptions and parameters</h2>']
    items = [
        ("World", f"{w.label or w.region}: {len(w.states)} states, year {w.year}"),
        ("Events", ", ".join(e.id for e in data.events)),
        ("Designs", "; ".join(f"{d.name}: {d.label}" for d in sc.designs.values())),
        ("Seed", str(data.seed)),
    ]
    if data.landscape is not None:
        from foedus.coalitions.alignment import DEFAULT_WEIGHTS

        where = (
            f"{', '.join(LANDSCAPE_SUBREGIONS)} plus the United States and Russia"
            if w.region == "indo-pacific"
            else "the world"
        )
        items.append(
            (
                "Landscape",
                f"the {data.parameters.get('landscape_top')} largest (CINC) states of {where}; "
                f"propensity weights "
                f"{DEFAULT_WEIGHTS}; convention {data.landscape.convention}",
            )
        )
    if data.crisis:
        first = next(iter(data.crisis.values()))
        r0 = next(iter(first.results.values()))
        items.append(
            (
                "Crisis simulation",
                f"{r0.draws:,} draws per design and event, parameters sampled "
                "within their ranges (split-uniform), seed as above; "
                + "; ".join(_MEASURE_TEXT.get(m, m) for m in data.measures)
                + (
                    f" (the tables of each event show every run; the maps and figures use {data.measure})"
                    if len(data.measures) > 1
                    else ""
                ),
            )
        )
    items.append(
        ("Burden sharing", f"SIPRI military expenditure and share of GDP for {w.year} (the World's columns)")
    )
    if data.forecasts:
        items.append(
            (
                "Forecasts",
                f"adoption file {data.parameters.get('adoption_file')}; "
                f"{data.parameters.get('forecast_draws')} input draws for the intervals",
            )
        )
    out.append(table(pd.DataFrame(items, columns=["what", "value"])))

    reservations = []
    for d in sc.designs.values():
        for t in d.treaties:
            for code, res in t.reservations.items():
                for r in res:
                    reservations.append(
                        {
                            "treaty": t.name,
                            "state": sc.names().get(code, str(code)),
                            "reservation": r.name,
                            "P(force lawful)": r.probability,
                            "range": r.probability_range,
                            "source": r.source,
                        }
                    )
    if reservations:
        out.append("<h3>Reservations (legal limits on the use of force)</h3>")
        out.append(table(pd.DataFrame(reservations).drop_duplicates(["treaty", "state", "reservation"])))
    if data.crisis:
        try:
            from foedus.parameters import resolve

            ps = resolve(None)
            frame = pd.DataFrame([p.to_dict() for p in ps.values()])
            out.append("<h3>Model parameters of the crisis simulation</h3>")
            out.append(
                table(
                    frame,
                    columns={
                        "name": "parameter",
                        "default": "default",
                        "low": "low",
                        "high": "high",
                        "unit": "unit",
                        "description": "meaning",
                        "source": "source",
                    },
                    digits=None,
                )
            )
        except ImportError:
            pass
    return "\n".join(out)


def provenance_section(data: Page, pngs: Mapping[str, str]) -> str:
    import hashlib

    from foedus.bibliography import bibtex, entries
    from foedus.report.maps import ATTRIBUTION

    sc = data.scenario
    out = ['<h2 id="provenance">Provenance and references</h2>']
    import plotly

    items = [
        ("scenario", f"{sc.name} ({Path(sc.source).name})"),
        ("scenario hash (sha256 of its files)", sc.hash),
        ("seed", str(data.seed)),
        ("foedus", __version__),
        ("plotly (inlined plotly.js)", plotly.__version__),
        ("Python", platform.python_version()),
    ]
    out.append(table(pd.DataFrame(items, columns=["what", "value"])))
    files = [
        {"file": f.name, "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}
        for f in sc.files
        if Path(f).is_file()
    ]
    out.append("<h3>Scenario files</h3>" + table(pd.DataFrame(files)))
    rows = []
    for s in sc.world.sources:
        for path, sha in s.files or (("–", "–"),):
            rows.append(
                {
                    "dataset": s.name,
                    "version": s.version,
                    "year used": s.year_used,
                    "file": path,
                    "sha256": sha,
                    "citations": ", ".join(s.citations),
                }
            )
    out.append("<h3>Data</h3>" + table(pd.DataFrame(rows)))
    if pngs:
        out.append(
            "<h3>Static figures</h3><p>PNG copies (matplotlib) were written beside this report: "
            + ", ".join(f"<code>{escape(v)}</code>" for v in pngs.values())
            + "</p>"
        )
    keys = data.citations()
    known = entries()
    missing = [k for k in keys if k not in known]
    out.append("<h3>References (BibTeX)</h3>")
    out.append(
        '<p class="lead">Every model and dataset this report rests on. Map shapes: '
        f"{escape(ATTRIBUTION)} Charts: plotly.js (MIT).</p>"
    )
    cited = [k for k in keys if k in known]
    out.append(f"<p>{len(cited)} works: {escape(', '.join(cited))}.</p>")
    out.append(f"<details><summary>BibTeX</summary><pre>{escape(bibtex(cited))}</pre></details>")
    if missing:
        out.append(f'<p class="note">Citation keys without a BibTeX entry: {escape(", ".join(missing))}</p>')
    return "\n".join(out)


_MEASURE_TEXT = {
    "estimated": "models learned from history (foedus.crisis.estimated: who comes, on which side, who "
    "prevails on six NMC components), coefficients drawn in groups of 64 draws from their "
    "estimated sampling distribution (the 90% bands)",
    "cinc": "assumed models (the baseline) with capability measured by CINC",
    "milex": "assumed models (the baseline) with capability measured by military spending",
}


def _measures_table(data: Page, event_id: str, labels: Mapping[str, str]) -> str:
    """P(prevail) and P(deterred) of every design under each crisis run the study made."""
    if len(data.measures) < 2:
        return ""
    t = data.study.tables["crisis"]
    t = t[t.event == event_id].copy()
    t["label"] = t.design.map(lambda d: labels.get(d, d))
    wide = t.pivot_table(index="label", columns="measure", values=["p_prevail", "p_deterred"], sort=False)
    wide.columns = [f"{v} ({m})" for v, m in wide.columns]
    wide = wide.reset_index()
    cols = {"label": "design"} | {c: c.replace("p_", "P(").replace(" (", ") (", 1) for c in wide.columns[1:]}
    return (
        '<p class="event-meta">The same event under each crisis run: the estimated models, and the '
        "assumed baseline with capability by CINC and by military spending (the two disagree; see "
        "docs/models/deterrence.md):</p>" + table(wide, columns=cols)
    )


def design_section(data: Page, figs: Figures) -> str:
    """The design search's front (given to the report as a
    :class:`~foedus.design.result.DesignResult`): the note, the scatter matrix, the table, and
    each design's treaty text."""
    import yaml

    from foedus.report import figures as F

    r = data.designs
    out = ['<h2 id="designs">What would work? The front of pact designs</h2>']
    if r is None:
        return ""
    p = r.provenance.parameters
    out.append(
        f'<p class="lead">{r.evaluated} designs of the space {escape(p.get("space", "?"))} searched '
        f"({escape(r.method)}, seed {r.provenance.seed}, {p.get('draws', '?')} crisis draws per flashpoint, "
        "the same for every design), each added to the scenario's "
        f"{escape(p.get('base', 'base'))} design and scored on deterrence, acceptance, cost and entrapment "
        "(foedus.design.objectives). A design is on the front when no other is at least as good on all "
        "four and better on one.</p>"
    )
    out.extend(f"<p>{escape(line)}</p>" for line in r.note().splitlines())
    out.append(figs.add(F.design_front(r, title="The four objectives, pairwise")))
    frame = r.to_frame()
    frame = frame[frame.part != "dominated"]
    out.append(
        table(
            frame,
            columns={
                "part": "",
                "label": "design",
                "members": "members",
                "deterrence": "deterrence",
                "deterrence_worst": "worst",
                "acceptance": "acceptance",
                "cost": "cost",
                "entrapment": "entrapment",
                "dominated_by": "dominated by",
            },
            digits=4,
        )
    )
    for e in (*r.front, *r.handwritten):
        text = yaml.safe_dump(e.evaluation.treaty.to_spec(r.names), sort_keys=False, allow_unicode=True)
        out.append(
            f'<details id="design-{escape(e.id)}"><summary>{escape(e.name)} ({escape(e.id)})</summary>'
            f"<pre>{escape(text)}</pre></details>"
        )
    return "\n".join(out)
