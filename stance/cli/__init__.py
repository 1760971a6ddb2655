"""The `stance` command line: parses options, calls the Python API, prints.

One module per command group (``training``: train, evaluate; ``predicting``: predict,
extract, with ``archiving`` for their archive options; ``runs``: runs, explain, report;
``data``: datasets; ``clustering``: cluster-check). Heavy modules
(scikit-learn, numpy) are imported inside the commands, so ``--help`` answers at once.
"""

from stance.cli import data, predicting, runs, training  # noqa: F401  (registers commands)
from stance.cli.common import app

__all__ = ["app", "main"]

# Registered after the everyday commands, so `stance --help` lists it after them.
from stance.cli import clustering  # noqa: E402, F401


def main() -> None:
    app(prog_name="stance")
