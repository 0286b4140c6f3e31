"""A budget's windows (`proposals:`, `allocations:`), resolved against the round's meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from ... import model as m
from ...decision import Reason
from ...diagnostics import CaseError, Diagnostic

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """A resolved window: `start <= t <= end`, or `< end + 1 day` when the end is a day."""

    start: dt.datetime
    end: dt.datetime
    end_is_day: bool
    cite: str | None
    bounds: dict[str, dt.datetime] = field(init=False, repr=False, compare=False)

    @property
    def last(self) -> dt.datetime:
        """The first moment after the window."""
        return self.end + DAY if self.end_is_day else self.end

    def contains(self, moment: dt.datetime) -> bool:
        if moment < self.start:
            return False
        return moment < self.end + DAY if self.end_is_day else moment <= self.end

    def args(self) -> dict[str, dt.datetime]:
        return {"start": self.start, "end": self.end}

    def __post_init__(self) -> None:
        object.__setattr__(self, "bounds", self.args())


def _is_day(moment: dt.datetime) -> bool:
    return moment.time() == dt.time(0)


def resolve_window(window: m.Window | None, meeting: dt.datetime | None) -> Window | None:
    if window is None:
        return None
    bounds = []
    for bound in (window.start, window.end):
        if bound.kind == "date":
            day = cast(dt.date, bound.date)  # a `date` bound has its date (the grammar's)
            moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        else:
            if meeting is None:
                raise CaseError(
                    [
                        Diagnostic(
                            "error",
                            "case.missing_meeting",
                            "this budget's windows are counted from the meeting, and the case gives "
                            "no meeting date",
                            "give the round's meeting date: `round: {meeting: YYYY-MM-DD}`",
                            path="$.round.meeting",
                        )
                    ]
                )
            moment = meeting
            if bound.kind == "relative":
                sign = -1 if bound.direction == "before" else 1
                offset = cast(m.Duration, bound.offset)  # a `relative` bound has its offset
                moment = offset.add_to(meeting, sign)
        bounds.append(moment)
    return Window(bounds[0], bounds[1], _is_day(bounds[1]), window.cite)


def window_reason(name: str, window: Window | None) -> Iterable[Reason]:
    if window is not None:
        yield Reason(code="budget.window", cite=window.cite, args={"clause": name, **window.args()})
