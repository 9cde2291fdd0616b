"""``foedus simulate`` and ``foedus compare``: who comes, who prevails, does it deter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from foedus import limits
from foedus.cli.app import Format, out
from foedus.cli.common import (
    DrawsOption,
    EventsOption,
    SeedOption,
    YearOption,
    _executor,
    _full_names,
    _overrides,
    _scenario,
    _seed,
)
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.errors import InputError

# The options simulate and compare share.
ModelsOption = Annotated[
    str,
    typer.Option(help="estimated (learned from history; default) or assumed (the first version's baseline)."),
]
CapabilityOption = Annotated[str | None, typer.Option(help="With --models assumed: cinc (default) or milex.")]
ParamOption = Annotated[list[str] | None, typer.Option("--param", "-p", help="Pin a parameter: NAME=VALUE.")]


def simulate(
    scenario: Annotated[Path, typer.Argument(help="A scenario file.")],
    event: Annotated[str, typer.Option(help="The id of one of the scenario's events.")],
    design: Annotated[str | None, typer.Option(help="The design (default: the first).")] = None,
    draws: DrawsOption = 10_000,
    seed: SeedOption = 1,
    models: ModelsOption = "estimated",
    capability: CapabilityOption = None,
    param: ParamOption = None,
    workers: Annotated[int, typer.Option(help="Processes (results are identical for any number).")] = 1,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Who actually comes, with what, and whether the aggressor is deterred (Monte Carlo)."""
    from foedus.crisis import simulate as run

    sc = _inputs(seed, draws, scenario, year)
    ex = _executor(workers)
    try:
        result = run(
            sc,
            event,
            design=design,
            draws=draws,
            seed=seed,
            executor=ex,
            params=_overrides(param),
            **_models(models, capability),
        )
    finally:
        if ex is not None:
            ex.shutdown()
    words = _status_words(sc, sc.event(event))
    frame = result.to_frame()
    frame.insert(list(frame.columns).index("status") + 1, "status_text", frame.status.map(words))
    emit(fmt, out_file, frame, result.to_dict(), lambda: _print_simulation(result, words))


SIDE_TEXT = {
    "defender": "with the attacked",
    "aggressor": "with the attacker",
    "aggressor_ally": "attacker's ally",
}
"""The crisis model's sides in words (the codes stay in JSON and CSV)."""


def _models(models: str, capability: str | None) -> dict:
    """``compare``'s options for ``--models`` and ``--capability`` (one-line errors)."""
    from foedus.crisis import model_set
    from foedus.crisis.problem import CAPABILITY_MEASURES

    chosen = model_set(models)
    if capability is not None and capability not in CAPABILITY_MEASURES:
        raise InputError(
            f"--capability: expected one of {', '.join(CAPABILITY_MEASURES)}, got {capability!r}"
        )
    if models == "assumed":
        return {**chosen, "capability": capability or "cinc"}
    # estimated: a measure given anyway is passed on, and the result says why it is not used
    return {**chosen, **({"capability": capability} if capability else {})}


def _label(models: str, capability: str | None) -> str:
    return f"assumed models, {capability or 'cinc'}" if models == "assumed" else "estimated models"


def _status_words(sc, ev):
    """``status code -> words`` for this event (its parties named as the world names them)."""
    from foedus.obligations import event_parties, status_text

    target, aggressor = event_parties(ev, _full_names(sc.world))

    def words(code: str) -> str:
        return status_text(code, target, aggressor)

    return words


def _print_simulation(result, words) -> None:
    out.print(escape(result.summary()))
    t = result.to_frame()
    tab = Table(title="each state's probability of using force", title_justify="left")
    for c in ("state", "side", "legal position", "treaty", "P(force)", "95% interval", "capability"):
        tab.add_column(c)
    for r in t.sort_values("p_force", ascending=False).itertuples():
        tab.add_row(
            r.state,
            SIDE_TEXT.get(r.side, r.side),
            words(r.status),
            str(r.treaty) if isinstance(r.treaty, str) else "",
            f"{r.p_force:.2f}",
            f"[{r.ci_low:.2f}, {r.ci_high:.2f}]",
            f"{r.capability:.4g}",
        )
    out.print(tab)


def compare(
    scenario: Annotated[Path, typer.Argument(help="A scenario file.")],
    event: EventsOption = None,
    draws: DrawsOption = 10_000,
    seed: SeedOption = 1,
    models: ModelsOption = "estimated",
    capability: CapabilityOption = None,
    param: ParamOption = None,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Every design side by side for each event: P(prevail), P(deterred), and what drives the difference."""
    from foedus.crisis import compare as run

    sc = _inputs(seed, draws, scenario, year)
    overrides = _overrides(param)
    events = event or list(sc.events)
    chosen = _models(models, capability)
    results = {e: run(sc, e, draws=draws, seed=seed, params=overrides, **chosen) for e in events}
    frame = pd.concat([r.to_frame().assign(event=e) for e, r in results.items()], ignore_index=True)
    frame = frame[["event", *(c for c in frame.columns if c != "event")]]
    document = {e: r.to_dict() for e, r in results.items()}
    words = {e: _status_words(sc, sc.event(e)) for e in results}
    emit(
        fmt,
        out_file,
        frame,
        document,
        lambda: _print_comparison(results, words, _label(models, capability), draws, seed),
    )


def _inputs(seed: int, draws: int, scenario: Path, year: int | None) -> Any:
    """Check the seed and the draws before the scenario is read (``--out`` is checked as it is
    parsed); then read it."""
    _seed(seed)
    limits.DRAWS.check(draws, "--draws")
    return _scenario(scenario, year)


def _deterred_cell(row) -> str:
    """P(deterred) with its Monte Carlo interval, and its 90% band from estimation uncertainty
    under the estimated models."""
    cell = f"{row.p_deterred:.3f} [{row.p_deterred_low:.3f}, {row.p_deterred_high:.3f}]"
    if row.p_deterred_band_low == row.p_deterred_band_low:  # not NaN: the estimated models
        cell += f"\nband {row.p_deterred_band_low:.2f}-{row.p_deterred_band_high:.2f}"
    return cell


def _plain_note(r, words) -> str:
    """:meth:`ComparisonResult.note` with each legal status in words (the crisis model's own
    note keeps the codes, which scripts read in ``drivers``)."""

    def position(label: str) -> str:
        if label == "absent":
            return "outside the design's treaties"
        code, _, treaty = label.partition(" under ")
        return words(code) + (f" under {treaty}" if treaty else "")

    return r.note(status=position)


def _print_comparison(results, words, label: str, draws: int, seed: int) -> None:
    for e, r in results.items():
        t = r.to_frame()
        tab = Table(title=f"{e} ({label}, {draws:,} draws, seed {seed})", title_justify="left")
        change = "vs status quo\nprevail / deterred"
        for c in ("design", "P(prevail)", "P(deterred)", change, "decisive states"):
            tab.add_column(c, overflow="fold")
        for row in t.itertuples():
            keys = row.key_members if isinstance(row.key_members, str) else ", ".join(row.key_members)
            tab.add_row(
                row.design,
                f"{row.p_prevail:.3f} [{row.p_prevail_low:.3f}, {row.p_prevail_high:.3f}]",
                _deterred_cell(row),
                f"{row.d_prevail:+.3f} / {row.d_deterred:+.3f}",
                keys,
            )
        out.print(tab)
        out.print(escape(_plain_note(r, words[e])) + "\n")
    out.print(
        escape("[ ] is the 95% Monte Carlo interval; band: the 90% band from estimation uncertainty. ")
        + escape("Decisive states: whose uncertain decision to fight ")
        + "moves P(prevail) most, bound or not. In the notes, a -> b gives a state's probability of "
        "using force, and its legal position, under the status quo and under the design; 'outside the "
        "design's treaties' (and not a major power) means unable to join. Terms: docs/glossary.md."
    )
