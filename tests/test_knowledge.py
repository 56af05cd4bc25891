"""The knowledge base is verified on load: every kind of curator mistake is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeError, fold_for_quote_check, load_knowledge
from bot.pipeline import Pipeline
from tests.conftest import KNOWLEDGE_DIR


def edit_facts(directory: Path, change) -> None:
    path = directory / "facts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["facts"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def fact(facts: list[dict], fact_id: str) -> dict:
    return next(item for item in facts if item["id"] == fact_id)


def test_the_shipped_knowledge_base_loads_and_passes_every_check() -> None:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    pipeline = Pipeline.from_knowledge(knowledge)
    assert pipeline.misleading_examples() == []
    assert {"date", "venue", "india", "attendees"} <= set(knowledge.facts_by_command)


def test_the_article_copy_is_verbatim() -> None:
    seed = KNOWLEDGE_DIR.parent.parent / "shared" / "seeds" / "article.txt"
    if not seed.exists():
        pytest.skip("the shared seed is not beside this checkout")
    copy = KNOWLEDGE_DIR / "sources" / "sco-summit-astana-2024.txt"
    assert copy.read_bytes() == seed.read_bytes()


def test_every_quote_is_verbatim_in_its_source() -> None:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    for item in knowledge.facts:
        source = fold_for_quote_check(knowledge.source_of(item).text)
        for quote in item.quotes:
            assert fold_for_quote_check(quote.text) in source, item.id


def test_quote_folding_ignores_typography_but_not_words() -> None:
    assert fold_for_quote_check("India’s  Prime\nMinister – yes") == "India's Prime Minister - yes"
    assert fold_for_quote_check("India’s") != fold_for_quote_check("Indias")


BREAKAGES = [
    (
        "a quote the article does not contain",
        lambda facts: fact(facts, "india")["quotes"].append({"text": "Modi will attend."}),
        "fact 'india': quote not found verbatim",
    ),
    (
        "a duplicate fact id",
        lambda facts: facts.append(dict(fact(facts, "india"), command="india2")),
        "fact 'india': id is used twice",
    ),
    (
        "a duplicate command",
        lambda facts: fact(facts, "summit_venue").update(command="date"),
        "command /date is already used by 'summit_dates'",
    ),
    (
        "too few example questions",
        lambda facts: fact(facts, "agenda").update(questions=["What is on the agenda?"]),
        "fact 'agenda': needs at least 6 different example questions",
    ),
    (
        "an unknown entity",
        lambda facts: fact(facts, "india")["entities"].append("atlantis"),
        "fact 'india': unknown entity 'atlantis'",
    ),
    (
        "a related fact that does not exist",
        lambda facts: fact(facts, "india")["related"].append("nope"),
        "related fact 'nope' does not exist",
    ),
    (
        "a fact command that would hide one of the bot's own",
        lambda facts: fact(facts, "summit_dates").update(command="help"),
        "fact 'summit_dates': command /help is one of the bot's own",
    ),
    (
        "a fact without an answer",
        lambda facts: fact(facts, "summit_venue").pop("answer"),
        "fact 'summit_venue', answer: Field required",
    ),
    (
        "an unknown field (a typo in a key)",
        lambda facts: fact(facts, "summit_venue").update(anwser="x"),
        "fact 'summit_venue', anwser: Extra inputs are not permitted",
    ),
    (
        "a question kind frames.yaml does not declare",
        lambda facts: fact(facts, "india").update(answers=["person", "gossip"]),
        "fact 'india': kinds: 'gossip' is not declared in frames.yaml",
    ),
    (
        "a scope frames.yaml does not declare",
        lambda facts: fact(facts, "india").update(scopes=["nineties"]),
        "fact 'india': scopes: 'nineties' is not declared in frames.yaml",
    ),
    (
        "an example question that teaches another fact",
        lambda facts: fact(facts, "agenda")["questions"].append("Who represents India?"),
        "example question 'Who represents India?' (en) matches 'india' better",
    ),
]


@pytest.mark.parametrize(("case", "change", "message"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_a_broken_fact_is_refused_with_file_fact_and_problem(
    knowledge_copy: Path, case: str, change, message: str
) -> None:
    edit_facts(knowledge_copy, change)
    with pytest.raises(KnowledgeError) as caught:
        Pipeline.from_knowledge(load_knowledge(knowledge_copy))
    assert "facts.yaml" in str(caught.value)
    assert message in str(caught.value)


def test_invalid_yaml_names_the_file_and_line(knowledge_copy: Path) -> None:
    (knowledge_copy / "entities.yaml").write_text("entities:\n  - {id: x, name: [\n", "utf-8")
    with pytest.raises(KnowledgeError, match=r"entities\.yaml: line \d+ invalid YAML"):
        load_knowledge(knowledge_copy)


TEXT_BREAKAGES = [
    (
        "a YAML boolean where a word was meant",
        "lexicon.en.yaml",
        "'on'",
        "on",
        "put the word in quotes",
    ),
    (
        "a missing UI string",
        "messages.en.yaml",
        "  decline:",
        "  declined:",
        r"messages\.en\.yaml: strings: missing decline",
    ),
    (
        "a missing command-menu string (en)",
        "messages.en.yaml",
        "  command_topics:",
        "  topics_cmd:",
        r"messages\.en\.yaml: strings: missing command_topics",
    ),
    (
        "a missing command-menu string (ru)",
        "messages.ru.yaml",
        "  command_topics:",
        "  topics_cmd:",
        r"messages\.ru\.yaml: strings: missing command_topics",
    ),
    (
        "a template with an unknown placeholder",
        "messages.en.yaml",
        "about {names}",
        "about {name}",
        r"decline_with_entity: unknown placeholder \{name\}",
    ),
    (
        "a tuning number out of range",
        "matcher.yaml",
        "answer: 0.65",
        "answer: 1.65",
        r"matcher.yaml: thresholds, answer: Input should be less than or equal to 1",
    ),
    (
        "a tuning number missing",
        "matcher.yaml",
        "  margin: 0.03",
        "  # margin: 0.03",
        r"matcher.yaml: thresholds, margin: Field required",
    ),
    (
        "a cue list for a kind frames.yaml does not declare",
        "frames.en.yaml",
        "  reason:\n",
        "  motive:\n",
        r"frames.en.yaml: kinds: 'motive' is not declared in frames.yaml",
    ),
]


@pytest.mark.parametrize(
    ("case", "file_name", "old", "new", "message"),
    TEXT_BREAKAGES,
    ids=[breakage[0] for breakage in TEXT_BREAKAGES],
)
def test_a_broken_file_is_refused_naming_it(
    knowledge_copy: Path, case: str, file_name: str, old: str, new: str, message: str
) -> None:
    path = knowledge_copy / file_name
    text = path.read_text("utf-8")
    assert old in text, case  # the edit must really break something
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(KnowledgeError, match=message):
        load_knowledge(knowledge_copy)


def test_a_missing_source_file_is_named(knowledge_copy: Path) -> None:
    (knowledge_copy / "sources" / "sco-summit-astana-2024.txt").unlink()
    with pytest.raises(KnowledgeError, match="source 'sco_astana_2024'"):
        load_knowledge(knowledge_copy)


def test_a_list_answer_with_an_unknown_placeholder_is_named(knowledge_copy: Path) -> None:
    edit_facts(
        knowledge_copy,
        lambda facts: fact(facts, "attendees")["list"].update(member_answer="Yes: {country}."),
    )
    with pytest.raises(KnowledgeError, match=r"fact 'attendees': member_answer \(en\)"):
        load_knowledge(knowledge_copy)


def test_a_fact_id_too_long_for_button_data_is_refused(knowledge_copy: Path) -> None:
    edit_facts(knowledge_copy, lambda facts: fact(facts, "agenda").update(id="a" * 63))
    with pytest.raises(KnowledgeError, match="at most 62 characters"):
        load_knowledge(knowledge_copy)


def test_a_missing_knowledge_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge(tmp_path / "nowhere")
