"""Which action the profile takes on an attribute: the options chosen, and the one decision
a combined action code (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) leaves open."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dicodec.errors import InvalidValueError
from dicodec.generated.deidentification import ACTIONS, MASKED_ACTIONS, METHODS, PRIVATE_ACTIONS
from dicodec.iods import requirement_type_of_tags

# (SOP Class UID, tags from the top-level data set down to the attribute) -> the attribute's
# requirement type in the IOD ("1", "1C", "2", "2C", "3"), or None when not known.
RequirementLookup = Callable[[str, tuple[int, ...]], "str | None"]

OPTIONS = tuple(m for m in METHODS if m != "basic")
# Options that cannot be applied together: one longitudinal temporal treatment (PS3.15 E.3.6).
_EXCLUSIVE = ("retain_full_dates", "retain_modified_dates")
# How much of the original value an action lets through, least first: when two options
# say different things of one attribute, the one that keeps less wins.
_PROTECTION = {"K": 0, "C": 1, "U": 2, "D": 3, "Z": 4, "X": 5}


@dataclass(frozen=True)
class Profile:
    """The Basic Application Level Confidentiality Profile with `options` (PS3.15 E.3), by
    name: "retain_uids", "retain-uids" and "Retain UIDs" all name the Retain UIDs Option."""

    options: frozenset[str] = frozenset()

    def __init__(self, options: Iterable[str] = ()) -> None:
        chosen = frozenset(_option_name(o) for o in options)
        if all(o in chosen for o in _EXCLUSIVE):
            raise InvalidValueError(
                "retain_full_dates and retain_modified_dates exclude each other (PS3.15 E.3.6)"
            )
        object.__setattr__(self, "options", chosen)

    @property
    def methods(self) -> tuple[str, ...]:
        """The basic profile and the options applied, in the standard's column order."""
        return tuple(m for m in METHODS if m == "basic" or m in self.options)


def _option_name(text: str) -> str:
    name = text.strip().lower().replace("-", "_").replace(" ", "_")
    name = name.removesuffix("_option")
    if name not in OPTIONS:
        raise InvalidValueError(f"{text!r} is not an option; the options are: {', '.join(OPTIONS)}")
    return name


def chosen_action(actions: Mapping[str, str], profile: Profile) -> str:
    """The action code of one Table E.1-1 row under `profile`: an option's action overrides
    the basic profile's (PS3.15 E.1.1); of two options, the one that keeps less."""
    given = [actions[o] for o in profile.options if o in actions]
    if not given:
        return actions["basic"]
    return max(given, key=lambda code: _PROTECTION[code[0]])


@lru_cache(maxsize=16)
def table(
    profile: Profile,
) -> tuple[dict[int, tuple[str, bool]], tuple[tuple[int, int, str, bool], ...], str]:
    """(tag -> (code, in a standard IOD), masked rows, the private attributes' code) under
    `profile`; combined codes stay combined, to be resolved per element (`resolve`)."""
    exact = {
        tag: (chosen_action(actions, profile), in_iod) for tag, (in_iod, actions) in ACTIONS.items()
    }
    masked = tuple(
        (mask, value, chosen_action(actions, profile), in_iod)
        for mask, value, in_iod, actions in MASKED_ACTIONS
    )
    return exact, masked, chosen_action(PRIVATE_ACTIONS, profile)


def resolve(code: str, *, in_standard_iod: bool, requirement: str | None, empty: bool) -> str:
    """The one action (X, Z, D, K, C, U, or U* for "keep the sequence, replace the instance
    UIDs inside") that a code stands for on one element.

    A combined code picks by the attribute's requirement type in the IOD (PS3.15 Table
    E.1-1a: "X unless Z or D is required to maintain IOD conformance (Type 3 versus Type 2
    versus Type 1)"): the first alternative for Type 3, Z for Type 2, the last for Type 1.
    A conditional type is taken as its unconditional one (1C as 1, 2C as 2): whether the
    condition holds is not evaluated, and the value that a Type 1 or 2 needs keeps the file
    valid either way. Where the type is not known: an attribute in no standard composite
    IOD is removed (E.1.1: that cannot break a standard IOD); otherwise the last
    alternative, which keeps any IOD valid and never the original value; and an element
    that is empty stays empty (Z), which says no more than it did.
    """
    if "/" not in code:
        return code
    choices = code.split("/")
    if requirement is not None:
        kind = requirement[0]
        if kind == "3":
            return choices[0]
        if kind == "2" and "Z" in choices:
            return "Z"
        return choices[-1]
    if not in_standard_iod and choices[0] == "X":
        return "X"
    if empty and "Z" in choices:
        return "Z"
    return choices[-1]


def iod_requirement(sop_class: str, path: tuple[int, ...]) -> str | None:
    """The requirement type of the attribute at `path` (tags from the top-level data set
    down) in the IOD of `sop_class`, from PS3.3's tables (`dicodec.iods`); None for an
    attribute, or a SOP class, the tables do not know."""
    return requirement_type_of_tags(sop_class, path)


def lookup_requirement(
    requirement_type: RequirementLookup | None, sop_class: str | None, path: tuple[int, ...]
) -> str | None:
    """The requirement type from the caller's lookup, when both are known."""
    if requirement_type is None or not sop_class:
        return None
    return requirement_type(sop_class, path)
