"""The obligations engine: who must act for an event, and the clause that says so."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus.events import Event
from foedus.obligations import evaluate, obligations
from foedus.treaty import Conditions, Treaty
from tests.strategies import PLACES, RESOLVE, condition_fields, events, treaties

NAMES = {2: "USA", 710: "CHN", 740: "JPN", 840: "PHI"}


def treaty(obligations_, **kw):
    return Treaty.model_validate(
        {"id": "t", "name": "T", "members": [2, 740, 840], "obligations": obligations_, **kw}, context=RESOLVE
    )


def event(**kw):
    base = {"id": "e", "aggressor": [710], "target": 740, "place": "rocks"}
    return Event.model_validate({**base, **kw}, context=RESOLVE)


def status_of(result, code):
    return result.table.set_index("ccode").loc[code, "status"]


def test_administered_territory_binds_and_says_why():
    t = treaty(
        [
            {
                "kind": "defence",
                "conditions": {"administered_by": [740]},
                "article": "Art. V",
                "response": "constitutional_processes",
            }
        ]
    )
    r = obligations([t], event(), PLACES, NAMES)
    assert status_of(r, 2) == "defend"
    row = r.table.set_index("ccode").loc[2]
    assert "Art. V" in row.reason and "under JPN's administration" in row.reason
    assert row.response == "constitutional_processes"
    assert status_of(r, 740) == "target"


def test_failed_location_is_not_bound_with_the_reason():
    t = treaty([{"kind": "defence", "conditions": {"location": ["member_territory"]}}])
    r = obligations([t], event(), PLACES, NAMES)  # disputed rocks: administered, not own territory
    assert status_of(r, 2) == "not_bound"
    assert "not JPN's own territory" in r.table.set_index("ccode").loc[2, "reason"]


def test_non_member_target_binds_no_one():
    t = treaty([{"kind": "defence"}])
    r = obligations([t], event(target=900, place="home"), PLACES, NAMES)  # Australia: not a member
    assert set(r.table.status) == {"not_bound"}
    assert "No treaty binds anyone" in r.summary()


def test_unknown_conditions_give_defend_if():
    t = treaty([{"kind": "defence", "conditions": {"unspecified": ["location"]}}])
    r = obligations([t], event(), PLACES, NAMES)
    assert status_of(r, 2) == "defend_if"
    assert "without the details" in r.table.set_index("ccode").loc[2, "reason"]
    t2 = treaty([{"kind": "defence", "conditions": {"not_provoked": True}}])
    assert status_of(obligations([t2], event(provoked=None), PLACES, NAMES), 2) == "defend_if"
    assert status_of(obligations([t2], event(provoked=True), PLACES, NAMES), 2) == "not_bound"
    assert status_of(obligations([t2], event(provoked=False), PLACES, NAMES), 2) == "defend"


def test_consultation_when_defence_fails_reports_both():
    t = treaty([{"kind": "defence", "conditions": {"location": ["member_forces"]}}, {"kind": "consultation"}])
    r = obligations([t], event(kind="blockade"), PLACES, NAMES)
    row = r.table.set_index("ccode").loc[2]
    assert row.status == "consult" and "does not apply" in row.reason and "forces" in row.reason


def test_reservation_limits_force_unless_its_exception_holds():
    res = {
        740: [
            {
                "name": "survival_threatening",
                "probability": 0.6,
                "source": "2015 law",
                "unless": {"administered_by": [740]},
            }
        ]
    }
    t = treaty([{"kind": "defence"}], reservations=res)
    abroad = (
        obligations([t], event(target=840, place="reef"), PLACES, NAMES).table.set_index("ccode").loc[740]
    )
    assert (
        abroad.status == "defend"
        and abroad.p_force_lawful == 0.6
        and "survival_threatening" in abroad.reservation
    )
    at_home = (
        obligations([t], event(target=2, place="rocks"), PLACES, NAMES).table.set_index("ccode").loc[740]
    )
    assert at_home.status == "defend" and at_home.reservation is None


def test_asymmetric_obligation():
    t = treaty([{"kind": "defence", "by": [2], "to": [740]}])
    assert status_of(obligations([t], event(), PLACES, NAMES), 2) == "defend"
    r = obligations([t], event(target=2, place="far"), PLACES, NAMES)
    assert status_of(r, 740) == "not_bound"


def test_unknown_place_is_an_error():
    from foedus.errors import InputError

    with pytest.raises(InputError, match="unknown place"):
        obligations([treaty([{"kind": "defence"}])], event(place="atlantis"), PLACES, NAMES)


def test_evaluate_each_predicate():
    ev = event(kind="attack_on_forces", severity="limited", on_forces=True)
    assert evaluate(Conditions(attack_kinds=("armed_attack",)), ev, PLACES["rocks"])[0] == "failed"
    assert evaluate(Conditions(attack_kinds=("attack_on_forces",)), ev, PLACES["rocks"])[0] == "met"
    assert evaluate(Conditions(severity_at_least="major"), ev, PLACES["rocks"])[0] == "failed"
    assert evaluate(Conditions(min_attackers=2), ev, PLACES["rocks"])[0] == "failed"
    assert evaluate(Conditions(location=("member_forces",)), ev, PLACES["rocks"])[0] == "met"
    assert evaluate(Conditions(area="pacific"), ev, PLACES["far"])[0] == "failed"
    assert evaluate(Conditions(adversary=(710,)), ev, PLACES["rocks"])[0] == "met"
    assert evaluate(Conditions(target=(2,)), ev, PLACES["rocks"])[0] == "failed"
    assert evaluate(Conditions(treaty_area="the area"), ev, PLACES["rocks"])[0] == "unknown"


BOUND = {"defend": 2, "defend_if": 1}


def bound_level(result):
    return {(r.treaty, r.ccode): BOUND.get(r.status, 0) for r in result.table.itertuples()}


@settings(max_examples=150, deadline=None)
@given(t=treaties(kinds=("defence",)), ev=events(), extra=condition_fields(), data=st.data())
def test_adding_a_condition_never_binds_more(t, ev, extra, data):
    k = data.draw(st.integers(0, len(t.obligations) - 1))
    ob = t.obligations[k]
    have = ob.conditions.model_dump(exclude_defaults=True)
    added = {f: v for f, v in extra.items() if f not in have}
    tighter_ob = ob.model_copy(update={"conditions": Conditions(**{**have, **added})})
    tighter = t.model_copy(update={"obligations": (*t.obligations[:k], tighter_ob, *t.obligations[k + 1 :])})
    before, after = bound_level(obligations([t], ev, PLACES)), bound_level(obligations([tighter], ev, PLACES))
    assert all(after[key] <= before[key] for key in before)


@settings(max_examples=150, deadline=None)
@given(t=treaties(kinds=("defence",)), ev=events())
def test_removing_conditions_keeps_every_bound_member_bound(t, ev):
    looser = t.model_copy(
        update={
            "obligations": tuple(o.model_copy(update={"conditions": Conditions()}) for o in t.obligations)
        }
    )
    before, after = bound_level(obligations([t], ev, PLACES)), bound_level(obligations([looser], ev, PLACES))
    assert all(after[key] >= before[key] for key in before)


@settings(max_examples=60, deadline=None)
@given(t=treaties(), ev=events())
def test_one_row_per_treaty_member(t, ev):
    r = obligations([t], ev, PLACES)
    assert list(r.table.ccode) == list(t.member_codes())
    assert set(r.table.status) <= {
        "defend",
        "defend_if",
        "consult",
        "consult_if",
        "neutral",
        "not_bound",
        "target",
        "aggressor",
    }


# ----------------------------------------------------------------------------- forces and doubtful places
def test_second_thomas_shoal_cites_the_forces_clause(scenario):
    """`foedus obligations ... --event second-thomas-shoal`: the attack is on Philippine forces
    (on_forces: true), so the US is bound by Art. V's forces clause, not by the shoal being under
    PHI's administration; and the reason says the shoal's status as territory is in doubt."""
    from tests.test_cli import run

    r = run("obligations", "scenarios/asian-nato.yaml", "--event", "second-thomas-shoal", "--format", "json")
    assert r.returncode == 0, r.stderr

    rows = json.loads(r.stdout)["designs"]["hub_and_spoke"]["obligations"]
    us = next(x for x in rows if x["treaty"] == "us-philippines-1951" and x["state"] == "USA")
    assert us["status"] == "defend" and us["article"] == "Art. V, forces clause"
    assert "armed attack on PHI's armed forces, public vessels or aircraft" in us["reason"]
    assert "since 2019" in us["reason"] and "low-tide elevation" in us["reason"] and "2016" in us["reason"]
    assert "under PHI's administration" not in us["reason"]


def test_on_undisputed_territory_an_attack_on_forces_still_cites_the_forces_clause(scenario):
    """Both clauses bind in Manila (undisputed Philippine territory); the forces clause is cited."""
    from foedus.places import Gazetteer

    gaz = Gazetteer.default()
    sc_treaty = next(t for t in scenario.designs["hub_and_spoke"].treaties if t.id == "us-philippines-1951")
    on_land = Event.model_validate(
        {"id": "e", "aggressor": [710], "target": 840, "place": "manila", "on_forces": True}
    )
    row = obligations([sc_treaty], on_land, {p.id: p for p in gaz}, NAMES).table.set_index("ccode").loc[2]
    assert row.status == "defend" and row.article == "Art. V, forces clause"
    landing = on_land.model_copy(update={"on_forces": False})
    row = obligations([sc_treaty], landing, {p.id: p for p in gaz}, NAMES).table.set_index("ccode").loc[2]
    assert row.status == "defend" and row.article == "Arts. IV-V, territory"


def test_territory_clauses_are_in_doubt_on_a_low_tide_elevation():
    """A landing on Second Thomas Shoal that strikes no forces: the territory clause cannot be
    said to hold (no state can own a low-tide elevation), so the US is bound only if it does."""
    from foedus.places import Gazetteer

    gaz = Gazetteer.default()
    ev = Event.model_validate({"id": "e", "aggressor": [710], "target": 840, "place": "second_thomas_shoal"})
    cond = Conditions(location=("member_territory", "administered_territory"))
    status, reason = evaluate(cond, ev, gaz.get("second_thomas_shoal"), NAMES)
    assert status == "unknown" and "under PHI's administration, but whether it is territory" in reason
    assert "low-tide elevation" in reason
    status, _ = evaluate(Conditions(administered_by=(840,)), ev, gaz.get("second_thomas_shoal"), NAMES)
    assert status == "unknown"
    status, _ = evaluate(
        cond, ev.model_copy(update={"place": "scarborough_shoal"}), gaz.get("scarborough_shoal")
    )
    assert status == "failed"  # a rock held by China: no doubt, simply not PHI's
