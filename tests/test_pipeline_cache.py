"""A start with knowledge files and code that were built and checked before reads the built
pipeline back instead of building the matcher again; any change to the files builds anew."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_settings
from bot.pipeline import Pipeline, _built_pipeline_path, _checked_stamp


def test_a_second_start_reads_the_built_pipeline_and_answers_alike(knowledge_copy: Path) -> None:
    settings = load_settings(knowledge_dir=knowledge_copy)
    first = Pipeline.from_settings(settings)  # builds and checks: the files pass
    Pipeline.from_settings(settings)  # checked files: builds once more and keeps it
    built = _built_pipeline_path(knowledge_copy, _checked_stamp(knowledge_copy))
    assert built is not None and built.exists()
    second = Pipeline.from_settings(settings)  # read back
    for question in ("who represents india", "когда саммит", "is the summit in tashkent?"):
        assert second.ask(question).reply == first.ask(question).reply


def test_a_changed_knowledge_file_is_never_answered_from_the_built_pipeline(
    knowledge_copy: Path,
) -> None:
    settings = load_settings(knowledge_dir=knowledge_copy)
    Pipeline.from_settings(settings)
    Pipeline.from_settings(settings)
    facts = knowledge_copy / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace(
            "answer: The summit is held in Astana, Kazakhstan.",
            "answer: The summit is held in the city of Astana, Kazakhstan.",
        ),
        "utf-8",
    )
    answer = Pipeline.from_settings(settings).ask("where is the summit?")
    assert answer.reply.answer.startswith("The summit is held in the city of Astana")
