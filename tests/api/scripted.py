"""A history scripted with the store's clock: the time every commit is stamped with, that a
test moves (the ``clock`` and ``scripted`` fixtures of ``conftest.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2018, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """The time the store stamps commits with; a test moves it."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, minutes: int) -> datetime:
        """Move to ``minutes`` after T0; return that time."""
        self.now = T0 + timedelta(minutes=minutes)
        return self.now
