"""ATOP alliances as treaty specs (:meth:`foedus.treaty.Treaty.from_atop` validates them).

:func:`atop_spec` reads one alliance of the Alliance Treaty Obligations and
Provisions project, version 5.1 (Leeds et al. 2002; codebook: Leeds 2022), from its
alliance-phase (``atop5_1aph``) and member-level (``atop5_1m``) files, and writes it as
a treaty spec that the obligations engine (:mod:`foedus.obligations`) can evaluate.
:func:`atop_ids_in_force` and :func:`memberships` list the alliances in force in a year
(:func:`foedus.treaty.treaties_in_force` builds them). ``docs/atop-check.md`` gives the
mapping table and ten alliances checked by hand against the codebook.

The mapping
-----------
**Phase.** An alliance whose written terms changed has several *phases* (codebook
§1.53). The phase in force in ``year`` is used (a phase is in force when one of its
member rows is: ``yrent <= year`` and ``yrexit`` is 0 or ``>= year``, the rule of
:func:`foedus.data.atop.members_in`); with no year, the latest phase. When two phases are
in force in the same year, the one that began later is used, except that phases which
begin on the same date are merged: ATOP codes a bilateral alliance that a state
succession split in two (Czechoslovakia, 1993) as simultaneous phases, one per successor.

**Members.** Every member row of the phase, with ``joined = yrent`` and ``left = yrexit``
(``None`` when ``yrexit`` is 0, still a member on 31 December 2018). A state that left
and rejoined within one phase (Egypt in the Arab League) keeps the spell in force in the
reference year (the year asked for, else the phase's last year); the other spells are
listed in the notes.

**Obligations.** One obligation per member and primary obligation coded 1 on its row:
DEFENSE, OFFENSE, NEUTRAL, NONAGG, CONSUL become ``defence``, ``offence``,
``neutrality``, ``non_aggression``, ``consultation``, with ``by = [member]``. ``to`` is
every other member of the phase, because OBVARY = 0 says the member owes the same
obligations to every partner (codebook §2.33). When OBVARY = 1 (different obligations to
different partners; 2 of the alliances in force in 2018), ``to`` keeps the partners that
the directed dyad-year summary (``atop5_1_ddyr_summary``) codes as owed that kind of
obligation by the member in the reference year (or the last year both were members).
That file sums over all alliances, so a 0 excludes the partner for certain while a 1
may come from another alliance: the rule never drops a partner ATOP codes as owed.

**Conditions.** ATOP codes *that* an obligation is conditional, not the details (the
place, the adversary): each condition dummy becomes an ``unspecified`` entry, which the
engine evaluates as unknown (DEFCOLOC, OFFCOLOC, NEUCOLOC, CONCOLOC -> ``location``;
*COADV -> ``adversary``; *COCON -> ``conflict``; *CONUM -> ``number``; *CODEM ->
``demand``). Where the codebook defines the condition fully it is written as a typed
condition: DEFCONPR and NEUCONPR ("conditional upon the ally not provoking the
adversary") -> ``not_provoked: true``; CONCOREQ ("upon an ally's request, the members
must consult") -> ``on_request: true``; NEUCOATT ("conditional upon the ally being
attacked") -> ``attack_kinds`` = armed attack, blockade, attack on forces (everything but
grey-zone coercion). OLIMOB ("an obligation undertaken by this alliance member is
contingent upon a condition not covered by the above codes") does not say which
obligation, so every obligation of that member gets ``unspecified: [other]``: it may
be conditional, which is what *unknown* means.

The threat states STATTHR1/STATTHR2 are *not* made an adversary condition: the codebook
says "the mention of a specific threat does not necessarily mean that the alliance
obligations are limited to countering that threat" (SPECTHRT), and DEFCOADV covers types
of adversary ("a European power", "a state not yet involved in the war") as well as
states. The threat is quoted in the obligation's text and in the notes.

**Depth** (from the phase row; Leeds & Anac 2005): ``integrated_command`` = INTCOM 1;
``bases`` = BASE 1-3 (joint placements on neutral territory, reciprocal or one-sided
stationing); ``military_aid`` = MILAID 1-4 (general aid, grants or loans, training or
technology, both); ``organisation`` = ORGAN1 1-3 (required regular meetings, a named
organisation, a permanent bureaucracy); ``contributions`` = CONTRIB 1. A missing code
(the agreement text was not located) is read as no provision and named in the notes.
MILCON, SUBORD and the threat codes have no spec field and are quoted in the notes.

**Years.** ATOP covers 1815-2018. A year before 1815 is an error; a later year is
answered with ATOP's last year, 2018, which stands in for it (ATOP records no
accessions, exits or new alliances after 2018) and the notes say so.

References: Leeds, Ritter, Mitchell & Long (2002); Leeds (2022), ATOP codebook v5.1;
Leeds & Anac (2005).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from foedus.atomic import write_text
from foedus.data.atop import (
    ATOP_LAST_YEAR,
    load_alliances,
    load_dyad_years,
    load_members,
    load_phases,
    members_in,
)
from foedus.data.cache import data_dir
from foedus.errors import InputError, UnknownStateError

ATOP_FIRST_YEAR = 1815

# Member-level obligation dummies -> spec kinds (the dyad-year file names them atop_<dummy>).
KINDS: tuple[tuple[str, str], ...] = (
    ("defense", "defence"),
    ("offense", "offence"),
    ("neutral", "neutrality"),
    ("nonagg", "non_aggression"),
    ("consul", "consultation"),
)

# Condition dummies whose details ATOP does not record -> ``Conditions.unspecified`` entries.
UNSPECIFIED: dict[str, tuple[tuple[str, str], ...]] = {
    "defence": (
        ("defcoloc", "location"),
        ("defcoadv", "adversary"),
        ("defcocon", "conflict"),
        ("defconum", "number"),
        ("defcodem", "demand"),
    ),
    "offence": (
        ("offcoloc", "location"),
        ("offcoadv", "adversary"),
        ("offcocon", "conflict"),
        ("offconum", "number"),
        ("offcodem", "demand"),
    ),
    "neutrality": (
        ("neucoloc", "location"),
        ("neucoadv", "adversary"),
        ("neucocon", "conflict"),
        ("neuconum", "number"),
        ("neucodem", "demand"),
    ),
    "consultation": (
        ("concoloc", "location"),
        ("concoadv", "adversary"),
        ("concocon", "conflict"),
    ),
    "non_aggression": (),
}
NOT_PROVOKED = {"defence": "defconpr", "neutrality": "neuconpr"}
ON_REQUEST = {"consultation": "concoreq"}
ATTACKED = {"neutrality": "neucoatt"}
ATTACK_KINDS = ("armed_attack", "blockade", "attack_on_forces")

MILAID_CODES = (1, 2, 3, 4)
BASE_CODES = (1, 2, 3)
ORGAN_CODES = (1, 2, 3)
MILCON = {
    1: "contact among the armed services in wartime only",
    2: "peacetime contact among the armed services",
    3: "a common defence policy",
}
SUBORD = {1: "a named state commands the joint forces", 2: "command depends on the circumstances"}
SPECTHRT = {
    1: "specific state(s)",
    2: "a specific region",
    3: "specific state(s) in a specific region",
    4: "a specific ongoing conflict",
    5: "domestic groups or non-state actors",
    6: "another alliance",
}

CODEBOOK = "Leeds, B. A. (2022), Alliance Treaty Obligations and Provisions (ATOP) Codebook, version 5.1"


# ---------------------------------------------------------------------------- data
Row = dict[str, Any]


@dataclass(frozen=True)
class _Atop:
    """The ATOP files as plain records, grouped by alliance once per data folder."""

    alliances: dict[int, Row]  # atopid -> its atop5_1a row
    phases: dict[int, dict[int, Row]]  # atopid -> phase -> its atop5_1aph row
    members: dict[int, list[Row]]  # atopid -> its atop5_1m rows
    known: frozenset[int]  # every ATOP member code


def _records(df: pd.DataFrame) -> list[Row]:
    return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


@cache
def _atop(_root: str) -> _Atop:
    members: dict[int, list[Row]] = {}
    for r in _records(load_members()):
        members.setdefault(int(r["atopid"]), []).append(r)
    phases: dict[int, dict[int, Row]] = {}
    for r in _records(load_phases()):
        phases.setdefault(int(r["atopid"]), {})[int(r["phase"])] = r
    return _Atop(
        alliances={int(r["atopid"]): r for r in _records(load_alliances())},
        phases=phases,
        members=members,
        known=frozenset(int(r["member"]) for rows in members.values() for r in rows),
    )


@cache
def _ddyr(_root: str) -> dict[tuple[int, int, int], tuple[int, ...]]:
    d = load_dyad_years()
    cols = [f"atop_{c}" for c, _ in KINDS]
    keys = zip(d.ccode1.astype(int), d.ccode2.astype(int), d.year.astype(int), strict=True)
    return dict(zip(keys, map(tuple, d[cols].astype(int).to_numpy().tolist()), strict=True))


@cache
def _states(_root: str) -> Any:
    from foedus.data.states import StateSystem

    return StateSystem.from_data()


def _data() -> _Atop:
    return _atop(str(data_dir()))


@cache
def _cow_codes(_root: str) -> frozenset[int]:
    return frozenset(int(c) for c in _states(_root).spells.ccode.unique())


def resolver() -> Callable[[str | int], int]:
    """COW codes pass as they are (ATOP members may be any state, at any time); names go
    through :meth:`StateSystem.lookup`, year-free."""
    root = str(data_dir())
    codes = _cow_codes(root) | _data().known

    def resolve(q: str | int) -> int:
        if isinstance(q, int) and not isinstance(q, bool) and q in codes:
            return q
        return _states(root).lookup(q).ccode

    return resolve


def _state_name(code: int, year: int | None) -> str:
    return _name(str(data_dir()), code, year)


@cache
def _name(root: str, code: int, year: int | None) -> str:
    ss = _states(root)
    for y in (year, None):
        try:
            return ss.lookup(code, y).name
        except UnknownStateError:
            continue
    return f"state {code}"


# ---------------------------------------------------------------------------- input
def _check_year(year: Any) -> int:
    """ATOP's year for ``year``: errors before 1815, 2018 for later years."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(f"year must be an integer, not {year!r}", hint="e.g. 2018")
    if year < ATOP_FIRST_YEAR:
        raise InputError(
            f"year {year} is before ATOP's coverage ({ATOP_FIRST_YEAR}-{ATOP_LAST_YEAR})",
            hint=f"use a year from {ATOP_FIRST_YEAR}",
        )
    return min(year, ATOP_LAST_YEAR)


def _alliance_rows(atopid: Any) -> tuple[int, dict[int, Row], list[Row]]:
    if isinstance(atopid, bool) or not isinstance(atopid, int):
        raise InputError(f"atopid must be an integer ATOP alliance id, not {atopid!r}", hint="e.g. 3375")
    d = _data()
    if atopid not in d.members or atopid not in d.alliances:
        raise InputError(
            f"no ATOP alliance with atopid {atopid} in ATOP 5.1",
            hint=f"ids run from {min(d.alliances)} to {max(d.alliances)}; "
            "atop_ids_in_force(year) lists those of a year",
        )
    return atopid, d.phases.get(atopid, {}), d.members[atopid]


def _spell(r: Row) -> tuple[int, int | None]:
    """A member row's (entry, exit) years; exit ``None``: still a member at the end of 2018."""
    return int(r["yrent"]), (None if int(r["yrexit"]) == 0 else int(r["yrexit"]))


def _live(r: Row, y: int) -> bool:
    start, end = _spell(r)
    return start <= y and (end is None or end >= y)


def _select_phases(
    atopid: int, phases: dict[int, Row], members: list[Row], y: int | None, phase: int | None
) -> list[int]:
    """The phase numbers the treaty is built from (one, or simultaneous successor phases)."""
    numbers = sorted({int(r["phase"]) for r in members})
    if phase is not None:
        if isinstance(phase, bool) or not isinstance(phase, int) or phase not in numbers:
            raise InputError(
                f"ATOP alliance {atopid} has no phase {phase!r}",
                hint=f"its phases: {', '.join(map(str, numbers))}",
            )
        rows = [r for r in members if r["phase"] == phase]
        if y is not None and not any(_live(r, y) for r in rows):
            raise InputError(
                f"phase {phase} of ATOP alliance {atopid} is not in force in {y}",
                hint=f"{_span(rows)}; omit the year or the phase",
            )
        return [phase]
    candidates = numbers if y is None else sorted({int(r["phase"]) for r in members if _live(r, y)})
    if not candidates:
        raise InputError(
            f"ATOP alliance {atopid} is not in force in {y}",
            hint=f"{_span(members)}; atop_ids_in_force({y}) lists the alliances of that year",
        )

    def start(p: int) -> tuple[int, int, int]:
        ph = phases.get(p)
        if ph is None:
            return (min(int(r["yrent"]) for r in members if r["phase"] == p), 0, 0)
        return tuple(int(ph[c] or 0) for c in ("begyr", "begmo", "begday"))  # type: ignore[return-value]

    latest = max(start(p) for p in candidates)
    return [p for p in candidates if start(p) == latest]


def _span(rows: list[Row]) -> str:
    spells = [_spell(r) for r in rows]
    first = min(s for s, _ in spells)
    ends = [e for _, e in spells]
    end = "still in force in 2018" if None in ends else f"to {max(e for e in ends if e is not None)}"
    return f"it ran from {first} {end}"


# ---------------------------------------------------------------------------- mapping
def _flag(row: Row, col: str) -> bool:
    v = row.get(col)
    return v is not None and int(v) == 1


def _code(row: Row, col: str) -> int | None:
    v = row.get(col)
    return None if v is None else int(v)


def _conditions(row: Row, kind: str) -> tuple[dict[str, Any], list[str]]:
    """The spec conditions of ``kind`` on a member row, and the ATOP codes behind them."""
    cond: dict[str, Any] = {}
    unspecified: list[str] = []
    codes: list[str] = []
    for col, what in UNSPECIFIED[kind]:
        if _flag(row, col):
            unspecified.append(what)
            codes.append(col.upper())
    if kind in NOT_PROVOKED and _flag(row, NOT_PROVOKED[kind]):
        cond["not_provoked"] = True
        codes.append(NOT_PROVOKED[kind].upper())
    if kind in ON_REQUEST and _flag(row, ON_REQUEST[kind]):
        cond["on_request"] = True
        codes.append(ON_REQUEST[kind].upper())
    if kind in ATTACKED and _flag(row, ATTACKED[kind]):
        cond["attack_kinds"] = list(ATTACK_KINDS)
        codes.append(ATTACKED[kind].upper())
    if _flag(row, "olimob"):
        unspecified.append("other")
        codes.append("OLIMOB")
    if unspecified:
        cond["unspecified"] = unspecified
    return cond, codes


def _owed_to(
    member: int,
    kind_col: str,
    partners: list[int],
    spells: dict[int, tuple[int, int | None]],
    ref: int,
) -> list[int]:
    """Partners a member with OBVARY = 1 owes ``kind_col`` to, per the directed dyad-years.

    Each pair is read in the reference year, or the nearest year both were members; a
    pair absent from the file that year shares no obligation (codebook section 2.7).
    """
    dd = _ddyr(str(data_dir()))
    k = [c for c, _ in KINDS].index(kind_col)
    out = []
    for p in partners:
        lo = max(spells[member][0], spells[p][0])
        hi = min(spells[member][1] or ATOP_LAST_YEAR, spells[p][1] or ATOP_LAST_YEAR)
        if lo > hi:
            continue
        coded = dd.get((member, p, min(max(ref, lo), hi)))
        if coded is not None and coded[k] == 1:
            out.append(p)
    return out


def _threats(ph: Row) -> tuple[list[int], str | None]:
    kind = _code(ph, "specthrt")
    states = [c for c in (_code(ph, "statthr1"), _code(ph, "statthr2")) if c]
    if not kind:
        return states, None
    what = SPECTHRT.get(kind, f"code {kind}")
    if states:
        what += ": " + ", ".join(f"{_state_name(c, None)} ({c})" for c in states)
    return states, what


def atop_spec(atopid: int, year: int | None = None, phase: int | None = None) -> dict[str, Any]:
    """The ATOP 5.1 alliance ``atopid`` as a treaty spec mapping (the mapping: module docstring).

    :meth:`foedus.treaty.Treaty.from_atop` validates it into a :class:`~foedus.treaty.Treaty`.

    Parameters
    ----------
    atopid : int
        The ATOP alliance id (``3375``: United States–Japan, 1960).
    year : int, optional
        Use the phase in force in this year (default: the latest phase). Years after 2018
        are answered with ATOP's 2018 coding; years before 1815 are an error.
    phase : int, optional
        Use this phase (``0`` for alliances that never changed; ``1``, ``2``, ... else).

    Returns
    -------
    dict
        The fields of a treaty file: ``id = "atop-<atopid>"``, members with their entry and
        exit years (COW codes), one obligation per member and kind, ``unspecified`` conditions
        where ATOP gives no details.

    Raises
    ------
    InputError
        An unknown atopid or phase, a year outside ATOP's coverage, or an alliance (or
        phase) not in force in ``year``.

    Examples
    --------
    >>> spec = atop_spec(3375, 2018)                              # doctest: +SKIP
    >>> [(ob["kind"], ob["by"]) for ob in spec["obligations"]][:2]  # doctest: +SKIP
    [('defence', [2]), ('non_aggression', [2])]
    """
    atopid, phases, members = _alliance_rows(atopid)
    y = None if year is None else _check_year(year)
    chosen = _select_phases(atopid, phases, members, y, phase)
    rows = [r for r in members if r["phase"] in chosen]
    alliance = _data().alliances[atopid]
    ph_rows = [phases[p] for p in chosen if p in phases] or [alliance]
    ref = y if y is not None else max(_spell(r)[1] or ATOP_LAST_YEAR for r in rows)
    notes: list[str] = []
    spells = _member_spells(rows, ref, notes)
    members_out = {
        c: _chain(spells[c], [_spell(r) for r in members if int(r["member"]) == c]) for c in spells
    }
    order = sorted(spells, key=lambda c: (members_out[c][0], c))
    ob_list, resolved = _obligations(rows, chosen, spells, ref, order, notes)
    depth = _depth(ph_rows, ob_list, notes)
    signed = int(alliance["begyr"])
    maxphase = int(alliance["maxphase"])
    phase_label = ""
    if maxphase > 0:
        which = f"phase{'s' if len(chosen) > 1 else ''} {' and '.join(map(str, chosen))}"
        phase_label = f" ({which})"
        notes.insert(0, f"ATOP codes {maxphase} phases of this alliance; this spec is {which}.")
    if year is not None and year > ATOP_LAST_YEAR:
        notes.insert(
            0, f"ATOP 5.1 ends in {ATOP_LAST_YEAR}: its {ATOP_LAST_YEAR} coding stands in for {year}."
        )
    label = _label([_state_name(c, ref) for c in order])
    return {
        "id": f"atop-{atopid}",
        "name": f"ATOP {atopid} ({label}, {signed})",
        "signed": signed,
        "ended": int(alliance["endyr"]) or None,  # ATOP: endyr 0 = still in force in 2018
        "atopid": atopid,
        "members": [{"state": c, "joined": members_out[c][0], "left": members_out[c][1]} for c in order],
        "obligations": ob_list,
        "depth": depth,
        "sources": [
            f"ATOP 5.1, alliance {atopid}{phase_label}: atop5_1a, atop5_1aph, atop5_1m"
            + (", atop5_1_ddyr_summary" if resolved else "")
            + "; Leeds et al. (2002), http://www.atopdata.org",
            CODEBOOK,
        ],
        "notes": " ".join(notes) or None,
    }


def _member_spells(rows: list[Row], ref: int, notes: list[str]) -> dict[int, tuple[int, int | None]]:
    """One membership spell per state: the one in force in the reference year."""
    by_state: dict[int, list[tuple[int, int | None]]] = {}
    for r in rows:
        by_state.setdefault(int(r["member"]), []).append(_spell(r))
    spells: dict[int, tuple[int, int | None]] = {}
    for code, ss in by_state.items():
        ss = sorted(set(ss), key=lambda s: s[0])
        live = [s for s in ss if s[0] <= ref and (s[1] is None or s[1] >= ref)]
        past = [s for s in ss if s[0] <= ref]
        pick = live[-1] if live else past[-1] if past else ss[0]
        spells[code] = pick
        if len(ss) > 1:
            others = ", ".join(f"{a}-{b or ''}" for a, b in ss if (a, b) != pick)
            notes.append(
                f"{_state_name(code, ref)} ({code}) has several membership spells; the spec keeps "
                f"{pick[0]}-{pick[1] or ''}, ATOP also codes {others}."
            )
    return spells


def _obligations(
    rows: list[Row], chosen: list[int], spells: dict[int, tuple[int, int | None]], ref: int,
    order: list[int], notes: list[str],
) -> tuple[list[dict[str, Any]], list[str]]:  # fmt: skip
    """Per member row, its obligations towards the other members of the same phase."""
    obligations: dict[tuple[str, int, str], dict[str, Any]] = {}
    resolved: list[str] = []
    for p in chosen:
        prow = [r for r in rows if r["phase"] == p]
        phase_members = sorted({int(r["member"]) for r in prow})
        for row in prow:
            code = int(row["member"])
            if spells[code] != _spell(row):
                continue  # another spell of a member who left and rejoined
            partners = [c for c in phase_members if c != code]
            for col, kind in KINDS:
                if not _flag(row, col):
                    continue
                to = partners
                if _flag(row, "obvary"):
                    to = _owed_to(code, col, partners, spells, ref)
                    dropped = [c for c in partners if c not in to]
                    if dropped:
                        resolved.append(
                            f"{code} owes {kind.replace('_', '-')} to {', '.join(map(str, to)) or 'no one'}"
                            f", not {', '.join(map(str, dropped))}"
                        )
                    if not to:
                        continue
                cond, codes = _conditions(row, kind)
                text = f"ATOP 5.1 member-level coding: {col.upper()}=1" + (
                    "; conditional: " + ", ".join(f"{c}=1" for c in codes) if codes else "; unconditional"
                )
                key = (kind, code, repr(sorted(cond.items())))
                if key in obligations:
                    obligations[key]["to"] = sorted(set(obligations[key]["to"]) | set(to))
                else:
                    obligations[key] = {"kind": kind, "by": [code], "to": list(to), "text": text}
                    if cond:
                        obligations[key]["conditions"] = cond
    if resolved:
        notes.append(
            "OBVARY=1 (different obligations to different partners) resolved with the directed "
            "dyad-year summary: " + "; ".join(resolved) + "."
        )
    ob_list = sorted(
        obligations.values(),
        key=lambda o: (order.index(o["by"][0]), [k for _, k in KINDS].index(o["kind"])),
    )
    return ob_list, resolved


def _depth(ph_rows: list[Row], ob_list: list[dict[str, Any]], notes: list[str]) -> dict[str, bool]:
    """The alliance-level provisions of the phase(s), with notes on what has no spec field."""

    def any_code(col: str, codes: tuple[int, ...]) -> bool:
        return any(_code(r, col) in codes for r in ph_rows)

    depth = {
        "integrated_command": any_code("intcom", (1,)),
        "bases": any_code("base", BASE_CODES),
        "military_aid": any_code("milaid", MILAID_CODES),
        "organisation": any_code("organ1", ORGAN_CODES),
        "contributions": any_code("contrib", (1,)),
    }
    ph0 = ph_rows[0]
    missing = [c.upper() for c in ("intcom", "base", "milaid", "organ1", "contrib") if _code(ph0, c) is None]
    if missing:
        notes.append(
            f"ATOP codes {', '.join(missing)} as missing (the agreement text was not located); "
            "the depth fields read them as no provision."
        )
    extra = []
    milcon, subord = _code(ph0, "milcon"), _code(ph0, "subord")
    if milcon:
        extra.append(f"MILCON={milcon} ({MILCON.get(milcon, '?')})")
    if subord:
        extra.append(f"SUBORD={subord} ({SUBORD.get(subord, '?')})")
    threat_states, threat = _threats(ph0)
    if threat:
        extra.append(f"SPECTHRT={_code(ph0, 'specthrt')} (a threat named: {threat})")
    if extra:
        notes.append("Also coded, with no spec field: " + "; ".join(extra) + ".")
    if threat_states:
        for ob in ob_list:
            if "adversary" in ob.get("conditions", {}).get("unspecified", []):
                names = ", ".join(f"{_state_name(c, None)} ({c})" for c in threat_states)
                ob["text"] += (
                    f". The agreement names {names} as a threat; ATOP does not say the adversary "
                    "condition is limited to it"
                )
    if _code(ph0, "source") == 2:
        notes.append("ATOP coded this alliance from secondary sources, without the agreement text.")
    return depth


def _chain(spell: tuple[int, int | None], spells: list[tuple[int, int | None]]) -> tuple[int, int | None]:
    """Extend a phase spell over the member's contiguous spells in the alliance's other phases.

    A new phase starts when the terms change (codebook section 1.53); membership runs on:
    NATO's founders joined in 1949 although phase 2 starts in 1951.
    """
    start, end = spell
    changed = True
    while changed:
        changed = False
        for s, e in spells:
            if s < start and e is not None and e >= start - 1:
                start, changed = s, True
            if end is not None and start <= s <= end + 1 and (e is None or e > end):
                end, changed = e, True
    return start, end


def _label(names: list[str]) -> str:
    if len(names) == 2:
        return "–".join(names)
    if len(names) <= 4:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return f"{', '.join(names[:3])} and {len(names) - 3} others"


EMBEDDED_SPECS = "atop_treaties.json"
"""The file of the default world's ATOP specs (:func:`write_embedded_specs`)."""


# ---------------------------------------------------------------------------- listings
def atop_ids_in_force(year: int) -> list[int]:
    """The ATOP alliances with a member in force in ``year`` (2018 stands in for later years).

    Examples
    --------
    >>> len(atop_ids_in_force(2018))                        # doctest: +SKIP
    373
    """
    y = _check_year(year)
    return sorted(a for a, rows in _data().members.items() if any(_live(r, y) for r in rows))


def memberships(state: str | int, year: int) -> list[tuple[int, int, int]]:
    """The ATOP alliances ``state`` belongs to in ``year``: ``(atopid, ccode, latest live phase)``.

    Parameters
    ----------
    state : str or int
        A COW code or anything :meth:`~foedus.data.states.StateSystem.lookup` accepts
        (``740``, ``"JPN"``, ``"Japan"``).
    year : int
        1815 or later; after 2018 ATOP's 2018 coding stands in.

    Raises
    ------
    InputError
        An unknown state or a year before 1815.
    """
    y = _check_year(year)
    code = _lookup_state(state, y)
    out = []
    for atopid, rows in sorted(_data().members.items()):
        live = [int(r["phase"]) for r in rows if int(r["member"]) == code and _live(r, y)]
        if live:
            out.append((atopid, code, max(live)))
    return out


def _lookup_state(state: str | int, y: int) -> int:
    if isinstance(state, int) and not isinstance(state, bool) and state in _data().known:
        return state
    ss = _states(str(data_dir()))
    try:
        return ss.lookup(state, y).ccode
    except UnknownStateError:
        return ss.lookup(state).ccode


# ---------------------------------------------------------------------------- the embedded specs
def embedded_specs(codes: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The spec (:func:`atop_spec`, latest phase) of every alliance in force in ATOP's last year
    whose members that year are all among ``codes``: what ships with the default world, so that
    ``Treaty.from_atop`` answers for the alliances among its states without the ATOP files.

    Examples
    --------
    >>> from foedus.world import World
    >>> sorted(embedded_specs(World.default().states.ccode))[:3]   # doctest: +SKIP
    [2565, 3195, 3210]
    """
    keep = {int(c) for c in codes}
    out = {}
    for atopid in atop_ids_in_force(ATOP_LAST_YEAR):
        members = members_in(atopid, ATOP_LAST_YEAR)
        if len(members) >= 2 and set(members) <= keep:
            out[atopid] = atop_spec(atopid)
    return out


def write_embedded_specs(dest: str | Path | None = None) -> Path:
    """Write :func:`embedded_specs` of the default world to ``default_world/atop_treaties.json``
    under ``dest`` (default: the package's embedded folder), atomically; part of
    ``foedus data snapshot``, after the default world's own tables."""
    from foedus.data.embedded import default_world_table

    folder = Path(dest) if dest else Path(str(files("foedus.data.embedded")))
    states = pd.read_csv(folder / "default_world" / "states.csv") if dest else default_world_table("states")
    specs = embedded_specs(states.ccode)
    return write_text(folder / "default_world" / EMBEDDED_SPECS, json.dumps(specs, indent=1) + "\n")


def embedded_spec(atopid: int, year: int | None = None, phase: int | None = None) -> dict[str, Any] | None:
    """The shipped spec of ``atopid`` when it answers the request, else ``None``.

    It answers for the latest phase (``phase=None``) in ATOP's last year or after (``year``
    ``None`` or from 2018): earlier years need the ATOP files.
    """
    from foedus.data.embedded import atop_specs

    spec = atop_specs().get(int(atopid))
    if spec is None or phase is not None or (year is not None and year < ATOP_LAST_YEAR):
        return None
    spec = copy.deepcopy(spec)
    if year is not None and year > ATOP_LAST_YEAR:
        stand_in = f"ATOP 5.1 ends in {ATOP_LAST_YEAR}: its {ATOP_LAST_YEAR} coding stands in for {year}."
        spec["notes"] = " ".join(filter(None, [stand_in, spec.get("notes")]))
    return spec
