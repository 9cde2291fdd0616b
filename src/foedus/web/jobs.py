"""Runs: the dashboard's *Run* button studies the edited design in a background job.

:func:`run_analysis` checks the form's values, builds the edited scenario (the status quo
and the edited design) and calls :func:`foedus.study.run_study` on it: the dashboard
computes nothing the study does not. :class:`Jobs` runs it in a thread that the page polls.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

from foedus.web.editor import check_draws, check_seed, edited_scenario
from foedus.web.errors import page_message

if TYPE_CHECKING:
    from foedus.scenario import Scenario

__all__ = ["JOBS", "STEPS", "Job", "Jobs", "Run", "run_analysis"]

STEPS = (
    "checking the design",
    "who is bound",
    "crisis simulation",
    "coalitions",
    "voting power",
    "burden sharing",
    "adoption forecast",
)
"""What the progress bar names: the check, then :data:`foedus.study.STEPS` in plain words."""

CAPABILITY = "estimated"
"""The dashboard simulates with the models learned from history (the study's default) and
forecasts without input draws, to stay quick; the report and the CLI run the draws too."""


@dataclasses.dataclass(frozen=True)
class Run:
    """One run of the dashboard: the study of the edited scenario and what was edited.

    Attributes
    ----------
    study : StudyResult
        :func:`foedus.study.run_study` of the status quo and the edited design, one event.
    base, design : str
        The status quo's design name and the edited design's name.
    treaty : Treaty
        The edited pact.
    """

    study: Any
    base: str
    design: str
    treaty: Any

    @property
    def scenario(self) -> Any:
        return self.study.details.scenario

    @property
    def event(self) -> Any:
        return self.scenario.event(self.study.settings["events"][0])

    @property
    def comparison(self) -> Any:
        return self.study.details.crisis[CAPABILITY][self.event.id]

    @property
    def seed(self) -> int:
        return int(self.study.settings["seed"])


def run_analysis(
    scenario: Scenario,
    design: str,
    treaty: Any,
    event_id: str,
    draws: int,
    seed: int,
    progress: Any = None,
) -> Run:
    """Study the edited design against the status quo on one event.

    ``progress(step, message)`` is told of each step (:data:`STEPS`).
    """
    from foedus.study import run_study

    if progress is not None:
        progress(0, STEPS[0])
    draws, seed = check_draws(draws), check_seed(seed)
    scenario.event(event_id)
    sc, base, name = edited_scenario(scenario, design, treaty)

    def tell(i: int, _step: str) -> None:
        if progress is not None:
            progress(i + 1, STEPS[i + 1])

    study = run_study(
        sc,
        events=[event_id],
        seed=seed,
        draws=draws,
        capabilities=[CAPABILITY],
        forecast_draws=0,
        progress=tell,
    )
    return Run(study, base, name, treaty)


@dataclasses.dataclass
class Job:
    id: str
    step: int = 0
    message: str = "starting"
    done: bool = False
    error: str | None = None
    result: Run | None = None
    started: float = dataclasses.field(default_factory=time.monotonic)


class Jobs:
    """Background runs in threads, polled by the page."""

    MAX = 20

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def start(self, fn: Any, *args: Any) -> str:
        job = Job(uuid.uuid4().hex)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self.MAX:  # forget the oldest
                self._jobs.pop(next(iter(self._jobs)))

        def progress(i: int, message: str) -> None:
            job.step, job.message = i, message

        def target() -> None:
            try:
                job.result = fn(*args, progress=progress)
            except Exception as exc:  # a refusal, or a bug's id (details in the log): never hang the page
                job.error = page_message(exc, "running the study")
            finally:
                job.done = True

        threading.Thread(target=target, daemon=True, name=f"foedus-job-{job.id[:8]}").start()
        return job.id

    def get(self, job_id: Any) -> Job | None:
        if not isinstance(job_id, str):
            return None
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            job = self.get(job_id)
            if job is None or job.done:
                break
            time.sleep(0.05)
        job = self.get(job_id)
        assert job is not None
        return job


JOBS = Jobs()
