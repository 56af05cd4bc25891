"""Telegram's parse_mode=HTML rules, so the fake Bot API rejects what the real one rejects.

This is a port of tdlib's ``parse_html`` (td/telegram/MessageEntity.cpp), which the Bot API
server runs on every ``parse_mode=HTML`` text: the same tags, attributes, entities and error
texts, with byte offsets counted in UTF-8 like Telegram does.

One deliberate difference: Telegram keeps an ``&`` that starts no entity as a literal ``&``.
With ``strict_ampersand=True`` (the default) we reject it instead, because a bot that forgets
to escape ``&`` in a reply will sooner or later forget to escape ``<`` too, and that one does
break in production.
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

PARSE_ERROR_PREFIX = "Bad Request: can't parse entities: "
MAX_MESSAGE_LENGTH = 4096
"""Longest message text in UTF-16 code units, counted after tags and entities are resolved."""

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_NAMED_ENTITIES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SPACE = frozenset(b" \t\r\n\v\0")  # td::is_space; NUL counts, which ends every inner loop
_HEX = frozenset(b"0123456789abcdefABCDEF")
_ALPHA = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _ALPHA | frozenset(b"0123456789")
_TRIM = " \t\r\n\v\f"
_TG_USER_LINK = re.compile(r"tg://user\?id=(\d+)", re.IGNORECASE)
_URL_SCHEMES = ("http://", "https://", "ftp://", "tg://", "ton://", "tonsite://", "mailto:")

JSONDict = dict[str, Any]


class TelegramHTMLError(ValueError):
    """Text Telegram would refuse; ``description`` is the Bot API's error text."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.description = PARSE_ERROR_PREFIX + reason
        super().__init__(self.description)


@dataclass
class _Entity:
    """An entity while parsing; pre/code merging needs to retype the previous one in place."""

    type: str
    offset: int
    length: int
    argument: str = ""


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    out_pos: int


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units, so most emoji count twice."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _decode_entity(b: bytes, pos: int) -> tuple[int, int]:
    """tdlib's decode_html_entity: (code point or 0 when not an entity, position after it)."""
    end = pos + 1
    code = 0
    if b[pos + 1] == ord("#"):
        end += 1
        if b[pos + 2] == ord("x"):
            end += 1
            while b[end] in _HEX:
                code = code * 16 + int(chr(b[end]), 16)
                end += 1
        else:
            while ord("0") <= b[end] <= ord("9"):
                code = code * 10 + b[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while b[end] in _ALPHA:
            end += 1
        code = _NAMED_ENTITIES.get(b[pos + 1 : end], 0)
        if code == 0:
            return 0, pos
    if b[end] == ord(";"):
        end += 1
    return code, end


def _bad_ampersand(pos: int) -> TelegramHTMLError:
    return TelegramHTMLError(
        f'Character "&" at byte offset {pos} does not start an HTML entity; '
        'escape it as "&amp;" (strict check of the test fake)'
    )


def _checked_link(url: str) -> str:
    """A rough LinkManager::get_checked_link: '' drops the link, as Telegram silently does."""
    url = url.strip()
    if not url or any(c.isspace() for c in url):
        return ""
    lowered = url.lower()
    if lowered.startswith(_URL_SCHEMES):
        return url
    if "://" in lowered or lowered.startswith(("javascript:", "data:")):
        return ""
    return "http://" + url


def parse_telegram_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse like Telegram: the plain text and its Bot API entities, or TelegramHTMLError."""
    src = text.encode("utf-8", "surrogatepass")
    size = len(src)
    b = src + b"\0\0\0"  # tdlib reads a C string: lookahead stops at the terminating NUL
    out = bytearray()
    utf16 = 0
    need_utf8_check = False
    entities: list[_Entity] = []
    stack: list[_OpenTag] = []

    i = 0
    while i < size:
        c = b[i]
        if c == ord("&"):
            code, after = _decode_entity(b, i)
            if code:
                utf16 += 2 if code > 0xFFFF else 1
                need_utf8_check |= 0xD800 <= code <= 0xDFFF
                out += chr(code).encode("utf-8", "surrogatepass")
                i = after
                continue
            if strict_ampersand:
                raise _bad_ampersand(i)
        if c != ord("<"):
            if c & 0xC0 != 0x80:  # first byte of a character
                utf16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if b[i] != ord("/"):
            i = _parse_start_tag(b, begin, i, stack, utf16, len(out), strict_ampersand)
        else:
            i = _parse_end_tag(b, begin, i, stack, entities, utf16, out)
        i += 1  # past '>'

    if stack:
        raise TelegramHTMLError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    try:
        plain = out.decode("utf-8")
    except UnicodeDecodeError:
        need_utf8_check = True
        plain = ""
    if need_utf8_check:
        raise TelegramHTMLError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        if entity.type == "code":
            entity.argument = ""
    entities.sort(key=lambda e: (e.offset, -e.length))
    return plain, [_entity_json(e) for e in entities]


def _parse_start_tag(
    b: bytes,
    begin: int,
    i: int,
    stack: list[_OpenTag],
    utf16: int,
    out_pos: int,
    strict_ampersand: bool,
) -> int:
    """Read '<tag attr=...>' starting after '<'; returns the index of the closing '>'."""
    while b[i] not in _SPACE and b[i] != ord(">"):
        i += 1
    if b[i] == 0:
        raise TelegramHTMLError(f"Unclosed start tag at byte offset {begin}")
    tag = b[begin + 1 : i].lower().decode("utf-8", "replace")
    if tag not in _SUPPORTED_TAGS:
        raise TelegramHTMLError(f'Unsupported start tag "{tag}" at byte offset {begin}')

    argument = ""
    while b[i] != ord(">"):
        while b[i] != 0 and b[i] in _SPACE:
            i += 1
        if b[i] == ord(">"):
            break
        name_begin = i
        while b[i] not in _SPACE and b[i] not in b"=>/\"'":
            i += 1
        attribute = b[name_begin:i]
        if not attribute:
            raise TelegramHTMLError(
                f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
            )
        while b[i] != 0 and b[i] in _SPACE:
            i += 1
        if b[i] != ord("="):
            if b[i] == 0:
                raise TelegramHTMLError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and attribute == b"expandable":
                argument = "1"
            continue
        i += 1
        while b[i] != 0 and b[i] in _SPACE:
            i += 1
        if b[i] == 0:
            raise TelegramHTMLError(f'Unclosed start tag "{tag}" at byte offset {begin}')

        if b[i] not in b"'\"":
            token_begin = i
            while b[i] in _ALNUM or b[i] in b".-":
                i += 1
            value = b[token_begin:i].lower().decode("ascii")
            if b[i] not in _SPACE and b[i] != ord(">"):
                raise TelegramHTMLError(
                    f"Unexpected end of name token at byte offset {token_begin}"
                )
        else:
            quote = b[i]
            i += 1
            raw = bytearray()
            while b[i] != quote and b[i] != 0:
                if b[i] == ord("&"):
                    code, after = _decode_entity(b, i)
                    if code:
                        raw += chr(code).encode("utf-8", "surrogatepass")
                        i = after
                        continue
                    if strict_ampersand:
                        raise _bad_ampersand(i)
                raw.append(b[i])
                i += 1
            if b[i] == quote:
                i += 1
            value = raw.decode("utf-8", "replace")
        if b[i] == 0:
            raise TelegramHTMLError(f"Unclosed start tag at byte offset {begin}")

        if tag == "a" and attribute == b"href":
            argument = value
        elif tag == "code" and attribute == b"class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and attribute == b"class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag == "tg-emoji" and attribute == b"emoji-id":
            argument = value
        elif tag == "blockquote" and attribute == b"expandable":
            argument = "1"

    if tag == "span" and argument != "spoiler":
        raise TelegramHTMLError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    stack.append(_OpenTag(tag, argument, utf16, out_pos))
    return i


def _parse_end_tag(
    b: bytes,
    begin: int,
    i: int,
    stack: list[_OpenTag],
    entities: list[_Entity],
    utf16: int,
    out: bytearray,
) -> int:
    """Read '</tag>' starting at '/'; closes the innermost tag, returns the index of '>'."""
    if not stack:
        raise TelegramHTMLError(f"Unexpected end tag at byte offset {begin}")
    while b[i] not in _SPACE and b[i] != ord(">"):
        i += 1
    end_name = b[begin + 2 : i].lower().decode("utf-8", "replace")
    while b[i] != 0 and b[i] in _SPACE:
        i += 1
    if b[i] != ord(">"):
        raise TelegramHTMLError(f"Unclosed end tag at byte offset {begin}")
    open_tag = stack[-1]
    if end_name and end_name != open_tag.name:
        raise TelegramHTMLError(
            f'Unmatched end tag at byte offset {begin}, expected "</{open_tag.name}>", '
            f'found "</{end_name}>"'
        )
    if utf16 > open_tag.utf16_offset:
        _close_entity(open_tag, entities, utf16, out)
    stack.pop()
    return i


def _close_entity(tag: _OpenTag, entities: list[_Entity], utf16: int, out: bytearray) -> None:
    """Turn a closed, non-empty tag into an entity, merging <pre><code class=...> as tdlib."""
    offset = tag.utf16_offset
    length = utf16 - offset
    simple = {
        "i": "italic",
        "em": "italic",
        "b": "bold",
        "strong": "bold",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "u": "underline",
        "ins": "underline",
        "tg-spoiler": "spoiler",
        "span": "spoiler",
    }
    last = entities[-1] if entities else None
    same_span = last is not None and last.offset == offset and last.length == length
    if tag.name in simple:
        entities.append(_Entity(simple[tag.name], offset, length))
    elif tag.name == "tg-emoji":
        if not re.fullmatch(r"-?\d{1,19}", tag.argument) or int(tag.argument) == 0:
            raise TelegramHTMLError("Invalid custom emoji identifier specified")
        entities.append(_Entity("custom_emoji", offset, length, tag.argument))
    elif tag.name == "a":
        url = tag.argument or out[tag.out_pos :].decode("utf-8", "replace")
        user = _TG_USER_LINK.fullmatch(url.strip())
        if user:
            entities.append(_Entity("text_mention", offset, length, user.group(1)))
        elif checked := _checked_link(url):
            entities.append(_Entity("text_link", offset, length, checked))
    elif tag.name == "pre":
        if last is not None and same_span and last.type == "code" and last.argument:
            last.type = "pre"
        else:
            entities.append(_Entity("pre", offset, length))
    elif tag.name == "code":
        if last is not None and same_span and last.type == "pre" and tag.argument:
            last.argument = tag.argument
        else:
            entities.append(_Entity("code", offset, length, tag.argument))
    elif tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        entities.append(_Entity(kind, offset, length))


def _entity_json(entity: _Entity) -> JSONDict:
    """The Bot API MessageEntity object for one parsed entity."""
    data: JSONDict = {"type": entity.type, "offset": entity.offset, "length": entity.length}
    if entity.type == "text_link":
        data["url"] = entity.argument
    elif entity.type == "text_mention":
        data["user"] = {"id": int(entity.argument), "is_bot": False, "first_name": "User"}
    elif entity.type == "custom_emoji":
        data["custom_emoji_id"] = entity.argument
    elif entity.type == "pre" and entity.argument:
        data["language"] = entity.argument
    return data


def check_telegram_html(text: str, *, strict_ampersand: bool = True) -> str | None:
    """None if Telegram accepts ``text`` with parse_mode=HTML, else its error description."""
    try:
        parse_telegram_html(text, strict_ampersand=strict_ampersand)
    except TelegramHTMLError as error:
        return error.description
    return None


def visible_length(text: str) -> int:
    """UTF-16 length of ``text`` once Telegram drops the tags and decodes the entities.

    Even broken HTML gets a best-effort count, so a length assertion can still say something
    useful next to the parse error.
    """
    try:
        plain, _ = parse_telegram_html(text, strict_ampersand=False)
    except TelegramHTMLError:
        plain = html.unescape(re.sub(r"<[^>]*>", "", text))
    return utf16_length(plain)


def trim_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip outer whitespace as Telegram does, shifting and clipping entities to match."""
    left = text.lstrip(_TRIM)
    shift = utf16_length(text[: len(text) - len(left)])
    trimmed = left.rstrip(_TRIM)
    total = utf16_length(trimmed)
    kept: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return trimmed, kept


def check_message_text(text: str | None, parse_mode: str | None = None) -> str | None:
    """Everything sendMessage checks about a text: None if fine, else the Bot API description."""
    if not text:
        return "Bad Request: message text is empty"
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            text, entities = parse_telegram_html(text)
        except TelegramHTMLError as error:
            return error.description
    elif mode not in ("", "markdown", "markdownv2"):
        return "Bad Request: unsupported parse_mode"
    else:
        entities = []
    plain, _ = trim_text(text, entities)
    if not plain:
        return "Bad Request: message text is empty"
    if utf16_length(plain) > MAX_MESSAGE_LENGTH:
        return "Bad Request: message is too long"
    return None


def _is_word_character(ch: str) -> bool:
    """tdlib's is_word_character: letters, numbers and the underscore."""
    return ch == "_" or unicodedata.category(ch)[0] in "LN"


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _run_end(text: str, start: int) -> int:
    """End of the [A-Za-z0-9_]* run starting at ``start``."""
    end = start
    while end < len(text) and _is_ascii_word(text[end]):
        end += 1
    return end


def find_text_entities(text: str) -> list[JSONDict]:
    """bot_command and mention entities Telegram adds to plain text (tdlib's matchers).

    "/cmd" and "/cmd@botname" count anywhere a word does not continue before or after them;
    "@name" needs 2-32 characters, and names shorter than 4 only for @gif, @vid and @pic.
    """
    found: list[tuple[int, int, str]] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "/":
            prev = text[i - 1] if i else ""
            if prev and (_is_word_character(prev) or prev in "/<>"):
                continue
            end = _run_end(text, i + 1)
            if not 1 <= end - i - 1 <= 64:
                continue
            if end < n and text[end] == "@":
                name_end = _run_end(text, end + 1)
                if not 3 <= name_end - end - 1 <= 32:
                    continue
                end = name_end
            nxt = text[end] if end < n else ""
            if nxt and (_is_word_character(nxt) or nxt in "/<>"):
                continue
            found.append((i, end, "bot_command"))
        elif ch == "@":
            if i and _is_word_character(text[i - 1]):
                continue
            end = _run_end(text, i + 1)
            name = text[i + 1 : end]
            if not 2 <= len(name) <= 32:
                continue
            if end < n and _is_word_character(text[end]):
                continue
            if len(name) < 4 and name.lower() not in ("gif", "vid", "pic"):
                continue
            found.append((i, end, "mention"))
    return [
        {
            "type": kind,
            "offset": utf16_length(text[:start]),
            "length": utf16_length(text[start:end]),
        }
        for start, end, kind in sorted(found)
    ]
