"""``foedus treaty show|list`` and ``foedus obligations``: who is bound, and by which clause."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from foedus.cli.app import ListFormat, out
from foedus.cli.common import _load_treaty_arg, _names
from foedus.output import dumps, records

treaty_app = typer.Typer(
    help="Treaties: show a treaty file or an ATOP alliance; list a state's treaties.", no_args_is_help=True
)


@treaty_app.command("show")
def treaty_show(
    treaty: Annotated[str, typer.Argument(help="A treaty YAML file or an ATOP alliance id.")],
    year: Annotated[int | None, typer.Option(help="For ATOP ids: the phase in force in this year.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Show a treaty's members, obligations, conditions, depth and reservations."""
    t = _load_treaty_arg(treaty, year)
    if fmt is ListFormat.json:
        typer.echo(dumps(t.model_dump(mode="json")))
        return
    names = _names()
    out.print(f"[bold]{t.name}[/bold] ({t.id}{', ATOP ' + str(t.atopid) if t.atopid else ''})")
    out.print("members: " + ", ".join(names.get(m.state, str(m.state)) for m in t.members))
    tab = Table(title_justify="left")
    for c in ("obligation", "by", "to", "conditions", "response", "article"):
        tab.add_column(c)
    for ob in t.obligations:
        by = "all" if ob.by == "all" else ", ".join(names.get(c, str(c)) for c in ob.by)
        to = "all" if ob.to == "all" else ", ".join(names.get(c, str(c)) for c in ob.to)
        cond = (
            ", ".join(f"{k}={v}" for k, v in ob.conditions.model_dump(exclude_defaults=True).items())
            or "none"
        )
        tab.add_row(ob.kind, by, to, cond, ob.response or "", ob.article or "")
    out.print(tab)
    depth = [k for k, v in t.depth.model_dump().items() if v]
    out.print(f"depth: {', '.join(depth) or 'none'}; decision rule: {t.decision_rule.kind}")
    for code, items in t.reservations.items():
        for r in items:
            out.print(f"reservation {names.get(code, code)}: {r.name} (p={r.probability:g}) - {r.source}")
    for src in t.sources:
        out.print(f"source: {src}", markup=False)


@treaty_app.command("list")
def treaty_list(
    state: Annotated[str, typer.Option(help="A state: JPN, Japan or 740.")],
    year: Annotated[int, typer.Option(help="Year (ATOP covers 1815-2018).")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """List the ATOP alliances a state belongs to in a year."""
    from foedus.treaty import treaties_in_force

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
    if fmt is ListFormat.json:
        typer.echo(dumps(rows))
        return
    tab = Table(title=f"ATOP alliances of {state} in {year}", title_justify="left")
    for c in ("atopid", "name", "members", "obligations"):
        tab.add_column(c)
    for r in rows:
        tab.add_row(str(r["atopid"]), r["name"], str(r["members"]), ", ".join(r["obligations"]))
    out.print(tab)


def obligations(
    scenario: Annotated[Path, typer.Argument(help="A scenario file, e.g. scenarios/asian-nato.yaml.")],
    event: Annotated[str, typer.Option(help="The id of one of the scenario's events.")],
    design: Annotated[str | None, typer.Option(help="One design (default: every design).")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Who is bound to act for an event under each design, and which clause says so."""
    from foedus.obligations import obligations as evaluate
    from foedus.scenario import load_scenario

    sc = load_scenario(scenario)
    ev = sc.event(event)
    designs = [sc.design(design)] if design else list(sc.designs.values())
    results = {d.name: evaluate(d.treaties, ev, sc.places, sc.names()) for d in designs}
    if fmt is ListFormat.json:
        typer.echo(
            dumps(
                {
                    "scenario": sc.name,
                    "scenario_hash": sc.hash,
                    "event": ev.model_dump(mode="json"),
                    "designs": {
                        name: {
                            "label": sc.design(name).label,
                            "summary": r.summary(),
                            "obligations": records(r.table),
                        }
                        for name, r in results.items()
                    },
                    "provenance": next(iter(results.values())).provenance.to_dict() if results else None,
                }
            )
        )
        return
    for name, r in results.items():
        d = sc.design(name)
        party = r.table.groupby("treaty", sort=False).ccode.transform(lambda c: (c == ev.target).any())
        t = r.table[party & (r.table.status != "target")]
        tab = Table(title=f"{d.label}: {ev.description or ev.id}", title_justify="left")
        for c in ("treaty", "state", "status", "reason"):
            tab.add_column(c, overflow="fold")
        for row in t.itertuples():
            limit = f"; LIMITED BY {row.reservation}" if isinstance(row.reservation, str) else ""
            tab.add_row(row.treaty, row.state, row.status, escape(row.reason + limit))
        out.print(tab)
        others = r.table[~party].treaty.unique()
        if len(others):
            target = sc.names().get(ev.target, ev.target)
            out.print(f"treaties to which {target} is not a party: {', '.join(others)}")
        if not r.table.status.isin(["defend", "defend_if"]).any():
            out.print("No treaty binds anyone to defend the target.")
        out.print("")
