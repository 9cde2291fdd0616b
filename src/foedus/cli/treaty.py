"""``foedus treaty show|list`` and ``foedus obligations``: who is bound, and by which clause."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from foedus.cli.app import Format, out
from foedus.cli.common import YearOption, _full_names, _load_treaty_arg, _names, _scenario, _year
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.output import records

treaty_app = typer.Typer(
    help="Treaties: show a treaty file or an ATOP alliance; list a state's treaties.", no_args_is_help=True
)


@treaty_app.command("show")
def treaty_show(
    treaty: Annotated[
        str,
        typer.Argument(
            help="A treaty YAML file or an ATOP alliance id. Without the datasets, ATOP ids answer for "
            "the alliances among the embedded default world's states in force in 2018 (3375: US-Japan); "
            "others need foedus data fetch atop."
        ),
    ],
    year: Annotated[int | None, typer.Option(help="For ATOP ids: the phase in force in this year.")] = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Show a treaty's members, obligations, conditions, depth and reservations."""
    _year(year)
    t = _load_treaty_arg(treaty, year)
    names = _names()
    emit(
        fmt, out_file, _obligation_rows(t, names), t.model_dump(mode="json"), lambda: _print_treaty(t, names)
    )


def _obligation_rows(t, names: dict[int, str]) -> pd.DataFrame:
    """One row per obligation: who owes what to whom, under which conditions."""

    def who(side: Any) -> Any:
        return "all" if side == "all" else [names.get(c, str(c)) for c in side]

    rows = [
        {
            "treaty": t.id,
            "obligation": ob.kind,
            "by": who(ob.by),
            "to": who(ob.to),
            "conditions": ob.conditions.model_dump(mode="json", exclude_defaults=True),
            "response": ob.response,
            "article": ob.article,
        }
        for ob in t.obligations
    ]
    return pd.DataFrame(
        rows, columns=["treaty", "obligation", "by", "to", "conditions", "response", "article"]
    )


def _print_treaty(t, names: dict[int, str]) -> None:
    out.print(f"[bold]{t.name}[/bold] ({t.id}{', ATOP ' + str(t.atopid) if t.atopid else ''})")
    out.print("members: " + ", ".join(names.get(m.state, str(m.state)) for m in t.members))
    tab = Table(title_justify="left")
    for c in ("obligation", "by", "to", "conditions", "response", "article"):
        tab.add_column(c)
    for ob in t.obligations:
        by, to = ("all" if x == "all" else ", ".join(names.get(c, str(c)) for c in x) for x in (ob.by, ob.to))
        text = _conditions_text(ob.conditions.model_dump(exclude_defaults=True), names)
        response = (ob.response or "").replace("_", " ")
        tab.add_row(ob.kind.replace("_", "-"), by, to, escape(text), response, ob.article or "")
    out.print(tab)
    if t.dates():
        out.print(f"dates: {t.dates()}")
    depth = [k.replace("_", " ") for k, v in t.depth.model_dump().items() if v]
    out.print(f"depth: {', '.join(depth) or 'none'}; decision rule: {t.decision_rule.kind.replace('_', ' ')}")
    for code, items in t.reservations.items():
        for r in items:
            out.print(f"reservation {names.get(code, code)}: {r.name} (p={r.probability:g}) - {r.source}")
    for src in t.sources:
        out.print(f"source: {src}", markup=False)


CONDITION_TEXT = {
    "location": "on {}",
    "administered_by": "on territory {} administers",
    "places": "at {}",
    "target": "if {} is attacked",
    "area": "in the {} area",
    "treaty_area": "in the treaty area ({})",
    "adversary": "against {}",
    "attack_kinds": "by {}",
    "severity_at_least": "at least {}",
    "min_attackers": "at least {} attackers",
    "max_attackers": "at most {} attackers",
    "on_request": "on request of the attacked",
    "not_provoked": "if unprovoked",
    "unspecified": "conditional on {} (ATOP gives no details)",
}
LOCATION_TEXT = {
    "member_territory": "the member's territory",
    "administered_territory": "territory it administers",
    "member_forces": "its armed forces, public vessels or aircraft",
    "anywhere": "anywhere",
}


def _conditions_text(cond: dict[str, Any], names: dict[int, str]) -> str:
    """A clause's conditions in words, states by abbreviation ("on territory JPN administers")."""

    def value(key: str, v: Any) -> str:
        items = v if isinstance(v, (list, tuple)) else [v]
        if key in ("administered_by", "target", "adversary"):
            return " or ".join(names.get(c, str(c)) for c in items)
        if key == "location":
            return " or ".join(LOCATION_TEXT.get(str(c), str(c)) for c in items)
        if key == "area":
            return str(v).capitalize()
        return " or ".join(str(c).replace("_", " ") for c in items)

    parts = [CONDITION_TEXT.get(k, k + " {}").format(value(k, v)) for k, v in cond.items() if v is not False]
    return "; ".join(parts) or "none"


@treaty_app.command("list")
def treaty_list(
    state: Annotated[str, typer.Option(help="A state: JPN, Japan or 740.")],
    year: Annotated[int, typer.Option(help="Year (ATOP covers 1815-2018).")],
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """List the ATOP alliances a state belongs to in a year (needs the datasets: foedus data fetch atop)."""
    from foedus.treaty import treaties_in_force

    _year(year)
    treaties = treaties_in_force(state, year)
    rows: list[dict[str, Any]] = [
        {
            "atopid": t.atopid,
            "name": t.name,
            "members": len(t.members),
            "obligations": sorted({o.kind for o in t.obligations}),
        }
        for t in treaties
    ]

    def table() -> None:
        tab = Table(title=f"ATOP alliances of {state} in {year}", title_justify="left")
        for c in ("atopid", "name", "members", "obligations"):
            tab.add_column(c)
        for r in rows:
            tab.add_row(str(r["atopid"]), r["name"], str(r["members"]), ", ".join(r["obligations"]))
        out.print(tab)

    frame = pd.DataFrame(rows, columns=["atopid", "name", "members", "obligations"])
    emit(fmt, out_file, frame, rows, table)


def obligations(
    scenario: Annotated[Path, typer.Argument(help="A scenario file, e.g. scenarios/asian-nato.yaml.")],
    event: Annotated[str, typer.Option(help="The id of one of the scenario's events.")],
    design: Annotated[str | None, typer.Option(help="One design (default: every design).")] = None,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Who is bound to act for an event under each design, and which clause says so."""
    from foedus.obligations import event_parties, status_text
    from foedus.obligations import obligations as evaluate

    sc = _scenario(scenario, year)
    ev = sc.event(event)
    designs = [sc.design(design)] if design else list(sc.designs.values())
    results = {d.name: evaluate(d.treaties, ev, sc.places, sc.names()) for d in designs}
    document = {
        "scenario": sc.name,
        "scenario_hash": sc.hash,
        "year": sc.world.year,
        "notes": list(sc.notes),
        "event": ev.model_dump(mode="json"),
        "designs": {
            name: {"label": sc.design(name).label, "summary": r.summary(), "obligations": records(r.table)}
            for name, r in results.items()
        },
        "provenance": next(iter(results.values())).provenance.to_dict() if results else None,
    }
    target, aggressor = event_parties(ev, _full_names(sc.world))
    frame = pd.concat([r.table.assign(design=name) for name, r in results.items()], ignore_index=True)
    frame["status_text"] = [status_text(x, target, aggressor) for x in frame.status]
    frame = frame[["design", *(c for c in frame.columns if c != "design")]]
    emit(fmt, out_file, frame, document, lambda: _print_obligations(sc, ev, results))


def _print_obligations(sc, ev, results) -> None:
    from foedus.obligations import event_parties, status_text

    target, aggressor = event_parties(ev, _full_names(sc.world))
    for name, r in results.items():
        d = sc.design(name)
        party = r.table.groupby("treaty", sort=False).ccode.transform(lambda c: (c == ev.target).any())
        t = r.table[party & (r.table.status != "target")]
        tab = Table(title=f"{d.label}: {ev.description or ev.id}", title_justify="left")
        for c in ("treaty", "state", "status", "reason"):
            tab.add_column(c, overflow="fold")
        for row in t.itertuples():
            limit = f"; LIMITED BY {row.reservation}" if isinstance(row.reservation, str) else ""
            words = status_text(row.status, target, aggressor)
            tab.add_row(row.treaty, row.state, words, escape(row.reason + limit))
        # no treaty of the design has the target as a member: the title alone, not an empty table
        out.print(tab if len(t) else f"{escape(d.label)}: {escape(ev.description or ev.id)}")
        others = r.table[~party].treaty.unique()
        if len(others):
            abb = sc.names().get(ev.target, ev.target)
            out.print(f"treaties to which {abb} is not a party: {', '.join(others)}")
        if not r.table.status.isin(["defend", "defend_if"]).any():
            out.print("No treaty binds anyone to defend the target.")
        out.print("")
