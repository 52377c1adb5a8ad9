"""Helpers shared by the evaluation harnesses: data loading, running a system, bootstrap, output."""
from __future__ import annotations

import gzip
import json
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from wirewatch.errors import EvaluationDataMissing

T = TypeVar("T")
Progress = Callable[[int, int], None]

BOOTSTRAP_RESAMPLES = 1000
# Fixed so that two runs on the same data print the same ± figure.
BOOTSTRAP_SEED = 20191120


class DataMissing(EvaluationDataMissing, FileNotFoundError):
    """An evaluation data folder or file is absent or not in the expected layout."""


def require_folder(data: Path, expected: str) -> Path:
    """Return `data` as a Path if it is a folder, else raise DataMissing naming what was expected.

    expected: the files the folder should hold, in words.
    """
    data = Path(data)
    if not data.is_dir():
        raise DataMissing(
            f"evaluation data folder {str(data)!r} not found; expected a folder holding {expected} "
            f"(the DEV data lives under ../shared/eval/extraction/)"
        )
    return data


def read_json(path: Path) -> Any:
    """Load a JSON file, gunzipping it when its name ends in .gz."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def read_page(path: Path) -> bytes:
    """Raw bytes of one gzip-compressed HTML page (the encoding is left to the reader)."""
    with gzip.open(path, "rb") as handle:
        return handle.read()


def decode_page(data: bytes) -> str:
    """Decode page bytes: UTF-8 first, then charset detection, then cp1252 with replacement."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported late: only non-UTF-8 pages need it

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def write_predictions(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    """Write one JSON object per line (UTF-8, non-ASCII kept readable)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def bootstrap_std(
    items: Sequence[T],
    statistic: Callable[[Sequence[T]], float],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> float:
    """Standard deviation of `statistic` over resamples (with replacement) of `items`."""
    if len(items) < 2:
        return 0.0
    rng = random.Random(seed)
    values = [statistic(rng.choices(items, k=len(items))) for _ in range(resamples)]
    mean = sum(values) / len(values)
    # Sample standard deviation (n-1), as upstream's statistics.stdev.
    return (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5


@dataclass
class RunResult:
    """What one system produced over a data set: outputs by item id, crashes and time spent."""

    outputs: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def timing(self) -> dict[str, float]:
        """Seconds spent inside the system and the resulting pages per second."""
        rate = len(self.outputs) / self.seconds if self.seconds > 0 else 0.0
        return {"seconds": round(self.seconds, 3), "pages_per_second": round(rate, 2)}


def run_system(
    items: Sequence[tuple[str, Callable[[], Any]]],
    system: Callable[..., Any],
    convert: Callable[[Any], Any],
    progress: Progress | None = None,
) -> RunResult:
    """Run `system` on each item; a crash gives None and is recorded, never stopping the run.

    items: (item id, loader) pairs; the loader returns the positional arguments for
        `system` as a tuple, so page reading is not counted in the system's time.
    convert: turns the system's return value into what is scored (e.g. `.body`).
    """
    result = RunResult()
    total = len(items)
    for done, (item_id, load) in enumerate(items, start=1):
        args = load()
        start = time.perf_counter()
        try:
            result.outputs[item_id] = convert(system(*args))
        except Exception as exc:  # noqa: BLE001 - any crash of the system under test is a miss
            result.outputs[item_id] = None
            result.errors[item_id] = f"{type(exc).__name__}: {exc}"
        result.seconds += time.perf_counter() - start
        if progress is not None:
            progress(done, total)
    return result


def body_of(value: Any) -> str:
    """The text to score from a system's return value: its `.body`, a string, or '' for None."""
    if value is None:
        return ""
    body = getattr(value, "body", value)
    return body if isinstance(body, str) else ""


def rounded(scores: Mapping[str, Any], digits: int = 4) -> dict[str, Any]:
    """Round float values so reports stay readable; other values pass through."""
    return {k: round(v, digits) if isinstance(v, float) else v for k, v in scores.items()}
