"""Stored claims of articles and stored claim vectors (migration 0006).

Claims are saved by the extract stage (``save_claims``, inside its batch transaction) and read by
``compare.story`` (``load_claims``). Claim vectors are keyed by the SHA-1 of the claim text and
the embedding model's name, stored as float16: written on first compare, read by every later one.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np

from wirewatch.compare.claims import CLAIMS_VERSION, Claim
from wirewatch.model import Quantity, TimeSpan

_CHUNK = 500
_COLUMNS = ('article_id, "index", start, "end", text, kind, score, attributed_to, actors, numbers, dates,'
            " report_dates, places, subjects, quotes, cues, terms")


def _spans(spans: Iterable[TimeSpan]) -> str:
    return json.dumps([[t.text, t.start, t.end, t.first.isoformat(), t.last.isoformat()] for t in spans])


def _unspans(text: str) -> tuple[TimeSpan, ...]:
    return tuple(TimeSpan(t, s, e, date.fromisoformat(f), date.fromisoformat(last))
                 for t, s, e, f, last in json.loads(text))


def _row(claim: Claim) -> tuple:
    return (claim.article_id, claim.index, claim.start, claim.end, claim.text, claim.kind, claim.score,
            claim.attributed_to, json.dumps(list(claim.actors)),
            json.dumps([[q.text, q.start, q.end, q.value, q.approximate, q.unit, q.counts] for q in claim.numbers]),
            _spans(claim.dates), _spans(claim.report_dates), json.dumps(list(claim.places)),
            json.dumps(list(claim.subjects)), json.dumps(list(claim.quotes)), json.dumps(list(claim.cues)),
            json.dumps(sorted(claim.terms)))


def _claim(row: sqlite3.Row, outlet: str | None) -> Claim:
    return Claim(
        article_id=row["article_id"], outlet=outlet, index=row["index"], start=row["start"], end=row["end"],
        text=row["text"], kind=row["kind"], actors=tuple(json.loads(row["actors"])),
        numbers=tuple(Quantity(t, s, e, v, bool(a), u, c) for t, s, e, v, a, u, c in json.loads(row["numbers"])),
        dates=_unspans(row["dates"]), places=tuple(json.loads(row["places"])),
        subjects=tuple(json.loads(row["subjects"])), report_dates=_unspans(row["report_dates"]),
        quotes=tuple(json.loads(row["quotes"])), score=row["score"], cues=tuple(json.loads(row["cues"])),
        attributed_to=row["attributed_to"], terms=frozenset(json.loads(row["terms"])))


def save_claims(conn: sqlite3.Connection, article_id: str, claims: Sequence[Claim], reference: date | None) -> None:
    """Replace the article's stored claims. reference: the date their dates were resolved against.

    Does not commit: call it inside the caller's transaction.
    """
    conn.execute("DELETE FROM claim_sets WHERE article_id = ?", (article_id,))
    conn.execute("INSERT INTO claim_sets (article_id, reference, version, claims) VALUES (?,?,?,?)",
                 (article_id, reference.isoformat() if reference else None, CLAIMS_VERSION, len(claims)))
    conn.executemany(f"INSERT INTO claims ({_COLUMNS}) VALUES ({','.join('?' * 17)})",
                     [_row(c) for c in claims])


def load_claims(conn: sqlite3.Connection, references: Mapping[str, date | None],
                outlets: Mapping[str, str | None] | None = None) -> dict[str, list[Claim]]:
    """The stored claims of the articles in `references` whose dates were resolved against that
    date by this claim splitter version; articles without such claims are left out.

    outlets: each article's outlet, set on its claims (the stage stores claims without one).
    """
    ids = list(references)
    outlets = outlets or {}
    found: dict[str, list[Claim]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        usable = [r["article_id"] for r in conn.execute(
            f"SELECT article_id, reference FROM claim_sets WHERE version = ? AND article_id IN ({marks})",
            [CLAIMS_VERSION, *chunk])
            if r["reference"] == (references[r["article_id"]].isoformat() if references[r["article_id"]] else None)]
        for article_id in usable:
            found[article_id] = []
        if not usable:
            continue
        rows = conn.execute(f'SELECT {_COLUMNS} FROM claims WHERE article_id IN ({",".join("?" * len(usable))})'
                            ' ORDER BY article_id, "index"', usable)
        for row in rows:
            found[row["article_id"]].append(_claim(row, outlets.get(row["article_id"])))
    return found


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_vectors(conn: sqlite3.Connection, texts: Sequence[str], model: str) -> dict[str, np.ndarray]:
    """Stored vectors of these texts for this model (float32 rows), by text; missing texts left out."""
    by_key = {text_key(t): t for t in texts}
    keys = list(by_key)
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for row in conn.execute(f"SELECT sha1, vector FROM claim_vectors WHERE model = ? AND sha1 IN"
                                f" ({','.join('?' * len(chunk))})", [model, *chunk]):
            found[by_key[row["sha1"]]] = np.frombuffer(row["vector"], dtype="<f2").astype(np.float32)
    return found


def save_vectors(conn: sqlite3.Connection, vectors: Mapping[str, np.ndarray], model: str) -> bool:
    """Store these vectors (float16) in one short write transaction; False when the store is
    read-only (the API's connections) or busy, in which case nothing is written."""
    if not vectors:
        return True
    rows = [(text_key(t), model, int(v.shape[0]), np.asarray(v, dtype="<f2").tobytes()) for t, v in vectors.items()]
    sql = "INSERT OR IGNORE INTO claim_vectors (sha1, model, dimensions, vector) VALUES (?,?,?,?)"
    try:
        if conn.execute("PRAGMA query_only").fetchone()[0]:
            return False
        if conn.in_transaction:  # the caller's transaction: write inside it
            conn.executemany(sql, rows)
            return True
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(sql, rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError:
        return False
    return True
