"""Exporting tables as JSON Lines, CSV or Parquet, for DuckDB, pandas, Spark and Ray."""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import IO, Iterable, Iterator

from wirewatch.store.articles import iter_all_articles

FORMATS = ("jsonl", "csv", "parquet")
ARTICLE_COLUMNS = (
    "id", "title", "author", "outlet", "url", "published", "date_source", "language", "kind",
    "body", "first_source", "ingested_at",
)


def export_articles(conn: sqlite3.Connection, fmt: str, *, stream: IO[str] | None = None, path: Path | None = None) -> int:
    """Write every article in ``fmt``; returns how many were written.

    Parquet goes to ``path``: a ``.parquet`` file, or a folder partitioned by publication month.
    """
    rows = ({column: record.get(column) for column in ARTICLE_COLUMNS} for record in iter_all_articles(conn))
    return export_rows(rows, fmt, [(column, "string") for column in ARTICLE_COLUMNS],
                       lambda row: (row.get("published") or "unknown")[:7], stream=stream, path=path)


def export_rows(rows: Iterator[dict], fmt: str, columns: Sequence[tuple[str, str]], month_of: Callable[[dict], str],
                *, stream: IO[str] | None = None, path: Path | None = None) -> int:
    """Write ``rows`` in ``fmt``: to ``stream`` or a file at ``path`` (JSON Lines, CSV), or (Parquet)
    to a ``.parquet`` file or a folder partitioned by ``month_of(row)``. ``columns``: names and
    pyarrow type aliases ("string", "int32", "float64"...). Returns how many rows were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    names = [name for name, _ in columns]
    if fmt == "parquet":
        if path is None:
            raise ValueError("Parquet export needs --output PATH (a .parquet file or a folder)")
        return _write_parquet(rows, Path(path), columns, month_of)
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            return _write_text(rows, fmt, handle, names)
    if stream is None:
        raise ValueError("give a stream or a path to export to")
    return _write_text(rows, fmt, stream, names)


def _write_text(rows: Iterable[dict], fmt: str, stream: IO[str], names: Sequence[str]) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=list(names))
    writer.writeheader()  # written even when there are no rows
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def _write_parquet(rows: Iterator[dict], path: Path, columns: Sequence[tuple[str, str]],
                   month_of: Callable[[dict], str], chunk: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.type_for_alias(kind)) for name, kind in columns])
    folder = path.suffix != ".parquet"
    if folder:
        schema = schema.append(pa.field("month", pa.string()))
    count = 0

    def batches() -> Iterator[pa.RecordBatch]:
        nonlocal count
        buffer: list[dict] = []
        for row in rows:
            if folder:
                row["month"] = month_of(row)
            buffer.append(row)
            if len(buffer) >= chunk:
                count += len(buffer)
                yield pa.RecordBatch.from_pylist(buffer, schema=schema)
                buffer = []
        if buffer:
            count += len(buffer)
            yield pa.RecordBatch.from_pylist(buffer, schema=schema)

    if not folder:
        path.parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(path, schema) as writer:
            for batch in batches():
                writer.write_batch(batch)
            if count == 0:  # an empty table still gives a readable file with the columns
                writer.write_table(schema.empty_table())
        return count
    # Written a chunk at a time from this thread: pyarrow would pull a reader from its own
    # threads, and a SQLite connection may only be used by the thread that opened it.
    for number, batch in enumerate(batches()):
        ds.write_dataset(
            pa.Table.from_batches([batch]), path, format="parquet", partitioning=["month"],
            partitioning_flavor="hive", basename_template=f"part-{number}-{{i}}.parquet",
            existing_data_behavior="delete_matching" if number == 0 else "overwrite_or_ignore",
        )
    if count == 0:
        path.mkdir(parents=True, exist_ok=True)
    return count
