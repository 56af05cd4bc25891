"""The `ask` contract that scripts and the evaluation depend on, and `check`'s exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT


def run_bot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"TELEGRAM_BOT_TOKEN"}}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=PROJECT_ROOT,
        input=stdin,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ask_prints_the_answer_then_the_source_quote_with_attribution() -> None:
    result = run_bot("ask", "Who represents India?")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Jaishankar" in lines[0]
    assert "Foreign Minister Subrahmanyam Jaishankar will represent India" in result.stdout
    assert "Putin Arrives in Kazakhstan for SCO Summit" in result.stdout


def test_ask_json_prints_the_contract() -> None:
    result = run_bot("ask", "--json", "Will Guterres come?")
    answer = json.loads(result.stdout)
    assert set(answer) >= {"question", "fact_id", "answer", "source", "confidence", "suggestions"}
    assert answer["fact_id"] == "un_guterres"
    assert answer["source"]["attribution"] == "according to Russian agencies"
    assert answer["source"]["source_id"] == "sco_astana_2024"
    assert 0 <= answer["confidence"] <= 1


def test_ask_json_declines_with_null_fact_and_source() -> None:
    answer = json.loads(run_bot("ask", "--json", "what's the weather in Paris").stdout)
    assert answer["fact_id"] is None
    assert answer["source"] is None


def test_ask_json_reads_stdin_one_question_per_line_in_order() -> None:
    questions = ["when is the summit", "", "tell me a joke", "who represents india"] * 50
    result = run_bot("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == questions
    assert [a["fact_id"] for a in answers[:4]] == ["summit_dates", None, None, "india"]


def test_ask_does_not_import_the_telegram_stack() -> None:
    code = (
        "import sys; from bot.cli import main; main(['ask', 'india?']); "
        "print('telegram' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("False")


def test_check_passes_on_the_shipped_knowledge() -> None:
    result = run_bot("check")
    assert result.returncode == 0
    assert "knowledge OK" in result.stdout


def test_a_broken_knowledge_base_stops_ask_with_exit_1(knowledge_copy: Path) -> None:
    facts = knowledge_copy / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace("convene in Astana on July 3-4", "x"), "utf-8"
    )
    for command in (["check"], ["ask", "india?"]):
        result = run_bot(*command, env={"KNOWLEDGE_DIR": str(knowledge_copy)})
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("knowledge error: ")
        assert "quote not found verbatim" in result.stderr


@pytest.mark.parametrize("dev_set", ["dev_en.yaml"])
def test_eval_prints_accuracy_declines_and_per_fact_figures(dev_set: str) -> None:
    result = run_bot("eval", f"tests/data/{dev_set}")
    assert result.returncode == 0
    assert "in-scope accuracy" in result.stdout
    assert "must-decline declined" in result.stdout
    assert "wrong answers" in result.stdout
    assert "precision recall" in result.stdout


def test_console_chat_answers_and_lets_a_number_pick_a_suggestion() -> None:
    result = run_bot("console", stdin="when is the summit\nwhat's the purpose\n1\n")
    replies = result.stdout.split("bot> ")[1:]
    assert "July 3–4" in replies[0]
    assert "Did you mean" in replies[1]
    assert "1." in replies[1]
    assert replies[2].strip()


def test_ask_takes_the_question_unquoted() -> None:
    quoted = run_bot("ask", "--json", "who represents india")
    unquoted = run_bot("ask", "--json", "who", "represents", "india")
    assert unquoted.returncode == 0
    assert json.loads(unquoted.stdout) == json.loads(quoted.stdout)


def test_ask_conversation_follows_up_and_an_empty_line_starts_anew() -> None:
    lines = "is pakistan coming?\nand brazil?\n\nand brazil?\n"
    result = run_bot("ask", "--json", "--conversation", "-", stdin=lines)
    assert result.returncode == 0
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 3  # nothing for the empty line
    assert [a["question"] for a in answers] == ["is pakistan coming?", "and brazil?", "and brazil?"]
    assert answers[1]["fact_id"] == "attendees"
    assert "Brazil" in answers[1]["answer"]
    assert set(answers[2]) == set(answers[0])  # the same schema as ask --json


def test_ask_exits_quietly_when_the_reader_closes_the_pipe() -> None:
    command = f"{sys.executable} bot.py ask - | head -1"
    questions = "when is the summit?\n" * 3000
    result = subprocess.run(
        command, shell=True, cwd=PROJECT_ROOT, input=questions, capture_output=True, text=True
    )
    assert result.stderr == ""
    assert result.stdout.strip()


def test_ask_says_when_a_question_was_cut_at_the_length_limit() -> None:
    result = run_bot("ask", "when is the summit " + "really " * 80)
    assert result.returncode == 0
    assert "only the first 300 characters" in result.stderr


def test_console_runs_the_chats_commands_and_numbers_topics() -> None:
    result = run_bot("console", stdin="/help\n/topics\n2\n/date\n7\n")
    replies = result.stdout.split("bot> ")[1:]
    assert result.returncode == 0
    assert "/topics" in replies[0]
    assert "1. When is the summit?" in replies[1]
    assert "Astana" in replies[2]  # topic 2: the venue
    assert "July 3–4" in replies[3]
    assert "multifaceted cooperation" in replies[4]  # topics stay on offer: 7 is the aims


def test_console_says_when_a_number_picks_nothing() -> None:
    result = run_bot("console", stdin="3\n")
    assert "no suggestions to pick from" in result.stdout


def test_console_follows_up_in_context() -> None:
    result = run_bot("console", stdin="is pakistan coming?\nand brazil?\n")
    assert "Brazil" in result.stdout.split("bot> ")[2]


def test_console_ends_cleanly_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "bot.py", "console"],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("when is the summit?\n")
    process.stdin.flush()
    assert process.stdout.readline().startswith("bot> ")
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Traceback" not in stderr
