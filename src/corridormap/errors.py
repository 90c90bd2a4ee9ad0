"""The exceptions corridormap raises."""

from __future__ import annotations

__all__ = ["CorridorDataError", "CorridorMapError", "NoRouteError", "UnknownCorridorError", "UnknownPlaceError"]


class CorridorMapError(Exception):
    """Base class of every error corridormap raises on purpose."""


class CorridorDataError(CorridorMapError, ValueError):
    """A data file is missing, unreadable or invalid.

    ``problems`` holds every problem found, one line each, in the form
    ``file: feature N (id): field: problem — how to fix``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the corridor data"
        super().__init__(head + ":\n" + "\n".join(self.problems))


class UnknownCorridorError(CorridorMapError, LookupError):
    """A corridor id that matches no corridor, even after forgiving lookup."""

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0])


class UnknownPlaceError(CorridorMapError, LookupError):
    """A place that matches no node of the transport network, even after forgiving lookup.

    ``matches`` holds the closest node ids, best first.
    """

    def __init__(self, message: str, matches: list[str] | None = None) -> None:
        super().__init__(message)
        self.matches = list(matches or [])

    def __str__(self) -> str:
        return str(self.args[0])


class NoRouteError(CorridorMapError, LookupError):
    """No journey joins two places under the filters given; the message says which filter cut it."""

    def __str__(self) -> str:
        return str(self.args[0])
