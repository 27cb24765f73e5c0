"""The error every loader raises: a list of problems, each with where, what and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a corpus: where it is, what is wrong and how to fix it."""

    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} Fix: {self.fix}"


class CorpusError(ValueError):
    """Raised when a corpus cannot be loaded; lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"The corpus has {len(problems)} {noun}:\n{lines}")
