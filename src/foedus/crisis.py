r"""Crisis simulation: who actually comes, does the pact deter, and how sure are we.

Being bound is not coming. :mod:`foedus.obligations` says who *must* act for an event; this
module turns obligations into probabilities and runs a Monte Carlo over member decisions
and parameter uncertainty jointly.

**Response model.** State :math:`k`'s probability of responding with force is

.. math:: p_k = \pi_k \cdot \operatorname{logit}^{-1}\big(\eta^{\text{obl}}_k + \beta_d \ln(d_k / d_0)
          + \beta_a a_k + \beta_x x_k + \beta_r r_k + \beta_s(\text{severity})\big)

- :math:`\pi_k` is the probability that force is *lawful* for :math:`k` (its reservations,
  e.g. Japan's "survival-threatening situation"; the legal limit applies first: 0 forbids),
  the product of its applicable reservations' probabilities, each sampled within its
  ``probability_range``;
- :math:`\eta^{\text{obl}}` comes from the obligation: ``logit(crisis.reliability.base)``
  for a defence obligation whose conditions are met (so that with every other factor
  neutral a bound member responds at the published base rate, 0.41 for defence pacts,
  Berkemeier & Fuhrmann 2018), plus the response-clause shift (automatic >
  as-it-deems-necessary > constitutional processes) and the depth shifts (ATOP INTCOM,
  BASE, MILAID, ORGAN1, CONTRIB; Leeds & Anac 2005), minus ``conditional`` when the
  conditions are unknown, ``consult`` for a consultation-only obligation;
  ``logit(crisis.unbound.rate)`` for a state under no obligation. The levels are clamped so
  that a stronger obligation never gives a lower probability than a weaker one (defend ≥
  defend_if ≥ consult ≥ consult_if ≥ unbound). A member bound by several treaties takes
  the strongest, draw by draw;
- :math:`d_k` is the great-circle distance from its capital to the place (:math:`d_0` = 1000
  km: neutral), :math:`a_k = |x_k - x_{adv}| - |x_k - x_{prot}|` its affinity on UNGA ideal
  points with the state it would defend against the adversary (Bailey, Strezhnev & Voeten
  2017), :math:`x_k` whether it has its own territorial dispute with the adversary,
  :math:`r_k` whether it is a nondemocratic major power (Leeds 2003; only with ``regimes``).

Every coefficient is a named :mod:`foedus.parameters` parameter with a range; the docs pages
``docs/models/response.md`` (``crisis.*``) and ``docs/models/deterrence.md`` (``deterrence.*``)
list them with their sources.

**Who may respond.** The target and the aggressor always fight. States bound toward the
target (defence or consultation) are candidates on the defenders' side. States bound to
*defend the aggressor* (found by evaluating the treaties against the counter-event, see
:mod:`foedus.deterrence`) join the aggressor's side if the war reaches its territory
(``deterrence.counterattack.trigger``) and they honour the obligation. Every other member of
the design's treaties and every major power may intervene at the unbound rate, on the side
it is closer to on UNGA ideal points (when the target has no ideal point, as Taiwan, the
side follows whether the state is further from the aggressor than the median state).

**Outcome and deterrence.** Committed capability is discounted by the loss-of-strength
gradient; a Tullock contest gives P(defenders prevail) in each draw given who came; the
aggressor anticipates each state's probability of coming and is deterred when its War
Trap expected utility of attacking is negative (:mod:`foedus.deterrence`). P(deterred) is the
share of parameter draws in which it is.

**Monte Carlo.** Draws are split into chunks of :data:`CHUNK` draws; chunk ``c`` takes its
random numbers from child seed ``c`` of the run's seed (:func:`foedus.seeds.spawn`), and
within a chunk the uniforms are drawn in a fixed order for *every* state of the World, so
(1) a serial run, a process pool or any ``concurrent.futures`` executor give identical
numbers, and (2) designs compared with :func:`compare` use common random numbers: state
:math:`k`'s decision in draw :math:`t` uses the same uniform under every design.

References: Leeds, Long & Mitchell (2000); Leeds (2003); Berkemeier & Fuhrmann (2018);
Leeds & Anac (2005); Bailey, Strezhnev & Voeten (2017); and those of :mod:`foedus.deterrence`.

Examples
--------
>>> round(response_probability("defend"), 2)
0.41
>>> response_probability("defend", p_lawful=0.0)
0.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from foedus import deterrence as dt
from foedus.errors import InputError
from foedus.events import Event
from foedus.obligations import evaluate, obligations
from foedus.parameters import ParameterSet, resolve, sample
from foedus.provenance import Provenance
from foedus.seeds import SeedLike, as_seed_sequence, spawn
from foedus.treaty import Treaty

__all__ = [
    "CHUNK",
    "CITATIONS",
    "ComparisonResult",
    "CrisisResult",
    "compare",
    "response_probability",
    "simulate",
    "simulate_event",
]

CITATIONS = (
    "leeds_long_mitchell_2000",
    "leeds_2003",
    "berkemeier_fuhrmann_2018",
    "leeds_anac_2005",
    "bailey_strezhnev_voeten_2017",
    *dt.CITATIONS,
)

CHUNK = 16384
"""Draws per chunk. Part of what a seed reproduces: results depend on it, not on the executor."""

LEVEL = {"not_bound": 0, "neutral": 0, "consult_if": 1, "consult": 2, "defend_if": 3, "defend": 4}
STATUS_OF_LEVEL = {0: "not_bound", 1: "consult_if", 2: "consult", 3: "defend_if", 4: "defend"}
RESPONSES = (None, "automatic", "constitutional_processes")  # None: 'as it deems necessary' or unstated
DEPTH_FLAGS = ("integrated_command", "bases", "military_aid", "organisation", "contributions")
SEVERITY_SHIFT = {"grey_zone": "crisis.severity.grey_zone", "major": "crisis.severity.major",
                  "total": "crisis.severity.total"}  # fmt: skip
DEFENDER, AGGRESSOR_SIDE, AGGRESSOR_ALLY = 1, -1, -2
SIDE_NAME = {DEFENDER: "defender", AGGRESSOR_SIDE: "aggressor", AGGRESSOR_ALLY: "aggressor_ally"}
_BLOCK = 1024  # draws per vectorised block inside a chunk (cache-sized temporaries)
_BINS = 200  # histogram of each state's per-draw probability (bands at 0.005 resolution)
_EPS = 1e-12


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1.0 - _EPS)
    return np.log(p) - np.log1p(-p)


def _expit(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


# --------------------------------------------------------------------------------------
# the response model, vectorised over draws (rows of theta) and states (features)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Theta:
    """Parameter draws as columns of shape (n, 1) (or scalars), by short name."""

    cols: Mapping[str, np.ndarray]

    @classmethod
    def of(cls, params: ParameterSet, values: np.ndarray) -> _Theta:
        return cls({name: values[:, i : i + 1] for i, name in enumerate(params)})

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]


def _obligation_logit(th: _Theta, level: np.ndarray, response: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """``eta_obl`` for rows with obligation ``level`` (0..4), response code and depth flags.

    Clamped so that, for the same treaty features, a higher level never has a lower value:
    unbound <= consult_if <= consult <= defend_if <= defend.
    """
    lb = _logit(th["crisis.reliability.base"])
    lu = _logit(th["crisis.unbound.rate"])
    cond = th["crisis.obligation.conditional"]
    cons = th["crisis.obligation.consult"]
    l1 = np.maximum(lu, lb + cons + cond)
    l2 = np.maximum(l1, lb + cons)
    out = np.hstack([lu, l1, l2, lb + cond, lb])[:, level]  # (n, R)
    bound = level >= 3
    if bound.any():
        zero = np.zeros_like(lb)
        resp = np.hstack(
            [zero, th["crisis.response.automatic"], th["crisis.response.constitutional_processes"]]
        )
        shift = resp[:, response[bound]]
        if depth[bound].any():
            beta_depth = np.hstack([th[f"crisis.depth.{f}"] for f in DEPTH_FLAGS])  # (n, 5)
            shift = shift + beta_depth @ depth[bound].T.astype(float)
        out[:, bound] = np.maximum(out[:, bound] + shift, l2)
    return out


def _common_logit(
    th: _Theta, logd: np.ndarray, affinity: np.ndarray, dispute: np.ndarray, nondem: np.ndarray, severity: str
) -> np.ndarray:
    out = (
        th["crisis.distance.per_log"] * logd
        + th["crisis.affinity.per_unit"] * affinity
        + th["crisis.exposure.dispute"] * dispute
        + th["crisis.regime.nondemocratic_major"] * nondem
    )
    if severity in SEVERITY_SHIFT:
        out = out + th[SEVERITY_SHIFT[severity]]
    return out


def response_probability(
    status: str,
    response: str | None = None,
    depth: Mapping[str, bool] | None = None,
    distance_km: float | None = None,
    affinity: float = 0.0,
    dispute: bool = False,
    nondemocratic_major: bool = False,
    severity: str = "limited",
    p_lawful: float = 1.0,
    params: Mapping[str, Any] | None = None,
) -> float:
    """The response model for one state at the parameters' default values.

    Parameters
    ----------
    status : str
        ``defend``, ``defend_if``, ``consult``, ``consult_if``, ``neutral`` or ``not_bound``
        (as :func:`foedus.obligations.obligations` reports it).
    response : str, optional
        The response clause of a defence obligation.
    depth : mapping, optional
        ATOP depth flags of the binding treaty (``integrated_command``, ``bases``, ...).
    distance_km : float, optional
        Capital-to-place distance (``None``: the neutral reference distance).
    affinity, dispute, nondemocratic_major, severity
        As in the module docstring; the defaults are neutral.
    p_lawful : float
        Probability that force is lawful (the product of the reservations' probabilities).
    params : mapping, optional
        Overrides, as :func:`foedus.parameters.resolve` takes them.

    Examples
    --------
    >>> round(response_probability("not_bound"), 2)
    0.05
    """
    if status not in LEVEL:
        raise InputError(f"status: expected one of {', '.join(LEVEL)}, got {status!r}")
    if response not in (*RESPONSES, "as_it_deems_necessary"):
        raise InputError(f"response: unknown response clause {response!r}")
    if not 0.0 <= p_lawful <= 1.0:
        raise InputError(f"p_lawful: expected a probability in [0, 1], got {p_lawful}")
    ps = resolve(params)
    th = _Theta.of(ps, np.array([[p.default for p in ps.values()]]))
    code = RESPONSES.index(response) if response in RESPONSES else 0
    flags = np.array([[bool((depth or {}).get(f, False)) for f in DEPTH_FLAGS]])
    ref = th["crisis.distance.reference_km"]
    logd = 0.0 if distance_km is None else np.log(max(distance_km, 1.0) / ref)
    eta = _obligation_logit(th, np.array([LEVEL[status]]), np.array([code]), flags) + _common_logit(
        th, np.asarray(logd), np.asarray(affinity), np.asarray(float(dispute)),
        np.asarray(float(nondemocratic_major)), severity,
    )  # fmt: skip
    return float(p_lawful * _expit(eta)[0, 0])


# --------------------------------------------------------------------------------------
# the set-up: one design and one event, as arrays
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    """Everything a chunk needs for one design (picklable arrays, no pandas)."""

    design: str
    states: np.ndarray  # (S,) ccodes of candidate states, grouped rows refer to them
    side: np.ndarray  # (S,) DEFENDER / AGGRESSOR_SIDE / AGGRESSOR_ALLY
    row_state: np.ndarray  # (R,) index into states, sorted
    row_level: np.ndarray  # (R,)
    row_response: np.ndarray  # (R,)
    row_depth: np.ndarray  # (R, 5) bool
    row_treaty: tuple[str, ...]  # (R,)
    log_km: np.ndarray  # (S,) ln of the capital-to-place distance in km
    affinity: np.ndarray  # (S,)
    dispute: np.ndarray  # (S,)
    nondem: np.ndarray  # (S,)
    res: np.ndarray  # (S, K, 3): each state's reservations (default, low, high); padding 1
    cap: np.ndarray  # (S,) capability share
    miles: np.ndarray  # (S,) capital-to-place distance in miles
    target_cap: float
    target_miles: float
    aggressor_cap: np.ndarray
    aggressor_miles: np.ndarray
    u_ij: float  # tau-b of aggressor and target portfolios (design ties included)
    severity: str
    notes: tuple[str, ...]

    @property
    def row_starts(self) -> np.ndarray:
        return np.flatnonzero(np.r_[True, self.row_state[1:] != self.row_state[:-1]])


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
    out: set[frozenset[int]] = set()
    for p in places.values():
        claim = set(getattr(p, "claimant_ccodes", ()) or ())
        adm = getattr(p, "administered_by_ccode", None)
        if adm is not None:
            claim.add(int(adm))
        claim = {int(c) for c in claim}
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


def _setup(
    world: Any,
    design: str,
    treaties: Sequence[Treaty],
    event: Event,
    places: Mapping[str, Any],
    capability: str,
    regimes: Mapping[int, str] | None,
) -> _Setup:
    names = dict(zip(world.states.ccode.astype(int), world.states.abb.astype(str), strict=True))
    order = {int(c): i for i, c in enumerate(world.states.ccode)}
    place = places.get(event.place) if event.place is not None else None
    if event.place is not None and place is None:
        raise InputError(f"event {event.id!r}: unknown place {event.place!r}", hint="use a gazetteer id")
    lat, lon = (place.lat, place.lon) if place is not None else (event.lat, event.lon)
    if lat is None or lon is None:  # pragma: no cover - Event validation requires a place or both
        raise InputError(f"event {event.id!r}: no coordinates")
    parties = {event.target, *event.aggressor}
    notes: list[str] = []

    # rows: (ccode, side, level, response code, depth flags, treaty id)
    rows: list[tuple[int, int, int, int, tuple[bool, ...], str]] = []
    res_event: dict[int, Event] = {}
    neutral: set[int] = set()  # bound not to aid the aggressor (ATOP neutrality)
    if treaties:
        tab = obligations(treaties, event, places, names).table
        neutral = {int(c) for c in tab.ccode[tab.status == "neutral"]}
        by_id = {t.id: t for t in treaties}
        for r in tab.itertuples():
            if r.ccode in parties or LEVEL.get(r.status, 0) == 0:
                continue
            t = by_id[r.treaty]
            code = RESPONSES.index(r.response) if r.response in RESPONSES else 0
            flags = tuple(bool(getattr(t.depth, f)) for f in DEPTH_FLAGS)
            rows.append((int(r.ccode), DEFENDER, LEVEL[r.status], code, flags, t.id))
        bound = {c for c, *_ in rows}
        for counter in dt.counter_events(event, world):
            ctab = obligations(treaties, counter, None, names).table
            for r in ctab.itertuples():
                if r.ccode in parties or r.ccode in bound or r.status not in ("defend", "defend_if"):
                    continue
                t = by_id[r.treaty]
                code = RESPONSES.index(r.response) if r.response in RESPONSES else 0
                flags = tuple(bool(getattr(t.depth, f)) for f in DEPTH_FLAGS)
                rows.append((int(r.ccode), AGGRESSOR_ALLY, LEVEL[r.status], code, flags, t.id))
                res_event[int(r.ccode)] = counter
    x = _ideal_points(world)
    disputes = _disputes(places)
    majors = {int(c) for c in world.states.ccode[world.states.major.astype(bool)]}
    members = {c for t in treaties for c in t.member_codes()}
    listed = {c for c, *_ in rows}
    for c in sorted((members | majors) - parties - listed):
        # An unbound state leans to the aggressor only if it votes closer to it, has no
        # territorial dispute of its own with it and has not promised neutrality to the target.
        a = _affinity(c, [event.target], list(event.aggressor), x)
        rival = any(frozenset((c, g)) in disputes for g in event.aggressor)
        leans = math.isfinite(a) and a < 0 and not rival and c not in neutral
        lean = AGGRESSOR_SIDE if leans else DEFENDER
        rows.append((c, lean, 0, 0, (False,) * len(DEPTH_FLAGS), ""))
    outside = sorted({r[0] for r in rows} - set(order))
    if outside:
        notes.append(f"treaty members outside the World left out: {', '.join(map(str, outside))}")
        rows = [r for r in rows if r[0] in order]
    # A state's first row names its status and treaty: the strongest level, then the firmest
    # clause (automatic, as it deems necessary, constitutional processes), then the deepest.
    rows.sort(key=lambda r: (order[r[0]], -r[2], (1, 0, 2)[r[3]], -sum(r[4])))
    states = np.array(list(dict.fromkeys(r[0] for r in rows)), dtype=int)
    pos = {int(c): i for i, c in enumerate(states)}
    side = np.array([next(r[1] for r in rows if r[0] == c) for c in states], dtype=int)

    caps = dt.capability_shares(world, capability)
    codes = [int(c) for c in states]
    dist = dt.capital_distance_km(world, [*codes, event.target, *event.aggressor], float(lat), float(lon))
    log_km = np.log(np.maximum(dist[: len(states)], 1.0))  # the reference distance is a parameter
    affinity = np.empty(len(states))
    dispute = np.zeros(len(states))
    nondem = np.zeros(len(states))
    reservations: list[list[tuple[float, float, float]]] = []
    for i, c in enumerate(codes):
        if side[i] == DEFENDER:
            prot, adv = [event.target], list(event.aggressor)
        else:
            prot, adv = list(event.aggressor), [event.target]
        affinity[i] = _affinity(c, prot, adv, x)
        dispute[i] = float(any(frozenset((c, a)) in disputes for a in adv))
        if regimes is not None:
            reg = regimes.get(c)
            if reg not in (None, "democracy", "nondemocracy"):
                raise InputError(f"regimes[{c}]: expected 'democracy' or 'nondemocracy', got {reg!r}")
            nondem[i] = float(reg == "nondemocracy" and c in majors)
        ev = res_event.get(c, event)
        rplace = place if ev is event else None
        reservations.append(_reservations(c, treaties, ev, rplace, names))
    if np.isnan(affinity).any():
        missing = [names.get(int(c), str(c)) for c in states[np.isnan(affinity)]]
        notes.append(f"no UNGA ideal point for {', '.join(missing)} (or the adversary): affinity neutral")
    affinity = np.nan_to_num(affinity)
    if np.isnan(log_km).any():
        missing = [names.get(int(c), str(c)) for c in states[np.isnan(log_km)]]
        notes.append(
            f"no capital coordinates for {', '.join(missing)}: distance factor neutral, "
            "capability delivered as from 20,000 km"
        )
    k = max((len(r) for r in reservations), default=0) or 1
    res = np.ones((len(states), k, 3))
    for i, rs in enumerate(reservations):
        for j, triple in enumerate(rs):
            res[i, j] = triple

    def cap_of(codes: Sequence[int]) -> np.ndarray:
        v = np.array([caps.get(int(c), math.nan) for c in codes], dtype=float)
        if np.isnan(v).any():
            miss = [names.get(int(c), str(c)) for c, m in zip(codes, np.isnan(v), strict=True) if m]
            notes.append(f"no {capability} value for {', '.join(miss)}: counted as 0 capability")
        return np.nan_to_num(v)

    miles = dt.km_to_miles(np.nan_to_num(dist, nan=20000.0))
    n_s = len(states)
    if regimes is None:
        notes.append("regime factor not applied (no regimes given)")
    u_ij = dt.design_tau_b(world, treaties, event.aggressor[0], event.target)
    if not math.isfinite(u_ij):
        notes.append("tau-b of the aggressor's and target's portfolios is undefined: U_ij = 0")
        u_ij = 0.0
    return _Setup(
        design=design,
        states=states,
        side=side,
        row_state=np.array([pos[r[0]] for r in rows], dtype=int),
        row_level=np.array([r[2] for r in rows], dtype=int),
        row_response=np.array([r[3] for r in rows], dtype=int),
        row_depth=np.array([r[4] for r in rows], dtype=bool).reshape(len(rows), len(DEPTH_FLAGS)),
        row_treaty=tuple(r[5] for r in rows),
        log_km=np.nan_to_num(log_km, nan=math.log(1000.0)),
        affinity=affinity,
        dispute=dispute,
        nondem=nondem,
        res=res,
        cap=cap_of(codes),
        miles=miles[:n_s],
        target_cap=float(cap_of([event.target])[0]),
        target_miles=float(miles[n_s]),
        aggressor_cap=cap_of(event.aggressor),
        aggressor_miles=miles[n_s + 1 :],
        u_ij=float(u_ij),
        severity=event.severity,
        notes=tuple(dict.fromkeys(notes)),
    )


# --------------------------------------------------------------------------------------
# one chunk of draws, for several designs with common random numbers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ChunkOut:
    joined: np.ndarray  # (S,) counts
    hist: np.ndarray  # (S, _BINS) counts of per-draw probability
    lawful_sum: np.ndarray  # (S,)
    cap_sum: np.ndarray  # (S,) delivered capability if the state comes
    swing_prevail: np.ndarray  # (S,) sums
    swing_deterred: np.ndarray  # (S,) sums
    committed: np.ndarray  # (n,) allies' delivered capability (target excluded)
    against: np.ndarray  # (n,) aggressor allies' delivered capability (aggressor excluded)
    p_def: np.ndarray  # (n,)
    eu: np.ndarray  # (n,)

    @classmethod
    def merge(cls, parts: Sequence[_ChunkOut]) -> _ChunkOut:
        """Consecutive blocks of draws as one (sums in block order: deterministic)."""
        if len(parts) == 1:
            return parts[0]
        per_draw = ("committed", "against", "p_def", "eu")
        return cls(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                if f.name in per_draw
                else np.sum([getattr(p, f.name) for p in parts], axis=0)
                for f in fields(cls)
            }
        )


def _split_uniform(u: np.ndarray, d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return d + (2.0 * u - 1.0) * ((hi - d) + (u < 0.5) * ((d - lo) - (hi - d)))


def _contest(d: np.ndarray, a: np.ndarray, m: np.ndarray, unit_m: bool) -> np.ndarray:
    """:func:`foedus.deterrence.contest_success`, fast: ``1 / (1 + (a / d) ** m)``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = a / d
        out = 1.0 / (1.0 + (r if unit_m else np.power(r, m)))
    empty = d == 0
    if empty.any():
        out = np.where(empty, np.where(a == 0, 0.5, 0.0), out)
    return out


def _run_design(
    s: _Setup, th: _Theta, v: np.ndarray, u: np.ndarray, trig_u: np.ndarray, fixed: bool
) -> _ChunkOut:
    n = u.shape[0]
    eta_rows = _obligation_logit(th, s.row_level, s.row_response, s.row_depth)
    starts = s.row_starts
    eta = eta_rows if len(starts) == eta_rows.shape[1] else np.maximum.reduceat(eta_rows, starts, axis=1)
    logd = s.log_km - np.log(th["crisis.distance.reference_km"])
    eta += _common_logit(th, logd, s.affinity, s.dispute, s.nondem, s.severity)
    p = _expit(eta)
    # Legal limits first: each reservation's probability, sampled within its range.
    lawful = np.ones((n, len(s.states)))
    limited = np.flatnonzero((s.res != 1.0).any(axis=(1, 2)))
    if limited.size:
        r = s.res[limited]
        if fixed:
            lawful[:, limited] = np.prod(r[:, :, 0], axis=1)
        else:
            vv = v[:, limited][:, :, None]
            lawful[:, limited] = np.prod(_split_uniform(vv, r[:, :, 0], r[:, :, 1], r[:, :, 2]), axis=2)
        p *= lawful
    ally = s.side == AGGRESSOR_ALLY
    trigger = th["deterrence.counterattack.trigger"]
    came = u < p
    if ally.any():
        came[:, ally] &= (trig_u < trigger[:, 0])[:, None]
    mpd = th["deterrence.miles_per_day"]
    m = th["deterrence.contest.m"]
    unit_m = bool(np.all(m == 1.0))
    # C' = C ** exponent, as exp(ln C * exponent)
    with np.errstate(divide="ignore"):
        log_cap = np.log(s.cap)
        cprime = np.exp(log_cap * dt.gradient_exponent(s.miles, mpd))  # (n, S)
        c_t = np.exp(np.log(s.target_cap) * dt.gradient_exponent(s.target_miles, mpd))[:, 0]
        c_a = np.exp(np.log(s.aggressor_cap) * dt.gradient_exponent(s.aggressor_miles, mpd)).sum(axis=1)
    defender = s.side == DEFENDER
    attacker = ~defender
    delivered = came * cprime
    committed = delivered[:, defender].sum(axis=1)
    against = delivered[:, attacker].sum(axis=1)
    d_side = c_t + committed
    a_side = c_a + against
    p_def = _contest(d_side, a_side, m[:, 0], unit_m)
    # The aggressor's anticipation: each state's probability times its delivered capability.
    p_ant = p * (1.0 + ally * (trigger - 1.0)) if ally.any() else p
    expected = p_ant * cprime
    exp_d = c_t + expected[:, defender].sum(axis=1)
    exp_a = c_a + expected[:, attacker].sum(axis=1)
    eu = dt.war_trap_eu(_contest(exp_a, exp_d, m[:, 0], unit_m), s.u_ij)
    # Swings: each state certainly in versus certainly out, the others as drawn (prevail) or
    # anticipated (deterred). EU < 0 exactly when the anticipated sides satisfy A < D (m > 0).
    sign = np.where(defender, 1.0, -1.0)
    dd = d_side[:, None] - delivered * defender
    aa = a_side[:, None] - delivered * attacker
    with_k = _contest(dd + cprime * defender, aa + cprime * attacker, m, unit_m)
    without_k = _contest(dd, aa, m, unit_m)
    margin = (exp_d - exp_a)[:, None] - expected * sign  # D - A without state k
    can_deter = s.u_ij < 1.0
    det_with = (margin + cprime * sign > 0) & can_deter
    det_without = (margin > 0) & can_deter
    bins = np.minimum((p_ant * _BINS).astype(np.intp), _BINS - 1)
    bins += _BINS * np.arange(len(s.states))
    hist = np.bincount(bins.ravel(), minlength=_BINS * len(s.states)).reshape(len(s.states), _BINS)
    return _ChunkOut(
        joined=came.sum(axis=0),
        hist=hist,
        lawful_sum=lawful.sum(axis=0),
        cap_sum=np.broadcast_to(cprime, came.shape).sum(axis=0),
        swing_prevail=(with_k - without_k).sum(axis=0),
        swing_deterred=det_with.sum(axis=0) - det_without.sum(axis=0).astype(float),
        committed=committed,
        against=against,
        p_def=p_def,
        eu=eu,
    )


def _state_uniforms(seed: np.random.SeedSequence, code: int, n: int) -> np.ndarray:
    """State ``code``'s ``(2, n)`` uniforms in a chunk: decisions, then legal limits.

    They depend only on the run's seed, the chunk and the state's COW code, so every design
    (and :func:`simulate` or :func:`compare`) uses the same numbers for the same state:
    common random numbers. Single precision: a 2**-24 grid is far finer than any
    probability reported.
    """
    child = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, code), pool_size=seed.pool_size)
    return np.random.Generator(np.random.PCG64(child)).random((2, n), dtype=np.float32)


def _chunk(
    setups: Sequence[_Setup], params: ParameterSet, seed: np.random.SeedSequence, n: int, uncertainty: bool
) -> list[_ChunkOut]:
    rng = np.random.Generator(np.random.PCG64(seed))
    z = rng.random((n, len(params)))
    trig = rng.random(n)
    streams = {int(c): _state_uniforms(seed, int(c), n) for s in setups for c in s.states}
    fixed = np.array([[p.default for p in params.values()]])
    # Blocks of draws small enough for the temporaries to stay in cache (faster than whole
    # chunks); the random numbers are the chunk's whatever the block size.
    thetas = [
        _Theta.of(params, sample(params, zb) if uncertainty else np.repeat(fixed, len(zb), axis=0))
        for zb in (z[a : a + _BLOCK] for a in range(0, n, _BLOCK))
    ]
    out = []
    for s in setups:
        uv = np.stack([streams[int(c)] for c in s.states], axis=2)  # (2, n, S)
        parts = []
        for k, a in enumerate(range(0, n, _BLOCK)):
            b = a + _BLOCK
            parts.append(_run_design(s, thetas[k], uv[1, a:b], uv[0, a:b], trig[a:b], not uncertainty))
        out.append(_ChunkOut.merge(parts))
    return out


def _chunk_task(args: tuple[Any, ...]) -> list[_ChunkOut]:
    return _chunk(*args)


# --------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------


def wilson(k: np.ndarray | float, n: int, z: float = 1.959964) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``k`` successes in ``n`` trials (95% by default)."""
    k = np.asarray(k, dtype=float)
    ph = k / n
    den = 1 + z * z / n
    centre = (ph + z * z / (2 * n)) / den
    half = z * np.sqrt(ph * (1 - ph) / n + z * z / (4 * n * n)) / den
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _hist_quantile(hist: np.ndarray, q: float) -> np.ndarray:
    cum = np.cumsum(hist, axis=1)
    idx = np.argmax(cum >= q * cum[:, -1:], axis=1)
    return (idx + 0.5) / _BINS


@dataclass(frozen=True, eq=False)
class CrisisResult:
    """What a crisis simulation found for one event and one design.

    Attributes
    ----------
    members : DataFrame
        One row per state that may act: ``ccode, state, side, status, treaty, p_force``
        (share of draws in which it fought), ``ci_low, ci_high`` (Wilson 95% Monte Carlo
        interval), ``band_low, band_high`` (5th and 95th percentiles of its per-draw
        probability: the parameter uncertainty), ``p_lawful`` (mean probability that force
        is lawful for it), ``capability`` (mean capability it delivers at the place if it
        comes, after the loss-of-strength gradient), ``swing_prevail`` (how much
        P(defenders prevail) rises if it certainly comes rather than certainly stays out),
        ``swing_deterred`` (likewise for P(deterred)), ``influence``
        (``|swing_prevail| * sqrt(p_force (1 - p_force))``: the spread of the outcome its
        uncertain decision causes, to first order; it ranks :meth:`key_members`).
    p_prevail, p_prevail_ci, p_prevail_band : float, tuple, tuple
        P(defenders prevail) (mean over draws of the contest probability given who came),
        its 95% Monte Carlo interval and the 5-95% band across draws.
    p_deterred, p_deterred_ci : float, tuple
        Share of draws in which the aggressor's expected utility of attacking is negative,
        with its Wilson 95% interval.
    committed, p_def, eu : ndarray
        Per draw: allies' delivered capability (target excluded), P(defenders prevail), the
        aggressor's expected utility of attacking.
    """

    event: Event
    design: str
    label: str
    draws: int
    members: pd.DataFrame
    p_prevail: float
    p_prevail_ci: tuple[float, float]
    p_prevail_band: tuple[float, float]
    p_deterred: float
    p_deterred_ci: tuple[float, float]
    u_ij: float
    committed: np.ndarray = field(repr=False)
    against: np.ndarray = field(repr=False)
    p_def: np.ndarray = field(repr=False)
    eu: np.ndarray = field(repr=False)
    notes: tuple[str, ...] = ()
    provenance: Provenance = field(default_factory=Provenance, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The members table with the event and design as columns."""
        out = self.members.copy()
        out.insert(0, "design", self.design)
        out.insert(0, "event", self.event.id)
        return out

    def key_members(self, k: int = 3) -> list[str]:
        """The ``k`` states whose decision swings the outcome most (largest ``influence``)."""
        m = self.members.reindex(self.members.influence.sort_values(ascending=False).index)
        return [str(s) for s in m.state.head(k)]

    def committed_summary(self) -> dict[str, float]:
        """Distribution of the allies' delivered capability: mean, quantiles, P(nobody comes)."""
        c = self.committed
        q = np.quantile(c, [0.05, 0.25, 0.5, 0.75, 0.95])
        return {
            "mean": float(c.mean()),
            **{
                f"q{int(p * 100):02d}": float(v)
                for p, v in zip((0.05, 0.25, 0.5, 0.75, 0.95), q, strict=True)
            },
            "p_none": float((c == 0).mean()),
        }

    def summary(self) -> str:
        """A few lines for people: the outcome, who is likely to come, what is uncertain."""
        lo, hi = self.p_prevail_ci
        dlo, dhi = self.p_deterred_ci
        defenders = self.members[self.members.side == "defender"].head(4)
        coming = ", ".join(f"{r.state} {r.p_force:.2f}" for r in defenders.itertuples())
        lines = [
            f"{self.event.id} under {self.label} ({self.draws} draws):",
            f"  P(defenders prevail) {self.p_prevail:.3f} [{lo:.3f}, {hi:.3f}]; "
            f"P(deterred) {self.p_deterred:.3f} [{dlo:.3f}, {dhi:.3f}]",
            f"  most likely to come: {coming or 'nobody'}",
            f"  decisions that swing the outcome most: {', '.join(self.key_members())}",
        ]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary (no per-draw arrays)."""
        members = self.members.replace({np.nan: None}).to_dict(orient="records")
        return {
            "event": self.event.id,
            "design": self.design,
            "label": self.label,
            "draws": self.draws,
            "p_prevail": self.p_prevail,
            "p_prevail_ci": list(self.p_prevail_ci),
            "p_prevail_band": list(self.p_prevail_band),
            "p_deterred": self.p_deterred,
            "p_deterred_ci": list(self.p_deterred_ci),
            "mean_eu": float(self.eu.mean()),
            "u_ij": self.u_ij,
            "committed": self.committed_summary(),
            "key_members": self.key_members(),
            "members": members,
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }


def _finish(
    s: _Setup, outs: Sequence[_ChunkOut], event: Event, label: str, draws: int, names: Mapping[int, str],
    prov: Provenance,
) -> CrisisResult:  # fmt: skip
    joined = np.sum([o.joined for o in outs], axis=0)
    hist = np.sum([o.hist for o in outs], axis=0)
    lawful = np.sum([o.lawful_sum for o in outs], axis=0) / draws
    capability = np.sum([o.cap_sum for o in outs], axis=0) / draws
    swing_p = np.sum([o.swing_prevail for o in outs], axis=0) / draws
    swing_d = np.sum([o.swing_deterred for o in outs], axis=0) / draws
    committed = np.concatenate([o.committed for o in outs])
    against = np.concatenate([o.against for o in outs])
    p_def = np.concatenate([o.p_def for o in outs])
    eu = np.concatenate([o.eu for o in outs])
    lo, hi = wilson(joined, draws)
    # the strongest row of each state names its status and treaty
    first = s.row_starts
    status = [
        STATUS_OF_LEVEL[int(s.row_level[s.row_state == i].max())]
        if s.side[i] != AGGRESSOR_ALLY
        else "defend_aggressor" + ("_if" if s.row_level[s.row_state == i].max() == 3 else "")
        for i in range(len(s.states))
    ]
    treaty = [s.row_treaty[j] or None for j in first]
    members = pd.DataFrame(
        {
            "ccode": s.states,
            "state": [names.get(int(c), str(c)) for c in s.states],
            "side": [SIDE_NAME[int(x)] for x in s.side],
            "status": status,
            "treaty": treaty,
            "p_force": joined / draws,
            "ci_low": lo,
            "ci_high": hi,
            "band_low": _hist_quantile(hist, 0.05),
            "band_high": _hist_quantile(hist, 0.95),
            "p_lawful": lawful,
            "capability": capability,
            "swing_prevail": swing_p,
            "swing_deterred": swing_d,
        }
    )
    # How much of the uncertainty in the outcome this state's coin flip carries (to first order).
    members["influence"] = members.swing_prevail.abs() * np.sqrt(members.p_force * (1 - members.p_force))
    members = members.sort_values(["side", "p_force"], ascending=[True, False], ignore_index=True)
    mean = float(p_def.mean())
    se = float(p_def.std(ddof=1) / math.sqrt(draws)) if draws > 1 else math.nan
    deterred = int((eu < 0).sum())
    dlo, dhi = wilson(deterred, draws)
    return CrisisResult(
        event=event,
        design=s.design,
        label=label,
        draws=draws,
        members=members,
        p_prevail=mean,
        p_prevail_ci=(max(0.0, mean - 1.96 * se), min(1.0, mean + 1.96 * se)),
        p_prevail_band=(float(np.quantile(p_def, 0.05)), float(np.quantile(p_def, 0.95))),
        p_deterred=deterred / draws,
        p_deterred_ci=(float(dlo), float(dhi)),
        u_ij=s.u_ij,
        committed=committed,
        against=against,
        p_def=p_def,
        eu=eu,
        notes=s.notes,
        provenance=prov,
    )


# --------------------------------------------------------------------------------------
# entry points
# --------------------------------------------------------------------------------------


def _check_draws(draws: Any) -> int:
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)):
        raise InputError(f"draws: expected a positive whole number, got {draws!r}")
    if draws < 1:
        raise InputError(f"draws: expected a positive number of draws, got {draws}")
    return int(draws)


def _run(
    world: Any,
    designs: Mapping[str, tuple[str, Sequence[Treaty]]],
    event: Event,
    places: Mapping[str, Any],
    draws: int,
    seed: SeedLike,
    executor: Executor | None,
    params: Mapping[str, Any] | None,
    capability: str,
    regimes: Mapping[int, str] | None,
    uncertainty: bool,
    scenario_hash: str | None,
) -> dict[str, CrisisResult]:
    draws = _check_draws(draws)
    ps = resolve(params)
    root = as_seed_sequence(seed)
    setups = [
        _setup(world, name, treaties, event, places, capability, regimes)
        for name, (_, treaties) in designs.items()
    ]
    n_chunks = -(-draws // CHUNK)
    sizes = [min(CHUNK, draws - c * CHUNK) for c in range(n_chunks)]
    tasks = [
        (setups, ps, child, n, uncertainty) for child, n in zip(spawn(root, n_chunks), sizes, strict=True)
    ]
    outs = list(executor.map(_chunk_task, tasks)) if executor is not None else [_chunk_task(t) for t in tasks]
    names = dict(zip(world.states.ccode.astype(int), world.states.abb.astype(str), strict=True))
    entropy = root.entropy if isinstance(root.entropy, int) else None
    results = {}
    for i, (name, (label, treaties)) in enumerate(designs.items()):
        prov = Provenance(
            models=("crisis/response", "deterrence/war_trap_alliance"),
            citations=CITATIONS,
            data=world.provenance.data,
            parameters={
                "event": event.model_dump(mode="json"),
                "design": name,
                "treaties": [t.id for t in treaties],
                "draws": draws,
                "chunk": CHUNK,
                "capability": capability,
                "uncertainty": uncertainty,
                "regimes": dict(regimes) if regimes else None,
                "parameters": {
                    k: {"default": p.default, "low": p.low, "high": p.high} for k, p in ps.items()
                },
            },
            seed=entropy,
            scenario_hash=scenario_hash,
        )
        results[name] = _finish(setups[i], [o[i] for o in outs], event, label, draws, names, prov)
    return results


def simulate_event(
    world: Any,
    treaties: Sequence[Treaty],
    event: Event,
    places: Mapping[str, Any] | None = None,
    draws: int = 10_000,
    seed: SeedLike = None,
    executor: Executor | None = None,
    params: Mapping[str, Any] | None = None,
    capability: str = "cinc",
    regimes: Mapping[int, str] | None = None,
    uncertainty: bool = True,
    design: str = "design",
    label: str | None = None,
) -> CrisisResult:
    """:func:`simulate` for a World, a list of treaties and an event built in code."""
    res = _run(
        world, {design: (label or design, tuple(treaties))}, event, places or {}, draws, seed, executor,
        params, capability, regimes, uncertainty, None,
    )  # fmt: skip
    return res[design]


def simulate(
    scenario: Any,
    event_id: str,
    design: str | None = None,
    draws: int = 10_000,
    seed: SeedLike = None,
    executor: Executor | None = None,
    params: Mapping[str, Any] | None = None,
    capability: str = "cinc",
    regimes: Mapping[int, str] | None = None,
    uncertainty: bool = True,
) -> CrisisResult:
    """Monte Carlo of who responds to an event, with what capability, and whether it deters.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario (:func:`foedus.scenario.load_scenario`).
    event_id : str
        One of the scenario's events.
    design : str, optional
        One of its designs (default: the first, by convention the status quo).
    draws : int
        Monte Carlo draws (member decisions and parameters are drawn jointly).
    seed : int, Generator, SeedSequence or None
        One seed, one answer, whatever the executor.
    executor : concurrent.futures.Executor, optional
        Runs the chunks (e.g. a ``ProcessPoolExecutor``); default serial.
    params : mapping, optional
        Parameter overrides (:func:`foedus.parameters.resolve`).
    capability : {"cinc", "milex"}
        What committed capability is measured in.
    regimes : mapping, optional
        ``ccode -> "democracy" | "nondemocracy"`` for the Leeds (2003) regime factor.
    uncertainty : bool
        Sample the parameters within their ranges (default) or hold them at their defaults.

    Returns
    -------
    CrisisResult

    Examples
    --------
    >>> from foedus.scenario import load_scenario  # doctest: +SKIP
    >>> r = simulate(load_scenario("scenarios/asian-nato.yaml"), "senkaku", seed=1)  # doctest: +SKIP
    """
    event = scenario.event(event_id)
    name = design if design is not None else next(iter(scenario.designs))
    d = scenario.design(name)
    res = _run(
        scenario.world, {name: (d.label, d.treaties)}, event, scenario.places, draws, seed, executor, params,
        capability, regimes, uncertainty, scenario.hash,
    )  # fmt: skip
    return res[name]


def _status_label(status: Any, treaty: Any) -> str:
    if not isinstance(status, str):
        return "absent"
    return f"{status} under {treaty}" if isinstance(treaty, str) and treaty else status


@dataclass(frozen=True, eq=False)
class ComparisonResult:
    """Every design of a scenario on one event, with common random numbers.

    ``results`` maps design names to :class:`CrisisResult`; ``baseline`` is the first
    design. Differences from the baseline are paired draw by draw, so their intervals
    are much narrower than the separate intervals suggest.
    """

    event: Event
    baseline: str
    results: Mapping[str, CrisisResult]

    def to_frame(self) -> pd.DataFrame:
        """One row per design: P(prevail), P(deterred) with intervals, paired differences
        from the baseline and the key members."""
        base = self.results[self.baseline]
        rows = []
        for name, r in self.results.items():
            diff = r.p_def - base.p_def
            se = float(diff.std(ddof=1) / math.sqrt(r.draws)) if r.draws > 1 else math.nan
            ddet = (r.eu < 0).astype(float) - (base.eu < 0)
            se_d = float(ddet.std(ddof=1) / math.sqrt(r.draws)) if r.draws > 1 else math.nan
            rows.append(
                {
                    "design": name,
                    "label": r.label,
                    "p_prevail": r.p_prevail,
                    "p_prevail_low": r.p_prevail_ci[0],
                    "p_prevail_high": r.p_prevail_ci[1],
                    "p_deterred": r.p_deterred,
                    "p_deterred_low": r.p_deterred_ci[0],
                    "p_deterred_high": r.p_deterred_ci[1],
                    "d_prevail": float(diff.mean()),
                    "d_prevail_se": se,
                    "d_deterred": float(ddet.mean()),
                    "d_deterred_se": se_d,
                    "committed_mean": float(r.committed.mean()),
                    "key_members": ", ".join(r.key_members()),
                }
            )
        return pd.DataFrame(rows)

    def drivers(self, k: int = 3) -> dict[str, list[dict[str, Any]]]:
        """For each design, the ``k`` states whose expected delivered capability (response
        probability times capability at the place) differs most from the baseline's, with
        their response probability and status under each: what drives the differences."""
        base = self.results[self.baseline].members.set_index("state")
        out: dict[str, list[dict[str, Any]]] = {}
        for name, r in self.results.items():
            if name == self.baseline:
                continue
            m = r.members.set_index("state")
            cols = ["p_force", "status", "treaty", "side", "capability"]
            both = m.merge(base[cols], how="outer", left_index=True, right_index=True, suffixes=("", "_base"))
            both["p_force"] = both.p_force.fillna(0.0)
            both["p_force_base"] = both.p_force_base.fillna(0.0)
            cap = both.capability.fillna(both.capability_base)
            # what moves the outcome is expected delivered capability, not the probability alone
            both["change"] = (both.p_force - both.p_force_base) * cap
            top = both.reindex(both.change.abs().sort_values(ascending=False).index).head(k)
            out[name] = [
                {
                    "state": str(st),
                    "p_force": float(row.p_force),
                    "p_force_base": float(row.p_force_base),
                    "status": _status_label(row.status, row.treaty),
                    "status_base": _status_label(row.status_base, row.treaty_base),
                    "side": row.side if isinstance(row.side, str) else row.side_base,
                }
                for st, row in top.iterrows()
            ]
        return out

    def note(self) -> str:
        """Plain words: what the designs change and which members drive it."""
        lines = []
        base = self.results[self.baseline]
        lines.append(
            f"{base.label}: P(defenders prevail) {base.p_prevail:.2f}, P(deterred) {base.p_deterred:.2f}."
        )
        frame = self.to_frame().set_index("design")
        for name, drivers in self.drivers().items():
            row = frame.loc[name]
            parts = [
                f"{d['state']} {d['p_force_base']:.2f} -> {d['p_force']:.2f} "
                f"({d['status_base']} -> {d['status']})"
                for d in drivers
                if abs(d["p_force"] - d["p_force_base"]) > 0.005
            ]
            why = "; ".join(parts) if parts else "no member's response probability changes"
            lines.append(
                f"{self.results[name].label}: P(prevail) {row.p_prevail:.2f} ({row.d_prevail:+.3f} vs status "
                f"quo), P(deterred) {row.p_deterred:.2f} ({row.d_deterred:+.3f}); driven by {why}."
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event.id,
            "baseline": self.baseline,
            "designs": self.to_frame().replace({np.nan: None}).to_dict(orient="records"),
            "drivers": self.drivers(),
            "note": self.note(),
            "results": {k: v.to_dict() for k, v in self.results.items()},
        }


def compare(
    scenario: Any,
    event_id: str,
    draws: int = 10_000,
    seed: SeedLike = None,
    executor: Executor | None = None,
    params: Mapping[str, Any] | None = None,
    capability: str = "cinc",
    regimes: Mapping[int, str] | None = None,
    uncertainty: bool = True,
    designs: Sequence[str] | None = None,
) -> ComparisonResult:
    """Simulate every design of ``scenario`` (or those named in ``designs``, the first of
    them the baseline) on one event with common random numbers.

    Each design's result equals :func:`simulate` for that design with the same seed and
    draws (the same uniforms are used for every state in every design).
    """
    event = scenario.event(event_id)
    chosen = list(designs) if designs is not None else list(scenario.designs)
    spec = {n: (scenario.design(n).label, scenario.design(n).treaties) for n in chosen}
    res = _run(
        scenario.world, spec, event, scenario.places, draws, seed, executor, params, capability, regimes,
        uncertainty, scenario.hash,
    )  # fmt: skip
    return ComparisonResult(event, chosen[0], res)
