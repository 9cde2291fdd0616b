import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus.data.states import StateSystem, cow_to_gw, gw_to_cow
from foedus.errors import UnknownStateError


@pytest.fixture(scope="module")
def system(shared_data_dir):
    return StateSystem.from_data()


@pytest.mark.parametrize("query", ["JPN", "Japan", 740, "740", "japan", "cow:740", "iso3:JPN"])
def test_japan_by_any_name(system, query):
    assert system.lookup(query, 2022).ccode == 740


@pytest.mark.parametrize(
    ("query", "year", "ccode", "abb"),
    [
        ("Germany", 2000, 255, "GMY"),
        ("Germany", 1930, 255, "GMY"),
        ("GFR", 1970, 260, "GFR"),
        ("West Germany", 1970, 260, "GFR"),
        ("GDR", 1970, 265, "GDR"),
        ("Serbia", 2010, 345, "SRB"),
        ("Yugoslavia", 1990, 345, "YUG"),
        (345, 1990, 345, "YUG"),
        (345, 2010, 345, "SRB"),
        ("Vietnam", 1970, 816, "DRV"),
        ("South Vietnam", 1970, 817, "RVN"),
        ("Taiwan", 2022, 713, "TAW"),
        ("North Korea", 2022, 731, "PRK"),
        ("South Korea", 2022, 732, "ROK"),
        ("ROK", 2022, 732, "ROK"),
        ("Korea", 1900, 730, "KOR"),
        ("China", 2022, 710, "CHN"),
        ("Burma", 2022, 775, "MYA"),
    ],
)
def test_awkward_cases(system, query, year, ccode, abb):
    s = system.lookup(query, year)
    assert (s.ccode, s.abb) == (ccode, abb)


def test_names_follow_the_spell(system):
    assert system.lookup(345, 1990).name == "Yugoslavia"
    assert system.lookup(345, 2010).name == "Serbia"
    assert system.lookup(345, 2010).iso3 == "SRB"
    assert system.lookup(345, 1990).iso3 == "YUG"


def test_states_outside_the_system_in_a_year(system):
    with pytest.raises(UnknownStateError, match="not in the state system in 1948"):
        system.lookup("Japan", 1948)
    with pytest.raises(UnknownStateError, match="not in the state system in 1980"):
        system.lookup(817, 1980)
    with pytest.raises(UnknownStateError, match="not in the state system in 1970"):
        system.lookup(255, 1970)


def test_bare_three_letters_are_cow_first_iso3_second(system):
    assert system.lookup("AUS", 2022).ccode == 305  # COW: Austria
    assert system.lookup("iso3:AUS", 2022).ccode == 900  # ISO3: Australia
    assert system.lookup("AUL", 2022).ccode == 900
    # COW's KOR is Korea to 1905, not in the system in 2022: an error that points at ISO3
    with pytest.raises(UnknownStateError, match="iso3:KOR"):
        system.lookup("KOR", 2022)
    assert system.lookup("iso3:KOR", 2022).ccode == 732
    assert system.lookup("PHL", 2022).ccode == 840  # not a COW abbreviation: ISO3


def test_the_default_world_reads_three_letters_as_the_full_system_does():
    """A system that holds only some states still reads COW first: AUS is Austria (refused
    as not in the embedded world), never silently Australia."""
    from foedus.world import World

    world = World.default()
    for code in ("AUS", "KOR"):
        with pytest.raises(UnknownStateError, match=f"COW abbreviation.*iso3:{code}"):
            world.lookup(code)
    assert world.lookup("iso3:AUS").ccode == 900 and world.lookup("AUL").ccode == 900
    assert world.lookup("PHL").ccode == 840  # not a COW abbreviation: ISO3


def test_iso3_is_year_aware_for_germany(system):
    assert system.lookup("iso3:DEU", 1970).ccode == 260
    assert system.lookup("iso3:DEU", 2000).ccode == 255


def test_gw_crosswalk(system):
    assert cow_to_gw(255, 2000) == 260
    assert cow_to_gw(255, 1930) == 255
    assert cow_to_gw(345, 2010) == 340
    assert cow_to_gw(345, 1990) == 345
    assert cow_to_gw(679, 2000) == 678
    assert gw_to_cow(260, 2000) == 255
    assert system.lookup("gw:340", 2010).ccode == 345
    assert cow_to_gw(740, 2022) == 740


def test_unknown_names_suggest_close_matches(system):
    with pytest.raises(UnknownStateError, match="did you mean Japan"):
        system.lookup("Japn", 2022)
    with pytest.raises(UnknownStateError, match="unknown state"):
        system.lookup("Atlantis")
    with pytest.raises(UnknownStateError):
        system.lookup(9999)


def test_ambiguous_names_are_errors():
    spells = pd.DataFrame(
        {
            "stateabb": ["AAA", "BBB"],
            "ccode": [1, 2],
            "statenme": ["Congo", "Congo"],
            "styear": [1900, 1900],
            "stmonth": [1, 1],
            "stday": [1, 1],
            "endyear": [2000, 2000],
            "endmonth": [12, 12],
            "endday": [31, 31],
        }
    )
    with pytest.raises(UnknownStateError, match="ambiguous"):
        StateSystem(spells).lookup("Congo", 1950)


def test_members(system):
    m = system.members(2022)
    assert m.ccode.is_unique
    assert {710, 713, 731, 732, 740, 2, 365} <= set(m.ccode)
    assert 740 not in set(system.members(1948).ccode)
    both = system.members(1990)
    assert {255, 260, 265} <= set(both.ccode)  # unification year: all three at some time


@settings(max_examples=60, deadline=None)
@given(year=st.integers(1816, 2024), data=st.data())
def test_code_and_abbreviation_lookups_agree(system, year, data):
    members = system.members(year)
    row = members.iloc[data.draw(st.integers(0, len(members) - 1))]
    assert system.lookup(int(row.ccode), year).ccode == row.ccode
    assert system.lookup(str(row.abb), year).ccode == row.ccode
    assert system.lookup(str(row["name"]), year).ccode == row.ccode
