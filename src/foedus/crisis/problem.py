"""The crisis problem: everything a simulation of one event under one design needs, resolved once.

:meth:`CrisisProblem.from_scenario` (or :meth:`CrisisProblem.build` for a World and treaties
made in code) evaluates the design's treaties against the event and its counter-events
(:mod:`foedus.obligations`), decides who may act and on which side, and turns the World into
arrays: each candidate state's obligation rows (level, response clause, depth), its distance to
the place, its UN-voting affinity with the side it would join, its own territorial disputes
with the adversary, its legal limits (reservations) and its capability. The Monte Carlo
(:mod:`foedus.crisis.montecarlo`) and the models (:mod:`foedus.crisis.response`,
:mod:`foedus.crisis.contest`) read these arrays and nothing else; the problem is picklable, so
executors can ship it to worker processes.

**Who may respond.** The target and the aggressor always fight. States bound toward the
target (defence or consultation) are candidates on the defenders' side. States bound to
*defend the aggressor* (found by evaluating the treaties against the counter-event,
:func:`foedus.crisis.deterrence.counter_events`) join the aggressor's side if the war reaches
its territory and they honour the obligation. Every other member of the design's treaties and
every major power may intervene at the unbound rate, on the side it is closer to on UNGA ideal
points (when the target has no ideal point, as Taiwan, the side follows whether the state is
further from the aggressor than the median state), unless it has its own territorial dispute
with the aggressor or has promised the target neutrality.

Examples
--------
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> sc = load_scenario(shipped_scenario())
>>> p = CrisisProblem.from_scenario(sc, "senkaku", design="design_a")
>>> p.side_of("USA"), p.status_of("USA")
('defender', 'defend')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from foedus.crisis import deterrence as dt
from foedus.crisis.draws import DEPTH_FLAGS
from foedus.data.geography import KM_PER_MILE, haversine_km
from foedus.errors import InputError
from foedus.events import Event
from foedus.obligations import evaluate, obligations
from foedus.treaty import Treaty

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = [
    "AGGRESSOR_ALLY",
    "AGGRESSOR_SIDE",
    "DEFENDER",
    "LEVEL",
    "RESPONSES",
    "SIDE_NAME",
    "STATUS_OF_LEVEL",
    "CrisisModel",
    "CrisisProblem",
    "capability_shares",
    "capital_distance_km",
]

LEVEL = {"not_bound": 0, "neutral": 0, "consult_if": 1, "consult": 2, "defend_if": 3, "defend": 4}
"""Obligation levels of :func:`foedus.obligations.obligations` statuses, weakest first."""
STATUS_OF_LEVEL = {0: "not_bound", 1: "consult_if", 2: "consult", 3: "defend_if", 4: "defend"}
RESPONSES = (None, "automatic", "constitutional_processes")
"""Response clauses by code; ``None`` is 'as it deems necessary' or unstated (the reference)."""
DEFENDER, AGGRESSOR_SIDE, AGGRESSOR_ALLY = 1, -1, -2
SIDE_NAME = {DEFENDER: "defender", AGGRESSOR_SIDE: "aggressor", AGGRESSOR_ALLY: "aggressor_ally"}
NO_CAPITAL_KM = 20_000.0
"""Where a state without capital coordinates is taken to deliver its capability from."""

CAPABILITY_MEASURES = ("cinc", "milex")

Row = tuple[int, int, int, int, tuple[bool, ...], str]
"""One obligation row: ccode, side, level, response code, depth flags, treaty id."""


ASSUMED_NOTE = "assumed response model"
"""The prefix of the notes on the assumed response model's inputs (the estimated models ignore them)."""


class CrisisModel(Protocol):
    """What every model of a part of the crisis (who comes, who prevails) carries.

    Attributes
    ----------
    name : str
        Recorded in provenance (``crisis/<part>/<name>``, e.g. ``crisis/response/estimated``).
    citations : tuple of str
        Keys of ``references.bib``.
    """

    name: str
    citations: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class CrisisProblem:
    """One event under one design, as arrays (picklable; no pandas).

    States are the candidates that may act (the target and the aggressors are kept apart);
    rows are their obligations, grouped by state (a state bound by several treaties has
    several rows, the strongest first).

    Attributes
    ----------
    event : Event
    design, label : str
    states : ndarray of int, shape (S,)
        COW codes of the candidate states.
    side : ndarray of int, shape (S,)
        :data:`DEFENDER`, :data:`AGGRESSOR_SIDE` or :data:`AGGRESSOR_ALLY`.
    row_state, row_level, row_response : ndarray of int, shape (R,)
        Index into ``states``, obligation level (:data:`LEVEL`), response clause code.
    row_depth : ndarray of bool, shape (R, 5)
        The binding treaty's depth provisions (:data:`~foedus.crisis.draws.DEPTH_FLAGS`).
    row_treaty : tuple of str, shape (R,)
    log_km, affinity, dispute, nondem : ndarray, shape (S,)
        ln of the capital-to-place distance in km; UNGA affinity with the side the state would
        join; its own territorial dispute with the adversary (0/1); nondemocratic major power
        (0/1, only with ``regimes``).
    res : ndarray, shape (S, K, 3)
        Each state's reservations as (probability, low, high); padding 1.
    cap, miles : ndarray, shape (S,)
        Capability share and capital-to-place distance in miles.
    target_cap, target_miles : float
    aggressor_cap, aggressor_miles : ndarray
    u_ij : float
        tau-b of the aggressor's and the target's alliance portfolios (design ties included).
    capability : str
        The capability measure (``cinc`` or ``milex``).
    names : dict
        COW code -> abbreviation, for the World.
    treaty_ids : tuple of str
        The design's treaties.
    data : tuple of DataVersion
        The World's datasets (for provenance).
    features : dict
        Raw covariates for the estimated models (built with ``candidates="relevant"``).
    notes : tuple of str
        What was left out or assumed neutral, and why.
    """

    event: Event
    design: str
    label: str
    states: np.ndarray
    side: np.ndarray
    row_state: np.ndarray
    row_level: np.ndarray
    row_response: np.ndarray
    row_depth: np.ndarray
    row_treaty: tuple[str, ...]
    log_km: np.ndarray
    affinity: np.ndarray
    dispute: np.ndarray
    nondem: np.ndarray
    res: np.ndarray
    cap: np.ndarray
    miles: np.ndarray
    target_cap: float
    target_miles: float
    aggressor_cap: np.ndarray
    aggressor_miles: np.ndarray
    u_ij: float
    capability: str
    names: Mapping[int, str]
    treaty_ids: tuple[str, ...]
    data: tuple[Any, ...]
    notes: tuple[str, ...]
    features: Mapping[str, Any] = field(default_factory=dict)
    """What the estimated models read, by model (:mod:`foedus.crisis.estimated`); empty for
    the assumed ones."""
    year: int = 0
    """The World's year."""

    @property
    def severity(self) -> str:
        return self.event.severity

    @property
    def row_starts(self) -> np.ndarray:
        """Index of each state's first (strongest) row."""
        return np.flatnonzero(np.r_[True, self.row_state[1:] != self.row_state[:-1]])

    def _index(self, state: str | int) -> int:
        code = (
            next((c for c, a in self.names.items() if a == state), state) if isinstance(state, str) else state
        )
        hit = np.flatnonzero(self.states == code)
        if not hit.size:
            raise InputError(f"{state!r} is not a candidate in this crisis", hint="see problem.states")
        return int(hit[0])

    def side_of(self, state: str | int) -> str:
        """``defender``, ``aggressor`` or ``aggressor_ally``."""
        return SIDE_NAME[int(self.side[self._index(state)])]

    def status_of(self, state: str | int) -> str:
        """The state's strongest obligation status (``defend``, ``consult_if``, ..., ``not_bound``)."""
        i = self._index(state)
        level = int(self.row_level[self.row_state == i].max())
        if self.side[i] == AGGRESSOR_ALLY:
            return "defend_aggressor" + ("_if" if level == 3 else "")
        return STATUS_OF_LEVEL[level]

    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        event: str | Event,
        design: str | None = None,
        capability: str = "cinc",
        regimes: Mapping[int, str] | None = None,
        candidates: str = "members",
    ) -> CrisisProblem:
        """The problem of one of a scenario's events under one of its designs (default: the
        first); ``candidates`` as :meth:`build` takes it."""
        ev = scenario.event(event) if isinstance(event, str) else event
        d = scenario.design(design if design is not None else next(iter(scenario.designs)))
        return cls.build(
            scenario.world, d.treaties, ev, scenario.places, capability, regimes, d.name, d.label, candidates
        )

    @classmethod
    def build(
        cls,
        world: Any,
        treaties: Sequence[Treaty],
        event: Event,
        places: Mapping[str, Any] | None = None,
        capability: str = "cinc",
        regimes: Mapping[int, str] | None = None,
        design: str = "design",
        label: str | None = None,
        candidates: str = "members",
    ) -> CrisisProblem:
        """The problem of ``event`` under ``treaties`` in ``world`` (see the module docstring).

        ``candidates="members"`` (the assumed models) takes the treaties' members and the major
        powers as the states that may act; ``"relevant"`` (the estimated models, which learned
        from politically relevant states) adds every state contiguous to a party or tied to
        one by an ATOP obligation, and computes the covariates the estimated models read.
        """
        if capability not in CAPABILITY_MEASURES:
            raise InputError(f"capability: expected 'cinc' or 'milex', got {capability!r}")
        places = places or {}
        names = dict(zip(world.states.ccode.astype(int), world.states.abb.astype(str), strict=True))
        place = places.get(event.place) if event.place is not None else None
        if event.place is not None and place is None:
            raise InputError(f"event {event.id!r}: unknown place {event.place!r}", hint="use a gazetteer id")
        lat, lon = (place.lat, place.lon) if place is not None else (event.lat, event.lon)
        if lat is None or lon is None:  # pragma: no cover - Event validation requires a place or both
            raise InputError(f"event {event.id!r}: no coordinates")
        if candidates not in ("members", "relevant"):
            raise InputError(f"candidates: expected 'members' or 'relevant', got {candidates!r}")
        notes: list[str] = []
        rows, counter = _candidates(world, treaties, event, places, names, notes, candidates == "relevant")
        states = np.array(list(dict.fromkeys(r[0] for r in rows)), dtype=int)
        pos = {int(c): i for i, c in enumerate(states)}
        side = np.array([next(r[1] for r in rows if r[0] == c) for c in states], dtype=int)
        feats = _features(world, treaties, event, place, places, states, side, counter, regimes, names, notes)
        codes = [int(c) for c in states]
        dist = capital_distance_km(world, [*codes, event.target, *event.aggressor], float(lat), float(lon))
        log_km = np.log(np.maximum(dist[: len(states)], 1.0))  # the reference distance is a parameter
        if np.isnan(log_km).any():
            missing = [names.get(int(c), str(c)) for c in states[np.isnan(log_km)]]
            notes.append(
                f"no capital coordinates for {', '.join(missing)}: distance factor neutral, "
                "capability delivered as from 20,000 km"
            )
        miles = np.nan_to_num(dist, nan=NO_CAPITAL_KM) / KM_PER_MILE
        caps = capability_shares(world, capability)

        def cap_of(group: Sequence[int]) -> np.ndarray:
            v = np.array([caps.get(int(c), math.nan) for c in group], dtype=float)
            if np.isnan(v).any():
                miss = [names.get(int(c), str(c)) for c, m in zip(group, np.isnan(v), strict=True) if m]
                notes.append(f"no {capability} value for {', '.join(miss)}: counted as 0 capability")
            return np.nan_to_num(v)

        if regimes is None:
            notes.append(f"{ASSUMED_NOTE}: regime factor not applied (no regimes given)")
        u_ij = dt.design_tau_b(world, treaties, event.aggressor[0], event.target)
        if not math.isfinite(u_ij):
            notes.append("tau-b of the aggressor's and target's portfolios is undefined: U_ij = 0")
            u_ij = 0.0
        n_s = len(states)
        features = {}
        if candidates == "relevant":
            from foedus.crisis.features import covariates

            features = covariates(world, treaties, event, states, rows)
        return cls(
            event=event, design=design, label=label or design, states=states, side=side,
            row_state=np.array([pos[r[0]] for r in rows], dtype=int),
            row_level=np.array([r[2] for r in rows], dtype=int),
            row_response=np.array([r[3] for r in rows], dtype=int),
            row_depth=np.array([r[4] for r in rows], dtype=bool).reshape(len(rows), len(DEPTH_FLAGS)),
            row_treaty=tuple(r[5] for r in rows),
            log_km=np.nan_to_num(log_km, nan=math.log(1000.0)), **feats,
            cap=cap_of(codes), miles=miles[:n_s],
            target_cap=float(cap_of([event.target])[0]), target_miles=float(miles[n_s]),
            aggressor_cap=cap_of(event.aggressor), aggressor_miles=miles[n_s + 1 :],
            u_ij=float(u_ij), capability=capability, names=names, treaty_ids=tuple(t.id for t in treaties),
            data=tuple(world.provenance.data), notes=tuple(dict.fromkeys(notes)), features=features,
            year=int(world.year),
        )  # fmt: skip


def _obligation_row(r: Any, by_id: Mapping[str, Treaty], side: int) -> Row:
    t = by_id[r.treaty]
    code = RESPONSES.index(r.response) if r.response in RESPONSES else 0
    flags = tuple(bool(getattr(t.depth, f)) for f in DEPTH_FLAGS)
    return (int(r.ccode), side, LEVEL[r.status], code, flags, t.id)


def _candidates(
    world: Any, treaties: Sequence[Treaty], event: Event, places: Mapping[str, Any],
    names: Mapping[int, str], notes: list[str], relevant: bool = False,
) -> tuple[list[Row], dict[int, Event]]:  # fmt: skip
    """Obligation rows of every candidate, sorted by state (strongest row first), and the
    counter-event each aggressor ally is bound by."""
    parties = {event.target, *event.aggressor}
    rows: list[Row] = []
    counter: dict[int, Event] = {}
    neutral: set[int] = set()  # bound not to aid the aggressor (ATOP neutrality)
    if treaties:
        tab = obligations(treaties, event, places, names).table
        neutral = {int(c) for c in tab.ccode[tab.status == "neutral"]}
        by_id = {t.id: t for t in treaties}
        rows += [
            _obligation_row(r, by_id, DEFENDER)
            for r in tab.itertuples()
            if r.ccode not in parties and LEVEL.get(r.status, 0) > 0
        ]
        bound = {c for c, *_ in rows}
        for ev in dt.counter_events(event, world):
            for r in obligations(treaties, ev, None, names).table.itertuples():
                if r.ccode in parties or r.ccode in bound or r.status not in ("defend", "defend_if"):
                    continue
                rows.append(_obligation_row(r, by_id, AGGRESSOR_ALLY))
                counter[int(r.ccode)] = ev
    x = _ideal_points(world)
    disputes = _disputes(places)
    majors = {int(c) for c in world.states.ccode[world.states.major.astype(bool)]}
    members = {c for t in treaties for c in t.member_codes()}
    if relevant:
        members |= _relevant(world, parties)
    listed = {c for c, *_ in rows}
    for c in sorted((members | majors) - parties - listed):
        # An unbound state leans to the aggressor only if it votes closer to it, has no
        # territorial dispute of its own with it and has not promised neutrality to the target.
        a = _affinity(c, [event.target], list(event.aggressor), x)
        rival = any(frozenset((c, g)) in disputes for g in event.aggressor)
        leans = math.isfinite(a) and a < 0 and not rival and c not in neutral
        rows.append((c, AGGRESSOR_SIDE if leans else DEFENDER, 0, 0, (False,) * len(DEPTH_FLAGS), ""))
    order = {int(c): i for i, c in enumerate(world.states.ccode)}
    outside = sorted({r[0] for r in rows} - set(order))
    if outside:
        notes.append(f"treaty members outside the World left out: {', '.join(map(str, outside))}")
        rows = [r for r in rows if r[0] in order]
    # A state's first row names its status and treaty: the strongest level, then the firmest
    # clause (automatic, as it deems necessary, constitutional processes), then the deepest.
    rows.sort(key=lambda r: (order[r[0]], -r[2], (1, 0, 2)[r[3]], -sum(r[4])))
    return rows, counter


def _relevant(world: Any, parties: set[int]) -> set[int]:
    """States contiguous to a party (land or within 400 miles of water) or tied to one by an
    ATOP obligation either way: the politically relevant states the joining model learned from."""
    d = world.dyads
    touch = d.contiguity.fillna(0).astype(int) > 0
    pair = d.ccode1.isin(parties) | d.ccode2.isin(parties)
    near = set(d.ccode1[touch & pair]) | set(d.ccode2[touch & pair])
    t = world.alliance_ties
    tied = set(t.ccode1[t.ccode2.isin(parties)]) | set(t.ccode2[t.ccode1.isin(parties)])
    return {int(c) for c in near | tied} - parties


def _features(
    world: Any, treaties: Sequence[Treaty], event: Event, place: Any, places: Mapping[str, Any],
    states: np.ndarray, side: np.ndarray, counter: Mapping[int, Event], regimes: Mapping[int, str] | None,
    names: Mapping[int, str], notes: list[str],
) -> dict[str, np.ndarray]:  # fmt: skip
    """Each candidate's affinity, own dispute, regime flag and reservations."""
    x = _ideal_points(world)
    disputes = _disputes(places)
    majors = {int(c) for c in world.states.ccode[world.states.major.astype(bool)]}
    n = len(states)
    affinity, dispute, nondem = np.empty(n), np.zeros(n), np.zeros(n)
    reservations: list[list[tuple[float, float, float]]] = []
    for i, c in enumerate(int(s) for s in states):
        prot, adv = ([event.target], list(event.aggressor)) if side[i] == DEFENDER else (
            list(event.aggressor), [event.target])  # fmt: skip
        affinity[i] = _affinity(c, prot, adv, x)
        dispute[i] = float(any(frozenset((c, a)) in disputes for a in adv))
        if regimes is not None:
            reg = regimes.get(c)
            if reg not in (None, "democracy", "nondemocracy"):
                raise InputError(f"regimes[{c}]: expected 'democracy' or 'nondemocracy', got {reg!r}")
            nondem[i] = float(reg == "nondemocracy" and c in majors)
        ev = counter.get(c, event)
        reservations.append(_reservations(c, treaties, ev, place if ev is event else None, names))
    if np.isnan(affinity).any():
        # say whose point is missing: a party's (Taiwan has none since 1971) or the candidates'
        parties = [event.target, *event.aggressor]
        lacking = [names.get(p, str(p)) for p in parties if not math.isfinite(x.get(p, math.nan))]
        own = [names.get(int(c), str(c)) for c in states[np.isnan(affinity)]
               if not math.isfinite(x.get(int(c), math.nan))]  # fmt: skip
        who = "; ".join(
            part for part in (
                f"{', '.join(lacking)} (a party) has none" if lacking else "",
                f"nor have {', '.join(own)}" if own else "",
            ) if part
        )  # fmt: skip
        notes.append(
            f"assumed response model: no UNGA ideal point ({who}), so its affinity term is neutral there"
        )
    k = max((len(r) for r in reservations), default=0) or 1
    res = np.ones((n, k, 3))
    for i, rs in enumerate(reservations):
        for j, triple in enumerate(rs):
            res[i, j] = triple
    return {"affinity": np.nan_to_num(affinity), "dispute": dispute, "nondem": nondem, "res": res}


def _ideal_points(world: Any) -> dict[int, float]:
    st = world.states
    return dict(zip(st.ccode.astype(int), st.ideal_point.astype(float), strict=True))


def _affinity(k: int, prot: Sequence[int], adv: Sequence[int], x: Mapping[int, float]) -> float:
    """``|x_k - x_adv| - |x_k - x_prot|`` (means over several); NaN when ``k`` or both sides lack points.

    When only the protégé's point is missing, ``|x_k - x_adv|`` minus the median over the
    World's states of the same distance.
    """
    xk = x.get(k, math.nan)
    xa = _finite_mean([x.get(a, math.nan) for a in adv])
    xp = _finite_mean([x.get(p, math.nan) for p in prot])
    if not math.isfinite(xk) or not math.isfinite(xa):
        return math.nan
    if math.isfinite(xp):
        return abs(xk - xa) - abs(xk - xp)
    others = np.array([v for v in x.values() if math.isfinite(v)])
    return abs(xk - xa) - float(np.median(np.abs(others - xa)))


def _finite_mean(values: Sequence[float]) -> float:
    v = [x for x in values if math.isfinite(x)]
    return sum(v) / len(v) if v else math.nan


def _disputes(places: Mapping[str, Any]) -> set[frozenset[int]]:
    """Pairs of states that both claim (or one administers and the other claims) a place."""
    out: set[frozenset[int]] = set()
    for p in places.values():
        claim = {int(c) for c in getattr(p, "claimant_ccodes", ()) or ()}
        adm = getattr(p, "administered_by_ccode", None)
        if adm is not None:
            claim.add(int(adm))
        if len(claim) >= 2:
            out |= {frozenset((a, b)) for a in claim for b in claim if a < b}
    return out


def _reservations(
    code: int, treaties: Sequence[Treaty], event: Event, place: Any, names: Mapping[int, str]
) -> list[tuple[float, float, float]]:
    """The member's applicable reservations (national law: from any treaty of the design),
    one per name (the most restrictive), as (probability, low, high)."""
    found: dict[str, tuple[float, float, float]] = {}
    for t in treaties:
        for r in t.reservations.get(code, ()):
            if r.unless is not None and evaluate(r.unless, event, place, names)[0] == "met":
                continue
            lo, hi = r.probability_range or (r.probability, r.probability)
            if r.name not in found or r.probability < found[r.name][0]:
                found[r.name] = (r.probability, lo, hi)
    return list(found.values())


def capital_distance_km(world: Any, codes: Sequence[int], lat: float, lon: float) -> np.ndarray:
    """Great-circle km from each state's capital to (lat, lon); NaN where coordinates are missing."""
    st = world.states.set_index("ccode").reindex(list(codes))
    return np.asarray(
        haversine_km(st.capital_lat.to_numpy(float), st.capital_lon.to_numpy(float), lat, lon), dtype=float
    )


def capability_shares(world: Any, measure: str = "cinc") -> Mapping[int, float]:
    """Each state's capability share: ``cinc`` (NMC, a share of the system) or ``milex``
    (SIPRI military expenditure divided by the World's total). Missing values are NaN."""
    st = world.states
    if measure == "cinc":
        vals = st.cinc.astype(float)
    elif measure == "milex":
        m = st.milex.astype(float)
        vals = m / np.nansum(m.to_numpy())
    else:
        raise InputError(f"capability: expected 'cinc' or 'milex', got {measure!r}")
    return dict(zip(st.ccode.astype(int), vals.to_numpy(float), strict=True))
