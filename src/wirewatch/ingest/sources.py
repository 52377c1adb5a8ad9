"""Finding input files: paths, folders (recursive), gzip, standard input; with size limits."""
from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence

from wirewatch.model import Skip

STDIN = "-"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class InputFile:
    """One input to read: its name (for messages and format hints) and how to open it."""

    source: str
    name: str  # file name with any .gz removed, used as a format hint
    compressed: bool
    modified: datetime
    path: Path | None = None  # None for standard input
    data: bytes | None = None  # already read (standard input)

    def open_raw(self) -> BinaryIO:
        """A binary stream of the bytes as stored (still compressed if gzip)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return open(self.path, "rb")

    def open(self) -> BinaryIO:
        """A binary stream of the (decompressed) content."""
        raw = self.open_raw()
        return gzip.GzipFile(fileobj=raw) if self.compressed else raw  # type: ignore[return-value]

    def head(self, size: int) -> bytes:
        """The first ``size`` decompressed bytes, even of a truncated gzip file."""
        with self.open_raw() as raw:
            start = raw.read(size * 8 if self.compressed else size)
        if not self.compressed:
            return start
        try:
            head = zlib.decompressobj(wbits=31).decompress(start, size)
        except zlib.error as exc:
            raise CorruptInput(f"corrupt gzip data ({exc})") from exc
        if not head:
            # Nothing came out: either a gzip of an empty file, or a header with no valid data after it.
            with self.open() as stream:
                try:
                    stream.read(1)
                except (OSError, EOFError, zlib.error) as exc:
                    raise CorruptInput(f"corrupt gzip data ({exc})") from exc
        return head

    def read(self, max_bytes: int) -> bytes:
        """The whole decompressed content; raises ``TooLarge`` beyond ``max_bytes``."""
        with self.open() as stream:
            try:
                data = stream.read(max_bytes + 1)
            except (OSError, EOFError, zlib.error) as exc:
                raise CorruptInput(f"corrupt gzip data ({exc})") from exc
        if len(data) > max_bytes:
            raise TooLarge(f"larger than the {max_bytes:,}-byte limit (--max-bytes)")
        return data


class TooLarge(Exception):
    pass


class CorruptInput(Exception):
    pass


def iter_input_files(paths: Sequence[str], *, stdin: BinaryIO | None = None) -> Iterator[InputFile | Skip]:
    """Expand the given paths into input files, folders recursively, in a stable order."""
    for given in paths:
        if given == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            yield _input_from_bytes("<stdin>", data)
            continue
        path = Path(given).expanduser()
        if not path.exists():
            yield Skip(given, "no such file or folder")
        elif path.is_dir():
            yield from _walk(path)
        else:
            yield _input_from_path(path)


def _walk(folder: Path) -> Iterator[InputFile | Skip]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:
            exc = errors.pop()
            yield Skip(str(exc.filename or folder), f"cannot read folder: {exc.strerror or exc}")
        # Sorted in place so the walk order (and so the ingest order) is the same on every run.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield _input_from_path(Path(root) / name)
    for exc in errors:
        yield Skip(str(exc.filename or folder), f"cannot read folder: {exc.strerror or exc}")


def _input_from_path(path: Path) -> InputFile | Skip:
    try:
        stat = path.stat()
        with open(path, "rb") as handle:
            magic = handle.read(2)
    except OSError as exc:
        return Skip(str(path), f"cannot read: {exc.strerror or exc}")
    compressed = magic == b"\x1f\x8b"
    name = path.name[:-3] if compressed and path.name.endswith(".gz") else path.name
    modified = datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc)
    return InputFile(str(path), name, compressed, modified, path=path)


def _input_from_bytes(source: str, data: bytes) -> InputFile:
    compressed = data[:2] == b"\x1f\x8b"
    return InputFile(source, source, compressed, datetime.now(timezone.utc), data=data)
