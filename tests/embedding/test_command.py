"""`dicodec embed` without what it needs says so in one line; with it, it is the generator's
command (`python -m codegen embed`)."""

from __future__ import annotations

import argparse

import pytest

from dicodec.cli import main
from dicodec.commands import embed


def test_without_a_checkout_one_line_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(embed, "checkout", lambda: None)
    assert main(["embed", "--package", "p", "-o", "out", "--keyword", "PatientID"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"dicodec embed: {embed.NO_CHECKOUT}"]


def test_without_the_codegen_extra_one_line_says_which(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing(args: argparse.Namespace) -> int:
        raise ModuleNotFoundError("No module named 'jinja2'", name="jinja2")

    command = embed._generator_command()
    assert command is not None, "this checkout has the generator"
    monkeypatch.setattr(command, "run", missing)
    assert main(["embed", "--package", "p", "-o", "out", "--keyword", "PatientID"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "dicodec embed: needs the codegen extra (jinja2 is missing): pip install -e '.[codegen]'"
    ]


def test_a_selection_the_spec_does_not_know_is_a_usage_error(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["embed", "--package", "p", "-o", str(tmp_path), "--keyword", "PatientNmae"]) == 2
    err = capsys.readouterr().err
    assert "PatientNmae (did you mean PatientName?)" in err and "Traceback" not in err
