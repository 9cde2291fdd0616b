"""Named flashpoints: where a place is, who administers it and who claims it.

An alliance treaty rarely says "Taiwan" or "Second Thomas Shoal"; it says where an attack
must happen for the obligation to bind. The two clauses that matter most in the Pacific
turn on facts about places that this module records:

- the 1960 US-Japan treaty (Art. V) covers "an armed attack against either Party in the
  territories under the administration of Japan": administration, not sovereignty, so
  the Senkaku Islands are covered and the Russian-held Northern Territories are not;
- the 1951 US-Philippines treaty and ANZUS (Art. IV-V of each) cover "an armed attack
  in the Pacific area", deemed to include one on a party's metropolitan territory, its
  island territories in the Pacific, or its "armed forces, public vessels or aircraft in
  the Pacific"; the 1953 US-ROK treaty (Art. III) covers an armed attack in the Pacific
  area on territories under either party's administrative control.

Hence three fields that the obligations engine reads.

``administered_by``
    The state in effective control today (de facto, not recognised title): Japan for the
    Senkakus, China for Scarborough Shoal (since the 2012 standoff), the Philippines for
    Second Thomas Shoal (the BRP Sierra Madre). ``None`` where control is divided (the
    Spratlys as a group, the Korean DMZ, the Ladakh LAC) or where no one has it (straits).
``claimants``
    Every state claiming sovereignty over the place, the administrator included. For a
    low-tide elevation or for waters, which the law of the sea does not let a state own,
    a claim to sovereign rights and jurisdiction counts (the Philippines at Second Thomas
    Shoal, both Koreas in the waters of the Northern Limit Line).
``pacific_area``
    Whether the place lies in the "Pacific area" of the US treaties. foedus counts as
    in it the Pacific Ocean and its marginal seas (Philippine, East China, South China,
    Yellow and Japan Seas) with the islands in them, and the metropolitan territory of
    the states bordering them, which ANZUS Art. V and the US-Philippines treaty Art. V
    deem part of it (so Darwin is in; Korea is in by the US-ROK treaty's own terms).
    The United States has said the South China Sea "is part of the Pacific" (Secretary
    Pompeo, Manila, 1 March 2019; US-Philippines Bilateral Defense Guidelines, 3 May
    2023). The Strait of Malacca, west of the South China Sea, and the Himalayan border
    with China are out.

``legal_status``
    Why the place may not be territory at all, when that is in doubt: Second Thomas Shoal
    and Mischief Reef are low-tide elevations (South China Sea Arbitration award, 2016),
    which no state can appropriate. Clauses on territory then evaluate as unknown, and the
    reason quotes it; a clause on forces is unaffected.

``status`` is ``"disputed"`` (two or more claimants), ``"undisputed"`` (one owner, given
as ``in_territory_of``; administrator and sole claimant are that owner) or
``"international_waters"`` (no one claims the place as a whole: a strait or sea area in
which high-seas freedoms or transit passage apply, although parts may lie in territorial
seas). An undisputed place may still sit next to a maritime dispute (the Natuna Islands).

Every place has one representative point (``lat``, ``lon``, WGS84 decimal degrees) and
``point`` says which: an island, the centre of a group, a town. Points are good to a few
kilometres, enough for :meth:`Gazetteer.nearest` and for loss-of-strength distances.

The shipped gazetteer (``foedus/data/embedded/places.yaml``) cites a source for every
coordinate, administrator and claim: the CIA World Factbook, the award in the South
China Sea Arbitration (PCA Case No. 2013-19), the CSIS Asia Maritime Transparency
Initiative, the Korean Armistice Agreement, treaty texts and official statements. Users
load their own file of the same schema with :func:`load_places`.

Examples
--------
>>> gaz = Gazetteer.default()
>>> p = gaz.get("Diaoyu Islands")
>>> p.id, p.administered_by, p.claimants
('senkaku', 'JPN', ('JPN', 'CHN', 'TAW'))
>>> [q.id for q in gaz.disputed_between("JPN", "ROK")]
['liancourt_rocks']
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from foedus.data.geography import haversine_km
from foedus.errors import InputError, UnknownStateError
from foedus.readers import parse_yaml, read_text, shown
from foedus.specfile import validate

if TYPE_CHECKING:
    from foedus.data.states import State

__all__ = [
    "KINDS",
    "SHIPPED_PLACES",
    "STATUSES",
    "Gazetteer",
    "Place",
    "UnknownPlaceError",
    "distance_km",
    "get_place",
    "load_places",
    "territorial_claims",
]

PlaceKind = Literal["islands", "shoal", "strait", "sea_area", "land_border", "territory", "military_base"]
PlaceStatus = Literal["disputed", "undisputed", "international_waters"]
KINDS: tuple[str, ...] = PlaceKind.__args__  # type: ignore[attr-defined]
STATUSES: tuple[str, ...] = PlaceStatus.__args__  # type: ignore[attr-defined]

#: How error messages name the shipped file.
SHIPPED_PLACES = "foedus/data/embedded/places.yaml"


class UnknownPlaceError(InputError, LookupError):
    """A place name, id or alias that matches no place of the gazetteer."""


class StateLookup(Protocol):
    """Anything with ``lookup(query) -> State``: a :class:`~foedus.world.World` or a
    :class:`~foedus.data.states.StateSystem`."""

    def lookup(self, query: str | int) -> State: ...


# ----------------------------------------------------------------------------- the file schema
# What each key holds, for error messages ("expected ...").
EXPECTED: dict[str, str] = {
    "id": "a lower-case slug of letters, digits and underscores, starting with a letter (e.g. senkaku)",
    "name": "a non-empty name (e.g. Senkaku Islands)",
    "aliases": "a list of other names (e.g. [Diaoyu Islands, Diaoyutai])",
    "lat": "a latitude in decimal degrees (WGS84), between -90 and 90",
    "lon": "a longitude in decimal degrees (WGS84), between -180 and 180",
    "point": "a description of the point lat/lon stand for (e.g. the largest island)",
    "kind": f"one of {', '.join(KINDS)}",
    "administered_by": "a state (COW abbreviation, name or ccode) or null",
    "claimants": "a list of states (COW abbreviations, names or ccodes)",
    "status": f"one of {', '.join(STATUSES)}",
    "in_territory_of": "a state (COW abbreviation, name or ccode) or null",
    "pacific_area": "true or false",
    "legal_status": "a text: why the place may not be territory at all (e.g. a low-tide elevation)",
    "notes": "a text",
    "sources": "a non-empty list of full references (publisher, title, year, URL)",
}

StateRef = str | int


class _PlaceRecord(BaseModel):
    """One place as written in a gazetteer file (states not yet resolved)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    lat: float = Field(ge=-90.0, le=90.0, allow_inf_nan=False)
    lon: float = Field(ge=-180.0, le=180.0, allow_inf_nan=False)
    point: str = ""
    kind: PlaceKind
    administered_by: StateRef | None = None
    claimants: tuple[StateRef, ...] = ()
    status: PlaceStatus
    in_territory_of: StateRef | None = None
    pacific_area: bool
    legal_status: str = ""
    notes: str = ""
    sources: tuple[str, ...] = Field(min_length=1)


# ----------------------------------------------------------------------------- the domain object
@dataclass(frozen=True)
class Place:
    """A named place with its representative point, administrator and claimants.

    States are kept twice: as COW abbreviations (``administered_by``, ``claimants``,
    ``in_territory_of``) and as COW ccodes (the ``*_ccode`` fields), resolved when the
    file is loaded. The module docstring defines "administered", "claimant" and
    "pacific_area".

    Examples
    --------
    >>> p = Gazetteer.default().get("second thomas shoal")
    >>> p.administered_by_ccode, p.is_claimed_by(710), p.kind
    (840, True, 'shoal')
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    point: str
    kind: str
    status: str
    administered_by: str | None
    administered_by_ccode: int | None
    claimants: tuple[str, ...]
    claimant_ccodes: tuple[int, ...]
    in_territory_of: str | None
    in_territory_of_ccode: int | None
    pacific_area: bool
    notes: str
    sources: tuple[str, ...]
    legal_status: str = ""  # why it may not be territory at all (see the module docstring)

    def __post_init__(self) -> None:
        _check_coords(self.lat, self.lon)
        if self.kind not in KINDS or self.status not in STATUSES:
            raise InputError(
                f"place {self.id!r}: kind must be one of {KINDS} and status one of {STATUSES}, "
                f"got {self.kind!r} and {self.status!r}"
            )
        if len(self.claimants) != len(self.claimant_ccodes):
            raise InputError(f"place {self.id!r}: claimants and claimant_ccodes differ in length")

    @property
    def coords(self) -> tuple[float, float]:
        """``(lat, lon)`` of the place's point."""
        return (self.lat, self.lon)

    @property
    def is_disputed(self) -> bool:
        return self.status == "disputed"

    def is_claimed_by(self, ccode: int) -> bool:
        """Whether the state with COW code ``ccode`` claims the place (an owner counts)."""
        return int(ccode) in self.claimant_ccodes

    def is_administered_by(self, ccode: int) -> bool:
        """Whether the state with COW code ``ccode`` is in effective control of the place."""
        return self.administered_by_ccode is not None and self.administered_by_ccode == int(ccode)

    def distance_km(self, lat: float, lon: float) -> float:
        """Great-circle distance in km from the place's point to (``lat``, ``lon``)."""
        return distance_km(self, lat, lon)

    def to_dict(self) -> dict[str, Any]:
        """The place as a plain dict (tuples become lists), e.g. for JSON."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


def distance_km(place: Place, lat: float, lon: float) -> float:
    """Great-circle distance in km between a place's point and (``lat``, ``lon``).

    Haversine on a sphere of radius 6371.0088 km, as :func:`foedus.data.geography.haversine_km`.

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> round(distance_km(gaz.get("guam"), 13.4667, 144.7833), 6)
    0.0
    >>> 150 < distance_km(gaz.get("senkaku"), *gaz.get("taiwan_strait").coords) < 500
    True
    """
    lat, lon = _check_coords(lat, lon)
    return float(haversine_km(place.lat, place.lon, lat, lon))


# ----------------------------------------------------------------------------- the gazetteer
class Gazetteer:
    """A set of places with look-ups by name, position and state.

    Parameters
    ----------
    places : sequence of Place
        The places, in file order (the order breaks ties in :meth:`nearest`).
    source : str
        Where they came from, named in error messages.
    states : World or StateSystem, optional
        Resolves state names in :meth:`places_claimed_by` and friends; without it, states
        are given as ccodes or as the COW abbreviations the places use.

    Raises
    ------
    InputError
        If two places share an id, or a name or alias names two places.

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> gaz.get("SCARBOROUGH SHOAL").administered_by
    'CHN'
    >>> gaz.nearest(15.2, 117.8).id
    'scarborough_shoal'
    >>> sorted(p.id for p in gaz.places_claimed_by(713))[:3]
    ['itu_aba', 'kinmen', 'mischief_reef']
    """

    def __init__(
        self, places: Sequence[Place], source: str = "<memory>", states: StateLookup | None = None
    ) -> None:
        self._places: tuple[Place, ...] = tuple(places)
        self.source = source
        self._states = states
        self._by_id: dict[str, Place] = {}
        self._by_key: dict[str, Place] = {}
        for p in self._places:
            if p.id in self._by_id:
                raise InputError(f"{source}: duplicate place id {p.id!r}", hint="give every place its own id")
            self._by_id[p.id] = p
        for p in self._places:
            for field_name, text in (("id", p.id), ("name", p.name), *(("aliases", a) for a in p.aliases)):
                key = _key(text)
                other = self._by_key.get(key)
                if other is not None and other.id != p.id:
                    raise InputError(
                        f"{source}: place {p.id!r}, key {field_name!r}: {text!r} already names "
                        f"place {other.id!r}",
                        hint="drop the alias from one of them; a name must identify one place",
                    )
                self._by_key[key] = p
        self._lat = np.array([p.lat for p in self._places], dtype=float)
        self._lon = np.array([p.lon for p in self._places], dtype=float)

    # ------------------------------------------------------------------ construction
    @classmethod
    def default(cls) -> Gazetteer:
        """The shipped gazetteer, with states resolved in :meth:`World.default`."""
        return _default_gazetteer()

    def merge(self, other: Gazetteer | Iterable[Place]) -> Gazetteer:
        """This gazetteer with ``other``'s places added; a place of ``other`` replaces the
        place with the same id (so a user file can correct or extend the shipped one).

        Raises
        ------
        InputError
            If a name or alias of an added place names another place.

        Examples
        --------
        >>> from dataclasses import replace
        >>> gaz = Gazetteer.default()
        >>> mine = [replace(gaz.get("guam"), id="tinian", name="Tinian", aliases=())]
        >>> merged = gaz.merge(mine)
        >>> len(merged) == len(gaz) + 1, merged.get("Tinian").in_territory_of
        (True, 'USA')
        """
        added = list(other)
        by_id = {p.id: p for p in added}
        kept = [by_id.get(p.id, p) for p in self._places]
        new = [p for p in added if p.id not in self._by_id]
        source = f"{self.source} + {getattr(other, 'source', '<memory>')}"
        return Gazetteer([*kept, *new], source=source, states=self._states)

    # ------------------------------------------------------------------ container
    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Place):
            return self._by_id.get(item.id) == item
        return isinstance(item, str) and _key(item) in self._by_key

    def __getitem__(self, query: str) -> Place:
        return self.get(query)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self)} places from {self.source})"

    @property
    def ids(self) -> tuple[str, ...]:
        """The place ids, in file order."""
        return tuple(p.id for p in self._places)

    # ------------------------------------------------------------------ look-ups
    def get(self, query: str | Place) -> Place:
        """The place an id, name or alias names (case, accents and punctuation ignored).

        Raises
        ------
        UnknownPlaceError
            If nothing matches; the hint suggests close matches.

        Examples
        --------
        >>> Gazetteer.default().get("Ayungin Shoal").id
        'second_thomas_shoal'
        """
        if isinstance(query, Place):
            return query
        if not isinstance(query, str):
            raise UnknownPlaceError(
                f"{self.source}: a place is named by a string (id, name or alias), got {query!r}"
            )
        hit = self._by_key.get(_key(query))
        if hit is not None:
            return hit
        raise UnknownPlaceError(f"unknown place {query!r} in {self.source}", hint=self._suggest(query))

    def _suggest(self, query: str) -> str:
        key = _key(query)
        keys = list(self._by_key)
        close = difflib.get_close_matches(key, keys, n=6, cutoff=0.6)
        words = [k for k in keys if key and re.search(rf"\b{re.escape(key)}\b", k)]
        ids = list(dict.fromkeys(self._by_key[k].id for k in [*close, *words]))
        if ids:
            opts = ", ".join(f"{i} ({self._by_id[i].name})" for i in ids[:5])
            return f"did you mean {opts}?"
        return f"use an id, name or alias; the ids are: {', '.join(self.ids)}"

    def nearest(self, lat: float, lon: float) -> Place:
        """The place whose point is closest to (``lat``, ``lon``) on the great circle.

        Ties go to the place listed first.

        Examples
        --------
        >>> Gazetteer.default().nearest(9.73, 115.86).name
        'Second Thomas Shoal'
        """
        if not self._places:
            raise InputError(f"{self.source}: the gazetteer has no places")
        return self._places[int(np.argmin(self._distances(lat, lon)))]

    def distances(self, lat: float, lon: float) -> pd.DataFrame:
        """Every place's distance from (``lat``, ``lon``): ``id, name, distance_km``, nearest first."""
        d = self._distances(lat, lon)
        frame = pd.DataFrame({"id": list(self.ids), "name": [p.name for p in self._places], "distance_km": d})
        return frame.sort_values("distance_km", kind="stable").reset_index(drop=True)

    def _distances(self, lat: float, lon: float) -> np.ndarray:
        lat, lon = _check_coords(lat, lon)
        return np.asarray(haversine_km(self._lat, self._lon, lat, lon), dtype=float)

    # ------------------------------------------------------------------ by state
    def places_claimed_by(self, state: str | int) -> tuple[Place, ...]:
        """Places the state claims, undisputed ones it owns included.

        Examples
        --------
        >>> [p.id for p in Gazetteer.default().places_claimed_by("DRV")][:2]
        ['second_thomas_shoal', 'mischief_reef']
        """
        code = self._ccode(state)
        return tuple(p for p in self._places if code in p.claimant_ccodes)

    def places_administered_by(self, state: str | int) -> tuple[Place, ...]:
        """Places under the state's effective control (the US-Japan Art. V test)."""
        code = self._ccode(state)
        return tuple(p for p in self._places if p.administered_by_ccode == code)

    def disputed_between(self, a: str | int, b: str | int) -> tuple[Place, ...]:
        """Disputed places that both states claim (order does not matter).

        Examples
        --------
        >>> [p.id for p in Gazetteer.default().disputed_between(840, 710)][:3]
        ['scarborough_shoal', 'second_thomas_shoal', 'mischief_reef']
        """
        c1, c2 = self._ccode(a), self._ccode(b)
        if c1 == c2:
            raise InputError(f"a dispute needs two different states, got {a!r} and {b!r}")
        return tuple(p for p in self._places if p.is_disputed and {c1, c2} <= set(p.claimant_ccodes))

    def territorial_claims(self, states: Iterable[int | str]) -> pd.DataFrame:
        """The disputed places between every pair of ``states``.

        Returns one row per undirected pair (``ccode1 < ccode2``), pairs without a dispute
        included: ``ccode1, ccode2, n_disputed_places, place_ids`` (a tuple of ids in
        gazetteer order). A territorial dispute is a standard source of enmity in
        landscape-theory propensities (Axelrod & Bennett 1993).

        Pairs are counted as co-claimants of a place. The PRC and Taiwan share most of
        their claims (both assert "China's" title to the Senkakus and the South China Sea
        features), so their count measures overlap, not opposition: weigh it accordingly.

        Examples
        --------
        >>> t = Gazetteer.default().territorial_claims([740, 710, 713, 2])
        >>> t[t.n_disputed_places > 0][["ccode1", "ccode2", "n_disputed_places"]].values.tolist()
        [[710, 713, 10], [710, 740, 1], [713, 740, 1]]
        """
        codes = sorted({self._ccode(s) for s in _as_list(states)})
        rows = []
        for c1, c2 in combinations(codes, 2):
            ids = tuple(p.id for p in self.disputed_between(c1, c2))
            rows.append((c1, c2, len(ids), ids))
        frame = pd.DataFrame(rows, columns=["ccode1", "ccode2", "n_disputed_places", "place_ids"])
        return frame.astype({"ccode1": "int64", "ccode2": "int64", "n_disputed_places": "int64"})

    def _ccode(self, state: str | int | Any) -> int:
        if isinstance(state, bool):
            raise InputError(f"not a state: {state!r}", hint="give a COW ccode or abbreviation")
        if isinstance(state, int | np.integer):
            return int(state)
        if not isinstance(state, str):
            raise InputError(f"not a state: {state!r}", hint="give a COW ccode or abbreviation")
        if self._states is not None:
            return int(self._states.lookup(state).ccode)
        text = state.strip()
        if text.lstrip("-").isdigit():
            return int(text)
        known: dict[str, int] = {}
        for p in self._places:
            known.update(zip(p.claimants, p.claimant_ccodes, strict=True))
            if p.administered_by is not None and p.administered_by_ccode is not None:
                known[p.administered_by] = p.administered_by_ccode
        if text.upper() in known:
            return known[text.upper()]
        raise UnknownStateError(
            f"{self.source}: unknown state {state!r}",
            hint=f"give a ccode, or one of the abbreviations the places use: {', '.join(sorted(known))}",
        )

    # ------------------------------------------------------------------ export
    def to_frame(self) -> pd.DataFrame:
        """One row per place: every field, list fields as tuples."""
        cols = list(Place.__dataclass_fields__)
        frame = pd.DataFrame([[getattr(p, c) for c in cols] for p in self._places], columns=cols)
        for c in ("administered_by_ccode", "in_territory_of_ccode"):
            frame[c] = frame[c].astype("Int64")
        return frame


def territorial_claims(states: Iterable[int | str], gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """The claims matrix of ``states`` in ``gazetteer`` (default: the shipped one).

    See :meth:`Gazetteer.territorial_claims`.

    Examples
    --------
    >>> territorial_claims([732, 740]).iloc[0].to_dict()
    {'ccode1': 732, 'ccode2': 740, 'n_disputed_places': 1, 'place_ids': ('liancourt_rocks',)}
    """
    return (gazetteer or Gazetteer.default()).territorial_claims(states)


def get_place(query: str | Place) -> Place:
    """A place of the shipped gazetteer by id, name or alias (see :meth:`Gazetteer.get`)."""
    return Gazetteer.default().get(query)


# ----------------------------------------------------------------------------- loading
def load_places(path: str | Path | None = None, states: StateLookup | None = None) -> Gazetteer:
    """Load a gazetteer from a YAML file (default: the shipped one).

    The file is a YAML list; each item a mapping with the keys ``id, name, aliases, lat,
    lon, point, kind, administered_by, claimants, status, in_territory_of, pacific_area,
    notes, sources`` (see ``foedus/data/embedded/places.yaml`` for a worked example).
    ``aliases``, ``point``, ``notes``, ``administered_by``, ``claimants`` and
    ``in_territory_of`` may be left out; for an undisputed place ``administered_by`` and
    ``claimants`` default to ``in_territory_of``.

    Parameters
    ----------
    path : str or Path, optional
        The file. Without it, the shipped gazetteer.
    states : World or StateSystem, optional
        Resolves the states the places name (abbreviations, names or ccodes). Defaults to
        :meth:`World.default`, so each state must be in the default Indo-Pacific world.

    Raises
    ------
    InputError
        For a file that is missing or not YAML, an unknown or missing key, a value out of
        range (lat outside [-90, 90], lon outside [-180, 180]), a duplicate id, or an
        inconsistent place (a disputed place's administrator not among its claimants, an
        undisputed place without an owner). The message names the file, the line, the
        place id and the key, and says what was expected.
    UnknownStateError
        For a state that cannot be resolved; the hint suggests close matches.

    Examples
    --------
    >>> gaz = load_places()
    >>> len(gaz) >= 13, gaz.get("nll").administered_by
    (True, 'ROK')
    """
    if path is None and states is None:
        return _default_gazetteer()  # parsed once: places are immutable
    if path is None:
        text = files("foedus.data.embedded").joinpath("places.yaml").read_text(encoding="utf-8")
        label = SHIPPED_PLACES
    else:
        label = str(path)
        text = read_text(path, "YAML list of places")
    if states is None:
        from foedus.world import World

        states = World.default()
    return _parse(text, label, states)


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    from foedus.world import World

    return load_places(None, World.default())


def _parse(text: str, label: str, states: StateLookup) -> Gazetteer:
    data, lines = parse_yaml(text, label)
    if not isinstance(data, list) or not data:
        raise InputError(
            f"{label}: expected a non-empty YAML list of places (items starting '- id: ...'), "
            f"got {type(data).__name__ if data is not None else 'an empty file'}",
            hint="see foedus/data/embedded/places.yaml for the format",
        )
    places: list[Place] = []
    first_line: dict[str, int] = {}
    for i, item in enumerate(data):
        item_line = lines.get((i,))
        key_lines = {str(k[1]): v for k, v in lines.items() if len(k) == 2 and k[0] == i}
        name = item.get("id") if isinstance(item, dict) else None
        tag = f"place {shown(name)}" if isinstance(name, str) and name else f"place #{i + 1}"
        where = f"{label}, line {item_line}, {tag}" if item_line else f"{label}, {tag}"
        if not isinstance(item, dict):
            raise InputError(
                f"{where}: expected a mapping of keys ({', '.join(EXPECTED)}), got {type(item).__name__}"
            )
        record = validate(_PlaceRecord, item, where, expected=EXPECTED)

        def at(key: str, where: str = where, key_lines: dict[str, int] = key_lines) -> str:
            return f"{where}, key {key!r}" + (f" (line {key_lines[key]})" if key in key_lines else "")

        if record.id in first_line:
            raise InputError(
                f"{at('id')}: duplicate id {record.id!r} (first used at line {first_line[record.id]})",
                hint="give every place its own id",
            )
        first_line[record.id] = item_line or 0
        places.append(_resolve(record, states, at))
    return Gazetteer(places, source=label, states=states)


def _resolve(rec: _PlaceRecord, states: StateLookup, at: Any) -> Place:
    """Resolve the states a record names and check that its status, administrator,
    claimants and owner agree."""

    def one(key: str, query: StateRef) -> State:
        try:
            return states.lookup(query)
        except InputError as exc:  # UnknownStateError included
            raise UnknownStateError(f"{at(key)}: {exc.message}", hint=exc.hint) from None

    admin = one("administered_by", rec.administered_by) if rec.administered_by is not None else None
    owner = one("in_territory_of", rec.in_territory_of) if rec.in_territory_of is not None else None
    claimants = [one("claimants", c) for c in rec.claimants]
    codes = [s.ccode for s in claimants]
    if len(set(codes)) < len(codes):
        dup = sorted({str(s.abb) for s in claimants if codes.count(s.ccode) > 1})
        raise InputError(f"{at('claimants')}: {', '.join(dup)} listed twice", hint="list each claimant once")
    abbs = [s.abb for s in claimants]

    if rec.status == "disputed":
        if len(claimants) < 2:
            raise InputError(
                f"{at('claimants')}: a disputed place needs at least two claimants, got {abbs}",
                hint="list every claimant, or set status: undisputed with in_territory_of",
            )
        if admin is not None and admin.ccode not in codes:
            raise InputError(
                f"{at('administered_by')}: expected one of the claimants {abbs} "
                f"(the administrator of a disputed place claims it too), got {admin.abb!r}",
                hint=f"add {admin.abb} to claimants, or correct administered_by",
            )
        if owner is not None:
            raise InputError(
                f"{at('in_territory_of')}: expected null for a disputed place, got {owner.abb!r}",
                hint="name the state in control with administered_by",
            )
    elif rec.status == "undisputed":
        if owner is None:
            raise InputError(
                f"{at('in_territory_of')}: an undisputed place needs the state it belongs to",
                hint="e.g. in_territory_of: USA (for Guam)",
            )
        if claimants and codes != [owner.ccode]:
            raise InputError(
                f"{at('claimants')}: expected only the owner [{owner.abb}] for an undisputed place, "
                f"got {abbs}",
                hint="set status: disputed if others claim it",
            )
        if admin is not None and admin.ccode != owner.ccode:
            raise InputError(
                f"{at('administered_by')}: expected the owner {owner.abb!r} for an undisputed place, "
                f"got {admin.abb!r}",
                hint="set status: disputed if the administrator is not the owner",
            )
        admin, claimants = owner, [owner]
    else:  # international waters
        for key, value in (("administered_by", admin), ("in_territory_of", owner)):
            if value is not None:
                raise InputError(
                    f"{at(key)}: expected null for international waters, got {value.abb!r}",
                    hint="set status: disputed or undisputed if a state claims the place",
                )
        if claimants:
            raise InputError(
                f"{at('claimants')}: expected an empty list for international waters, got {abbs}",
                hint="set status: disputed if states claim the place",
            )

    return Place(
        id=rec.id,
        name=rec.name,
        aliases=rec.aliases,
        lat=float(rec.lat),
        lon=float(rec.lon),
        point=rec.point,
        kind=rec.kind,
        status=rec.status,
        administered_by=admin.abb if admin else None,
        administered_by_ccode=admin.ccode if admin else None,
        claimants=tuple(s.abb for s in claimants),
        claimant_ccodes=tuple(s.ccode for s in claimants),
        in_territory_of=owner.abb if owner else None,
        in_territory_of_ccode=owner.ccode if owner else None,
        pacific_area=rec.pacific_area,
        notes=rec.notes,
        sources=rec.sources,
        legal_status=rec.legal_status,
    )


# ----------------------------------------------------------------------------- helpers
def _key(text: str) -> str:
    """Normalise a place name for matching: no accents, case, apostrophes or punctuation."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _check_coords(lat: Any, lon: Any) -> tuple[float, float]:
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        raise InputError(
            f"coordinates must be numbers (decimal degrees), got lat={lat!r}, lon={lon!r}"
        ) from None
    if not (math.isfinite(la) and -90.0 <= la <= 90.0):
        raise InputError(f"latitude must lie in [-90, 90] decimal degrees, got {lat!r}")
    if not (math.isfinite(lo) and -180.0 <= lo <= 180.0):
        raise InputError(f"longitude must lie in [-180, 180] decimal degrees, got {lon!r}")
    return la, lo


def _as_list(states: Iterable[int | str]) -> list[int | str]:
    if isinstance(states, str | int):
        raise InputError(f"expected a list of states, got {states!r}", hint="e.g. [740, 710, 713]")
    return list(states)
