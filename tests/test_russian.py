"""Questions in Russian are answered in Russian, with the English source marked as the original."""

from __future__ import annotations

import pytest

from bot.matching import DecisionKind
from bot.pipeline import Pipeline
from tests.conftest import asked_and_focus

RUSSIAN_ANSWERED = [
    ("кто представляет индию", "india"),
    ("Когда пройдёт саммит?", "summit_dates"),
    ("где пройдет саммит", "summit_venue"),
    ("иран участвует", "attendees"),
    ("Япония участвует?", "attendees"),
    ("кто такой джайшанкар", "india"),
    ("с кем встретится путин", "bilateral_meetings"),
    # a phrase ("что такое") holds with a word spelt the chat way ("чо", a synonym of "что")
    ("чо такое шанхайская организация сотрудничиства", "sco_overview"),
    # question words spelt as spoken ("для чево", "што")
    ("для чево вообще шос создавали", "sco_purpose"),
    ("што шос заявила в прошлом году", "last_year_summit"),
    ("кто такой эрдоган ваще", "person_erdogan"),  # "ваще" is "вообще", said as spoken
    ("гутерриш туда собирается?", "un_guterres"),  # "собирается": plans to go
    ("чего ждут от китая на этой встрече?", "russia_china_roles"),  # expected of it: its role
    # "кто это сообщил?" asks who says what the message said before it: that claim, sourced
    (
        "читаю ленту и не пойму, с чего взяли, что генсек оон туда собирается, "
        "кто это сообщил? странно",
        "un_guterres",
    ),
    ("какая повестка у шосовского саммита", "agenda"),  # "шосовский": of the SCO
    # "уточните" only asks; "в казахстане" after a person only says which summit he goes to
    ("Уточните, пожалуйста, в какие дни проходит встреча в Астане?", "summit_dates"),
    ("гутерриш поедет на саммит в казахстане или нет?", "un_guterres"),
]


@pytest.mark.parametrize(("question", "fact_id"), RUSSIAN_ANSWERED)
def test_russian_questions_get_their_fact_in_russian(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    reply = pipeline.answer(question)
    assert (reply.language, reply.fact_id) == ("ru", fact_id)
    assert any("\u0400" <= char <= "\u04ff" for char in reply.answer)


def test_the_english_source_sentence_is_kept_verbatim_and_marked_as_original(
    pipeline: Pipeline,
) -> None:
    reply = pipeline.answer("кто представляет индию")
    assert reply.source.quote.startswith("However, India’s Prime Minister Narendra Modi")
    assert "(оригинал)" in reply.html()
    assert "(оригинал)" in reply.plain_text()
    assert reply.as_json()["lang"] == "ru"


def test_yo_and_ye_are_the_same_letter(pipeline: Pipeline) -> None:
    with_yo = pipeline.matcher.match("где пройдёт саммит")
    with_ye = pipeline.matcher.match("где пройдет саммит")
    assert with_yo.fact_id == with_ye.fact_id == "summit_venue"


def test_list_answers_name_countries_in_russian(pipeline: Pipeline) -> None:
    reply = pipeline.answer("япония участвует?")
    assert "Япония" in reply.answer


@pytest.mark.parametrize("question", ["когда основали нато", "какой сегодня курс доллара"])
def test_russian_questions_the_article_does_not_answer_get_no_fact(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id is None


def test_russian_small_talk_is_answered_in_russian(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("привет")
    assert decision.kind is DecisionKind.SMALLTALK
    assert pipeline.replies.reply(decision).answer.startswith("Привет")


def test_the_telegram_language_code_decides_when_the_script_does_not(
    pipeline: Pipeline,
) -> None:
    assert pipeline.matcher.language_of("2001?", hint="ru") == "ru"
    assert pipeline.matcher.language_of("2001?", hint="ru-RU") == "ru"
    assert pipeline.matcher.language_of("2001?", hint="de") == "en"
    assert pipeline.matcher.language_of("who is xi", hint="ru") == "en"


@pytest.mark.parametrize(
    ("question", "language", "fact_id"),
    [
        ("когда summit?", "ru", "summit_dates"),  # an English word in a Russian question
        ("путин когда landed", "ru", "putin_arrival"),
        ("а source какой у этой инфы", "ru", "article_sources"),
        ("какие countries участвуют в саммите", "ru", "attendees"),
        ("какая agenda у саммита", "ru", "agenda"),
        ("is Путин coming?", "en", "putin_arrival"),  # a Russian name in an English one
        ("когда sco summit", "en", "summit_dates"),  # a Russian question word in English
    ],
)
def test_a_question_mixing_russian_and_english_words_is_read(
    pipeline: Pipeline, question: str, language: str, fact_id: str
) -> None:
    assert pipeline.matcher.language_of(question) == language
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("когда будет эта встреча в астане", "summit_dates"),  # the meeting alone: the summit
        ("в какой стране встреча шос", "summit_venue"),
        ("с кем у путина встреча в астане", "bilateral_meetings"),  # a meeting with someone
        ("с кем он проводит отдельные встречи до саммита", "bilateral_meetings"),
    ],
)
def test_a_meeting_is_the_summit_unless_it_is_with_someone(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_a_word_written_as_it_sounds_is_read_as_the_word(pipeline: Pipeline) -> None:
    # unstressed "о" written "а", as in chats
    assert pipeline.answer("кто аснавал шос").fact_id == "sco_founding"
    # ...and unstressed "е" written "и": "будит" is "будет", not "обсудит"
    assert pipeline.answer("генсек оон будит на саммите?").fact_id == "un_guterres"
    # ...and "-тся" written "-ца", as it sounds (lexicon.ru.yaml: sound_alike_endings)
    assert pipeline.answer("кагда начинаеца саммит в астане").fact_id == "summit_dates"
    # a short English word is not a Russian one sounded out ("wat" is not "вот")
    assert pipeline.matcher.language_of("wat's on the agnda") == "en"


def test_a_bots_name_in_latin_letters_does_not_make_a_russian_question_english(
    pipeline: Pipeline,
) -> None:
    decision = pipeline.matcher.match("@SummitQABot где саммит")
    assert (decision.language, decision.fact_id) == ("ru", "summit_venue")


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("eto v kitae?", "summit_venue"),  # a word-initial "e" is "э" where that makes a word...
        ("kakie strany edut na sammit", "attendees"),  # ...and "е" where that does
        ("kakaya cel sammita", "summit_aims"),  # "aya" is "ая"; the dropped soft sign is a typo
        ("otkuda info", "article_sources"),
        ("skolko dlitsya sammit", "summit_dates"),  # "tsya" is "тся", not "ця"
        ("kto eshe priedet", "attendees"),  # "eshe", "еше": "ещё" as typed
        ("4to takoe shos", "sco_overview"),  # "4" typed for "ч"
        ("chto budut obsuzhdat", "agenda"),  # a final "t" is "ть" where only that makes a word
        ("kogda nachinaetsa sammit", "summit_dates"),  # a final "tsa" is "тся" if that makes a word
    ],
)
def test_casual_translit_is_read_as_russian(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    decision = pipeline.matcher.match(question)
    assert (decision.language, decision.fact_id) == ("ru", fact_id)


@pytest.mark.parametrize(
    "question", ["wat is teh sco", "is erdogan turkeys presidnet", "is gutteres gona be in astana"]
)
def test_english_with_typos_is_not_taken_for_translit(pipeline: Pipeline, question: str) -> None:
    """Both readings may explain every word after correction: the one knowing more words as
    typed, then the one correcting less, wins ("is", "be", "in" are Russian words too)."""
    assert pipeline.matcher.match(question).language == "en"


def test_chairing_is_not_covered_but_china_s_chairman_is_xi(pipeline: Pipeline) -> None:
    assert pipeline.matcher.match("кто председатель китая").fact_id == "person_xi"
    assert pipeline.matcher.match("кто будет председательствовать после казахстана").fact_id is None


def test_a_relative_who_is_not_the_question_word(pipeline: Pipeline) -> None:
    """Asks yes or no about Kyrgyzstan: "тех, кто" is not the question word."""
    reply = pipeline.answer("Киргизия вообще есть в списке тех, кто должен приехать?")
    assert reply.fact_id == "attendees"
    assert reply.answer.startswith("Да")


def test_asking_whether_it_all_comes_from_the_kremlin_site_gets_the_sources(
    pipeline: Pipeline,
) -> None:
    assert pipeline.answer("это всё с сайта кремля?").fact_id == "article_sources"


def test_who_will_be_in_charge_asks_about_russia_and_chinas_roles(pipeline: Pipeline) -> None:
    assert pipeline.answer("кто будет главным на саммите").fact_id == "russia_china_roles"


@pytest.mark.parametrize(
    "question", ["китай будет играть важную роль в астане", "китай будет играть ключевую роль"]
)
def test_a_country_playing_a_big_role_is_its_part_not_whether_it_attends(
    pipeline: Pipeline, question: str
) -> None:
    assert pipeline.answer(question).fact_id == "russia_china_roles"


def test_a_misspelt_who_else_still_asks_for_the_list(pipeline: Pipeline) -> None:
    assert pipeline.answer("кто ещо приедит кроме китая и россии").fact_id == "attendees"


def test_asking_whether_last_years_summit_was_in_person_gets_that_it_was_virtual(
    pipeline: Pipeline,
) -> None:
    assert pipeline.answer("А в прошлом году саммит проходил очно?").fact_id == "last_year_summit"


def test_yeshchyo_alone_is_not_asking_for_others(pipeline: Pipeline) -> None:
    """A bare "ещё" is "as early as" ("ещё в 90-х"); "кто ещё" asks for others."""
    assert pipeline.answer("шос появилась ещё в 90-х?").fact_id == "sco_founding"
    assert pipeline.answer("кто еще приедет кроме россии").fact_id == "attendees"


def test_whom_the_article_cites_for_a_claim_the_chatter_made_is_that_claims_fact(
    pipeline: Pipeline,
) -> None:
    message = (
        "в тексте коллеги написано, что генсек оон будет в астане на встрече шос. "
        "что об этом сказано в статье и на кого там ссылаются?"
    )
    assert pipeline.answer(message).fact_id == "un_guterres"


def test_a_tag_asking_whether_it_is_right_is_no_word_of_the_question(pipeline: Pipeline) -> None:
    """ "..., верно?" only asks yes or no: Erdogan is Turkey's president, not Iran's."""
    reply = pipeline.answer("эрдоган это президент ирана, верно?")
    assert reply.fact_id == "person_erdogan"
    assert reply.answer.startswith("Нет")


def test_an_indefinite_whose_offers_an_alternative_and_asks_nothing_of_its_own(
    pipeline: Pipeline,
) -> None:
    """ "...или чьи-то слухи?" is one of the answers the asker offers, not a "whose?" question
    beside the source question (which every answer would give anyway)."""
    message = (
        "я уже столько фейков видела про этот саммит, что не верю ничему. откуда вообще эта "
        "информация, это официальные данные или чьи-то слухи? хочу переслать маме"
    )
    assert pipeline.answer(message).fact_id == "article_sources"


def test_a_whole_week_is_no_aim(pipeline: Pipeline) -> None:
    """ "целую" (whole) and "цель" (aim) share a stem: "целую неделю" asks how long, never
    what the summit is for."""
    assert pipeline.answer("саммит будет целую неделю?").fact_id != "summit_aims"


def test_a_question_after_not_knowing_in_a_message_without_a_question_mark_is_asked(
    pipeline: Pipeline,
) -> None:
    """ "...а я так и не понял, в каком городе все собираются" asks where, though nothing in
    the message ends with "?" (frames.ru.yaml: embedding)."""
    message = (
        "привет, я новости краем глаза смотрю, там постоянно про шос и путина, а я так и не "
        "понял в каком городе все собираются. подскажи плиз, а то стыдно у коллег спрашивать"
    )
    assert pipeline.answer(message).fact_id == "summit_venue"


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("это в июне будет?", "summit_dates"),  # No: July 3-4
        ("саммит будет летом?", "summit_dates"),
        ("путин прилетел в мае?", "putin_arrival"),
    ],
)
def test_a_month_or_season_asks_when(pipeline: Pipeline, question: str, fact_id: str) -> None:
    assert pipeline.answer(question).fact_id == fact_id


def test_going_to_discuss_is_what_they_discuss_not_who_comes(pipeline: Pipeline) -> None:
    """ "собираются обсуждать" is an intention: the agenda, not the attendees ("собираются")."""
    assert pipeline.answer("о чём лидеры собираются говорить в астане?").fact_id == "agenda"


@pytest.mark.parametrize(
    "question", ["кто сообщил, что гутерриш приедет?", "кто заявил что генсек оон приедет"]
)
def test_the_that_of_a_report_is_no_question_word(pipeline: Pipeline, question: str) -> None:
    """ "кто сообщил, что ...": "что" joins the report to what it reports, it asks no "what"."""
    reply = pipeline.answer(question)
    assert reply.fact_id == "un_guterres"
    assert reply.source is not None and reply.source.attribution


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("пару слов про шос", "sco_overview"),
        ("что известно про гутерриша", "un_guterres"),
        ("что о нём известно, об эрдогане?", "person_erdogan"),
    ],
)
def test_what_is_known_about_someone_asks_who_they_are(
    pipeline: Pipeline, question: str, fact_id: str
) -> None:
    # "what is known about", "a couple of words about" only ask: the name is the question
    assert pipeline.answer(question).fact_id == fact_id


@pytest.mark.parametrize(
    ("question", "start"),
    [("саммит шос будет в астане?", "Да: "), ("саммит будет в бишкеке?", "Нет: ")],
)
def test_whether_the_summit_will_be_in_a_place_is_answered_yes_or_no(
    pipeline: Pipeline, question: str, start: str
) -> None:
    reply = pipeline.answer(question)
    assert reply.fact_id == "summit_venue"
    assert reply.answer.startswith(start)


def test_being_in_the_shadow_is_no_place(pipeline: Pipeline) -> None:
    # "будет в" alone would read "китай будет в тени" as where China will be
    assert pipeline.answer("китай будет в тени?").fact_id != "summit_venue"


@pytest.mark.parametrize(
    "question",
    [
        "генсек оон будет на саммите или мне послышалось?",
        "генсек оон будет на саммите шос, или я что-то путаю?",
    ],
)
def test_a_doubt_tagged_on_is_no_word_of_the_question(pipeline: Pipeline, question: str) -> None:
    # "или мне послышалось", "или я путаю" only doubt: the question is whether he comes
    assert pipeline.answer(question).fact_id == "un_guterres"


@pytest.mark.parametrize(
    ("message", "fact_id"),
    [
        # a question someone else asked, retold from its question word, with no "?"
        (
            "сын делает доклад и спрашивает кто такой эрдоган. объясните пожалуйста",
            "person_erdogan",
        ),
        # "что это такое?" after the chatter named one thing asks what that is, not who the bot is
        ("Постоянно слышу аббревиатуру ШОС. Что это такое?", "sco_overview"),
        # sending someone is attending
        ("Я из Бишкека. Киргизия вообще кого-то отправляет?", "attendees"),
    ],
)
def test_a_russian_question_inside_chatter_is_read_with_what_it_leans_on(
    pipeline: Pipeline, message: str, fact_id: str
) -> None:
    assert pipeline.answer(message).fact_id == fact_id


def test_flying_somewhere_is_going_there(pipeline: Pipeline) -> None:
    assert pipeline.answer("генсек оон полетит в астану?").fact_id == "un_guterres"
    assert pipeline.answer("путин в киргизию полетел или куда").fact_id == "putin_arrival"
    # when he flies home is not when he came
    assert pipeline.answer("когда путин улетит из казахстана").fact_id is None


def test_what_something_represents_asks_what_it_is_not_who_represents_whom(
    pipeline: Pipeline,
) -> None:
    for question in ("что вообще собой представляет шос?", "Что представляет из себя ШОС"):
        assert pipeline.matcher.match(question).fact_id == "sco_overview", question
    assert pipeline.matcher.match("кто представляет индию?").fact_id == "india"


def test_what_the_asker_knows_before_a_question_is_not_what_is_asked(pipeline: Pipeline) -> None:
    # "что" only joins what is known to "знаю"; the question is the time of the meeting
    decision = pipeline.matcher.match(
        "Я знаю, что Путин встречается с Эрдоганом, но во сколько начнётся их встреча?"
        " Хочу включить трансляцию"
    )
    assert decision.explanation is not None
    assert "во сколько" in decision.explanation.focus
    assert decision.fact_id is None


def test_an_aside_inside_a_question_keeps_the_words_after_it(pipeline: Pipeline) -> None:
    # "помимо России и Китая" sits inside the question, which goes on to "основали ШОС"
    decision = pipeline.matcher.match("Какие страны, помимо России и Китая, основали ШОС?")
    assert decision.kind is DecisionKind.PARTIAL
    assert decision.suggestions[:1] == ("sco_founding",)


def test_a_yes_no_question_someone_asked_is_what_a_long_message_asks(pipeline: Pipeline) -> None:
    # "спрашивает, будет ли ...": the reported question after the comma, not "Я не знаю"
    message = (
        "Добрый день. Моя соседка родом из Душанбе, и она спрашивает, будет ли Таджикистан"
        " на этом саммите. Я не в курсе, подскажите пожалуйста."
    )
    decision = pipeline.matcher.match(message)
    assert decision.fact_id == "attendees"
    assert decision.list_members == ("tajikistan",)


def test_whether_a_countrys_delegation_comes_asks_whether_it_attends(pipeline: Pipeline) -> None:
    decision = pipeline.matcher.match("будет ли делегация туркменистана?")
    assert (decision.fact_id, decision.list_members) == ("attendees", ("turkmenistan",))


def test_how_or_what_for_the_answer_is_wanted_is_no_part_of_the_question(
    pipeline: Pipeline,
) -> None:
    assert asked_and_focus(
        pipeline,
        "Готовлю открытку к уроку. Кто такой Эрдоган — в двух словах для моего класса? Спасибо",
    ) == (
        "person_erdogan",
        "Кто такой Эрдоган?",
    )


def test_please_and_explain_before_a_question_word_are_only_chatter(pipeline: Pipeline) -> None:
    message = (
        "добрый день, мы с коллегами пишем сводку для отдела и никак не найдём одну вещь."
        " подскажите пожалуйста в каком городе проходит этот саммит, спасибо заранее"
    )
    assert pipeline.matcher.match(message).fact_id == "summit_venue"


def test_a_question_embedded_after_i_want_to_understand_is_asked_from_its_question_word(
    pipeline: Pipeline,
) -> None:
    message = (
        "добрый вечер, я из Ташкента, учусь в Алматы. преподаватель сказал про саммит ШОС."
        " хотел бы понять какого числа он начинается, потому что хочу поехать посмотреть"
    )
    assert asked_and_focus(pipeline, message) == (
        "summit_dates",
        "какого числа он начинается",
    )
