"""Print the contract corpus's clean count by class at the end of a run that ran it."""

from __future__ import annotations

import collections


def pytest_terminal_summary(terminalreporter):
    from tests.contract.test_contract import RESULTS

    if not RESULTS:
        return
    total = collections.Counter(cls for cls, _ in RESULTS.values())
    clean = collections.Counter(cls for cls, ok in RESULTS.values() if ok)
    terminalreporter.write_sep("-", "issue 16 contract corpus")
    terminalreporter.write_line(
        f"{sum(clean.values())} of {len(RESULTS)} cases refused cleanly; by class: "
        + ", ".join(f"{k} {clean[k]}/{total[k]}" for k in sorted(total))
    )
