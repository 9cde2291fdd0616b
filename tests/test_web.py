"""The dashboard (foedus serve): its functions without a browser, then end to end in Chromium."""

from __future__ import annotations

import base64
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("dash")

from foedus.errors import InputError
from foedus.scenario import load_scenario, shipped_scenario
from foedus.treaty import load_treaty
from foedus.web import app, callbacks, editor, jobs, results, uploads

KEY = "shipped:asian-nato.yaml"


@pytest.fixture(scope="module")
def sc():
    return uploads.SCENARIOS.get(KEY)


# ----------------------------------------------------------------------------- no browser
def test_editor_values_of_design_a(sc):
    v = editor.editor_values(sc, "design_a")
    assert v["treaty"] == "asian-nato-a"
    assert set(v["members"]) == {2, 740, 732, 900, 840, 920}
    assert v["kind"] == "defence" and v["response"] == "as_it_deems_necessary" and v["rule"] == "consensus"
    assert v["locations"] == ["member_territory", "administered_territory", "member_forces"]


def test_status_quo_pact_is_one_of_its_treaties(sc):
    base = next(iter(sc.designs))
    assert editor.pact(sc, base).id in {t.id for t in sc.designs[base].treaties}


def test_edit_treaty_changes_members_clauses_and_rule(sc):
    v = editor.editor_values(sc, "design_a")
    t = editor.edit_treaty(
        sc,
        "design_a",
        [*v["members"], 713],
        "defence",
        "automatic",
        ["member_territory"],
        "qualified_majority",
    )
    assert 713 in t.member_codes()
    main = t.obligations[0]
    assert main.kind == "defence" and main.response == "automatic"
    assert main.conditions.location == ("member_territory",)
    assert t.decision_rule.kind == "qualified_majority" and t.decision_rule.quota == 5.0
    # Japan's reservation goes when Japan leaves
    t2 = editor.edit_treaty(sc, "design_a", [2, 732, 900], "defence", "automatic", [], "consensus")
    assert 740 not in t2.reservations
    assert t2.obligations[0].conditions.location is None  # nothing ticked: anywhere


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([2], "defence", "automatic", [], "consensus"), "at least two members"),
        (([2, 740], "war", "automatic", [], "consensus"), "unknown obligation kind"),
        (([2, 740], "defence", "eval('1')", [], "consensus"), "unknown response clause"),
        (([2, 740], "defence", "automatic", ["moon"], "consensus"), "unknown location"),
        (([2, 740], "defence", "automatic", [], "dictator"), "unknown decision rule"),
        (([2, 99999], "defence", "automatic", [], "consensus"), "not in the scenario's world"),
        ((["x", 2], "defence", "automatic", [], "consensus"), "members must be states"),
    ],
)
def test_edit_treaty_rejects_bad_input(sc, args, message):
    with pytest.raises(InputError, match=message):
        editor.edit_treaty(sc, "design_a", *args)


def test_consultation_drops_the_response_clause(sc):
    t = editor.edit_treaty(sc, "design_a", [2, 740, 732], "consultation", "automatic", [], "consensus")
    assert t.obligations[0].kind == "consultation" and t.obligations[0].response is None


def test_treaty_yaml_reads_back(sc, tmp_path):
    v = editor.editor_values(sc, "design_b")
    t = editor.edit_treaty(
        sc,
        "design_b",
        [*v["members"], 2],
        "defence",
        "constitutional_processes",
        ["member_territory"],
        "each_member",
    )
    path = tmp_path / "t.yaml"
    path.write_text(editor.treaty_yaml(t, sc))
    assert load_treaty(path) == t
    assert "USA" in path.read_text()


@pytest.mark.parametrize("bad", [0, 99, 200_001, "1e9", None, 2.5, "ten"])
def test_draws_are_capped(bad):
    with pytest.raises(InputError, match="draws"):
        editor.check_draws(bad)
    assert editor.check_draws(200_000) == 200_000 and editor.check_draws("5000") == 5000


def test_upload_size_is_capped():
    big = "data:application/x-yaml;base64," + base64.b64encode(b"x" * (uploads.MAX_UPLOAD + 10)).decode()
    with pytest.raises(InputError, match="at most"):
        uploads.decode_upload(big, "big.yaml")
    with pytest.raises(InputError, match="at most"):
        uploads.SCENARIOS.add_upload("big.yaml", b"x" * (uploads.MAX_UPLOAD + 1))


def test_invalid_upload_gets_the_cli_message(tmp_path):
    text = "name: broken\ndesigns:\n  a:\n    treaties: [treaties/quad.yaml]\n    colour: red\n"
    contents = "data:application/x-yaml;base64," + base64.b64encode(text.encode()).decode()
    out = callbacks.on_scenario(None, contents, "broken.yaml", "upload")
    assert out["error"] and out["key"] is None
    # the same words as foedus' own loader (which the CLI prints as "foedus: error: ...")
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    cli_words = str(exc.value).split(": ", 1)[1]  # without the file's path
    assert out["message"].startswith("foedus: error: ") and cli_words in out["message"]
    assert "colour" in out["message"] and out["message"].startswith("foedus: error: broken.yaml:")


def test_upload_is_yaml_not_code():
    text = "!!python/object/apply:os.system ['echo hacked']\n"
    out = callbacks.on_scenario(
        None, "data:;base64," + base64.b64encode(text.encode()).decode(), "x.yaml", "upload"
    )
    assert out["error"]


def test_valid_upload_of_a_shipped_variant():
    text = shipped_scenario().read_text().replace("name: Could an Asian NATO work?", "name: My variant", 1)
    contents = "data:;base64," + base64.b64encode(text.encode()).decode()
    out = callbacks.on_scenario(None, contents, "variant.yaml", "upload")
    assert not out["error"], out["message"]
    assert out["key"].startswith("upload:") and out["name"] == "My variant"
    assert [d["value"] for d in out["designs"]][:2] == ["hub_and_spoke", "design_a"]


def test_unknown_scenario_key_is_refused():
    out = callbacks.on_scenario("/etc/passwd", None, None, "scenario")
    assert out["error"] and "unknown scenario" in out["message"]


def test_run_job_and_outputs(sc, tmp_path):
    v = editor.editor_values(sc, "design_a")
    job_id, msg = callbacks.on_run(
        KEY,
        "design_a",
        [*v["members"], 713],
        "defence",
        "automatic",
        v["locations"],
        "consensus",
        "taiwan",
        1000,
        3,
    )
    assert job_id, msg
    job = jobs.JOBS.wait(job_id)
    assert job.done and job.error is None, job.error
    res = job.result
    assert list(res.comparison.results) == ["hub_and_spoke", "design_a_edited"]
    figs = results.result_figures(res)
    assert {"map", "outcomes", "responses", "forecast_rounds", "landscape_sides"} <= set(figs)
    assert any(tr.type == "choropleth" for tr in figs["map"].data)
    csv = results.results_csv(res)
    assert csv.splitlines()[0].startswith("measure,event,design,draws") and "design_a_edited" in csv
    path = results.write_results_report(res, tmp_path / "r.html")
    assert "PlotlyGeoAssets" in path.read_text()


def test_event_description_names_states_and_place(sc):
    text = results.describe_event(sc, sc.event("senkaku"))
    assert text.startswith("Armed attack by China on Japan at Senkaku") and "severity: limited" in text


def test_map_click_is_a_state(sc):
    assert results.state_of_click(sc, {"points": [{"location": "IND", "customdata": 750}]}) == 750
    assert results.state_of_click(sc, {"points": [{"location": "IND"}]}) == 750
    assert results.state_of_click(sc, {"points": [{"location": "XXX"}]}) is None
    assert results.state_of_click(sc, {"nonsense": 1}) is None


def test_run_refuses_bad_input_before_starting():
    job_id, msg = callbacks.on_run(
        KEY, "design_a", [2, 740], "defence", "automatic", [], "consensus", "taiwan", 10**7, 1
    )
    assert job_id is None and "draws" in msg
    job_id, msg = callbacks.on_run(
        KEY, "design_a", [2, 740], "defence", "automatic", [], "consensus", "mars", 1000, 1
    )
    assert job_id is None and "no event 'mars'" in msg


def test_app_builds_with_inlined_map_shapes():
    dash_app = app.create_app()
    assert "PlotlyGeoAssets" in dash_app.index_string
    client = dash_app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "PlotlyGeoAssets" in page and "cdn" not in page.lower()


def test_serve_binds_to_localhost_by_default():
    import inspect

    assert inspect.signature(app.serve).parameters["host"].default == "127.0.0.1"


# ----------------------------------------------------------------------------- hostile uploads
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


def _upload(text, name="hostile.yaml"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    contents = "data:application/x-yaml;base64," + base64.b64encode(data).decode()
    return callbacks.on_scenario(None, contents, name, "upload")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BOMB, "hostile.yaml:6: the file expands to more than 200,000 values"),
        ("a: " + "[" * 50_000 + "]" * 50_000, "hostile.yaml:1: nested more than 64 levels deep"),
        ("- " * 50_000 + "x", "hostile.yaml:1: nested more than 64 levels deep"),
    ],
)
def test_hostile_upload_is_answered_quickly_without_growing_the_server(text, expected):
    _upload("name: warm-up\n")  # the first upload starts the checker process
    before, start = _rss_mb(), time.monotonic()
    out = _upload(text)
    assert time.monotonic() - start < 10 and _rss_mb() - before < 200
    assert out["error"] and out["message"].startswith(f"foedus: error: {expected}"), out["message"]
    assert "/" not in out["message"].split("(")[0]  # no server path


@pytest.mark.parametrize(
    ("swap", "expected"),
    [
        (("treaties/us-japan-1960.yaml", "/etc/passwd"), "may name only files beside it, not absolute paths"),
        (("treaties/us-japan-1960.yaml", "../../../../etc/passwd"), "lies outside the scenario's folder"),
        (("treaties/us-japan-1960.yaml", "treaties/../../x.yaml"), "lies outside the scenario's folder"),
        (("events:", "places: /etc/passwd\nevents:"), "places: an uploaded scenario may name only files"),
        (("events:", "places: /proc/self/environ\nevents:"), "not absolute paths"),
    ],
)
def test_uploaded_scenarios_read_no_server_file(swap, expected):
    text = shipped_scenario().read_text().replace(*swap, 1)
    out = _upload(text)
    assert out["error"] and expected in out["message"], out["message"]
    assert "root:" not in out["message"] and "/tmp" not in out["message"] and "PATH=" not in out["message"]


def test_upload_messages_show_no_server_path():
    text = shipped_scenario().read_text().replace("treaties/quad.yaml", "treaties/nope.yaml", 1)
    out = _upload(text)
    assert out["error"] and "no treaty file 'treaties/nope.yaml'" in out["message"]
    assert str(uploads.SCENARIOS._dir) not in out["message"] and "/tmp/" not in out["message"]
    assert out["message"].startswith("foedus: error: hostile.yaml:")


def test_upload_memory_cap(monkeypatch):
    monkeypatch.setenv("FOEDUS_WEB_UPLOAD_MEMORY", "50000000")
    out = _upload(shipped_scenario().read_text().replace("Could an Asian NATO work?", "capped", 1))
    assert out["error"] and "checking the file needs more than 50 MB of memory" in out["message"]
    assert "FOEDUS_WEB_UPLOAD_MEMORY" in out["message"]


def test_internal_errors_show_an_id_not_the_exception(monkeypatch, caplog):
    def broken(*_args, **_kw):
        raise ZeroDivisionError("secret detail /srv/foedus/config")

    monkeypatch.setattr(uploads.SCENARIOS, "get", broken)
    out = callbacks.on_scenario(KEY, None, None, "scenario")
    assert out["error"] and "internal error while loading the scenario (id " in out["message"]
    assert "secret" not in out["message"] and "ZeroDivision" not in out["message"]
    error_id = out["message"].split("(id ")[1][:8]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_deep_upload_through_http_is_a_message_not_a_500():
    client = app.create_app().server.test_client()
    outputs = "scenario-key.data scenario-msg.children scenario-msg.style design.options design.value "
    outputs = (outputs + "event.options event.value scenario.options scenario.value").split()
    deep = base64.b64encode(("a: " + "[" * 50_000 + "]" * 50_000).encode()).decode()
    body = {
        "output": ".." + "...".join(outputs) + "..",
        "outputs": [dict(zip(("id", "property"), o.split("."), strict=True)) for o in outputs],
        "inputs": [
            {"id": "scenario", "property": "value", "value": KEY},
            {"id": "upload", "property": "contents", "value": "data:;base64," + deep},
        ],
        "changedPropIds": ["upload.contents"],
        "state": [
            {"id": "upload", "property": "filename", "value": "deep.yaml"},
            {"id": "scenario", "property": "options", "value": []},
        ],
    }
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    msg = r.get_json()["response"]["scenario-msg"]["children"]
    assert msg.startswith("foedus: error: deep.yaml:1: nested more than 64 levels deep")


# ----------------------------------------------------------------------------- browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = Path(os.environ.get("FOEDUS_WEB_SHOTS", "/tmp/foedus-web-shots"))


@pytest.fixture(scope="module")
def server():
    from werkzeug.serving import make_server

    dash_app = app.create_app()
    srv = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("needs chromium and chromium-driver")
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1360,1000",
        "--disable-background-networking",
        "--no-first-run",
    ):
        opts.add_argument(arg)
    opts.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(DRIVER))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _wait(driver, test, timeout=30.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = test(driver)
        except Exception:  # the DOM is being redrawn
            value = None
        if value:
            return value
        time.sleep(0.2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / "timeout.png"))
    raise AssertionError(f"timed out waiting for {what}")


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def _shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / name))


def test_browser_edit_run_download(server, browser):
    from selenium.webdriver.common.by import By

    d = browser
    seen: list[str] = []
    d.get(server)
    # the member map draws countries from the inlined shapes
    _wait(
        d,
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#member-map path.choroplethlocation")) > 20,
        what="the member map",
    )
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#members input"), what="the member list")
    _shot(d, "1-design.png")

    # change the design: Taiwan joins the pact (ticked in the list)
    label = d.find_element(By.XPATH, "//div[@id='members']//label[normalize-space()='TAW']")
    assert not label.find_element(By.TAG_NAME, "input").is_selected()
    d.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    _wait(
        d,
        lambda d: d.find_element(
            By.XPATH, "//div[@id='members']//label[normalize-space()='TAW']//input"
        ).is_selected(),
        what="Taiwan ticked",
    )
    # ... and India joins by a click on the map, once the map has redrawn Taiwan as a member (the
    # redraw moves states between the two traces, so a path found before it may be another state)
    from selenium.webdriver.common.action_chains import ActionChains

    _wait(
        d,
        lambda d: d.execute_script(
            "const p = document.querySelector('#member-map .js-plotly-plot');"
            "return !!(p && p.data && p.data[1] && Array.from(p.data[1].locations).includes('TWN'));"
        ),
        what="the member map redrawn with Taiwan",
    )
    locs = d.execute_script(
        "return Array.from(document.querySelectorAll('#member-map path.choroplethlocation'))"
        ".map(p => p.__data__ && p.__data__.loc)"
    )
    india = d.find_elements(By.CSS_SELECTOR, "#member-map path.choroplethlocation")[locs.index("IND")]
    ActionChains(d).move_to_element(india).pause(0.2).click().perform()
    _wait(
        d,
        lambda d: d.find_element(
            By.XPATH, "//div[@id='members']//label[normalize-space()='IND']//input"
        ).is_selected(),
        what="India ticked by a click on the map",
    )
    draws = d.find_element(By.ID, "draws")
    if draws.tag_name != "input":  # Dash 4 wraps number inputs
        draws = draws.find_element(By.TAG_NAME, "input")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'});", draws)
    draws.clear()
    draws.send_keys("2000\t")
    d.find_element(By.ID, "run").click()
    _wait(d, lambda d: "Done" in d.find_element(By.ID, "status").text, timeout=90, what="the run")
    assert "foedus: error" not in d.find_element(By.ID, "status").text
    # the map and charts of the result tab
    _wait(
        d,
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map path.choroplethlocation")) > 5,
        what="the obligation map",
    )
    _wait(
        d,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#outcomes g.scatterlayer path.point"),
        what="outcome chart",
    )
    note = d.find_element(By.ID, "run-note").text
    assert "(edited)" in note and "vs status quo" in note and "TAW" in note
    _shot(d, "2-map.png")

    d.find_element(By.XPATH, "//div[contains(@class,'tab') and normalize-space()='Forecast']").click()
    _wait(
        d, lambda d: d.find_elements(By.CSS_SELECTOR, "#forecast-rounds g.scatterlayer path"), what="forecast"
    )
    _shot(d, "3-forecast.png")
    d.find_element(By.XPATH, "//div[contains(@class,'tab') and normalize-space()='Coalitions']").click()
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#landscape-sides g.trace path"), what="coalitions")
    _shot(d, "4-coalitions.png")
    d.find_element(By.XPATH, "//div[contains(@class,'tab') and normalize-space()='Evidence']").click()
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#evidence-roc g.scatterlayer path"), what="evidence")
    assert "Leeds (2003)-style logit" in d.find_element(By.ID, "evidence-table").text
    _shot(d, "5-evidence.png")

    # download the report and the results
    d.find_element(By.ID, "dl-report-btn").click()
    d.find_element(By.ID, "dl-csv-btn").click()
    report = _wait(d, lambda d: [p for p in d.downloads.glob("*.html")], timeout=30, what="the report")[0]
    csv = _wait(d, lambda d: [p for p in d.downloads.glob("*.csv")], what="the CSV")[0]
    d.find_element(By.ID, "dl-yaml-btn").click()
    design = _wait(d, lambda d: [p for p in d.downloads.glob("*.yaml")], what="the design")[0]
    time.sleep(0.3)
    assert "PlotlyGeoAssets" in report.read_text() and "design_a_edited" in csv.read_text()
    edited = load_treaty(design)
    assert {713, 750} <= set(edited.member_codes())  # Taiwan and India, as edited in the page

    seen += _requests(d)
    assert seen, "the performance log recorded no request"
    outside = [u for u in seen if not u.startswith((server, "data:", "blob:"))]
    assert not outside, outside


def test_browser_invalid_upload_shows_the_message(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    d = browser
    d.get(server)
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#members input"), what="the page")
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: broken\ndesigns: {}\n")
    d.find_element(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(str(bad))
    msg = _wait(
        d,
        lambda d: (t := d.find_element(By.ID, "scenario-msg").text).startswith("foedus:") and t,
        what="the message",
    )
    assert msg.startswith("foedus: error: broken.yaml:") and "at least one design" in msg
    assert "/tmp" not in msg  # the server's folders are not the user's business
    _shot(d, "5-bad-upload.png")
    outside = [u for u in _requests(d) if not u.startswith((server, "data:", "blob:"))]
    assert not outside, outside
