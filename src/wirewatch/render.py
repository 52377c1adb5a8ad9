"""Printing rows for people (aligned tables) and for scripts (JSON)."""
from __future__ import annotations

import json
from typing import Any, Sequence

import click


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def shorten(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(rows: Sequence[dict], columns: Sequence[tuple[str, int]]) -> None:
    """Rows as aligned columns, each cut to its width; a line saying so when there are none."""
    if not rows:
        click.echo("Nothing to show.")
        return
    widths = [min(width, max(len(name), *(len(str(row.get(name) or "-")) for row in rows))) for name, width in columns]
    click.echo("  ".join(name.ljust(w) for (name, _), w in zip(columns, widths)).rstrip())
    for row in rows:
        cells = (shorten(str(row.get(name) or "-"), w).ljust(w) for (name, _), w in zip(columns, widths))
        click.echo("  ".join(cells).rstrip())
