"""Turn the English conditional statements of PS3.3 module usages into rules a program can evaluate.

PS3.3 writes conditions as prose ("Required if Photometric Interpretation (0028,0004) has a
value of PALETTE COLOR."). The forms that say only which attribute must be present or hold
which value are read here; everything else ("Required if contrast media was used") needs a
human and stays without a rule. A rule is a small expression, written into `spec/iods.yaml`
where a reviewer can check it against the statement beside it:

    present(Keyword)                   the attribute is present (with or without a value)
    Keyword == 'TERM'                  its value (any value, for a multi-valued one) is TERM
    Keyword in ('A', 'B')              one of its values is A or B
    Keyword[3] in ('A', 'B')           its Value 3 (PS3.3 counts values from 1) is A or B
    Keyword in (FrameTime, ...)        an AT value names one of these attributes
    Keyword > 1                        its value is a number greater than 1
    module('rt-fraction-scheme')       the module is present
    not ..., ... and ..., ... or ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_TAG = r"\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)"
# a name as PS3.3 writes it, possibly with a parenthesised word: "Image Position (Patient)"
_NAME = r"[A-Z][A-Za-z0-9/\- ]*?(?: \((?:Patient|Retired)\))?"
_TERM = r"[A-Z0-9_][A-Z0-9_ ]*[A-Z0-9_]|[A-Z0-9_]"
_NUMBERS = {"zero": 0, "one": 1}


@dataclass(frozen=True)
class Lookups:
    """What a rule needs from the other tables: keywords by tag and by name, modules by name."""

    keyword_by_tag: Mapping[str, str]  # "(0028,0004)" -> "PhotometricInterpretation"
    keyword_by_name: Mapping[str, str]  # "number of frames" -> "NumberOfFrames"
    name_by_keyword: Mapping[
        str, str
    ]  # "PhotometricInterpretation" -> "Photometric Interpretation"
    module_by_name: Callable[[str], str | None]  # "RT Fraction Scheme" -> "rt-fraction-scheme"


def first_statement(text: str) -> str:
    """The requirement itself: the first sentence, without "Required if" or "May be present otherwise"."""
    text = " ".join(text.split())
    match = re.match(r"(?i)required (?:only )?if (.*)", text)
    if not match:
        return ""
    body = match.group(1)
    # the first sentence ends at ". " or ";" (tags and section numbers hold no ". ")
    body = re.split(r"\.\s|;|\.$| - See|, see| See ", body)[0]
    return body.strip().rstrip(".")


def rule(statement: str, lookups: Lookups) -> str | None:
    """The rule of a conditional statement, or None when it is not one of the readable forms."""
    body = first_statement(statement)
    if not body:
        return None
    return _either(body, lookups)


def _either(text: str, lookups: Lookups) -> str | None:
    for joiner in (" and ", " or "):
        # split only where both sides read on their own ("A (tag) is X and B (tag) is Y")
        parts = text.split(joiner)
        for cut in range(1, len(parts)):
            left = _either(joiner.join(parts[:cut]), lookups)
            right = _either(joiner.join(parts[cut:]), lookups)
            if left is not None and right is not None:
                return f"{_group(left)}{joiner}{_group(right)}"
    return _clause(text, lookups)


def _group(rule_text: str) -> str:
    return f"({rule_text})" if " and " in rule_text or " or " in rule_text else rule_text


def _keyword(name: str, tag: tuple[str, str] | None, lookups: Lookups) -> str | None:
    """The keyword of a name, and of its tag when one is given: both must name the same attribute."""
    if tag is None:
        return lookups.keyword_by_name.get(name.strip().lower())
    keyword = lookups.keyword_by_tag.get(f"({tag[0].upper()},{tag[1].upper()})")
    if keyword is None or not _same_name(name, lookups.name_by_keyword.get(keyword, "")):
        return None
    return keyword


def _same_name(written: str, registered: str) -> bool:
    """Names equal but for case, punctuation and a plural ("Scan Option" for "Scan Options")."""
    a, b = (re.sub(r"[^a-z0-9]", "", n.lower()) for n in (written, registered))
    return a == b or a + "s" == b or a == b + "s"


def _terms(text: str) -> list[str] | None:
    """'A', 'A or B', 'A, B or C', 'A, B, or C' -> the defined terms, or None."""
    parts = [p.strip() for p in re.split(r",\s*or\s+|,\s*|\s+or\s+", text.strip())]
    if not parts or not all(re.fullmatch(_TERM, p) for p in parts):
        return None
    return parts


def _tag_terms(text: str, lookups: Lookups) -> list[str] | None:
    """'Frame Time (0018,1063) or Frame Time Vector (0018,1065)' -> keywords, for AT values."""
    parts = [p.strip() for p in re.split(r",\s*or\s+|,\s*(?=[A-Z])|\s+or\s+", text.strip())]
    keywords = []
    for part in parts:
        match = re.fullmatch(rf"({_NAME}) {_TAG}", part)
        keyword = match and _keyword(match.group(1), (match.group(2), match.group(3)), lookups)
        if not keyword:
            return None
        keywords.append(keyword)
    return keywords


def _quoted(terms: list[str]) -> str:
    return ", ".join(f"'{t}'" for t in terms)


def _clause(text: str, lookups: Lookups) -> str | None:
    text = text.strip()
    both = re.fullmatch(rf"({_NAME}) {_TAG} or ({_NAME}) {_TAG} are present", text)
    if both:
        first = _keyword(both.group(1), (both.group(2), both.group(3)), lookups)
        second = _keyword(both.group(4), (both.group(5), both.group(6)), lookups)
        return f"present({first}) or present({second})" if first and second else None
    module = re.fullmatch(
        r"(?:the )?(.+?) (?:Module|Functional Group Macro|Macro) "
        r"(is (?:not )?present|exists|is included|is not included)",
        text,
    )
    if module:
        found = lookups.module_by_name(module.group(1))
        if found is None:
            return None
        negated = "not" in module.group(2)
        return f"{'not ' if negated else ''}module('{found}')"
    match = re.fullmatch(
        rf"({_NAME})(?: {_TAG})?(?: in the [A-Za-z0-9 ]+ Module)?"
        r"(?: (Value|value) ([0-9]+))? ((?:is|are|equals|=|has|value is|does not|not equal) .+)",
        text,
    )
    if not match:
        return None
    name, group, element, _, value_number, predicate = match.groups()
    keyword = _keyword(name, (group, element) if group else None, lookups)
    if keyword is None:
        return None
    subject = f"{keyword}[{value_number}]" if value_number else keyword
    return _predicate(subject, keyword, predicate, lookups)


def _predicate(subject: str, keyword: str, predicate: str, lookups: Lookups) -> str | None:
    predicate = predicate.strip()
    if predicate in ("is present", "are present"):
        return f"present({keyword})"
    if predicate in ("is not present", "is absent"):
        return f"not present({keyword})"
    greater = re.fullmatch(r"is greater than ([0-9]+|zero|one)", predicate)
    if greater:
        number = _NUMBERS.get(greater.group(1))
        return f"{subject} > {number if number is not None else int(greater.group(1))}"
    negative = re.fullmatch(r"(?:is not|does not equal|not equal to) (.+)", predicate)
    if negative:
        terms = _terms(negative.group(1))
        if terms is None:
            return None
        return f"{subject} != '{terms[0]}'" if len(terms) == 1 else None
    # "is present with a value of X": a value of X says that it is present
    positive = re.fullmatch(
        r"(?:is present and equals|is present with a value of|is present and has a value of"
        r"|is|equals|=|has a value of|value is|has the value|is equal to) (.+)",
        predicate,
    )
    if not positive:
        return None
    terms = _terms(positive.group(1))
    if terms is not None:
        return (
            f"{subject} == '{terms[0]}'" if len(terms) == 1 else f"{subject} in ({_quoted(terms)})"
        )
    keywords = _tag_terms(positive.group(1), lookups)
    if keywords:
        return f"{subject} in ({', '.join(keywords)},)"
    return None
