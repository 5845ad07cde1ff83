"""The typer application object; command modules register themselves on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="raadskoder",
    help=(
        "Extract, code and count Danish integration-council documents and survey answers.\n\n"
        "Typical use: `raadskoder code svar.csv -o kodet.csv` then "
        "`raadskoder count kodet.csv --reference published.csv`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` to stderr in red and return an Exit to raise.

    Commands catch the library's own errors (which already name the file and the
    problem) and call ``raise fail(str(exc))`` so users never see a traceback for
    bad input.
    """
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)
