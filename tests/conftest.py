"""Shared fixtures: the real knowledge base and pipeline, built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, load_settings
from bot.pipeline import Pipeline

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.from_settings(load_settings(telegram_bot_token=None))


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the knowledge base for tests that break it on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def asked_and_focus(pipeline: Pipeline, message: str) -> tuple[str | None, str]:
    """The fact that answers `message` and the part of it the matcher read as the question."""
    decision = pipeline.matcher.match(message)
    assert decision.explanation is not None
    return decision.fact_id, decision.explanation.focus
