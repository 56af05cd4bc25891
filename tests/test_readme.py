"""The README's curator's loop works as written: each command is run verbatim, on a copy of the
knowledge base and an empty gaps log, as on a fresh clone."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from bot.config import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
# Not run here: it signals whatever `bot.py run` is running on this machine.
NOT_RUN = ("pkill ",)


def curators_loop() -> list[str]:
    """The shell lines of the first ```sh block under the "The curator's loop" heading."""
    text = README.read_text("utf-8")
    section = text[text.index("### The curator's loop") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_curators_loop_in_the_readme_runs_verbatim(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    environment |= {"KNOWLEDGE_DIR": str(knowledge_copy), "GAPS_DB_PATH": str(tmp_path / "g.db")}
    outputs = []
    lines = curators_loop()
    assert any(line.startswith(NOT_RUN) for line in lines)  # the reload is part of the loop
    for line in lines:
        if line.startswith(NOT_RUN):
            continue
        result = subprocess.run(
            line,
            shell=True,
            cwd=PROJECT_ROOT,
            env=environment,
            input="y\n",  # `learn` asks about each proposal
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        outputs.append((line, result.stdout))
    asked = [output for line, output in outputs if re.search(r'bot\.py ask "', line)]
    assert "The article doesn't say" in asked[0]  # declined at first...
    assert "July 3–4" in asked[-1]  # ...answered once learned
    learned = next(output for line, output in outputs if line.split("#")[0].split()[-1] == "learn")
    assert "added: summit_dates [en] 'when do the talks wrap'" in learned
    assert "refused" not in learned
