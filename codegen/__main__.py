"""`python -m codegen generate | check | import-standard | embed`: the maintainer's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "spec", help="the spec/ folder")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "generated", help="the generated/ folder"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate", help="spec/ -> generated/")
    commands.add_parser("check", help="fail when generated/ is not what spec/ gives")
    imp = commands.add_parser(
        "import-standard",
        help="the DICOM standard -> spec/",
        description="Each source not given is the one spec/ records (docs/updating-the-standard.md).",
    )
    from codegen.importers import OPTIONS

    for option in OPTIONS.values():
        imp.add_argument(f"--{option.name}", type=Path, help=f"{option.part}: {option.what}")
    imp.add_argument("--edition", help="the edition of given files that do not state one (2026d)")
    from codegen.embedding import command as embed

    embedding = commands.add_parser(
        "embed",
        help="a self-contained, typed DICOM codec for another codebase (docs/embedding.md)",
        description=embed.DESCRIPTION,
    )
    embed.add_arguments(embedding)
    args = parser.parse_args(argv)

    if args.command == "import-standard":
        return _import_standard(args)
    if args.command == "embed":
        return embed.run(args, args.spec)

    from codegen import generate, spec

    loaded = spec.load(args.spec)
    if args.command == "generate":
        changed = generate.write(loaded, args.out)
        print(f"generated/: {len(changed)} file(s) changed" + "".join(f"\n  {c}" for c in changed))
        return 0
    problems = generate.drift(loaded, args.out)
    if problems:
        print("generated/ is out of date with spec/ (run `make generate`):", file=sys.stderr)
        for p in problems:
            print(p, file=sys.stderr)
        return 1
    print("generated/ is current")
    return 0


def _import_standard(args: argparse.Namespace) -> int:
    from codegen.importers import OPTIONS, SourceError, SpecError, import_standard

    given = {o: getattr(args, o) for o in OPTIONS if getattr(args, o) is not None}
    try:
        report = import_standard(args.spec, given=given, edition=args.edition)
    except (SourceError, SpecError) as exc:
        print(f"import-standard: {exc}", file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report, end="")
    if report.changed:
        print("(also in spec/CHANGES.md; review `git diff spec/`, then run `make generate`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
