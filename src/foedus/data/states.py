"""The year-aware state system: COW codes, names, membership spells, ISO3 and GW crosswalks.

States are keyed by the Correlates of War code ``ccode`` (an int). Names and
abbreviations belong to membership *spells*, so look-ups are year-aware:
``345`` is "Yugoslavia" (YUG) until 3 June 2006 and "Serbia" (SRB) after; ``255``
is Germany to 1945 and again from 3 October 1990, with 260 (German Federal Republic)
and 265 (German Democratic Republic) between; Japan (740) is out of the system from
14 August 1945 to 28 April 1952.

:meth:`StateSystem.lookup` accepts a ccode (``740`` or ``"740"``), a COW abbreviation
(``"JPN"``), a name or a common alias (``"Japan"``, ``"South Korea"``, ``"Burma"``), or
a prefixed code (``"iso3:AUS"``, ``"gw:260"``, ``"cow:AUS"``). A bare three-letter code
is read as a COW abbreviation first and as ISO3 only when no COW abbreviation matches:
``"AUS"`` is Austria (COW), ``"iso3:AUS"`` is Australia. An unknown or ambiguous query
raises :class:`~foedus.errors.UnknownStateError` with the closest matches.

The Gleditsch–Ward crosswalk follows the differences Gleditsch & Ward (1999) document
(GW 260 for unified Germany, 340 for Serbia before 1918 and after 2006, 678 for
unified Yemen).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, cached_property

import pandas as pd

from foedus.errors import InputError, UnknownStateError

# Common names that differ from COW's, as (alias, ccode). Year-aware resolution picks
# the spell in force, so "Serbia" and "Yugoslavia" both point at 345.
ALIASES: tuple[tuple[str, int], ...] = (
    ("United States", 2),
    ("USA", 2),
    ("US", 2),
    ("America", 2),
    ("United Kingdom", 200),
    ("UK", 200),
    ("Britain", 200),
    ("Great Britain", 200),
    ("France", 220),
    ("Germany", 255),
    ("West Germany", 260),
    ("East Germany", 265),
    ("Serbia", 345),
    ("Yugoslavia", 345),
    ("Russia", 365),
    ("Soviet Union", 365),
    ("USSR", 365),
    ("China", 710),
    ("PRC", 710),
    ("People's Republic of China", 710),
    ("Taiwan", 713),
    ("Republic of China", 713),
    ("ROC", 713),
    ("North Korea", 731),
    ("DPRK", 731),
    ("South Korea", 732),
    ("Korea, Republic of", 732),
    ("Republic of Korea", 732),
    ("Burma", 775),
    ("Myanmar", 775),
    ("Vietnam", 816),
    ("Viet Nam", 816),
    ("North Vietnam", 816),
    ("South Vietnam", 817),
    ("Timor-Leste", 860),
    ("East Timor", 860),
    ("Philippines", 840),
    ("Australia", 900),
    ("New Zealand", 920),
    ("Iran", 630),
    ("Czechia", 316),
    ("Ivory Coast", 437),
    ("Cote d'Ivoire", 437),
    ("DR Congo", 490),
    ("Congo-Kinshasa", 490),
)

# ISO 3166-1 alpha-3 for COW codes, for states that have one (historic states that
# map onto a present ISO code share it: 260 and 255 are both DEU, read by year).
# Derived from the UNGA ideal-point file's ccode/iso3c pairs, with its errors fixed
# (345 is SRB from 2006 and YUG before, South Yemen YMD; Kosovo takes the
# user-assigned XKX).
ISO3_OVERRIDES: dict[int, str] = {345: "SRB", 713: "TWN", 347: "XKX", 265: "DDR", 678: "YEM", 680: "YMD"}


def _norm(text: str) -> str:
    text = text.lower().replace("&", "and")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"\bthe\b", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class State:
    """One state as of a year (or as of its latest spell when no year is given)."""

    ccode: int
    abb: str
    name: str
    iso3: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.abb}, {self.ccode})"


class StateSystem:
    """The COW state system: membership spells and code look-ups.

    Parameters
    ----------
    spells : pandas.DataFrame
        Columns ``stateabb, ccode, statenme, styear, stmonth, stday, endyear, endmonth,
        endday`` (the COW state list's).
    iso3 : pandas.DataFrame, optional
        Columns ``ccode, iso3``; several ccodes may share an ISO3.
    majors : pandas.DataFrame, optional
        COW major-power spells (same date columns, ``ccode``).
    label : str
        Where the spells came from (for error messages).
    """

    def __init__(
        self,
        spells: pd.DataFrame,
        iso3: pd.DataFrame | None = None,
        majors: pd.DataFrame | None = None,
        label: str = "COW state list",
    ) -> None:
        s = spells.copy()
        s["start"] = pd.to_datetime(dict(year=s.styear, month=s.stmonth, day=s.stday), errors="coerce")
        s["end"] = pd.to_datetime(dict(year=s.endyear, month=s.endmonth, day=s.endday), errors="coerce")
        self.spells = s.sort_values(["ccode", "start"]).reset_index(drop=True)
        self.iso3 = (
            iso3[["ccode", "iso3"]].drop_duplicates().reset_index(drop=True)
            if iso3 is not None
            else pd.DataFrame({"ccode": pd.Series(dtype=int), "iso3": pd.Series(dtype=str)})
        )
        # Every state's COW abbreviation, including states this system does not hold: a bare
        # three-letter code is COW's before it is ISO's, whichever states a system holds.
        pairs = zip(iso3.ccode, iso3.cow_abb, strict=True) if iso3 is not None and "cow_abb" in iso3 else ()
        self._all_cow_abbs: dict[str, int] = {a.upper(): int(c) for c, a in pairs if isinstance(a, str) and a}
        self.majors = majors
        self.label = label

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_data(cls) -> StateSystem:
        """The COW state list v2024 (with major powers) from the data folder.

        Read once per data folder and shared (like the other loaders), so repeated look-ups
        do not re-read the file or rebuild the name index; treat it as read-only.
        """
        from foedus.data.cache import data_dir

        return _system_from(str(data_dir()))

    # ------------------------------------------------------------------ membership
    def members(self, year: int) -> pd.DataFrame:
        """States in the system at any time in ``year``: ``ccode, abb, name, iso3``.

        When a state has two spells in the year, the later one names it.
        """
        lo, hi = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        s = self.spells[(self.spells.start <= hi) & (self.spells.end >= lo)]
        s = s.sort_values("start").groupby("ccode", as_index=False).last()
        out = pd.DataFrame({"ccode": s.ccode.astype(int), "abb": s.stateabb, "name": s.statenme})
        out["iso3"] = [self._iso3_for(c, year) for c in out.ccode]
        return out.sort_values("ccode").reset_index(drop=True)

    def in_system(self, ccode: int, year: int) -> bool:
        lo, hi = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        s = self.spells
        return bool(((s.ccode == ccode) & (s.start <= hi) & (s.end >= lo)).any())

    def is_major(self, ccode: int, year: int) -> bool:
        """Whether COW codes ``ccode`` a major power at any time in ``year``."""
        if self.majors is None:
            return False
        m = self.majors
        return bool(((m.ccode == ccode) & (m.styear <= year) & (m.endyear >= year)).any())

    @property
    def years(self) -> tuple[int, int]:
        return int(self.spells.styear.min()), int(self.spells.endyear.max())

    # ------------------------------------------------------------------ look-ups
    def _iso3_for(self, ccode: int, year: int | None) -> str | None:
        if ccode == 345 and year is not None and year < 2006:
            return "YUG"
        hit = self.iso3[self.iso3.ccode == ccode]
        return None if hit.empty else str(hit.iso3.iloc[0])

    @cached_property
    def _index(self) -> dict[str, set[int]]:
        """Normalised name, abbreviation or alias -> ccodes."""
        idx: dict[str, set[int]] = {}
        known = set(self.spells.ccode.astype(int))
        for row in self.spells.itertuples():
            idx.setdefault(_norm(row.statenme), set()).add(int(row.ccode))
        for alias, code in ALIASES:
            if code in known:
                idx.setdefault(_norm(alias), set()).add(code)
        return idx

    @cached_property
    def _abbs(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for row in self.spells.itertuples():
            out.setdefault(str(row.stateabb).upper(), set()).add(int(row.ccode))
        return out

    def _state(self, ccode: int, year: int | None) -> State:
        s = self.spells[self.spells.ccode == ccode]
        if year is not None:
            lo, hi = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
            active = s[(s.start <= hi) & (s.end >= lo)]
            if active.empty:
                spans = ", ".join(f"{r.start.date()} to {r.end.date()}" for r in s.itertuples())
                raise UnknownStateError(
                    f"{s.statenme.iloc[-1]} ({ccode}) is not in the state system in {year}; "
                    f"its membership: {spans}"
                )
            s = active
        row = s.iloc[-1]
        return State(
            int(row.ccode), str(row.stateabb), str(row.statenme), self._iso3_for(int(row.ccode), year)
        )

    def _pick(self, codes: set[int], query: str, year: int | None) -> State:
        if year is not None:
            live = {c for c in codes if self.in_system(c, year)}
            if not live and len(query) == 3 and query.isalpha():
                iso = set(self.iso3.loc[self.iso3.iso3 == query.upper(), "ccode"].astype(int))
                alt = [str(self._state(c, None)) for c in sorted(iso) if self.in_system(c, year)]
                if alt:
                    first = self._state(next(iter(codes)), None)
                    raise UnknownStateError(
                        f"{query!r} is COW's code for {first}, not in the system in {year}",
                        hint=f"for {', '.join(alt)} use iso3:{query.upper()} or its COW code",
                    )
            codes = live or codes
        if len(codes) > 1:
            opts = ", ".join(str(self._state(c, None)) for c in sorted(codes))
            raise UnknownStateError(
                f"{query!r} is ambiguous{f' in {year}' if year else ''}: it could be {opts}",
                hint="use the ccode",
            )
        return self._state(next(iter(codes)), year)

    def lookup(self, query: str | int, year: int | None = None) -> State:
        """Resolve a ccode, COW abbreviation, name, alias or prefixed code to a :class:`State`.

        Parameters
        ----------
        query : str or int
            ``740``, ``"740"``, ``"JPN"``, ``"Japan"``, ``"iso3:JPN"``, ``"gw:740"``.
        year : int, optional
            Resolve as of this year (names, abbreviations and membership are year-aware);
            a state outside the system in ``year`` is an error.

        Raises
        ------
        UnknownStateError
            No state matches (the message suggests close matches) or several do.

        Examples
        --------
        >>> sys = StateSystem.from_data()          # doctest: +SKIP
        >>> sys.lookup("Serbia", 2010).ccode       # doctest: +SKIP
        345
        """
        if isinstance(query, bool):
            raise UnknownStateError(f"not a state: {query!r}")
        if isinstance(query, int):
            return self._by_code(query, year, str(query))
        text = str(query).strip()
        prefix, _, rest = text.partition(":")
        if rest and prefix.lower() in {"cow", "iso3", "gw", "ccode"}:
            kind, text = prefix.lower(), rest.strip()
            if kind in {"ccode", "cow"} and text.isdigit():
                return self._by_code(int(text), year, query)
            if kind == "cow":
                codes = self._abbs.get(text.upper())
                if not codes:
                    raise self._unknown(query, year)
                return self._pick(codes, str(query), year)
            if kind == "iso3":
                return self._by_iso3(text, year, str(query))
            if kind == "gw":
                if not text.isdigit():
                    raise UnknownStateError(f"{query!r}: a GW code is a number")
                return self._by_code(gw_to_cow(int(text), year), year, str(query))
        if text.lstrip("-").isdigit():
            return self._by_code(int(text), year, text)
        codes = self._abbs.get(text.upper()) if len(text) == 3 else None
        if codes:
            return self._pick(codes, text, year)
        codes = self._index.get(_norm(text))
        if codes:
            return self._pick(codes, text, year)
        if len(text) == 3 and text.isalpha():
            outside = self._all_cow_abbs.get(text.upper())
            if outside is not None:
                held = set(self.spells.ccode)
                other = self.iso3[(self.iso3.iso3 == text.upper()) & (self.iso3.ccode != outside)]
                iso_here = other.ccode.isin(held).any()
                raise UnknownStateError(
                    f"unknown state {text!r} in {self.label}: it is the COW abbreviation of ccode "
                    f"{outside}, which is not here",
                    hint=(f"for the ISO code (another state) write iso3:{text.upper()}; " if iso_here else "")
                    + "bare three-letter codes are COW's first (AUS is Austria, AUL Australia)",
                )
            try:
                return self._by_iso3(text, year, text)
            except UnknownStateError:
                pass
        raise self._unknown(text, year)

    def _by_code(self, ccode: int, year: int | None, query: str) -> State:
        if not (self.spells.ccode == ccode).any():
            raise self._unknown(query, year)
        return self._state(ccode, year)

    def _by_iso3(self, code: str, year: int | None, query: str) -> State:
        codes = set(self.iso3.loc[self.iso3.iso3 == code.upper(), "ccode"].astype(int))
        codes &= set(self.spells.ccode.astype(int))
        if not codes:
            raise self._unknown(query, year)
        return self._pick(codes, query, year)

    def _unknown(self, query: str | int, year: int | None) -> UnknownStateError:
        """The error for a query nothing matches, suggesting only names that are close to it.

        A close name is one difflib rates at least 0.75 alike (a typo: "Japn", "Phillipines"),
        or one that holds the query as a word ("Korea": North and South Korea). The looser
        default cutoff (0.6) matched "Narnia" to "America", a suggestion that misleads.
        """
        key = _norm(str(query))
        names = sorted({*self._index, *(a.lower() for a in self._abbs)})
        close = difflib.get_close_matches(key, names, n=4, cutoff=0.75)
        if len(key) >= 4:
            close += [n for n in names if re.search(rf"\b{re.escape(key)}\b", n) and n not in close]
        pretty: list[str] = []
        for c in close:
            codes = self._index.get(c) or self._abbs.get(c.upper()) or set()
            pretty.extend(str(self._state(code, None)) for code in sorted(codes))
        hint = (
            f"did you mean {', '.join(list(dict.fromkeys(pretty))[:4])}?"
            if pretty
            else "use a COW ccode, abbreviation or name"
        )
        where = f" in {self.label}"
        return UnknownStateError(f"unknown state {query!r}{where}", hint=hint)


@cache
def _system_from(_root: str) -> StateSystem:
    from foedus.data.cache import locate
    from foedus.data.embedded import iso3_table

    spells = pd.read_csv(locate("cow_states", "cow_states/statelist2024.csv"))
    majors = pd.read_csv(locate("cow_states", "cow_states/majors2024.csv"))
    return StateSystem(spells, iso3_table(), majors, label="COW state list v2024")


# ------------------------------------------------------------------------- GW crosswalk
def cow_to_gw(ccode: int, year: int) -> int:
    """The Gleditsch–Ward code of COW state ``ccode`` in ``year``.

    Differences follow Gleditsch & Ward (1999): unified Germany (COW 255 from 1990) is
    GW 260; COW 345 is GW 340 (Serbia) before 1918 and from 2006, GW 345 (Yugoslavia)
    between; unified Yemen (COW 679) is GW 678. Every other code is the same.
    """
    if ccode == 255 and year >= 1990:
        return 260
    if ccode == 345 and (year < 1918 or year >= 2006):
        return 340
    if ccode == 679:
        return 678
    return ccode


def gw_to_cow(gwcode: int, year: int | None) -> int:
    """The COW code of GW state ``gwcode`` in ``year`` (inverse of :func:`cow_to_gw`)."""
    if gwcode == 260 and (year is None or year >= 1990):
        return 255
    if gwcode == 340:
        return 345
    if gwcode == 678 and (year is None or year >= 1990):
        return 679
    if year is not None and gwcode == 260 and year < 1955:
        raise InputError(f"GW 260 in {year} has no COW counterpart (COW 260 starts 1955)")
    return gwcode
