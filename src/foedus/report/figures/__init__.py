"""Figures of foedus's results: plotly for the report and the dashboard, matplotlib for PNGs.

Every builder is a pure function of result objects (and the World, for names, ISO3 codes and
capitals) that returns a ``plotly.graph_objects.Figure``; nothing is computed here that the
library does not compute. Several designs go into one figure with a drop-down that switches
between them. The ``*_png`` functions draw the same pictures with matplotlib (imported only
inside them) for reports that must be read without a browser.

Maps use the world scope with fixed Indo-Pacific bounds (:data:`foedus.report.maps.INDO_PACIFIC`;
a view fitted around the event elsewhere, :func:`event_view`) and the shapes shipped with
foedus (:mod:`foedus.report.maps`): a page showing them must run
:func:`foedus.report.maps.geo_assets_script` first, or plotly.js fetches shapes from a CDN.

Builders
--------
==========================  ======================================================
:func:`obligation_map`      who is bound (or, given crisis results, who comes) for an event
:func:`alliance_network`    the treaties of each design as edges between capitals, by kind
:func:`crisis_outcomes`     P(defenders prevail) and P(deterred) per design, with intervals
:func:`crisis_distribution` the distribution of P(defenders prevail) across draws, per design
:func:`crisis_responses`    each state's probability of fighting, per design
:func:`forecast_rounds`     forecast outcome round by round, one line per model
:func:`forecast_spread`     the models' forecasts side by side, with the actors' positions
:func:`actor_paths`         each actor's position round by round (one iterative model)
:func:`landscape_minima`    energy and basin of attraction of each local minimum
:func:`landscape_sides`     the predicted sides and how firmly each state sits in its side
:func:`voting_power`        Shapley–Shubik and Banzhaf indices of each collective decision rule
:func:`burden_sharing`      each member's military burden against the design's target
:func:`roc_curves`          the learned crisis models' ROC curves against their baselines
:func:`calibration`         their out-of-sample predicted against observed frequencies
:func:`design_front`        the design search's front: the four objectives, pairwise
==========================  ======================================================

One module per figure family: :mod:`~foedus.report.figures.obligations` (maps),
:mod:`~foedus.report.figures.network`, :mod:`~foedus.report.figures.crisis`,
:mod:`~foedus.report.figures.forecasts`, :mod:`~foedus.report.figures.coalitions`,
:mod:`~foedus.report.figures.evidence`, :mod:`~foedus.report.figures.designs`,
:mod:`~foedus.report.figures.static` (PNGs), with the shared palette in
:mod:`~foedus.report.figures.style`.
"""

from __future__ import annotations

from foedus.report.figures.coalitions import burden_sharing, landscape_minima, landscape_sides, voting_power
from foedus.report.figures.crisis import crisis_distribution, crisis_outcomes, crisis_responses
from foedus.report.figures.designs import design_front
from foedus.report.figures.evidence import calibration, roc_curves
from foedus.report.figures.forecasts import actor_paths, forecast_rounds, forecast_spread
from foedus.report.figures.network import alliance_network, treaty_edges
from foedus.report.figures.obligations import event_view, obligation_map
from foedus.report.figures.static import bars_png, forecast_png, obligation_map_png
from foedus.report.figures.style import (
    FONT,
    KIND_COLOUR,
    KIND_LABEL,
    KIND_RANK,
    MODEL_COLOURS,
    SIDE_COLOUR,
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUS_ORDER,
    geo_layout,
    short_label,
    strongest_status,
)

__all__ = [
    "FONT",
    "KIND_COLOUR",
    "KIND_LABEL",
    "KIND_RANK",
    "MODEL_COLOURS",
    "SIDE_COLOUR",
    "STATUS_COLOUR",
    "STATUS_LABEL",
    "STATUS_ORDER",
    "actor_paths",
    "alliance_network",
    "bars_png",
    "burden_sharing",
    "calibration",
    "crisis_distribution",
    "crisis_outcomes",
    "crisis_responses",
    "design_front",
    "event_view",
    "forecast_png",
    "forecast_rounds",
    "forecast_spread",
    "geo_layout",
    "landscape_minima",
    "landscape_sides",
    "obligation_map",
    "obligation_map_png",
    "roc_curves",
    "short_label",
    "strongest_status",
    "treaty_edges",
    "voting_power",
]
