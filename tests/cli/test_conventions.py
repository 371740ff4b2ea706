"""What every subcommand does the same way: help with examples, --version, exit status,
one line per error and a traceback only with --debug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import dicodec
from dicodec.cli import SUBCOMMANDS, build_parser, main
from tests.cli.conftest import run_dicodec

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def test_every_registered_module_adds_its_command() -> None:
    assert len(COMMANDS) == len(SUBCOMMANDS)
    assert {"show", "dict", "convert", "pixels", "code", "deid"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: dicodec {command}")
    if command != "deid":  # deid's help predates the examples (issue 16)
        assert "examples:\n  dicodec " in out


def test_top_level_help_and_version() -> None:
    result = run_dicodec("--help")
    assert result.returncode == 0 and "examples:" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout
    version = run_dicodec("--version")
    assert version.returncode == 0
    assert (
        version.stdout.strip() == f"dicodec {dicodec.__version__} (DICOM {dicodec.DICOM_EDITION})"
    )


def test_python_dash_m_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dicodec", "dict", "PatientName"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "PatientName" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["show", "--no-such-option"],
        ["convert", "a", "b", "--syntax", "NotASyntax"],
        ["convert", "a"],
        ["pixels", "a.dcm", "--png", "a.png", "--window", "40"],
        ["pixels", "a.dcm", "--png", "a.png", "--frame", "0"],
        ["pixels", "a.dcm", "--png", "a.png", "--frame", "2", "--all"],
        ["show", "-t", "PatientNmae"],
        ["convert", "a", "b", "--syntax", "RLELossless", "--jobs", "0"],
        ["convert", "a", "b", "--syntax", "JPEGBaseline8Bit"],  # no encoder: not written
        ["convert", "a", "b", "--syntax", "RLELossless", "-O", "j2k_cr"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_a_bad_file_is_one_line_and_debug_adds_the_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.dcm"
    bad.write_bytes(b"no DICOM here" * 40)
    quiet = run_dicodec("show", str(bad))
    assert quiet.returncode == 1
    assert quiet.stderr.count("\n") == 1 and quiet.stderr.startswith(f"dicodec show: {bad}: ")
    assert "Traceback" not in quiet.stderr
    loud = run_dicodec("--debug", "show", str(bad))
    assert loud.returncode == 1 and "Traceback (most recent call last)" in loud.stderr
    after = run_dicodec("show", str(bad), "--debug")
    assert "Traceback (most recent call last)" in after.stderr


def test_output_closed_early_is_not_an_error_report() -> None:
    """`dicodec dict a | head -1`: the reader goes away, dicodec stops without a traceback."""
    result = subprocess.run(
        f"{Path(sys.executable).parent / 'dicodec'} dict a | head -1",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert result.stdout.count("\n") == 1 and "Traceback" not in result.stderr
