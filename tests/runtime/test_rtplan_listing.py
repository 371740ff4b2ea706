"""The seed RT Plan, built with the public API, prints as the user's listing, line for line."""

from __future__ import annotations

from dicodec.data.rtplan import build_rtplan


def test_listing_equals_seed_dump(seed_dump: str) -> None:
    printed = str(build_rtplan()).splitlines()
    expected = seed_dump.rstrip("\n").splitlines()
    for number, (got, want) in enumerate(zip(printed, expected, strict=False), start=1):
        assert got == want, f"line {number}"
    assert len(printed) == len(expected)


def test_bundled_sample_is_the_seed_dataset(seed_dump: str) -> None:
    from dicodec import dcmread
    from dicodec.data import get_testdata_file

    ds = dcmread(get_testdata_file("rtplan.dcm"))
    assert str(ds) == seed_dump.rstrip("\n")
    assert ds == build_rtplan()


def test_sample_is_reproducible(tmp_path) -> None:
    from dicodec.data import get_testdata_file
    from dicodec.data.build_sample import main

    target = tmp_path / "rtplan.dcm"
    main([str(target)])
    with open(get_testdata_file("rtplan.dcm"), "rb") as bundled:
        assert target.read_bytes() == bundled.read()
