"""Question frames: what a question asks for, whether it asks yes or no, and about which time."""

from __future__ import annotations

import pytest

from bot.pipeline import Pipeline

# (question, kind, yes/no, scope); scope None: no time named, so any fact's time will do
FRAMES = [
    ("when is the summit?", "date", False, None),
    ("what time does the opening ceremony start?", "time", False, None),
    ("how many days does it last", "date", False, None),  # the longer cue wins
    ("how many members does the SCO have?", "count", False, None),
    ("where is it held", "place", False, None),
    ("where exactly in Astana is it?", "exact_place", False, None),
    ("is it in July?", "date", True, None),  # a month outweighs "is it in"
    ("is it in China?", "place", True, None),
    ("who represents India", "person", False, None),
    ("why is Modi skipping it", "reason", False, None),
    ("what was agreed on trade?", "outcome", False, None),
    ("what is the SCO", "meaning", False, None),
    ("what is the date of the summit", "date", False, None),  # "what is" is weak
    ("where is this info from", "source", False, None),
    ("who hosted the 2019 summit?", "person", False, "other_edition"),
    ("where is the next SCO summit", "place", False, "other_edition"),  # reads through "SCO"
    ("what happened at last year's summit", None, False, "last_year"),
    ("when was the SCO founded", "date", False, "founding"),
    ("Putin is going, right?", None, True, None),
    ("когда саммит", "date", False, None),
    ("сколько стран в шос", "count", False, None),
    ("будет ли моди на саммите", None, True, None),
    ("что решили в прошлом году", "outcome", False, "last_year"),
]


@pytest.mark.parametrize(("question", "kind", "yes_no", "scope"), FRAMES)
def test_a_question_is_read_for_what_it_asks(
    pipeline: Pipeline, question: str, kind: str | None, yes_no: bool, scope: str
) -> None:
    frame = pipeline.matcher.match(question).frame
    assert frame is not None
    assert (frame.kind, frame.yes_no, frame.scope) == (kind, yes_no, scope)


def test_typos_in_question_words_are_corrected_before_framing(pipeline: Pipeline) -> None:
    frame = pipeline.matcher.match("whre is the summit").frame
    assert frame is not None and frame.kind == "place"
