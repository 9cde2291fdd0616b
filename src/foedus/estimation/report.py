"""Write the docs page "How the crisis model was estimated" from the estimates and the backtest.

Every number on the page comes from :func:`~foedus.estimation.calibrate`,
:func:`~foedus.estimation.backtest`, :func:`~foedus.estimation.evaluation.gains` and
:func:`~foedus.estimation.evaluation.calibration_tables` on the data folder; nothing is
typed by hand. Run from the repository root, with ``FOEDUS_DATA_DIR`` set::

    python -m foedus.estimation.report docs/models/estimation.md
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from foedus.estimation import honouring, initiation, joining, outcome
from foedus.estimation.estimates import MODELS, Estimates

_MODULES = {"outcome": outcome, "joining": joining, "honouring": honouring, "initiation": initiation}
_ASSUMPTIONS = (
    (
        "event severity -> hostility and fatalities",
        "`joining.severity_columns`: grey zone = display "
        "of force, no deaths; limited = use of force, 1-25 deaths; major and total = war, over 999 deaths",
    ),
    (
        "a side without a UN ideal point after 1945 (Taiwan)",
        "UN distances count only where the candidate and both sides have an ideal point; otherwise "
        "they say nothing about sides (the side choice then rests on the other relations)",
    ),
    (
        "US troops and nuclear weapons in honouring",
        "not estimable: fewer than 10 allies that fought "
        "had them (the shipped honouring model leaves them out)",
    ),
    (
        "response clause (automatic, as it deems necessary, constitutional processes), alliance depth, "
        "reservations (Japan's legal limits)",
        "ATOP does not code the response clause; depth and "
        "institutional terms did not predict honouring out of sample; reservations have no history",
    ),
    ("several states on one side in `score_outcomes`", "components summed; the model saw one state a side"),
    (
        "the years after the data",
        "MIDs end in 2010, ATOP in 2018, NMC in 2022, rivalries in 2010: "
        "later years use the last year's values",
    ),
    (
        "conditions ATOP codes without details (location, adversary)",
        "the engine leaves them unknown (defend_if) and the honouring rows count such allies as bound",
    ),
    (
        "who is deterred",
        "the War Trap rule of `foedus.crisis.deterrence` on the estimated outcome model's odds, with the "
        "aggressor's payoff shock `estimated.decision_sd` (a strategic probit); the initiation model is "
        "its historical check, not its replacement (its alliance terms are associations, not effects)",
    ),
    (
        "a 'defend if' obligation the event leaves open",
        "judged met with probability `estimated.conditions_met`; no data code how open conditions were read",
    ),
)


def _num(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def _table(df: pd.DataFrame, digits: int = 3) -> list[str]:
    """A markdown table of ``df`` (floats rounded)."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        cells = [_num(v, digits) if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _data_section(est: Estimates) -> list[str]:
    rows = pd.DataFrame(
        [(d["name"], d["version"], ", ".join(f"`{p}`" for p in d["files"])) for d in est.provenance["data"]],
        columns=["dataset", "version", "files (sha256 in the estimates' provenance)"],
    )
    return [
        "## Data",
        "",
        "Read through the registry (`foedus data list`), each file checked against its "
        "sha256 before it is read:",
        "",
        *_table(rows),
    ]


def _samples_section(est: Estimates) -> list[str]:
    rows = []
    units = {
        "outcome": "bilateral GML MIDs ending in victory, yield or stalemate",
        "joining": "(dispute, politically relevant candidate)",
        "honouring": "(war, attacked original participant, ally whose casus foederis arose)",
        "initiation": "politically relevant directed dyad-years",
    }
    for name in MODELS:
        s = est.models[name].stats
        pos = "; ".join(f"{k} {v}" for k, v in s["positives"].items())
        rows.append((name, units[name], s["n"], pos, s["clusters"], f"{s['years'][0]}-{s['years'][1]}"))
    df = pd.DataFrame(rows, columns=["model", "unit", "rows", "outcomes", "clusters", "years"])
    return ["## Assumptions: units of analysis and samples", "", *_table(df)]


def _specification_section(est: Estimates) -> list[str]:
    # feature names are plain text: in backticks, `after_1945` would read as a citation key
    lines = ["## Equations: the specifications", ""]
    for name in MODELS:
        module, model = _MODULES[name], est.models[name]
        lines += [f"### {name}", "", (module.__doc__ or "").split("\n\n")[0].replace("\n", " "), ""]
        lines += [f"Design terms ({len(model.features)}): " + ", ".join(model.features)]
        if "parameters" in model.stats:  # a conditional logit: its free parameters, tied across sides
            par = pd.DataFrame(
                [(k, v["coef"], v["se"], v["coef"] / v["se"] if v["se"] else float("nan"))
                 for k, v in model.stats["parameters"].items()],
                columns=["parameter", "coef", "se", "z"],
            )  # fmt: skip
            lines += [
                "",
                f"Free parameters ({len(par)}; `own` a relation's effect on joining that side, "
                "`other` on joining the other side; the same for both sides):",
                "",
                *_table(par.round(3)),
            ]
        if model.dropped:
            lines += [
                "",
                "Not estimable in this sample (coefficient fixed at 0): " + ", ".join(model.dropped),
            ]
        raw = pd.DataFrame(
            [(f"`{k}`", v[0], v[1], v[2]) for k, v in module.RAW_COLUMNS.items()],
            columns=["raw column", "meaning", "unit", "computed from"],
        )
        lines += ["", f"Raw columns (`{module.__name__}.RAW_COLUMNS`):", "", *_table(raw)]
    return lines


def _coefficients_section(est: Estimates) -> list[str]:
    lines = [
        "## Parameters: the coefficient tables",
        "",
        "Logit coefficients with cluster-robust standard errors "
        "(clusters: disputes, wars or dyads), from `foedus.estimation.calibrate()`.",
        "",
    ]
    for name in MODELS:
        t = est.table(name)
        t = t.assign(p=t.p.map(lambda v: "<0.001" if v < 0.001 else f"{v:.3f}"))
        lines += [f"### {name}", "", *_table(t.rename(columns={"outcome": "equation"}))]
    return lines


def _backtest_section(records: list[dict], gains: pd.DataFrame) -> list[str]:
    df = pd.DataFrame(records)
    df["interval (90 %)"] = [f"{lo:.3f}-{hi:.3f}" for lo, hi in zip(df.lower, df.upper, strict=True)]
    df["positives"] = df.get("positives", pd.Series(index=df.index)).map(
        lambda v: "" if pd.isna(v) else int(v)
    )
    cols = [
        "model",
        "test",
        "metric",
        "value",
        "interval (90 %)",
        "baseline",
        "baseline_value",
        "n",
        "positives",
    ]
    g = gains.assign(interval=[f"{a:.3f}-{b:.3f}" for a, b in zip(gains.lower, gains.upper, strict=True)])
    return [
        "## Validation: the backtest",
        "",
        "Out of sample, against the baseline, with a 90 % interval from a bootstrap over disputes, "
        "wars or dyads (`foedus.estimation.backtest()`; `auc` pooled, `auc_per_dispute` the mean "
        "ranking AUC within disputes, `brier` the mean squared error, `ece` the expected "
        "calibration error, `prl` the proportional reduction in log loss):",
        "",
        *_table(df[cols], 4),
        "AUC gain over the baseline, paired bootstrap (model and baseline on the same replicate):",
        "",
        *_table(g[["model", "test", "gain", "interval"]]),
    ]


def _calibration_section(tables: dict[str, pd.DataFrame]) -> list[str]:
    pub = tables["honouring_published"]
    return [
        "## Calibration",
        "",
        "### Honouring: do the probabilities match how often allies fought?",
        "",
        "Grouped by war and out of sample (each war predicted by a model fitted without it), rows "
        "binned by predicted probability: mean prediction against the share of allies that fought.",
        "",
        *_table(tables["honouring"]),
        "By era, beside Berkemeier & Fuhrmann's (2018) published aggregate rates (their coding of "
        "fulfilment is broader than 'fought on the partner's side'):",
        "",
        *_table(pub),
        "### Joining: fitted up to 1945, scored after",
        "",
        *_table(tables["joining"], 4),
    ]


def _fuhrmann_sechser_section(est: Estimates) -> list[str]:
    t = est.table("initiation")
    keep = [
        "target_defended",
        "nuclear_defender",
        "us_defender",
        "log_us_troops_target",
        "log_defenders_vs_challenger",
        "defender_log_distance",
    ]
    mine = t[t.feature.isin(keep)][["feature", "coef", "se", "p"]]
    j = est.table("joining")
    jt = j[j.feature.str.contains("troops|nuclear")][["outcome", "feature", "coef", "se", "p"]]
    return [
        "## Forward presence and nuclear weapons, beside Fuhrmann & Sechser (2014)",
        "",
        "Fuhrmann & Sechser (`fuhrmann_sechser_2014`), on MIDs 1950-2000 with their own data on "
        "foreign nuclear deployments (not available here), report two findings: formal alliances "
        "with nuclear states carry significant deterrence benefits (a protégé is targeted less), "
        "and stationing nuclear weapons on the protégé's territory does not add to them. Their "
        "coefficient table could not be retrieved here, so the comparison is of direction and "
        "significance. The initiation model's estimates (1816-2010, all politically relevant dyads):",
        "",
        *_table(mine),
        " ".join(_reading(mine, name, what) for name, what in _READINGS)
        + " Alliances form where threats are, so these are associations, not causal effects.",
        "",
        "In the joining model, US troops on the target's soil and nuclear weapons:",
        "",
        *_table(jt),
    ]


_READINGS = (
    ("nuclear_defender", "a nuclear-armed defender"),
    ("log_us_troops_target", "US troops on the target's soil"),
    ("us_defender", "a US defence commitment"),
    ("log_defenders_vs_challenger", "the defenders' capability relative to the challenger's"),
    ("defender_log_distance", "the nearest defender's distance"),
)


def _reading(table: pd.DataFrame, feature: str, what: str) -> str:
    """One sentence on the sign and significance of ``feature``'s coefficient."""
    row = table[table.feature == feature].iloc[0]
    if row.p >= 0.05:
        return f"With {what} the odds of a challenge show no significant change (p = {row.p:.2f})."
    way = "raises" if row.coef > 0 else "lowers"
    p = "p < 0.001" if row.p < 0.001 else f"p = {row.p:.3f}"
    return f"More of {what} {way} the odds of a challenge (coefficient {row.coef:.2f}, {p})."


_SIMULATION = """\
`foedus.crisis.estimated` runs these models inside the crisis Monte Carlo (`response="estimated"`,
`outcome="estimated"`, the defaults of `foedus demo`, `simulate` and `compare`; `--models assumed`
restores the first version's assumed response and Tullock contest as the named baseline). For each
event and design, `foedus.crisis.features` builds every model's raw columns from the World of the
year (ATOP ties, capitals, contiguity, NMC components as shares of the system, UN ideal points,
extended UDS democracy, nuclear weapons, US troops, Thompson-Dreyer rivalries) and the design's
treaties, and passes them through the same `design(raw)` the training used.

- **Candidates** are the politically relevant states of the training sample: contiguous to a party
  (land or up to 400 miles of water), tied to one by ATOP or by the design, a member of the design's
  treaties, or a major power.
- **Who comes.** A state whose casus foederis the obligations engine finds met fights for the target
  with the honouring model's probability, or stays out. One whose conditions the event leaves open
  (`defend_if`) is judged bound with probability `estimated.conditions_met` (an assumption). Every
  other candidate joins the target's side, the aggressor's, or neither, with the joining model's
  probabilities at the event's severity. One uniform number per state and draw decides, so designs
  and models share their random numbers.
- **Who prevails.** The outcome model on the six NMC components summed over each side, the year and
  the severity; a stalemate counts half.
- **Estimation uncertainty.** Draws come in groups of 64: each group takes one draw of every model's
  coefficients from its cluster-robust sampling distribution. The 90 % bands of P(prevail) and
  P(deterred) are the 5-95 % range of the group means: what the estimates leave uncertain. The Monte
  Carlo interval beside them is the error of the mean across groups.
- **Deterred.** The aggressor's War Trap expected utility against the side it anticipates,
  `EU = (2 P_i - 1)(1 - U_ij)`, with `P_i` its chance under the outcome model. Under the estimated
  outcome model `EU` lies within a few tenths of zero, and a hard threshold would turn estimation
  noise into verdicts: the aggressor has a private payoff shock of s.d. `estimated.decision_sd`
  (a strategic probit, `signorino_1999`), so `P(deterred) = Phi(-EU / sd)`.
- **Capability** is the six components the outcome model weighs, not one index: the `--capability`
  switch of the assumed model does not apply, and the output says so.
- **Speed.** The swing statistics (each state in versus out) are computed on one draw in eight;
  `benchmarks/bench_crisis.py` reports member decisions per second for both model sets.

The estimated models' own assumptions:
"""


SCENARIO = Path(__file__).resolve().parents[3] / "scenarios" / "asian-nato.yaml"
WATCH = ("USA", "JPN", "ROK", "PHI", "AUL", "THI", "IND", "TAW", "UKG", "RUS", "PRK", "CHN")


def flashpoints(draws: int = 3200, seed: int = 1) -> pd.DataFrame:
    """Each event of the shipped scenario under its first design (the status quo), simulated
    with the estimated models: P(deterred) with its 90 % band, and who comes on which side,
    P(target's side) / P(aggressor's side), for the states to watch."""
    from foedus.crisis import compare
    from foedus.scenario import load_scenario
    from foedus.world import World

    scenario = load_scenario(SCENARIO)
    codes = {a: World.default().lookup(a).ccode for a in WATCH}
    rows = []
    for ev in scenario.events.values():
        first = next(iter(scenario.designs))
        r = compare(scenario, ev.id, designs=[first], draws=draws, seed=seed).results[first]
        m = r.members.set_index("ccode")
        cells = [
            f"{a} {m.loc[c, 'p_defender_side']:.3f} / {m.loc[c, 'p_aggressor_side']:.3f}"
            for a, c in codes.items()
            if c in m.index
        ]
        lo, hi = r.p_deterred_band or (float("nan"), float("nan"))
        rows.append((ev.id, ev.severity, f"{r.p_deterred:.2f} [{lo:.2f}, {hi:.2f}]", "; ".join(cells)))
    return pd.DataFrame(
        rows, columns=["event", "severity", "P(deterred) [90 %]", "P(target side) / P(aggressor side)"]
    )


def _weaknesses(est: Estimates, records: list[dict], tables: dict[str, pd.DataFrame]) -> list[str]:
    """Where the models fall short, with the numbers that show it."""
    rec = {(r["model"], r["test"], r["metric"]): r for r in records}
    early = rec[("joining", "fit<=1945, score>1945", "brier")]
    deter = rec[("deterrence", "fit<=1945, score>1945", "auc")]
    j = tables["joining"]
    top = j.iloc[-1]
    pub = tables["honouring_published"].set_index("era")
    h = est.models["honouring"]
    return [
        "## Known weaknesses",
        "",
        f"- **Joining, out of time, is a better ranker than forecaster.** Fitted up to 1945 it "
        f"ranks later joiners well but over-predicts them: in its top bin it says {top.predicted:.2f} "
        f"where {top.observed:.2f} joined, and its Brier score ({early['value']:.4f}) is no better "
        f"than the baseline's ({early['baseline_value']:.4f}). Joining became rarer after 1945, and "
        "a model fitted before cannot know it; the shipped model, fitted on all years, has the era.",
        f"- **Honouring rests on {h.stats['n']} allies in {h.stats['clusters']} wars.** The full "
        f"design (depth, regime change, alliance size...) over-fits; the shipped model keeps "
        f"{len(h.features)} terms. Before 1945 it under-predicts (mean "
        f"{pub.loc['before 1945', 'model_mean']:.2f} against {pub.loc['before 1945', 'observed']:.2f} "
        "observed, grouped by war), and the outcome is narrower than the published codings' "
        "(fighting on the partner's side, not any fulfilment).",
        f"- **Deterrence gains little over Leeds (2003) before 1945** (AUC {deter['value']:.3f} against "
        f"{deter['baseline_value']:.3f}); most of its gain comes from the dispute history of the dyad "
        "and of each side, not from the alliance terms.",
        "- **Taiwan.** Without a UN ideal point or an ATOP-coded US commitment after 1979, who "
        "stands with Taiwan rests on rivalries with China, joint democracy and the side-level terms "
        "(capability, nuclear weapons, the non-aggression pledges nearly every state in the region owes "
        "China through the Treaty of Amity and Cooperation): for states with none of the first two, "
        "the side probabilities are small and lean slightly toward China.",
        "- **Side choice rests on few joiners** (about 260 on the target's side and 230 on the "
        "aggressor's over two centuries): the joining model ties each relation's coefficient across "
        "the two sides (a conditional logit) so that no side has an effect the other lacks, but the "
        "side-level terms (a nuclear-armed or stronger side draws joiners) are estimated mostly from "
        "Cold War disputes.",
        "- **The data end** (MIDs 2010, ATOP 2018): the world since is the last year's.",
        "",
    ]


def page(est: Estimates, records: list[dict], gains: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    """The markdown of the page."""
    lines = [
        "# How the crisis model was estimated",
        "",
        "*Explanation page for `foedus.estimation` (`calibrate`, `backtest`, `score_commitments`, "
        "`score_outcomes`). Generated by `python -m foedus.estimation.report` from the data "
        "folder: every number below is computed, none typed.*",
        "",
        "Four models learn the crisis simulation's questions from history and are scored on "
        "history they were not fitted on: who prevails (`outcome`, after `carroll_kenkel_2019`), "
        "who comes and on which side (`joining`), whether an ally whose treaty binds fights "
        "(`honouring`, after `leeds_long_mitchell_2000` and `leeds_2003`), and whether a "
        "challenger strikes (`initiation`, after `leeds_2003_deterrence` and `johnson_leeds_2011`). "
        "They are logits fitted with statsmodels (`seabold_perktold_2010`), with covariances "
        "robust to clustering by dispute, war or dyad; cross-validation uses scikit-learn "
        "(`pedregosa_etal_2011`); intervals come from a bootstrap over clusters "
        "(`cameron_gelbach_miller_2008`). Case-by-case codings of honoured commitments "
        "(`leeds_long_mitchell_2000`, `leeds_anac_2005`, `berkemeier_fuhrmann_2018`) are used nowhere.",
        "",
    ]
    lines += _data_section(est) + _samples_section(est) + _specification_section(est)
    lines += _coefficients_section(est) + _backtest_section(records, gains) + _calibration_section(tables)
    lines += _fuhrmann_sechser_section(est)
    from foedus.parameters import markdown_table

    lines += ["## In the crisis simulation", "", *_SIMULATION.splitlines(), ""]
    lines += ["<!-- parameters:start -->", markdown_table(prefix="estimated."), "<!-- parameters:end -->", ""]
    lines += [
        "### Who comes in the shipped flashpoints",
        "",
        "`scenarios/asian-nato.yaml`'s events under the status quo, simulated with the estimated models "
        "(3,200 draws, seed 1, in the embedded world): P(deterred) with its 90 % band from estimation "
        "uncertainty, and for the states to watch P(fights on the target's side) / P(on the "
        "aggressor's side).",
        "",
        *_table(flashpoints()),
        "",
    ]
    lines += _weaknesses(est, records, tables)
    lines += [
        "## What stayed an assumption",
        "",
        *_table(pd.DataFrame(_ASSUMPTIONS, columns=["what", "why"])),
    ]
    lines += [
        "## References",
        "",
        "`carroll_kenkel_2019`, `gibler_miller_little_2016`, `leeds_etal_2002`, `lemke_reed_2001`, "
        "`leeds_long_mitchell_2000`, `leeds_2003`, `leeds_anac_2005`, `berkemeier_fuhrmann_2018`, "
        "`sarkees_wayman_2010`, `leeds_2003_deterrence`, `johnson_leeds_2011`, `fuhrmann_sechser_2014`, "
        "`carter_signorino_2010`, `thompson_dreyer_2012`, `allen_flynn_martinez_machain_2022`, "
        "`bleek_2017`, `pemstein_meserve_melton_2010`, `bailey_strezhnev_voeten_2017`, "
        "`seabold_perktold_2010`, `pedregosa_etal_2011`, `cameron_gelbach_miller_2008`, "
        "`mcfadden_1974`, `altfeld_bdm_1979`, `walt_1987`, `dixon_1994`.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from foedus.estimation import backtest, calibrate
    from foedus.estimation.evaluation import calibration_tables, gains

    out = Path(argv[0]) if argv else Path("docs/models/estimation.md")
    start = time.perf_counter()
    est = calibrate()
    took = time.perf_counter() - start
    text = page(est, backtest(), gains(), calibration_tables())
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} (calibrate took {took:.1f} s)")
    # the report's and the dashboard's evidence page, shipped with the package
    from foedus.atomic import write_text
    from foedus.estimation import evidence

    shipped = Path(__file__).with_name(evidence.SHIPPED)
    write_text(shipped, evidence.to_json(evidence.build()))
    print(f"wrote {shipped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
