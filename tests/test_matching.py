"""The matcher: answers what the article says, declines what it does not, survives typos."""

from __future__ import annotations

import pytest

from bot.matching import DecisionKind, strip_accents
from bot.pipeline import Pipeline

ANSWERED = [
    ("Who represents India?", "india"),
    ("who reprsents inida", "india"),
    ("wen is teh sumit", "summit_dates"),
    ("WHERE IS THE SUMMIT???", "summit_venue"),
    ("india?", "india"),
    ("dates?", "summit_dates"),
    ("@SummitQABot when is the summit?", "summit_dates"),
    ("hey bot pls who founded the SCO", "sco_founding"),
    ("Is Iran attending?", "attendees"),
    ("Is Japan attending?", "attendees"),
    ("is putin meeting xi", "bilateral_meetings"),
    ("who is xi", "person_xi"),
    ("Did the Shanghai Cooperation Organization criticise NATO last year?", "last_year_summit"),
    ("will the UN chief be there", "un_guterres"),
]

NOT_ANSWERED = [
    "What's the weather?",
    "Tell me a joke",
    "asdfgh",
    "When is the BRICS summit?",
    "When was NATO founded?",
    "Who is the prime minister of Pakistan?",
    "Who is the president of Kazakhstan?",
    "who is the foreign minister of china",
    "what is the capital of france",
]


@pytest.mark.parametrize(("question", "fact_id"), ANSWERED)
def test_questions_the_article_answers_get_their_fact(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert decision.kind is DecisionKind.ANSWER
    assert decision.fact_id == fact_id


@pytest.mark.parametrize("question", NOT_ANSWERED)
def test_questions_the_article_does_not_answer_get_no_fact(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.matcher.match(question).fact_id is None


@pytest.mark.parametrize(
    "greeting", ["hi", "Hello!", "thanks!", "thank you so much", "who are you"]
)
def test_greetings_and_thanks_get_small_talk_not_a_fact(pipeline: Pipeline, greeting: str) -> None:
    decision = pipeline.matcher.match(greeting)
    assert decision.kind is DecisionKind.SMALLTALK
    assert decision.fact_id is None


def test_a_greeting_with_a_question_answers_the_question(pipeline: Pipeline) -> None:
    assert pipeline.matcher.match("hi! when is the summit?").fact_id == "summit_dates"


def test_list_questions_are_answered_from_the_list_both_ways(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("Are Iran and Japan attending?")
    assert decision.fact_id == "attendees"
    assert decision.list_members == ("iran",)
    assert decision.list_non_members == ("japan",)
    reply = pipeline.replies.reply(decision)
    assert "Iran is among the countries" in reply.answer
    assert "does not list Japan" in reply.answer
    assert "Iran, Kazakhstan, Qatar" in reply.source.quote


def test_naming_something_the_article_does_not_cover_says_so(pipeline: Pipeline) -> None:
    reply = pipeline.answer("When is the BRICS summit?")
    assert reply.fact_id is None
    assert "BRICS" in reply.answer


def test_close_candidates_become_suggestions(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("what's the purpose")  # of the SCO, or of the summit?
    assert decision.kind is DecisionKind.SUGGEST
    assert {"summit_aims", "sco_purpose"} <= set(decision.suggestions)
    people = pipeline.matcher.match("who is the president")  # of Russia, China or Turkey?
    assert people.kind is DecisionKind.SUGGEST
    assert set(people.suggestions) == {"person_putin", "person_xi", "person_erdogan"}


def test_the_same_question_always_gets_the_same_decision(pipeline: Pipeline) -> None:
    first = pipeline.matcher.match("who is attending")
    assert pipeline.matcher.match("who is attending") == first


def test_batch_and_single_matching_agree(pipeline: Pipeline) -> None:
    questions = [question for question, _ in ANSWERED] + NOT_ANSWERED
    batch = pipeline.matcher.match_many(questions)
    assert batch == [pipeline.matcher.match(question) for question in questions]


def test_confidence_is_between_zero_and_one(pipeline: Pipeline) -> None:
    for question in ["india", "", "   ", "x" * 5000, "🙂🙂🙂", "<b>hi</b>"]:
        decision = pipeline.matcher.match(question)
        assert 0.0 <= decision.confidence <= 1.0


def test_empty_and_punctuation_only_questions_are_not_matched(pipeline: Pipeline) -> None:
    for question in ["", "   ", "???", "🙂"]:
        decision = pipeline.matcher.match(question)
        assert decision.kind is DecisionKind.EMPTY
        assert decision.fact_id is None


def test_normalisation_folds_case_accents_mentions_and_contractions(pipeline: Pipeline) -> None:
    reader = pipeline.matcher.reader("en")
    assert reader.normalise("@SummitQABot Who’s ERDOĞAN?!") == "who erdogan"
    assert reader.normalise("Modi isn't going") == "modi is not going"
    assert reader.normalise("What do the letters S.C.O. stand for?") == (
        "what do the letters sco stand for"
    )
    assert strip_accents("António Guterres") == "Antonio Guterres"


def test_quotes_around_a_word_are_not_read_as_contractions(pipeline: Pipeline) -> None:
    reader = pipeline.matcher.reader("en")
    assert reader.normalise("what is the 'SCO'") == "what is the sco"
    assert reader.normalise("'deal' or not") == "deal or not"
    assert pipeline.matcher.match("When is the 'summit'?").fact_id == "summit_dates"


def test_real_words_are_not_corrected_into_knowledge_words(pipeline: Pipeline) -> None:
    reading = pipeline.matcher.read("did they discuss the grain deal")
    assert "grain" in reading.tokens
