"""Follow-ups in context: each message is read against the last question of its conversation."""

from __future__ import annotations

import pytest

from bot.conversation import FollowUp
from bot.matching import Rule
from bot.pipeline import Answer, Pipeline


def chat(pipeline: Pipeline, *messages: str) -> list[Answer]:
    """Ask `messages` in order in one conversation."""
    answers: list[Answer] = []
    conversation = None
    for message in messages:
        answer = pipeline.ask(message, conversation)
        conversation = answer.context
        answers.append(answer)
    return answers


def test_a_new_name_asks_the_last_question_about_it(pipeline: Pipeline) -> None:
    _, brazil, iran = chat(pipeline, "is pakistan coming?", "what about brazil?", "and iran?")
    assert brazil.follow_up is FollowUp.ENTITY
    assert brazil.reply.fact_id == "attendees"
    assert "does not list Brazil" in brazil.reply.answer
    assert iran.reply.fact_id == "attendees"
    assert "Iran" in iran.reply.answer and "not" not in iran.reply.answer


def test_a_new_name_after_a_choice_stands_for_the_whole_choice(pipeline: Pipeline) -> None:
    """After "modi or jaishankar, who's going?", "and the UN chief?" asks who goes for the UN,
    not "the UN chief or Jaishankar"."""
    _, guterres = chat(pipeline, "modi or jaishankar, who's actually going?", "and the un chief?")
    assert guterres.resolved is not None and "jaishankar" not in guterres.resolved.lower()
    assert guterres.reply.fact_id == "un_guterres"


def test_all_three_asks_of_everyone_the_last_question_named(pipeline: Pipeline) -> None:
    _, three = chat(
        pipeline, "are iran, pakistan and mongolia on the list?", "all three confirmed?"
    )
    assert three.reply.fact_id == "attendees"
    assert all(name in three.reply.answer for name in ("Iran", "Pakistan", "Mongolia"))
    _, both = chat(pipeline, "who is xi and who is erdogan?", "where are both of them from?")
    assert both.resolved == "where are Xi Jinping and Tayyip Erdogan from"


def test_a_pronoun_after_a_name_the_message_gives_first_stands_for_that_name(
    pipeline: Pipeline,
) -> None:
    """ "and modi? is he coming" after Putin's meetings asks about Modi, not Putin."""
    _, modi = chat(pipeline, "who is putin meeting?", "and modi? is he coming")
    assert modi.resolved == "is Narendra Modi coming"
    assert modi.reply.fact_id == "india"
    # a name the pronoun is not ("а с путиным он встретится?": "он" is the last person)
    _, putin = chat(pipeline, "кто такой эрдоган", "а с путиным он встретится?")
    assert putin.resolved is not None and "Эрдоган" in putin.resolved


def test_a_new_name_with_words_of_its_own_may_ask_by_itself(pipeline: Pipeline) -> None:
    """ "а гутерриш будет?" after "why isn't Modi going?" asks whether Guterres comes: the
    last question about Guterres is not answered, the message alone is."""
    _, _, guterres = chat(pipeline, "кто едет от индии", "а почему не моди", "а гутерриш будет?")
    assert guterres.reply.fact_id == "un_guterres"
    # a name with only grammar ("а от пакистана?") still asks the last question about it
    _, _, pakistan = chat(pipeline, "кто едет от индии", "почему не моди", "а от пакистана?")
    assert pakistan.reply.fact_id is None


def test_a_country_after_a_question_naming_the_host_city_asks_if_it_comes(
    pipeline: Pipeline,
) -> None:
    """Asked after "who is going to the summit in Astana?", "а армения?" asks whether Armenia
    goes, not whether the summit is in Armenia."""
    _, armenia = chat(pipeline, "кто едет на саммит шос в астане?", "а армения?")
    assert armenia.reply.fact_id == "attendees"
    assert "Армени" in armenia.reply.answer and "не место" not in armenia.reply.answer


def test_a_question_naming_the_summit_after_a_person_asks_about_the_summit(
    pipeline: Pipeline,
) -> None:
    """ "когда саммит" names the event: it is a question of its own, not "когда?" about Putin."""
    _, when = chat(pipeline, "кто такой путин", "когда саммит")
    assert when.reply.fact_id == "summit_dates"
    _, where = chat(pipeline, "путин уже прилетел?", "где будет саммит")
    assert where.reply.fact_id == "summit_venue"


def test_it_after_the_sco_is_the_sco_or_the_event_never_something_else(
    pipeline: Pipeline,
) -> None:
    _, founders = chat(pipeline, "what is the sco", "who set it up")
    assert founders.reply.fact_id == "sco_founding"
    # the UN's secretary general is not the SCO's
    _, head = chat(pipeline, "what is the sco", "who's its secretary general")
    assert head.reply.fact_id is None


@pytest.mark.parametrize(
    "messages",
    [
        ("when is the next sco summit", "where?", "will modi go to that one"),
        ("когда следующий саммит шос", "а где", "моди туда поедет?"),
    ],
)
def test_that_one_after_another_summit_is_that_summit(
    pipeline: Pipeline, messages: tuple[str, ...]
) -> None:
    """ "will" would read as this summit, but "that one", "туда" point at the one talked about."""
    *_, modi = chat(pipeline, *messages)
    assert modi.reply.fact_id is None


def test_how_people_type_and_pause_still_opens_a_follow_up(pipeline: Pipeline) -> None:
    _, iran, armenia = chat(
        pipeline, "is azerbaijan sending anyone?", "n iran?", "wat about armenia"
    )
    assert iran.reply.fact_id == armenia.reply.fact_id == "attendees"
    assert "Armenia" in armenia.reply.answer
    *_, earlier = chat(
        pipeline,
        "what will they talk about at the summit",
        "will they sign anything on ukraine",
        "hmm and that thing from before?",
    )
    assert earlier.follow_up is FollowUp.UNRESOLVED


def test_how_do_you_know_asks_for_the_last_answers_source(pipeline: Pipeline) -> None:
    _, how = chat(pipeline, "who's coming to astana", "how do u know")
    assert how.follow_up is FollowUp.SOURCE and how.reply.fact_id == "attendees"


def test_and_the_agenda_after_the_aims_asks_for_the_agenda(pipeline: Pipeline) -> None:
    _, agenda = chat(pipeline, "what's the summit's goal according to the kremlin", "n the agenda?")
    assert agenda.reply.fact_id == "agenda"


def test_a_follow_up_is_as_honest_as_the_full_question(pipeline: Pipeline) -> None:
    """The article lists Iran but names nobody for it: "and Iran?" after "who represents India?"
    asks who represents Iran, which the article does not say."""
    _, iran = chat(pipeline, "who represents india?", "and iran?")
    assert "iran" in iran.resolved.lower()
    assert iran.reply.fact_id is None


def test_a_pronoun_is_the_last_answers_person(pipeline: Pipeline) -> None:
    _, when = chat(pipeline, "is putin already in kazakhstan?", "when did he land?")
    assert when.follow_up is FollowUp.PRONOUN
    assert "putin" in when.resolved.lower()
    assert when.reply.fact_id == "putin_arrival"


def test_a_bare_question_word_asks_about_the_last_topic(pipeline: Pipeline) -> None:
    _, when = chat(pipeline, "who created the sco", "when?")
    assert when.follow_up is FollowUp.QUESTION_WORD
    assert when.reply.fact_id == "sco_founding"


def test_why_is_still_declined_when_the_article_gives_no_reason(pipeline: Pipeline) -> None:
    _, why = chat(pipeline, "is modi going to the summit?", "why?")
    assert why.follow_up is FollowUp.QUESTION_WORD
    assert why.reply.fact_id is None


def test_where_the_list_just_given_is_from_asks_its_source(pipeline: Pipeline) -> None:
    """ "where's that list from?" points at the answer just given: its source, not the venue."""
    _, source = chat(
        pipeline, "which countries are going to the astana summit?", "where's that list from"
    )
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.fact_id == "attendees"


@pytest.mark.parametrize(
    "ask_source",
    [
        "source?",
        "whose claim is that?",
        "says who?",
        "and who said that?",
    ],
)
def test_source_returns_the_last_answers_quote_and_attribution(
    pipeline: Pipeline, ask_source: str
) -> None:
    _, source = chat(pipeline, "is guterres coming?", ask_source)
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.fact_id == "un_guterres"
    assert source.reply.source is not None
    assert source.reply.source.attribution


def test_a_full_new_question_starts_a_new_topic(pipeline: Pipeline) -> None:
    _, dates = chat(pipeline, "who represents india?", "when is the summit held?")
    assert dates.follow_up is FollowUp.NEW
    assert dates.reply.fact_id == "summit_dates"


def test_a_follow_up_with_nothing_before_it_says_so_and_suggests(pipeline: Pipeline) -> None:
    answer = pipeline.ask("is he going?")
    assert answer.follow_up is FollowUp.UNRESOLVED
    assert answer.reply.fact_id is None
    assert "he" in answer.reply.answer
    assert answer.context is None


def test_russian_follow_ups(pipeline: Pipeline) -> None:
    _, iran, source = chat(pipeline, "пакистан будет на саммите?", "а иран?", "откуда это?")
    assert iran.follow_up is FollowUp.ENTITY
    assert iran.reply.fact_id == "attendees"
    assert iran.reply.language == "ru"
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.fact_id == "attendees"


def test_a_conversation_expires(pipeline: Pipeline) -> None:
    first = pipeline.ask("who represents india?")
    assert first.context is not None
    assert not first.context.expired(600, now=first.context.at + 599)
    assert first.context.expired(600, now=first.context.at + 601)


def test_small_talk_keeps_the_conversation_going(pipeline: Pipeline) -> None:
    _, thanks, iran = chat(pipeline, "is pakistan coming?", "thanks", "and iran?")
    assert thanks.reply.fact_id is None
    assert iran.reply.fact_id == "attendees"


# (file, follow-up turns right, must-decline declined, wrong answers): a little below today's
DEV_CONVERSATION_FLOORS = [
    ("conv_dev.yaml", 0.82, 0.80, 0.08),
    ("conv_dev2.yaml", 0.92, 0.95, 0.02),
    # (conv_dev3 labels "where was it last year?" with the virtual summit; blind writers since
    # say the article does not say where: the bot now says so)
    ("conv_dev3.yaml", 0.90, 0.85, 0.05),
    ("conv_dev4.yaml", 0.94, 0.92, 0.03),
    ("conv_dev5.yaml", 0.92, 0.90, 0.03),
    ("conv_dev6.yaml", 0.92, 0.95, 0.02),
    ("conv_dev7.yaml", 0.88, 0.95, 0.03),
    ("conv_dev8.yaml", 0.84, 0.88, 0.07),
    ("conv_dev9.yaml", 0.89, 0.95, 0.03),
    ("conv_dev10.yaml", 0.91, 0.93, 0.045),
    ("conv_dev11.yaml", 0.88, 0.92, 0.04),
    ("conv_dev12.yaml", 0.85, 0.90, 0.035),
    ("conv_dev13.yaml", 0.85, 0.94, 0.045),
    ("conv_dev14.yaml", 0.92, 0.95, 0.025),
    ("conv_dev15.yaml", 0.89, 0.93, 0.04),
    ("conv_dev16.yaml", 0.89, 0.87, 0.055),
    ("conv_dev17.yaml", 0.95, 0.96, 0.01),
    ("conv_dev18.yaml", 0.96, 0.98, 0.01),
    ("conv_dev19.yaml", 0.97, 0.98, 0.01),
    ("conv_dev20.yaml", 0.89, 0.90, 0.055),  # drifting follow-ups (at bf9d4d2: 89.3% right)
    ("conv_dev21.yaml", 0.95, 0.93, 0.04),  # written blind in session 12
    # written blind in session 13 (at b873931 and before reading: 96.2% right, 1.9% wrong)
    ("conv_dev22.yaml", 0.96, 0.98, 0.015),
    # written blind in session 14 (at 74dae6c and before reading: 88.3% in scope, 0.9% wrong)
    ("conv_dev23.yaml", 0.91, 0.98, 0.01),
    # written blind in session 15 (at 42dccce and before reading: 97.3% right, 2.7% wrong)
    ("conv_dev24.yaml", 0.97, 0.98, 0.02),
    # written blind in session 16 (before reading: conv_dev25 at 752ad1e 87.7% in scope, 3.6%
    # wrong; conv_dev26 at 3c3702f 92.9%, 0%; conv_dev27 at 99c578c 98.0%, 1.25%)
    ("conv_dev25.yaml", 0.93, 0.98, 0.03),
    ("conv_dev26.yaml", 0.95, 0.98, 0.01),
    ("conv_dev27.yaml", 0.96, 0.98, 0.02),
    # written blind in session 17 (at 5f042f4 and before reading: 90.6% in scope, 0% wrong)
    ("conv_dev28.yaml", 0.94, 0.98, 0.01),
    # written blind in session 18 (at 1329395 and before reading: 91.5% in scope, 1.4% wrong)
    ("conv_dev29.yaml", 0.94, 0.98, 0.01),
    # written blind in session 18 (at 1d94900 and before reading: 93.9% right, 2.3% wrong)
    ("conv_dev30.yaml", 0.92, 0.95, 0.02),
    # written blind in session 19 (conv_dev31 at 02adc42 and before reading: 88.9% in scope,
    # 0.9% wrong; conv_dev32 at 13208c4: 92.9%, 2.4%)
    ("conv_dev31.yaml", 0.93, 0.96, 0.015),
    ("conv_dev32.yaml", 0.95, 0.96, 0.03),
    # written blind in session 20 (at 3b44b1c and before reading: 89.2% in scope, 1.7% wrong)
    ("conv_dev33.yaml", 0.94, 0.93, 0.025),
    # held out: measured, never tuned on (conv_heldout2 at a session's start and end only)
    ("conv_heldout.yaml", 0.88, 0.95, 0.02),
    ("conv_heldout2.yaml", 0.82, 0.89, 0.065),
    ("conv_heldout3.yaml", 0.91, 0.94, 0.05),
    ("conv_heldout4.yaml", 0.96, 0.93, 0.02),
    ("conv_heldout5.yaml", 0.97, 0.95, 0.015),
    # sealed: written blind in session 12, measured at its start (8c2f689) and end only
    ("conv_heldout6.yaml", 0.93, 0.95, 0.035),
    # sealed: written blind in session 13, measured at its start (b873931) and end only
    ("conv_heldout7.yaml", 0.93, 0.98, 0.045),
    # sealed: written blind in session 14, measured at its start (cc4128f) and end only
    ("conv_heldout8.yaml", 0.92, 0.90, 0.045),
    # sealed: written blind in session 15, measured at its start (42dccce) and end only
    ("conv_heldout9.yaml", 0.96, 0.98, 0.01),
    # sealed: written blind in session 16, measured at its start (752ad1e) and end only
    ("conv_heldout10.yaml", 0.94, 0.96, 0.035),
    # sealed: written blind in session 17, measured at its start (5f042f4) and end only
    ("conv_heldout11.yaml", 0.90, 0.90, 0.045),
    # sealed: written blind in session 18, measured at its start (1329395) and end only
    ("conv_heldout12.yaml", 0.95, 0.95, 0.02),
    # sealed: written blind in session 19, measured at its start (02adc42) and end only
    ("conv_heldout13.yaml", 0.93, 0.96, 0.015),
    # sealed: written blind in session 20, measured at its start (3b44b1c) and end only
    ("conv_heldout14.yaml", 0.94, 0.93, 0.035),
]


@pytest.mark.parametrize(("name", "right", "declined", "wrong"), DEV_CONVERSATION_FLOORS)
def test_the_dev_conversations_stay_above_their_floor(
    pipeline: Pipeline, name: str, right: float, declined: float, wrong: float
) -> None:
    from bot.config import PROJECT_ROOT
    from bot.evaluation import LabelledConversation, evaluate_conversations, load_labelled

    conversations = load_labelled(PROJECT_ROOT / "tests" / "data" / name)
    assert all(isinstance(item, LabelledConversation) for item in conversations)

    def predict(turns: list[str]) -> list[tuple[str | None, str]]:
        return [(a.reply.fact_id, a.reply.language) for a in chat(pipeline, *turns)]

    report = evaluate_conversations(conversations, predict).follow_ups()  # type: ignore[arg-type]
    assert sum(o.correct for o in report.outcomes) / len(report.outcomes) >= right
    assert report.declined >= declined
    assert report.wrong_answer_rate <= wrong


def test_a_pronoun_that_cannot_mean_the_last_person_is_not_forced_onto_them(
    pipeline: Pipeline,
) -> None:
    _, her = chat(pipeline, "who is putin?", "and her?")
    assert her.follow_up is FollowUp.UNRESOLVED
    assert her.reply.fact_id is None
    assert "her" in her.reply.answer


def test_it_stands_for_the_organisation_the_last_question_named(pipeline: Pipeline) -> None:
    _, when, why = chat(
        pipeline, "what is the sco?", "when was it created?", "what is it meant to do?"
    )
    assert when.reply.fact_id == "sco_founding"
    assert why.follow_up is FollowUp.PRONOUN
    assert why.reply.fact_id == "sco_purpose"


def test_a_follow_up_with_its_own_question_word_and_a_new_name_is_a_new_question(
    pipeline: Pipeline,
) -> None:
    _, chinese_leader = chat(pipeline, "who represents india?", "and who is the chinese leader?")
    assert chinese_leader.follow_up is FollowUp.NEW
    assert chinese_leader.reply.fact_id == "person_xi"


def test_he_is_the_person_named_last(pipeline: Pipeline) -> None:
    _, who = chat(pipeline, "is putin meeting xi?", "who is he?")
    assert who.reply.fact_id == "person_xi"


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (
            ["Is Erdogan meeting Putin in Kazakhstan?", "and what's his job again?"],
            "person_erdogan",
        ),
        (["си цзиньпин встречается с путиным?", "а он кто по должности?"], "person_xi"),
        (["is putin in kazakhstan yet?", "what's his job?"], "person_putin"),
    ],
)
def test_he_is_not_the_one_the_headline_is_about_when_another_is_named_with_him(
    pipeline: Pipeline, turns: list[str], expected: str
) -> None:
    """The article's headline is about Putin: named with another man, "he" is the other one
    (the first answer was about Putin's job, a wrong answer); named alone, he is Putin."""
    *_, job = chat(pipeline, *turns)
    assert job.follow_up is FollowUp.PRONOUN
    assert job.reply.fact_id == expected


def test_a_pronoun_with_nobody_named_before_is_unresolved(pipeline: Pipeline) -> None:
    _, him = chat(pipeline, "when is the summit?", "what about him?")
    assert him.follow_up is FollowUp.UNRESOLVED


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # a name before the pronoun is whom it may stand for
        ("the un's top official, is he attending? whats his name", "un_guterres"),
        ("кто основал шос и сколько сейчас в ней стран", "sco_founding"),
        # the chatter around the question says who
        (
            "my gran saw it on tv. she wants to know which city the meeting of all these "
            "leaders is in. can you tell me so i can answer her?",
            "summit_venue",
        ),
    ],
)
def test_a_pronoun_in_a_first_message_may_stand_for_what_the_message_says_before_it(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.ask(message).reply.fact_id == fact_id


def test_a_pronoun_opening_a_first_message_is_unresolved(pipeline: Pipeline) -> None:
    assert pipeline.ask("is he going to kazakhstan?").follow_up is FollowUp.UNRESOLVED


def test_he_after_who_represents_india_is_the_one_who_does(pipeline: Pipeline) -> None:
    _, minister, job = chat(
        pipeline,
        "who's representing india at the sco summit?",
        "is he the pm?",
        "what's his actual job then",  # "actual" adds nothing no fact knows
    )
    assert "Jaishankar" in minister.resolved
    assert job.reply.fact_id == "india"


@pytest.mark.parametrize(
    ("turns", "resolved", "fact_id"),
    [
        (
            ("is turkey taking part in the sco meeting?", "and erdogan himself?"),
            "Tayyip Erdogan",
            "bilateral_meetings",
        ),
        (
            ("who will be india's rep at the sco summit", "so modi himself isnt coming?"),
            "modi",
            "india",
        ),
    ],
)
def test_a_reflexive_after_a_name_is_that_person(
    pipeline: Pipeline, turns: tuple[str, ...], resolved: str, fact_id: str
) -> None:
    *_, last = chat(pipeline, *turns)
    assert resolved in last.resolved and "Jaishankar" not in last.resolved
    assert last.reply.fact_id == fact_id


@pytest.mark.parametrize(
    ("first", "fragment", "reference"),
    [
        ("what will the summit focus on", "what about the other meeting?", "other meeting"),
        ("when is the sco summit", "and the other one?", "other one"),
        ("когда начинается саммит", "а другой?", "другой"),
        ("is iran attending the summit", "and what about the other thing", "other thing"),
    ],
)
def test_a_fragment_leaning_on_something_never_said_is_unresolved(
    pipeline: Pipeline, first: str, fragment: str, reference: str
) -> None:
    """An opener and a phrase that names nothing and asks nothing: answered only if it is a
    question on its own, else the bot says it can't tell what is meant, and suggests."""
    answer, unresolved = chat(pipeline, first, fragment)
    assert unresolved.follow_up is FollowUp.UNRESOLVED
    assert unresolved.reply.fact_id is None
    assert reference in unresolved.reply.answer
    assert unresolved.context == answer.context  # the conversation goes on from the last answer


def test_a_fragment_that_is_a_question_of_its_own_is_answered(pipeline: Pipeline) -> None:
    _, venue = chat(pipeline, "is india taking part", "and the venue?")
    assert venue.follow_up is FollowUp.NEW
    assert venue.reply.fact_id == "summit_venue"


def test_another_time_asks_the_last_question_about_that_time(pipeline: Pipeline) -> None:
    _, then = chat(pipeline, "what did the sco say about nato last year", "and in 2019?")
    assert then.follow_up is FollowUp.TIME
    assert "nato" in then.resolved and "last year" not in then.resolved
    assert then.reply.fact_id is None  # the article covers no other edition
    _, last_year = chat(pipeline, "what will the summit focus on", "and last year?")
    assert last_year.follow_up is FollowUp.TIME
    assert last_year.reply.fact_id == "last_year_summit"


@pytest.mark.parametrize(
    ("first", "they", "names"),
    [
        ("is putin meeting erdogan", "what are they gonna talk about", ["Putin", "Erdogan"]),
        ("путин встречается с эрдоганом?", "о чем они будут говорить?", ["Путин", "Эрдоган"]),
    ],
)
def test_they_are_the_persons_the_last_question_named_together(
    pipeline: Pipeline, first: str, they: str, names: list[str]
) -> None:
    """The article names the meeting, not what it is about: "they" must not fall back to the
    summit's agenda."""
    _, answer = chat(pipeline, first, they)
    assert answer.follow_up is FollowUp.PRONOUN
    assert all(name in answer.resolved for name in names)
    assert answer.reply.fact_id is None


def test_they_with_one_person_before_is_read_as_written(pipeline: Pipeline) -> None:
    _, they = chat(pipeline, "who is putin?", "what did they decide?")
    assert they.follow_up is not FollowUp.PRONOUN
    assert "they" in they.resolved.split()  # not "Putin" put in their place


def test_he_stays_the_person_talked_about(pipeline: Pipeline) -> None:
    """Once "he" stood for Jaishankar, naming Putin as the one he meets does not make Putin "he"."""
    *_, filling_in = chat(
        pipeline, "who is jaishankar", "is he meeting putin", "and which pm is he filling in for"
    )
    assert "Jaishankar" in filling_in.resolved
    assert filling_in.reply.fact_id == "india"


def test_an_opener_before_a_question_of_its_own_is_a_new_question(pipeline: Pipeline) -> None:
    _, confirmed = chat(
        pipeline, "who is standing in for modi", "and has the indian government confirmed it"
    )
    assert confirmed.follow_up is not FollowUp.ENTITY
    assert confirmed.reply.fact_id is None


def test_a_fragment_that_only_leads_back_to_the_last_answer_is_unresolved(
    pipeline: Pipeline,
) -> None:
    """ "the other organisation" alone reads as the SCO again: a follow-up asks something new."""
    _, other = chat(pipeline, "what is the sco", "and the other organisation?")
    assert other.follow_up is FollowUp.UNRESOLVED
    assert other.reply.fact_id is None


def test_an_opener_that_asks_is_not_swallowed_into_a_fragment(pipeline: Pipeline) -> None:
    """In "а что было в прошлом году?" only "а" opens; "что было" asks a question of its own."""
    _, last_year = chat(pipeline, "кто едет на саммит", "а что было в прошлом году?")
    assert last_year.follow_up is FollowUp.NEW
    assert last_year.reply.fact_id == "last_year_summit"


@pytest.mark.parametrize("ask_source", ["откуда инфа?", "wait, what's your source for that"])
def test_a_source_question_with_a_filler_word_asks_for_the_last_answers_source(
    pipeline: Pipeline, ask_source: str
) -> None:
    first = "моди не приедет?" if ask_source.startswith("откуда") else "modi's not coming??"
    _, source = chat(pipeline, first, ask_source)
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.fact_id == "india"


def test_they_are_the_persons_the_last_answer_named(pipeline: Pipeline) -> None:
    *_, they = chat(
        pipeline, "путин уже прилетел?", "а с кем он будет встречаться", "о чем они будут говорить"
    )
    assert they.follow_up is FollowUp.PRONOUN
    assert "Си" in they.resolved and "Эрдоган" in they.resolved
    assert they.reply.fact_id is None


def test_a_latin_follow_up_in_a_russian_chat_is_read_as_translit(pipeline: Pipeline) -> None:
    """English knows "a" and "pakistan" too, but in a Russian chat "a pakistan?" is "а пакистан?";
    "and iran?" is English all the same."""
    _, pakistan = chat(pipeline, "kto predstavlyaet indiyu v astane", "a pakistan?")
    assert pakistan.follow_up is FollowUp.ENTITY
    assert pakistan.reply.language == "ru"
    assert pakistan.reply.fact_id is None  # nobody is named for Pakistan
    _, iran = chat(pipeline, "kto predstavlyaet indiyu v astane", "and iran?")
    assert iran.reply.language == "en"


def test_they_may_be_the_organisation_talked_about_but_never_the_ambient_one(
    pipeline: Pipeline,
) -> None:
    _, statement = chat(
        pipeline,
        "is the kremlin saying anything about the summit",
        "does their statement mention ukraine",
    )
    assert statement.follow_up is FollowUp.PRONOUN
    assert "Kremlin" in statement.resolved
    assert statement.reply.fact_id is None  # only last year's statement is said to mention it
    _, agreed = chat(pipeline, "what is the sco", "what did they agree in the end")
    assert "they" in agreed.resolved.split()


@pytest.mark.parametrize(
    "turns",
    [
        ["what did the sco say at last years summit", "did it name nato", "who hosted it"],
        ["прошлый саммит был онлайн?", "а про нато там что-то было?", "а когда он был"],
    ],
)
def test_a_follow_up_that_refers_back_keeps_the_time_of_the_conversation(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """The article says nothing of who hosted last year's summit or when it was: "it" is last
    year's summit, not this one."""
    *before, referring_back = chat(pipeline, *turns)
    assert all(answer.reply.fact_id == "last_year_summit" for answer in before)
    assert referring_back.reply.fact_id is None


def test_this_years_wins_over_that_one(pipeline: Pipeline) -> None:
    """ "this year's" names a time of its own: "that one" no longer points at the next summit."""
    answers = chat(
        pipeline, "when is the next sco summit?", "where?", "ok and this year's, where is that one"
    )
    assert [answer.reply.fact_id for answer in answers] == [None, None, "summit_venue"]


@pytest.mark.parametrize(
    ("first", "this_year"),
    [
        ("прошлый саммит был онлайн?", "а в этом году где"),
        ("what did the sco say at last years summit", "and where is it this year?"),
    ],
)
def test_a_follow_up_naming_its_own_time_is_about_that_time(
    pipeline: Pipeline, first: str, this_year: str
) -> None:
    _, venue = chat(pipeline, first, this_year)
    assert venue.reply.fact_id == "summit_venue"


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (["when's the sco summit", "where?", "why there?"], None),
        (["когда саммит?", "где?", "а почему там?"], None),
        (["когда основали шос", "зачем?"], "sco_purpose"),
        # "он" is the summit itself (no person was talked about): why it is held at all
        (["когда саммит шос", "где?", "а зачем он вообще"], "summit_aims"),
        (["когда саммит?", "где?", "а зачем это?"], None),  # "это" is what was just said
    ],
)
def test_why_asks_the_reason_for_the_last_answer_not_for_anything(
    pipeline: Pipeline, turns: list[str], expected: str | None
) -> None:
    """The article gives no reason for the venue; why the SCO was founded answers only a "why?"
    about its founding (a fact the curator related to the last one)."""
    *_, why = chat(pipeline, *turns)
    assert why.follow_up is FollowUp.QUESTION_WORD
    assert why.reply.fact_id == expected


@pytest.mark.parametrize(
    "turns",
    [
        ["кто такой эрдоган", "путин с ним встречается?", "а он в астану уже прилетел?"],
        ["who is erdogan", "is putin meeting him?", "has he landed in astana yet?"],
    ],
)
def test_he_is_still_the_person_the_last_pronoun_stood_for(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """ "с ним" was Erdogan, so "он" is Erdogan too: the article says when Putin landed, not
    Erdogan, and the message read alone must not slip back to Putin."""
    _, meeting, landed = chat(pipeline, *turns)
    assert meeting.follow_up is FollowUp.PRONOUN
    assert meeting.reply.fact_id == "bilateral_meetings"
    assert landed.reply.fact_id is None


@pytest.mark.parametrize(
    "turns",
    [
        ["so putin landed in kazakhstan on wednesday?", "which city", "ok and is iran coming"],
        ["wait who's jaishankar", "and pakistan sending anyone?"],
        ["путин прилетел в казахстан?", "в какой город", "а иран приедет?"],
    ],
)
def test_a_fragment_saying_what_it_asks_is_not_forced_into_the_last_frame(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """A new name with words of its own ("coming", "sending") is a question of its own: not the
    city Putin landed in, nor who Pakistan is."""
    *_, coming = chat(pipeline, *turns)
    assert coming.follow_up is FollowUp.NEW
    assert coming.reply.fact_id == "attendees"


def test_a_new_name_with_the_last_questions_own_words_still_leans_on_it(
    pipeline: Pipeline,
) -> None:
    _, china = chat(pipeline, "what is russia's role", "and china's role?")
    assert china.follow_up is FollowUp.ENTITY
    assert china.reply.fact_id == "russia_china_roles"


def test_this_may_be_the_event_itself(pipeline: Pipeline) -> None:
    _, year = chat(pipeline, "whats the kremlin saying the goal is", "what year is this btw")
    assert year.reply.fact_id == "summit_dates"


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (
            ["what's the summit actually meant to achieve", "is this from the kremlin?"],
            "summit_aims",
        ),
        (["guterres tozhe priedet?", "otkuda info?", "eto kreml skazal?"], "un_guterres"),
        (["гутеррес приедет?", "это кремль сказал?"], "un_guterres"),
        (["is guterres coming?", "says who?", "is it from the kremlin?"], "un_guterres"),
    ],
)
def test_asking_if_the_last_answer_comes_from_someone_the_article_cites_gives_its_source(
    pipeline: Pipeline, turns: list[str], fact_id: str
) -> None:
    """The reply is the last answer's quote and attribution, whoever was named: the reader sees
    who said it; and a source follow-up after another keeps the same fact."""
    *_, source = chat(pipeline, *turns)
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.fact_id == fact_id


def test_a_yes_no_about_a_country_is_no_source_check(pipeline: Pipeline) -> None:
    """The article quotes Russian agencies, yet "is it Russia?" asks who hosts, not who said so."""
    _, russia = chat(pipeline, "who is hosting", "is it russia?")
    assert russia.follow_up is not FollowUp.SOURCE


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (["is guterres coming to the sco summit", "who else?"], "attendees"),
        (["гутеррес приедет на саммит?", "а кто еще?"], "attendees"),
        (["is putin meeting xi in astana", "who else?"], "bilateral_meetings"),
        # "when?" asked about Xi too, not for everyone the answer names
        (["is putin going to meet xi jinping?", "when?", "who else?"], "bilateral_meetings"),
    ],
)
def test_who_else_asks_beyond_the_last_person(
    pipeline: Pipeline, turns: list[str], fact_id: str
) -> None:
    """Guterres is on the attendees list: "who else?" after him asks for it; after Putin's
    meeting with Xi, the meetings list is the answer already."""
    *_, others = chat(pipeline, *turns)
    assert others.follow_up is FollowUp.QUESTION_WORD
    assert others.reply.fact_id == fact_id


@pytest.mark.parametrize(
    ("first", "him"),
    [("who's putin meeting before the summit", "and him?"), ("с кем встречается путин?", "а он?")],
)
def test_a_bare_pronoun_after_an_answer_naming_several_men_cannot_tell_who(
    pipeline: Pipeline, first: str, him: str
) -> None:
    """The answer names Xi and Erdogan; "him" is not Putin again (the question just asked), and
    which of the two is meant nobody can tell: say so rather than repeat the answer."""
    answer, unresolved = chat(pipeline, first, him)
    assert answer.reply.fact_id == "bilateral_meetings"
    assert unresolved.follow_up is FollowUp.UNRESOLVED
    assert unresolved.reply.fact_id is None


def test_a_bare_pronoun_is_the_one_other_man_the_answer_names(pipeline: Pipeline) -> None:
    _, him = chat(pipeline, "is putin meeting xi?", "and him?")
    assert him.follow_up is FollowUp.PRONOUN
    assert "Erdogan" in him.resolved


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("is iran even going to this sco thing", "what abt saudi"),
        ("пакистан будет на саммите?", "а чё насчёт ирана?"),
        ("пакистан будет на саммите?", "а что по ирану?"),
    ],
)
def test_an_opener_typed_the_short_way_still_opens(
    pipeline: Pipeline, first: str, follow_up: str
) -> None:
    """ "abt" for "about", "чё" for "что", "по" for "насчёт": the last question about the new name,
    not a question of its own that names a country and nothing else."""
    _, answer = chat(pipeline, first, follow_up)
    assert answer.follow_up is FollowUp.ENTITY
    assert answer.reply.fact_id == "attendees"


@pytest.mark.parametrize(
    "turns",
    [
        ("who is coming this year?", "and last year?", "ok what about this year"),
        ("who is coming this year?", "and last year?", "thanks, and this year?"),
        ("кто приедет на саммит в этом году?", "а в прошлом?", "ок, а в этом году?"),
    ],
)
def test_an_interjection_before_an_opener_still_opens(
    pipeline: Pipeline, turns: tuple[str, str, str]
) -> None:
    """ "ok what about this year?" after last year's guests asks who comes this year."""
    *_, answer = chat(pipeline, *turns)
    assert answer.reply.fact_id == "attendees"


@pytest.mark.parametrize(
    ("first", "they", "name"),
    [
        ("is iran attending the astana summit", "who's representing them", "Iran"),
        ("иран участвует в саммите?", "а кто их представляет?", "Иран"),
    ],
)
def test_they_may_be_the_country_the_last_question_named(
    pipeline: Pipeline, first: str, they: str, name: str
) -> None:
    """ "them" is Iran, for whom the article names nobody: not a question of its own that India's
    representative answers."""
    _, answer = chat(pipeline, first, they)
    assert answer.follow_up is FollowUp.PRONOUN
    assert name in answer.resolved
    assert answer.reply.fact_id is None


@pytest.mark.parametrize(
    ("turns", "fact_ids"),
    [
        (
            ["when's the next sco summit after this one", "ok, when is this one", "and where?"],
            [None, "summit_dates", "summit_venue"],
        ),
        (
            ["когда следующий саммит шос?", "а этот когда?", "а где?"],
            [None, "summit_dates", "summit_venue"],
        ),
        (["did last year's statement name nato?", "and this year's focus?"], [None, "agenda"]),
        # the next summit's cue is read through "sco": "this year's" takes its place
        (["when is the next sco summit?", "and this year's?"], [None, "summit_dates"]),
        (
            ["прошлогоднее заявление упоминало нато?", "а в этом году о чем будут говорить?"],
            [None, "agenda"],
        ),
    ],
)
def test_a_follow_up_naming_this_summit_drops_the_time_talked_about(
    pipeline: Pipeline, turns: list[str], fact_ids: list[str | None]
) -> None:
    """After the next summit or last year's, "this one", "этот", "this year's focus" are about
    this summit, and so is what follows them."""
    answers = chat(pipeline, *turns)
    assert [answer.reply.fact_id for answer in answers[1:]] == fact_ids[1:]
    assert answers[1].context is not None and answers[1].context.scope is None


@pytest.mark.parametrize(
    ("first", "this_year"),
    [
        ("what did the sco say about nato last year", "and this year?"),
        ("прошлый саммит был онлайн?", "а в этом году?"),
    ],
)
def test_this_year_alone_asks_the_last_question_about_this_summit(
    pipeline: Pipeline, first: str, this_year: str
) -> None:
    """The article says what last year's statement said, not this year's: no answer, rather than
    last year's statement again."""
    _, answer = chat(pipeline, first, this_year)
    assert answer.follow_up is FollowUp.TIME
    assert answer.reply.fact_id is None


@pytest.mark.parametrize(
    "turns",
    [
        ["привет, саммит шос в алматы?", "а даты?", "какой год"],
        ["is the summit in almaty?", "and the dates?", "what year?"],
    ],
)
def test_a_bare_question_after_a_wrong_guess_asks_about_the_event(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """ "No: Astana" rules Almaty out, and "what year?" is about the summit, not the SCO (whose
    founding year is in the article too)."""
    venue, *dates = chat(pipeline, *turns)
    assert venue.reply.fact_id == "summit_venue"
    assert [answer.reply.fact_id for answer in dates] == ["summit_dates", "summit_dates"]


@pytest.mark.parametrize(
    "turns",
    [
        ["is the un secretary general attending", "who else?", "where?"],
        ["генсек оон приедет на саммит?", "а кто еще?", "где?"],
    ],
)
def test_who_else_and_where_after_someone_attending(pipeline: Pipeline, turns: list[str]) -> None:
    """ "the un secretary general" is Guterres though reading takes it for the UN: "who else?" is
    who else attends, and "where?" then where the summit is."""
    answers = chat(pipeline, *turns)
    assert [answer.reply.fact_id for answer in answers] == [
        "un_guterres",
        "attendees",
        "summit_venue",
    ]


def test_a_bare_question_word_alone_is_answered_only_about_the_event(pipeline: Pipeline) -> None:
    """ "who?" after "what is the SCO?" names nobody; read alone it would pick any fact that
    answers "who" (the article's sources): better to say it is unclear."""
    _, who = chat(pipeline, "what is the sco", "who?")
    assert who.reply.fact_id is None


@pytest.mark.parametrize(
    "turns",
    [
        ["who is antonio guterres in this story", "is he actually gonna be there"],
        ["кто такой гутерриш", "а он правда будет там?"],
    ],
)
def test_a_pronoun_in_a_question_of_its_own_shape_is_asked_about(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """ "gonna be there" is all chat to the matcher, yet "is he ... there?" asks something of its
    own about him: not a bare "and him?" that would look for another man in the answer."""
    _, there = chat(pipeline, *turns)
    assert there.follow_up is FollowUp.PRONOUN
    assert there.reply.fact_id == "un_guterres"


@pytest.mark.parametrize(
    ("first", "earlier"),
    [
        ("who is putin scheduled to meet before the summit begins?", "and that one from before?"),
        ("whats on the agenda in astana", "and that thing from before?"),
        ("что обсудят на саммите", "а та штука прежде?"),
    ],
)
def test_a_fragment_pointing_before_the_last_question_is_unresolved(
    pipeline: Pipeline, first: str, earlier: str
) -> None:
    """Only the last question is kept: "that one from before" can't be placed, and read on its
    own ("from") it would get the article's sources."""
    _, unresolved = chat(pipeline, first, earlier)
    assert unresolved.follow_up is FollowUp.UNRESOLVED
    assert unresolved.reply.fact_id is None


@pytest.mark.parametrize(
    ("turns", "name"),
    [
        (["is iraq sending anyone to the sco summit?", "no wait, I meant Iran"], "Iran"),
        (["кто приедет на саммит?", "а ирак будет? ой нет, я имел в виду иран"], "Иран"),
        (["а нато в прошлый раз упоминали?", "а ирак будет? ой нет, я имел в виду иран"], "Иран"),
        (["is pakistan coming? sorry i meant iran"], "Iran"),
    ],
)
def test_a_name_taken_back_is_replaced_in_the_question_it_corrects(
    pipeline: Pipeline, turns: list[str], name: str
) -> None:
    """The question typed before the correction, else the last one, about the new name."""
    *_, corrected = chat(pipeline, *turns)
    assert name in corrected.resolved
    assert corrected.reply.fact_id == "attendees"
    assert name in corrected.reply.answer


def test_the_conversation_goes_on_from_a_corrected_question(pipeline: Pipeline) -> None:
    *_, belarus = chat(
        pipeline,
        "is iraq sending anyone to the sco summit?",
        "no wait, I meant Iran",
        "ok and belarus",
    )
    assert belarus.follow_up is FollowUp.ENTITY
    assert belarus.reply.fact_id == "attendees"
    assert "Belarus" in belarus.reply.answer


def test_a_correction_cue_before_a_question_of_its_own_is_no_correction(
    pipeline: Pipeline,
) -> None:
    _, modi = chat(pipeline, "is iran coming", "I mean, is Modi going?")
    assert "Modi" in modi.resolved and "Iran" not in modi.resolved
    assert modi.reply.fact_id == "india"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # a passive "meant" takes nothing back
        ("Kremlin said this summit is meant to achieve what exactly?", "summit_aims"),
        ("What was the SCO originally meant to do when China and Russia set it up?", "sco_purpose"),
        # after a question naming nothing new, "I mean" puts it another way
        (
            "The article keeps mentioning Vladimir Putin landing in Kazakhstan. Who is he "
            "exactly, I mean what is his job",
            "person_putin",
        ),
    ],
)
def test_words_that_only_look_like_a_correction_leave_the_question_whole(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    asked = pipeline.ask(message)
    assert asked.resolved == message
    assert asked.reply.fact_id == fact_id


@pytest.mark.parametrize(
    "turns",
    [
        [
            "Is Modi attending the SCO summit in Astana this year?",
            "what about the foreign minister",
        ],
        ["моди поедет на саммит?", "а министр иностранных дел?"],
    ],
)
def test_a_role_is_the_one_the_last_answer_names_so(pipeline: Pipeline, turns: list[str]) -> None:
    """ "the foreign minister" names nobody, but the answer about Modi names Jaishankar, whose
    names say so: the last question about him, not an unresolved fragment."""
    _, minister = chat(pipeline, *turns)
    assert minister.follow_up is FollowUp.ENTITY
    assert "Jaishankar" in minister.resolved or "Джайшанкар" in minister.resolved
    assert minister.reply.fact_id == "india"


def test_after_asking_who_stands_in_he_is_the_one_answered(pipeline: Pipeline) -> None:
    *_, instead = chat(pipeline, "моди поедет в астану на шос?", "а кто вместо него?")
    assert instead.context is not None and instead.context.person == "jaishankar"
    *_, who = chat(pipeline, "who is jaishankar")
    assert who.context is not None and who.context.person == "jaishankar"


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (["Is the UN chief attending the Astana summit?", "who else?", "modi too?"], "india"),
        (["кто приедет на саммит в астане?", "а кто ещё?", "а туркмения?"], "attendees"),
        (["kogda sammit shos v astane?", "a god?"], "summit_dates"),
        (["когда саммит шос?", "а год?"], "summit_dates"),
    ],
)
def test_a_name_or_a_word_after_a_list_or_a_date_asks_that_again(
    pipeline: Pipeline, turns: list[str], fact_id: str
) -> None:
    """ "modi too?" after "who else?" asks whether he comes (he is no country of the list);
    "а год?" after the dates asks that answer again, which gives the year."""
    *_, last = chat(pipeline, *turns)
    assert last.reply.fact_id == fact_id


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (
            ["did the sco statement last year mention nato?", "was that summit held in person?"],
            "last_year_summit",
        ),
        (["что сказали в прошлом году про нато?", "тот саммит очно проходил?"], "last_year_summit"),
        (["when was the organisation founded?", "what's it meant to do?"], "sco_purpose"),
        (["kogda sammit", "a gde?", "a v proshlom godu ono bylo ochno?"], "last_year_summit"),
    ],
)
def test_that_summit_and_it_keep_what_the_conversation_was_about(
    pipeline: Pipeline, turns: list[str], fact_id: str
) -> None:
    """ "that summit" is last year's; "it" is the organisation whose founding was answered; "где
    был в прошлом году?" asks where the summit talked about was, at that time."""
    *_, last = chat(pipeline, *turns)
    assert last.reply.fact_id == fact_id


def test_a_source_question_naming_another_answer_asks_its_source(pipeline: Pipeline) -> None:
    *_, guterres = chat(
        pipeline,
        "какие цели у саммита, что кремль говорит?",
        "откуда это?",
        "а про гутерриша кто сообщил?",
    )
    assert guterres.follow_up is FollowUp.SOURCE
    assert guterres.reply.fact_id == "un_guterres"
    assert guterres.reply.source is not None


@pytest.mark.parametrize(
    "turns",
    [
        ["кто такой эрдоган?", "а путин с ним встречается?", "а жена его тоже приедет?"],
        ["is erdogan meeting putin?", "is his wife coming too?"],
    ],
)
def test_something_of_a_persons_the_article_never_mentions_is_declined(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """His wife is no one the article mentions: not the meeting just answered."""
    *_, wife = chat(pipeline, *turns)
    assert wife.reply.fact_id is None


@pytest.mark.parametrize(
    "turns",
    [
        ["o chem sammit shos", "i chto"],
        ["о чём саммит шос?", "ну и что?"],
        ["what is on the agenda?", "so what?"],
    ],
)
def test_chat_that_only_prods_for_more_answers_nothing(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """ "и что?" asks nothing: not the agenda again."""
    *_, shrug = chat(pipeline, *turns)
    assert shrug.follow_up is FollowUp.UNRESOLVED
    assert shrug.reply.fact_id is None


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (["what's the sco anyway", "since when?", "why?"], "sco_purpose"),
        (["is the sco a military alliance", "founded by who?"], "sco_founding"),
    ],
)
def test_a_question_word_naming_a_time_is_no_time_talked_about(
    pipeline: Pipeline, turns: list[str], fact_id: str
) -> None:
    """ "since when?" asks a time: "why?" after it asks why the SCO exists, not when it was
    founded; "founded by who?" names its own time and may be asked on its own."""
    *_, last = chat(pipeline, *turns)
    assert last.reply.fact_id == fact_id


@pytest.mark.parametrize(
    "turns",
    [
        ["gde prohodit sammit shos", "kto tam budet ot oon", "a pochemu on edet"],
        ["who will the UN send?", "why is he going?"],
    ],
)
def test_why_a_person_goes_is_no_reason_for_the_summit(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """The article gives no reason for Guterres' trip: not the summit's aims."""
    *_, why = chat(pipeline, *turns)
    assert why.reply.fact_id is None


@pytest.mark.parametrize(
    "turns",
    [
        ["кто такой путин?", "почему он едет в астану?"],
        ["when did putin arrive", "what for?"],
    ],
)
def test_why_putin_came_is_what_his_arrival_says_he_came_for(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """He landed in Kazakhstan for the SCO summit: that is the reason the article gives."""
    *_, why = chat(pipeline, *turns)
    assert why.reply.fact_id == "putin_arrival"


@pytest.mark.parametrize(
    "turns",
    [
        ["who's putin meeting", "who else"],
        ["who is putin meeting?", "when?", "who else?"],
        ["Какие двусторонние встречи запланированы у Путина?", "Кто ещё?"],
    ],
)
def test_who_else_after_the_whole_list_says_the_article_names_no_others(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """The answer named Xi and Erdogan: "who else?" is not the same list again."""
    *_, others = chat(pipeline, *turns)
    assert others.reply.fact_id is None


def test_who_else_after_someone_described_asks_beyond_them(pipeline: Pipeline) -> None:
    """ "the man from the United Nations" leaves the topic with the UN: who else is coming."""
    _, others, when = chat(
        pipeline,
        "Is the man from the United Nations coming to this summit as well?",
        "Who else?",
        "When?",
    )
    assert others.reply.fact_id == "attendees"
    assert when.reply.fact_id == "summit_dates"


def test_a_name_after_a_list_asked_besides_others_asks_if_it_is_on_the_list(
    pipeline: Pipeline,
) -> None:
    """ "besides Armenia" is no question: "Armenia?" asks whether it is on the list; "and the
    UN?" gets what the curator related to the list about the UN."""
    _, un, armenia, afghanistan = chat(
        pipeline,
        "For the briefing: which delegations are expected in Astana apart from Russia and China?",
        "And the UN?",
        "What about Armenia?",
        "Afghanistan?",
    )
    assert un.reply.fact_id == "un_guterres"
    assert armenia.reply.fact_id == afghanistan.reply.fact_id == "attendees"
    assert "Armenia" in armenia.reply.answer and "not" in armenia.reply.answer


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (["is putin meeting erdogan", "k and xi"], "bilateral_meetings"),
        (["is modi flying to astana", "what about pakistan, are they attending"], "attendees"),
        (["а кто едет от индии?", "and erdogan, путин с ним встречается?"], "bilateral_meetings"),
    ],
)
def test_a_name_put_before_its_pronoun_is_what_the_pronoun_stands_for(
    pipeline: Pipeline, turns: list[str], fact_id: str
) -> None:
    """ "what about pakistan, are they attending": "they" is Pakistan, not Modi's people; the
    opener may be of another language than the clause ("and erdogan, путин с ним...")."""
    *_, last = chat(pipeline, *turns)
    assert last.reply.fact_id == fact_id


def test_a_bare_source_question_in_another_language_is_about_the_last_answer(
    pipeline: Pipeline,
) -> None:
    _, source = chat(pipeline, "кто представляет индию?", "source?")
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.fact_id == "india"


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (
            ["правда что россия и китай будут главными на саммите?", "кто так говорит?"],
            "russia_china_roles",
        ),
        (["who is putin meeting", "says who?"], "bilateral_meetings"),
        (
            ["правда что россия и китай будут главными?", "а цели саммита откуда взяли?"],
            "summit_aims",
        ),
    ],
)
def test_asking_who_says_so_or_where_an_answer_came_from_gives_its_source(
    pipeline: Pipeline, turns: list[str], fact_id: str
) -> None:
    """ "кто так говорит?" is no question about who speaks (the article's sources); "а цели
    саммита откуда взяли?" asks the source of the aims, named by its words."""
    *_, source = chat(pipeline, *turns)
    assert source.follow_up is FollowUp.SOURCE
    assert source.reply.fact_id == fact_id


def test_a_source_for_that_after_a_decline_points_at_nothing(pipeline: Pipeline) -> None:
    first, source = chat(pipeline, "who will host the summit in 2040?", "Source for that, please?")
    assert first.reply.fact_id is None
    assert source.follow_up is FollowUp.UNRESOLVED
    assert source.reply.fact_id is None


def test_a_bare_question_word_is_answered_by_the_last_topic_not_a_neighbour(
    pipeline: Pipeline,
) -> None:
    """When Putin meets them is "ahead of the summit", as for "when will Putin meet Xi?": not
    when Putin arrived."""
    _, when = chat(pipeline, "who's putin meeting", "when")
    assert when.follow_up is FollowUp.QUESTION_WORD
    assert when.reply.fact_id == "bilateral_meetings"


@pytest.mark.parametrize(
    "turns",
    [
        ["is guterres coming?", "link?"],
        ["гутерриш приедет?", "ссылка?"],
        ["гутерриш приедет?", "link?"],  # typed in the other language
        ["is guterres coming?", "ссылку можно?"],
    ],
)
def test_a_link_asked_for_after_an_answer_is_that_answers_source(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """'link?' alone reads as a question about the article's sources; after an answer it asks
    for the one behind that answer."""
    *_, link = chat(pipeline, *turns)
    assert link.follow_up is FollowUp.SOURCE
    assert link.reply.fact_id == "un_guterres"


def test_a_link_asked_for_with_no_answer_before_gets_the_articles_source_not_a_link(
    pipeline: Pipeline,
) -> None:
    # the article gives no link: the bot says so, and what it does give is where it comes from
    reply = pipeline.ask("link?").reply
    assert reply.fact_id is None
    assert reply.suggestions[0][0] == "article_sources"
    assert "one news article" in reply.answer


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (["did modi go to kazakhstan", "who did they send then", "what's his name again"], "india"),
        (["who represents india", "what's his name again?"], "india"),
        # the last answer gives no place: asking where he is stays unanswered
        (["who represents india", "where is he?"], None),
    ],
)
def test_asking_only_what_the_last_answer_says_of_him_is_answered_by_it(
    pipeline: Pipeline, turns: list[str], expected: str | None
) -> None:
    """Made whole, 'what's his name again?' asks nothing any fact is asked with ("what is
    Jaishankar's name"); the answer that named him holds it (it was declined)."""
    *_, name = chat(pipeline, *turns)
    assert name.follow_up in (FollowUp.PRONOUN, FollowUp.NEW)
    assert name.reply.fact_id == expected


def test_why_after_who_counts_most_asks_a_reason_the_article_does_not_give(
    pipeline: Pipeline,
) -> None:
    _, why = chat(pipeline, "are russia and china gonna run the show at the summit?", "why?")
    assert why.reply.fact_id is None


@pytest.mark.parametrize(
    "turns",
    [
        ["is modi going to the summit?", "why tho", "who's going instead?"],
        ["моди поедет на саммит?", "а кто вместо?"],
    ],
)
def test_who_comes_instead_is_asked_about_the_last_person(
    pipeline: Pipeline, turns: list[str]
) -> None:
    # not who attends at all: who takes Modi's place
    *_, instead = chat(pipeline, *turns)
    assert instead.reply.fact_id == "india"


def test_which_city_after_an_answer_that_names_only_a_country_is_not_that_answer(
    pipeline: Pipeline,
) -> None:
    # Putin "landed in Kazakhstan": the answer gives no city, so it cannot say which
    *_, city = chat(pipeline, "so putin landed in kazakhstan on wednesday?", "which city")
    assert city.reply.fact_id != "putin_arrival"


def test_he_after_who_is_the_one_the_answer_names_that_fits_the_question(
    pipeline: Pipeline,
) -> None:
    """ "Who's the Turkish guy Putin is meeting?" is answered with Xi and Erdogan: "he" next
    is the Turkish one, not Putin, whom the question named."""
    *_, job = chat(pipeline, "who's the turkish guy putin is meeting?", "is he president or pm")
    assert job.reply.fact_id == "person_erdogan"


@pytest.mark.parametrize(
    ("first", "check"),
    [
        ("is modi skipping the summit?", "is that true?"),
        ("when did putin land?", "wait, is that right?"),
        ("с кем встречается путин?", "это точно?"),
        ("is modi going?", "you sure? i thought he was"),  # a doubt, and what they thought
        ("when is the summit?", "you sure it's not 2025?"),
    ],
)
def test_asking_whether_the_last_answer_holds_gets_it_again_with_its_quote(
    pipeline: Pipeline, first: str, check: str
) -> None:
    answer, checked = chat(pipeline, first, check)
    assert checked.follow_up is FollowUp.SOURCE
    assert checked.reply.fact_id == answer.reply.fact_id is not None


def test_a_doubt_that_asks_something_new_is_a_new_question(pipeline: Pipeline) -> None:
    *_, doubted = chat(pipeline, "is xi coming?", "are you sure? when does it start?")
    assert doubted.reply.fact_id == "summit_dates"


@pytest.mark.parametrize(
    ("first", "asked", "fact_id"),
    [
        (
            "who will talk to putin one-on-one",
            "what's the source for all of this",
            "article_sources",
        ),
        ("какую роль сыграют россия и китай", "откуда вообще все эти данные", "article_sources"),
        ("what's the summit trying to achieve", "according to who?", "summit_aims"),  # the last
    ],
)
def test_a_source_asked_of_everything_is_the_articles_not_the_last_answers(
    pipeline: Pipeline, first: str, asked: str, fact_id: str
) -> None:
    *_, source = chat(pipeline, first, asked)
    assert source.reply.fact_id == fact_id


@pytest.mark.parametrize(
    ("first", "how"),
    [("what is the summit supposed to achieve", "how?"), ("когда прилетел путин", "как?")],
)
def test_how_after_an_answer_is_not_that_answer_again(
    pipeline: Pipeline, first: str, how: str
) -> None:
    """The article never says how: the last answer repeated would claim it does."""
    answered, asked_how = chat(pipeline, first, how)
    assert answered.reply.fact_id is not None
    assert asked_how.reply.fact_id is None


def test_a_new_name_after_a_meeting_takes_the_place_of_whom_putin_meets(
    pipeline: Pipeline,
) -> None:
    """Every meeting the article names is Putin's: "and Erdogan?" keeps him."""
    *_, erdogan = chat(pipeline, "is putin meeting xi?", "and erdogan?")
    assert erdogan.reply.fact_id == "bilateral_meetings"


def test_the_next_summit_stays_the_topic_though_will_speaks_of_the_future(
    pipeline: Pipeline,
) -> None:
    """ "будет" is this summit's cue only when no other time is named."""
    *_, next_one, where = chat(pipeline, "когда саммит?", "а следующий когда будет", "а где?")
    assert next_one.reply.fact_id is None
    assert where.reply.fact_id is None


def test_a_correction_asking_about_him_asks_about_whoever_was_talked_about(
    pipeline: Pipeline,
) -> None:
    *_, corrected = chat(pipeline, "who is putin", "no i mean when did he get to kazakhstan")
    assert corrected.follow_up is FollowUp.PRONOUN
    assert corrected.reply.fact_id == "putin_arrival"


@pytest.mark.parametrize(
    ("first", "correction", "fact_id"),
    [
        (
            "who founded the sco",
            "no i meant the summit, which country is hosting it",
            "summit_venue",
        ),
        ("моди едет?", "нет я имел в виду иран, кто от ирана", None),  # no one for Iran is named
    ],
)
def test_a_correction_with_a_question_of_its_own_asks_that_question(
    pipeline: Pipeline, first: str, correction: str, fact_id: str | None
) -> None:
    *_, corrected = chat(pipeline, first, correction)
    assert corrected.follow_up is FollowUp.NEW
    assert corrected.reply.fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "correction"),
    [
        ("when does the summit take place?", "sorry, i meant last year's"),
        ("когда саммит шос?", "ой, я про прошлогодний"),
    ],
)
def test_a_time_taken_back_asks_the_last_question_about_that_time(
    pipeline: Pipeline, question: str, correction: str
) -> None:
    """The article gives this summit's dates, not last year's: not answered with last year."""
    _, corrected = chat(pipeline, question, correction)
    assert corrected.follow_up is FollowUp.TIME
    assert corrected.reply.fact_id is None


@pytest.mark.parametrize(
    ("person", "follow_up", "country"),
    [
        ("who is erdogan?", "is his country sending anyone to the summit?", "Turkey"),
        ("кто такой эрдоган", "а его страна на саммите участвует?", "Турция"),
    ],
)
def test_his_country_is_the_country_the_last_person_leads(
    pipeline: Pipeline, person: str, follow_up: str, country: str
) -> None:
    _, answer = chat(pipeline, person, follow_up)
    assert answer.reply.fact_id == "attendees"
    assert country in answer.resolved and country in answer.reply.answer


def test_a_follow_up_naming_what_it_asks_may_be_about_the_event(pipeline: Pipeline) -> None:
    _, agenda = chat(pipeline, "Is Putin already in Kazakhstan?", "whats on the agenda")
    assert agenda.reply.fact_id == "agenda"


@pytest.mark.parametrize(
    "messages",
    [
        ("where does all this info come from", "and the bit about guterres?"),
        ("otkuda info pro sammit?", "a pro guterresha?"),
    ],
)
def test_a_name_after_a_source_question_asks_where_its_answer_comes_from(
    pipeline: Pipeline, messages: tuple[str, str]
) -> None:
    _, about = chat(pipeline, *messages)
    assert about.follow_up is FollowUp.SOURCE
    assert about.reply.fact_id == "un_guterres"
    assert about.reply.source is not None
    assert about.reply.source.attribution  # "according to Russian agencies"


def test_is_it_the_kremlin_after_a_source_question_is_not_the_kremlins_fact(
    pipeline: Pipeline,
) -> None:
    _, kremlin = chat(
        pipeline, "where does all this info come from", "so is it the kremlin website or what?"
    )
    assert kremlin.reply.fact_id == "article_sources"


def test_when_after_who_started_the_sco_by_its_full_name_asks_when_it_was_started(
    pipeline: Pipeline,
) -> None:
    _, when, why = chat(
        pipeline, "who started the shanghai cooperation organisation", "when", "why"
    )
    assert when.reply.fact_id == "sco_founding"
    assert why.reply.fact_id == "sco_purpose"


@pytest.mark.parametrize("who_says_he_is", ["who says he's coming?", "and who says hes coming"])
def test_who_says_he_is_coming_after_a_decline_names_the_last_person(
    pipeline: Pipeline, who_says_he_is: str
) -> None:
    _, who_says = chat(pipeline, "what's guterres doing in kazakhstan?", who_says_he_is)
    assert who_says.reply.fact_id == "un_guterres"
    assert who_says.reply.source is not None and who_says.reply.source.attribution


def test_a_name_after_who_is_coming_asks_whether_it_is_on_the_list(pipeline: Pipeline) -> None:
    _, armenia = chat(pipeline, "who is going to the sco summit in astana", "and armenia?")
    assert armenia.reply.fact_id == "attendees"
    assert "does not list Armenia" in armenia.reply.answer


def test_he_is_the_one_person_the_chatter_around_the_last_question_named(
    pipeline: Pipeline,
) -> None:
    _, when = chat(
        pipeline,
        "so i saw putin flew to kazakhstan for some big summit, whats it gonna be about?",
        "when did he get there",
    )
    assert when.reply.fact_id == "putin_arrival"


def test_a_countrys_side_after_a_meeting_replaces_the_one_met_not_putin(
    pipeline: Pipeline,
) -> None:
    _, turkish = chat(
        pipeline,
        "is putin having a sit-down with xi before the summit?",
        "what about the turkish side?",
    )
    assert turkish.reply.fact_id == "bilateral_meetings"
    assert "putin" in turkish.resolved.lower() and "Turkey" in turkish.resolved


@pytest.mark.parametrize(
    "turns",
    [
        ["путин встретится с эрдоганом?", "а с токаевым?", "а с си"],
        ["is putin meeting with erdogan?", "and with tokayev?", "and with xi?"],
    ],
)
def test_a_name_after_the_same_word_stands_in_for_the_name_there(
    pipeline: Pipeline, turns: list[str]
) -> None:
    """ "а с си?" replaces whoever Putin was to meet ("с ..."), not Putin himself, even after a
    turn the article could not answer."""
    *_, last = chat(pipeline, *turns)
    assert last.reply.fact_id == "bilateral_meetings"


@pytest.mark.parametrize(
    "turns",
    [
        [
            "what role will russia and china play at the summit?",
            "are they the ones who started it?",
        ],
        ["какую роль на саммите сыграют россия и китай?", "а они же и основали шос?"],
    ],
)
def test_they_are_the_countries_the_question_named_not_the_leaders_its_answer_names(
    pipeline: Pipeline, turns: list[str]
) -> None:
    *_, founders = chat(pipeline, *turns)
    assert founders.reply.fact_id == "sco_founding"


def test_who_goes_along_with_someone_is_not_who_he_meets(pipeline: Pipeline) -> None:
    """Putin's meetings name Xi and Erdogan, not who travels with him: "who's going with him?"
    is answered by neither the meetings nor the last question again."""
    _, along = chat(
        pipeline, "Who is Putin meeting ahead of the SCO summit?", "who's going with him?"
    )
    assert along.reply.fact_id is None


def test_they_after_a_cited_source_may_be_the_leaders_at_the_summit(pipeline: Pipeline) -> None:
    """The Kremlin is quoted for the aims; "what else will they discuss?" asks what the
    leaders will discuss, which the article says, not what the Kremlin will."""
    _, then = chat(
        pipeline,
        "What's the goal of the Astana summit according to the Kremlin?",
        "what else will they discuss",
    )
    assert then.reply.fact_id == "agenda"


def test_whom_a_guest_meets_is_not_answered_by_that_he_comes(pipeline: Pipeline) -> None:
    """The article says Guterres is expected, not whom he meets: "taking part in the talks"
    among the UN fact's phrasings is attending them, not meeting anyone."""
    _, meeting = chat(
        pipeline, "is antonio guterres coming to the summit?", "who's he meeting there?"
    )
    assert meeting.reply.fact_id is None


def test_which_agencies_exactly_after_the_source_is_not_that_source_again(
    pipeline: Pipeline,
) -> None:
    *_, agencies = chat(
        pipeline,
        "will guterres be at the sco summit?",
        "who reported that?",
        "which agencies exactly?",
    )
    assert agencies.reply.fact_id is None


@pytest.mark.parametrize(
    "turns",
    [
        ("is putin meeting xi jinping?", "what did they agree on", "and how long did it last"),
        ("who is meeting putin before the summit?", "how long will the meetings last?"),
        ("путин встречается с эрдоганом?", "сколько продлится встреча"),
        # "that", asked about, is their meeting too
        ("is putin meeting xi?", "when does that take place"),
    ],
)
def test_it_after_persons_meeting_is_their_meeting_not_the_summit(
    pipeline: Pipeline, turns: tuple[str, ...]
) -> None:
    """The article gives the summit's two days, not how long Putin's talks take."""
    *_, last = chat(pipeline, *turns)
    assert last.reply.fact_id is None
    assert last.decision is not None and last.decision.suggestions == ("bilateral_meetings",)


def test_it_is_the_organisation_again_once_the_meeting_is_left(pipeline: Pipeline) -> None:
    *_, founded = chat(
        pipeline, "Who is Putin meeting in Astana?", "What is the SCO anyway?", "when was it set up"
    )
    assert founded.reply.fact_id == "sco_founding"


def test_a_name_asked_of_last_years_summit_as_it_is_asked_of_last_year(
    pipeline: Pipeline,
) -> None:
    """ "did India attend it?" after last year's summit: who came then the article never says
    (India's minister going this year is no answer)."""
    _, attended = chat(
        pipeline, "What happened at last year's virtual summit?", "did india attend it"
    )
    assert attended.reply.fact_id is None
    assert attended.decision is not None and attended.decision.frame is not None
    assert attended.decision.frame.scope == "last_year"


@pytest.mark.parametrize("other", ["the turkish one?", "the turkish president?"])
def test_a_name_after_an_article_alone_asks_the_last_question_of_it(
    pipeline: Pipeline, other: str
) -> None:
    """ "the turkish one?" after "is Putin meeting the Chinese president?" is "and Turkey's?",
    not "who is the Turkish president?"."""
    _, turkish = chat(pipeline, "Is Putin meeting the Chinese president?", other)
    assert turkish.follow_up is FollowUp.ENTITY
    assert turkish.reply.fact_id == "bilateral_meetings"


@pytest.mark.parametrize(
    ("first", "where"),
    [
        ("when's the next summit", "and where will it be"),
        ("when's the next summit", "where will that be?"),
        ("when's the next summit", "where is it happening?"),
        ("когда следующий саммит?", "где он проходит?"),
    ],
)
def test_where_the_next_summit_will_be_is_not_where_this_one_is(
    pipeline: Pipeline, first: str, where: str
) -> None:
    """ "it" is the summit talked about, and "will" reads as this one only when nothing else
    is talked about."""
    _, next_one = chat(pipeline, first, where)
    assert next_one.reply.fact_id is None
    assert next_one.decision is not None and next_one.decision.rule is Rule.OTHER_SCOPE


def test_a_preposition_asks_with_its_question_word_and_leaves_with_it(pipeline: Pipeline) -> None:
    """ "by who?" then "when?": "by" went with "who", so it is not left in the topic."""
    *_, when = chat(pipeline, "the sco was formed in 2001", "by who?", "when?")
    assert when.resolved.split()[:2] == ["when", "the"]
    assert when.reply.fact_id == "sco_founding"


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (("is turkey attending the summit?", "who is its president?"), "person_erdogan"),
        (("турция участвует в саммите?", "а кто её президент?"), "person_erdogan"),
        (("турция участвует в саммите?", "кто там президент?"), "person_erdogan"),
        # the answer's country: Kazakhstan's president the article never names
        (("где проходит саммит?", "а кто там президент?"), None),
        # "their": the country the question named, not the leaders its answer names
        (("what role will china play?", "who's their president"), "person_xi"),
        (("is turkey attending?", "and who is their leader"), "person_erdogan"),
        (("иран едет?", "а кто их президент?"), None),
    ],
)
def test_an_office_of_the_country_pointed_at_is_that_countrys(
    pipeline: Pipeline, turns: tuple[str, str], fact_id: str | None
) -> None:
    """ "its president", "там президент": the country talked about, never Putin by default."""
    _, office = chat(pipeline, *turns)
    assert office.reply.fact_id == fact_id


@pytest.mark.parametrize(
    "turns",
    [
        ("когда саммит шос", "а где?", "а кто будет?"),
        ("kogda sammit", "kto budet"),
        ("кто будет?",),
    ],
)
def test_who_will_be_there_alone_asks_who_attends(
    pipeline: Pipeline, turns: tuple[str, ...]
) -> None:
    """ "а кто будет?" alone is who will be there; "кто будет главным?" still asks who leads."""
    *_, who = chat(pipeline, *turns)
    assert who.reply.fact_id == "attendees"
    assert pipeline.answer("кто будет главным на саммите?").fact_id == "russia_china_roles"


@pytest.mark.parametrize(
    ("turns", "fact_id"),
    [
        (
            (
                "who is putin meeting before the summit?",
                "who is the turkish one?",
                "and the other one?",
            ),
            "person_xi",
        ),
        (("с кем встречается путин?", "кто такой эрдоган?", "а второй кто?"), "person_xi"),
        (
            ("who is putin meeting before the summit?", "who is xi jinping?", "and the other one?"),
            "person_erdogan",
        ),
    ],
)
def test_the_other_one_is_the_one_of_the_two_not_talked_about(
    pipeline: Pipeline, turns: tuple[str, ...], fact_id: str
) -> None:
    """Putin meets Xi and Erdogan: after one of them, "the other one" is the other."""
    *_, other = chat(pipeline, *turns)
    assert other.reply.fact_id == fact_id


@pytest.mark.parametrize(
    ("first", "other"),
    [
        ("is putin meeting lukashenko", "what about xi"),
        ("путин встречается с лукашенко?", "а с си?"),
    ],
)
def test_a_new_name_stands_in_for_the_one_beside_putin(
    pipeline: Pipeline, first: str, other: str
) -> None:
    """Putin is in every story: "what about Xi?" swaps the other name, not him."""
    _, xi = chat(pipeline, first, other)
    assert xi.reply.fact_id == "bilateral_meetings"


def test_he_after_who_goes_in_his_place_is_the_one_who_goes(pipeline: Pipeline) -> None:
    """ "who's going in his place?" is answered with Jaishankar: "his job" is his now."""
    *_, instead, job = chat(
        pipeline, "is modi going to the summit", "whos going in his place then", "what is his job"
    )
    assert instead.context is not None and instead.context.person == "jaishankar"
    assert "Jaishankar" in job.resolved


def test_they_after_picking_one_of_two_met_is_the_two(pipeline: Pipeline) -> None:
    # "why are they meeting?" asks why Erdogan and Putin meet, which the article does not say,
    # not why the SCO exists
    *_, why = chat(pipeline, "is erdogan meeting putin?", "who's he?", "why are they meeting?")
    assert "Putin" in why.resolved and "Erdogan" in why.resolved
    assert why.reply.fact_id is None


def test_its_president_beside_a_name_is_still_the_countrys(pipeline: Pipeline) -> None:
    # "its president" is Erdogan though the question names Putin; "he" is then Erdogan
    *_, meeting, who = chat(
        pipeline, "is turkey attending the summit?", "is its president meeting putin?", "who is he?"
    )
    assert meeting.reply.fact_id == "bilateral_meetings"
    assert who.reply.fact_id == "person_erdogan"


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        ("кто такой путин", "ха, ну это я знал. а когда он прилетел?"),
        ("who is putin", "ha, knew that one. and when did he land?"),
    ],
)
def test_a_pronoun_after_a_remark_is_resolved_in_the_question_after_it(
    pipeline: Pipeline, first: str, follow_up: str
) -> None:
    # the remark before the question is no part of it, though the question opens with "and"
    *_, landed = chat(pipeline, first, follow_up)
    assert landed.reply.fact_id == "putin_arrival"


def test_a_name_swapped_in_with_a_remark_after_it_is_still_a_swap(pipeline: Pipeline) -> None:
    # "just out of interest" says why it is asked, not what
    *_, xi = chat(pipeline, "who is erdogan?", "and xi, just out of interest")
    assert xi.reply.fact_id == "person_xi"


def test_taking_the_subject_back_asks_the_new_question_about_what_was_meant(
    pipeline: Pipeline,
) -> None:
    _, meant, and_putin = chat(
        pipeline,
        "when was the sco founded?",
        "no sorry i meant the summit, when does it start",
        "and putin?",
    )
    assert meant.reply.fact_id == "summit_dates"  # not when the SCO started
    assert and_putin.reply.fact_id == "putin_arrival"


def test_when_or_where_after_someone_taking_part_asks_of_the_event(pipeline: Pipeline) -> None:
    _, when, where = chat(pipeline, "will mongolia take part?", "when?", "and where?")
    assert (when.reply.fact_id, where.reply.fact_id) == ("summit_dates", "summit_venue")
    _, russian = chat(pipeline, "Пакистан будет участвовать?", "а где?")
    assert russian.reply.fact_id == "summit_venue"
    # ...not of someone's meeting, which the article places nowhere
    _, meeting_place = chat(pipeline, "is putin meeting erdogan?", "where?")
    assert meeting_place.reply.fact_id != "summit_venue"


def test_a_kind_asked_after_an_opener_stands_alone_when_the_last_question_lacks_it(
    pipeline: Pipeline,
) -> None:
    *_, dates = chat(pipeline, "who heads qatar's delegation?", "ok what about the dates?")
    assert dates.reply.fact_id == "summit_dates"


def test_it_after_an_answer_is_not_whom_the_answer_only_cites(pipeline: Pipeline) -> None:
    # "According to the Kremlin, the summit aims to...": "it" is still the summit
    aims, last_year = chat(
        pipeline, "what is the summit supposed to achieve?", "and what did it say last year?"
    )
    assert aims.reply.fact_id == "summit_aims"
    assert aims.context is not None and aims.context.thing != "kremlin"
    assert last_year.reply.fact_id == "last_year_summit"


def test_a_time_with_a_question_of_its_own_asks_that_question_then(pipeline: Pipeline) -> None:
    # not the last question ("где?") glued to the new one
    *_, last_year = chat(
        pipeline, "Когда пройдёт саммит?", "а где?", "а в прошлом году как его проводили?"
    )
    assert last_year.follow_up is FollowUp.NEW
    assert last_year.reply.fact_id == "last_year_summit"
