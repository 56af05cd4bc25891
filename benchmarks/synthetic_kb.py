"""A synthetic knowledge base N times the size of `knowledge/`, for measuring how the bot scales.

Each of the N-1 clones is "another event" told in the same shape: every fact is copied under a
new id, about half of the people, countries and places it names are renamed (new entities with
made-up names, in Latin and Cyrillic letters), and most of its topic words are swapped for
made-up words, the same swap throughout one clone. The made-up words are drawn so that the
vocabulary grows more slowly than the facts, as in real text (see POOL_PER_WORD). Question
words, frame cues, stopwords, fillers, contractions, follow-up cues and entity aliases are never
swapped (lexicon synonyms are), so clones are asked the way the original facts are. Example
phrasings are shuffled. Quotes stay verbatim (they must occur in the article); commands are
dropped (they must be unique).

The result is written as ordinary knowledge files, so the bot loads it the way it loads
`knowledge/`: `write_synthetic_knowledge(Path("/tmp/kb"), scale=10)`.
"""

from __future__ import annotations

import copy
import itertools
import random
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
RENAME_SHARE = 0.5  # of the entities a clone's facts name, this share become new entities
SWAP_SHARE = 0.8  # of a clone's topic words, this share become other (made-up) words
# The made-up words clones draw from: this many per swappable word of the original, drawn with
# Zipf's 1/rank weights, which grows the vocabulary about as Heaps' law has it for real text
# (about 3x the words for 10x the facts, 10x for 100x).
POOL_PER_WORD = 10
NAME_SYLLABLES = (3, 4)
SWAP_SYLLABLES = (2, 3)
_WORD_OR_FIELD = re.compile(r"\{[^}]*\}|\w+(?:['’]\w+)*")  # "didn't" is one word
_WORD = re.compile(r"\w+")
# Letters for made-up names, paired so every name has a Latin and a Cyrillic spelling.
_CONSONANTS = [
    ("b", "б"),
    ("d", "д"),
    ("g", "г"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("v", "в"),
    ("z", "з"),
]
_VOWELS = [("a", "а"), ("e", "е"), ("i", "и"), ("o", "о"), ("u", "у")]


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _write(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False, width=100)


def _strings(node: Any) -> Iterable[str]:
    """Every string anywhere in a YAML tree, keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _words(texts: Iterable[str]) -> set[str]:
    return {word.lower() for text in texts for word in _WORD.findall(str(text))}


class _NameMaker:
    """Made-up names, unique across the whole synthetic base and unlike any real word."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self._rng = rng
        self._taken = set(taken)

    def make(self, syllables: tuple[int, ...] = NAME_SYLLABLES) -> tuple[str, str]:
        while True:
            letters = [
                (self._rng.choice(_CONSONANTS), self._rng.choice(_VOWELS))
                for _ in range(self._rng.choice(syllables))
            ]
            latin = "".join(c[0] + v[0] for c, v in letters)
            cyrillic = "".join(c[1] + v[1] for c, v in letters)
            if latin not in self._taken and cyrillic not in self._taken:
                self._taken.update((latin, cyrillic))
                return latin.capitalize(), cyrillic.capitalize()


class _Clone:
    """One clone's renames and word swaps, applied to the facts' texts in each language."""

    def __init__(
        self,
        number: int,
        renamed: dict[str, tuple[str, str]],
        aliases: dict[str, list[str]],
        protected: dict[str, set[str]],
        pools: dict[str, tuple[list[str], list[float]]],
        rng: random.Random,
    ) -> None:
        self.number = number
        self.renamed = renamed  # entity id -> (Latin name, Cyrillic name)
        self._protected = protected
        self._pools = pools
        self._rng = rng
        self._swaps: dict[str, dict[str, str]] = {language: {} for language in pools}
        alias_list = sorted(
            {alias for entity_id in renamed for alias in aliases[entity_id]},
            key=len,
            reverse=True,
        )
        self._owner = {
            alias.lower(): entity_id for entity_id in renamed for alias in aliases[entity_id]
        }
        self._aliases = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(r"\W+".join(map(re.escape, alias.split())) for alias in alias_list)
                + r")(?!\w)",
                re.IGNORECASE,
            )
            if alias_list
            else None
        )

    def fact_id(self, fact_id: str) -> str:
        return f"{fact_id}_c{self.number}"

    def entity_id(self, entity_id: str) -> str:
        return f"{entity_id}_c{self.number}" if entity_id in self.renamed else entity_id

    def text(self, text: str, language: str) -> str:
        names: list[str] = []

        def rename(found: re.Match[str]) -> str:
            key = re.sub(r"\W+", " ", found.group()).lower()
            latin, cyrillic = self.renamed[self._owner[key]]
            names.append(cyrillic if language == "ru" else latin)
            return f"\x00{len(names) - 1}\x00"

        if self._aliases is not None:
            text = self._aliases.sub(rename, text)
        text = _WORD_OR_FIELD.sub(lambda found: self._swap(found.group(), language), text)
        return re.sub("\x00([0-9]+)\x00", lambda found: names[int(found.group(1))], text)

    def _swap(self, word: str, language: str) -> str:
        lower = word.lower()
        if (
            word.startswith("{")
            or not lower.isalpha()  # numbers, and words with an apostrophe ("didn't")
            or lower in self._protected[language]
        ):
            return word
        swaps = self._swaps[language]
        if lower not in swaps:
            words, weights = self._pools[language]
            swap = self._rng.random() < SWAP_SHARE and bool(words)
            swaps[lower] = self._rng.choices(words, cum_weights=weights)[0] if swap else lower
        new = swaps[lower]
        if new == lower:
            return word
        return new.capitalize() if word[:1].isupper() else new


def write_synthetic_knowledge(
    target: Path, scale: int, source: Path = KNOWLEDGE, seed: int = 12
) -> dict[str, int]:
    """Write a knowledge base `scale` times the size of `source` into `target`; return counts."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    counts = {"facts": 0, "entities": 0, "examples": 0}
    facts_file = _read(source / "facts.yaml")
    entities_file = _read(source / "entities.yaml")
    translations = {
        path.name: _read(path) for path in sorted(source.glob("facts.*.yaml"))
    }  # facts.ru.yaml: {language, facts: {id: texts}}
    languages = [facts_file["language"], *(data["language"] for data in translations.values())]

    entities = {entity["id"]: entity for entity in entities_file["entities"]}
    aliases = {
        entity_id: [entity["name"], *entity.get("names", {}).values(), *entity["aliases"]]
        for entity_id, entity in entities.items()
    }
    never_swapped = _words(_strings(entities_file))
    protected: dict[str, set[str]] = {}
    pools: dict[str, tuple[list[str], list[float]]] = {}
    own_words = _words(_strings(facts_file)) | _words(_strings(list(translations.values())))
    for language in languages:
        lexicon = _read(source / f"lexicon.{language}.yaml")
        grammar = {key: value for key, value in lexicon.items() if key != "synonyms"}
        cue_files = [source / f"{kind}.{language}.yaml" for kind in ("frames", "followups")]
        protected[language] = (
            never_swapped
            | _words(_strings(grammar))
            | _words(text for path in cue_files if path.exists() for text in _strings(_read(path)))
        )
    rng = random.Random(seed)
    names = _NameMaker(rng, own_words)
    texts = {facts_file["language"]: _strings(facts_file["facts"])}
    texts.update((data["language"], _strings(data["facts"])) for data in translations.values())
    for language in languages:
        swappable = _words(texts[language]) - protected[language]
        size = POOL_PER_WORD * len(swappable)
        words = [names.make(SWAP_SYLLABLES)[language == "ru"].lower() for _ in range(size)]
        pools[language] = (
            words,
            list(itertools.accumulate(1 / rank for rank in range(1, size + 1))),
        )
    named = {
        entity_id
        for fact in facts_file["facts"]
        for entity_id in (*fact.get("entities", []), *fact.get("list", {}).get("members", []))
    }
    renamable = sorted(
        entity_id
        for entity_id in named
        if not entities[entity_id].get("ambient") and entities[entity_id].get("in_article", True)
    )

    all_facts = list(facts_file["facts"])
    all_entities = list(entities_file["entities"])
    all_translations = {name: dict(data["facts"]) for name, data in translations.items()}
    for number in range(1, scale):
        renamed = {
            entity_id: names.make() for entity_id in renamable if rng.random() < RENAME_SHARE
        }
        clone = _Clone(number, renamed, aliases, protected, pools, rng)
        for entity_id, (latin, cyrillic) in renamed.items():
            entity = copy.deepcopy(entities[entity_id])
            entity.update(
                id=clone.entity_id(entity_id),
                name=latin,
                names={"ru": cyrillic},
                aliases=[latin.lower(), cyrillic.lower()],
            )
            entity.pop("ambient", None)
            all_entities.append(entity)
        language = facts_file["language"]
        for fact in facts_file["facts"]:
            all_facts.append(_clone_fact(fact, clone, language, rng))
        for name, data in translations.items():
            for fact_id, texts in data["facts"].items():
                all_translations[name][clone.fact_id(fact_id)] = _clone_texts(
                    texts, clone, data["language"], rng
                )

    _write(target / "facts.yaml", {**facts_file, "facts": all_facts})
    _write(target / "entities.yaml", {**entities_file, "entities": all_entities})
    for name, data in translations.items():
        _write(target / name, {**data, "facts": all_translations[name]})
    counts["facts"] = len(all_facts)
    counts["entities"] = len(all_entities)
    counts["examples"] = sum(len(f.get("questions", [])) for f in all_facts) + sum(
        len(texts.get("questions", []))
        for facts in all_translations.values()
        for texts in facts.values()
    )
    return counts


def _clone_texts(texts: dict[str, Any], clone: _Clone, language: str, rng: random.Random) -> Any:
    out = copy.deepcopy(texts)
    for key in ("title", "answer", "member_answer", "non_member_answer", "unnamed_answer"):
        if isinstance(out.get(key), str):
            out[key] = clone.text(out[key], language)
    for key in ("questions", "keywords"):
        if key in out:
            out[key] = list(dict.fromkeys(clone.text(str(text), language) for text in out[key]))
    if "questions" in out:
        rng.shuffle(out["questions"])
    return out


def _clone_fact(fact: dict[str, Any], clone: _Clone, language: str, rng: random.Random) -> Any:
    out = _clone_texts(fact, clone, language, rng)
    out["id"] = clone.fact_id(fact["id"])
    out.pop("command", None)
    out["entities"] = [clone.entity_id(entity_id) for entity_id in fact.get("entities", [])]
    out["related"] = [clone.fact_id(fact_id) for fact_id in fact.get("related", [])]
    if "list" in fact:
        listing = out["list"]
        listing["members"] = [clone.entity_id(entity_id) for entity_id in listing["members"]]
        for key in ("member_answer", "non_member_answer", "unnamed_answer"):
            if isinstance(listing.get(key), str):
                listing[key] = clone.text(listing[key], language)
    return out


if __name__ == "__main__":  # a look at what a clone is like
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        kb = Path(folder) / "kb"
        print(write_synthetic_knowledge(kb, int(sys.argv[1]) if len(sys.argv) > 1 else 2))
        facts = _read(kb / "facts.yaml")["facts"]
        half = len(facts) // 2
        for fact in (facts[1], facts[half + 1], facts[11], facts[half + 11]):
            print(fact["id"], fact.get("entities"), fact["title"], fact["questions"][:4])
