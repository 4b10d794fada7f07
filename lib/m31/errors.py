"""The one error type users see: unusable input, reported as one line and exit 2."""


class InputError(Exception):
    """An input the workbook cannot use. `str()` is the one line shown to the user."""

    def __init__(self, source: str, problem: str):
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")
