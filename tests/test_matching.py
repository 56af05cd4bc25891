"""The matcher: answers what the article says, declines what it does not, survives typos."""

from __future__ import annotations

import pytest

from bot.matching import Decision, DecisionKind, Rule, strip_accents
from bot.pipeline import Pipeline
from bot.tuning import FocusTuning
from tests.conftest import asked_and_focus


def focus_tuning(min_words: int = 12) -> FocusTuning:
    """knowledge/matcher.yaml's focus numbers, with `min_words` as a test needs it."""
    return FocusTuning(
        min_words=min_words, min_clause_words=2, elaboration_words=3, other_part_margin=0.15
    )


ANSWERED = [
    ("Who represents India?", "india"),
    ("who reprsents inida", "india"),
    ("wen is teh sumit", "summit_dates"),
    ("WHERE IS THE SUMMIT???", "summit_venue"),
    # where the article names someone is no part of the question
    ("tell me about the Russian president mentioned in the story", "person_putin"),
    ("india?", "india"),
    ("dates?", "summit_dates"),
    ("@SummitQABot when is the summit?", "summit_dates"),
    ("hey bot pls who founded the SCO", "sco_founding"),
    ("Is Iran attending?", "attendees"),
    ("Is Japan attending?", "attendees"),
    ("is putin meeting xi", "bilateral_meetings"),
    ("who is xi", "person_xi"),
    ("wtf is the sco", "sco_overview"),  # chat's "what" as it is typed
    ("whos comming to astana", "attendees"),  # chat's "who's": who is coming, not India's envoy
    ("кгода будет самит в астане", "summit_dates"),  # two letters swapped: "когда", not "года"
    ("я не понял кто будет от индии", "india"),  # "I didn't get it": chat before the question
    ("where this info is from", "article_sources"),  # a learner's word order: not where it is
    ("what's on the agenda for the astana summit?", "agenda"),  # not the Kremlin's aims
    # a name beside only a typo no fact knows: the name is what is asked about
    ("а гутерриш тоже едит", "un_guterres"),
    ("wat abt india", "india"),
    ("astana or bishkek?", "summit_venue"),  # not whether Kyrgyzstan attends
    ("putin flew into kyrgyzstan for the summit, yeah?", "putin_arrival"),  # No: Kazakhstan
    ("is sco the shanghai co-operation organization?", "sco_overview"),
    ("isnt SCO short for south china organisation", "sco_overview"),  # No: what it stands for
    ("what's erdogan's role back home in turkey", "person_erdogan"),  # his office, not a place
    # a claim about what the SCO is or was set up for is settled by what the article says it is
    ("is the sco a european club?", "sco_overview"),
    ("was the sco originally set up as a trade bloc?", "sco_purpose"),
    ("was the shanghai organisation originally a military alliance?", "sco_purpose"),
    # "what was the point of" asks why; "it in the first place" names no place
    ("what was the point of creating it in the first place?", "sco_purpose"),
    ("is it true the sco was created to boost trade with africa?", "sco_purpose"),
    ("was the organisation set up to boost tourism", "sco_purpose"),
    ("шос создали ради торговли?", "sco_purpose"),
    ("sco was created as a trade bloc for africa yes?", "sco_purpose"),
    # the Kremlin's aims in other words: "the idea", "strengthen", "efficiently"
    ("is the idea to make the sco work more efficiently?", "summit_aims"),
    ("is the kremlin hoping this summit strengthens ties inside the bloc?", "summit_aims"),
    ("Did the Shanghai Cooperation Organization criticise NATO last year?", "last_year_summit"),
    ("will the UN chief be there", "un_guterres"),
    ("what's the name of the un chief who's expected there", "un_guterres"),
    # being represented is attending
    ("will the un be represented in astana", "un_guterres"),
    ("which countries set the sco up", "sco_founding"),  # "up" only completes "set"
    ("будет ли оон представлена в астане", "un_guterres"),
    ("кремль пишет что саммит нужен чтобы распустить шос?", "summit_aims"),  # "чтобы": what for
    # "coming from" someone's side is attending; said of "this" it asks for a source
    ("is anyone coming from the un", "un_guterres"),
    ("is this coming from the kremlin?", "article_sources"),
    ("who's actually behind these claims?", "article_sources"),
    (
        "my uncle keeps forwarding fake schedules. where does all this summit info actually come"
        " from? official sources or random telegram channels?",
        "article_sources",
    ),
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
    "greeting",
    # "go on", "more info" ask for more about nothing named: not a fact ("go" is attending)
    [
        "hi",
        "Hello!",
        "thanks!",
        "thank you so much",
        "who are you",
        "go on",
        "more info",
        "что еще",
    ],
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


def test_names_listed_with_commas_are_all_asked_about(pipeline: Pipeline) -> None:
    """The comma after the first name does not end the question ("are iran" alone)."""
    decision = pipeline.matcher.match("are iran, pakistan and uzbekistan on the list?")
    assert decision.list_members == ("iran", "pakistan", "uzbekistan")
    decision = pipeline.matcher.match("is qatar, mongolia or brazil attending?")
    assert (decision.list_members, decision.list_non_members) == (
        ("qatar", "mongolia"),
        ("brazil",),
    )


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
    """One question is scored in plain Python over the facts that share a word with it; a
    batch in numpy over all facts. They must decide alike, and rank alike every fact that
    could be offered; facts sharing nothing with the question score 0 on the lean path."""
    questions = [question for question, _ in ANSWERED] + NOT_ANSWERED
    offered = pipeline.matcher.tuning.thresholds.suggest

    def meaning(decision: Decision) -> tuple[object, ...]:
        return (
            decision.kind,
            decision.fact_id,
            decision.rule,
            decision.suggestions,
            decision.list_members,
            decision.list_non_members,
            decision.frame,
            [match for match in decision.ranking if match.score >= offered],
        )

    batch = pipeline.matcher.match_many(questions)
    single = [pipeline.matcher.match(question) for question in questions]
    assert [meaning(decision) for decision in batch] == [meaning(d) for d in single]
    for one, other in zip(batch, single, strict=True):
        assert one.confidence == pytest.approx(other.confidence, abs=1e-3) or one.fact_id is None


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
    assert reader.normalise("@SummitQABot Who’s ERDOĞAN?!") == "who is erdogan"
    assert reader.normalise("Modi isn't going") == "modi is not going"
    assert reader.normalise("What do the letters S.C.O. stand for?") == (
        "what do the letters sco stand for"
    )
    assert strip_accents("António Guterres") == "Antonio Guterres"


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("see https://example.com/sco?x=1 when", "see when"),
        ("www.sco.int: when?", "when"),
        ("ask @SummitQABot or /start when", "ask or when"),
        ("10/12 and 1/2", "10 12 and 1 2"),  # a slash between digits is no command
        ("the 2nd\tday,\u00a0a_b  _ c", "the 2 day a b c"),  # every run of non-words: a space
        ("modi isn`t  going", "modi is not going"),
    ],
)
def test_normalisation_drops_links_and_mentions_and_leaves_single_spaces(
    pipeline: Pipeline, text: str, normalised: str
) -> None:
    assert pipeline.matcher.reader("en").normalise(text) == normalised


def test_quotes_around_a_word_are_not_read_as_contractions(pipeline: Pipeline) -> None:
    reader = pipeline.matcher.reader("en")
    assert reader.normalise("what is the 'SCO'") == "what is the sco"
    assert reader.normalise("'deal' or not") == "deal or not"
    assert pipeline.matcher.match("When is the 'summit'?").fact_id == "summit_dates"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # "ther" is "there" or "their" (same first letter), not "other" ("who else?")
        ("whats russia n chinas role ther", "russia_china_roles"),
        ("кто предстовляет индею", "india"),
    ],
)
def test_a_typo_is_read_as_the_word_starting_with_the_same_letter(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_real_words_are_not_corrected_into_knowledge_words(pipeline: Pipeline) -> None:
    reading = pipeline.matcher.read("did they discuss the grain deal")
    assert "grain" in reading.tokens


# Near misses: the question shares words with a fact but asks what the article does not say.
NEAR_MISSES = [
    ("another edition", "who hosted the 2019 summit?"),
    ("another edition", "where is the next SCO summit"),
    ("a count not given", "how many members does the SCO have?"),
    ("an outcome", "what was agreed on trade?"),
    ("a prediction", "will they announce sanctions?"),
    ("another role", "who is the SCO secretary general?"),
    ("a detail", "where exactly in Astana is it?"),
    ("a detail", "what time does the opening ceremony start?"),
    ("a reason not given", "why is Modi not going?"),
    ("history beyond the article", "what was the Shanghai Five?"),
    ("off-topic", "recommend me a film"),
]


@pytest.mark.parametrize(("case", "question"), NEAR_MISSES, ids=[c for c, _ in NEAR_MISSES])
def test_a_near_miss_is_not_answered_with_the_nearest_fact(
    pipeline: Pipeline, case: str, question: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert decision.fact_id is None, (case, decision.rule)
    assert decision.kind is not DecisionKind.SUGGEST  # no unrelated buttons either


def test_a_question_about_something_close_gets_an_honest_partial_answer(
    pipeline: Pipeline,
) -> None:
    decision = pipeline.matcher.match("what time does the summit open on July 3?")
    assert decision.kind is DecisionKind.PARTIAL
    assert decision.fact_id is None
    assert decision.suggestions == ("summit_dates",)
    reply = pipeline.replies.reply(decision)
    assert reply.answer.startswith("The article doesn't say what time")
    assert "July 3–4" in reply.answer
    assert reply.source is not None and "July 3-4" in reply.source.quote
    assert reply.as_json()["fact_id"] is None
    assert reply.as_json()["suggestions"][0]["fact_id"] == "summit_dates"


@pytest.mark.parametrize(
    ("question", "says_missing"),
    [
        ("what will Putin and Erdogan discuss?", "what they will discuss"),
        ("what did Xi tell Putin", "what anyone said"),
    ],
)
def test_what_two_leaders_say_or_discuss_is_not_answered_with_the_fact_that_they_meet(
    pipeline: Pipeline, question: str, says_missing: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert (decision.kind, decision.suggestions) == (DecisionKind.PARTIAL, ("bilateral_meetings",))
    assert pipeline.replies.reply(decision).answer.startswith(
        "The article doesn't say " + says_missing
    )


def test_when_two_leaders_meet_is_ahead_of_the_summit_but_no_date_is_given(
    pipeline: Pipeline,
) -> None:
    """The meetings are "ahead of the summit": that says when, but gives no date or day."""
    assert pipeline.answer("when will putin meet xi?").fact_id == "bilateral_meetings"
    decision = pipeline.matcher.match("what date is the putin xi meeting?")
    assert (decision.kind, decision.suggestions) == (DecisionKind.PARTIAL, ("bilateral_meetings",))


@pytest.mark.parametrize("question", ["who is hosting the summit?", "кто принимает саммит"])
def test_who_hosts_is_answered_with_the_venue(pipeline: Pipeline, question: str) -> None:
    assert pipeline.matcher.match(question).fact_id == "summit_venue"


def test_who_hosted_last_years_summit_is_not_answered_by_it_being_virtual(
    pipeline: Pipeline,
) -> None:
    decision = pipeline.matcher.match("which country hosted last year's virtual summit")
    assert decision.fact_id is None


def test_how_long_the_summit_lasts_is_answered_but_how_long_putin_stays_is_not(
    pipeline: Pipeline,
) -> None:
    assert pipeline.matcher.match("how long does the summit last?").fact_id == "summit_dates"
    assert pipeline.matcher.match("how many days is putin staying in kazakhstan").fact_id is None


@pytest.mark.parametrize(
    "question",
    [
        "what's the url of the kremlin statement",  # no fact gives a link
        "who is chairing the summit",  # nor who chairs
        "в каком аэропорту приземлился путин",
        "кто автор статьи",
        "whats modi's excuse for not going",  # a reason the article does not give
        "who signed the sco charter back in 2001",  # a charter the article never mentions
        "erdogan is meeting putin, who's he bringing along",
    ],
)
def test_details_the_article_never_gives_are_not_answered(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.matcher.match(question).fact_id is None


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who were the other founding members besides russia and china", "sco_founding"),
        ("кто еще основывал шос кроме россии и китая", "sco_founding"),
        ("who else will putin meet besides xi and erdogan", "bilateral_meetings"),
        # naming none: the others are others than the few the fact names, not a list's rest
        ("who were the other founding members", "sco_founding"),
        ("какие ещё страны основали шос", "sco_founding"),
    ],
)
def test_asking_for_others_than_all_the_fact_names_is_an_honest_partial(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert (decision.kind, decision.suggestions) == (DecisionKind.PARTIAL, (fact_id,))
    assert decision.rule is Rule.ONLY_THOSE_NAMED


def test_asking_for_others_on_a_longer_list_gets_the_whole_list(pipeline: Pipeline) -> None:
    reply = pipeline.answer("who else is coming besides russia and china")
    assert reply.fact_id == "attendees"
    assert "Azerbaijan" in reply.answer and not reply.answer.startswith("Yes")
    assert pipeline.answer("who else is coming?").fact_id == "attendees"  # naming none
    # without "else": the names are the ones left out, not whose delegation is asked about
    assert pipeline.answer("who's coming besides russia and china").fact_id == "attendees"
    assert pipeline.answer("кто участвует кроме россии и китая").fact_id == "attendees"
    assert pipeline.answer("who leads iran's delegation?").fact_id is None


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("is modi going to kazakhstan", "india"),  # the host country is where, not who
        ("is kazakhstan attending?", "attendees"),  # ...and still a name
        ("is it in kazakhstan?", "summit_venue"),
    ],
)
def test_naming_the_host_country_is_not_foreign_to_the_event(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


def test_what_the_summit_discusses_is_answered_from_the_agenda(pipeline: Pipeline) -> None:
    assert pipeline.matcher.match("are they discussing bilateral relations too").fact_id == "agenda"


def test_where_the_article_says_where_a_partial_never_claims_it_does_not(
    pipeline: Pipeline,
) -> None:
    decision = pipeline.matcher.match("in what country are the leaders gathering")
    assert decision.kind is not DecisionKind.PARTIAL
    assert decision.fact_id == "summit_venue" or "summit_venue" in decision.suggestions


def test_a_list_fact_does_not_answer_who_leads_a_members_delegation(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("who leads Iran's delegation?")
    assert decision.fact_id is None
    assert "Yes" not in pipeline.replies.reply(decision).answer


@pytest.mark.parametrize(
    ("question", "fact_id", "start"),
    [
        # the founders
        ("was the SCO founded by India?", "sco_founding", "No: the article names China and"),
        ("did the United States help found the SCO?", "sco_founding", "No: the article names"),
        ("did india and china start the sco", "sco_founding", "Yes: the SCO was established"),
        ("did the usa found the sco?", "sco_founding", "No: the article names China and"),
        ("was Russia a founder?", "sco_founding", "Yes: the SCO was established in 2001"),
        ("индия основала шос?", "sco_founding", "Нет: по статье, ШОС основали Китай и"),
        # who counts most
        ("is india expected to take the leading role?", "russia_china_roles", "No: the article"),
        ("is china expected to take a back seat", "russia_china_roles", "Yes: Russia and China"),
        ("главная роль будет у индии?", "russia_china_roles", "Нет: по статье, заметную роль"),
        # a person's office, where Putin landed
        ("is erdogan the president of iran?", "person_erdogan", "No: Tayyip Erdogan is"),
        ("is guterres the nato secretary general", "un_guterres", "No: Antonio Guterres is"),
        ("is tayyip erdogan the leader of azerbaijan", "person_erdogan", "No: Tayyip Erdogan is"),
        # an office and a country, not the officeholder the article never names
        ("путин президент казахстана?", "person_putin", "Нет: "),
        ("putin touched down in uzbekistan right?", "putin_arrival", "No: Russian President"),
        ("is putin in kazakhstan?", "putin_arrival", "Yes: Russian President"),
        # naming his own country, the fact answers as always; naming more, it is not asked
        ("is erdogan the president of turkey?", "person_erdogan", "Tayyip Erdogan is"),
    ],
)
def test_a_yes_no_about_a_name_a_fact_lists_or_not_is_answered_yes_or_no(
    pipeline: Pipeline, question: str, fact_id: str, start: str
) -> None:
    reply = pipeline.answer(question)
    assert reply.fact_id == fact_id
    assert reply.answer.startswith(start)


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("was the sco set up by china and russia in the 90s?", "sco_founding"),
        ("did putin land in kazakhstan on thursday?", "putin_arrival"),
    ],
)
def test_names_right_beside_a_date_claimed_get_the_fact_without_a_yes(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    # the list settles the names, not the date: the fact says when, and no "Yes" vouches for it
    reply = pipeline.answer(question)
    assert reply.fact_id == fact_id
    assert not reply.answer.startswith("Yes")


def test_what_a_list_says_of_its_members_is_not_said_of_others(pipeline: Pipeline) -> None:
    assert pipeline.answer("what role will pakistan play at the summit").fact_id is None
    # ...asked yes/no-style too, unless of the kind the list answers yes or no about
    assert pipeline.answer("kazakhstan role").fact_id is None
    assert pipeline.answer("is kazakhstan a heavyweight?").answer.startswith("No:")
    # "кто-нибудь" is "anyone", not "who": the list answers whether Iran comes
    assert pipeline.answer("едет ли кто-нибудь из ирана на саммит шос?").fact_id == "attendees"


def test_a_person_named_beside_another_countrys_office_is_not_that_office(
    pipeline: Pipeline,
) -> None:
    reply = pipeline.answer("is putin meeting the iranian president too")
    assert reply.fact_id != "person_putin"


def test_what_the_founding_says_of_its_founders_holds_for_them_only(pipeline: Pipeline) -> None:
    founded = pipeline.answer("when did China found the SCO?")
    assert founded.fact_id == "sco_founding"
    assert not founded.answer.startswith("Yes")  # a when-question gets the fact, not a yes
    assert pipeline.answer("when did Pakistan join the SCO?").fact_id is None
    assert pipeline.answer("who were the other founding members?").fact_id is None


@pytest.mark.parametrize(
    ("question", "start", "named"),
    [
        ("is it in Kazakhstan?", "Yes: the summit is held in Astana", None),
        ("is it held in China?", "No: the summit is held in Astana", "China"),
        ("is it in Shanghai, right?", "No: the summit is held in Astana", "Shanghai"),
        ("is it happening in Ouagadougou?", "No: the summit is held in Astana", None),
        ("is Russia hosting it?", "No: the summit is held in Astana", "Russia"),
        # a city of a member country: about the venue, not the attendee list
        ("is the summit in Tashkent?", "No: the summit is held in Astana", None),
        ("summit in new delhi?", "No: the summit is held in Astana", None),  # by intonation
    ],
)
def test_is_it_in_a_place_is_answered_yes_or_no_first(
    pipeline: Pipeline, question: str, start: str, named: str | None
) -> None:
    reply = pipeline.answer(question)
    assert reply.fact_id == "summit_venue"
    assert reply.answer.startswith(start)
    if named:
        assert named in reply.answer


def test_a_question_saying_more_than_in_a_place_is_not_about_the_venue(
    pipeline: Pipeline,
) -> None:
    assert pipeline.matcher.match("will it end the war in Ukraine?").fact_id != "summit_venue"


VENUE_NOT_TASHKENT = "The summit is held in Astana, Kazakhstan, not in Uzbekistan."


@pytest.mark.parametrize(
    ("question", "fact_id", "answer"),
    [
        # the event's own city offered beside another: which one, never "No"
        ("is it in astana or tashkent?", "summit_venue", VENUE_NOT_TASHKENT),
        ("astana or tashkent?", "summit_venue", VENUE_NOT_TASHKENT),
        (
            "саммит в астане или в ташкенте?",
            "summit_venue",
            "Саммит проходит в Астане, в Казахстане. Узбекистан — не место его проведения.",
        ),
        (
            "did china or india found the sco?",
            "sco_founding",
            "The SCO was established in 2001 by China and Russia;"
            " the article does not name India among its founders.",
        ),
        # the choice is between the office the fact's person holds and another country's
        (
            "is putin the president of russia or china?",
            "person_putin",
            "Vladimir Putin is the President of Russia, not of China.",
        ),
        # neither offered name is listed: a plain no
        (
            "is it in tashkent or bishkek?",
            "summit_venue",
            "No: the summit is held in Astana, Kazakhstan, not in Uzbekistan and Kyrgyzstan.",
        ),
        # a list with no answer for a choice says yes and no, name by name
        (
            "is iran or brazil coming?",
            "attendees",
            "Yes: Iran is among the countries slated to attend the summit."
            " The article does not list Brazil among the countries attending the summit.",
        ),
    ],
)
def test_a_choice_between_names_is_answered_with_the_one_the_article_gives(
    pipeline: Pipeline, question: str, fact_id: str, answer: str
) -> None:
    reply = pipeline.answer(question)
    assert (reply.fact_id, reply.answer) == (fact_id, answer)


def test_one_name_of_a_choice_the_fact_is_about_is_enough(pipeline: Pipeline) -> None:
    # Modi is not among those Putin meets, Xi is: the fact answers, it is not foreign
    assert pipeline.answer("is putin meeting xi or modi?").fact_id == "bilateral_meetings"
    assert pipeline.answer("is putin meeting modi?").fact_id != "bilateral_meetings"
    # ...but not the event's own city, which every fact is about: the article says Kazakhstan
    # only, so "Astana or Almaty?" is still about Almaty
    assert pipeline.answer("путин прилетел в астану или в алматы?").fact_id is None


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # "which is it?" points at the claims before it
        (
            "random q but my coworker swore the summit is in Tashkent and I said Astana. "
            "loser buys coffee for a week. so which is it?",
            "summit_venue",
        ),
        # "keeps telling me" reports the claim "is he making it up?" asks about
        (
            "Not a politics person at all but my boyfriend keeps telling me the Turkish "
            "president is going to have a meeting with Putin there. Is that right or is he "
            "making it up?",
            "bilateral_meetings",
        ),
        # "instead" alone is no way of asking who stands in for Modi
        ("i ran out of eggs for the cake. what can i use instead??", None),
    ],
)
def test_a_question_pointing_back_is_read_with_what_it_points_at(
    pipeline: Pipeline, message: str, fact_id: str | None
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


def test_a_pronoun_leans_on_the_chatter_whatever_else_the_question_names_after_it(
    pipeline: Pipeline,
) -> None:
    # "he" is Guterres, named before; Ukraine, named after "he", is no one "he" could be
    message = (
        "I've been told Guterres is going to give a speech there. What's he actually going "
        "to say? Any hints about his message on Ukraine?"
    )
    assert pipeline.answer(message).fact_id is None  # not last year's statement


def test_what_is_it_after_the_chatter_named_one_thing_asks_what_that_is(
    pipeline: Pipeline,
) -> None:
    assert pipeline.answer("I keep hearing the acronym SCO. What is it?").fact_id == "sco_overview"


@pytest.mark.parametrize(
    "question",
    [
        "who's representing turkey?",
        "who's leading china's delegation?",
        "who's heading the turkish delegation",
        "кто возглавляет делегацию китая?",
        "Pakistan is on the list, I can see that much. But who is representing them?",
    ],
)
def test_who_represents_a_country_is_not_who_leads_it(pipeline: Pipeline, question: str) -> None:
    # the article names India's representative only; Erdogan or Xi leading their country is
    # not the article saying they lead its delegation
    assert pipeline.answer(question).fact_id is None


def test_who_represents_india_is_still_answered(pipeline: Pipeline) -> None:
    assert pipeline.answer("who is representing india?").fact_id == "india"
    assert pipeline.answer("кто представляет индию?").fact_id == "india"
    assert pipeline.answer("who leads turkey?").fact_id == "person_erdogan"


def test_is_a_country_coming_is_answered_yes_or_no(pipeline: Pipeline) -> None:
    assert pipeline.answer("is Brazil coming?").answer.startswith(
        "The article does not list Brazil"
    )
    assert pipeline.answer("is Iran coming?").answer.startswith("Yes: Iran")


def test_the_question_inside_a_long_chatty_message_is_found(pipeline: Pipeline) -> None:
    message = (
        "we're recording a podcast tonight and my co-host bet me a coffee on this, "
        "so settle it: who is representing India at the summit?"
    )
    decision = pipeline.matcher.match(message)
    assert decision.fact_id == "india"
    assert decision.explanation is not None
    assert decision.explanation.focus == "who is representing India at the summit?"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who is coming and whats your source", "attendees"),
        ("где саммит и откуда инфа?", "summit_venue"),
        # alternatives in one question, not a second question
        ("which outlet or official statement is all of it based on?", "article_sources"),
        ("which outlets or sources does the article cite?", "article_sources"),
        ("source?", "article_sources"),
    ],
)
def test_a_source_asked_beside_another_question_leaves_the_other_to_answer(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    """Every answer quotes its source: "who is coming, and what's your source?" asks who."""
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        ("who is putin meeting and is modi coming", "bilateral_meetings"),
        ("when did putin land and how long will his meeting with xi last", "putin_arrival"),
        ("is guterres coming and is he gonna meet putin?", "un_guterres"),
        # a kind asked of the event's own name is a question of its own
        ("who started the sco and why did they even bother", "sco_founding"),
        # "it" with nothing named beside it is the event
        ("where is it and who will they be meeting", "summit_venue"),
    ],
)
def test_a_message_asking_two_things_is_answered_by_the_one_the_article_answers(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    """Asked together, a question the article answers is not lost for the one it does not;
    a question leaning on the other ("his meeting") is not asked alone."""
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("message", "tag_alone_answer"),
    [
        ("is this the 2025 summit or what", "sco_overview"),  # "what?" alone: what the SCO is
        ("путин в киргизию полетел или куда", "summit_venue"),  # "куда?" alone: the venue
    ],
)
def test_a_tag_after_or_is_no_question_of_its_own(
    pipeline: Pipeline, message: str, tag_alone_answer: str
) -> None:
    assert pipeline.answer(message).fact_id != tag_alone_answer


@pytest.mark.parametrize(
    "question",
    [
        "does the article say anything about that",
        "what does the report say?",
        "в статье про это что-нибудь есть?",
    ],
)
def test_asking_what_the_article_says_of_nothing_named_is_no_question_of_its_own(
    pipeline: Pipeline, question: str
) -> None:
    """It points back at the message before it ("...whether Modi goes. what does the report
    say?"): alone it asks nothing, and in a long message the question is looked for before it."""
    assert pipeline.matcher.match(question).kind is DecisionKind.EMPTY


def test_a_question_a_long_russian_message_says_it_has_to_write_is_what_it_asks(
    pipeline: Pipeline,
) -> None:
    message = (
        "мне для доклада надо написать когда и кем была создана шос. учительница строгая, "
        "проверяет каждую цифру. подскажите пожалуйста, очень надо"
    )
    assert pipeline.answer(message).fact_id == "sco_founding"


@pytest.mark.parametrize("question", ["о чем договорятся лидеры", "what will the leaders agree on"])
def test_what_they_will_agree_on_is_an_outcome_the_agenda_does_not_give(
    pipeline: Pipeline, question: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert decision.fact_id is None
    assert decision.frame is not None and decision.frame.kind == "outcome"


@pytest.mark.parametrize("question", ["who decides the agenda", "кто определяет повестку саммита"])
def test_who_decides_what_the_summit_does_is_not_answered_with_a_person_it_names(
    pipeline: Pipeline, question: str
) -> None:
    """The article names who meets whom, not who sets the agenda: the agenda is related."""
    decision = pipeline.matcher.match(question)
    assert decision.fact_id is None
    assert decision.suggestions == ("agenda",)


def test_who_he_is_is_asked_first_of_the_one_the_chatter_named(pipeline: Pipeline) -> None:
    """The name goes where "he" stands, so the clause asking who he is names him."""
    message = (
        "i don't follow asian politics at all and the news keeps mentioning a guy called xi. "
        "who is he and what's his deal with putin?"
    )
    assert pipeline.answer(message).fact_id == "person_xi"


def test_a_guess_before_a_short_question_is_not_part_of_it(pipeline: Pipeline) -> None:
    """The wrong place guessed would count against the fact that says where it is."""
    for message, fact_id in [
        ("i thought the summit was in bishkek, where is it actually?", "summit_venue"),
        ("my friend says its in bishkek. where is it really?", "summit_venue"),
        ("я думал саммит в бишкеке. где он на самом деле?", "summit_venue"),
        ("I was pretty sure it's in august, when is it really?", "summit_dates"),
    ]:
        assert pipeline.answer(message).fact_id == fact_id, message
    # a tag is no question of its own: the claim is what it asks about
    assert pipeline.answer("my friend says modi is going, is that true?").fact_id == "india"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        ("separate thing: what does sco actually stand for", "sco_overview"),
        (
            "quiz question for tonight: which two countries created the Shanghai group?",
            "sco_founding",
        ),
    ],
)
def test_a_short_preface_before_a_colon_is_not_part_of_the_question(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # the rest of its own sentence asks
        ("so for my school project. the date of the astana summit, can u help?", "summit_dates"),
        # "that" points at the sentences before it, not at its own chatter
        (
            "homework question: what did the sco say at its last summit. i'm totally lost and "
            "it's due tomorrow, could you help me out with that?",
            "last_year_summit",
        ),
        (
            "my editor is on my back. i need the day putin actually landed, not the summit "
            "dates. what does your article say?",
            "putin_arrival",
        ),
        # the sentence before asks for a kind, though it names nothing
        ("i need the venue. can you help? my aunt wants to send a postcard", "summit_venue"),
        # "that" is who was named before it
        ("there's a name here i don't know, xi jinping. can you tell me who that is?", "person_xi"),
        # a request cut before why they ask ("so I can answer her") leans on the sentence before
        (
            "my gran saw it on tv. she wants to know which city the meeting of all these "
            "leaders is in. can you tell me so i can answer her?",
            "summit_venue",
        ),
    ],
)
def test_a_question_that_is_only_chat_asks_what_it_leans_on(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # the part read first leans on a claim; the question is the sentence after it
        (
            "my cousin says the sco leaders meet in late august and she's organising a "
            "wedding around it. is she right? when is this summit actually happening, we "
            "don't want to pick the wrong weekend",
            "summit_dates",
        ),
        (
            "my uncle swears modi is flying to astana to see putin, i told him i read he's "
            "skipping it. who's right, and if modi isn't going then who goes for india?",
            "india",
        ),
    ],
)
def test_a_long_message_is_answered_by_its_other_question_when_the_first_part_is_unsure(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # described by what they lead, or by the capital they lead from
        ("the leader of china in all of this, who is he?", "person_xi"),
        ("the president in ankara that putin is seeing, who's that?", "person_erdogan"),
        # a background or a part in the story is who they are
        ("some background on the russian leader please", "person_putin"),
        ("биография эрдогана", "person_erdogan"),
        ("what's guterres's part in all of this?", "un_guterres"),
        # "one line" is how short, not a line of anything
        ("what's the one-line description of xi?", "person_xi"),
        # "the one meeting putin" only describes the president asked about
        ("turkish president, the one meeting putin, any background on him?", "person_erdogan"),
    ],
)
def test_a_person_described_by_office_or_capital_is_who_is_asked_about(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # the edition named ("this year's") takes the place of "the", not the place asked
        ("is this year's summit in kazakhstan or kyrgyzstan?", "summit_venue"),
        ("is this years summit in uzbekistan", "summit_venue"),
        # "a bit", "a little" only soften a request
        ("tell me a little about what the shanghai cooperation organisation is", "sco_overview"),
        ("tell me a bit about the sco", "sco_overview"),
    ],
)
def test_an_edition_named_or_a_softened_request_still_asks_the_plain_question(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # a request with no question in it, without why they ask and what follows
        (
            "sorry, on a train with bad signal. i need the dates of the sco summit for our "
            "expense report, my manager wants it done tonight and nothing will load. thanks!",
            "summit_dates",
        ),
        (
            "my wife is turkish and follows erdogan's every move. is erdogan meeting putin "
            "during this trip? she will want to know",
            "bilateral_meetings",
        ),
    ],
)
def test_a_request_in_a_long_message_is_read_without_its_purpose(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


def test_a_question_leaning_on_chatter_leans_on_the_sentence_before_it(
    pipeline: Pipeline,
) -> None:
    # "is that on the schedule?" points past "i told her i'd ask the bot" to the meeting
    message = (
        "my girlfriend follows turkish politics closely and wants to know if erdogan and "
        "putin will have their own meeting on the sidelines in kazakhstan. i told her i'd ask "
        "the bot instead of doomscrolling. so, is that on the schedule?"
    )
    assert pipeline.answer(message).fact_id == "bilateral_meetings"


def test_another_part_asking_about_him_does_not_answer_a_long_message(pipeline: Pipeline) -> None:
    # "he" is Guterres, and the article names no meeting of his: the part alone would get
    # Putin's meetings
    message = (
        "so guterres is coming to astana, wow, that's a big deal for the un. is he going to "
        "have a private meeting with putin while he's there? my professor thinks so."
    )
    assert pipeline.answer(message).fact_id is None


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        ("how?", None),  # asks nothing yet: answered with how to ask
        ("who?", None),
        ("why?", None),
        ("where?", "summit_venue"),  # asked of the event itself
        ("when?", "summit_dates"),
        ("откуда?", "article_sources"),  # a source is asked for by the word alone
        ("how do you know that", "article_sources"),
        ("one-on-ones?", "bilateral_meetings"),  # small words that together name a thing
    ],
)
def test_a_bare_question_word_is_asked_only_of_the_event(
    pipeline: Pipeline, message: str, fact_id: str | None
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


def test_meeting_after_an_asked_about_person_is_the_verb(pipeline: Pipeline) -> None:
    """ "is Putin meeting Xi?" asks about meeting him; "the SCO meeting" is the summit."""
    assert pipeline.matcher.read("who is putin meeting in astana").tokens[-2:] == (
        "meet",
        "@astana",
    )
    assert "summit" in pipeline.matcher.read("when is the sco meeting").tokens
    assert pipeline.answer("who is putin meeting in astana").fact_id == "bilateral_meetings"


@pytest.mark.parametrize(
    ("question", "meets"),
    [
        ("putin is meeting xi?", True),  # a name before the auxiliary
        ("who's he meeting", True),  # "he" with the "'s" dropped
        ("is she meeting putin", True),
        ("the putin meeting, when is it", False),  # a meeting named after him
    ],
)
def test_meeting_after_someone_asked_about_is_the_verb(
    pipeline: Pipeline, question: str, meets: bool
) -> None:
    assert ("meet" in pipeline.matcher.read(question).tokens) is meets


def test_last_years_summit_was_online_which_says_how_not_where(pipeline: Pipeline) -> None:
    assert pipeline.answer("was last year's summit held in person?").fact_id == ("last_year_summit")
    # ...so where it was is not answered, but what the article says of it is offered
    decision = pipeline.matcher.match("where was last years summit held")
    assert (decision.kind, decision.suggestions) == (DecisionKind.PARTIAL, ("last_year_summit",))
    assert pipeline.replies.reply(decision).answer.startswith("The article doesn't say where")
    assert pipeline.answer("will modi attend in person").fact_id == "india"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("explain the sco to me like im 12", "sco_overview"),
        ("объясни простыми словами что такое шос", "sco_overview"),
    ],
)
def test_how_to_explain_is_not_what_is_asked(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    """ "like I'm five" says how to answer: its words are not content a fact must explain."""
    assert pipeline.matcher.match(question).fact_id == fact_id


def test_russian_typed_in_latin_letters_is_read_as_russian(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("kogda prohodit sammit shos?")
    assert decision.language == "ru"
    assert decision.fact_id == "summit_dates"
    assert pipeline.matcher.match("whats teh venu").language == "en"  # English typos stay English


def test_a_decision_explains_itself(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("who is going to represent india?")
    assert decision.rule is Rule.ANSWERED
    assert decision.frame is not None and decision.frame.kind == "representative"
    explanation = decision.explanation
    assert explanation is not None
    assert explanation.fact_id == "india"
    assert explanation.example in pipeline.knowledge.facts_by_id["india"].questions
    assert explanation.runner_up is not None
    assert explanation.margin >= pipeline.knowledge.tuning.thresholds.margin


@pytest.mark.parametrize(
    "question",
    ["which airport did putin land at", "who wrote the article", "why was astana chosen"],
)
def test_a_concept_the_article_never_covers_is_not_answered_by_a_neighbour(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.matcher.match(question).fact_id is None


def test_a_yes_no_about_a_person_in_a_place_is_not_about_the_venue(pipeline: Pipeline) -> None:
    assert pipeline.matcher.match("is putin in kazakhstan already?").fact_id == "putin_arrival"


def test_a_name_inside_something_else_is_not_a_question_of_where(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("will the summit help end the war in ukraine")
    assert decision.fact_id is None


@pytest.mark.parametrize(
    ("question", "fact_id", "answer_opens"),
    [
        # the setting after another country only says which event: the question is about it
        ("will the us be at the summit in kazakhstan", "attendees", "The article does not list"),
        ("is iran at the summit in kazakhstan?", "attendees", "Yes: Iran is"),
        ("иран будет на саммите в казахстане?", "attendees", "Да: Иран"),
        # ...and after a person: it is where the event is, not what is asked
        ("is modi attending the summit in kazakhstan?", "india", ""),
        ("is putin meeting xi jinping in kazakhstan?", "bilateral_meetings", ""),
        # ...while a place named first is still asked about
        ("is the summit in russia or kazakhstan", "summit_venue", ""),
    ],
)
def test_a_country_named_before_the_place_is_what_a_yes_no_asks_about(
    pipeline: Pipeline, question: str, fact_id: str, answer_opens: str
) -> None:
    reply = pipeline.answer(question)
    assert reply.fact_id == fact_id
    assert reply.answer.startswith(answer_opens)
    assert "Kazakhstan is" not in reply.answer  # the setting is not reported on


def test_a_fact_about_a_whole_is_about_its_parts(pipeline: Pipeline) -> None:
    """The US is part of the West: the statement that avoids naming the West answers it."""
    assert pipeline.answer("was NATO or the US named in last year's statement").fact_id == (
        "last_year_summit"
    )


@pytest.mark.parametrize("country", ["iran", "the us"])
def test_naming_a_country_does_not_carry_a_question_the_list_does_not_explain(
    pipeline: Pipeline, country: str
) -> None:
    """Below the answer threshold, a fact must explain half of what is said besides names."""
    assert pipeline.answer(f"has {country} reacted to the summit").fact_id is None
    assert pipeline.answer(f"is {country} sending a delegation to astana").fact_id == "attendees"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who is Si Tszinpin?", "person_xi"),  # Russian spellings of names, in Latin letters
        ("who is Redzhep Tayip Erdogan?", "person_erdogan"),
        ("who is Vladimir Vladimirovich, what's his title", "person_putin"),
    ],
)
def test_names_spelt_the_russian_way_in_latin_letters_are_known(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    "question",
    ["why didn't they hold it in russia", "why in astana?", "почему саммит именно в астане"],
)
def test_why_the_summit_is_where_it_is_is_not_answered_with_the_scos_purpose(
    pipeline: Pipeline, question: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert decision.fact_id is None
    assert decision.frame is not None and decision.frame.kind == "place_reason"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "the article keeps mentioning a guy called xi and I don't follow chinese politics at "
            "all, my feed is all football. who is he, what's his job?",
            "person_xi",
        ),
        (
            "my turkish landlord keeps bringing this summit up and I just nod along. who is "
            "erdogan exactly, what's his position?",
            "person_erdogan",
        ),
        (  # two named: "he" is the one the chatter is about, named first
            "The report mentions a Tayyip Erdogan that Putin is due to meet. Which country is he "
            "from and what office does he hold?",
            "person_erdogan",
        ),
        (  # ...unless the sentence right before the question names one of them only
            "grandma asked who the turkish guy putin is supposed to meet is. i said erdogan but "
            "she asked what his actual title is and i blanked. is he president or prime minister?",
            "person_erdogan",
        ),
        (  # ...or the last sentence before it that names any of them
            "saw a photo of putin next to some man in a grey suit. the caption said xi "
            "jinping. honestly no idea myself. who is he?",
            "person_xi",
        ),
    ],
)
def test_a_pronoun_in_the_asking_part_stands_for_the_person_the_chatter_named(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    "question", ["how are you doing today", "good morning everyone", "recommend me a film"]
)
def test_chat_that_relies_on_nothing_a_fact_is_about_gets_no_did_you_mean(
    pipeline: Pipeline, question: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert (decision.kind, decision.suggestions) == (DecisionKind.DECLINE, ())


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("is putin meeting xi jinping while he's over there?", "bilateral_meetings"),  # chat words
        ("who is antonio guterres in this story", "un_guterres"),
        ("is the sco a military alliance", "sco_overview"),  # not last year's 'military support'
        ("шос это военный блок?", "sco_overview"),
    ],
)
def test_chat_words_around_a_question_do_not_cost_it_its_fact(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("was the sco founded in 1996?", "sco_founding"),  # the answer says 2001
        ("шос создали в 1996?", "sco_founding"),
        ("is the sco summit in 2024", "summit_dates"),
        ("was last year's summit in 2022?", None),  # the article gives no date for it
        ("was the 2019 summit in moscow?", None),
    ],
)
def test_a_yes_no_about_a_year_is_answered_with_the_date_the_article_gives(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # "another question" opens a question; it does not ask for others
        ("another question: who represents india?", "india"),
        ("ладно, другой вопрос: кто будет представлять индию?", "india"),
        ("so... putin's in kazakhstan rn?", "putin_arrival"),  # "rn": right now
    ],
)
def test_chat_openers_are_not_read_as_what_is_asked(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    "question",
    [
        "what plane did putin come on",  # the article says nothing of planes...
        "is belarus formally joining the sco this time",  # ...of membership...
        "where was the summit held the year before last?",  # ...or of other editions
        "was the putin xi meeting a success",  # nor how it went
        "did the putin xi meeting go well",
        "have putin and erdogan met before",  # nor their history
        "can you quote last year's statement word for word",  # nor the statement's full text
        "is erdogan's wife coming too?",  # nor the leaders' families
        "жена эрдогана тоже приедет?",
        "what's the weather like in astana in july",  # nor the weather
        "какая погода в астане в июле",
        "which kremlin spokesman gave the statement",  # nor who spoke for the Kremlin
        "беларусь вступит в шос на этом саммите?",
    ],
)
def test_near_misses_on_what_the_article_does_not_say_are_declined(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id is None


def test_the_article_named_as_the_users_own_is_filler(pipeline: Pipeline) -> None:
    question = (
        "My grandson insists this club was founded by Russia alone. Which countries "
        "established it, and in what year, according to your article?"
    )
    assert pipeline.answer(question).fact_id == "sco_founding"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("@SummitQABot which weekday did Poutine fly in", "putin_arrival"),  # other spellings
        ("whats the headline of the artical", "article_sources"),  # the article's title
        ("как называется статья", "article_sources"),
        ("which countries are sending people to astana", "attendees"),
        ("is the un secretary general attending", "un_guterres"),  # not "the UN" and more words
        ("ok fine, when is this one", "summit_dates"),
        ("is Türkiye on the list for the Astana summit?", "attendees"),  # the list answers it
        ("what's xi's role", "person_xi"),  # a person's role is their job...
        ("Wladimir Poutin role?", "person_putin"),
        ("it's the shanghai org so it's in shanghai right?", "summit_venue"),  # the SCO's name
        ("when was the group founded and by whom", "sco_founding"),  # "the group" is the SCO
        ("wait putin's in kazakhstan??", "putin_arrival"),  # "wait" is chat
        ("Who is this Guterres they keep mentioning, dear?", "un_guterres"),
        ("where does this whole story come from anyway", "article_sources"),  # the story: article
        ("what is the story with modi", "india"),  # "what's the story with" only asks
        ("what's the deal with the sco", "sco_overview"),
        ("what role will russia and china play", "russia_china_roles"),  # ...countries' differ
        ("when was the sco born?", "sco_founding"),
        # how much a country counts at the summit is not a leader's office ("who leads Russia?")
        ("who are the heavyweights at this thing", "russia_china_roles"),
        ("who's gonna run the show in astana", "russia_china_roles"),
        ("who leads Russia?", "person_putin"),
        ("what year did the sco start", "sco_founding"),  # the SCO's start is its founding...
        ("when did the summit start", "summit_dates"),  # ...the summit's is its dates
        ("wat is the shanghai coop org", "sco_overview"),  # the SCO's chat names
        ("what year did the sco come into existence", "sco_founding"),  # not the summit's
        ("what was the sco originally meant for", "sco_purpose"),
        ("kazakhstan or kyrgyzstan, where is the meeting", "summit_venue"),
        ("putin is the president of russia, yes?", "person_putin"),  # a tag "yes?" only asks
        ("@SummitQABot indian pm attending y/n", "india"),  # "y/n" is not "why"
        ("what role are russia and china supposed to have", "russia_china_roles"),
        ("bro is it really on the 3rd and 4th of july or did i misread", "summit_dates"),
        ("does moscow want the summit to make the sco work better", "summit_aims"),  # an aim
        ("did inida help start the SCO", "sco_founding"),
        ("how central will moscow and beijing be", "russia_china_roles"),
        ("@SummitQABot time and place of the summit?", "summit_dates"),
        # a pronoun in the asking part: the name the chatter introduces, not the first one
        (
            "Reading the bit about Putin's side meetings and I keep seeing the name Xi Jinping."
            " I'm not great with world politics, so who is he and what country does he lead?",
            "person_xi",
        ),
        # asking for a short answer, and saying the article mentions someone, is chatter
        ("The article mentions Erdogan, who is he, in a line or two?", "person_erdogan"),
        ("В статье упоминается Си Цзиньпин. Кто он такой, если коротко?", "person_xi"),
        ("in which city are they meeting? i want to put a pin on my map", "summit_venue"),
        # a country at the event is on the list of those attending, not in Putin's meetings
        ("is turkey at the summit?", "attendees"),
        ("will china be there?", "attendees"),
        ("а иран будет?", "attendees"),
        # a part that only asks asks it of the sentence before it
        (
            "I heard Putin has some one-on-one talks lined up before the summit. With whom"
            " exactly?",
            "bilateral_meetings",
        ),
        # the leaders gathering is the summit itself: when and where they gather is its own
        ("on which days are the leaders gathering?", "summit_dates"),
        ("в каком городе собираются руководители стран", "summit_venue"),
        ("is modi goin to astana", "india"),  # chat spellings of going
        ("give me the basics on the sco", "sco_overview"),
        ("where did u get this", "article_sources"),  # asking for the source in chat words
        ("what are you basing all this on?", "article_sources"),  # only asks for the source
        ("UNSG attending?", "un_guterres"),
        ("which website did they quote", "article_sources"),
        ("where is this information coming from", "article_sources"),  # not a place
        ("how big a part will russia and china play at the summit", "russia_china_roles"),
    ],
)
def test_other_words_for_what_a_fact_says_find_it(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_of_the_comma_parts_that_ask_the_fullest_is_the_question() -> None:
    from bot.matching.focus import asking_part

    message = (
        "my cousin lives in kazakhstan and says her city is blocked off everywhere. which city is "
        "actually hosting the sco meeting, the capital or almaty, how do i tell her?"
    )
    tuning = focus_tuning()
    assert asking_part(message, {"which", "how"}, tuning) == (
        "which city is actually hosting the sco meeting"
    )


def test_a_part_opening_with_a_conjunction_is_when_the_next_part_asks() -> None:
    from bot.matching.focus import asking_part

    message = (
        "so many headlines and none explain a thing. when all these leaders finally sit down in "
        "astana, what are they going to talk about? my dad keeps asking me every five minutes"
    )
    tuning = focus_tuning()
    asked = asking_part(message, {"when", "what"}, tuning, conjunctions={"when"})
    assert asked == "what are they going to talk about?"


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        (
            "what is this organisation so i don't look clueless at dinner?",
            "what is this organisation?",
        ),
        ("when is it, because i need to book a flight", "when is it"),
        ("so i can tell my dad", "so i can tell my dad"),  # nothing before it asks
    ],
)
def test_why_the_asker_wants_to_know_is_not_part_of_the_question(message: str, asked: str) -> None:
    from bot.matching.focus import asking_part, embedding_pattern

    purposes = embedding_pattern(["so i", "because i"])
    tuning = focus_tuning()
    assert asking_part(message, {"what", "when"}, tuning, purposes=purposes) == asked


def test_a_question_embedded_in_a_statement_is_asked_from_its_marker_on() -> None:
    from bot.matching.focus import asking_part, embedding_pattern

    message = (
        "writing a short piece for the school paper about the summit in astana and i need to "
        "know whether iran is among the countries coming, and if so who leads its delegation"
    )
    tuning = focus_tuning()
    embedding = embedding_pattern(["know whether"])
    asked = asking_part(message, {"who"}, tuning, {"and", "if", "so"}, embedding=embedding)
    assert (
        asked
        == "know whether iran is among the countries coming, and if so who leads its delegation"
    )


def test_an_embedded_question_ends_at_a_comma_part_that_asks_nothing() -> None:
    from bot.matching.focus import asking_part, embedding_pattern

    message = (
        "i need to know who set up the sco and in what year, arguing with my brother about it "
        "and he says it was the soviets. winner buys pizza"
    )
    tuning = focus_tuning()
    embedding = embedding_pattern(["need to know who"])
    # "winner" names what is asked (a one-word cue) but asks nothing of its own here
    question_words = {"who", "what", "winner"}
    asked = asking_part(
        message, question_words, tuning, {"and"}, embedding=embedding, strong={"who", "what"}
    )
    assert asked == "who set up the sco and in what year"  # from its question word on


def test_a_mention_of_the_bot_is_not_the_first_word_of_a_question() -> None:
    from bot.matching.focus import asking_part

    message = "@SummitQABot what's the SCO, for those of us who don't know"
    tuning = focus_tuning(min_words=8)
    assert asking_part(message, {"what", "who"}, tuning) == "@SummitQABot what's the SCO"


def test_small_talk_in_a_long_message_is_not_its_question() -> None:
    from bot.matching.focus import asking_part

    message = (
        "How's your day going? Mine's been chaos. Anyway, which country is the summit in "
        "this time, I saw a headline and scrolled past it."
    )
    tuning = focus_tuning()

    def small_talk(clause: str) -> bool:
        return clause.lower().rstrip("?") == "how's your day going"

    asked = asking_part(message, {"which", "how"}, tuning, small_talk=small_talk)
    assert asked == "which country is the summit in this time"
    # without telling small talk, the clause with the question mark wins
    assert asking_part(message, {"which", "how"}, tuning) == "How's your day going?"


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("changing topic - who is xi jinping?", "who is xi jinping?"),
        ("thanks for the info earlier! what's the sco for?", "what's the sco for?"),
        ("separate thing: what does sco stand for", "what does sco stand for"),
        # after a colon, the question word may come second (Russian word order)
        ("спасибо за ответы! последнее: путин кто по должности", "путин кто по должности"),
        # a preface that names something is part of what is asked
        ("Modi isn't going. who is?", "Modi isn't going. who is?"),
    ],
)
def test_a_short_message_asks_after_a_preface_that_says_nothing(message: str, asked: str) -> None:
    from bot.matching.focus import asking_part

    def chat(preface: str, says_nothing: bool) -> bool:
        return "modi" not in preface.lower()

    tuning = focus_tuning()
    assert asking_part(message, {"what", "who", "кто"}, tuning, chat=chat) == asked


def test_a_question_embedded_after_a_comma_stands_on_its_own() -> None:
    from bot.matching.focus import asking_part, embedding_pattern

    message = (
        "у меня коллега из бишкека хочет узнать, будет ли на саммите делегация киргизии, а то "
        "у них по новостям толком ничего не говорят"
    )
    tuning = focus_tuning()
    asked = asking_part(message, {"кто"}, tuning, embedding=embedding_pattern(["хочет узнать"]))
    assert asked == "будет ли на саммите делегация киргизии"


def test_a_clause_that_asks_after_chatter_is_the_question() -> None:
    from bot.matching.focus import asking_part

    message = (
        "i zoned out halfway through the news on the bus today, honestly no idea what it said, "
        "and so what day did putin land there"
    )
    tuning = focus_tuning()
    chatter = {"and", "so"}
    assert asking_part(message, {"what"}, tuning, chatter) == "and so what day did putin land there"
    # a part that opens with a question word outright still comes first
    assert asking_part(message + ", what day", {"what"}, tuning, chatter) == "what day"


@pytest.mark.parametrize(
    "question",
    [
        "best plov place in almaty",  # a list yes/no must explain what the question relies on
        "how have sco relations with russia changed over the years",  # history beyond it
    ],
)
def test_a_place_named_in_a_question_about_something_else_gets_no_yes_or_no(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id is None


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        ("is this all just russian propaganda, where's it from?", "article_sources"),
        (
            "bored at my desk and the whole office is arguing about this. who's right? are "
            "Mongolia and Belarus coming?",
            "attendees",
        ),
        (
            "у нас в чате спор, кто прав? едут ли катар и оаэ на саммит в казахстан?",
            "attendees",
        ),
    ],
)
def test_settle_it_chatter_leaves_the_question_it_settles(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("is xi the chinese premier", "person_xi"),  # the fact gives his office: no
        ("эрдоган премьер турции?", "person_erdogan"),
        ("is jaishankar india's foreign minister?", "india"),  # ...or yes
        ("who is china's prime minister", None),  # naming the premier is another matter
    ],
)
def test_a_yes_no_about_someones_office_is_settled_by_the_office_the_article_gives(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("will it last a full week?", "summit_dates"),
    ],
)
def test_a_yes_no_claim_of_a_kind_one_fact_gives_is_settled_by_that_fact(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    # the claim ("a full week") is what the fact does not explain, not a near miss (a guess at
    # what the summit is about is read without the guess: test_frames.py)
    decision = pipeline.matcher.match(question)
    assert (decision.fact_id, decision.rule) == (fact_id, Rule.CLAIM_CHECKED)


@pytest.mark.parametrize(
    "question", ["does the summit happen in the winter", "is the summit sometime in november?"]
)
def test_a_season_or_a_month_asks_when_this_summit_is(pipeline: Pipeline, question: str) -> None:
    # not last year's virtual summit, whose "where" a season could be mistaken for
    assert pipeline.matcher.match(question).fact_id == "summit_dates"


def test_a_claim_is_not_settled_when_the_fact_does_not_give_what_is_asked(
    pipeline: Pipeline,
) -> None:
    # "right now" is not "..., right?": a who-question no fact answers stays unanswered
    assert pipeline.matcher.match("who is russia's foreign minister right now").fact_id is None
    assert pipeline.matcher.match("will they sign a trade deal?").fact_id is None
    # a question word asks rather than claims
    asked = "I heard someone from the UN is going to Astana. Is that true? And who exactly?"
    assert pipeline.matcher.match(asked).rule != Rule.CLAIM_CHECKED


def test_a_yes_no_about_an_office_asks_who_holds_it(pipeline: Pipeline) -> None:
    # the article lists Iran, not who comes for it: no "Yes" for the president
    reply = pipeline.answer("will the iranian president attend")
    assert (reply.fact_id, reply.suggestions[0][0]) == (None, "attendees")
    assert reply.answer.startswith("The article doesn't say who.")
    # a country nobody listed is still a plain no, and a fact about the office still answers
    assert pipeline.answer("is the us president coming?").answer.startswith(
        "The article does not list the United States"
    )
    assert pipeline.answer("is the indian pm going?").fact_id == "india"


def test_a_question_that_only_points_back_is_read_with_the_claim_it_points_at(
    pipeline: Pipeline,
) -> None:
    message = "We argued at lunch. My friend says the UN secretary general is coming. Is that true?"
    assert pipeline.matcher.match(message).fact_id == "un_guterres"
    # a short message too, read whole: the claim is what the sister says
    reply = pipeline.answer("моя сестра говорит, что путин прилетел в ташкент. это правда?")
    assert (reply.fact_id, reply.answer[:4]) == ("putin_arrival", "Нет:")
    # a claim about the event itself, and one with an abbreviation's dots in it
    said = {
        "My friend says the SCO was founded in 1996. Is that true?": "sco_founding",
        "my dad says the summit is in Astana. who is right?": "summit_venue",
        "My friend says the U.S. president is coming. Is that true?": "attendees",
        # a question of its own before the pointing one is what is asked
        "My friend says Xi is coming. When does it start? Is that true?": "summit_dates",
    }
    for message, fact_id in said.items():
        assert pipeline.matcher.match(message).fact_id == fact_id, message
    # ...but one that also asks something of its own is read for that
    asked = (
        "My colleague swears Kyrgyzstan is coming and another says only big countries like"
        " China and India. Who is right? Which countries will be there at all?"
    )
    assert pipeline.matcher.match(asked).fact_id == "attendees"


def test_of_two_claims_pointed_at_the_first_is_asked_its_answer_settles_both(
    pipeline: Pipeline,
) -> None:
    disputes = {
        "our chat is split. one guy says it's july 4-5, another says july 3-4. settle it": (
            "summit_dates"
        ),
        # "пишет, что ...": the claim goes on past the comma, up to the second report
        "Один блогер пишет, что саммит в Астане, другой что в Бишкеке. Кто прав?": "summit_venue",
    }
    for message, fact_id in disputes.items():
        assert pipeline.matcher.match(message).fact_id == fact_id, message
    # the second claim's words are no part of the first's
    assert asked_and_focus(
        pipeline,
        "my cousin swears modi is going to astana, my aunt says it's jaishankar. who's right?",
    ) == ("india", "modi is going to astana?")


def test_a_pronoun_before_another_name_leans_on_the_one_the_chatter_gave(
    pipeline: Pipeline,
) -> None:
    # "he" is not Putin, named after it: it is the Erdogan the chatter is about
    message = (
        "my turkish friend keeps talking about erdogan. who is he and what is he doing with putin?"
    )
    decision = pipeline.matcher.match(message)
    assert "erdogan" in decision.entities
    assert decision.fact_id in ("bilateral_meetings", "person_erdogan")


def test_a_kind_no_fact_gives_is_an_honest_partial_answer(pipeline: Pipeline) -> None:
    # not "the article covers only this summit": it covers NATO, not how anyone reacted
    decision = pipeline.matcher.match("did nato respond?")
    assert (decision.fact_id, decision.rule) == (None, Rule.FRAME_NOT_SUPPLIED)
    assert pipeline.answer("did nato respond?").answer.startswith(
        "The article doesn't say how anyone reacted"
    )


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("is erdogan the president of china?", "person_erdogan"),
        ("is putin the turkish president?", "person_putin"),
        ("эрдоган президент китая?", "person_erdogan"),
    ],
)
def test_an_office_beside_someone_named_asks_who_they_are(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    """ "Is Erdogan China's president?" is about Erdogan, not about Xi, whom "China's
    president" names: no, he is Turkey's."""
    reply = pipeline.answer(question)
    assert reply.fact_id == fact_id
    assert reply.answer.startswith(("No", "Нет"))


def test_an_office_after_a_verb_still_names_its_holder(pipeline: Pipeline) -> None:
    assert pipeline.answer("is putin meeting the chinese president?").fact_id == (
        "bilateral_meetings"
    )


@pytest.mark.parametrize(
    ("request_text", "fact_id"),
    [
        ("describe the sco", "sco_overview"),
        ("i need a short description of the sco", "sco_overview"),
        ("describe putin", "person_putin"),  # like "explain putin": the name is what is asked
    ],
)
def test_asking_for_a_description_asks_what_it_is(
    pipeline: Pipeline, request_text: str, fact_id: str
) -> None:
    assert pipeline.answer(request_text).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("what is guterres's job?", "un_guterres"),  # the UN Secretary-General
        ("как зовут генсека оон", "un_guterres"),
        ("джайшанкар кто по должности", "india"),  # India's foreign minister
        ("what is guterres going to say at the summit?", None),  # what he says: not in it
    ],
)
def test_a_role_or_name_is_asked_of_the_fact_that_names_it(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("when does the shindig in astana kick off", "summit_dates"),
        ("when did the kremlin boss touch down", "putin_arrival"),
        ("who dreamed up the sco", "sco_founding"),
        ("who's this putin bloke", "person_putin"),
        ("who's flying the flag for india", "india"),
    ],
)
def test_everyday_english_asks_like_the_plain_words(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_that_one_in_a_message_keeps_the_year_its_chatter_named(pipeline: Pipeline) -> None:
    """ "...watched the 2019 sco summit. where was that one, and who came?": another edition,
    not this one; neither question is answered with this summit's facts."""
    message = "my uncle says he went to the 2019 sco summit. where was that one, and who came?"
    assert pipeline.answer(message).fact_id is None


def test_a_question_embedded_after_a_preposition_is_found(pipeline: Pipeline) -> None:
    """ "I want to know *in* which city...": the preposition before the question word does not
    hide the question the statement embeds."""
    message = (
        "sorry for my english. my husband watches news every day and says Putin flies to Asia."
        " I want to know in which city the summit is, because my sister lives in Kazakhstan"
    )
    assert asked_and_focus(pipeline, message) == (
        "summit_venue",
        "which city the summit is",
    )


def test_a_question_word_asked_alone_asks_it_of_the_statement_before(pipeline: Pipeline) -> None:
    """ "...Все пишут, что Моди не едет в Астану. Почему? Болеет или политика?" asks why he is
    not going, which the article does not say: an honest partial answer, not India's fact."""
    message = "Я поклонник Моди. Все пишут, что он не едет в Астану. Почему? Болеет или политика?"
    decision = pipeline.matcher.match(message)
    assert decision.frame is not None and decision.frame.kind == "reason"
    assert decision.fact_id is None and decision.suggestions[:1] == ("india",)
    # ...but a question word after a question goes on with that one ("If yes, when?")
    message = "I only read the headline about Putin. Did he already arrive? If yes, when?"
    assert pipeline.matcher.match(message).fact_id == "putin_arrival"


def test_a_word_pointing_at_a_time_keeps_the_time_its_chatter_named(pipeline: Pipeline) -> None:
    """ "then", "тогда": the time the sentence before named, not this summit's."""
    message = (
        "Слышал, что в прошлом году саммит вообще по видеосвязи проводили. А что тогда приняли?"
        " Было какое-то заявление?"
    )
    decision = pipeline.matcher.match(message)
    assert decision.frame is not None and decision.frame.scope == "last_year"
    assert decision.fact_id == "last_year_summit"
    message = "i read last year's summit was held online. why did they do it that way back then?"
    decision = pipeline.matcher.match(message)
    assert decision.frame is not None and decision.frame.scope == "last_year"
    assert decision.fact_id is None  # the article gives no reason


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        ("who is xi jinping, i honestly have no clue about politics", "person_xi"),
        ("когда саммит, а то мама всё спрашивает", "summit_dates"),
        # a year after the comma qualifies the question: kept, so it asks about 2017
        ("was there a summit in astana before, like in 2017?", None),
    ],
)
def test_chatter_after_a_short_question_is_not_part_of_it(
    pipeline: Pipeline, message: str, fact_id: str | None
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("when did they start the sco", "sco_founding"),  # starting the SCO is founding it
        ("when does the summit start", "summit_dates"),  # the summit starting is its dates
    ],
)
def test_starting_the_organisation_is_founding_it(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    "question", ["where's the sco hq", "where is the sco headquarters", "где штаб-квартира шос"]
)
def test_the_organisations_headquarters_is_not_the_summits_venue(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id is None


@pytest.mark.parametrize(
    "question",
    [
        "will the summit actually manage to make the sco more effective?",  # an outcome
        "who interpreted for putin and xi?",  # nobody the article names
        "what came before the sco, was it the shanghai five?",  # history before 2001
        "who's gonna win this summit",  # an outcome asked with "who"
        "who comes out on top at this summit?",
        "why does russia care so much about the sco",  # a motive, not why the SCO was set up
        "why does the kremlin think the sco isn't effective enough",  # an opinion, not the aims
        "who greeted putin when he landed in kazakhstan",  # his arrival names no one else
        "who landed alongside putin",  # those with him: his arrival names only him
        "who's travelling to astana with guterres?",
        "кто прилетел вместе с путиным",
        "was the sco founded in astana",  # where it was founded: the article says when and who
        "who is jaishankar travelling with",  # who came along: India's fact names Modi, absent
        "who is president of kazakhstan which is hosting?",  # not Putin: his office is Russia's
        "с кем летит джайшанкар",
        "what did the sco do in its first years after 2001",  # not its founding
        "what happened as a result of last year's missile defence statement",  # a consequence
        "what did last year's statement on missile defence actually lead to?",
        "has putin attended every sco summit?",  # other editions too
        "do you know where and when the following one will be?",  # the next edition
    ],
)
def test_near_misses_beside_what_the_article_says_are_declined(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id is None


@pytest.mark.parametrize(
    ("question", "fact_id", "opening"),
    [
        ("why is the summit being held in tashkent?", "summit_venue", "No"),  # not there
        ("почему саммит проходит в ташкенте?", "summit_venue", "Нет"),
        ("why is the summit in astana?", None, None),  # true: the article gives no reason
        ("why didn't they hold it in russia?", None, None),  # takes "not there" for granted
    ],
)
def test_a_reason_asked_for_a_place_that_is_not_so_is_corrected(
    pipeline: Pipeline, question: str, fact_id: str | None, opening: str | None
) -> None:
    reply = pipeline.answer(question)
    assert reply.fact_id == fact_id
    if opening:
        assert reply.answer.startswith(opening)


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who was russia's leader when the sco was set up?", None),  # then: not named
        ("who founded the sco?", "sco_founding"),  # countries founded it: they are named
    ],
)
def test_who_held_an_office_at_another_time_is_not_answered_with_countries(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who is the turkish president putin is meeting?", "person_erdogan"),
        ("who is the chinese president that putin will be meeting", "person_xi"),
        ("the chinese guy putin is meeting, who is he", "person_xi"),
        ("кто такой китайский лидер, которого путин встретит", "person_xi"),
        ("who is putin meeting?", "bilateral_meetings"),  # no one described: who he meets
    ],
)
def test_a_clause_describing_the_person_asked_about_asks_nothing(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    """The person named after a description starts a clause about the one asked about."""
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("what's the turkish president's name?", "person_erdogan"),
        ("whats the chinese president called", "person_xi"),
        ("как зовут президента турции", "person_erdogan"),
        ("when did astana get its current name", None),  # the city's naming: not in the article
    ],
)
def test_asking_for_a_name_is_asking_who(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who's the russian prime minister", None),  # Putin is its president
        ("is china's foreign minister there too", None),  # Xi is its president
        ("кто премьер россии", None),
        ("who is india's foreign minister", "india"),  # the office the fact names
        ("who heads the indian delegation", "india"),  # "head" stands for any office
        ("is putin the prime minister?", "person_putin"),  # by name: his fact says no
        ("is xi china's president or its foreign minister?", "person_xi"),  # named twice
        ("эрдоган президент турции или премьер?", "person_erdogan"),
    ],
)
def test_an_office_is_answered_only_by_a_fact_naming_its_holder(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    "question",
    [
        "who's putin meeting in astana",  # "who's" is "who is": meeting is what Putin does
        "is the turkish president going to see putin?",  # auxiliaries after a described person
        "is putin gonna see xi there",
    ],
)
def test_meeting_and_seeing_after_a_person_and_auxiliaries_are_the_verb(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id == "bilateral_meetings"


def test_a_contracted_is_before_a_place_still_asks_whether_it_is_there(
    pipeline: Pipeline,
) -> None:
    reply = pipeline.answer("the summit's in the kazakh capital, right?")
    assert reply.fact_id == "summit_venue"
    assert reply.answer.startswith("Yes")


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("who's xi and is he seeing putin", "person_xi"),  # his fact says Putin meets him
        ("who is the turkish president and what is he doing with putin?", "person_erdogan"),
        ("who is putin meeting and when?", "bilateral_meetings"),  # not who someone is
    ],
)
def test_a_message_first_asking_who_someone_is_gets_who_they_are(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_a_source_asked_of_a_claim_the_chatter_made_is_answered_by_that_claims_fact(
    pipeline: Pipeline,
) -> None:
    """Its answer quotes its source (Russian agencies): not the article's sources in general."""
    message = (
        "saw a tweet saying the un boss is flying to astana for this but twitter is twitter you "
        "know. does your article say anything about it and who reported it?"
    )
    assert pipeline.answer(message).fact_id == "un_guterres"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("@SummitQABot any UN presence in Astana?", "un_guterres"),
        # "according to this piece" only asks the article, as every question does
        ("what was the sco set up for according to this piece?", "sco_purpose"),
        # "in any way" only hedges (lexicon fillers): it is no word the fact must explain
        ("is the united nations represented at the sco meeting in any way?", "un_guterres"),
        ("where are you getting all this", "article_sources"),
        ("моди будет лично?", "india"),  # "in person" asks whether he comes
        ("kogda byl pervyy sammit shos", None),  # "pervyy" is "первый": another edition
        ("What are the dates for the SCO meet this time?", "summit_dates"),  # "meet": the summit
        ("hey what's up, is pakistan going", "attendees"),  # a greeting, not a question
        ("is china going to be a major player there?", "russia_china_roles"),
        (  # ", which seems…" describes what came before it: the question is after it
            "my friend says the event is run by two countries and everyone else is there for the "
            "photos, which seems a bit cynical to me, but does the article say anything about how "
            "prominent russia and china will be?",
            "russia_china_roles",
        ),
        (  # ", which country does he lead" asks
            "the article mentions a tayyip erdogan meeting putin and I'm embarrassed to say "
            "I don't follow turkish politics, which country does he lead and what's his title?",
            "person_erdogan",
        ),
        (  # "like" opens the part that asks, as "so" does
            "some blocs are about trade and some about defence, but where does the SCO fit in, "
            "like what was the original reason for founding it?",
            "sco_purpose",
        ),
    ],
)
def test_everyday_wordings_of_what_the_article_says(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_their_in_any_question_stands_for_the_group_named_before(pipeline: Pipeline) -> None:
    for message in (
        "my uncle says Russia and China run the whole show. what is said about their role?",
        "Мне кажется, Россия и Китай там главные. Что сказано про их роль?",
    ):
        assert pipeline.answer(message).fact_id == "russia_china_roles", message


@pytest.mark.parametrize(
    "message",
    [
        # "them" stands for the countries the sentence before named: not India's representative
        "Qatar and the UAE are going, interesting. Who exactly is representing them, the emir or "
        "ministers? My colleague says the emir never goes to these things.",
        # "is it X or Y" goes on with the question before it, which names Pakistan
        "Who is representing Pakistan in Astana, is it the prime minister or the foreign "
        "minister? We know India is sending Jaishankar but I can't find anything on Pakistan.",
        "Did the SCO ever criticise NATO by name in any statement before last year?",
        "Which country held the chair for last year's online summit?",
        # a live stream is not in the article; "что-то" asks nothing of its own
        "Есть где-нибудь прямая трансляция саммита? Какой канал показывает, Хабар или что-то "
        "российское? Скиньте ссылку если есть",
    ],
)
def test_questions_leaning_on_what_the_message_said_before_are_not_answered_beside_it(
    pipeline: Pipeline, message: str
) -> None:
    assert pipeline.answer(message).fact_id is None


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        # "they" in a yes/no naming nothing stands for the names of the sentence before it
        (
            "my coworker swears the UAE and Qatar are not part of this. are they actually going "
            "to the summit?",
            "Yes: the United Arab Emirates and Qatar are among",
        ),
        (
            "my friend says pakistan has nothing to do with it. do they send anyone?",
            "Yes: Pakistan",
        ),
        # ...not for where the event is
        (
            "the summit in kazakhstan, is it all about security stuff or do they talk about "
            "other things",
            "The summit is expected to address",
        ),
    ],
)
def test_a_group_pronoun_leans_on_the_names_said_before_it(
    pipeline: Pipeline, message: str, answer: str
) -> None:
    assert pipeline.answer(message).answer.startswith(answer)


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        ("my teacher says the sco was founded by china and russia, is that so?", "sco_founding"),
        ("мне учитель сказал что шос основали китай и россия, это так?", "sco_founding"),
        # a tag as the whole last part, or words pointing back at the end without a comma
        ("в чате пишут что моди всё-таки летит в астану, правда?", "india"),
        ("в чате пишут что генсек оон едет в астану это правда?", "un_guterres"),
        ("я правильно понимаю что саммит в узбекистане?", "summit_venue"),  # "No: Astana"
        # a tag as the whole last part asks the claim too
        ("my sister swears the summit is in tashkent, is it?", "summit_venue"),
        ("my cousin swears xi is meeting putin, isn't he?", "bilateral_meetings"),
        # the claim ends with its clause; "actually", "or is it a rumour" still only point back
        (
            "a post going around claims china and iran founded the sco, and my whole class"
            " shared it. is that actually true?",
            "sco_founding",
        ),
        (
            "my neighbour insists the summit is in almaty. is that really true, or is it a rumour?",
            "summit_venue",
        ),
    ],
)
def test_a_claim_someone_reported_and_asked_about_in_one_sentence_is_checked(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("are xi and erdogan meeting each other in astana", None),  # Putin's meetings only
        ("is putin meeting xi and erdogan?", "bilateral_meetings"),
        ("which iranian official is going to astana", None),  # the list names no one for Iran
    ],
)
def test_what_a_fact_says_of_some_is_not_said_of_others(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_asking_for_help_with_the_article_is_no_question_about_the_article(
    pipeline: Pipeline,
) -> None:
    """ "you know this article so help a guy out?" only asks for help with the question before
    it, which is answered, not with where the article comes from."""
    message = (
        "my teacher wants us to say which countries created the sco and in what year. "
        "you know this article so help a guy out?"
    )
    assert pipeline.matcher.match(message).fact_id == "sco_founding"


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("glued", "glued"),  # not "led": a short word is no typo of one two letters shorter
        ("kreml", "kremlin"),  # ...unless it is that word cut short
        ("summmit", "summit"),
        ("kazahstan", "kazakhstan"),
    ],
)
def test_a_short_typo_is_one_letter_off_or_the_word_cut_short(
    pipeline: Pipeline, typed: str, read_as: str
) -> None:
    assert pipeline.matcher.reader("en").correct(typed) == read_as


@pytest.mark.parametrize(
    ("question", "fact_id", "suggested"),
    [
        ("which kremlin official put out the statement", None, "article_sources"),
        ("who from the kremlin issued that statement?", None, "article_sources"),
        ("кто из кремля сделал это заявление?", None, "article_sources"),
        ("who from the un is expected at the summit", "un_guterres", None),
        ("кто из оон приедет?", "un_guterres", None),
    ],
)
def test_one_person_of_a_body_is_answered_only_by_a_fact_naming_someone(
    pipeline: Pipeline, question: str, fact_id: str | None, suggested: str | None
) -> None:
    """The Kremlin's statement names no official: asked which one, the bot says it doesn't
    know and offers what it does say; the UN's envoy is named, so "who from the UN" is him."""
    decision = pipeline.matcher.match(question)
    assert decision.fact_id == fact_id
    if suggested:
        assert suggested in decision.suggestions


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        (
            "My aunt mentioned the SCO held an online summit a year ago and put out some "
            "statement everyone argued about. What did they say back then?",
            "last_year_summit",
        ),
        (
            "my colleague says the kremlin published something about what this summit should "
            "achieve. can you sum it up for me?",
            "summit_aims",
        ),
        # "that" points back at Putin's landing, not at the event; "ahead of everyone else"
        # compares, it asks for no one else
        (
            "I read Putin landed in Kazakhstan ahead of everyone else. What day was that?",
            "putin_arrival",
        ),
        (
            "My uncle says Putin flew in well before the summit started. Any idea what day "
            "that was?",
            "putin_arrival",
        ),
        # "this man" is one of the two named before: which one is not said
        ("My grandpa read that Putin meets Xi Jinping and Tayyip Erdogan. Who is this man?", None),
    ],
)
def test_a_last_question_saying_nothing_a_fact_knows_asks_it_of_the_sentence_before(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("where exactly is the summit?", "summit_venue"),  # the city is the exact answer
        ("where's the sco summit being held exactly", "summit_venue"),
        ("где именно проходит саммит шос?", "summit_venue"),
        ("where exactly in astana is it held?", None),  # finer than the city the article gives
        ("где именно в астане пройдёт саммит?", None),
        ("which building is the summit in?", None),
    ],
)
def test_a_place_asked_exactly_is_finer_only_than_a_place_the_question_names(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("where's ur sorce?", "article_sources"),
        ("where are your sources for all this", "article_sources"),
        ("где твой источник?", "article_sources"),
        # where the information is, or where the bot gets it
        ("wheres all this info frm", "article_sources"),
        ("where does the bot get its info?", "article_sources"),
        ("who's the original source for all this summit stuff", "article_sources"),
        ("where is the summit?", "summit_venue"),
        ("where can i find the summit dates?", "summit_dates"),
    ],
)
def test_where_asked_of_a_source_asks_where_the_information_comes_from(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("what will they discuss at the summit in kazakhstan", "agenda"),
        ("so what's on the agenda for the leaders in kazakhstan?", "agenda"),
        ("что будут обсуждать лидеры в казахстане?", "agenda"),
        ("is the summit in kazakhstan?", "summit_venue"),  # a place asked: the setting is it
        ("which countries are coming to the summit in kazakhstan?", "attendees"),
    ],
)
def test_the_setting_placed_by_a_preposition_only_says_which_event(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id", "suggested"),
    [
        # the article says where the summit is held, not who runs it: say so, offer the venue
        ("who is organising the summit in astana?", None, "summit_venue"),
        ("кто организует саммит?", None, None),
        ("which country organised the summit", "summit_venue", None),  # the host
    ],
)
def test_who_organises_the_summit_is_not_where_it_is_held(
    pipeline: Pipeline, question: str, fact_id: str | None, suggested: str | None
) -> None:
    decision = pipeline.matcher.match(question)
    assert decision.fact_id == fact_id
    if suggested:
        assert decision.suggestions[:1] == (suggested,)


def test_what_the_asker_is_missing_is_not_who_skips_the_summit(pipeline: Pipeline) -> None:
    question = (
        "Got the dates and the venue already. What I'm missing is what came out of the "
        "previous summit"
    )
    assert pipeline.matcher.match(question).fact_id == "last_year_summit"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("what city are they all going to", "summit_venue"),
        ("in which city are they all meeting up", "summit_venue"),
        ("where is all this from?", "article_sources"),  # all this: what the bot has said
    ],
)
def test_all_is_how_many_not_what_is_asked(pipeline: Pipeline, question: str, fact_id: str) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize("question", ["which agencies exactly?", "какие именно агентства?"])
def test_outlets_asked_by_name_are_not_named_by_the_article(
    pipeline: Pipeline, question: str
) -> None:
    """The article cites "Russian agencies" as a group: which ones exactly it never says."""
    decision = pipeline.matcher.match(question)
    assert decision.kind is DecisionKind.PARTIAL
    assert decision.suggestions == ("article_sources",)
    assert pipeline.matcher.match("which agencies does the article cite?").fact_id == (
        "article_sources"
    )


@pytest.mark.parametrize(
    "question", ["who's paying for the summit?", "who funds the summit", "кто платит за саммит?"]
)
def test_who_pays_for_the_summit_is_never_said(pipeline: Pipeline, question: str) -> None:
    """ "who's paying?" is no question about who comes: the article says nothing of money."""
    reply = pipeline.answer(question)
    assert reply.fact_id is None
    assert "pays" in reply.answer or "платит" in reply.answer


def test_at_all_stresses_a_question_and_asks_no_place(pipeline: Pipeline) -> None:
    """ "is he involved in it at all?" is not "is it at ...?": no place is asked."""
    decision = pipeline.matcher.match("Is Jaishankar involved in it at all, and in what capacity?")
    assert decision.fact_id == "india"


def test_what_the_letters_stand_for_is_not_what_the_sco_is_for(pipeline: Pipeline) -> None:
    """ "stand for" ends a cue of its own: the question asks what SCO means, not why."""
    stands = pipeline.matcher.match("what does sco stand for")
    assert stands.fact_id == "sco_overview"
    assert stands.frame is not None and stands.frame.kind == "meaning"
    assert pipeline.matcher.match("what is the SCO for?").fact_id == "sco_purpose"


def test_chatter_after_a_short_question_is_not_asked(pipeline: Pipeline) -> None:
    """ "who is jaishankar? never heard of him": the question, without the aside after it."""
    assert pipeline.matcher.match("who is jaishankar? never heard of him").fact_id == "india"


@pytest.mark.parametrize(
    "question",
    ["is putin meeting erdogan during the trip?", "is putin sitting down with xi on this trip"],
)
def test_during_the_trip_only_says_when_the_meeting_is(pipeline: Pipeline, question: str) -> None:
    """ "during the trip" is Putin's visit to the summit, no word a fact must explain."""
    assert pipeline.matcher.match(question).fact_id == "bilateral_meetings"


def test_coming_up_at_the_summit_is_being_discussed_not_coming(pipeline: Pipeline) -> None:
    """ "will bilateral relations come up?" asks what is discussed, not who attends."""
    question = "are relations between individual countries going to come up too?"
    assert pipeline.matcher.match(question).fact_id == "agenda"


def test_an_office_asked_of_no_one_is_held_by_what_the_chatter_before_names(
    pipeline: Pipeline,
) -> None:
    message = (
        "I'm curious about who runs the SCO day to day. Who is the secretary-general right now? "
        "I could never find a straight answer."
    )
    reply = pipeline.answer(message)
    assert reply.fact_id is None  # the SCO's secretary-general, not the UN's
    assert "SCO Secretary-General" in reply.answer
    # with the UN named before it, the office is the UN's
    assert (
        pipeline.answer(
            "Everyone says the UN is sending someone big this time. Who is the secretary-general "
            "right now? I keep forgetting his name."
        ).fact_id
        == "un_guterres"
    )


def test_of_two_corrections_as_close_the_one_with_the_same_consonants_wins(
    pipeline: Pipeline,
) -> None:
    # "meating" is one letter from "meaning" and from "meeting": a vowel is the likelier slip
    assert pipeline.matcher.read("who is putin meating", "en").words[-1] == "meeting"
    assert pipeline.answer("who is putin meating in astana").fact_id == "bilateral_meetings"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "I want to share your answers in my group chat but people there are super sceptical. "
            "Where's your information about the summit coming from? They'll ask me for sources.",
            "article_sources",
        ),
        ("what's your info on the summit dates?", "summit_dates"),  # the dates, not the source
        (
            "My history teacher mentioned the SCO had a different name when it started, something "
            "with 'Five'. What was it called originally? She didn't remember either.",
            None,  # the article gives only its name now
        ),
    ],
)
def test_what_a_long_message_asks_is_what_is_answered(
    pipeline: Pipeline, message: str, fact_id: str | None
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    "message",
    [
        "I remember reading something about last year's summit a while ago. Which country hosted "
        "it? My memory is terrible lately.",
        "So the article says last year's summit was virtual. Who hosted it, though? My professor "
        "says it was India.",
    ],
)
def test_it_after_a_sentence_naming_another_summit_asks_about_that_one(
    pipeline: Pipeline, message: str
) -> None:
    reply = pipeline.answer(message)
    assert reply.fact_id is None  # this summit's venue does not say who hosted last year's
    assert "last year" in reply.answer


def test_a_pointer_before_a_noun_keeps_the_time_of_its_own_question(pipeline: Pipeline) -> None:
    message = (
        "My wife reckons the footage was from last year. Did Putin actually arrive in Kazakhstan "
        "this week, and if so on which day?"
    )
    assert pipeline.answer(message).fact_id == "putin_arrival"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "the guy who runs Russia and flew into Kazakhstan this week, tell me about him",
            "person_putin",
        ),
        ("президент россии, который прилетел в казахстан, пару слов о нём", "person_putin"),
        # the guy described is not the one named: Putin meets him
        ("the chinese guy putin is meeting, who is he?", "person_xi"),
        ("when did putin land, and where is he staying?", "putin_arrival"),  # two questions
    ],
)
def test_a_message_describing_someone_then_asking_about_him_asks_who_he_is(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "everyone online says this whole thing is a russia-china show and the others just tag "
            "along. is that fair? what kind of role are moscow and beijing expected to have",
            "russia_china_roles",
        ),
        (
            "making flashcards for a model UN session next week. For the SCO card I need what "
            "the letters stand for, who created it and roughly what it does. Can you help me?",
            "sco_founding",
        ),
        # another part that asks yes or no is no plain question to answer instead
        (
            "People say this summit changes the balance of power. What's the prediction: will "
            "Belarus officially join, will new observers be admitted? Just the article's take.",
            None,
        ),
    ],
)
def test_a_part_asking_nothing_of_its_own_leaves_the_answer_to_a_part_that_asks_plainly(
    pipeline: Pipeline, message: str, fact_id: str | None
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    "message",
    [
        "i'm driving through astana on july 3, are there road closures for the summit? i don't "
        "want to be stuck for hours with the kids in the back",
        "i'm curious what xi and putin actually talked about in their meeting, any details?",
    ],
)
def test_what_a_part_asks_that_no_fact_explains_is_declined(
    pipeline: Pipeline, message: str
) -> None:
    """Words the asking part relies on that the article never explains ("road closures") are
    what it asks: it does not lean on the sentence before ("on july 3") to find a fact."""
    assert pipeline.answer(message).fact_id is None


def test_names_read_into_a_pronoun_do_not_stop_it_leaning_on_the_sentence_that_named_them(
    pipeline: Pipeline,
) -> None:
    message = (
        "I'm a bit rusty on what the SCO countries said last year about NATO and Ukraine. Did "
        "they mention either one explicitly? My friend thinks they did"
    )
    assert pipeline.answer(message).fact_id == "last_year_summit"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "i need to know who set up the sco and in what year, arguing with my brother about "
            "it and he says it was the soviets. winner buys pizza",
            "sco_founding",
        ),
        ("did ukraine come up at the summit this year? my family is from kharkiv", None),
        ("will relations between members come up at the summit?", "agenda"),
    ],
)
def test_what_a_chatty_statement_asks_is_answered(
    pipeline: Pipeline, message: str, fact_id: str | None
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


def test_a_short_part_asking_on_which_day_goes_on_with_the_part_before() -> None:
    from bot.matching.focus import asking_part

    message = (
        "извините за мой русский. я читал что путин уже в казахстане, но не понял когда он "
        "прилетел, в какой день? мне надо для доклада"
    )
    tuning = focus_tuning()
    # "какой" is read as the cue lists spell it ("какои"), so the part asks
    asked = asking_part(message, {"когда", "какои"}, tuning, {"но", "в"}, prepositions={"в"})
    # not "в какой день?" alone: the day asked is the day he landed
    assert (
        asked == "я читал что путин уже в казахстане, но не понял когда он прилетел, в какой день?"
    )


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "привет, пишу заметку для студенческой газеты и мне нужны точные даты саммита шос, "
            "редактор торопит. заранее спасибо",
            "summit_dates",
        ),
        (
            "извините за мой русский. я читал что путин уже в казахстане, но не понял когда он "
            "прилетел, в какой день? мне надо для доклада в университете, спасибо большое",
            "putin_arrival",
        ),
    ],
)
def test_what_a_russian_chatty_message_asks_is_answered(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


def test_a_question_embedded_in_a_comma_part_of_the_asking_clause_is_what_it_asks() -> None:
    from bot.matching.focus import asking_part, embedding_pattern

    message = (
        "so on a totally different note my sister is studying international relations and she "
        "asked me to find out why the sco was created in the first place, something about "
        "security? she has an exam monday"
    )
    tuning = focus_tuning()
    embedding = embedding_pattern(["find out why"])
    asked = asking_part(message, {"why"}, tuning, {"so"}, embedding=embedding)
    assert asked == "why the sco was created in the first place"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "поспорили с другом. он говорит что шос придумали китай и россия ещё в девяностых, "
            "а я думаю что позже. кто прав? кто её основал и в каком году",
            "sco_founding",  # "её" is the organisation: another part asking about it answers
        ),
        (
            "Первый саммит ШОС, когда её только основали, где он проходил и кто приезжал? В "
            "учебнике подробностей нет, а преподаватель любит каверзные вопросы",
            None,  # "когда её только основали" says which summit; it asks nothing
        ),
    ],
)
def test_another_part_asking_about_it_answers_a_long_russian_message(
    pipeline: Pipeline, message: str, fact_id: str | None
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


@pytest.mark.parametrize(
    "message",
    [
        "Saw 'UN chief to attend SCO summit' on Twitter. Is that confirmed or just a rumour? And "
        "who reported it?",
        "Слышал, что генсек ООН тоже туда едет. Это правда? Кто об этом сообщил?",
    ],
)
def test_whose_word_a_claim_in_the_message_is_answered_by_the_claims_fact(
    pipeline: Pipeline, message: str
) -> None:
    """Its quote names the source ("according to Russian agencies"); the article as a whole
    is not what was asked about."""
    reply = pipeline.answer(message)
    assert reply.fact_id == "un_guterres"
    assert reply.quotes[0].attribution


def test_the_heads_of_state_meeting_is_the_summit(pipeline: Pipeline) -> None:
    question = "On what days do the SCO heads of state meet in Kazakhstan?"
    assert pipeline.answer(question).fact_id == "summit_dates"
    assert pipeline.answer("what came out of the previous gathering?").fact_id == (
        "last_year_summit"
    )


def test_a_message_with_no_question_mark_is_asked_in_a_comma_part_of_one_sentence() -> None:
    """A comma part never runs on into the next sentence: the position is asked, not
    "...position. i want to give him a simple answer"."""
    from bot.matching.focus import asking_part

    message = (
        "my little brother is 12 and asked me about putin for a school project, what's his "
        "official position. i want to give him a simple answer, he wrote 'russian boss' already"
    )
    assert asking_part(message, {"what", "who"}, focus_tuning()) == (
        "what's his official position."
    )


def test_a_short_message_asks_the_question_it_reports() -> None:
    """ "our teacher asked what...": the reported question is asked, from its question word
    on (what the teacher did is no part of it)."""
    from bot.matching.focus import asking_part, embedding_pattern

    embedding = embedding_pattern(["asked what", "need to know if"])
    tuning = focus_tuning()
    asked = asking_part(
        "our teacher asked what the sco was set up for", {"what"}, tuning, (), (), embedding
    )
    assert asked == "what the sco was set up for"
    # an embedding phrase ending in no question word stays with its question
    asked = asking_part("i need to know if modi is going", {"what"}, tuning, (), (), embedding)
    assert asked == "need to know if modi is going"


def test_a_question_reported_before_a_plea_for_help_is_what_is_asked(pipeline: Pipeline) -> None:
    """ "...asked me who he is. ... any help?": the plea asks nothing; the reported question
    does, of the name the chatter introduced."""
    message = (
        "my son saw the name Xi Jinping in a headline next to Putin's and asked me who he is. "
        "I think I know but I'd rather not get it wrong. any help?"
    )
    assert pipeline.answer(message).fact_id == "person_xi"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        (
            "Прочитал в новостях, что Путин встретится с Эрдоганом. Это правда?",
            "bilateral_meetings",
        ),
        (
            "my uncle heard on the radio that the UN chief is going to astana. is that true?",
            "un_guterres",
        ),
    ],
)
def test_where_a_claim_was_read_or_heard_is_no_part_of_the_claim(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


def test_a_part_saying_only_its_kinds_cue_is_asked_of_what_it_follows(pipeline: Pipeline) -> None:
    """ "for what purpose though?" says nothing but how it asks; what it asks of is the part
    before it (the SCO's founding), not this summit's aims."""
    message = "China and Russia set up this bloc back in 2001 - for what purpose though?"
    assert pipeline.answer(message).fact_id == "sco_purpose"


def test_a_choice_of_places_one_of_them_the_venue_is_answered_plainly(pipeline: Pipeline) -> None:
    """ "astana or almaty, which one is it?" asks where, which the venue's list answers: its
    own answer, not "the article doesn't say where", nor a "No:" to a question that is no
    yes/no."""
    reply = pipeline.answer("astana or almaty, which one is it?")
    assert reply.fact_id == "summit_venue"
    assert reply.answer == "The summit is held in Astana, Kazakhstan."


def test_a_comment_after_a_reported_claim_is_no_part_of_the_claim(pipeline: Pipeline) -> None:
    assert asked_and_focus(
        pipeline,
        "my neighbour says qatar is sending a delegation, but she mixes things up a lot."
        " is that right?",
    ) == (
        "attendees",
        "qatar is sending a delegation?",
    )
    russian = "Коллега говорит, что генсек ООН поедет в Астану, но он вечно всё путает. Это правда?"
    assert pipeline.matcher.match(russian).fact_id == "un_guterres"


def test_am_i_right_points_back_at_the_askers_own_claim(pipeline: Pipeline) -> None:
    claims = {
        "we had a bet at lunch. I said Qatar is on the list. am I wrong?": "attendees",
        "На работе спорим. Я говорю, что Катар будет. Я прав?": "attendees",
    }
    for message, fact_id in claims.items():
        assert pipeline.matcher.match(message).fact_id == fact_id, message


def test_a_tag_check_beside_a_question_is_no_part_of_what_is_asked(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match(
        "my cousin insists the summit is in bishkek since kyrgyzstan chaired before."
        " she's mistaken, right? so where is it held?"
    )
    assert decision.explanation is not None
    assert (decision.fact_id, decision.explanation.focus) == (
        "summit_venue",
        "so where is it held?",
    )
    # ...but one naming the time asked of stays: "last year's"
    decision = pipeline.matcher.match(
        "catching up on the news. last year's meeting was held online, right? what did they say?"
    )
    assert decision.fact_id == "last_year_summit"


def test_whose_words_points_back_at_the_words_quoted_before_it(pipeline: Pipeline) -> None:
    quoted = (
        "my teacher quoted 'multifaceted cooperation' and 'operational effectiveness' at us."
        " whose words are these?",
        "Учитель цитировал про «многоплановое сотрудничество» и «операционную эффективность»."
        " Чьи это слова?",
    )
    for message in quoted:
        assert pipeline.matcher.match(message).fact_id == "summit_aims", message


@pytest.mark.parametrize("question", ["is this about the 2024 edition?", "is that the 2024 one?"])
def test_whether_this_is_the_events_own_year_is_settled_by_its_dates(
    pipeline: Pipeline, question: str
) -> None:
    # the dates fact gives the year (2024): a question naming only it asks which edition this is
    assert pipeline.matcher.match(question).fact_id == "summit_dates"


def test_an_emoji_ends_a_sentence_as_a_full_stop_does(pipeline: Pipeline) -> None:
    message = (
        "my cousin reckons it's in moscow, my aunt says almaty, family chat is chaos 😂"
        " which city is the summit really in?"
    )
    decision = pipeline.matcher.match(message)
    assert decision.explanation is not None
    assert decision.explanation.focus == "which city is the summit really in?"
    assert decision.fact_id == "summit_venue"


def test_tell_me_before_a_question_word_embeds_the_question(pipeline: Pipeline) -> None:
    message = (
        "Good evening, I study Russian politics at university in Poland. Please tell me on"
        " which days the leaders are meeting. Thank you very much."
    )
    assert pipeline.matcher.match(message).fact_id == "summit_dates"


def test_a_comma_typed_without_its_space_still_ends_a_part(pipeline: Pipeline) -> None:
    message = "what city is the summit in,my boss keeps asking and nobody in the office has a clue"
    assert asked_and_focus(pipeline, message) == (
        "summit_venue",
        "what city is the summit in",
    )


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("what went down at the sco meeting the year before", "last_year_summit"),
        ("which city do the delegates head to", "summit_venue"),
    ],
)
def test_a_kind_only_one_fact_gives_is_answered_by_it_when_it_is_close(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert (decision.fact_id, decision.rule) == (fact_id, Rule.LONE_KIND)


def test_a_lone_kind_of_another_time_is_still_not_answered(pipeline: Pipeline) -> None:
    for question in ("what was decided at this summit?", "which city hosted the 2019 summit?"):
        assert pipeline.matcher.match(question).fact_id is None, question


@pytest.mark.parametrize(
    ("message", "fact_id", "focus"),
    [
        # names listed without a space after their commas are all asked about
        ("are russia,china and india at the summit?", "attendees", None),
        # a part after the question that only says who asks is no aside inside it
        ("who is jaishankar, my dad asks, any idea?", "india", "who is jaishankar"),
        # a question word after "like I said" asks; only "что" joins what is known to "знаю"
        (
            "Like I said, where exactly is the summit being held this year?",
            "summit_venue",
            "where exactly is the summit being held this year?",
        ),
        # an emoji with its variation selector ends a sentence too
        (
            "family chat is chaos ❤️ which city is the summit really in?",
            "summit_venue",
            "which city is the summit really in?",
        ),
    ],
)
def test_how_a_message_is_cut_into_parts_keeps_what_it_asks(
    pipeline: Pipeline, message: str, fact_id: str, focus: str | None
) -> None:
    decision = pipeline.matcher.match(message)
    assert decision.fact_id == fact_id
    if focus is not None:
        assert decision.explanation is not None and decision.explanation.focus == focus


def test_more_of_a_claim_after_but_is_still_the_claim(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match(
        "my uncle says putin is skipping it, but xi is going. is that right?"
    )
    assert decision.explanation is not None
    assert "xi is going" in decision.explanation.focus
