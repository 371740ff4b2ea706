"""PersonName: component groups and components (PS3.5 6.2.1), compared with pydicom."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec.errors import InvalidValueError
from dicodec.values import PersonName

TRICKY = [
    "",
    "Last^First^mid^pre",
    "Doe^John",
    "Doe",
    "^John",
    "Doe^^Q",
    "A^B^C^D^E",
    "A^B^C^D^E^F",
    "Yamada^Tarou=山田^太郎=やまだ^たろう",
    "=山田^太郎",
    "==やまだ^たろう",
    "A^B=",
    "A^B==",
    "a=b=c=d",
    "^^^^",
    "Wang^XiaoDong=王^小東=",
    "Smith^Fluffy=^=^",
    "A^B  ",
]
# pydicom warns about names it considers invalid; the comparison is about parsing.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PARTS = ("family_name", "given_name", "middle_name", "name_prefix", "name_suffix")


@pytest.mark.parametrize("text", TRICKY)
def test_parsing_agrees_with_pydicom(text: str) -> None:
    valuerep = pytest.importorskip("pydicom.valuerep")
    ours, theirs = PersonName(text), valuerep.PersonName(text)
    assert ours.components == tuple(theirs.components)
    for part in (*PARTS, "ideographic", "phonetic"):
        assert getattr(ours, part) == getattr(theirs, part), part
    assert ours.alphabetic == (theirs.alphabetic if text else "")
    # pydicom rebuilds its text from the groups, dropping empty trailing ones;
    # the original text is kept here, so it is written back as read.
    assert str(ours) == text
    if not text.endswith("="):
        assert str(ours) == str(theirs) and repr(ours) == repr(theirs) and len(ours) == len(theirs)
    assert bool(ours) == bool(theirs)
    fmt = "%(family_name)s, %(given_name)s %(middle_name)s (%(name_prefix)s %(name_suffix)s)"
    assert ours.formatted(fmt) == theirs.formatted(fmt)


def test_behaves_as_its_text() -> None:
    name = PersonName("Doe^John")
    assert name == "Doe^John" and "Doe^John" == name and name == PersonName("Doe^John")
    assert hash(name) == hash("Doe^John") and {"Doe^John": 1}[name] == 1
    assert str(name) == "Doe^John" and type(str(name)) is str
    assert repr(name) == "'Doe^John'" and len(name) == 8
    assert not PersonName("") and PersonName("x")


def test_from_named_components_agrees_with_pydicom() -> None:
    valuerep = pytest.importorskip("pydicom.valuerep")
    cases = [
        {"family_name": "A", "given_name": "B", "family_name_phonetic": "x"},
        {"family_name": "A", "middle_name": "M"},
        {"family_name_ideographic": "Y"},
        {
            "given_name": "J",
            "name_suffix": "Jr",
            "given_name_ideographic": "T",
            "name_prefix_phonetic": "p",
        },
        {},
    ]
    for kwargs in cases:
        assert PersonName.from_named_components(**kwargs) == str(
            valuerep.PersonName.from_named_components(**kwargs)
        )
    vet = {"responsible_party_name": "Smith", "patient_name": "Fluffy"}
    expected = str(valuerep.PersonName.from_named_components_veterinary(**vet))
    assert PersonName.from_named_components_veterinary(**vet) == expected
    # pydicom encodes to bytes on the way, so non-ASCII is checked on its own
    assert PersonName.from_named_components(family_name_ideographic="山田") == "=山田"


@pytest.mark.parametrize("bad", ["a^b", "a=b", "a\\b"])
def test_from_named_components_refuses_separators(bad: str) -> None:
    with pytest.raises(InvalidValueError):
        PersonName.from_named_components(family_name=bad)


PART = st.text(st.characters(blacklist_characters="^=\\", blacklist_categories=["Cs"]), max_size=6)


@settings(deadline=None)
@given(st.lists(st.lists(PART, min_size=5, max_size=5), min_size=3, max_size=3))
def test_named_components_round_trip(groups: list[list[str]]) -> None:
    kwargs = dict(zip(PARTS, groups[0], strict=True))
    kwargs.update({f"{k}_ideographic": v for k, v in zip(PARTS, groups[1], strict=True)})
    kwargs.update({f"{k}_phonetic": v for k, v in zip(PARTS, groups[2], strict=True)})
    name = PersonName.from_named_components(**kwargs)
    assert [getattr(name, part) for part in PARTS] == groups[0]
    for index, group in enumerate(("alphabetic", "ideographic", "phonetic")):
        assert getattr(name, group) == "^".join(groups[index]).rstrip("^")
    assert not name.endswith(("^", "="))


@settings(deadline=None)
@given(
    st.lists(
        st.text(st.characters(blacklist_characters="\\", blacklist_categories=["Cs"]), max_size=12),
        max_size=4,
    )
)
def test_any_text_parses_like_pydicom(groups: list[str]) -> None:
    valuerep = pytest.importorskip("pydicom.valuerep")
    text = "=".join(groups)
    ours, theirs = PersonName(text), valuerep.PersonName(text)
    assert ours.components == tuple(theirs.components)
    for part in (*PARTS, "ideographic", "phonetic"):
        assert getattr(ours, part) == getattr(theirs, part), part
