"""The offline console chat: the bot's conversation, commands and choices in a terminal.

It answers through the same `Pipeline.ask` as Telegram, keeps one conversation (so "and Iran?"
works), runs the chat's commands (/help, /topics, /source, /date, /ask ...), and lets a typed
number pick a did-you-mean choice or a topic. Line editing and history come from readline when
the terminal has it; Ctrl-C and Ctrl-D end the chat with exit code 0. With `--record` it feeds
the gaps log like a Telegram chat: declines, did-you-means, the choice picked, rephrasings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from bot.conversation import ConversationContext
from bot.pipeline import Pipeline
from bot.replies import CALLBACK_FACT_PREFIX, Notice, Reply
from bot.traffic import TrafficRecorder

PROMPT = "you> "
BOT = "bot> "
CHAT_TYPE = "console"  # what the gaps log notes as the chat type
THREAD = "console"  # the console is one conversation: its rephrasings link to its declines


@dataclass
class ConsoleChat:
    """One person's chat in a terminal: the conversation and the choices on offer."""

    pipeline: Pipeline
    language: str | None = None  # the language of the last exchange, for commands and notices
    conversation: ConversationContext | None = None
    choices: list[str] = field(default_factory=list)  # fact ids a typed number picks
    recorder: TrafficRecorder | None = None  # the gaps log, when recording
    choices_gap: int | None = None  # the gaps log row of the did-you-mean on offer

    def respond(self, text: str) -> str:
        """What the bot prints for one line the person typed."""
        text = text.strip()
        if text.startswith("/"):
            return self._command(text)
        if text.isdecimal():
            return self._pick(int(text))
        answer = self.pipeline.ask(text, self.conversation)
        self.conversation = answer.context
        self.language = answer.reply.language
        self.choices = []  # a new question: earlier choices no longer apply
        self.choices_gap = None
        if self.recorder is not None:
            self.choices_gap = self.recorder.observe(
                answer.decision, chat_type=CHAT_TYPE, conversation=THREAD
            )
        return self._render(answer.reply)

    def banner(self) -> str:
        knowledge = self.pipeline.knowledge
        return (
            f"Offline console: {len(knowledge.facts)} facts from {knowledge.directory}. "
            "Ask a question, /help for commands; Ctrl-D or Ctrl-C quits."
        )

    def _language(self) -> str:
        return self.language or self.pipeline.knowledge.languages[0]

    def _command(self, text: str) -> str:
        head, _, rest = text[1:].partition(" ")
        name = head.partition("@")[0].lower()
        replies = self.pipeline.replies
        language = self._language()
        commands: dict[str, Callable[[str], Notice]] = {
            "start": replies.help,
            "help": replies.help,
            "topics": replies.topics,
            "source": replies.source,
        }
        if name in commands:
            return self._render(commands[name](language))
        if name == "ask":
            return (
                self.respond(rest)
                if rest.strip()
                else self._render(replies.notice("ask_usage", language))
            )
        fact = self.pipeline.knowledge.facts_by_command.get(name)
        if fact is not None:
            return self._render(replies.fact_reply(fact.id, language, question=text))
        return self._render(replies.notice("empty", language))

    def _pick(self, number: int) -> str:
        language = self._language()
        if not 1 <= number <= len(self.choices):
            return self._render(self.pipeline.replies.notice("no_pending_choice", language))
        fact_id = self.choices[number - 1]
        if self.recorder is not None and self.choices_gap is not None:
            self.recorder.picked(self.choices_gap, fact_id)
            self.choices_gap = None  # one choice per did-you-mean, as with Telegram's buttons
        return self._render(self.pipeline.replies.fact_reply(fact_id, language))

    def _render(self, reply: Reply | Notice) -> str:
        """Plain text; a Notice's fact buttons become numbered choices too (/topics)."""
        if isinstance(reply, Reply):
            if reply.suggestions:
                self.choices = [fact_id for fact_id, _ in reply.suggestions]
            return reply.plain_text()
        facts = [
            (button.label, button.data.removeprefix(CALLBACK_FACT_PREFIX))
            for row in reply.keyboard()
            for button in row
            if button.data.startswith(CALLBACK_FACT_PREFIX)
        ]
        if not facts:
            return reply.plain_text()
        self.choices = [fact_id for _, fact_id in facts]
        self.choices_gap = None  # topics on offer now, not the did-you-mean
        numbered = [f"  {number}. {label}" for number, (label, _) in enumerate(facts, start=1)]
        return "\n".join([reply.plain_text(), *numbered])


def run_console(
    pipeline: Pipeline,
    stdin: TextIO,
    stdout: TextIO,
    interactive: bool,
    recorder: TrafficRecorder | None = None,
) -> int:
    """Chat until end of input or Ctrl-C; exit code 0 either way."""
    chat = ConsoleChat(pipeline, recorder=recorder)
    read_line = _line_reader(stdin, stdout, interactive)
    if interactive:
        stdout.write(chat.banner() + "\n")
    try:
        while True:
            line = read_line()
            if line is None:
                break
            if not line.strip():
                continue
            stdout.write(f"{BOT}{chat.respond(line)}\n\n")
            stdout.flush()
    except KeyboardInterrupt:
        pass
    if interactive:
        stdout.write("\n")  # leave the shell prompt on a line of its own
    stdout.flush()
    return 0


def _line_reader(stdin: TextIO, stdout: TextIO, interactive: bool) -> Callable[[], str | None]:
    """A terminal gets readline's editing and history through input(); a pipe is read as is."""
    if interactive:
        with contextlib.suppress(ImportError):  # not on every platform; works without it
            import readline  # noqa: F401  (importing it gives input() editing and history)

        def prompt() -> str | None:
            try:
                return input(PROMPT)
            except EOFError:
                return None

        return prompt

    def read() -> str | None:
        line = stdin.readline()
        return line if line else None

    return read
