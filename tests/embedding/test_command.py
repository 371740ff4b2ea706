"""`dicodec embed` without what it needs says so in one line; with it, it is the generator's
command (`python -m codegen embed`)."""

from __future__ import annotations

import argparse
from pathlib import Path

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


@pytest.mark.slow
def test_python_m_codegen_embed_is_the_same_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m codegen embed` and `dicodec embed`, given the same words, write the same
    package, whose header records the command as `dicodec embed ...`."""
    from codegen.__main__ import main as codegen_main

    words = ["embed", "--package", "tags", "-o", "vendor", "--keyword", "PatientID,Modality"]
    made = []
    for name, command in (("codegen", codegen_main), ("dicodec", main)):
        folder = tmp_path / name
        folder.mkdir()
        monkeypatch.chdir(folder)
        assert command(words) == 0
        made.append(folder / "vendor" / "tags")
    files = sorted(p.relative_to(made[0]) for p in made[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(made[1]) for p in made[1].rglob("*") if p.is_file())
    for name in files:
        assert (made[0] / name).read_bytes() == (made[1] / name).read_bytes(), name
    header = (made[0] / "__init__.py").read_text(encoding="utf-8")
    assert "#   dicodec embed --package tags -o vendor --keyword PatientID,Modality\n" in header
