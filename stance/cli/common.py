"""What every command shares: the typer app, its option types, and one-line user errors."""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperArgument

from stance.records import StanceError

# typer prints an argument's Python type beside its name ("FILE <str>"); an argument
# that has a metavar is described by it and its help alone.
_typed_display = TyperArgument.display_type_rich
TyperArgument.display_type_rich = lambda self, ctx: (
    None if self.metavar else _typed_display(self, ctx)
)


def _flag_left_unset(process_value):
    """typer coerces every parameter's value through a pydantic adapter, built (and
    pydantic imported, 0.1-0.2 s) on first use, even for a flag that was not given: the
    group's own --help when ``stance CMD --help`` is asked for. An unset flag needs no
    coercion, so ``--help`` of a command stays free of pydantic."""

    @functools.wraps(process_value)
    def wrapper(self, ctx, value):
        if value is None and getattr(self.type_descriptor, "annotation", None) is bool:
            return self.callback(ctx, self, value) if self.callback is not None else value
        return process_value(self, ctx, value)

    return wrapper


try:  # typer versions that coerce values with pydantic; others need nothing
    from typer.core import _TyperParameter

    if hasattr(_TyperParameter, "get_runtime_param"):
        _TyperParameter.process_value = _flag_left_unset(_TyperParameter.process_value)
except ImportError:  # pragma: no cover
    pass

app = typer.Typer(
    name="stance",
    help=(
        "Who said what in news text, and how each speaker stands toward a subject.\n\n"
        "Example:\n\n"
        "  stance train\n\n"
        "  stance predict statements.txt --subject 'carbon border tax'"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DEBUG = {"on": False}

ExperimentsOption = Annotated[
    Path,
    typer.Option("--experiments", metavar="DIR", help="Folder holding runs/ (created if needed)."),
]
DataFormatOption = Annotated[
    str | None,
    typer.Option("--format", metavar="FORMAT", help="auto, jsonl, csv, tsv, semeval or newsmtsc."),
]
TextColumn = Annotated[
    str | None, typer.Option("--text-col", metavar="NAME", help="Column/key of the text.")
]
LabelColumn = Annotated[
    str | None, typer.Option("--label-col", metavar="NAME", help="Column/key of the label.")
]
SubjectColumn = Annotated[
    str | None, typer.Option("--subject-col", metavar="NAME", help="Column/key of the subject.")
]
EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", metavar="NAME", help="Text encoding of the input (default UTF-8)."),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No notes or progress on standard error.")
]


def user_errors(command):
    """Print a user error as one line and exit non-zero, without a traceback (unless --debug)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except StanceError as error:
            if DEBUG["on"]:
                traceback.print_exc()
            typer.echo(f"stance: error: {error}", err=True)
            raise typer.Exit(2) from None
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly, like any Unix filter.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            typer.echo("stance: interrupted; nothing was saved", err=True)
            raise typer.Exit(130) from None
        except OSError as error:
            if DEBUG["on"]:
                traceback.print_exc()
            name = f"{error.filename}: " if error.filename else ""
            typer.echo(f"stance: error: {name}{error.strerror or error}", err=True)
            raise typer.Exit(1) from None

    return wrapper


def check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise StanceError(f"{option} must be one of {', '.join(choices)}, got {value!r}")


def check_positive(option: str, value: int | None) -> None:
    """Refuse a count below one (None means the option was not given)."""
    if value is not None and value < 1:
        raise StanceError(f"{option} must be at least 1, got {value}")


def note(message: str, *, quiet: bool = False) -> None:
    """A line for the user on standard error (not part of the output)."""
    if not quiet:
        typer.echo(message, err=True)


def is_terminal(stream) -> bool:
    return stream.isatty()


def duration(seconds: float) -> str:
    """A short human duration: 42 s, 3m 05s, 1h 02m."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"


class Progress:
    """A line on standard error that rewrites itself (at most twice a second) with the
    items done, their rate and, when the total is known, the time left. Only on a
    terminal and without --quiet: a log or a pipe gets nothing."""

    def __init__(self, unit: str, *, total: int | None = None, quiet: bool = False):
        self.unit, self.total = unit, total
        self.enabled = not quiet and is_terminal(sys.stderr)
        self.started = self.shown = time.monotonic()
        self.done = 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and now - self.shown >= 0.5:
            self.shown = now
            sys.stderr.write(f"\r{self._line(now)}\033[K")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write(f"\r{self._line(time.monotonic(), final=True)}\033[K\n")
            sys.stderr.flush()

    def _line(self, now: float, *, final: bool = False) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        line = f"{self.done:,} {self.unit}, {rate:,.0f}/s, {duration(elapsed)}"
        if self.total and not final and rate > 0:
            left = max(self.total - self.done, 0) / rate
            line += f" ({100 * self.done / self.total:.0f}% of about {self.total:,}, "
            line += f"about {duration(left)} left)"
        return line


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt


def _print_version(value: bool) -> None:
    if value:
        from stance import __version__

        typer.echo(f"stance {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
):
    DEBUG["on"] = debug
    # A `kill` ends any command like Ctrl-C does, so cleanup (temporary files) runs.
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
