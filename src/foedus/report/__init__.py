"""Reports and figures: every analysis as pictures, in one HTML file that works offline.

- :func:`write_report` (:mod:`foedus.report.document`): a study's report, one self-contained
  HTML file (plotly.js and the world shapes inlined), optionally with static PNGs; its
  sections are in :mod:`foedus.report.sections`, its building blocks in :mod:`foedus.report.html`.
- :mod:`foedus.report.figures`: the plotly figure builders, one module per family (maps,
  networks, crisis outcomes, forecasts, coalitions) and their matplotlib PNG versions.
- :mod:`foedus.report.maps`: the Natural Earth shapes shipped with foedus and the script that
  hands them to plotly.js, so that maps draw with no network.

plotly is needed to build figures and reports, matplotlib only for PNGs; importing this
package imports neither.
"""

from __future__ import annotations

from foedus.report.document import Page, render, write_pngs, write_report

__all__ = ["Page", "render", "write_pngs", "write_report"]
