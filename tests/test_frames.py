"""Question frames: what a question asks for, whether it asks yes or no, and about which time."""

from __future__ import annotations

import pytest

from bot.pipeline import Pipeline

# (question, kind, yes/no, scope); scope None: no time named, so any fact's time will do, unless
# the only facts giving that kind are about another time: then the question is about the summit
# ("what was agreed?" is not about last year's statement).
FRAMES = [
    # "when" asks for a date or a time relative to something; "what date" for a date only
    ("when is the summit?", "when", False, None),
    ("what date is the summit?", "date", False, None),
    # "when" after another question word joins a clause, unless "and" joins the two
    ("what goal did beijing and moscow have when they launched this bloc", None, False, None),
    ("where and when is the whole thing", "when", False, None),
    ("why is the summit in july", "date_reason", False, None),  # why then
    ("when was SCO formed and why", "when", False, "founding"),  # both asked
    ("what time does the opening ceremony start?", "time", False, None),
    ("how many days does it last", "duration", False, None),
    ("how many days is putin staying in kazakhstan", "duration", False, None),
    ("how many members does the SCO have?", "count", False, None),
    ("what's the number?", "count", False, None),  # a figure asked for, of whatever
    ("what is the figure for trade between them?", "count", False, None),
    ("where is it held", "place", False, None),
    ("where exactly in Astana is it?", "exact_place", False, None),
    ("is it in July?", "date", True, None),  # a month outweighs "is it in"
    ("is it in China?", "place", True, None),
    ("who represents India", "representative", False, None),
    ("why is Modi skipping it", "reason", False, None),
    ("what was the sco set up to do", "reason", False, "founding"),  # its purpose, not its founders
    ("what will putin and erdogan discuss", "topics", False, "current"),
    ("what did xi tell putin", "remarks", False, None),  # "tell @person"
    ("чо такое шос", "meaning", False, None),
    ("what was agreed on trade?", "outcome", False, "current"),
    # how someone got there, which the article never says
    ("what plane did putin fly in on", "travel", False, None),
    ("на чем прилетел путин", "travel", False, None),
    # a part asking only an opinion asks it of the question beside it
    ("will the summit make the SCO more effective, what do you think", "opinion", False, "current"),
    # the cue right after "which" is what is asked, not a date the question only mentions
    ("which agreements were signed on July 3-4", "outcome", False, "current"),
    ("какие соглашения подпишут 3-4 июля", "outcome", False, "current"),
    ("what is the SCO", "meaning", False, None),
    ("what is the date of the summit", "date", False, None),  # "what is" is weak
    ("where is this info from", "source", False, None),
    ("who hosted the 2019 summit?", "host", False, "other_edition"),
    ("which country hosted last year's virtual summit", "host", False, "last_year"),
    ("where is the next SCO summit", "place", False, "other_edition"),  # reads through "SCO"
    ("what happened at last year's summit", None, False, "last_year"),
    ("when was the SCO founded", "when", False, "founding"),
    ("Putin is going, right?", None, True, None),
    ("summit in new delhi?", "place", True, None),  # clipped: yes/no by intonation
    ("putin coming?", None, True, None),
    ("summit dates?", "date", False, None),  # a word that asks is not yes/no
    ("каких числах встреча в астане", "date", False, None),  # a date cue outweighs "в @place"
    # a reason asked of a place asks why there (frames.yaml: qualified_kinds)...
    ("why in astana?", "place_reason", False, None),
    ("why didn't they hold it in russia", "place_reason", False, None),
    ("почему саммит именно в астане", "place_reason", False, None),
    ("why did china and russia form it in the first place", "reason", False, None),
    # ...but a place said of a person is where they are
    ("why is putin in kazakhstan?", "reason", False, None),
    # a day said of a person still asks why then (frames.yaml: qualified_unless_named)
    ("why did putin fly in on wednesday and not earlier", "date_reason", False, None),
    ("why did putin arrive so early", "date_reason", False, None),
    ("почему путин прилетел в среду", "date_reason", False, None),
    ("во сколько приземлился путин в среду", "time", False, None),  # the longer cue asks
    # two places offered, the event's own one of them: is it in the one or the other
    ("astana or bishkek?", "place", True, None),
    ("is putin staying for both days", "duration", True, None),  # his stay: not in the article
    ("is the sco basically a trade bloc like the eu?", "meaning", True, None),  # checked
    ("астана или бишкек?", "place", True, None),
    ("what's the agenda of the summit in astana", "topics", False, None),  # "in astana": which
    ("has kazakhstan hosted the sco before", None, True, "other_edition"),
    ("what issues will the summit address", "topics", False, "current"),  # the verb: no place
    ("what's the address of the summit venue", "exact_place", False, None),  # the noun
    # a year a yes/no names is the date it asks about, at the time its cue names
    ("was it founded in 1996?", "date", True, "founding"),
    ("was the sco set up back in the 90s?", "date", True, "founding"),  # a decade: a date asked
    ("is the sco summit in 2024", "date", True, "current"),
    ("was the 2019 summit in moscow?", "place", True, "other_edition"),  # the 2019 one: where
    ("how have sco relations with nato changed over the years", None, False, "other_edition"),
    ("a gde sammit v etom godu", "place", False, "current"),  # translit; "this year" is now
    ("когда саммит", "when", False, None),
    ("сколько стран в шос", "count", False, None),
    ("будет ли моди на саммите", None, True, "current"),  # the future is this summit
    ("что решили в прошлом году", "outcome", False, "last_year"),
    ("в ташкенте пройдет?", "place", True, None),  # "в" before a named place asks where
    # ...but right after the summit, the setting's country says which summit a person goes to
    ("гутерриш поедет на саммит в казахстане?", None, True, None),
    ("did putin land in kyrgyzstan?", "place", True, None),  # the cue places it: asks where
    ("is the summit in tashkent?", "place", True, None),
    ("has kazakhstan ever hosted it", None, True, "other_edition"),
    ("what does the kremlin want out of it, in plain words", "meaning", False, None),  # no "it in"
    ("is it true that brazil is attending?", None, True, None),  # the filler still asks yes/no
    # a question word after a yes/no opening asks that: "does it say who...?" asks who
    ("does the article say who represents iran", "representative", False, None),
    ("can you tell me when the summit is", "when", False, None),
    # a year that starts a span yields to a scope cue: the years since, not the founding...
    ("how has the sco changed since 2001", None, False, "other_edition"),
    ("как изменилась шос с 2001 года", None, False, "other_edition"),
    # ...and with no cue the year still says which time
    ("has the sco existed since 2001?", "date", True, "founding"),
    # a tag asks yes or no only at the end: "..., right?", not "right now"
    ("it's in astana, right?", "place", True, None),
    ("who is russia's foreign minister right now", "person", False, None),
    # kinds no fact gives: how anyone reacted, a link, the steps they will take
    ("what did nato say in response", "reaction", False, None),
    ("what's the link to the kremlin statement?", "link", False, None),
    ("what concrete steps will they take", "outcome", False, "current"),
    ("wats the sorce of this", "source", False, None),  # "wat" asks what, not yes or no
    ("гутерриш будет в астане?", None, True, "current"),  # a person there: attending, not where
    ("будет в ташкенте?", "place", True, "current"),  # a place named after "в" still asks where
    ("which country was in charge of last year's summit?", "host", False, "last_year"),
    ("has kazakhstan hosted sco summit before this one?", None, True, "other_edition"),
    # a span's year is not the date a yes/no asks about
    ("has the sco changed since 2001?", None, True, "other_edition"),
    # a summit named by another city is another edition; by the event's own city, this one
    ("what happened at the samarkand summit?", None, False, "other_edition"),
    ("who went to the almaty meeting", "person", False, "other_edition"),
    # when a country became a member, the host too, is history the article does not give
    ("when did kazakhstan join", "when", False, "other_edition"),
    ("when did iran join?", "when", False, "other_edition"),
    # a relative's words followed by an auxiliary ask a question of their own (commas are not read)
    ("the summit, when does it start?", "when", False, None),
    ("what's on the astana summit agenda?", "topics", False, None),
    # who stands for a country at the summit, not who holds its office
    ("who's leading china's delegation?", "representative", False, None),
    ("кто поедет от ирана?", "representative", False, None),
    ("who set it up", "person", False, "founding"),  # the verb split round "it"
    ("what city is the summit in?", "city", False, None),  # a city, not just a country
    # the event's own city after a country only says which summit the country goes to
    ("армения едет на саммит в астане?", None, True, None),
    ("моди не едет в астану?", None, True, None),  # about Modi, not where
    # a relative "where" asks nothing: a yes/no about the UN chief coming
    ("is it the one where the un chief is coming?", None, True, None),
    # how much a named country counts; of the summit itself it is an opinion
    ("how important will china be at the summit", "prominence", False, "current"),
    ("how important is the summit", "opinion", False, None),
    # a year naming an edition is the time asked about, not the date a yes/no asks
    ("was the 2023 summit online", "format", True, "last_year"),
    ("is the summit in 2024?", "date", True, "current"),
    # a preposition left at the end: the question word's noun is where
    ("what country do the leaders meet in", "place", False, None),
    ("which country does jaishankar represent", None, False, None),  # no "in": not where
    ("what did they set the sco up for", "reason", False, "founding"),  # "what ... for": why
    ("which country hosts it", "host", False, None),
    # a city alone after "why" asks why there, as "why in astana?" does; a country may not
    ("why astana", "place_reason", False, None),
    ("почему астана?", "place_reason", False, None),
    ("why astana though", "place_reason", False, None),  # right after the word asking
    # a meeting after the summit is this summit's; the meeting after this one is the next
    ("is the xi meeting after the summit?", None, True, None),
    ("what happens after july 4", "opinion", False, None),  # what comes of it: a prediction
    (
        "what xi jinping said in meeting with putin?",
        "remarks",
        False,
        None,
    ),  # a learner's word order
    ("число какое саммит начинается", "date", False, None),  # "какое число" the other way round
    ("why did putin fly in early", "date_reason", False, None),  # why then, not why he came
    # asked exactly: "ahead of the summit" and "regional security" do not say so much
    ("when exactly is putin meeting erdogan", "exact_when", False, None),
    ("which specific security issues are they going to tackle", "specific_topics", False, None),
    ("какие конкретно вопросы безопасности обсудят", "specific_topics", False, None),
    ("what exactly will they discuss", "topics", False, "current"),  # "exactly" only stresses it
    ("what's the exact wording of last year's statement", "exact_remarks", False, "last_year"),
    # "exactly" asks "with whom", not "when"
    ("с кем именно он встречается и когда?", "when", False, None),
    ("did the summit say anything on afghanistan", "remarks", True, None),  # not who attends
    ("will the sco turn into a military alliance", "opinion", True, "current"),
    ("it's next weekend, ya?", "date", True, None),  # a chat tag at its end asks yes or no
    # "it was X that started it": a claim about who founded it, put the other way round
    ("it was india and china that started the sco, right?", None, True, "founding"),
    ("where's the meeting after astana", "place", False, "other_edition"),
    ("почему астана, а не алматы?", "place_reason", False, None),
    ("why russia", "reason", False, None),
    ("who is the host country's leader", "person", False, None),  # an office of the host
    ("in what city leaders are gathering", "city", False, None),
    ("is the summit about climate change?", "main_topic", True, None),  # a guess at its topic
    ("is the sco mainly about security cooperation", "meaning", True, None),  # what it is
    # in person or online is a kind of its own: where it was held would not say it
    ("was last year's summit held in person?", "format", True, "last_year"),
    ("where was last years summit held", "place", False, "last_year"),
    ("why did putin go to kazakhstan in person", "reason", False, None),
    ("а в прошлом году саммит проходил очно?", "format", True, "last_year"),
    ("did the summit end successfully", "outcome", True, "current"),
    ("will this summit change anything for ukraine", "outcome", True, "current"),
    ("who hosts after kazakhstan", "host", False, "other_edition"),  # the next host
    ("в каком годе создали шос", "date", False, "founding"),
    ("who won the summit lol", "outcome", False, "current"),  # no contest: what came of it
    ("what has the sco achieved since 2001", "outcome", False, "founding"),  # not its founding
    ("how will iran be represented?", "representative", False, "current"),  # by whom
    # "which *exact* day" asks the day exactly, which the meetings' "ahead of the summit" is not
    ("on which exact day does putin meet xi?", "exact_when", False, None),
    ("what exactly did the sco say last year?", None, False, "last_year"),  # only stressed
    # where the name comes from, not what it stands for nor why the SCO was set up
    ("why is it called the shanghai cooperation organisation?", "name_origin", False, None),
    ("has the sco grown a lot since 2001", None, True, "other_edition"),  # the years since
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


@pytest.mark.parametrize("question", ["wat time dose the sumit start", "wot time does it open"])
def test_question_words_as_typed_in_chats_ask_as_spelt_out(
    pipeline: Pipeline, question: str
) -> None:
    """ "wat time" asks for a clock time, which the article does not give (frames: spellings)."""
    decision = pipeline.matcher.match(question)
    assert decision.frame is not None and decision.frame.kind == "time"
    assert decision.fact_id is None


def test_where_the_name_comes_from_is_a_kind_no_fact_gives(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("почему шос так называется?")
    assert decision.frame is not None and decision.frame.kind == "name_origin"
    assert decision.fact_id is None


def test_a_word_is_not_read_as_one_three_letters_shorter(pipeline: Pipeline) -> None:
    """ "переведи «спасибо» на казахский" (translate...) is no yes/no about Kazakhstan."""
    assert "перед" not in pipeline.matcher.read("переведи спасибо на казахский").words
    assert pipeline.matcher.match("Переведи «спасибо» на казахский").fact_id is None
    # ...but an ending added to a word the knowledge base knows is that word
    assert "boycott" in pipeline.matcher.read("is the un boycotting the summit?").words


def test_a_short_typo_is_not_read_as_a_word_two_letters_longer(pipeline: Pipeline) -> None:
    # "mody" is nearer "monday" than "modi" by ratio; a four-letter typo drops or adds one
    reading = pipeline.matcher.read("is mody atending the sco sumit")
    assert "monday" not in reading.words


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # the trip's purpose is what the article gives: for the SCO summit
        ("why'd putin go to kazakhstan", "putin_arrival"),
        ("зачем путин прилетел", "putin_arrival"),
        # the day he chose is not explained: an honest partial answer
        ("why did putin land on a wednesday", None),
        ("почему путин прилетел так рано", None),
    ],
)
def test_why_he_came_is_answered_but_not_why_then(
    pipeline: Pipeline, question: str, fact_id: str | None
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    "question", ["what did the summit decide", "что решили на саммите", "what was agreed?"]
)
def test_an_outcome_asked_without_a_time_is_not_answered_with_last_years(
    pipeline: Pipeline, question: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert decision.fact_id is None
    assert decision.frame is not None and decision.frame.scope == "current"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [("whos jaishnkar", "india"), ("budet li pakistan", "attendees"), ("priedet li modi", "india")],
)
def test_ways_of_asking_no_phrasing_uses_do_not_count_against_a_match(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.matcher.match(question).fact_id == fact_id


@pytest.mark.parametrize(
    "question",
    [
        "how did it go with erdogan",
        "how did the summit go",
        "did guterres end up coming?",
        "which country ran last year's virtual meeting",  # its host: not in the article
        "what's the exact schedule for july 4 morning",  # the hour: only the days are given
        "what did xi say at the summit",  # "what did @person say": his words are not given
        "how did the putin erdogan meeting go",  # "@person meeting go"
        "will roads be closed in almaty because of the summit",  # local details: not covered
        "will the next one be virtual like last year's",  # the next one, not last year's
        "has putin been to kazakhstan before",  # his earlier visits
        "will modi regret skipping it",  # an opinion
        "y are qatar and the uae attending",  # "y" is "why" in chat: no reason is given
        "why is the summit in july",  # why then: the article gives only when
    ],
)
def test_what_the_article_does_not_give_about_a_meeting_is_declined(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id is None


def test_two_question_words_joined_ask_either_kind(pipeline: Pipeline) -> None:
    frame = pipeline.matcher.match("когда и где собираются лидеры шос").frame
    assert frame is not None and {frame.kind, frame.also} == {"when", "place"}
    assert pipeline.answer("когда и где собираются лидеры шос").fact_id in {
        "summit_dates",
        "summit_venue",
    }


@pytest.mark.parametrize(
    ("question", "asks_others"),
    [
        ("who else is coming besides china?", True),
        ("is india sending its pm or someone else?", False),  # which of the two
        ("индия пришлет премьера или кого-то другого?", False),
    ],
)
def test_someone_else_as_one_side_of_an_alternative_asks_which(
    pipeline: Pipeline, question: str, asks_others: bool
) -> None:
    assert pipeline.matcher.match(question).frame.asks_others is asks_others


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        ("was the sco originally set up as a trade bloc?", "was the sco originally set up"),
        ("is the sco a european club?", "is the sco a"),
        # not a claim: no yes/no by its shape, or a cue of one word
        ("explain the sco in one line", "explain the sco"),
    ],
)
def test_a_claim_checked_of_what_a_fact_gives_is_matched_without_the_claim(
    pipeline: Pipeline, question: str, read_as: str
) -> None:
    """The claim ("a trade bloc") is the asker's guess, which the answer corrects: its words
    must not count against the fact that says what the SCO is (frames.yaml: claimed_kinds)."""
    assert " ".join(pipeline.matcher.read(question).words) == read_as


def test_founders_alongside_the_ones_named_asks_for_others(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("who set up the sco together with russia and china?")
    assert decision.frame is not None and decision.frame.asks_others
    assert decision.fact_id is None  # the article names no founder but those two


def test_a_guess_at_what_the_summit_is_about_is_checked_against_the_agenda(
    pipeline: Pipeline,
) -> None:
    # the guess is the asker's, not what the question relies on: the agenda answers it
    for question in ("is this summit mostly about space exploration?", "саммит про футбол?"):
        assert pipeline.matcher.match(question).fact_id == "agenda", question
    # ...but a claim in the facts' own words is kept: it leads to the Kremlin's stated aim
    kremlin = pipeline.matcher.match(
        "according to the kremlin, is the summit about making the sco more effective?"
    )
    assert kremlin.fact_id != "agenda"
    assert "summit_aims" in (kremlin.fact_id, *kremlin.suggestions)
    # ...and whether one topic comes up at all is not in the article
    assert pipeline.matcher.match("will they discuss ukraine?").fact_id is None
