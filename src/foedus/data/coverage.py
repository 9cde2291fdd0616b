"""Which year of a source stands in for the year asked for.

Sources end at different years (NMC 2022, ATOP 2018, minimum distance 2019, contiguity
2016). Asking a World for a later year takes each source's last covered year and
records it; a year before a source begins gives missing values (NA), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Coverage:
    """The years a source covers."""

    first: int
    last: int

    def year_for(self, year: int) -> int | None:
        """The source year to use for ``year``: itself, the last covered year, or ``None``."""
        if year < self.first:
            return None
        return min(year, self.last)


COVERAGE: dict[str, Coverage] = {
    "cow_states": Coverage(1816, 2024),
    "cow_nmc": Coverage(1816, 2022),
    "atop": Coverage(1815, 2018),
    "sipri_milex": Coverage(1949, 2024),
    "unga_ideal_points": Coverage(1946, 2024),
    "capitals": Coverage(1816, 2024),
    "mindist": Coverage(1886, 2019),
    "contiguity": Coverage(1816, 2016),
    "democracy": Coverage(1816, 2025),
    "nuclear": Coverage(1938, 2022),
    "us_troops": Coverage(1950, 2024),
    "td_rivalries": Coverage(1816, 2010),
}
