"""The knowledge base is verified on load: every kind of curator mistake is refused by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot import knowledge as knowledge_module
from bot.knowledge import (
    KnowledgeError,
    WordList,
    explain_quote_mismatch,
    fold_for_quote_check,
    load_knowledge,
)
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


ARTICLE = KNOWLEDGE_DIR / "sources" / "sco-summit-astana-2024.txt"
INDIA_QUOTE = (
    "However, India’s Prime Minister Narendra Modi will not be attending; instead, Foreign "
    "Minister Subrahmanyam Jaishankar will represent India during the discussions."
)


def test_a_quote_may_differ_from_the_article_only_in_layout() -> None:
    """Runs of whitespace are one space (YAML folds lines), and Unicode canonical equivalents
    are the same text; nothing else is folded."""
    assert fold_for_quote_check("India’s  Prime\n   Minister ") == "India’s Prime Minister"
    assert fold_for_quote_check("Jose\u0301") == fold_for_quote_check("Jos\u00e9")


@pytest.mark.parametrize(
    ("typed", "printed"),
    [("'", "’"), ("'", "‘"), ('"', "“"), ('"', "”"), ("-", "–"), ("-", "—"), ("...", "…")],
)
def test_a_straight_mark_does_not_stand_for_the_articles_typographic_one(
    typed: str, printed: str
) -> None:
    """Verbatim means verbatim: users are shown the quote as the article's own words."""
    assert fold_for_quote_check(f"India{typed}s") != fold_for_quote_check(f"India{printed}s")


def test_a_quote_with_a_straight_apostrophe_is_refused_at_its_line_in_full(
    knowledge_copy: Path,
) -> None:
    path = knowledge_copy / "facts.yaml"
    text = path.read_text("utf-8")
    typed = INDIA_QUOTE.replace("’", "'")
    assert text.count(f"text: {INDIA_QUOTE}") == 1
    path.write_text(text.replace(f"text: {INDIA_QUOTE}", f"text: {typed}"), "utf-8")
    line = 1 + text[: text.index(f"text: {INDIA_QUOTE}")].count("\n")

    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)

    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: fact 'india': quote not found verbatim in ")
    assert f'"{typed}"' in message  # the whole quote, however long
    assert f'closest sentence: "{INDIA_QUOTE}"' in message
    assert (
        'at character 15 of the quote: after "However, India" the quote has "\'s Prime' in message
    )
    assert "(' APOSTROPHE vs ’ RIGHT SINGLE QUOTATION MARK)" in message
    assert "\n" not in message


def test_a_quote_folded_over_several_yaml_lines_is_still_verbatim(knowledge_copy: Path) -> None:
    path = knowledge_copy / "facts.yaml"
    text = path.read_text("utf-8")
    folded = INDIA_QUOTE.replace(" Modi ", "\n          Modi ").replace("; ", ";\n          ")
    path.write_text(text.replace(f"text: {INDIA_QUOTE}", f"text: >-\n          {folded}"), "utf-8")
    knowledge = load_knowledge(knowledge_copy)
    assert knowledge.facts_by_id["india"].quotes[0].text == INDIA_QUOTE


MISMATCHES = [
    (
        "a word changed inside a sentence",
        "Narendra Modi will attend the summit",
        "However, India’s Prime Minister Narendra Modi will not be attending;",
        'after "Narendra Modi will " the quote has "attend the summit", the article "not be',
    ),
    (
        "a wrong first word",
        "Hovever, India’s Prime Minister",
        "However, India’s Prime Minister",
        'at character 3 of the quote: after "Ho" the quote has "vever, India’s Prime…"',
    ),
    (
        "a Cyrillic letter that looks Latin",
        "Russian President Vlаdimir Putin",
        "Russian President Vladimir Putin landed in Kazakhstan",
        "(а CYRILLIC SMALL LETTER A vs a LATIN SMALL LETTER A)",
    ),
    (
        "an en dash for the article's hyphen",
        "convene in Astana on July 3–4.",
        "The SCO, established in 2001",
        "(– EN DASH vs - HYPHEN-MINUS)",
    ),
    (
        "a quote over two sentences, with words left out of the second",
        "will convene in Astana on July 3-4. According to a statement from the Kremlin, the summit",
        "on July 3-4. According to a statement from the Kremlin (President of",
        'after "…ent from the Kremlin" the quote has ", the summit"',
    ),
]


@pytest.mark.parametrize(
    ("case", "quote", "in_closest", "difference"), MISMATCHES, ids=[m[0] for m in MISMATCHES]
)
def test_a_quote_mismatch_shows_the_closest_sentence_and_where_they_first_differ(
    case: str, quote: str, in_closest: str, difference: str
) -> None:
    message = explain_quote_mismatch(quote, ARTICLE.read_text("utf-8"))
    closest = message.partition("closest sentence: ")[2]
    assert in_closest in closest
    assert difference in message


BREAKAGES = [
    (
        "a duplicate fact id",
        lambda facts: facts.append(dict(fact(facts, "india"), command="india2")),
        "fact 'india': id is used twice",
    ),
    (
        "too few example questions",
        lambda facts: fact(facts, "agenda").update(questions=["What is on the agenda?"]),
        "fact 'agenda': needs at least 6 different example questions",
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
    with pytest.raises(KnowledgeError, match=r"entities\.yaml:3: invalid YAML: did not find"):
        load_knowledge(knowledge_copy)


TEXT_BREAKAGES = [
    (
        "a YAML boolean where a word was meant",
        "lexicon.en.yaml",
        "'on'",
        "on",
        "of, in, on, at",
        r"lexicon\.en\.yaml:\d+: stopwords, item \d+: .* put the word in quotes",
    ),
    (
        "a missing UI string",
        "messages.en.yaml",
        "  decline:",
        "  declined:",
        "strings:\n",
        r"messages\.en\.yaml:\d+: strings: missing decline",
    ),
    (
        "a missing command-menu string (en)",
        "messages.en.yaml",
        "  command_topics:",
        "  topics_cmd:",
        "strings:\n",
        r"messages\.en\.yaml:\d+: strings: missing command_topics",
    ),
    (
        "a missing command-menu string (ru)",
        "messages.ru.yaml",
        "  command_topics:",
        "  topics_cmd:",
        "strings:\n",
        r"messages\.ru\.yaml:\d+: strings: missing command_topics",
    ),
    (
        "a template with an unknown placeholder",
        "messages.en.yaml",
        "about {names}",
        "about {name}",
        "about {name}",
        r"messages\.en\.yaml:\d+: strings: decline_with_entity: unknown placeholder \{name\}",
    ),
    (
        "a tuning number out of range",
        "matcher.yaml",
        "answer: 0.65",
        "answer: 1.65",
        "answer: 1.65",
        r"matcher\.yaml:\d+: thresholds, answer: Input should be less than or equal to 1",
    ),
    (
        "a tuning number missing",
        "matcher.yaml",
        "  margin: 0.03",
        "  # margin: 0.03",
        "thresholds:",
        r"matcher\.yaml:\d+: thresholds, margin: Field required",
    ),
    (
        "a cue list for a kind frames.yaml does not declare",
        "frames.en.yaml",
        "  reason:\n",
        "  motive:\n",
        "  motive:",
        r"frames\.en\.yaml:\d+: kinds: 'motive' is not declared in frames\.yaml",
    ),
    (
        "a quote the article does not contain",
        "facts.yaml",
        "      - text: However, India’s",
        "      - text: Modi will attend.\n      - text: However, India’s",
        "text: Modi will attend.",
        r"facts\.yaml:\d+: fact 'india': quote not found verbatim in sco-summit-astana-2024\.txt",
    ),
    (
        "an unknown entity",
        "facts.yaml",
        "entities: [india, jaishankar, modi]",
        "entities: [india, jaishankar, atlantis]",
        "entities: [india, jaishankar, atlantis]",
        r"facts\.yaml:\d+: fact 'india': unknown entity 'atlantis'",
    ),
    (
        "a list about an unknown person",
        "facts.yaml",
        "yes_no_about: [erdogan]",
        "yes_no_about: [erdgan]",
        "yes_no_about: [erdgan]",
        r"facts\.yaml:\d+: fact 'person_erdogan': unknown entity 'erdgan'",
    ),
    (
        "a list answering a yes/no about a time frames.yaml does not declare",
        "facts.yaml",
        "yes_no_scope: founding",
        "yes_no_scope: beginning",
        "yes_no_scope: beginning",
        r"facts\.yaml:\d+: fact 'sco_founding': unknown scope 'beginning'",
    ),
    (
        "an entity part of an unknown one",
        "entities.yaml",
        "in_article: false, part_of: [west],\n     aliases: [usa,",
        "in_article: false, part_of: [atlantis],\n     aliases: [usa,",
        "part_of: [atlantis]",
        r"entities\.yaml:\d+: entity 'usa': unknown entity 'atlantis'",
    ),
    (
        "a person's country that is not a country",
        "entities.yaml",
        "pronoun: he, country: turkey,",
        "pronoun: he, country: astana,",
        "country: astana",
        r"entities\.yaml:\d+: entity 'erdogan': 'astana' is not a country entity",
    ),
    (
        "a kind asked of the question that frames.yaml does not declare",
        "frames.yaml",
        "asked_of_the_question: [opinion]",
        "asked_of_the_question: [guess]",
        "asked_of_the_question:",
        r"frames\.yaml:\d+: asked_of_the_question: 'guess' is not one of its kinds",
    ),
    (
        "a claim kept when known that is no claimed kind",
        "frames.yaml",
        "claims_kept_when_known: [main_topic]",
        "claims_kept_when_known: [place]",
        "claims_kept_when_known:",
        r"frames\.yaml:\d+: 'place' is not one of claimed_kinds",
    ),
    (
        "a lone kind frames.yaml does not declare",
        "frames.yaml",
        "lone_kinds: [outcome,",
        "lone_kinds: [verdict,",
        "lone_kinds:",
        r"frames\.yaml:\d+: lone_kinds: 'verdict' is not one of its kinds",
    ),
    (
        "a place kind frames.yaml does not declare",
        "frames.yaml",
        "place_kinds: [place,",
        "place_kinds: [venue,",
        "place_kinds:",
        r"frames\.yaml:\d+: place_kinds: 'venue' is not one of its kinds",
    ),
    (
        "a qualified kind frames.yaml does not declare",
        "frames.yaml",
        "qualified_kinds: {reason: {place: place_reason,",
        "qualified_kinds: {reason: {place: venue_reason,",
        "qualified_kinds:",
        r"frames\.yaml:\d+: qualified_kinds: 'venue_reason' is not one of its kinds",
    ),
    (
        "a kind asked exactly that frames.yaml does not declare",
        "frames.yaml",
        "specific_kinds: {when: exact_when,",
        "specific_kinds: {when: precise_when,",
        "specific_kinds:",
        r"frames\.yaml:\d+: specific_kinds: 'precise_when' is not one of its kinds",
    ),
    (
        "a place asked exactly only within a type no entity has",
        "frames.yaml",
        "specific_within: {place: [place]}",
        "specific_within: {place: [town]}",
        "specific_within:",
        r"frames\.yaml:\d+: specific_within: 'town' is no entity's type",
    ),
    (
        "a kind asked exactly within a place that is not asked exactly at all",
        "frames.yaml",
        "specific_within: {place: [place]}",
        "specific_within: {city: [place]}",
        "specific_within:",
        r"frames\.yaml:\d+: specific_within: 'city' is not in specific_kinds",
    ),
    (
        "words asking exactly for a kind no question is asked exactly",
        "frames.en.yaml",
        "  exact_when: [exactly,",
        "  exact_hour: [exactly,",
        "exact_hour:",
        r"frames\.en\.yaml:\d+: specific_cues: 'exact_hour' is not a kind specific_kinds asks",
    ),
    (
        "a command another fact has",
        "facts.yaml",
        "    command: venue\n",
        "    command: date  # taken\n",
        "command: date  # taken",
        r"facts\.yaml:\d+: fact 'summit_venue': command /date is already used by 'summit_dates'",
    ),
    (
        "a misspelt field",
        "facts.yaml",
        "  - id: summit_venue\n",
        "  - id: summit_venue\n    anwser: x\n",
        "anwser: x",
        r"facts\.yaml:\d+: fact 'summit_venue', anwser: Extra inputs are not permitted",
    ),
    (
        "a question kind frames.yaml does not declare",
        "facts.yaml",
        "    entities: [india, jaishankar, modi]\n"
        "    answers: [person, representative, meaning, format]",
        "    entities: [india, jaishankar, modi]\n    answers: [gossip]",
        "answers: [gossip]",
        r"facts\.yaml:\d+: fact 'india': kinds: 'gossip' is not declared in frames\.yaml",
    ),
    (
        "a Russian list answer with an unknown placeholder",
        "facts.ru.yaml",
        "Да: {names} {is_are}",
        "Да: {country} {is_are}",
        "Да: {country}",
        r"facts\.ru\.yaml:\d+: fact 'attendees': member_answer \(ru\): unknown placeholder",
    ),
]


@pytest.mark.parametrize(
    ("case", "file_name", "old", "new", "line_of", "message"),
    TEXT_BREAKAGES,
    ids=[breakage[0] for breakage in TEXT_BREAKAGES],
)
def test_a_broken_file_is_refused_naming_it_and_the_line(
    knowledge_copy: Path, case: str, file_name: str, old: str, new: str, line_of: str, message: str
) -> None:
    path = knowledge_copy / file_name
    text = path.read_text("utf-8")
    assert text.count(old) == 1, case  # the edit must really break something, once
    text = text.replace(old, new)
    path.write_text(text, "utf-8")
    line = 1 + text[: text.index(line_of)].count("\n")
    with pytest.raises(KnowledgeError, match=message) as caught:
        load_knowledge(knowledge_copy)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(caught.value)


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


def test_an_answer_to_a_choice_given_in_one_language_only_is_named(
    knowledge_copy: Path,
) -> None:
    # the English one is gone, the Russian one stays: a choice would be answered in one only
    edit_facts(
        knowledge_copy, lambda facts: fact(facts, "summit_venue")["list"].pop("alternative_answer")
    )
    with pytest.raises(
        KnowledgeError,
        match=r"fact 'summit_venue': alternative_answer given in 'ru' but missing in 'en'",
    ):
        load_knowledge(knowledge_copy)


def test_a_fact_id_too_long_for_button_data_is_refused(knowledge_copy: Path) -> None:
    edit_facts(knowledge_copy, lambda facts: fact(facts, "agenda").update(id="a" * 63))
    with pytest.raises(KnowledgeError, match="at most 62 characters"):
        load_knowledge(knowledge_copy)


def test_a_missing_knowledge_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge(tmp_path / "nowhere")


def test_a_start_skips_the_slow_check_only_for_files_that_passed_it(
    knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.config import load_settings

    settings = load_settings(knowledge_dir=knowledge_copy)
    Pipeline.from_settings(settings)  # checks the examples, and records that these files passed
    monkeypatch.setattr(Pipeline, "misleading_examples", lambda self: ["checked again"])
    Pipeline.from_settings(settings)  # the same files: not checked again
    with pytest.raises(KnowledgeError, match="checked again"):
        Pipeline.from_settings(settings, full_check=True)  # `bot.py check` always checks
    (knowledge_copy / "facts.yaml").write_text(
        (knowledge_copy / "facts.yaml").read_text("utf-8") + "\n", "utf-8"
    )
    with pytest.raises(KnowledgeError, match="checked again"):
        Pipeline.from_settings(settings)  # changed files are checked


def test_a_word_list_is_built_once_then_read_from_its_trie_under_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = tmp_path / "built"
    monkeypatch.setattr(knowledge_module, "WORD_LISTS", built)
    words = tmp_path / "words.txt"
    words.write_text("# everyday words\nthe\n  summit \nсаммит\n\n", encoding="utf-8")
    for word_list in (WordList.read(words), WordList.read(words)):  # built, then read back
        assert len(word_list) == 3
        assert all(word in word_list for word in ("the", "summit", "саммит"))
        assert not any(word in word_list for word in ("# everyday words", "", "sum", "\ud83d"))
    assert len(list(built.glob("*.marisa"))) == 1
    words.write_text("other\n", encoding="utf-8")  # an edited list is built anew
    assert "summit" not in WordList.read(words)
    assert len(list(built.glob("*.marisa"))) == 2


def test_a_word_list_is_read_where_nothing_can_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a file").write_text("")
    monkeypatch.setattr(knowledge_module, "WORD_LISTS", tmp_path / "a file" / "words")
    words = tmp_path / "words.txt"
    words.write_text("summit\n", encoding="utf-8")
    assert "summit" in WordList.read(words)


@pytest.fixture
def built_knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Verified knowledge bases are kept in a folder of this test's own."""
    folder = tmp_path / "built"
    monkeypatch.setattr(knowledge_module, "BUILT_KNOWLEDGE", folder)
    return folder


def test_a_verified_knowledge_base_is_taken_from_data_while_its_files_are_unchanged(
    knowledge_copy: Path, built_knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_knowledge(knowledge_copy)
    assert len(list(built_knowledge.glob("*.pickle"))) == 1

    def never(directory: Path) -> None:
        raise AssertionError("read and verified again")

    with monkeypatch.context() as patched:
        patched.setattr(knowledge_module, "_load_and_verify", never)
        again = load_knowledge(knowledge_copy)
    assert again.facts == first.facts
    assert again.entities == first.entities
    assert dict(again.common_words["en"]._trie.items()) == dict(
        first.common_words["en"]._trie.items()
    )
    facts = knowledge_copy / "facts.yaml"
    edit = facts.read_text("utf-8").replace("title: When is the summit?", "title: When?")
    facts.write_text(edit, "utf-8")
    edited = load_knowledge(knowledge_copy)
    assert edited.facts != first.facts
    assert len(list(built_knowledge.glob("*.pickle"))) == 2


def test_a_copy_of_the_files_elsewhere_is_read_from_there(
    knowledge_copy: Path, built_knowledge: Path, tmp_path: Path
) -> None:
    load_knowledge(knowledge_copy)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(knowledge_copy, elsewhere)
    moved = load_knowledge(elsewhere)
    assert len(list(built_knowledge.glob("*.pickle"))) == 1  # the same files: kept once
    assert moved.directory == elsewhere
    for source in moved.sources.values():
        assert source.path.parent.parent == elsewhere
        assert source.path.read_text(encoding="utf-8") == source.text


def test_a_broken_knowledge_base_is_never_kept(knowledge_copy: Path, built_knowledge: Path) -> None:
    (knowledge_copy / "entities.yaml").write_text("entities: [", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_knowledge(knowledge_copy)
    assert not list(built_knowledge.glob("*.pickle"))


def test_an_others_kind_frames_yaml_does_not_declare_is_named(knowledge_copy: Path) -> None:
    path = knowledge_copy / "frames.yaml"
    path.write_text(path.read_text("utf-8").replace("others_kind: list", "others_kind: gossip"))
    with pytest.raises(KnowledgeError, match="others_kind: 'gossip' is not one of its kinds"):
        load_knowledge(knowledge_copy)
