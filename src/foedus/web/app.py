"""``foedus serve``: a local dashboard to edit a design, run a crisis and see the effect.

The page has a scenario picker (a shipped scenario or an uploaded file, at most 1 MB), a
design picker, an editor for the chosen design's pact (members, picked from a list or by
clicking the map; the main obligation's kind, response clause and location conditions; the
decision rule) and an event picker. *Run* starts a background job that studies the edited
design against the status quo with :func:`foedus.study.run_study` (who is bound, who comes and
whether it deters, the alignment, voting power, burden sharing, the adoption forecast). Results
show in the tabs *Map & comparison*, *Forecast* and *Coalitions*; the report (HTML), the crisis
results (CSV) and the edited design (YAML) can be downloaded. The *Designs* tab opens the front
of a design search (:mod:`~foedus.web.designs`).

The package: :mod:`~foedus.web.layout` (the page), :mod:`~foedus.web.callbacks` (thin
callbacks), :mod:`~foedus.web.uploads` (scenarios by server-issued key, uploads),
:mod:`~foedus.web.editor` (the edited treaty), :mod:`~foedus.web.jobs` (background runs of the
study) and :mod:`~foedus.web.results` (figures and downloads). Nothing from the browser is
evaluated as code, uploaded files are parsed as YAML only, and no path comes from the browser.

The page fetches nothing outside the server: plotly.js is served by Dash, and the map shapes
(:func:`foedus.report.maps.geo_assets_script`) are inlined in the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foedus.web.uploads import MAX_UPLOAD, SCENARIOS, SHIPPED, warm_up

__all__ = ["create_app", "serve"]


def create_app(scenario_path: str | Path | None = None) -> Any:
    """The Dash app (``app.run(...)`` or :func:`serve` to start it)."""
    import dash

    from foedus.web.callbacks import register
    from foedus.web.layout import index_string, layout

    if scenario_path is not None:
        from foedus.scenario import load_scenario

        load_scenario(scenario_path)  # fail now, with the CLI's message, not in the page
        default_key = SCENARIOS.add_file(scenario_path)
    else:
        default_key = f"shipped:{SHIPPED[0]}"

    app = dash.Dash(
        __name__,
        title="foedus dashboard",
        assets_folder=str(Path(__file__).with_name("assets")),
        serve_locally=True,
        suppress_callback_exceptions=False,
        update_title="",
    )
    app.index_string = index_string()
    app.layout = layout(default_key)
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = 4 * MAX_UPLOAD  # a base64 upload plus the other inputs

    register(app)
    warm_up()
    return app


def serve(host: str = "127.0.0.1", port: int = 8050, scenario_path: str | Path | None = None) -> None:
    """Run the dashboard (on 127.0.0.1 unless told otherwise)."""
    app = create_app(scenario_path)
    app.run(host=host, port=port, debug=False)
