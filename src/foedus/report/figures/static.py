"""Static PNG versions (matplotlib, imported only inside these functions) for reading without a browser."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus.report.figures.obligations import _beyond, _place_point, event_view
from foedus.report.figures.style import (
    LAND,
    MODEL_COLOURS,
    OCEAN,
    STATUS_COLOUR,
    STATUS_LABEL,
    STATUS_ORDER,
    short_label,
    state_frame,
    strongest_status,
    wrap_lon,
    wrap_text,
)
from foedus.report.maps import country_shapes


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: str | Path) -> Path:
    from foedus.atomic import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight")
    _plt().close(fig)
    return path


def obligation_map_png(
    world: Any,
    event: Any,
    obligations: Mapping[str, Any],
    path: str | Path,
    *,
    places: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> Path:
    """:func:`obligation_map` as a PNG with matplotlib: one panel per design (small multiples)."""
    plt = _plt()
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    st = state_frame(world)
    shapes = country_shapes()
    view = event_view(world, event, places)
    centre = view["center_lon"]
    (x0, x1), (y0, y1) = view["lon"], view["lat"]
    n = len(obligations)
    cols = 1 if n == 1 else 2
    rows = -(-n // cols)
    aspect = (y1 - y0) / (x1 - x0)
    fig, axes = plt.subplots(rows, cols, figsize=(7.5 * cols, 7.5 * aspect * rows + 0.6), squeeze=False)
    point = _place_point(event, places)
    for ax, (label, ob) in zip(axes.ravel(), obligations.items(), strict=False):
        status = strongest_status(getattr(ob, "table", ob)).set_index("ccode").status.to_dict()
        status[event.target] = "target"
        for a in event.aggressor:
            status[a] = "aggressor"
        colour_of = {st.loc[c, "iso3"]: STATUS_COLOUR[s] for c, s in status.items() if c in st.index}
        polys, colours = [], []
        for iso, rings in shapes.items():
            fc = colour_of.get(iso, LAND)
            for ring in rings:
                xy = np.array(ring)
                xy[:, 0] = (xy[:, 0] - centre + 180.0) % 360.0 - 180.0 + centre
                if np.ptp(xy[:, 0]) > 180:  # a ring cut by the seam (far from the view)
                    continue
                polys.append(xy)
                colours.append(fc)
        ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="white", linewidths=0.4))
        for c, s in status.items():
            if c in st.index:
                ax.plot(
                    wrap_lon(st.loc[c, "capital_lon"], centre),
                    st.loc[c, "capital_lat"],
                    "o",
                    ms=4,
                    color=STATUS_COLOUR[s],
                    mec="white",
                    mew=0.5,
                )
        if point is not None:
            px = wrap_lon(point[1], centre)
            ax.plot(px, point[0], marker="*", ms=18, mfc="none", mec="black", mew=1.4)
            ax.annotate(point[2], (px, point[0]), xytext=(8, 6), textcoords="offset points", fontsize=8)
        frame = st.loc[[c for c in status if c in st.index]].rename(columns={"abb": "state"})
        beyond = _beyond(frame, {c: STATUS_LABEL[s] for c, s in status.items()}, view)
        if beyond:
            ax.text(
                0.0,
                -0.02,
                "\n".join(wrap_text(beyond, 110).split("<br>")),
                transform=ax.transAxes,
                va="top",
                fontsize=7,
                color="#444444",
            )
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_facecolor(OCEAN)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(short_label(label, 70), fontsize=10)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    present = [
        s
        for s in STATUS_ORDER
        if any(
            s in set(strongest_status(getattr(o, "table", o)).status) or s in ("target", "aggressor")
            for o in obligations.values()
        )
    ]
    handles = [
        Line2D([], [], marker="s", ls="", ms=10, color=STATUS_COLOUR[s], label=STATUS_LABEL[s])
        for s in present
    ]
    fig.legend(handles=handles, loc="lower center", ncol=min(4, len(handles)), fontsize=8, frameon=False)
    fig.suptitle(title or event.description or event.id, fontsize=11)
    fig.text(0.99, 0.005, "Natural Earth 1:110m", ha="right", fontsize=6, color="#777")
    fig.tight_layout(rect=(0, 0.06, 1, 0.96))
    return _save(fig, path)


def bars_png(
    frame: pd.DataFrame,
    x: str,
    ys: Sequence[str],
    path: str | Path,
    *,
    title: str,
    ylabel: str = "",
    hline: float | None = None,
    percent: bool = False,
    horizontal: bool = False,
    limits: tuple[float, float] | None = None,
    colours: Sequence[str] | None = None,
) -> Path:
    """A grouped bar chart of ``frame`` (``ys`` against ``x``) as a PNG; the generic static chart
    behind the power, burden, landscape, forecast and crisis PNGs."""
    plt = _plt()
    n = len(frame)
    fig, ax = plt.subplots(
        figsize=(
            max(5.0, 0.45 * n + 2) if not horizontal else 7.0,
            4.0 if not horizontal else max(3.0, 0.28 * n + 1),
        )
    )
    pos = np.arange(n)
    width = 0.8 / max(len(ys), 1)
    for i, col in enumerate(ys):
        vals = frame[col].astype(float).fillna(0).to_numpy()
        off = pos - 0.4 + width * (i + 0.5)
        colour = list(colours) if colours is not None and len(ys) == 1 else MODEL_COLOURS[i % 8]
        if horizontal:
            ax.barh(off, vals, height=width, label=col.replace("_", " "), color=colour)
        else:
            ax.bar(off, vals, width=width, label=col.replace("_", " "), color=colour)
    labels = [str(v) for v in frame[x]]
    if horizontal:
        ax.set_yticks(pos, labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
    else:
        ax.set_xticks(pos, labels, rotation=45 if n > 6 else 0, ha="right" if n > 6 else "center", fontsize=8)
        ax.set_ylabel(ylabel)
    if hline is not None and not pd.isna(hline):
        (ax.axvline if horizontal else ax.axhline)(hline, color="black", ls="--", lw=1)
    if percent:
        from matplotlib.ticker import PercentFormatter

        (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(PercentFormatter(1.0))
    if limits is not None:
        (ax.set_xlim if horizontal else ax.set_ylim)(*limits)
    if len(ys) > 1:
        # beside the axes, not over them: "best" still covers bars when every slot is full
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig, path)


def forecast_png(results: Mapping[str, Any], path: str | Path, *, title: str) -> Path:
    """:func:`forecast_rounds` as a PNG."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4))
    last = max((int(r.rounds["round"].max()) for r in results.values()), default=0)
    for i, (name, r) in enumerate(results.items()):
        part = r.rounds[r.rounds.dimension == r.dimensions[0]]
        c = MODEL_COLOURS[i % 8]
        if len(part) > 1:
            ax.plot(part["round"], part.outcome, "-o", ms=3, color=c, label=name)
        else:
            ax.plot([0, max(last, 1)], [part.outcome.iloc[0]] * 2, ":", color=c, label=f"{name} (one-shot)")
    ax.set_xlabel("round")
    ax.set_ylabel("forecast outcome")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig, path)
