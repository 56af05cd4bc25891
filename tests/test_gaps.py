"""The gaps log keeps what the bot could not answer, for curators, and never gets in the way."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.gaps import MAX_QUESTION_CHARS, SCHEMA_VERSION, GapsLog, print_gaps_report

DATE = [("summit_date", 0.58), ("venue", 0.41)]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "gaps.sqlite3"


@pytest.fixture
def gaps(db_path: Path) -> Iterator[GapsLog]:
    log = GapsLog(db_path, busy_timeout=0.05)
    yield log
    log.close()


def ask(log: GapsLog, question: str, kind: str = "suggest", candidates=DATE) -> int | None:
    return log.record(
        question, chat_type="private", kind=kind, language="en", candidates=candidates
    )


def settings_for(path: Path, enabled: bool = True) -> Settings:
    return load_settings(telegram_bot_token=None, gaps_db_path=path, gaps_enabled=enabled)


def test_records_survive_reopening_and_the_folder_is_created(db_path: Path) -> None:
    with GapsLog(db_path) as log:
        gap_id = ask(log, "When is the summit?")
    assert isinstance(gap_id, int)
    with GapsLog(db_path) as reopened:
        [group] = reopened.top_gaps()
    assert (group.example, group.count) == ("When is the summit?", 1)


def test_the_database_is_in_wal_mode_with_a_schema_version(gaps: GapsLog, db_path: Path) -> None:
    ask(gaps, "When is the summit?")
    other = sqlite3.connect(db_path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert other.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    finally:
        other.close()


def test_nothing_that_identifies_a_user_is_stored(gaps: GapsLog, db_path: Path) -> None:
    ask(gaps, "When is the summit?")
    other = sqlite3.connect(db_path)
    try:
        tables = {name for (name,) in other.execute("SELECT name FROM sqlite_master")}
        columns = {row[1] for row in other.execute("PRAGMA table_info(gaps)")}
    finally:
        other.close()
    # A new column must pass a privacy review: update this set deliberately, never a user id.
    assert tables == {"gaps", "gaps_asked_at"}
    assert columns == {
        "id",
        "asked_at",
        "chat_type",
        "kind",
        "language",
        "question",
        "candidates",
        "choice",
        "rephrased",  # a fact id: which fact the question was soon rephrased into
    }


def test_a_disabled_log_creates_no_file_and_records_nothing(db_path: Path) -> None:
    log = GapsLog(db_path, enabled=False)
    assert ask(log, "When is the summit?") is None
    log.record_choice(1, "summit_date")
    assert log.top_gaps() == []
    log.close()
    assert not db_path.parent.exists()


def test_nothing_touches_the_disk_before_the_first_record(db_path: Path) -> None:
    log = GapsLog(db_path)
    assert log.top_gaps() == []
    log.close()
    assert not db_path.parent.exists()


def test_long_questions_are_capped(gaps: GapsLog) -> None:
    ask(gaps, "why " * 1_000)
    [group] = gaps.top_gaps()
    assert len(group.example) == MAX_QUESTION_CHARS


def test_unknown_kind_is_a_programming_error(gaps: GapsLog) -> None:
    with pytest.raises(ValueError, match="gap kind"):
        ask(gaps, "When is the summit?", kind="answer")


def test_near_duplicates_are_grouped_most_frequent_first(gaps: GapsLog) -> None:
    for question in [
        "When is the summit?",
        "when is the summit",
        "When  is the SUMMIT!!",
        "When the summit is?",  # same words, other order
        "Who hosts the summit?",
        "Who hosts the summit",
        "Who hosts the summit",
        "Who hosts the summit",
        "What is the weather in Astana?",
    ]:
        ask(gaps, question)
    groups = gaps.top_gaps()
    assert [(g.example, g.count) for g in groups] == [
        ("Who hosts the summit", 4),
        ("When is the summit?", 4),
        ("What is the weather in Astana?", 1),
    ]
    assert groups[1].variants == ["When the summit is?"]
    assert gaps.top_gaps(limit=1) == groups[:1]


def test_candidates_keep_each_facts_best_score(gaps: GapsLog) -> None:
    ask(gaps, "When is the summit?", candidates=[("summit_date", 0.5), ("venue", 0.41)])
    ask(gaps, "when is the summit", candidates=[("venue", 0.3), ("summit_date", 0.58)])
    ask(gaps, "when is the summit", kind="decline", candidates=[("host", 0.2)])
    [group] = gaps.top_gaps()
    assert group.candidates == [("summit_date", 0.58), ("venue", 0.41), ("host", 0.2)]
    assert group.suggested == 2


def test_choices_are_counted_and_the_last_press_wins(gaps: GapsLog) -> None:
    first, second, third, _unpressed = (ask(gaps, "When is the summit?") for _ in range(4))
    assert None not in (first, second, third)
    gaps.record_choice(first, "venue")
    gaps.record_choice(first, "summit_date")  # pressed again: one question, one choice
    gaps.record_choice(second, "summit_date")
    gaps.record_choice(third, None)
    [group] = gaps.top_gaps()
    assert group.choices == {"summit_date": 2, "none": 1}


def test_records_from_many_threads_all_land(gaps: GapsLog) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(lambda n: ask(gaps, f"question number {n}"), range(40)))
    assert None not in ids
    assert len(set(ids)) == 40


@pytest.mark.parametrize(
    "make_unwritable",
    [
        pytest.param(lambda path: path.parent.write_text("a file"), id="parent-is-a-file"),
        pytest.param(lambda path: path.mkdir(parents=True), id="a-folder-where-the-file-goes"),
    ],
)
def test_an_unwritable_path_is_logged_once_and_never_raises(
    db_path: Path, make_unwritable, caplog: pytest.LogCaptureFixture
) -> None:
    db_path.parent.parent.mkdir(parents=True, exist_ok=True)
    make_unwritable(db_path)
    log = GapsLog(db_path)
    with caplog.at_level(logging.WARNING, logger="bot.gaps"):
        assert ask(log, "When is the summit?") is None
        assert ask(log, "Who hosts the summit?") is None
        log.record_choice(1, "venue")
    log.close()
    assert len(caplog.records) == 1
    assert str(db_path) in caplog.records[0].getMessage()


def test_a_locked_database_costs_a_row_not_an_answer(
    gaps: GapsLog, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ask(gaps, "When is the summit?")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING, logger="bot.gaps"):
            assert ask(gaps, "Who hosts the summit?") is None
            assert ask(gaps, "Who hosts the summit?") is None
            gaps.record_choice(1, "venue")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert ["locked" in record.getMessage() for record in caplog.records] == [True]
    assert ask(gaps, "Who hosts the summit?") is not None  # recovers once the lock is gone


def test_report_without_a_database_says_so(db_path: Path, capsys) -> None:
    assert print_gaps_report(settings_for(db_path), as_json=False, limit=30) == 0
    assert "No gaps recorded yet" in capsys.readouterr().out
    assert not db_path.exists()


def test_report_as_text_lists_groups_candidates_and_choices(db_path: Path, capsys) -> None:
    with GapsLog(db_path) as log:
        picked = ask(log, "When is the summit?")
        ask(log, "when is the summit")
        ask(log, "When the summit is?")
        ask(log, "What is the weather in Astana?", kind="decline", candidates=[])
        log.record_choice(picked, "summit_date")
    assert print_gaps_report(settings_for(db_path), as_json=False, limit=30) == 0
    out = capsys.readouterr().out
    assert "×3  When is the summit?" in out
    assert "“When the summit is?”" in out
    assert "candidates: summit_date 0.58, venue 0.41" in out
    assert "picked: summit_date 1 (of 3 suggestions)" in out
    assert "×1  What is the weather in Astana?" in out


def test_report_as_json_is_one_document(db_path: Path, capsys) -> None:
    with GapsLog(db_path) as log:
        log.record_choice(ask(log, "When is the summit?"), None)
        ask(log, "Who hosts the summit?", kind="decline")
    assert print_gaps_report(settings_for(db_path), as_json=True, limit=1) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["database"] == str(db_path)
    assert document["groups"] == [
        {
            "example": "When is the summit?",
            "variants": [],
            "count": 1,
            "suggested": 1,
            "candidates": [
                {"fact_id": "summit_date", "score": 0.58},
                {"fact_id": "venue", "score": 0.41},
            ],
            "choices": {"none": 1},
        }
    ]


def test_report_on_a_corrupt_database_fails_loudly(db_path: Path, capsys) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(b"this is not a database" * 100)
    assert print_gaps_report(settings_for(db_path), as_json=False, limit=30) == 1
    assert "cannot read the gaps log" in capsys.readouterr().err
