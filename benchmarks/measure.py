"""What every benchmark prints with its figures: which code, which machine, and how it was read.

Figures from a shared machine are only comparable within one run; the header says what ran
where, so a pasted table can be traced to a commit and a CPU.
"""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def header() -> str:
    """One line: commit (and whether the working tree differs from it), Python, CPU, load."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        commit, changed = "", []
    commit = commit or "unknown (not a git checkout)"
    dirty = f" + {len(changed)} uncommitted file(s)" if changed else ""
    cpu = platform.processor() or platform.machine()
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = " ".join(_read("/proc/loadavg").split()[:3])
    return (
        f"commit {commit}{dirty}; Python {platform.python_version()}; {cpu}, "
        f"{os.cpu_count()} CPUs; load average {load}"
    )


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process now, in MB (VmRSS)."""
    return _status_kb(pid, "VmRSS:") / 1024


def peak_rss_mb(pid: int | str = "self") -> float:
    """The most resident memory the process has had, in MB (VmHWM)."""
    return _status_kb(pid, "VmHWM:") / 1024


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time a process has used so far, all its threads."""
    fields = _read(f"/proc/{pid}/stat").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def _status_kb(pid: int | str, key: str) -> float:
    for line in _read(f"/proc/{pid}/status").splitlines():
        if line.startswith(key):
            return float(line.split()[1])
    return float("nan")


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""
