"""The report: one self-contained HTML file that draws its maps and charts with the network off."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("plotly")
pytest.importorskip("matplotlib")

from foedus.errors import InputError
from foedus.report import document, figures, html, maps, write_report
from foedus.scenario import load_scenario, shipped_scenario
from foedus.study import StudyResult, run_study

EVENTS = ["senkaku", "taiwan"]
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


NO_CRISIS = ("obligations", "alignment", "power", "burden", "adoption")


@pytest.fixture(scope="module")
def data(scenario):
    return run_study(scenario, events=EVENTS, draws=2000, seed=1)


@pytest.fixture(scope="module")
def page(data):
    return document.Page(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("report")
    return write_report(data, folder / "report.html", png_dir=folder / "png")


# ----------------------------------------------------------------------------- the file
class _Fetches(HTMLParser):
    """Every attribute a browser would fetch, and the text of <style> elements."""

    FETCHING = {"src", "href", "srcset", "data", "poster", "action", "background", "formaction"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_style = tag == "style"
        for k, v in attrs:
            if k in self.FETCHING and v is not None:
                self.urls.append((tag, k, v))

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def test_report_is_one_file(report):
    folder = report.parent
    assert sorted(p.name for p in folder.iterdir()) == ["png", "report.html"]
    assert not list(folder.glob(".*.part"))
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")


def test_report_fetches_nothing(report):
    text = report.read_text(encoding="utf-8")
    parser = _Fetches()
    parser.feed(text)
    remote = [(t, k, v) for t, k, v in parser.urls if re.match(r"\s*(https?:)?//", v, re.I)]
    assert remote == []
    # only in-page anchors: no file or URL the page would need
    assert all(v.startswith("#") for _, k, v in parser.urls if k == "href"), parser.urls
    assert not any(k == "src" for _, k, _ in parser.urls), "scripts and images must be inlined"
    assert "link" not in parser.tags and "iframe" not in parser.tags
    assert not any(re.search(r"url\(|@import", s) for s in parser.styles)
    # plotly.js and the world shapes are inlined
    assert "Plotly.newPlot" in text and 'PlotlyGeoAssets.topojson["world_110m"]' in text


def test_report_has_senkaku_obligations(report):
    text = report.read_text(encoding="utf-8")
    assert 'id="event-senkaku"' in text
    senkaku = text[text.index('id="event-senkaku"') : text.index('id="event-taiwan"')]
    # the US-Japan treaty binds the United States to defend Japan at the Senkaku Islands
    assert re.search(r"US–Japan Treaty.*?</td><td>USA</td><td>bound to defend Japan</td>", senkaku, re.S)
    summary = text[text.index("Summary: who is bound") : text.index('id="event-senkaku"')]
    assert re.search(r"<td>senkaku</td><td>USA</td>", summary)


def test_report_sections(report):
    text = report.read_text(encoding="utf-8")
    for anchor in ("obligations", "coalitions", "alignment", "power", "burden", "forecasts", "evidence",
                   "assumptions", "provenance"):  # fmt: skip
        assert f'id="{anchor}"' in text
    scenario_hash = load_scenario(shipped_scenario()).hash
    assert scenario_hash in text
    assert "@article{axelrod_bennett_1993," in text  # BibTeX of the models used
    assert "@misc{sipri_milex_2025," in text
    if importlib.util.find_spec("foedus.crisis") is not None:
        assert "@book{bdm_1981," in text and "Who comes: each state" in text
    assert "Natural Earth" in text
    assert len(list((report.parent / "png").glob("map-*.png"))) == len(EVENTS)


def test_report_is_written_atomically(tmp_path, scenario, monkeypatch):
    out = tmp_path / "r.html"
    out.write_text("the previous report", encoding="utf-8")

    def interrupted(path, parts):
        Path(path).write_text("<!DOCTYPE html><html><body>half a rep", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(document, "_write_parts", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(scenario, out, events=["senkaku"], parts=["obligations"])
    assert out.read_text(encoding="utf-8") == "the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_bad_event_leaves_the_file(tmp_path, scenario):
    out = tmp_path / "r.html"
    out.write_text("good", encoding="utf-8")
    with pytest.raises(InputError, match="no event 'senkakku'"):
        write_report(scenario, out, events=["senkakku"])
    assert out.read_text(encoding="utf-8") == "good"


def test_a_study_without_its_crisis_part(tmp_path, scenario):
    out = write_report(scenario, tmp_path / "r.html", events=["senkaku"], parts=["obligations", "power"])
    text = out.read_text(encoding="utf-8")
    assert "Who is bound (senkaku" in text and "Who comes: each state" not in text
    with pytest.raises(InputError, match="no crisis results measured by 'milex'"):
        write_report(scenario, tmp_path / "r2.html", events=["senkaku"], parts=["crisis"],
                     capabilities=["cinc"], draws=200, measure="milex")  # fmt: skip


def test_a_study_read_from_disk_has_no_figures(tmp_path, data):
    back = StudyResult.load(data.save(tmp_path / "study"))
    with pytest.raises(InputError, match="tables only"):
        write_report(back, tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_render_is_deterministic(data):
    assert document.render(data) == document.render(data)


# ----------------------------------------------------------------------------- figures and maps
def test_evidence_section_shows_the_backtest_beside_its_baselines(page):
    """The evidence section reads the shipped estimates and backtest: every record's value and its
    baseline's appear, the two figures are built, and each flashpoint has its historical cases
    beside the study's P(deterred) bands."""
    from foedus.estimation.evidence import shipped_evidence
    from foedus.report.html import Figures
    from foedus.report.sections import evidence_section

    figs = Figures()
    html = evidence_section(page, figs)
    ev = shipped_evidence()
    for r in ev["backtest"]:
        assert f"{r['value']:.3f}" in html and f"{r['baseline_value']:.3f}" in html
    assert "ROC curves" in html and "Predicted against observed" in html
    for event in {r["event"] for r in ev["similar"]}:
        assert f"<h4>{event}</h4>" in html
    assert html.count("90% band") >= len({r["event"] for r in ev["similar"]} & {e.id for e in page.events})


def test_figures_build_for_each_kind(page, scenario):
    data = page
    import plotly.graph_objects as go

    labels = {d.name: d.label for d in scenario.designs.values()}
    ev = scenario.event("senkaku")
    obl = {labels[k]: v for k, v in data.obligations["senkaku"].items()}
    built = {
        "map": figures.obligation_map(scenario.world, ev, obl, places=scenario.places),
        "network": figures.alliance_network(
            scenario.world, {d.label: d.treaties for d in scenario.designs.values()}
        ),
        "landscape_minima": figures.landscape_minima(data.landscape),
        "landscape_sides": figures.landscape_sides(data.landscape, data.switch_costs),
        "power": figures.voting_power(data.power.drop_duplicates(["treaty", "player"])),
        "burden": figures.burden_sharing(data.burden),
    }
    if data.crisis:
        comp = data.crisis["senkaku"]
        results = {labels[k]: v for k, v in comp.results.items()}
        built["map_crisis"] = figures.obligation_map(
            scenario.world, ev, obl, places=scenario.places, crisis=results
        )
        built["outcomes"] = figures.crisis_outcomes(comp)
        built["distribution"] = figures.crisis_distribution(comp)
        built["responses"] = figures.crisis_responses(results)
    for issue, results in data.forecasts.items():
        built["forecast_rounds"] = figures.forecast_rounds(results)
        built["forecast_spread"] = figures.forecast_spread(results, data.problems[issue])
        built["actor_paths"] = figures.actor_paths(results["bdm"])
    for name, fig in built.items():
        assert isinstance(fig, go.Figure), name
        assert len(fig.data) > 0, name
        json.loads(fig.to_json())
    m = built["map"]
    assert m.layout.geo.scope == "world" and tuple(m.layout.geo.lataxis.range) == maps.INDO_PACIFIC["lat"]
    choropleths = [t for t in m.data if t.type == "choropleth"]
    assert all(t.locationmode == "ISO-3" for t in choropleths)
    assert len(m.layout.updatemenus[0].buttons) == len(scenario.designs)
    shown = {loc for t in choropleths if t.visible for loc in t.locations}
    assert {"JPN", "CHN"} <= shown  # target and aggressor in the status-quo view
    if data.crisis:
        assert len(built["map_crisis"].layout.updatemenus[0].buttons) == 2 * len(scenario.designs)


def test_strongest_status(page):
    data = page
    s = figures.strongest_status(data.obligations["senkaku"]["hub_and_spoke"].table).set_index("state")
    assert s.loc["USA", "status"] == "defend"
    assert s.loc["JPN", "status"] == "target"


def test_treaty_edges(scenario):
    edges = figures.treaty_edges(scenario.designs["hub_and_spoke"].treaties, scenario.names())
    us_jpn = edges[(edges.state1 == "USA") & (edges.state2 == "JPN")]
    assert "defence" in set(us_jpn.kind)
    assert "membership" in set(edges[edges.treaty == "quad"].kind)


def test_png_figures(tmp_path, page, scenario):
    data = page
    labels = {d.name: d.label for d in scenario.designs.values()}
    ev = scenario.event("taiwan")
    obl = {labels[k]: v for k, v in data.obligations["taiwan"].items()}
    p = figures.obligation_map_png(scenario.world, ev, obl, tmp_path / "m.png", places=scenario.places)
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_shipped_shapes():
    topo = maps.topojson()
    assert set(topo["objects"]) == set(maps.LAYERS)
    assert {"JPN", "CHN", "TWN", "AUS", "PHL", "KOR", "PRK", "NZL", "IND"} <= maps.iso3_with_shapes()
    japan = [pt for ring in maps.country_shapes()["JPN"] for pt in ring]
    lons, lats = zip(*japan, strict=True)
    assert 122 < min(lons) and max(lons) < 147 and 24 < min(lats) and max(lats) < 46
    script = maps.geo_assets_script()
    assert script.count("</") == 0 and '"world_110m"' in script
    # small enough to ship: the trimmed file stays well under the original 137 kB
    assert len(maps.topojson_text()) < 125_000
    licence = Path(maps.__file__).parent / "assets" / "LICENSE-world_110m.txt"
    assert "Natural Earth" in licence.read_text(encoding="utf-8")


def test_table_escapes():
    import pandas as pd

    out = html.table(pd.DataFrame({"a": ["<script>x</script>"], "b": [1234567.0]}))
    assert "<script>" not in out and "&lt;script&gt;" in out and "1,234,567" in out


# ----------------------------------------------------------------------------- in a real browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_renders_offline_in_chromium(report, tmp_path):
    """Render the report in headless Chromium with every host unresolvable: plotly must draw
    the maps (country paths) and charts from what is inside the file."""
    base = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=15000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    url = report.resolve().as_uri()
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert 'data-plots-done="1"' in dom, "the plots did not all finish drawing"
    assert dom.count('class="main-svg"') >= 10
    # choropleth country shapes: drawn only if the shipped TopoJSON reached plotly.js
    assert len(re.findall(r'class="choroplethlocation"', dom)) > 20
    assert 'class="bars"' in dom or 'class="trace bars"' in dom

    shot = tmp_path / "shot.png"
    subprocess.run([*base, "--window-size=1280,1600", f"--screenshot={shot}", url], capture_output=True,
                   timeout=120)  # fmt: skip
    from PIL import Image

    img = Image.open(shot).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))

    # the first map (senkaku, status quo) colours the aggressor and the target
    assert rgb(figures.STATUS_COLOUR["aggressor"]) in colours
    assert rgb(figures.STATUS_COLOUR["target"]) in colours


def test_scenario_without_events(tmp_path):
    treaty = Path(shipped_scenario()).parent / "treaties" / "anzus-1951.yaml"
    file = tmp_path / "tiny.yaml"
    file.write_text(
        f"name: Tiny\nworld: default\ndesigns:\n  only:\n    treaties: [{treaty}]\n", encoding="utf-8"
    )
    out = write_report(file, tmp_path / "tiny.html", parts=NO_CRISIS)
    text = out.read_text(encoding="utf-8")
    assert "The scenario has no events" in text and "No adoption issue file" in text
    assert 'id="alignment"' in text and "ANZUS" in text


def test_map_view_fits_events_outside_the_indo_pacific(shared_data_dir):
    import doctest

    assert doctest.testmod(maps).failed == 0
    baltic = Path(shipped_scenario()).parent / "nato-baltic.yaml"
    from foedus.obligations import obligations

    sc = load_scenario(baltic)
    ev = next(iter(sc.events.values()))
    obl = {d.label: obligations(d.treaties, ev, sc.places, sc.names()) for d in sc.designs.values()}
    fig = figures.obligation_map(sc.world, ev, obl, places=sc.places)
    lo, hi = fig.layout.geo.lonaxis.range
    place = sc.places[ev.place]
    assert lo < place.lon < hi and hi < 100  # Europe, not the Indo-Pacific


def test_forecasts_are_rounded_to_the_expected_error(report):
    """About 20 points of expected error on the 0-100 scale: whole numbers, not 13.240."""
    text = report.read_text(encoding="utf-8")
    section = text[text.index('id="forecasts"') :]
    section = section[: section.index("</table>")]
    cells = re.findall(r'<td class="num">([^<]*)</td>', section)
    assert cells and not any("." in c for c in cells), cells
    assert "about 20 points here" in section
