"""ATOP 5.1 alliances as treaty specs: every alliance in force in 2018 converts, ten match
the codebook reading of their coding (docs/atop-check.md), and the engine reads them."""

from types import SimpleNamespace

import pandas as pd
import pytest

from foedus.atop_treaty import atop_ids_in_force
from foedus.data.atop import load_dyad_years, load_members, members_in
from foedus.errors import InputError
from foedus.events import Event
from foedus.obligations import obligations
from foedus.treaty import Conditions, Treaty, treaties_in_force

treaty_from_atop = Treaty.from_atop

N_IN_FORCE_2018 = 373  # distinct atopids with a member row in force at any time in 2018
KIND_COLUMN = {
    "defence": "atop_defense",
    "offence": "atop_offense",
    "neutrality": "atop_neutral",
    "non_aggression": "atop_nonagg",
    "consultation": "atop_consul",
}


@pytest.fixture(scope="module")
def specs_2018(shared_data_dir):
    return {i: treaty_from_atop(i, 2018) for i in atop_ids_in_force(2018)}


def owed(t, by, year=2018):
    """{kind: (conditions, members owed)} of member ``by``."""
    return {ob.kind: (ob.conditions, set(t.owed(ob, year))) for ob in t.obligations if ob.by == (by,)}


def unspecified(t, by, kind):
    return set(owed(t, by)[kind][0].unspecified)


# ---------------------------------------------------------------------------- every alliance
def test_every_alliance_in_force_in_2018_converts(specs_2018):
    m = load_members()
    live = m[(m.yrent <= 2018) & ((m.yrexit == 0) | (m.yrexit >= 2018))]
    assert live.atopid.nunique() == N_IN_FORCE_2018
    assert sorted(specs_2018) == sorted(int(i) for i in live.atopid.unique())
    for atopid, t in specs_2018.items():
        assert t.id == f"atop-{atopid}" and t.atopid == atopid
        assert t.name.startswith(f"ATOP {atopid} (")
        assert any("ATOP 5.1" in s for s in t.sources)
        assert sorted(t.member_codes(2018)) == members_in(atopid, 2018)


def test_2018_obligations_are_exactly_the_directed_dyad_years(specs_2018):
    """Every directed obligation of the 2018 specs, and only those, is in atop5_1_ddyr for 2018:
    the asymmetries (ASYMM, OBVARY) are resolved as ATOP resolves them."""
    mine = set()
    for t in specs_2018.values():
        for ob in t.obligations:
            for a in t.owes(ob, 2018):
                mine.update((a, b, KIND_COLUMN[ob.kind]) for b in t.owed(ob, 2018) if b != a)
    d = load_dyad_years()
    d = d[d.year == 2018]
    theirs = set()
    for col in KIND_COLUMN.values():
        hit = d[d[col] == 1]
        theirs.update(zip(hit.ccode1.astype(int), hit.ccode2.astype(int), [col] * len(hit), strict=True))
    assert len(mine) == 14954
    assert mine == theirs


# ---------------------------------------------------------------------------- ten by hand
def test_us_japan_3375_us_defends_japan_consults(specs_2018):
    t = specs_2018[3375]
    assert t.member_codes() == (2, 740)
    us, jp = owed(t, 2), owed(t, 740)
    assert set(us) == {"defence", "non_aggression", "consultation"}
    assert us["defence"] == (us["defence"][0], {740}) and us["defence"][0].unspecified == ()  # DEFCON=0
    assert set(jp) == {"non_aggression", "consultation"}  # DEFENSE=0 for Japan
    for side in (us, jp):  # CONCOLOC=1, CONCOREQ=1
        cond = side["consultation"][0]
        assert cond.on_request and set(cond.unspecified) == {"location"}
    assert t.depth.bases and t.depth.organisation and not t.depth.military_aid  # BASE=3, ORGAN1=2
    assert t.signed == 1960 and "Japan" in t.name


def test_us_rok_3240_mutual_defence_conditional_on_location(specs_2018):
    t = specs_2018[3240]
    for a, b in ((2, 732), (732, 2)):
        assert owed(t, a)["defence"][1] == {b}
        assert unspecified(t, a, "defence") == {"location"}
        assert unspecified(t, a, "consultation") == {"location"}
    assert t.depth.bases and not t.depth.organisation  # BASE=3, ORGAN1=0


def test_nato_3180_phase_2(specs_2018):
    t = specs_2018[3180]
    assert len(t.member_codes(2018)) == 29 and 375 not in t.member_codes(2018)
    assert "phase 2" in t.notes
    joined = {m.state: (m.joined, m.left) for m in t.members}
    assert joined[2] == (1949, None)  # a founder, though phase 2 begins in 1951
    assert joined[260] == (1954, 1990) and joined[341] == (2016, None)
    for c in t.member_codes(2018):
        assert unspecified(t, c, "defence") == {"location"}  # DEFCOLOC=1 (art. 6)
        assert unspecified(t, c, "consultation") == set()
    assert t.depth.bases and t.depth.organisation and not t.depth.integrated_command  # BASE=3, ORGAN1=3
    phase1 = treaty_from_atop(3180, 1950)
    assert len(phase1.member_codes()) == 12 and not phase1.depth.bases  # BASE=0 in phase 1


def test_prc_dprk_3445_unconditional_defence(specs_2018):
    t = specs_2018[3445]
    for a, b in ((710, 731), (731, 710)):
        ob = owed(t, a)
        assert set(ob) == {"defence", "non_aggression"}
        assert ob["defence"] == (Conditions(), {b})


def test_tac_3755_non_aggression_among_many(specs_2018):
    t = specs_2018[3755]
    members = set(t.member_codes(2018))
    assert len(members) == 34 and {2, 710, 740, 800} <= members
    assert {ob.kind for ob in t.obligations} == {"non_aggression"}
    assert owed(t, 740)["non_aggression"][1] == members - {740}
    assert t.depth.organisation  # ORGAN1=2 (the High Council)


def test_us_thailand_3260_us_defence_conditional_on_adversary(specs_2018):
    t = specs_2018[3260]
    assert t.member_codes() == (2, 800) and "phase 2" in t.notes
    assert unspecified(t, 2, "defence") == {"location", "adversary"}  # DEFCOADV=1: the US understanding
    assert unspecified(t, 800, "defence") == {"location"}
    assert {m.joined for m in t.members} == {1954}
    seato = treaty_from_atop(3260, 1960)
    assert len(seato.member_codes(1960)) == 8 and seato.depth.organisation  # ORGAN1=2 in phase 1


def test_rio_treaty_3075(specs_2018):
    t = specs_2018[3075]
    assert len(t.member_codes(2018)) == 17
    assert {70, 101, 130, 145, 93} & set(t.member_codes(2018)) == set()  # withdrew 2004-2016
    assert unspecified(t, 2, "defence") == {"location"}
    assert unspecified(t, 2, "consultation") == set()


def test_central_american_4678_panama_owes_non_aggression_only(specs_2018):
    t = specs_2018[4678]
    assert set(owed(t, 95)) == {"non_aggression"}  # Panama: OBVARY=1, no defence
    assert owed(t, 90)["defence"][1] == {42, 80, 91, 92, 93, 95}
    assert owed(t, 90)["defence"][0].unspecified == ()
    assert {m.state: m.joined for m in t.members}[42] == 2017


def test_france_czech_slovak_4070_successor_phases_merge(specs_2018):
    t = specs_2018[4070]
    assert t.member_codes() == (220, 316, 317) and "phases 2 and 3" in t.notes
    assert owed(t, 220)["consultation"][1] == {316, 317}
    assert owed(t, 316)["consultation"][1] == {220}  # no obligation between the successors
    assert owed(t, 317)["consultation"][0].on_request  # CONCOREQ=1
    assert treaty_from_atop(4070, 2018, phase=2).member_codes() == (220, 316)


def test_arab_league_3205_egypt_rejoined(specs_2018):
    t = specs_2018[3205]
    egypt = {m.state: m for m in t.members}[651]
    assert (egypt.joined, egypt.left) == (1989, None) and "1950-1979" in t.notes
    assert {ob.kind for ob in t.obligations} == {"defence", "non_aggression", "consultation"}
    assert t.depth.military_aid and t.depth.organisation  # MILAID=3, ORGAN1=3
    assert "SUBORD=2" in t.notes and "MILCON=2" in t.notes
    assert {m.state: m for m in treaty_from_atop(3205, 1970).members}[651].left == 1979


# ---------------------------------------------------------------------------- other mappings
def test_obvary_partners_excluded_by_the_directed_dyad_years(shared_data_dir):
    t = treaty_from_atop(1100, 1838)  # Quadruple Alliance (1834), phase 2
    assert owed(t, 200, 1838)["defence"][1] == {230, 235}  # the UK defends Spain and Portugal, not France
    assert owed(t, 200, 1838)["consultation"][1] == {220, 230, 235}
    assert "atop5_1_ddyr_summary" in t.sources[0] and "OBVARY=1" in t.notes


def test_olimob_and_neucoatt(specs_2018):
    sadc = specs_2018[4985]  # OLIMOB=1: some obligation is contingent, ATOP does not say which
    assert all("other" in ob.conditions.unspecified for ob in sadc.obligations)
    finland = specs_2018[4145]  # NEUCOATT=1: neutrality if the ally is attacked
    cond = owed(finland, 365)["neutrality"][0]
    assert set(cond.attack_kinds) == {"armed_attack", "blockade", "attack_on_forces"}


def test_treaties_in_force_for_japan(shared_data_dir):
    ts = treaties_in_force(740, 2018)
    ids = {t.atopid for t in ts}
    assert {3375, 3755} <= ids
    assert all(740 in t.member_codes(2018) for t in ts)
    assert ids == {t.atopid for t in treaties_in_force("Japan", 2018)}
    assert ids <= set(atop_ids_in_force(2018))


def test_after_2018_the_2018_coding_stands_in(shared_data_dir):
    assert atop_ids_in_force(2030) == atop_ids_in_force(2018)
    t = treaty_from_atop(3180, 2024)
    assert "stands in for 2024" in t.notes
    assert 375 not in t.member_codes(2024)  # Finland's 2023 accession is after ATOP


# ---------------------------------------------------------------------------- the engine
def _place(ccode):
    return SimpleNamespace(
        id="capital",
        name="the capital",
        administered_by=ccode,
        administered_by_ccode=ccode,
        in_territory_of=ccode,
        in_territory_of_ccode=ccode,
        status="undisputed",
        pacific_area=True,
    )


def _status(result):
    return result.table.set_index("ccode").status.to_dict()


def test_engine_defend_if_where_atop_location_is_unspecified(specs_2018):
    ev = Event.model_validate(
        {"id": "attack", "aggressor": [731], "target": 732, "place": "capital"}, context={"resolve": int}
    )
    r = obligations([specs_2018[3240]], ev, {"capital": _place(732)}, year=2018)
    assert _status(r)[2] == "defend_if"
    assert "conditional on location" in r.table.set_index("ccode").loc[2, "reason"]


def test_engine_on_us_japan(specs_2018):
    t = specs_2018[3375]
    on_japan = Event.model_validate(
        {"id": "a", "aggressor": [710], "target": 740, "place": "capital"}, context={"resolve": int}
    )
    assert _status(obligations([t], on_japan, {"capital": _place(740)}, year=2018))[2] == "defend"
    on_us = Event.model_validate(
        {"id": "b", "aggressor": [710], "target": 2, "place": "capital"}, context={"resolve": int}
    )
    assert _status(obligations([t], on_us, {"capital": _place(2)}, year=2018))[740] == "consult_if"


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: treaty_from_atop(9999), "no ATOP alliance with atopid 9999"),
        (lambda: treaty_from_atop("3375"), "atopid must be an integer"),
        (lambda: treaty_from_atop(3375, 1700), "before ATOP's coverage"),
        (lambda: treaty_from_atop(3375, 1950), "not in force in 1950"),
        (lambda: treaty_from_atop(3180, phase=7), "has no phase 7"),
        (lambda: treaty_from_atop(3180, 2018, phase=1), "phase 1 of ATOP alliance 3180 is not in force"),
        (lambda: atop_ids_in_force(1700), "before ATOP's coverage"),
        (lambda: atop_ids_in_force(2018.5), "year must be an integer"),
        (lambda: treaties_in_force("Atlantis", 2018), "unknown state"),
    ],
)
def test_bad_input(shared_data_dir, call, needle):
    with pytest.raises(InputError, match=needle):
        call()


def test_frames_are_not_modified(shared_data_dir):
    before = load_members()
    treaty_from_atop(3375, 2018)
    pd.testing.assert_frame_equal(before, load_members())
