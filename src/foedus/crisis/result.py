"""What a crisis simulation found: one event under one design, and several designs compared.

:class:`CrisisResult` holds each candidate state's probability of using force with its
intervals, P(defenders prevail), P(deterred) and the per-draw arrays behind them;
:class:`ComparisonResult` holds every design of a scenario on one event with common random
numbers, so that differences between designs are paired draw by draw.

Examples
--------
>>> lo, hi = wilson(5, 10)
>>> round(float(lo), 3), round(float(hi), 3)
(0.237, 0.763)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from foedus.crisis.problem import AGGRESSOR_ALLY, SIDE_NAME, STATUS_OF_LEVEL, CrisisProblem
from foedus.events import Event
from foedus.provenance import Provenance

__all__ = ["BINS", "ChunkOut", "ComparisonResult", "CrisisResult", "finish", "wilson"]

BINS = 200
"""Histogram bins of each state's per-draw probability (bands at 0.005 resolution)."""


GROUP = 64
"""Consecutive draws that share one draw of the estimated models' coefficients (chunks and
blocks are multiples of it, so groups are the same however the draws are split)."""


@dataclass(frozen=True)
class ChunkOut:
    """Sums and per-draw arrays of one design over one chunk of draws."""

    joined: np.ndarray  # (S,) counts on the state's main side
    joined_def: np.ndarray  # (S,) counts on the defenders' side
    joined_agg: np.ndarray  # (S,) counts on the aggressor's side
    hist: np.ndarray  # (S, BINS) counts of per-draw probability
    lawful_sum: np.ndarray  # (S,)
    cap_sum: np.ndarray  # (S,) delivered capability if the state comes
    swing_prevail: np.ndarray  # (S,) sums
    swing_deterred: np.ndarray  # (S,) sums
    committed: np.ndarray  # (n,) allies' delivered capability (target excluded)
    against: np.ndarray  # (n,) aggressor allies' delivered capability (aggressor excluded)
    p_def: np.ndarray  # (n,) P(defenders prevail) given who came
    p_def_expected: np.ndarray  # (n,) P(defenders prevail) the aggressor anticipates
    eu: np.ndarray  # (n,)
    deterred: np.ndarray  # (n,) P(deterred) in the draw (0/1 under the assumed models)

    @classmethod
    def merge(cls, parts: Sequence[ChunkOut]) -> ChunkOut:
        """Consecutive blocks of draws as one (sums in block order: deterministic)."""
        if len(parts) == 1:
            return parts[0]
        per_draw = ("committed", "against", "p_def", "p_def_expected", "eu", "deterred")
        return cls(
            **{
                f: np.concatenate([getattr(p, f) for p in parts])
                if f in per_draw
                else np.sum([getattr(p, f) for p in parts], axis=0)
                for f in cls.__dataclass_fields__
            }
        )


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
    return (idx + 0.5) / BINS


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
    p_deterred_band: tuple[float, float] | None = None
    p_def_expected: np.ndarray | None = field(default=None, repr=False)
    deterred: np.ndarray | None = field(default=None, repr=False)
    grouped: bool = False
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
            se = _se(diff, r.grouped)
            ddet = _per_draw_deterred(r) - _per_draw_deterred(base)
            se_d = _se(ddet, r.grouped)
            band = r.p_deterred_band or (math.nan, math.nan)
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
                    "p_deterred_band_low": band[0],
                    "p_deterred_band_high": band[1],
                    "d_prevail": float(diff.mean()),
                    "d_prevail_se": se,
                    "aggressor_odds": float(1.0 - r.p_def_expected.mean())
                    if r.p_def_expected is not None
                    else math.nan,
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

    def note(self, status: Callable[[str], str] = str) -> str:
        """Plain words: what the designs change and which members drive it.

        ``status`` words each member's legal position (the default keeps the codes of
        :meth:`drivers`, which scripts read; the CLI passes its plain-language wording).
        """
        base = self.results[self.baseline]
        first = f"P(defenders prevail) {base.p_prevail:.2f}, P(deterred) {base.p_deterred:.2f}."
        lines = [f"{base.label}: {first}"]
        frame = self.to_frame().set_index("design")
        for name, drivers in self.drivers().items():
            row = frame.loc[name]
            parts = [
                f"{d['state']} {d['p_force_base']:.2f} -> {d['p_force']:.2f} "
                f"({status(d['status_base'])} -> {status(d['status'])})"
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


def _statuses(s: CrisisProblem) -> list[str]:
    out = []
    for i in range(len(s.states)):
        level = int(s.row_level[s.row_state == i].max())
        if s.side[i] == AGGRESSOR_ALLY:
            out.append("defend_aggressor" + ("_if" if level == 3 else ""))
        else:
            out.append(STATUS_OF_LEVEL[level])
    return out


def _per_draw_deterred(r: CrisisResult) -> np.ndarray:
    return r.deterred if r.deterred is not None else (r.eu < 0).astype(float)


def _group_means(per_draw: np.ndarray) -> np.ndarray:
    starts = np.arange(0, per_draw.size, GROUP)
    return np.add.reduceat(per_draw.astype(float), starts) / np.diff(np.r_[starts, per_draw.size])


def _se(per_draw: np.ndarray, grouped: bool) -> float:
    """Standard error of the mean; across groups when draws share coefficient draws (draws of
    one group are not independent)."""
    x = _group_means(per_draw) if grouped else per_draw
    return float(x.std(ddof=1) / math.sqrt(x.size)) if x.size > 1 else math.nan


def _group_band(per_draw: np.ndarray, q: tuple[float, float] = (0.05, 0.95)) -> tuple[float, float]:
    """5-95% range, across groups of :data:`GROUP` draws (one coefficient draw each), of the
    group means: the uncertainty the estimates carry."""
    lo, hi = np.quantile(_group_means(per_draw), q)
    return float(lo), float(hi)


def finish(
    s: CrisisProblem, outs: Sequence[ChunkOut], draws: int, prov: Provenance, grouped: bool = False
) -> CrisisResult:
    """The result of one design from its chunks' outputs (in chunk order).

    ``grouped``: the draws come in groups sharing coefficient draws of estimated models, so
    the P(prevail) and P(deterred) bands are the spread across groups (estimation
    uncertainty); otherwise P(prevail)'s band is the spread across draws.
    """
    joined = np.sum([o.joined for o in outs], axis=0)
    hist = np.sum([o.hist for o in outs], axis=0)
    lo, hi = wilson(joined, draws)
    members = pd.DataFrame(
        {
            "ccode": s.states,
            "state": [s.names.get(int(c), str(c)) for c in s.states],
            "side": [SIDE_NAME[int(x)] for x in s.side],
            "status": _statuses(s),
            "treaty": [s.row_treaty[j] or None for j in s.row_starts],  # the strongest row's
            "p_force": joined / draws,
            "p_defender_side": np.sum([o.joined_def for o in outs], axis=0) / draws,
            "p_aggressor_side": np.sum([o.joined_agg for o in outs], axis=0) / draws,
            "ci_low": lo,
            "ci_high": hi,
            "band_low": _hist_quantile(hist, 0.05),
            "band_high": _hist_quantile(hist, 0.95),
            "p_lawful": np.sum([o.lawful_sum for o in outs], axis=0) / draws,
            "capability": np.sum([o.cap_sum for o in outs], axis=0) / draws,
            "swing_prevail": np.sum([o.swing_prevail for o in outs], axis=0) / draws,
            "swing_deterred": np.sum([o.swing_deterred for o in outs], axis=0) / draws,
        }
    )
    # How much of the uncertainty in the outcome this state's coin flip carries (to first order).
    members["influence"] = members.swing_prevail.abs() * np.sqrt(members.p_force * (1 - members.p_force))
    members = members.sort_values(["side", "p_force"], ascending=[True, False], ignore_index=True)
    p_def = np.concatenate([o.p_def for o in outs])
    eu = np.concatenate([o.eu for o in outs])
    det = np.concatenate([o.deterred for o in outs])
    mean = float(p_def.mean())
    se = _se(p_def, grouped)
    p_det = float(det.mean())
    if grouped:  # Monte Carlo error across groups; the band is the estimates' uncertainty
        dse = _se(det, grouped)
        dlo, dhi = max(0.0, p_det - 1.96 * dse), min(1.0, p_det + 1.96 * dse)
        band = _group_band(p_def)
        deterred_band: tuple[float, float] | None = _group_band(det)
    else:
        dlo, dhi = wilson(int(det.sum()), draws)
        band = (float(np.quantile(p_def, 0.05)), float(np.quantile(p_def, 0.95)))
        deterred_band = None
    return CrisisResult(
        event=s.event,
        design=s.design,
        label=s.label,
        draws=draws,
        members=members,
        p_prevail=mean,
        p_prevail_ci=(max(0.0, mean - 1.96 * se), min(1.0, mean + 1.96 * se)),
        p_prevail_band=band,
        p_deterred=p_det,
        p_deterred_ci=(float(dlo), float(dhi)),
        p_deterred_band=deterred_band,
        u_ij=s.u_ij,
        committed=np.concatenate([o.committed for o in outs]),
        against=np.concatenate([o.against for o in outs]),
        p_def=p_def,
        eu=eu,
        p_def_expected=np.concatenate([o.p_def_expected for o in outs]),
        deterred=det,
        grouped=grouped,
        notes=s.notes,
        provenance=prov,
    )
