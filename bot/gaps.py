"""The curators' gaps log: questions the bot declined or answered with a did-you-mean.

Curators read it (`python bot.py gaps`) to learn which facts and phrasings are missing.
It is a side channel: a broken, locked or full database is logged once and otherwise
ignored, so it can never stop the bot from answering. It stores no user or chat ids.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import sys
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.config import Settings

logger = logging.getLogger(__name__)

GAP_KINDS = frozenset({"decline", "partial", "suggest"})
NONE_CHOICE = "none"  # stored when the user pressed "none of these"
MAX_QUESTION_CHARS = 1_000  # longer messages are pastes, not questions; the head is enough
MAX_STORED_CANDIDATES = 5  # the did-you-mean shows at most 3; a little more helps curators
MAX_GROUP_CANDIDATES = 5
NEAR_DUPLICATE_SCORE = 90.0  # token_sort_ratio at which two normalised questions are one gap
DEFAULT_BUSY_TIMEOUT = 1.0  # seconds; a lock held longer costs one log row, not a slow reply
REPORT_VARIANTS_SHOWN = 3

SCHEMA_VERSION = 2
# Migration n brings a database from user_version n-1 to n; append, never edit.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """
        CREATE TABLE gaps (
            id         INTEGER PRIMARY KEY,
            asked_at   TEXT NOT NULL,            -- UTC, ISO 8601
            chat_type  TEXT NOT NULL,            -- private, group, supergroup, console ...
            kind       TEXT NOT NULL,            -- decline or suggest
            language   TEXT NOT NULL,
            question   TEXT NOT NULL,
            candidates TEXT NOT NULL,            -- JSON [[fact_id, score], ...], best first
            choice     TEXT                      -- fact id, 'none', or NULL (no button pressed)
        )
        """,
        "CREATE INDEX gaps_asked_at ON gaps (asked_at)",
    ),
    2: (
        # The fact that answered the same conversation's next question, soon after this one was
        # declined: the question was rephrased into that fact (see bot/traffic.py).
        "ALTER TABLE gaps ADD COLUMN rephrased TEXT",
    ),
}

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class GapGroup:
    """Near-duplicate unanswered questions, counted together.

    `variants` are the other distinct phrasings (most frequent first), `candidates` the facts
    the matcher considered with their best score, `choices` which buttons were pressed.
    """

    example: str
    variants: list[str]
    count: int
    suggested: int
    candidates: list[tuple[str, float]]
    choices: dict[str, int]

    def as_json(self) -> dict[str, object]:
        """The `gaps --json` contract for one group."""
        return {
            "example": self.example,
            "variants": self.variants,
            "count": self.count,
            "suggested": self.suggested,
            "candidates": [{"fact_id": fact, "score": score} for fact, score in self.candidates],
            "choices": self.choices,
        }


@dataclass(frozen=True)
class _GapRow:
    question: str
    kind: str
    candidates: list[tuple[str, float]]
    choice: str | None


PICKED = "picked"  # the user chose this fact among the did-you-mean suggestions
REPHRASED = "rephrased"  # the conversation's next question, asked soon after, got this fact


@dataclass(frozen=True)
class PhrasingEvidence:
    """A logged question that turned out to ask for a fact: what `gaps --suggest` learns from."""

    question: str
    language: str
    fact_id: str
    how: str  # PICKED or REPHRASED


def normalise_question(text: str) -> str:
    """Fold case, punctuation and spacing so trivially different questions compare equal."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


class GapsLog:
    """An append-mostly SQLite log, shared by the handlers (one connection, one lock).

    Lazy: nothing touches the disk until the first record. Write failures are logged once
    per kind and swallowed; the next call tries again, so a freed lock or disk recovers.
    """

    def __init__(
        self, path: Path, enabled: bool = True, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.enabled = enabled
        self._busy_timeout = busy_timeout
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._reported: set[str] = set()

    def __enter__(self) -> GapsLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def record(
        self,
        question: str,
        *,
        chat_type: str,
        kind: str,
        language: str,
        candidates: Sequence[tuple[str, float]],
    ) -> int | None:
        """Store one declined or suggested question; the row id, or None when off or failed."""
        if not self.enabled:
            return None
        if kind not in GAP_KINDS:
            raise ValueError(f"gap kind must be one of {sorted(GAP_KINDS)}, not {kind!r}")
        best_first = list(candidates)[:MAX_STORED_CANDIDATES]
        stored = json.dumps(
            [[str(fact), round(float(score), 4)] for fact, score in best_first],
            ensure_ascii=False,
        )
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            chat_type,
            str(kind),
            language,
            question.strip()[:MAX_QUESTION_CHARS],
            stored,
        )
        with self._lock:
            try:
                cursor = self._connect().execute(
                    "INSERT INTO gaps (asked_at, chat_type, kind, language, question, candidates)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    row,
                )
            except (sqlite3.Error, OSError) as error:
                self._report(error)
                return None
            return cursor.lastrowid

    def record_choice(self, gap_id: int, fact_id: str | None) -> None:
        """Note which suggestion the user pressed; None means "none of these"."""
        if not self.enabled:
            return
        with self._lock:
            try:
                self._connect().execute(
                    "UPDATE gaps SET choice = ? WHERE id = ?",
                    (NONE_CHOICE if fact_id is None else fact_id, gap_id),
                )
            except (sqlite3.Error, OSError) as error:
                self._report(error)

    def record_rephrase(self, gap_ids: Sequence[int], fact_id: str) -> None:
        """Note that these declined questions were soon asked again in words that got `fact_id`."""
        if not self.enabled or not gap_ids:
            return
        marks = ", ".join("?" * len(gap_ids))
        with self._lock:
            try:
                self._connect().execute(
                    f"UPDATE gaps SET rephrased = ? WHERE id IN ({marks})",  # only "?" marks
                    (fact_id, *gap_ids),
                )
            except (sqlite3.Error, OSError) as error:
                self._report(error)

    def phrasing_evidence(self) -> list[PhrasingEvidence]:
        """Every logged question that led to a fact (a pick or a rephrasing), oldest first.

        Like `top_gaps`, for curators: an unreadable database raises sqlite3.Error.
        """
        rows = self._read(
            "SELECT question, language, choice, rephrased FROM gaps"
            " WHERE (choice IS NOT NULL AND choice != ?) OR rephrased IS NOT NULL ORDER BY id",
            (NONE_CHOICE,),
        )
        found = []
        for question, language, choice, rephrased in rows:
            if choice is not None and choice != NONE_CHOICE:
                found.append(PhrasingEvidence(question, language, choice, PICKED))
            if rephrased is not None and rephrased != choice:
                found.append(PhrasingEvidence(question, language, rephrased, REPHRASED))
        return found

    def top_gaps(self, limit: int = 30) -> list[GapGroup]:
        """The most frequent gaps, near-duplicates grouped; raises sqlite3.Error if unreadable.

        Unlike recording this is for curators, who should see a broken database, not an
        empty report. An absent database is simply empty (and is not created).
        """
        rows = self._read("SELECT question, kind, candidates, choice FROM gaps ORDER BY id")
        gaps = [
            _GapRow(question, kind, [(str(f), float(s)) for f, s in json.loads(found)], choice)
            for question, kind, found, choice in rows
        ]
        return _group_gaps(gaps)[: max(limit, 0)]

    def _read(self, query: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows for a curators' report: none when off or never written (the file is not
        created); an unreadable database raises sqlite3.Error."""
        if not self.enabled:
            return []
        with self._lock:
            if self._connection is None and not self.path.exists():
                return []
            return self._connect().execute(query, parameters).fetchall()

    def close(self) -> None:
        """Close the connection (a later record opens it again)."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _connect(self) -> sqlite3.Connection:
        """The open connection, creating the folder, the file and the schema on first use."""
        if self._connection is not None:
            return self._connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,  # autocommit: each INSERT/UPDATE is its own transaction
            check_same_thread=False,  # handlers run in worker threads; self._lock serialises
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL loses at most the last rows on power loss: fine for a log.
            connection.execute("PRAGMA synchronous=NORMAL")
            _migrate(connection)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _report(self, error: Exception) -> None:
        """Warn once per kind of failure, so a full disk does not flood the log per question."""
        kind = f"{type(error).__name__}: {error}"
        if kind in self._reported:
            return
        self._reported.add(kind)
        logger.warning(
            "gaps log %s is not being written (%s); the bot keeps answering, "
            "and this is reported once",
            self.path,
            kind,
        )


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION, one numbered migration at a time."""
    if _schema_version(connection) >= SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = _schema_version(connection)  # again: another process may have migrated
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _schema_version(connection: sqlite3.Connection) -> int:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    return int(version)


def _group_gaps(gaps: Sequence[_GapRow]) -> list[GapGroup]:
    """Group near-duplicate questions; the most frequent phrasing leads each group.

    Exact duplicates (after normalising) are merged first, then each distinct question joins
    the first group whose leader it matches, in one rapidfuzz call per distinct question.
    """
    phrasings: dict[str, Counter[str]] = defaultdict(Counter)
    for gap in gaps:
        phrasings[normalise_question(gap.question)][gap.question] += 1
    # Most frequent first, ties in the order first asked (dicts keep insertion order).
    keys = sorted(phrasings, key=lambda key: -phrasings[key].total())

    leaders: list[str] = []
    members: list[list[str]] = []
    group_of: dict[str, int] = {}
    for key in keys:
        match = process.extractOne(
            key, leaders, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR_DUPLICATE_SCORE
        )
        if match is None:
            group_of[key] = len(leaders)
            leaders.append(key)
            members.append([key])
        else:
            group_of[key] = match[2]
            members[match[2]].append(key)

    best: list[dict[str, float]] = [{} for _ in leaders]
    choices: list[Counter[str]] = [Counter() for _ in leaders]
    suggested = [0] * len(leaders)
    for gap in gaps:
        index = group_of[normalise_question(gap.question)]
        for fact_id, score in gap.candidates:
            best[index][fact_id] = max(score, best[index].get(fact_id, score))
        if gap.choice is not None:
            choices[index][gap.choice] += 1
        if gap.kind == "suggest":
            suggested[index] += 1

    groups = []
    for index, keys_in_group in enumerate(members):
        texts = [phrasings[key].most_common(1)[0][0] for key in keys_in_group]
        ranked = sorted(best[index].items(), key=lambda item: -item[1])
        groups.append(
            GapGroup(
                example=texts[0],
                variants=texts[1:],
                count=sum(phrasings[key].total() for key in keys_in_group),
                suggested=suggested[index],
                candidates=ranked[:MAX_GROUP_CANDIDATES],
                choices=dict(choices[index].most_common()),
            )
        )
    groups.sort(key=lambda group: -group.count)  # stable: ties keep the leaders' order
    return groups


def print_gaps_report(settings: Settings, *, as_json: bool, limit: int) -> int:
    """`python bot.py gaps`: the most frequent unanswered questions, as text or one JSON."""
    path = settings.gaps_db_path
    try:
        with GapsLog(path) as log:
            groups = log.top_gaps(limit)
    except (sqlite3.Error, OSError, ValueError) as error:
        print(f"cannot read the gaps log {path}: {error}", file=sys.stderr)
        return 1
    if as_json:
        document = {
            "database": str(path),
            "enabled": settings.gaps_enabled,
            "groups": [group.as_json() for group in groups],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    if not groups:
        switched_off = "" if settings.gaps_enabled else " (GAPS_ENABLED is off)"
        print(f"No gaps recorded yet in {path}{switched_off}.")
        return 0
    print(f"Most frequent unanswered questions in {path}:")
    for rank, group in enumerate(groups, start=1):
        print(f"\n{rank:>3}. ×{group.count}  {group.example}")
        if group.variants:
            shown = ", ".join(f"“{text}”" for text in group.variants[:REPORT_VARIANTS_SHOWN])
            more = len(group.variants) - REPORT_VARIANTS_SHOWN
            print(f"       also: {shown}" + (f" (+{more} more)" if more > 0 else ""))
        if group.candidates:
            facts = ", ".join(f"{fact} {score:.2f}" for fact, score in group.candidates)
            print(f"       candidates: {facts}")
        if group.suggested:
            picked = ", ".join(f"{choice} {count}" for choice, count in group.choices.items())
            print(f"       picked: {picked or 'nothing'} (of {group.suggested} suggestions)")
    return 0
