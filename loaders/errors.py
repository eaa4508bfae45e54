"""The one error type loaders raise: it names the file, the problem and what to do."""

from pathlib import Path


class LoaderError(Exception):
    """A source (or the registry) cannot be read; the message is one line for the user."""

    def __init__(self, path: Path | str, problem: str, hint: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.path}: {self.problem}"
        return f"{text} ({self.hint})" if self.hint else text
