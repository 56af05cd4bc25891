"""The README's no-token try, as a curator would run it: the fake Bot API in one process, the
real bot (`bot.py run`) in another, a chat typed into the fake, /why, and a SIGHUP reload."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT

WAIT_SECONDS = 30.0


class Process:
    """A child process whose output lines are read as they come, with a timeout."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(
            args,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, predicate: str) -> list[str]:
        """Every line up to and including the first that contains `predicate`."""
        seen: list[str] = []
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            if predicate in line:
                return seen
        raise AssertionError(f"no line with {predicate!r} in {WAIT_SECONDS}s; saw {seen}")

    def type(self, text: str) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write(text + "\n")
        self.popen.stdin.flush()

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.popen.kill()


@pytest.fixture
def fake_api() -> Iterator[Process]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    process = Process([sys.executable, "-m", "tests.e2e.fake_bot_api"], environment)
    yield process
    process.stop()


def test_a_chat_with_the_real_bot_through_the_standalone_fake_bot_api(
    fake_api: Process, knowledge_copy: Path, tmp_path: Path
) -> None:
    (command,) = [line for line in fake_api.until("bot.py run") if "bot.py run" in line]
    settings = dict(part.split("=", 1) for part in command.split() if "=" in part)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    environment |= settings | {
        "KNOWLEDGE_DIR": str(knowledge_copy),
        "GAPS_DB_PATH": str(tmp_path / "gaps.sqlite3"),
    }
    bot = Process([sys.executable, "bot.py", "run"], environment)
    try:
        bot.until("Serving with long polling")
        fake_api.type("who represents india?")
        assert any("Jaishankar" in line for line in fake_api.until("bot> "))
        fake_api.type("^ /why")
        assert "decision: answer india" in "\n".join(fake_api.until("decision:"))

        question = "florb glorp wrap-up"
        fake_api.type(question)
        assert "The article doesn't say" in "\n".join(fake_api.until("bot> "))
        facts = knowledge_copy / "facts.yaml"
        text = facts.read_text("utf-8")
        related = text.index("    related:")  # after the first fact's example questions
        facts.write_text(f'{text[:related]}      - "{question}"\n{text[related:]}', "utf-8")
        bot.popen.send_signal(signal.SIGHUP)
        bot.until("Reloaded the knowledge base")
        fake_api.type(question)
        assert "July 3–4" in "\n".join(fake_api.until("bot> "))
    finally:
        bot.stop()
    assert bot.popen.returncode == 0
