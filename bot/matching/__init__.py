"""From a question to a decision, one module per step:

language (which language, translit) -> focus (the part that asks) -> reading (normalised,
typo-corrected tokens and entities) -> frames (what is asked, about which time) -> scoring
(every fact, vectorised) -> decision (answer, partial, did-you-mean, decline, with its rule).
`Matcher` ties the steps together; nothing here knows about Telegram.
"""

from bot.matching.decision import Decision, DecisionKind, Explanation, FactMatch, Rule
from bot.matching.frames import QuestionFrame
from bot.matching.language import detect_language
from bot.matching.matcher import Matcher, MisleadingExample, Utterance
from bot.matching.reading import Mention, Reading, strip_accents

__all__ = [
    "Decision",
    "DecisionKind",
    "Explanation",
    "FactMatch",
    "Matcher",
    "Mention",
    "MisleadingExample",
    "QuestionFrame",
    "Reading",
    "Rule",
    "Utterance",
    "detect_language",
    "strip_accents",
]
