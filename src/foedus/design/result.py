"""The result of a design search: the front, the dominated designs, the hand-written ones.

:class:`DesignResult` holds one :class:`Entry` per design: its treaty, its four objectives with
their intervals (:mod:`foedus.design.objectives`), the point of the space it came from and,
for a design off the front, the front designs that dominate it. ``to_dict`` is the JSON of
``foedus design search --format json``::

    {"front": [{"design": <treaty as in a treaty file>, "objectives": {...}, "intervals": {...},
                "label": ..., "point": {...}, "details": {...}}, ...],
     "dominated": [...], "handwritten": [...], "evaluated": N, "method": ...,
     "base_deterrence": x, "notes": [...], "provenance": {...}}

and :meth:`DesignResult.from_dict` reads it back (for ``foedus report --designs`` and the
dashboard). :meth:`DesignResult.to_frame` gives one tidy row per design.

Examples
--------
>>> r = DesignResult.from_dict({"front": [], "evaluated": 0})
>>> list(r.to_frame().columns)[:4]
['part', 'id', 'label', 'deterrence']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from foedus.design.objectives import NAMES, Evaluation
from foedus.design.space import DesignPoint
from foedus.provenance import DataVersion, Provenance
from foedus.treaty import Treaty

__all__ = ["DesignResult", "Entry"]


@dataclass(frozen=True)
class Entry:
    """One evaluated design: a name, its evaluation, its point (``None`` for a hand-written
    design) and the ids of the front designs that dominate it."""

    name: str
    evaluation: Evaluation
    point: DesignPoint | None = None
    dominated_by: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.evaluation.treaty.id

    def to_dict(self, names: Mapping[int, str]) -> dict[str, Any]:
        ev = self.evaluation
        return {
            "id": self.id,
            "label": self.name,
            "design": ev.treaty.to_spec(names),
            "objectives": {k: float(ev.objectives[k]) for k in NAMES},
            "intervals": {k: [float(v) for v in ev.intervals[k]] for k in NAMES},
            "point": None if self.point is None else self.point.to_dict(),
            "dominated_by": list(self.dominated_by),
            "details": _plain(dict(ev.details)),
        }


def _plain(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if hasattr(x, "item"):
        return x.item()
    return x


@dataclass(frozen=True, eq=False)
class DesignResult:
    """The Pareto front of a design search and everything it was compared with.

    Attributes
    ----------
    front : tuple of Entry
        The non-dominated designs, best deterrence first.
    dominated : tuple of Entry
        The other designs evaluated, each with the front designs that dominate it.
    handwritten : tuple of Entry
        The scenario's own designs (its pacts added to the base), scored the same way, each
        with the front designs that dominate it (none: it would sit on the front).
    evaluated : int
        Distinct designs evaluated.
    method : str
        ``exhaustive`` or ``nsga2``.
    base_deterrence : float
        Mean P(deterred) over the flashpoints with no pact (the base design alone).
    names : dict
        COW code -> abbreviation.
    notes : tuple of str
    provenance : Provenance
        Seed, data versions, parameters (space, budget, draws, events), models, citations.
    """

    front: tuple[Entry, ...]
    dominated: tuple[Entry, ...] = ()
    handwritten: tuple[Entry, ...] = ()
    evaluated: int = 0
    method: str = ""
    base_deterrence: float = float("nan")
    names: Mapping[int, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    provenance: Provenance = field(default_factory=Provenance, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable (see the module docstring)."""
        return {
            "front": [e.to_dict(self.names) for e in self.front],
            "dominated": [e.to_dict(self.names) for e in self.dominated],
            "handwritten": [e.to_dict(self.names) for e in self.handwritten],
            "evaluated": self.evaluated,
            "method": self.method,
            "base_deterrence": self.base_deterrence,
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }

    def to_frame(self, part: str = "all") -> pd.DataFrame:
        """One row per design: ``part`` (front, dominated, handwritten), ``id``, ``label``, the
        four objectives, their interval ends, the worst flashpoint's P(deterred), the members,
        and the ids of the front designs that dominate it."""
        rows = []
        parts = ("front", "dominated", "handwritten") if part == "all" else (part,)
        for name in parts:
            for e in getattr(self, name):
                ev = e.evaluation
                row: dict[str, Any] = {"part": name, "id": e.id, "label": e.name}
                row |= {k: float(ev.objectives[k]) for k in NAMES}
                for k in NAMES:
                    row[f"{k}_low"], row[f"{k}_high"] = (float(v) for v in ev.intervals[k])
                row["deterrence_worst"] = float(ev.details.get("deterrence_worst", float("nan")))
                row["members"] = " ".join(self.names.get(c, str(c)) for c in ev.treaty.member_codes())
                row["dominated_by"] = " ".join(e.dominated_by)
                rows.append(row)
        cols = ["part", "id", "label", *NAMES, *(f"{k}_{s}" for k in NAMES for s in ("low", "high")),
                "deterrence_worst", "members", "dominated_by"]  # fmt: skip
        return pd.DataFrame(rows, columns=cols)

    def summary(self) -> str:
        """A few sentences: the front's size, its designs, how the hand-written ones fare."""
        lines = [
            f"{len(self.front)} designs on the front of {self.evaluated} evaluated ({self.method}); "
            f"mean P(deterred) with no pact {self.base_deterrence:.3f}."
        ]
        for e in self.front:
            o = e.evaluation.objectives
            lines.append(
                f"  {e.name}: deterrence {o['deterrence']:.3f}, acceptance {o['acceptance']:.3f}, "
                f"cost {o['cost']:.3f}, entrapment {o['entrapment']:.3f}"
            )
        for e in self.handwritten:
            verdict = (
                f"dominated by {len(e.dominated_by)} front design(s)" if e.dominated_by else "on the front"
            )
            lines.append(f"  hand-written {e.name}: {verdict}")
        return "\n".join(lines)

    def note(self) -> str:
        """In words: the designs on the front and what sets them apart from the hand-written ones."""
        if not self.front:
            return "No feasible design was evaluated."

        def traits(e: Entry) -> dict[str, Any]:
            t = e.evaluation.treaty
            kinds = [ob.kind for ob in t.obligations]
            main = max(kinds, key=lambda k: ("non_aggression", "neutrality", "consultation", "offence",
                                             "defence").index(k))  # fmt: skip
            defence = [ob for ob in t.obligations if ob.kind == main]
            return {
                "kind": e.point.obligation if e.point is not None else main,
                "constitutional": main == "defence"
                and all(ob.response == "constitutional_processes" for ob in defence),
                "opt_out": main == "defence" and any(ob.by != "all" for ob in defence),
                "armed_only": any(ob.conditions.attack_kinds == ("armed_attack",) for ob in defence),
                "command": t.depth.integrated_command,
                "members": {self.names.get(c, str(c)) for c in t.member_codes()},
                "us": 2 in t.member_codes(),
            }

        front = [traits(e) for e in self.front]
        hand = [traits(e) for e in self.handwritten]
        kinds = sorted({f["kind"] for f in front})
        lines = [
            f"{len(self.front)} designs are on the front ({self.evaluated} evaluated): "
            + "; ".join(e.name for e in self.front)
            + "."
        ]
        lines.append(
            f"Obligations on the front: {', '.join(kinds)}; {sum(f['us'] for f in front)} of "
            f"{len(front)} include the United States."
        )
        if hand:
            hand_members = set().union(*(h["members"] for h in hand))
            new = sorted(set().union(*(f["members"] for f in front)) - hand_members)
            apart = []
            for key, words in (("constitutional", "a constitutional-process defence clause (ANZUS art. IV)"),
                               ("opt_out", "an opt-out from defence for some members"),
                               ("armed_only", "a trigger limited to armed attack"),
                               ("command", "an integrated command")):  # fmt: skip
                n_front, n_hand = sum(f[key] for f in front), sum(h[key] for h in hand)
                if n_front and not n_hand:
                    apart.append(f"{n_front} use {words}, which no hand-written design has")
            if new:
                apart.append(f"members no hand-written design includes: {', '.join(new)}")
            hw_kinds = {h["kind"] for h in hand}
            if set(kinds) - hw_kinds:
                apart.append(f"obligations none of them uses: {', '.join(sorted(set(kinds) - hw_kinds))}")
            if apart:
                lines.append(
                    "What sets the front apart from the hand-written designs: " + "; ".join(apart) + "."
                )
            for e in self.handwritten:
                if e.dominated_by:
                    lines.append(f"{e.name} is dominated by {len(e.dominated_by)} design(s) on the front.")
                else:
                    lines.append(f"{e.name} is dominated by none: it would sit on the front.")
        spread = [e.evaluation.objectives["deterrence"] for e in (*self.front, *self.handwritten)]
        line = (
            f"Mean P(deterred) ranges from {min(spread):.4f} to {max(spread):.4f} (with no pact: "
            f"{self.base_deterrence:.4f})"
        )
        if max(spread) - min(spread) < 0.01:
            line += (
                ": under the estimated crisis models the pact's design barely moves deterrence, so the "
                "front is shaped by acceptance, cost and entrapment"
            )
        lines.append(line + ".")
        return "\n".join(lines)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DesignResult:
        """Read back :meth:`to_dict` (treaties revalidated; per-design details kept)."""
        names: dict[int, str] = {}

        def entries(key: str) -> tuple[Entry, ...]:
            out = []
            for x in d.get(key, []):
                t = Treaty.model_validate(x["design"])
                ab = x["design"].get("members", [])
                for code, m in zip(t.member_codes(), ab, strict=False):
                    names[code] = m if isinstance(m, str) else str(m.get("state"))
                ev = Evaluation(
                    t,
                    {k: float(x["objectives"][k]) for k in NAMES},
                    {k: tuple(x["intervals"][k]) for k in NAMES},
                    x.get("details", {}),
                )
                pt = x.get("point")
                point = None if pt is None else DesignPoint(
                    tuple(pt["members"]), pt["obligation"], pt["scope"], tuple(pt["clauses"])
                )  # fmt: skip
                out.append(Entry(x.get("label", t.name), ev, point, tuple(x.get("dominated_by", ()))))
            return tuple(out)

        p = d.get("provenance", {}) or {}
        prov = Provenance(
            models=tuple(p.get("models", ())),
            citations=tuple(p.get("citations", ())),
            data=tuple(
                DataVersion(x["name"], x["version"], tuple(x.get("files", {}).items()), x.get("year_used"))
                for x in p.get("data", [])
            ),
            parameters=p.get("parameters", {}),
            seed=p.get("seed"),
            scenario_hash=p.get("scenario_hash"),
        )
        front, dominated, handwritten = entries("front"), entries("dominated"), entries("handwritten")
        return cls(
            front=front,
            dominated=dominated,
            handwritten=handwritten,
            evaluated=int(d.get("evaluated", 0)),
            method=str(d.get("method", "")),
            base_deterrence=float(d.get("base_deterrence", float("nan"))),
            names=names,
            notes=tuple(d.get("notes", ())),
            provenance=prov,
        )

    @classmethod
    def load(cls, path: str | Path) -> DesignResult:
        """Read a ``--format json`` file written by ``foedus design search``."""
        from foedus.readers import read_text

        return cls.from_dict(json.loads(read_text(path, what="design result")))
