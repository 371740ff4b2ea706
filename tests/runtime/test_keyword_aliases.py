"""Keywords the standard renamed keep working, with a DeprecationWarning naming the new one."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from dicodec import Dataset, Tag
from dicodec.datadict import keyword_for_tag
from dicodec.generated.keyword_aliases import KEYWORD_ALIASES

ALIASES = sorted(KEYWORD_ALIASES)
if not ALIASES:  # pragma: no cover - an edition without renames
    pytest.skip("the dictionary has no renamed keywords", allow_module_level=True)


@pytest.fixture(params=ALIASES)
def alias(request: pytest.FixtureRequest) -> Iterator[tuple[str, int, str]]:
    old = str(request.param)
    tag, new, _ = KEYWORD_ALIASES[old]
    yield old, tag, new


def _one_warning(caught: list[warnings.WarningMessage], old: str, new: str) -> None:
    assert len(caught) == 1, [str(w.message) for w in caught]
    warning = caught[0]
    assert warning.category is DeprecationWarning
    assert old in str(warning.message) and new in str(warning.message)
    assert warning.filename == __file__  # it points at the user's line, not at dicodec


def test_the_old_keyword_works_as_an_attribute(alias: tuple[str, int, str]) -> None:
    old, tag, new = alias
    ds = Dataset()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        setattr(ds, old, [Dataset()])
    _one_warning(caught, old, new)
    assert tag in ds and len(getattr(ds, new)) == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert getattr(ds, old) is getattr(ds, new)
    _one_warning(caught, old, new)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        delattr(ds, old)
    _one_warning(caught, old, new)
    assert tag not in ds


def test_the_old_keyword_works_as_text(alias: tuple[str, int, str]) -> None:
    old, tag, new = alias
    ds = Dataset()
    setattr(ds, new, [])
    for use in (
        lambda: Tag(old),
        lambda: ds[old],
        lambda: old in ds,
        lambda: ds.get(old),
        lambda: ds.data_element(old),
    ):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = use()
        _one_warning(caught, old, new)
        assert result is not None and result is not False
    assert Tag(new) == tag and keyword_for_tag(tag) == new


def test_the_new_keyword_is_the_one_offered(alias: tuple[str, int, str]) -> None:
    _, _, new = alias
    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        setattr(ds, new, [])
        assert ds.dir() == [new]
        assert getattr(ds, new) == []
    assert new in dir(ds)


def test_pydicom_knows_the_renamed_element(alias: tuple[str, int, str]) -> None:
    """The old keyword is what code written for pydicom says (or pydicom renamed it too)."""
    datadict = pytest.importorskip("pydicom.datadict")
    old, tag, new = alias
    assert datadict.keyword_for_tag(tag) in (old, new)
