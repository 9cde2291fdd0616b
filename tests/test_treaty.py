"""Treaty specs: the shipped treaty files, validation and clear errors."""

from pathlib import Path

import pytest

from foedus.errors import InputError
from foedus.treaty import Treaty, load_treaty, resolve_anywhere

ROOT = Path(__file__).resolve().parents[1]
TREATIES = sorted((ROOT / "scenarios" / "treaties").glob("*.yaml"))


@pytest.mark.parametrize("path", TREATIES, ids=lambda p: p.stem)
def test_every_shipped_treaty_loads_and_cites_its_text(path, shared_data_dir):
    t = load_treaty(path, resolve_anywhere)  # NATO's members need the full state list
    assert t.id == path.stem
    assert t.sources, "each shipped treaty cites the text it encodes"
    assert len(t.member_codes()) >= 2


def test_us_japan_encodes_article_v():
    t = load_treaty(ROOT / "scenarios" / "treaties" / "us-japan-1960.yaml")
    art5 = next(o for o in t.obligations if o.article == "Art. V")
    assert art5.kind == "defence" and art5.conditions.administered_by == (740,)
    assert art5.response == "constitutional_processes"
    assert t.reservations[740][0].name == "survival_threatening"
    assert t.atopid == 3375


def test_anzus_omits_the_suspended_us_new_zealand_tie():
    t = load_treaty(ROOT / "scenarios" / "treaties" / "anzus-1951.yaml")
    pairs = {(b, to) for o in t.obligations if o.kind == "defence" for b in o.by for to in o.to}
    assert (2, 900) in pairs and (900, 920) in pairs and (2, 920) not in pairs and (920, 2) not in pairs


def write(tmp_path, text):
    p = tmp_path / "t.yaml"
    p.write_text(text)
    return p


GOOD = """id: t
name: T
members: [USA, JPN]
obligations:
  - kind: defence
    conditions: {location: [member_territory]}
"""


def test_good_file_loads(tmp_path):
    assert load_treaty(write(tmp_path, GOOD)).member_codes() == (2, 740)


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        (GOOD.replace("conditions:", "conditons:"), ["t.yaml:6", "unknown key", "conditons"]),
        (GOOD.replace("[USA, JPN]", "[USA, Japn]"), ["t.yaml:3", "unknown state 'Japn'", "Japan"]),
        (GOOD.replace("kind: defence", "kind: defense"), ["t.yaml:5", "kind", "defence"]),
        (GOOD.replace("{location: [member_territory]}", "{location: []}"), ["never hold"]),
        (
            GOOD.replace("{location: [member_territory]}", "{min_attackers: 3, max_attackers: 1}"),
            ["never hold"],
        ),
        (GOOD + "    by: [CHN]\n", ["non-member"]),
        (GOOD.replace("members: [USA, JPN]", "members: [USA, USA]"), ["twice"]),
        (GOOD + "reservations:\n  CHN: {name: x, source: y}\n", ["not a member"]),
        (GOOD + "reservations:\n  JPN: {name: x, probability: 1.5, source: y}\n", ["probability"]),
        (GOOD + "decision_rule: {kind: qualified_majority, quota: 3}\n", ["weights and a quota"]),
        ("id: t\nname: [unclosed\n", ["not valid YAML"]),
        (GOOD.replace("id: t", "id: Bad Id"), ["id"]),
    ],
)
def test_bad_files_name_file_line_and_key(tmp_path, text, needles):
    with pytest.raises(InputError) as err:
        load_treaty(write(tmp_path, text))
    msg = str(err.value)
    for n in needles:
        assert n in msg, msg


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        load_treaty("nope.yaml")


def test_treaty_is_frozen():
    t = Treaty.model_validate(
        {"id": "t", "name": "T", "members": [2, 740], "obligations": []}, context={"resolve": int}
    )
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        t.name = "other"


def test_dates_decide_the_years_a_treaty_is_in_force(tmp_path):
    quad = load_treaty("scenarios/treaties/quad.yaml")
    assert not quad.in_force_in(2012) and quad.in_force_in(2017)
    mdt = load_treaty("scenarios/treaties/us-philippines-1951.yaml")
    assert (mdt.signed, mdt.in_force, mdt.ended) == (1951, 1952, None)
    assert (
        not mdt.in_force_in(1951)
        and mdt.in_force_in(1952)
        and mdt.dates() == "signed 1951, in force from 1952"
    )
    pact = load_treaty("scenarios/treaties/asian-nato-a.yaml")
    assert pact.in_force_in(1900) and pact.in_force_in(2024)  # a proposal: no dates
    bad = tmp_path / "t.yaml"
    bad.write_text("id: t\nname: T\nsigned: 1990\nended: 1980\nmembers: [USA, JPN]\nobligations: []\n")
    with pytest.raises(InputError, match=r"signed \(1990\) is after ended \(1980\)"):
        load_treaty(bad)


def test_atop_gives_the_dates(shared_data_dir):
    ended = Treaty.from_atop(3350)  # ATOP codes it 1958-1977 (endyr)
    assert (ended.signed, ended.ended) == (1958, 1977) and not ended.in_force_in(1980)
    assert Treaty.from_atop(3375).ended is None  # still in force in 2018
