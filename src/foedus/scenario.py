"""The scenario file: a world, named treaty designs and crisis events, validated with clear errors.

A scenario bundles what every analysis needs::

    name: Could an Asian NATO work?
    world: default                      # or {year: 2022, region: indo-pacific, states: [...], majors: true}
    places: my-places.yaml              # optional: more gazetteer entries (see foedus.places)
    designs:
      hub_and_spoke:
        label: Today's US hub-and-spoke alliances
        treaties: [treaties/us-japan-1960.yaml, ...]     # paths relative to this file
      design_a:
        label: NATO-style Pacific pact
        extends: hub_and_spoke                          # its treaties, plus:
        add: [treaties/asian-nato-a.yaml]
    events:
      - {id: senkaku, aggressor: CHN, target: JPN, place: senkaku, kind: armed_attack}

:func:`load_scenario` reads the file and every treaty it names, resolves states in the
scenario's world and places in the gazetteer, and returns a frozen :class:`Scenario`.
``load_scenario(path, year=2012)`` sets the scenario in another year's world (the embedded
default world for its year, the datasets otherwise). In any year, a treaty not in force then
(by its ``signed`` / ``in_force`` / ``ended`` dates) is left out of every design, and a member
that had not joined (or had left, or was not yet a state) is left out of its treaty, each
with a note in :attr:`Scenario.notes`.
Any problem is an :class:`~foedus.errors.InputError` naming the file, the line, the key,
what was expected and the fix; nothing is half-loaded. Later analyses add ``actors``
(bargaining) and ``parameters`` (model assumptions) sections.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from foedus.errors import InputError, UnknownStateError
from foedus.events import Event
from foedus.readers import read_yaml, resolve_reference, shown
from foedus.specfile import validate
from foedus.treaty import Treaty, load_treaty
from foedus.world import World


class WorldSpec(BaseModel):
    """Which world the scenario is set in (``default``: the embedded default world)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int | None = None
    region: str = "indo-pacific"
    states: tuple[str | int, ...] | None = None
    majors: bool = True

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        return {} if data == "default" or data is None else data


class DesignSpec(BaseModel):
    """A named set of treaties: the status quo, or a proposal added to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str | None = None
    treaties: tuple[str, ...] = ()
    extends: str | None = None
    add: tuple[str, ...] = ()


class ScenarioFile(BaseModel):
    """The scenario file's schema (its JSON Schema documents the format for editors)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str | None = None
    world: WorldSpec = Field(default_factory=WorldSpec)
    places: str | None = None
    designs: dict[str, DesignSpec]
    events: tuple[dict[str, Any], ...] = ()

    @model_validator(mode="after")
    def _designs(self) -> ScenarioFile:
        if not self.designs:
            raise ValueError("a scenario needs at least one design")
        for name, d in self.designs.items():
            if d.extends is not None and d.extends not in self.designs:
                raise ValueError(
                    f"design {name!r} extends unknown design {d.extends!r} (known: {', '.join(self.designs)})"
                )
            if d.extends is None and d.add:
                raise ValueError(
                    f"design {name!r}: 'add' needs 'extends' (or list the files under 'treaties')"
                )
        return self


@dataclass(frozen=True)
class Design:
    """A resolved design: its label and treaties."""

    name: str
    label: str
    treaties: tuple[Treaty, ...]


@dataclass(frozen=True, eq=False)
class Scenario:
    """A loaded scenario: world, designs, events, gazetteer, and a hash of all its inputs."""

    name: str
    description: str | None
    world: World
    designs: Mapping[str, Design]
    events: Mapping[str, Event]
    places: Mapping[str, Any]
    source: Path
    hash: str
    files: tuple[Path, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())  # what the year left out (see load_scenario)

    def event(self, event_id: str) -> Event:
        """The event ``event_id``, or an error listing the known ones."""
        if event_id not in self.events:
            import difflib

            close = difflib.get_close_matches(event_id, list(self.events), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else f"known events: {', '.join(self.events)}"
            raise InputError(f"{self.source}: no event {event_id!r}", hint=hint)
        return self.events[event_id]

    def design(self, name: str) -> Design:
        if name not in self.designs:
            raise InputError(
                f"{self.source}: no design {name!r}", hint=f"known designs: {', '.join(self.designs)}"
            )
        return self.designs[name]

    def names(self) -> dict[int, str]:
        """COW code to abbreviation for the scenario's world."""
        return dict(zip(self.world.states.ccode.astype(int), self.world.states.abb.astype(str), strict=True))


def _world(spec: WorldSpec, source: str, year: int | None = None) -> World:
    """The scenario's world; ``year`` replaces the file's (the embedded world for its year)."""
    default = spec.year is None and spec.states is None and spec.region == "indo-pacific"
    if default and year in (None, World.default().year):
        return World.default()
    chosen = year if year is not None else spec.year
    if chosen is None:
        raise InputError(f"{source}: world: give a year to build a world other than the default one")
    return World.for_year(
        chosen,
        states=list(spec.states) if spec.states else None,
        region=spec.region,
        include_majors=spec.majors,
    )


_PLACES_TODAY = (
    "Places are as the gazetteer records them today (who administers each); some may differ in {year}."
)


def _member_resolver(world: World) -> Callable[[str | int], int]:
    """Treaty members resolve in the world, or, for a state outside the system in the world's
    year (Singapore before 1965), to its code, so that :func:`_in_year` leaves it out with a
    note instead of refusing the file; a state of that year outside the world is refused."""

    def resolve(q: str | int) -> int:
        try:
            return world.lookup(q).ccode
        except UnknownStateError:
            code = world.system.lookup(q).ccode  # no such state in any year: refused here
            if code in set(world.system.members(world.year).ccode):
                raise
            return code

    return resolve


def _in_year(treaty: Treaty, world: World) -> tuple[Treaty | None, str | None]:
    """``treaty`` as it stands in the world's year, and a note on what the year changed.

    ``None`` when it is not in force then (or keeps fewer than two members); otherwise the
    treaty with only the members in it that year, and in the world.
    """
    year = world.year
    if not treaty.in_force_in(year):
        return None, f"{treaty.name} is not in force in {year} ({treaty.dates()}): left out of every design."
    present = set(world.states.ccode)
    kept = tuple(m for m in treaty.members if m.in_force(year) and m.state in present)
    if len(kept) == len(treaty.members):
        return treaty, None
    gone = ", ".join(_abb(world, m.state) for m in treaty.members if m not in kept)
    if len(kept) < 2:
        return (
            None,
            f"{treaty.name}: fewer than two members in {year} (not {gone}): left out of every design.",
        )
    return treaty.model_copy(update={"members": kept}), f"{treaty.name}: {gone} not a member in {year}."


def _abb(world: World, code: int) -> str:
    try:
        return world.system.lookup(code).abb
    except UnknownStateError:
        return str(code)


def _design_files(name: str, designs: Mapping[str, DesignSpec], seen: tuple[str, ...] = ()) -> list[str]:
    if name in seen:
        raise InputError(f"design {name!r} extends itself through {' -> '.join((*seen, name))}")
    d = designs[name]
    base = _design_files(d.extends, designs, (*seen, name)) if d.extends else []
    return [*base, *d.treaties, *d.add]


def load_scenario(
    path: str | Path,
    *,
    year: int | None = None,
    allow: Iterable[str | Path] = (),
    relative_only: bool = False,
) -> Scenario:
    """Read a scenario file and everything it references.

    Parameters
    ----------
    path : path
        The scenario file.
    year : int, optional
        Set the scenario in this year's world instead of the file's (the embedded default
        world for its year, 2022; the datasets otherwise). Treaties not in force in the
        world's year are left out, with a note (see the module docstring).
    allow : folders, optional
        Folders besides the scenario's own (and the shipped treaties') whose files the
        scenario may name; ``FOEDUS_ALLOW_DIRS`` adds more (:func:`foedus.readers.resolve_reference`).
    relative_only : bool
        Refuse absolute paths in the file (a scenario uploaded to the dashboard).

    Examples
    --------
    >>> sc = load_scenario(shipped_scenario())
    >>> sc.world.year, len(sc.designs["hub_and_spoke"].treaties), sc.notes
    (2022, 8, ())

    Raises
    ------
    InputError
        For any problem in the scenario or its treaty files, naming file, line and key; for
        a file named outside the allowed folders.
    DataError
        When the scenario's world needs datasets that are missing.
    """
    from foedus.places import Gazetteer, load_places

    path = Path(path)
    data, lines = read_yaml(path, "scenario file")
    spec: ScenarioFile = validate(ScenarioFile, data, str(path), lines)
    roots = (*allow, *_shipped_folders())  # the shipped treaty files may always be named

    def locate(rel: str, where: str) -> Path:
        return resolve_reference(rel, path.parent, where, allow=roots, relative_only=relative_only)

    places_line = lines.get(("places",), "?")
    places_file = locate(spec.places, f"{path}:{places_line}: places") if spec.places else None
    world = _world(spec.world, str(path), year)

    def resolve(q: str | int) -> int:
        return world.lookup(q).ccode

    member = _member_resolver(world)
    notes = [] if year in (None, World.default().year) else [_PLACES_TODAY.format(year=year)]

    # The shipped gazetteer (its states are COW codes, valid in any world); a user file adds
    # places or replaces shipped ones with the same id, its states resolved in this world.
    gazetteer = Gazetteer.default()
    if places_file is not None:
        gazetteer = gazetteer.merge(load_places(places_file, states=world))
    places = {p.id: p for p in gazetteer}

    treaty_cache: dict[Path, Treaty | None] = {}  # None: not in force in the world's year
    designs: dict[str, Design] = {}
    for name, d in spec.designs.items():
        treaties: list[Treaty] = []
        for rel in dict.fromkeys(_design_files(name, spec.designs)):
            where = f"{path}{_find_line(data, lines, rel)}: design {name!r}"
            file = locate(rel, where)
            if file not in treaty_cache:
                if not file.exists():
                    raise InputError(f"{where}: no treaty file {shown(rel)}", hint="check the path")
                treaty, note = _in_year(load_treaty(file, member), world)
                treaty_cache[file], notes = treaty, [*notes, *([note] if note else [])]
            in_force = treaty_cache[file]
            if in_force is not None:
                treaties.append(in_force)
        ids = [t.id for t in treaties]
        if len(set(ids)) != len(ids):
            raise InputError(f"{path}: design {name!r} holds two treaties with the same id")
        _check_places(treaties, places)
        designs[name] = Design(name, d.label or name, tuple(treaties))

    events = _events(spec.events, path, lines, resolve, places)

    files = (path.resolve(), *treaty_cache)
    # the same files in another year: another study
    other_year = year is not None and year != (spec.world.year or World.default().year)
    digest = _digest(files, f"year={year}" if other_year else None)
    return Scenario(
        spec.name, spec.description, world, designs, events, places, path, digest, files,
        tuple(notes),
    )  # fmt: skip


def _events(
    raws: list[Any], path: Path, lines: Mapping[tuple, int], resolve: Any, places: Mapping[str, Any]
) -> dict[str, Event]:
    """The scenario's events, validated, with errors at their lines in the scenario file."""
    events: dict[str, Event] = {}
    for i, raw in enumerate(raws):
        # Line numbers relative to this event, so errors point into the scenario file.
        event_lines = {k[2:]: v for k, v in lines.items() if k[:2] == ("events", i)}
        ev = validate(Event, raw, str(path), event_lines, {"resolve": resolve})
        if ev.id in events:
            raise InputError(f"{path}:{lines.get(('events', i), '?')}: two events have the id {ev.id!r}")
        if ev.place is not None and ev.place not in places:
            place_line = lines.get(("events", i, "place"), "?")
            raise InputError(
                f"{path}:{place_line}: events[{i}].place: unknown place {ev.place!r}",
                hint=_place_hint(ev.place, places),
            )
        events[ev.id] = ev
    return events


def _digest(files: Iterable[Path], extra: str | None) -> str:
    """sha256 over the files' names and bytes (and ``extra``): the scenario's hash."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    if extra is not None:
        digest.update(extra.encode())
    return digest.hexdigest()


def _check_places(treaties: list[Treaty], places: Mapping[str, Any]) -> None:
    """Every place a treaty's condition names is in the gazetteer."""
    for t in treaties:
        for ob in t.obligations:
            for p in ob.conditions.places or ():
                if p not in places:
                    raise InputError(
                        f"treaty {t.id!r}: unknown place {p!r} in a condition", hint=_place_hint(p, places)
                    )


def _find_line(data: Any, lines: Mapping[tuple[Any, ...], int], value: str) -> str:
    """``":LINE"`` of the first design list entry equal to ``value`` (for messages)."""
    for name, design in (data.get("designs") or {}).items():
        for key in ("treaties", "add"):
            for i, item in enumerate((design or {}).get(key) or []):
                if item == value and ("designs", name, key, i) in lines:
                    return f":{lines[('designs', name, key, i)]}"
    return ""


def _place_hint(name: str, places: Mapping[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(places), n=3)
    return f"did you mean {', '.join(close)}?" if close else f"known places: {', '.join(sorted(places))}"


def _shipped_folders() -> list[Path]:
    """The folders of the shipped scenarios and treaties (installed package, source tree)."""
    from importlib.resources import files

    found = [Path(str(files("foedus"))) / "scenarios", Path(__file__).resolve().parents[2] / "scenarios"]
    return [f for f in found if f.is_dir()]


def shipped_scenario(name: str = "asian-nato.yaml") -> Path:
    """Path of a scenario shipped with foedus (installed package first, then the source tree)."""
    from importlib.resources import files

    packaged = Path(str(files("foedus"))) / "scenarios" / name
    if packaged.is_file():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "scenarios" / name
    if source_tree.is_file():
        return source_tree
    raise InputError(f"no shipped scenario {name!r}", hint="see the scenarios/ folder of the foedus sources")


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema of the scenario file (for editors), with the event fields spelt out.

    Events are validated against the scenario's world when the file loads, so the file model
    keeps them as mappings; the schema describes them with :class:`~foedus.events.Event`'s
    fields (states as names, abbreviations or codes).
    """
    schema = ScenarioFile.model_json_schema()
    event = Event.model_json_schema()
    state = {
        "anyOf": [{"type": "string"}, {"type": "integer"}],
        "description": "a state: name, COW abbreviation or code",
    }
    event["properties"]["target"] = state
    event["properties"]["aggressor"] = {"anyOf": [state, {"type": "array", "items": state}]}
    schema.setdefault("$defs", {})["Event"] = event
    world = schema["properties"]["world"]
    schema["properties"]["world"] = {
        "anyOf": [{"const": "default"}, world],
        "description": world.get("description", ""),
    }
    schema["properties"]["events"] = {"type": "array", "items": {"$ref": "#/$defs/Event"}, "title": "Events"}
    return schema


__all__ = ["Design", "Scenario", "ScenarioFile", "load_scenario", "scenario_json_schema", "shipped_scenario"]
