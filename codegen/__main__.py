"""`python -m codegen generate | check | import-standard`: the maintainer's commands."""

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
    imp = commands.add_parser("import-standard", help="the DICOM standard -> spec/")
    imp.add_argument("--standard", type=Path, default=ROOT.parent / "shared" / "standard")
    for part in ("part05", "part06", "part07", "part15"):
        imp.add_argument(f"--{part}", type=Path, default=None, help=f"a newer {part}.xml")
    imp.add_argument("--registry", type=Path, default=None, help="a newer registry JSON folder")
    args = parser.parse_args(argv)

    if args.command == "import-standard":
        from codegen.importers import import_standard

        report = import_standard(
            args.standard,
            args.spec,
            part05=args.part05,
            part06=args.part06,
            part07=args.part07,
            registry=args.registry,
            part15=args.part15,
        )
        print(report)
        return 0

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


if __name__ == "__main__":
    sys.exit(main())
