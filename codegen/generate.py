"""Render spec/ through the templates into generated/, or check that it is current.

Output is deterministic and black-formatted: the same spec gives the same bytes.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import black
import jinja2
from black.mode import TargetVersion

from codegen import arrow_types, contexts, deidentification, iod_contexts, iod_spec
from codegen.spec import SPEC_FILES, Spec

TEMPLATES = Path(__file__).parent / "templates"
# black takes ~40 s over the ~30,000 generated lines; its output for a given input
# never changes, so it is kept here (git-ignored) and reused by `make check-generated`.
BLACK_CACHE = Path(__file__).resolve().parent.parent / "build" / "black-cache"
_BLACK_VERSION = getattr(black, "__version__", "")
BLACK_MODE = black.Mode(line_length=100, target_versions={TargetVersion.PY310})
# Bumped when the runtime and generated code change their contract; the runtime checks it.
RUNTIME_API = 2


@dataclass(frozen=True)
class Output:
    module: str  # generated/<module>.py
    template: str
    sources: tuple[str, ...]  # spec files it is made from
    context: Callable[[Spec], dict[str, Any]]


# every spec file, by stem
ALL_SPEC_FILES = (
    *SPEC_FILES,
    *(name for name, _ in deidentification.FILES.values()),
    *iod_spec.FILES,
)


def package(spec: Spec) -> dict[str, Any]:
    """The editions the package reports (`dicodec.standard_editions()`): each table made
    from the standard (not the hand-written ones)."""
    stems = [stem for stem in ALL_SPEC_FILES if spec.edition(stem)]
    return {
        "edition": spec.edition("dictionary"),
        "editions": {stem: spec.edition(stem) for stem in stems},
        "standard_sources": {stem: spec.editions(stem) for stem in stems},
    }


def made_from(spec: Spec, sources: tuple[str, ...]) -> list[str]:
    """One header line per spec file: `spec/uids.yaml (DICOM PS3.6 2026c, PS3.6 2013)`."""
    lines = []
    for source in sources:
        editions = spec.editions(source.removeprefix("spec/").removesuffix(".yaml"))
        lines.append(f"{source} (DICOM {', '.join(editions)})" if editions else source)
    return lines


OUTPUTS = (
    Output(
        "__init__", "__init__.py.jinja", tuple(f"spec/{s}.yaml" for s in ALL_SPEC_FILES), package
    ),
    Output("dictionary", "dictionary.py.jinja", ("spec/dictionary.yaml",), contexts.dictionary),
    Output(
        "keywords",
        "keywords.py.jinja",
        ("spec/dictionary.yaml", "spec/vrs.yaml"),
        contexts.keywords,
    ),
    Output(
        "keyword_aliases",
        "keyword_aliases.py.jinja",
        ("spec/dictionary.yaml",),
        contexts.keyword_aliases,
    ),
    Output("tags", "tags.py.jinja", ("spec/dictionary.yaml",), contexts.tags),
    Output("vrs", "vrs.py.jinja", ("spec/vrs.yaml",), contexts.vrs),
    Output("vr_codecs", "vr_codecs.py.jinja", ("spec/vrs.yaml",), contexts.vr_codecs),
    Output("uids", "uids.py.jinja", ("spec/uids.yaml",), contexts.uids),
    Output(
        "transfer_syntaxes",
        "transfer_syntaxes.py.jinja",
        ("spec/transfer_syntaxes.yaml",),
        contexts.transfer_syntaxes,
    ),
    Output(
        "uid_constants",
        "uid_constants.py.jinja",
        ("spec/uids.yaml",),
        contexts.uids,
    ),
    Output("charsets", "charsets.py.jinja", ("spec/charsets.yaml",), contexts.charsets),
    Output(
        "arrow_types",
        "arrow_types.py.jinja",
        ("spec/vrs.yaml", "spec/dictionary.yaml"),
        arrow_types.context,
    ),
    Output(
        "private_dictionary",
        "private_dictionary.py.jinja",
        ("spec/private_dictionary.yaml",),
        contexts.private_dictionary,
    ),
    Output(
        "deidentification",
        "deidentification.py.jinja",
        tuple(f"spec/{name}.yaml" for name, _ in deidentification.FILES.values()),
        deidentification.context,
    ),
)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = repr
    return env


def render(spec: Spec) -> dict[str, str]:
    """Every generated module's text, keyed by file name."""
    env = _environment()
    rendered: dict[str, str] = {}
    for out in OUTPUTS:
        context = {
            "template": out.template,
            "made_from": made_from(spec, out.sources),
            "runtime_api": RUNTIME_API,
            **out.context(spec),
        }
        rendered[f"{out.module}.py"] = env.get_template(out.template).render(context)
    rendered.update(_render_iods(env, spec))
    files = _black_all(rendered)
    files["py.typed"] = ""
    return files


IOD_SOURCES = ("spec/iods.yaml", "spec/modules.yaml", "spec/dictionary.yaml", "spec/vrs.yaml")


def _render_iods(env: jinja2.Environment, spec: Spec) -> dict[str, str]:
    """generated/iods/: the typed IOD views, one file per IOD and per module (if imported)."""
    if spec.iods is None:
        return {}
    templates = {
        "__init__.py": "iods_index.py.jinja",
        "modules/__init__.py": "iods_modules_init.py.jinja",
        "attribute_types.py": "iod_attribute_types.py.jinja",
    }
    rendered = {}
    for path, context in iod_contexts.files(spec, spec.iods).items():
        template = templates.get(path, "iod_views.py.jinja")
        rendered[f"iods/{path}"] = env.get_template(template).render(
            {
                "template": template,
                "made_from": made_from(spec, IOD_SOURCES),
                "runtime_api": RUNTIME_API,
                **context,
            }
        )
    return rendered


def _generated_files(target: Path) -> list[str]:
    """The .py files under generated/, by path relative to it."""
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*.py"))


def _cache_path(text: str) -> Path:
    key = hashlib.sha256(f"{_BLACK_VERSION}|{BLACK_MODE!r}|{text}".encode()).hexdigest()
    return BLACK_CACHE / f"{key}.py"


def _black(text: str) -> str:
    return black.format_str(text, mode=BLACK_MODE)


def _black_all(rendered: dict[str, str]) -> dict[str, str]:
    """Black-format every module, from the cache where it has the answer, else in parallel."""
    formatted: dict[str, str] = {}
    missing = []
    for name, text in rendered.items():
        cached = _cache_path(text)
        if cached.exists():
            formatted[name] = cached.read_text(encoding="utf-8")
        else:
            missing.append(name)
    if missing:
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = pool.map(_black, [rendered[name] for name in missing])
            for name, text in zip(missing, results, strict=True):
                formatted[name] = text
                BLACK_CACHE.mkdir(parents=True, exist_ok=True)
                # written whole, then renamed: another process may read the cache meanwhile
                cached = _cache_path(rendered[name])
                partial = cached.with_suffix(f".{os.getpid()}.tmp")
                partial.write_text(text, encoding="utf-8")
                partial.replace(cached)
    return {name: formatted[name] for name in rendered}


def write(spec: Spec, target: Path) -> list[str]:
    """Write generated/; return the names of the files that changed."""
    target.mkdir(parents=True, exist_ok=True)
    changed = []
    files = render(spec)
    for name, text in files.items():
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    for stale in _generated_files(target):
        if stale not in files:
            (target / stale).unlink()
            changed.append(f"{stale} (removed)")
    return changed


def drift(spec: Spec, target: Path) -> list[str]:
    """Differences between generated/ and what the generator makes of spec/."""
    problems = []
    files = render(spec)
    for name, text in files.items():
        path = target / name
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            diff = difflib.unified_diff(
                current.splitlines(),
                text.splitlines(),
                f"generated/{name}",
                "expected",
                lineterm="",
                n=1,
            )
            problems.append("\n".join(list(diff)[:20]))
    for stale in _generated_files(target):
        if stale not in files:
            problems.append(f"generated/{stale} is not produced by the generator")
    return problems
