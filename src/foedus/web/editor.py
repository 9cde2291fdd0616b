"""Editing a design's pact in the dashboard: the editor's fields, the edited treaty, its YAML.

Every value from the page is checked against a fixed list before it reaches the treaty
model, and the edited treaty is validated as a treaty file would be
(:func:`foedus.specfile.validate`), so the page cannot build what a file could not.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import yaml

from foedus.errors import InputError

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = [
    "DEFAULT_DRAWS",
    "LABELS",
    "MAX_DRAWS",
    "MIN_DRAWS",
    "check_draws",
    "check_seed",
    "edit_treaty",
    "edited_scenario",
    "editor_values",
    "pact",
    "treaty_yaml",
]

MAX_DRAWS = 200_000
MIN_DRAWS = 100
DEFAULT_DRAWS = 10_000
OBLIGATION_KINDS = ("defence", "offence", "consultation", "neutrality", "non_aggression")
RESPONSES = ("automatic", "as_it_deems_necessary", "constitutional_processes")
LOCATIONS = ("member_territory", "administered_territory", "member_forces")
RULES = ("each_member", "consensus", "qualified_majority")
NO_RESPONSE = "none"

LABELS = {
    "defence": "defence (come to the ally's aid if attacked)",
    "offence": "offence (aid in other circumstances)",
    "consultation": "consultation only",
    "neutrality": "neutrality",
    "non_aggression": "non-aggression",
    "automatic": "automatic",
    "as_it_deems_necessary": "as it deems necessary (NATO art. 5)",
    "constitutional_processes": "constitutional processes (ANZUS art. IV)",
    NO_RESPONSE: "no response clause",
    "member_territory": "a member's own territory",
    "administered_territory": "territory a member administers",
    "member_forces": "a member's forces, ships or aircraft",
    "each_member": "each member decides for itself",
    "consensus": "consensus",
    "qualified_majority": "qualified majority (two thirds, equal weights)",
}


def pact(scenario: Scenario, design: str) -> Any:
    """The treaty a design adds to the status quo (its last one when it adds none)."""
    d = scenario.design(design)
    base = next(iter(scenario.designs.values()))
    base_ids = {t.id for t in base.treaties} if base.name != d.name else set()
    added = [t for t in d.treaties if t.id not in base_ids]
    return (added or list(d.treaties))[-1]


def _main_obligation(treaty: Any) -> int:
    for i, ob in enumerate(treaty.obligations):
        if ob.kind in ("defence", "offence"):
            return i
    return 0


def editor_values(scenario: Scenario, design: str) -> dict[str, Any]:
    """The editor's fields for a design's pact."""
    t = pact(scenario, design)
    ob = t.obligations[_main_obligation(t)] if t.obligations else None
    loc = (ob.conditions.location or ()) if ob is not None else ()
    return {
        "treaty": t.id,
        "name": t.name,
        "members": [int(c) for c in t.member_codes()],
        "kind": ob.kind if ob is not None else "defence",
        "response": (ob.response or NO_RESPONSE) if ob is not None else NO_RESPONSE,
        "locations": [x for x in loc if x in LOCATIONS],
        "rule": t.decision_rule.kind,
    }


def _resolver(world: Any) -> Any:
    def resolve(q: str | int) -> int:
        if isinstance(q, int) or (isinstance(q, str) and q.isdigit()):
            code = int(q)
            if code not in set(world.states.ccode.astype(int)):
                raise InputError(f"state {code} is not in the scenario's world")
            return code
        return int(world.lookup(q).ccode)

    return resolve


def edit_treaty(
    scenario: Scenario,
    design: str,
    members: Sequence[Any],
    kind: str,
    response: str | None,
    locations: Sequence[str] | None,
    rule: str,
) -> Any:
    """The design's pact with the editor's values, validated as a treaty file would be."""
    from foedus.specfile import validate
    from foedus.treaty import Treaty

    if kind not in OBLIGATION_KINDS:
        raise InputError(f"unknown obligation kind {kind!r}", hint=f"one of {', '.join(OBLIGATION_KINDS)}")
    if response not in (*RESPONSES, NO_RESPONSE, None):
        raise InputError(f"unknown response clause {response!r}", hint=f"one of {', '.join(RESPONSES)}")
    if rule not in RULES:
        raise InputError(f"unknown decision rule {rule!r}", hint=f"one of {', '.join(RULES)}")
    bad = [x for x in (locations or ()) if x not in LOCATIONS]
    if bad:
        raise InputError(f"unknown location condition {bad[0]!r}", hint=f"one of {', '.join(LOCATIONS)}")
    world_codes = set(scenario.world.states.ccode.astype(int))
    try:
        codes = sorted({int(m) for m in members or ()})
    except (TypeError, ValueError):
        raise InputError("members must be states of the scenario's world") from None
    outside = [c for c in codes if c not in world_codes]
    if outside:
        raise InputError(f"state {outside[0]} is not in the scenario's world")
    if len(codes) < 2:
        raise InputError("a pact needs at least two members: tick two or more states")

    t = pact(scenario, design)
    data = t.model_dump(mode="json")
    old = {m["state"]: m for m in data["members"]}
    data["members"] = [old.get(c, {"state": c}) for c in codes]
    keep = set(codes)
    main = _main_obligation(t)
    obligations = []
    for i, ob in enumerate(data["obligations"]):
        for side in ("by", "to"):
            if ob[side] != "all":
                ob[side] = [c for c in ob[side] if c in keep]
        if i == main:
            ob["kind"] = kind
            ob["response"] = response if kind in ("defence", "offence") and response != NO_RESPONSE else None
            ob["conditions"]["location"] = list(locations) if locations else None
        if ob["by"] == [] or ob["to"] == []:
            continue  # every state it bound or protected has left the pact
        obligations.append(ob)
    if not data["obligations"]:
        obligations.append(
            {
                "kind": kind,
                "response": response if kind in ("defence", "offence") else None,
                "conditions": {"location": list(locations) if locations else None},
            }
        )
        if obligations[0]["response"] == NO_RESPONSE:
            obligations[0]["response"] = None
    data["obligations"] = obligations
    data["reservations"] = {k: v for k, v in data["reservations"].items() if int(k) in keep}
    if rule == "qualified_majority":
        quota = -(-2 * len(codes) // 3)
        data["decision_rule"] = {"kind": rule, "weights": {str(c): 1.0 for c in codes}, "quota": float(quota)}
    else:
        data["decision_rule"] = {"kind": rule}
    return validate(Treaty, data, f"design {design!r} (edited)", None, {"resolve": _resolver(scenario.world)})


def edited_scenario(scenario: Scenario, design: str, treaty: Any) -> tuple[Any, str, str]:
    """A scenario of two designs: the status quo and the edited design.

    Returns the scenario, the status quo's design name and the edited design's name.
    """
    from foedus.scenario import Design

    base = next(iter(scenario.designs.values()))
    d = scenario.design(design)
    original = pact(scenario, design)
    treaties = tuple(treaty if t.id == original.id else t for t in d.treaties)
    changed = treaty != original
    name = f"{design}_edited" if changed else design
    label = f"{d.label} (edited)" if changed else d.label
    if name == base.name:  # the status quo itself, unedited
        designs = {base.name: base}
    else:
        designs = {base.name: base, name: Design(name, label, treaties)}
    digest = hashlib.sha256(scenario.hash.encode())
    digest.update(yaml.safe_dump(treaty.model_dump(mode="json"), sort_keys=True).encode())
    return dataclasses.replace(scenario, designs=designs, hash=digest.hexdigest()), base.name, name


def treaty_yaml(treaty: Any, scenario: Scenario) -> str:
    """The treaty as a YAML file that :func:`foedus.treaty.load_treaty` reads back, states as
    abbreviations."""
    data = treaty.to_spec(scenario.names())
    header = f"# {treaty.name}: edited in the foedus dashboard\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def check_draws(draws: Any) -> int:
    try:
        n = int(draws)
    except (TypeError, ValueError):
        raise InputError(f"draws must be a whole number, got {draws!r}") from None
    if n != draws and not (isinstance(draws, str) and draws.strip() == str(n)):
        raise InputError(f"draws must be a whole number, got {draws!r}")
    if not MIN_DRAWS <= n <= MAX_DRAWS:
        raise InputError(f"draws must be between {MIN_DRAWS:,} and {MAX_DRAWS:,}, got {n:,}")
    return n


def check_seed(seed: Any) -> int:
    try:
        n = int(seed)
    except (TypeError, ValueError):
        raise InputError(f"the seed must be a whole number, got {seed!r}") from None
    if not 0 <= n < 2**32:
        raise InputError(f"the seed must be between 0 and {2**32 - 1}, got {n}")
    return n
