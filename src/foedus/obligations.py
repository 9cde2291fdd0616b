"""Who is bound to act when an event happens, and which clause says so.

:func:`obligations` evaluates every treaty's obligations against an event. For each
(treaty, member) it reports the strongest obligation that applies toward the target,
whether its conditions are met, failed or unknown, the clause, the response clause and
any reservation that limits the member's use of force. It is pure and deterministic:
who *must* act; who *will* act is :mod:`foedus.crisis`'s question.

Status, from strongest to weakest:

``defend``
    a defence (or offence) obligation toward the target applies, its conditions met;
``defend_if``
    it applies if conditions the data leave unknown hold (e.g. ATOP codes a location
    condition without its details, or the event leaves provocation open);
``consult`` / ``consult_if``
    only a consultation obligation applies;
``neutral``
    only a neutrality obligation applies (not to aid the aggressor);
``not_bound``
    no obligation toward the target applies (the reason says why);
``target`` / ``aggressor``
    the member is a party to the event.

Tables for people show each status in words (:func:`status_text`); the codes stay in the
data (JSON, CSV) for scripts. The crisis model adds ``defend_aggressor`` (``_if``): a state
bound by a defence clause to the *attacker*, which applies if the war reaches the attacker's
territory (China under the 1961 treaty with North Korea, when North Korea attacks).

Conditions follow the ATOP 5.1 codebook's (Leeds 2022): location (DEFCOLOC), adversary
(DEFCOADV), number of adversaries (DEFCONUM), demands (DEFCODEM: here, a request by the
attacked party), non-provocation (DEFCONPR).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from foedus.events import Event
from foedus.provenance import Provenance
from foedus.treaty import STRENGTH, Conditions, Obligation, Severity, Treaty

if TYPE_CHECKING:
    from foedus.scenario import Scenario

MET, UNKNOWN, FAILED = "met", "unknown", "failed"
CITATIONS = ("leeds_2022_atop_codebook", "leeds_etal_2002")


class PlaceLike(Protocol):
    """What the engine reads of a gazetteer place."""

    id: str
    name: str
    administered_by_ccode: int | None
    in_territory_of_ccode: int | None
    status: str
    pacific_area: bool | None
    legal_status: str


STATUS_TEXT = {
    "target": "attacked",
    "aggressor": "the attacker",
    "defend": "bound to defend {target}",
    "defend_if": "bound to defend {target} if open conditions hold",
    "consult": "bound to consult with {target}",
    "consult_if": "bound to consult with {target} if open conditions hold",
    "neutral": "bound not to aid the attacker",
    "not_bound": "not bound",
    "defend_aggressor": "bound to {aggressor} if the war reaches its territory",
    "defend_aggressor_if": "bound to {aggressor} if the war reaches its territory and open conditions hold",
}
"""Each status in words; ``{target}`` and ``{aggressor}`` are the event's parties."""


def status_text(status: str, target: str, aggressor: str) -> str:
    """A status in the words a table shows (unknown codes pass through unchanged).

    Examples
    --------
    >>> status_text("defend_aggressor", "South Korea", "North Korea")
    'bound to North Korea if the war reaches its territory'
    >>> status_text("defend_if", "Thailand", "China")
    'bound to defend Thailand if open conditions hold'
    """
    return STATUS_TEXT.get(status, status).format(target=target, aggressor=aggressor)


def event_parties(event: Event, names: Mapping[int, str]) -> tuple[str, str]:
    """The target's and the aggressors' names as :func:`status_text` takes them."""
    return _name(event.target, names), " or ".join(_name(a, names) for a in event.aggressor)


def _combine(results: list[tuple[str, str]]) -> tuple[str, str]:
    """All conditions must hold: failed if any failed, unknown if any unknown, else met."""
    if not results:
        return MET, "unconditional"
    status = (
        FAILED
        if any(s == FAILED for s, _ in results)
        else UNKNOWN
        if any(s == UNKNOWN for s, _ in results)
        else MET
    )
    shown = [r for s, r in results if s == FAILED] if status == FAILED else [r for _, r in results]
    return status, "; ".join(shown)


def _name(code: int, names: Mapping[int, str]) -> str:
    return names.get(code, str(code))


def _location(
    cond: Conditions, event: Event, place: PlaceLike | None, names: Mapping[int, str]
) -> list[tuple[str, str]]:
    """The location conditions: ``location`` (any of its classes), ``administered_by``, ``places``.

    An attack on forces is judged by the forces clause first, so that it is the one cited; on a
    place whose standing as territory is in doubt (``legal_status``: a low-tide elevation), the
    clauses on territory evaluate as unknown and say why.
    """
    target = _name(event.target, names)
    where = place.name if place is not None else f"({event.lat}, {event.lon})"
    doubt = getattr(place, "legal_status", "") if place is not None else ""
    out: list[tuple[str, str]] = []
    if cond.location is not None:
        classes = sorted(cond.location, key=lambda c: not (c == "member_forces" and event.attacks_forces))
        checks = [_location_class(c, event, place, target, where, doubt) for c in classes]
        if any(s == MET for s, _ in checks):
            status, reason = next(c for c in checks if c[0] == MET)
            if doubt and classes[0] == "member_forces" and event.attacks_forces:
                reason += f"; whether {where} is territory at all is in doubt: {doubt}"
            out.append((status, reason))
        elif any(s == UNKNOWN for s, _ in checks):
            out.append(next(c for c in checks if c[0] == UNKNOWN))
        else:
            out.append((FAILED, " and ".join(r for _, r in checks)))
    who = " or ".join(_name(c, names) for c in cond.administered_by or ())
    named = (
        (cond.administered_by, lambda p: p.administered_by_ccode in cond.administered_by,
         f"under {who}'s administration"),
        (cond.places, lambda p: p.id in cond.places, "a place named by the clause"),
    )  # fmt: skip
    for value, holds, what in named:
        if value is None:
            continue
        if place is None:
            out.append((UNKNOWN, f"whether {where} is {what} is not known"))
        elif doubt and value is cond.administered_by and holds(place):
            out.append((UNKNOWN, f"{where} is {what}, but whether it is territory is in doubt: {doubt}"))
        else:
            hit = holds(place)
            out.append((MET if hit else FAILED, f"{where} is {'' if hit else 'not '}{what}"))
    return out


def _location_class(
    cls: str, event: Event, place: PlaceLike | None, target: str, where: str, doubt: str
) -> tuple[str, str]:
    """One location class of a clause against the event: ``(met | unknown | failed, reason)``."""
    if cls == "anywhere":
        return MET, "any location"
    if cls == "member_forces":
        if event.attacks_forces:
            return MET, f"an armed attack on {target}'s armed forces, public vessels or aircraft"
        return FAILED, f"not an attack on {target}'s forces"
    if place is None:
        return UNKNOWN, f"whether {where} is {target}'s territory is not known (no gazetteer place)"
    if cls == "member_territory":
        own = place.in_territory_of_ccode == event.target or (
            place.status == "undisputed" and place.administered_by_ccode == event.target
        )
        what = f"{target}'s own territory"
    else:  # administered_territory
        own = place.administered_by_ccode == event.target
        what = f"under {target}'s administration"
    if own and doubt:
        return UNKNOWN, f"{where} is {what}, but whether it is territory is in doubt: {doubt}"
    return (MET if own else FAILED), f"{where} is {'' if own else 'not '}{what}"


def evaluate(
    cond: Conditions, event: Event, place: PlaceLike | None = None, names: Mapping[int, str] | None = None
) -> tuple[str, str]:
    """Evaluate ``cond`` against ``event``: ``("met" | "unknown" | "failed", reason)``.

    Examples
    --------
    >>> from foedus.treaty import Conditions
    >>> ev = Event(id="x", aggressor=[710], target=740, lat=25.7, lon=123.5)
    >>> evaluate(Conditions(min_attackers=2), ev)[0]
    'failed'
    """
    names = names or {}
    out: list[tuple[str, str]] = []
    out.extend(_location(cond, event, place, names))
    if cond.area == "pacific":
        if place is None or place.pacific_area is None:
            out.append((UNKNOWN, "whether the place lies in the Pacific area is not known"))
        else:
            out.append(
                (
                    MET if place.pacific_area else FAILED,
                    f"{place.name} {'lies' if place.pacific_area else 'does not lie'} in the Pacific area",
                )
            )
    if cond.treaty_area is not None:
        where = place.name if place is not None else "the place"
        out.append(
            (
                UNKNOWN,
                f"whether {where} lies in the treaty area ({cond.treaty_area}) is for the parties to judge",
            )
        )
    if cond.target is not None:
        ok = event.target in cond.target
        out.append(
            (
                MET if ok else FAILED,
                f"the attacked party ({_name(event.target, names)}) is {'' if ok else 'not '}named",
            )
        )
    if cond.adversary is not None:
        hit = [a for a in event.aggressor if a in cond.adversary]
        who = ", ".join(_name(a, names) for a in event.aggressor)
        out.append(
            (MET if hit else FAILED, f"the aggressor ({who}) is {'' if hit else 'not '}a named adversary")
        )
    if cond.attack_kinds is not None:
        ok = event.kind in cond.attack_kinds or (
            event.attacks_forces and "attack_on_forces" in cond.attack_kinds
        )
        out.append(
            (
                MET if ok else FAILED,
                f"a {event.kind.replace('_', ' ')} is {'' if ok else 'not '}a triggering kind of attack",
            )
        )
    if cond.severity_at_least is not None:
        ok = Severity[event.severity] >= Severity[cond.severity_at_least]
        out.append(
            (
                MET if ok else FAILED,
                f"severity {event.severity} is {'at least' if ok else 'below'} {cond.severity_at_least}",
            )
        )
    n = len(event.aggressor)
    if cond.min_attackers is not None:
        out.append(
            (
                MET if n >= cond.min_attackers else FAILED,
                f"{n} attacker(s), the clause needs at least {cond.min_attackers}",
            )
        )
    if cond.max_attackers is not None:
        out.append(
            (
                MET if n <= cond.max_attackers else FAILED,
                f"{n} attacker(s), the clause covers at most {cond.max_attackers}",
            )
        )
    if cond.on_request:
        r = event.requested
        out.append(
            (
                UNKNOWN if r is None else MET if r else FAILED,
                "the attacked party "
                + ("may request help" if r is None else "requests help" if r else "does not request help"),
            )
        )
    if cond.not_provoked:
        p = event.provoked
        out.append(
            (
                UNKNOWN if p is None else FAILED if p else MET,
                "provocation " + ("is not known" if p is None else "by the target" if p else "absent"),
            )
        )
    for what in cond.unspecified:
        out.append((UNKNOWN, f"ATOP codes the obligation as conditional on {what}, without the details"))
    return _combine(out)


@dataclass(frozen=True, eq=False)
class ObligationResult:
    """Who is bound by which treaty for one event (see the module docstring).

    ``table`` has one row per (treaty, member): ``treaty, treaty_name, ccode, state,
    status, obligation, article, response, conditions, reason, reservation,
    p_force_lawful``.
    """

    event: Event
    table: pd.DataFrame
    provenance: Provenance = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def bound_to_defend(self, include_conditional: bool = False) -> pd.DataFrame:
        keep = {"defend", "defend_if"} if include_conditional else {"defend"}
        return self.table[self.table.status.isin(keep)]

    def summary(self) -> str:
        """One sentence per treaty for people; ``'no treaty binds ...'`` when none does."""
        d = self.table
        lines = []
        for _, rows in d.groupby("treaty", sort=False):
            bound = rows[rows.status.isin(["defend", "defend_if"])]
            name = rows.treaty_name.iloc[0]
            if bound.empty:
                consult = rows[rows.status.isin(["consult", "consult_if"])]
                if not consult.empty:
                    who = ", ".join(consult.state)
                    lines.append(
                        f"{name}: nobody is bound to defend; bound to consult: {who} ({_why_not(rows)})"
                    )
                else:
                    lines.append(f"{name}: nobody is bound to defend ({_why_not(rows)})")
            else:
                who = ", ".join(
                    f"{r.state}{' (if ' + r.reason + ')' if r.status == 'defend_if' else ''}"
                    for r in bound.itertuples()
                )
                lines.append(f"{name}: bound to defend: {who}")
        if d.empty or not d.status.isin(["defend", "defend_if"]).any():
            lines.append("No treaty binds anyone to defend the target.")
        return "\n".join(lines)


def _why_not(rows: pd.DataFrame) -> str:
    rest = rows[~rows.status.isin(["target", "aggressor"])]
    reasons = rest.reason.unique()
    return reasons[0] if len(reasons) == 1 else "; ".join(reasons[:2])


COLUMNS = (
    "treaty", "treaty_name", "ccode", "state", "status", "obligation", "article", "response",
    "conditions", "reason", "reservation", "p_force_lawful",
)  # fmt: skip
"""The columns of :attr:`ObligationResult.table` (also of an empty one)."""


def _row(treaty: Treaty, code: int, names: Mapping[int, str], **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict.fromkeys(COLUMNS)
    base.update(
        treaty=treaty.id,
        treaty_name=treaty.name,
        ccode=code,
        state=_name(code, names),
        status="not_bound",
        reason="",
    )
    base.update(kw)
    return base


def _member_row(
    treaty: Treaty,
    code: int,
    event: Event,
    place: PlaceLike | None,
    names: Mapping[int, str],
    year: int | None,
) -> dict[str, Any]:
    target = _name(event.target, names)
    if code == event.target:
        return _row(treaty, code, names, status="target", reason="the attacked member")
    if code in event.aggressor:
        return _row(treaty, code, names, status="aggressor", reason="the attacking member")
    if event.target not in treaty.member_codes(year):
        return _row(treaty, code, names, reason=f"{target} is not a member of {treaty.name}")
    candidates: list[tuple[int, bool, bool, Obligation, str, str]] = []
    failures: list[str] = []
    for ob in treaty.obligations:
        if code not in treaty.owes(ob, year) or event.target not in treaty.owed(ob, year):
            continue
        status, reason = evaluate(ob.conditions, event, place, names)
        if status == FAILED:
            failures.append(f"{_clause(ob)} does not apply: {reason}")
            continue
        # Of two clauses that both bind, one on forces is the one to cite for an attack on forces.
        forces = event.attacks_forces and "member_forces" in (ob.conditions.location or ())
        candidates.append((STRENGTH[ob.kind], status == MET, forces, ob, status, reason))
    if not candidates:
        why = (
            "; ".join(failures)
            if failures
            else f"{_name(code, names)} owes {target} no obligation under this treaty"
        )
        return _row(treaty, code, names, reason=why)
    *_, ob, cstatus, reason = max(candidates, key=lambda c: c[:3])
    kind = {
        "defence": "defend",
        "offence": "defend",
        "consultation": "consult",
        "neutrality": "neutral",
        "non_aggression": "not_bound",
    }[ob.kind]
    if kind in ("defend", "consult") and cstatus == UNKNOWN:
        kind += "_if"
    why = f"{_clause(ob)}: {reason}" + (f" ({ob.interpretation})" if ob.interpretation else "")
    if STRENGTH[ob.kind] < STRENGTH["defence"] and failures:
        why += "; " + "; ".join(failures)
    row = _row(
        treaty,
        code,
        names,
        status=kind,
        obligation=ob.kind,
        article=ob.article,
        response=ob.response,
        conditions=cstatus,
        reason=why,
    )
    if kind.startswith("defend"):
        limits = []
        p = 1.0
        for res in treaty.reservations.get(code, ()):
            if res.unless is not None and evaluate(res.unless, event, place, names)[0] == MET:
                continue
            limits.append(f"{res.name} (p={res.probability:g}; {res.source})")
            p *= res.probability
        if limits:
            row.update(reservation="; ".join(limits), p_force_lawful=p)
    return row


def _clause(ob: Obligation) -> str:
    label = ob.kind.replace("_", "-")
    return f"{ob.article} ({label})" if ob.article else label


def obligations(
    treaties: Iterable[Treaty],
    event: Event,
    places: Mapping[str, PlaceLike] | None = None,
    names: Mapping[int, str] | None = None,
    year: int | None = None,
) -> ObligationResult:
    """Evaluate each treaty's obligations toward the target of ``event``.

    Parameters
    ----------
    treaties : iterable of Treaty
    event : Event
    places : mapping, optional
        Gazetteer places by id (the event's place must be in it when it names one).
    names : mapping, optional
        COW code to display name (abbreviation) for the reasons.
    year : int, optional
        Membership as of this year (default: every listed member).

    Returns
    -------
    ObligationResult
        One row per (treaty, member).
    """
    place = None
    if event.place is not None:
        if places is None or event.place not in places:
            from foedus.errors import InputError

            raise InputError(f"event {event.id!r}: unknown place {event.place!r}", hint="use a gazetteer id")
        place = places[event.place]
    names = dict(names or {})
    treaties = list(treaties)
    rows = [
        _member_row(t, code, event, place, names, year) for t in treaties for code in t.member_codes(year)
    ]
    cols = list(COLUMNS)
    table = pd.DataFrame(rows, columns=cols)
    prov = Provenance(
        models=("obligations",),
        citations=CITATIONS,
        parameters={
            "event": event.model_dump(mode="json"),
            "treaties": [t.id for t in treaties],
            "year": year,
        },
    )
    return ObligationResult(event, table, prov)


def summarize_bound(results: Mapping[str, Mapping[str, ObligationResult]]) -> pd.DataFrame:
    """Who is bound to defend, from results already computed (``{event: {design: result}}``).

    Returns a tidy frame ``event, design, bound, conditional, consult``: the states bound
    to defend (any treaty), bound if open conditions hold, and bound only to consult.
    """
    rows = []
    for event_id, designs in results.items():
        for design, result in designs.items():
            t = result.table

            def who(statuses: set[str], t: pd.DataFrame = t) -> tuple[str, ...]:
                return tuple(dict.fromkeys(t[t.status.isin(statuses)].state))

            bound = who({"defend"})
            conditional = tuple(s for s in who({"defend_if"}) if s not in bound)
            consult = tuple(
                s for s in who({"consult", "consult_if"}) if s not in bound and s not in conditional
            )
            rows.append(
                {
                    "event": event_id,
                    "design": design,
                    "bound": bound,
                    "conditional": conditional,
                    "consult": consult,
                }
            )
    return pd.DataFrame(rows, columns=["event", "design", "bound", "conditional", "consult"])


def compare_designs(scenario: Scenario) -> pd.DataFrame:
    """Who is bound to defend, for every event and design of a scenario (see :func:`summarize_bound`)."""
    names = scenario.names()
    return summarize_bound(
        {
            ev.id: {
                d.name: obligations(d.treaties, ev, scenario.places, names) for d in scenario.designs.values()
            }
            for ev in scenario.events.values()
        }
    )
