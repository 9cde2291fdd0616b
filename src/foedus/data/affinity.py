"""Foreign-policy affinity: UN General Assembly ideal points.

``unga_ideal_point`` is the estimate from all votes (``idealpointall``), which the
codebook calls the more precise; ``unga_ideal_point_fp`` uses final-passage votes only;
``unga_ideal_point_q5`` / ``_q95`` are posterior quantiles of the all-votes estimate,
for sweeps over measurement uncertainty. Higher values sit closer to the United
States' positions.

References: Bailey, Strezhnev & Voeten (2017); Voeten (2025).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from foedus.data.cache import data_dir, locate, state_years


def load_ideal_points() -> pd.DataFrame:
    """UNGA ideal points: ``ccode, year, unga_ideal_point, unga_ideal_point_fp, _q5, _q95``."""
    return _load(str(data_dir())).copy()


@cache
def _load(_root: str) -> pd.DataFrame:
    columns = {"unga_ideal_point": "idealpointall", "unga_ideal_point_fp": "idealpointfp",
               "unga_ideal_point_q5": "q5all", "unga_ideal_point_q95": "q95all"}  # fmt: skip
    out = state_years(pd.read_csv(locate("unga_ideal_points")), columns)
    # Rows carrying only the legacy session estimate have no year estimate: not data here.
    out = out.dropna(subset=["unga_ideal_point", "unga_ideal_point_fp"], how="all")
    return out.drop_duplicates(["ccode", "year"]).reset_index(drop=True)
