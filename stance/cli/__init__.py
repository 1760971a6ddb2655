"""The `stance` command line: parses options, calls the Python API, prints.

One module per command group (``training``: train, evaluate; ``predicting``: predict,
extract; ``runs``: runs, explain, report; ``data``: datasets). Heavy modules
(scikit-learn, numpy) are imported inside the commands, so ``--help`` answers at once.
"""

from stance.cli import (  # noqa: F401  (registers commands)
    clustering,
    data,
    predicting,
    runs,
    training,
)
from stance.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="stance")
