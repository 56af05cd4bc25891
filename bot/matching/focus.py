"""The part of a message that asks: chatter around a question must not count against it.

"we're recording a podcast tonight and my co-host bet me a coffee, so settle it: who represents
India?" asks "who represents India?". Short messages are read whole; in a long one the clauses
that end with a question mark win, then the last clause that opens with a question word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from bot.matching.reading import strip_accents
from bot.tuning import FocusTuning

# Where a sentence ends: a full stop or another end mark, a line break, or an emoji ("one said
# late june 🙃 which days...?")
_EMOJI = r"\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
SENTENCE_END = re.compile(rf"(?<=[.!?;:…{_EMOJI}])\ufe0f?\s+|\s*\n+\s*")
# A comma ending a part; one typed without its space before a word counts ("встреча
# лидеров,а то в чате..."), one between digits not ("3,4 июля")
COMMA_BREAK = r",(?:\s+|(?=[^\W\d_]))"
_COMMA = re.compile(rf"{COMMA_BREAK}|\s+[-–—]\s+")
# ...and a short message's question mark ("who is jaishankar? never heard of him")
_COMMA_OR_ASKED = re.compile(rf"{COMMA_BREAK}|\s+[-–—]\s+|(?<=\?)\s+")
# the parts of a short message: its sentences and their comma parts
_PART = re.compile(rf"(?<=[.!?;:…])\s+|{COMMA_BREAK}|\s+[-–—]\s+")
_WORD = re.compile(r"\w+")
# a sentence, with its end mark: "Modi isn't going." "Why?"
_SENTENCE_SPAN = re.compile(r"[^.!?…]+[.!?…]*")
# what ends a short message's preface to its question: a colon, a dash, a sentence's end
_PREFACE = re.compile(rf":\s*|\s+[-–—]+\s+|(?<=[.!{_EMOJI}])\ufe0f?\s+")
_HYPHENATED_WORD = re.compile(r"\w+(?:-\w+)*")
# "@SummitQABot what's the SCO, ...": a mention addresses someone; it is not a word that asks
_MENTION = re.compile(r"(?<!\w)@\w+")


def asking_part(
    text: str,
    question_words: Collection[str],
    tuning: FocusTuning,
    chatter: Collection[str] = (),
    conjunctions: Collection[str] = (),
    embedding: re.Pattern[str] | None = None,
    purposes: re.Pattern[str] | None = None,
    pointers: Collection[str] = (),
    relatives: Collection[str] = (),
    guessing: Collection[str] = (),
    small_talk: Callable[[str], bool] | None = None,
    chat: Callable[[str, bool], bool] | None = None,
    strong: Collection[str] = (),
    prepositions: Collection[str] = (),
    asides: Collection[str] = (),
) -> str:
    """The clause(s) of `text` that ask; `text` itself when it is short or nothing stands out.
    A clause asks when it opens with a question word, after any `chatter` ("and if so who...");
    a clause that `small_talk` tells is only that ("how's your day going?") does not ask, and
    one opening with a question word that is not `strong` ("winner...") yields to an embedded one.
    """
    return _before_purpose(
        _asking_part(
            text,
            question_words,
            tuning,
            chatter,
            conjunctions,
            embedding,
            pointers,
            relatives,
            guessing,
            small_talk,
            chat,
            strong,
            prepositions,
            asides,
        ),
        question_words,
        purposes,
        embedding,
    )


def bare_question_span(
    text: str, interrogatives: Collection[str], chatter: Collection[str] = ()
) -> str | None:
    """ "Everyone says Modi isn't going to Astana. Why?": a question word asked alone as a
    sentence, after chatter at most, asks it of the statement just before it: the part of
    `text` from that statement to it (not after a question: "Did he arrive? If yes, when?")."""
    sentences = [found for found in _SENTENCE_SPAN.finditer(text) if _WORD.search(found.group())]
    for at, sentence in enumerate(sentences[1:], start=1):
        said = sentence.group().rstrip()
        words = [word for word in _WORD.findall(said.lower()) if word not in chatter]
        if (
            said.endswith("?")
            and len(words) == 1
            and words[0] in interrogatives
            and not _COMMA.search(said)
            and not sentences[at - 1].group().rstrip().endswith("?")
        ):
            return text[sentences[at - 1].start() : sentence.start() + len(said)]
    return None


def _before_purpose(
    focus: str,
    question_words: Collection[str],
    purposes: re.Pattern[str] | None,
    embedding: re.Pattern[str] | None = None,
) -> str:
    """ "what is this organisation, so I don't look clueless at dinner?", "i need the dates
    for my insurance form, my boss...": the question without why the asker wants to know,
    when what comes before still asks (opens with a question word or an embedding request)."""
    if purposes is None or (found := purposes.search(focus)) is None:
        return focus
    before = focus[: found.start()].rstrip(" ,;-–—")
    asks = _opens_with(before, question_words, ()) or (
        embedding is not None and embedding.match(before) is not None
    )
    if not asks or len(_WORD.findall(before)) < 2:
        return focus
    return before + ("?" if focus.rstrip().endswith("?") else "")


def _asking_part(
    text: str,
    question_words: Collection[str],
    tuning: FocusTuning,
    chatter: Collection[str],
    conjunctions: Collection[str],
    embedding: re.Pattern[str] | None,
    pointers: Collection[str],
    relatives: Collection[str],
    guessing: Collection[str],
    small_talk: Callable[[str], bool] | None,
    chat: Callable[[str, bool], bool] | None,
    strong: Collection[str],
    prepositions: Collection[str],
    asides: Collection[str] = (),
) -> str:
    if len(_WORD.findall(text)) < tuning.min_words:
        text = _after_preface(text, question_words, chat, chatter)
        text = _question_after_claim(text, question_words, guessing)
        text = _question_before_chatter(text, question_words, asides)
        if not _opens_with(text, question_words, chatter) and (
            embedded := _embedded([text], embedding, question_words, chatter)
        ):
            return embedded  # "our teacher asked what the sco was set up for"
        return text
    clauses = [
        clause
        for clause in SENTENCE_END.split(text.strip())
        if len(_WORD.findall(clause)) >= tuning.min_clause_words
    ]
    if small_talk is not None and len(clauses) > 1:
        talk = [clause for clause in clauses if small_talk(clause)]
        if talk and len(talk) < len(clauses):
            clauses = [clause for clause in clauses if clause not in talk]
            text = " ".join(clauses)
    asked = [clause for clause in clauses if clause.rstrip().endswith("?")]
    if asked:
        focus = " ".join(asked)
    else:
        opening = _asking(clauses, question_words, chatter)
        if (
            not opening
            # "i need to know who set up the sco... winner buys pizza": a clause opening with a
            # word that only names what is asked ("winner") yields to a question embedded
            or (strong and not any(_opens_with(clause, strong, chatter) for clause in opening))
        ) and (embedded := _embedded(clauses, embedding, question_words, chatter)) is not None:
            return embedded  # a question and what hangs on it: "...if he landed, and on which day"
        focus = opening[-1] if opening else text
    if len(_WORD.findall(focus)) >= tuning.min_words:  # still long: try its comma parts
        # (a message with no question of its own, within its sentences: "...спрашивает, кто
        # это. Я примерно знаю, но..." asks "кто это", not "кто это. Я примерно знаю")
        sentences = SENTENCE_END.split(focus.strip()) if not asked else [focus]
        pieces = [
            part
            for sentence in sentences
            for part in _unreported(_COMMA.split(sentence), question_words, guessing, guessing)
            if len(_WORD.findall(part)) >= tuning.min_clause_words
        ]
        # "When the leaders sit down in Astana, what topics will they tackle?", "Понятно, что
        # это союз, но ради чего его придумали?": a part opening with a conjunction says when
        # or what of the question after it; it is not the question
        pieces = [
            piece for piece in pieces[:-1] if _WORD.findall(piece.lower())[0] not in conjunctions
        ] + pieces[-1:]
        pieces = _with_elaborations(
            pieces, question_words, pointers, chatter, tuning.elaboration_words, prepositions
        )
        # "...there for the photos, which seems cynical, but does the article say...?": a part
        # between others opening with a relative pronoun describes the one before it, unless it
        # asks on ("..., which country does he lead?")
        last = len(pieces) - 1
        pieces = [
            piece
            for at, piece in enumerate(pieces)
            if at in (0, last) or not _relative(piece, relatives, question_words)
        ]
        parts = _asking(pieces, question_words, chatter)
        if parts:  # the fullest part that asks, the last of equals ("..., how is it expected")
            focus = max(reversed(parts), key=lambda part: len(_WORD.findall(part)))
        elif (embedded := _embedded(pieces, embedding, question_words, chatter)) is not None:
            # "...she asked me to find out why the sco was created, something about security?"
            focus = embedded
    return focus


def other_asking_parts(
    text: str,
    focus: str,
    question_words: Collection[str],
    tuning: FocusTuning,
    chatter: Collection[str] = (),
    embedding: re.Pattern[str] | None = None,
    purposes: re.Pattern[str] | None = None,
    conjunctions: Collection[str] = (),
    beliefs: Collection[str] = (),
    guessing: Collection[str] = (),
) -> list[str]:
    """A long message's other parts that ask, besides `focus`, in the message's order: its
    sentences ending with a question mark, the ones and their comma parts opening with a
    question word, and a question embedded in a statement ("i need to know the exact days...").
    "is that fair? what role are moscow and beijing expected to have" asks twice. A comma part
    opening with a conjunction before another part says when of that one ("первый саммит,
    когда её основали, где он проходил?"): it asks nothing."""
    if len(_WORD.findall(text)) < tuning.min_words:
        return []
    clauses = [
        clause
        for clause in SENTENCE_END.split(text.strip())
        if len(_WORD.findall(clause)) >= tuning.min_clause_words
    ]
    found: list[str] = []
    for clause in clauses:
        # what the asker knows or thinks ("Знаю, что Путин встречается с Си, но..."): no
        # question (what someone says may be one a dispute asks: "он говорит, что...")
        commas = _unreported(_COMMA.split(clause), question_words, beliefs, guessing)
        pieces = [clause] + [
            piece
            for at, piece in enumerate(commas)
            if piece != clause
            and len(_WORD.findall(piece)) >= tuning.min_clause_words
            and not (
                _words_as_cued(piece)[0] in conjunctions
                and any(_opens_with(later, question_words, chatter) for later in commas[at + 1 :])
            )
        ]
        for piece in pieces:
            if (piece is clause and clause.rstrip().endswith("?")) or _opens_with(
                piece, question_words, chatter
            ):
                found.append(piece)
        if embedding is not None and (embedded := embedding.search(clause)) is not None:
            found.append(clause[embedded.start() :])
    parts: list[str] = []
    for part in found:
        part = _before_purpose(part.strip(), question_words, purposes, embedding)
        if part and part != focus and part not in parts:
            parts.append(part)
    return parts


def _relative(piece: str, relatives: Collection[str], question_words: Collection[str]) -> bool:
    """Whether a comma part is a relative clause: its relative pronoun opens it and nothing
    after asks ("which seems cynical", not "which country does he lead")."""
    first, *rest = _WORD.findall(piece.lower())
    return first in relatives and not any(word in question_words for word in rest)


def _with_elaborations(
    pieces: list[str],
    question_words: Collection[str],
    pointers: Collection[str],
    chatter: Collection[str] = (),
    elaboration_words: int = 0,
    prepositions: Collection[str] = (),
) -> list[str]:
    """ "Who is representing Pakistan, is it the prime minister or the foreign minister?": a
    part asking about "it" or "that" right after a part that asks goes on with that question,
    as a short one does after a part with a question word in it ("...не понял когда он
    прилетел, в какой день?")."""
    joined: list[str] = []
    for piece in pieces:
        words = _WORD.findall(piece.lower())
        if joined and (
            (
                len(words) > 1
                and words[0] in question_words
                and words[1] in pointers
                and _opens_with(joined[-1], question_words, ())
            )
            or (
                len(words) <= elaboration_words
                and words[0] in prepositions  # "on which day?", not "who is he?"
                and _opens_with(piece, question_words, prepositions)
                and not _opens_with(joined[-1], question_words, chatter)
                and any(word in question_words for word in _words_as_cued(joined[-1]))
            )
        ):
            joined[-1] = f"{joined[-1]}, {piece}"
        else:
            joined.append(piece)
    return joined


def _words_as_cued(text: str, word: re.Pattern[str] = _WORD) -> list[str]:
    """The words of `text` as the cue lists are read: "какой" is "какои", "всё" is "все"."""
    lowered = text.lower() if text.isascii() else strip_accents(text.lower())
    return word.findall(lowered)


def _ends_with(clause: str, words: Collection[str]) -> bool:
    """Whether the last word of `clause` is one of `words`."""
    found = _words_as_cued(clause)
    return bool(found) and found[-1] in words


def _unreported(
    parts: list[str],
    question_words: Collection[str],
    reporting: Collection[str],
    joining: Collection[str],
) -> list[str]:
    """A sentence's comma parts, without those but the last that only say what someone knows,
    thinks or says, after a part ending with a `reporting` word: "Знаю, что БРИКС будет в
    Казани, но где этот саммит?" ("что", a `joining` word, joins it to "знаю"); one opening with
    a question word that joins nothing asks ("like I said, where is it held?")."""
    return [
        part
        for at, part in enumerate(parts)
        if not (
            0 < at < len(parts) - 1
            and _ends_with(parts[at - 1], reporting)
            and (not _opens_with(part, question_words, ()) or _words_as_cued(part)[0] in joining)
        )
    ]


def _opens_with(clause: str, question_words: Collection[str], chatter: Collection[str]) -> bool:
    # a question word in a hyphenated word asks nothing: "что-то российское", "кто-нибудь"
    if "@" in clause:
        clause = _MENTION.sub(" ", clause)
    words = _words_as_cued(clause, _HYPHENATED_WORD)
    position = 0
    while position < len(words) - 1 and words[position] in chatter:
        position += 1
    return bool(words) and words[position] in question_words


def _asking(
    pieces: list[str], question_words: Collection[str], chatter: Collection[str]
) -> list[str]:
    """The pieces that open with a question word; failing those, the ones that do after
    chatter ("..., and if so who goes instead?")."""
    direct = [piece for piece in pieces if _opens_with(piece, question_words, ())]
    if direct or not chatter:
        return direct
    return [piece for piece in pieces if _opens_with(piece, question_words, chatter)]


def _after_preface(
    text: str,
    question_words: Collection[str],
    chat: Callable[[str, bool], bool] | None,
    chatter: Collection[str] = (),
) -> str:
    """ "separate thing: what does sco stand for", "changing topic - who is xi jinping?",
    "haha knew it. where is it then?": a short message's question after a preface that does
    not ask. `chat` tells a preface that names nothing (before a colon or a dash) or says
    nothing at all (a sentence before the question's): "Modi isn't going. who is?" keeps Modi.
    After a colon or a dash, the question may put its question word second ("спасибо!
    последнее: путин кто по должности")."""
    for found in _PREFACE.finditer(text):
        preface, question = text[: found.start()], text[found.end() :]
        sentence = found.group().strip() == ""  # a full stop's: no colon or dash of its own
        if _opens_with(preface, question_words, ()) or not (
            _opens_with(question, question_words, chatter)  # "...знал. а когда он прилетел?"
            # "спасибо! последнее: путин кто по должности": after a colon or a dash, a
            # question with its question word second
            or (not sentence and _asks_second(question, question_words))
        ):
            continue
        if chat is None or chat(preface, sentence):
            return question.strip()
        return text
    return text


def _asks_second(text: str, question_words: Collection[str]) -> bool:
    """Whether the second word of `text` is a question word ("путин кто по должности")."""
    words = _words_as_cued(text)
    return len(words) > 2 and words[1] in question_words


def _question_after_claim(
    text: str, question_words: Collection[str], guessing: Collection[str]
) -> str:
    """ "i thought it was in bishkek, where is it actually?": a short message's last part asks,
    after parts that only report what someone thinks; the guess is no part of the question."""
    parts = [part for part in _PART.split(text.strip()) if _WORD.search(part)]
    if (
        len(parts) < 2
        # a question of its own, not a tag ("..., правда?")
        or len(_WORD.findall(parts[-1])) < 3
        or not _opens_with(parts[-1], question_words, ())
        or any(_opens_with(part, question_words, ()) for part in parts[:-1])
        or not any(word in guessing for part in parts[:-1] for word in _WORD.findall(part.lower()))
    ):
        return text
    return parts[-1]


def _question_before_chatter(
    text: str, question_words: Collection[str], asides: Collection[str] = ()
) -> str:
    """A short message whose first comma part asks and whose other parts do not ("who is
    vladimir putin, explain like i never follow the news"): the part that asks; not when a part
    after it opens with one of `asides` ("Какие ещё страны, кроме Китая и России, основали
    ШОС?": an aside inside the question, which goes on after it)."""
    parts = [part for part in _COMMA_OR_ASKED.split(text.strip()) if _WORD.search(part)]
    if len(parts) < 2 or not _opens_with(parts[0], question_words, ()):
        return text
    if not parts[0].endswith("?") and any(
        _words_as_cued(part)[0] in asides for part in parts[1:-1]
    ):
        return text
    if any(
        # another question, or a year or number qualifying this one ("..., like in 2017?")
        _opens_with(part, question_words, ()) or any(char.isdigit() for char in part)
        for part in parts[1:]
    ):
        return text
    return parts[0]


def _embedded(
    clauses: list[str],
    embedding: re.Pattern[str] | None,
    question_words: Collection[str] = (),
    chatter: Collection[str] = (),
) -> str | None:
    """ "...for our uni paper and need to know if mongolia is among the countries coming": with
    no question of its own, the last clause asking one inside it, from the words that do, up to
    a comma part that asks nothing ("..., arguing with my brother about it")."""
    if embedding is None:
        return None
    for clause in reversed(clauses):
        if (found := embedding.search(clause)) is not None:
            if not _WORD.search(clause[found.end() :]):
                continue  # "...а я не знаю.": nothing is embedded after it
            # "...спрашивает, будет ли беларусь на саммите, а то...": after a comma, the question
            # stands on its own up to the next ("asks if mongolia is coming" needs its "if")
            after = clause[found.end() :].lstrip()
            asked = _COMMA.split(after[1:].strip())[0] if after.startswith(",") else ""
            if _WORD.search(asked):
                return asked
            # "...asked me who he is": from the question word the phrase ends with, if it does
            # (a preposition before it, "...want to know on which days", is left out)
            last = _WORD.findall(found.group())[-1]
            if last.lower() in question_words:
                start = found.end() - len(last)
            elif _opens_with(after, question_words, ()):
                start = len(clause) - len(after)  # "хочу понимать какие числа...": from "какие"
            else:
                start = found.start()
            first, *rest = _COMMA.split(clause[start:])
            kept = [first]
            for part in rest:  # "..., and if so who leads its delegation" asks on
                if not _opens_with(part, question_words, chatter):
                    break
                kept.append(part)
            return ", ".join(kept) if question_words else clause[start:]
    return None


def embedding_pattern(
    phrases: Collection[str],
    question_words: Collection[str] = (),
    prepositions: Collection[str] = (),
) -> re.Pattern[str] | None:
    """The phrases that embed a question in a statement ("need to know if"), as one pattern;
    one ending with a question word may have a preposition before it ("want to know *on*
    which days")."""
    if not phrases:
        return None
    before = "|".join(sorted(map(re.escape, prepositions), key=len, reverse=True))
    alternatives = []
    for phrase in phrases:
        *head, last = phrase.split()
        words = [re.escape(word) for word in head]
        if before and last.lower() in question_words:
            words.append(rf"(?:(?:{before})\s+)?{re.escape(last)}")
        else:
            words.append(re.escape(last))
        alternatives.append(r"\s+".join(words))
    alternatives.sort(key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(alternatives)) + r")(?!\w)", re.IGNORECASE)
