"""Assemble an embedded package: dicodec's runtime and generated tables, cut to a selection,
renamed, and headed with where they come from.

Nothing here is a copy: the runtime modules are read from `runtime/` (those the package's
`__init__` imports, and what they import), cut by `prune` and renamed; the tables are the
spec cut by `tables.subset` and rendered by the templates of `make generate`. The output is
black-formatted and deterministic: the same checkout and command give the same bytes.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from codegen import generate
from codegen.embedding import compact, prune, tables
from codegen.embedding.selection import Selection
from codegen.spec import Spec

PACKAGE = "dicodec"
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "embed_license.jinja"


@dataclass(frozen=True)
class Checkout:
    """Where dicodec's own sources are: its runtime, generated tables and spec."""

    runtime: Path = ROOT / "runtime"
    generated: Path = ROOT / "generated"
    spec: Path = ROOT / "spec"

    def modules(self) -> dict[str, Path]:
        """Every module of dicodec, by dotted name (`dicodec.values.uid`) -> its file."""
        found = {}
        for root, prefix in ((self.runtime, PACKAGE), (self.generated, f"{PACKAGE}.generated")):
            for path in sorted(root.rglob("*.py")):
                parts = path.relative_to(root).with_suffix("").parts
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                found[".".join((prefix, *parts))] = path
        return found

    def version(self) -> str:
        """dicodec's `__version__`."""
        text = (self.runtime / "__init__.py").read_text(encoding="utf-8")
        match = re.search(r'^__version__ = "([^"]+)"', text, flags=re.M)
        if match is None:
            raise ValueError("runtime/__init__.py has no __version__")
        return match.group(1)


# The modules an embedded package starts from: the package's `__init__` (pydicom's names:
# dcmread, dcmwrite, Dataset, ...); with `--pixels`, native pixel decoding too.
ROOTS = (PACKAGE,)

# What dicodec defines for pydicom 3's API only (`docs/migrating-from-pydicom.md`), which a
# codec embedded in another codebase does without: left out of every package, with what
# uses them (module -> qualified names). `tests/embedding` checks each is still defined.
PYDICOM_ONLY: dict[str, tuple[str, ...]] = {
    f"{PACKAGE}.charset": (
        "convert_encodings", "_codec_of_term", "encode_string", "decode_element",
        "decode_bytes", "_STANDALONE",
    ),
    f"{PACKAGE}.datadict": (
        "get_entry", "dictionary_has_tag", "dictionary_VR", "dictionary_VM",
        "dictionary_description", "dictionary_is_retired", "dictionary_keyword",
        "repeater_has_tag", "repeater_has_keyword", "mask_match", "_mask_text",
        "private_dictionary_VR", "private_dictionary_VM",
        "add_dict_entry", "add_dict_entries",
        "add_private_dict_entry", "add_private_dict_entries",
    ),
    f"{PACKAGE}.dataset": (
        "Dataset.get_item", "Dataset.elements", "Dataset.update_raw_element",
        "Dataset.popitem",
        "Dataset.get_private_item", "Dataset.add_new_private", "Dataset.private_creators",
        "Dataset.decode", "Dataset.ensure_file_meta", "validate_file_meta",
        "Dataset.original_encoding", "Dataset.original_character_set",
        "Dataset._character_set", "Dataset.is_original_encoding",
        "Dataset.set_original_encoding", "install_added_keywords",
    ),
    f"{PACKAGE}.element": (
        "DataElement.repval", "DataElement.file_tell", "DataElement.is_decoded",
        "DataElement.clear", "DataElement.is_buffered",
        "DataElement.validate",
    ),
    f"{PACKAGE}.filereader": (
        "read_preamble", "read_file_meta_info", "_parse_from", "_until", "read_dataset",
        "data_element_generator", "StopWhen",
    ),
    f"{PACKAGE}.keyword_access": ("AddedKeyword",),
    f"{PACKAGE}.tag": (
        "TupleTag", "tag_in_exception", "Tag.json_key", "BaseTag", "ItemTag",
        "ItemDelimiterTag", "SequenceDelimiterTag", "TAG_CHARSET", "TAG_PIXREP",
    ),
    f"{PACKAGE}.values.uid": ("UID.is_private", "_syntaxes"),
    f"{PACKAGE}.values.dates": ("_Remembered", "DA", "DT", "TM", "_leap_second"),
}  # fmt: skip
PIXEL_ROOTS = (f"{PACKAGE}.pixels",)
# With `--pixels`, the package's `pixels` is dicodec's native decoder (numpy, no codec
# plugins): `Dataset.pixel_array` imports `pixel_array` from it as from dicodec.pixels.
PIXEL_MODULES = {f"{PACKAGE}.pixels": f"{PACKAGE}.pixels.native_array"}


def _package_path(module: str, packages: set[str]) -> str:
    """Where module `dicodec.x.y` goes in the package: `x/y.py`, or `x/y/__init__.py`."""
    parts = module.split(".")[1:]
    if module in packages:
        return "/".join([*parts, "__init__.py"])
    return "/".join(parts) + ".py"


def imported_at_load(tree: ast.Module, module: str, known: set[str]) -> set[str]:
    """dicodec's modules that `module` imports when it is loaded: its top-level imports
    (`if TYPE_CHECKING:` blocks aside, function bodies aside), with their packages."""
    found: set[str] = set()

    def visit(body: Iterable[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in known else node.module)

    visit(tree.body)
    with_packages: set[str] = set()
    for name in found:
        parts = name.split(".")
        with_packages.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return (with_packages & known) - {module}


def tables_imported_later(tree: ast.Module, known: set[str]) -> set[str]:
    """The generated tables that a module imports in a function, when first needed (the
    private dictionary): the package holds them too, cut like the others."""
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module in known
        and node.module.startswith(f"{PACKAGE}.generated.")
    }


def closure(roots: Iterable[str], trees: dict[str, ast.Module]) -> set[str]:
    """The modules loaded when `roots` are imported."""
    known = set(trees)
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += imported_at_load(trees[name], name, known)
    return seen


@dataclass
class Embedded:
    """The package's files (path in the package -> text), and what was cut from dicodec's."""

    files: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict)  # path -> dicodec's file it is from
    removed: dict[str, list[str]] = field(default_factory=dict)  # module -> its cut names
    keywords: tuple[str, ...] = ()  # every keyword with an accessor (the runtime's included)
    runtime_keywords: tuple[str, ...] = ()  # those the runtime itself reads


def render(spec: Spec, selection: Selection, checkout: Checkout | None = None) -> Embedded:
    """The files of the package `selection` asks for."""
    checkout = checkout or Checkout()
    paths = checkout.modules()
    packages = {n for n, p in paths.items() if p.name == "__init__.py"}
    if selection.request.pixels:
        for module, source in PIXEL_MODULES.items():
            paths[module] = paths.pop(source)
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in paths.items()}
    roots = ROOTS + (PIXEL_ROOTS if selection.request.pixels else ())
    embedded = closure(roots, trees)
    runtime = sorted(n for n in embedded if not n.startswith(f"{PACKAGE}.generated"))
    generated = sorted(
        {n for n in embedded if n.startswith(f"{PACKAGE}.generated.")}
        | {t for n in runtime for t in tables_imported_later(trees[n], set(trees))}
    )

    texts, removed = _cut_runtime(runtime, paths, embedded)
    runtime_keywords, tag_keywords, uid_keywords = names_from_tables(texts.values(), spec)
    keywords = tuple(sorted(set(selection.keywords) | runtime_keywords))
    by_keyword = {u.keyword: u.uid for u in spec.uids}
    uids = {*selection.transfer_syntaxes, *selection.sop_classes}
    uids |= {by_keyword[k] for k in uid_keywords}
    used_tables = ["dictionary", "vrs", "uids", "transfer_syntaxes", "charsets"]
    if selection.iods or selection.modules:
        used_tables += ["iods", "modules"]
    cut = tables.subset(spec, keywords, uids, used_tables, tag_keywords)

    header = Header(checkout.version(), cut.spec, selection, len(keywords))
    docs = selection.request.keep_docs
    files: dict[str, str] = {}
    sources: dict[str, str] = {}
    for module in runtime:
        source = paths[module].relative_to(checkout.runtime.parent).as_posix()
        text = texts[module] if docs else compact.strip(texts[module])
        path = _package_path(module, packages)
        files[path] = header.comment(source, text)
        sources[path] = source
    env = generate.environment()
    table_modules = [m.rsplit(".", 1)[1] for m in generated]
    for module, (out, context) in tables.contexts(cut, ["__init__", *table_modules]).items():
        text = env.get_template(out.template).render(
            {**context, "header": [], "runtime_api": generate.RUNTIME_API}
        )
        text = prune.drop_unused_imports(text, None)
        if not docs:  # the codecs of CS, DA and TM are one function, once undocumented
            text = compact.merge_twins(compact.strip(text))
        files[f"generated/{module}.py"] = header.comment(f"codegen/templates/{out.template}", text)
        sources[f"generated/{module}.py"] = f"codegen/templates/{out.template}"
    files = {path: relative_imports(text, path) for path, text in files.items()}
    files = generate.black_all(files)
    files["py.typed"] = ""
    files["LICENSE"] = env.get_template(TEMPLATE).render(
        {"version": header.version, "sources": header.sources()}
    )
    return Embedded(
        files=dict(sorted(files.items())),
        sources=dict(sorted(sources.items())),
        removed={m: r for m, r in removed.items() if r},
        keywords=keywords,
        runtime_keywords=tuple(sorted(runtime_keywords)),
    )


def _cut_runtime(
    modules: list[str], paths: dict[str, Path], embedded: set[str]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each runtime module cut to what the package can run: repeated until no module loses a
    name another one imports."""
    originals = {m: paths[m].read_text(encoding="utf-8") for m in modules}
    known = set(paths)
    defined = {m: prune.defined_names(ast.parse(t)) for m, t in originals.items()}

    def available(module: str, name: str | None) -> bool | None:
        if module.split(".")[0] != PACKAGE:
            return None
        if name is None:
            return module in embedded if module in known else None
        if module.startswith(f"{PACKAGE}.generated"):
            return True  # the tables get every name the runtime imports (checked after)
        return module in embedded and name in defined.get(module, set())

    while True:
        results = {
            m: prune.prune(originals[m], PACKAGE, available, PYDICOM_ONLY.get(m, ()))
            for m in modules
        }
        now = {m: prune.defined_names(ast.parse(r.text)) for m, r in results.items()}
        if now == defined:
            return {m: r.text for m, r in results.items()}, {
                m: r.removed for m, r in results.items()
            }
        defined = now


def names_from_tables(texts: Iterable[str], spec: Spec) -> tuple[set[str], set[str], set[str]]:
    """What runtime code names of the tables: (keywords it reads or writes: `tags.X`,
    `meta.TransferSyntaxUID`, `ds.get("BitsAllocated")`; those of them it takes from `tags`;
    registry keywords of the UIDs it imports from `uid_constants`)."""
    keywords = {e.keyword for e in spec.elements if e.keyword}
    uid_keywords = {u.keyword for u in spec.uids}
    found: set[str] = set()
    from_tags: set[str] = set()
    uids: set[str] = set()
    for text in texts:
        tree = ast.parse(text)
        exported = {
            id(c)
            for node in tree.body
            if isinstance(node, ast.Assign) and "__all__" in ast.unparse(node.targets[0])
            for c in ast.walk(node.value)
        }
        for node in ast.walk(tree):
            if id(node) in exported:
                continue  # `__all__` names the module's own names, not elements
            if isinstance(node, ast.Attribute):
                found.add(node.attr)
                uids.add(node.attr)
                if isinstance(node.value, ast.Name) and node.value.id == "tags":
                    from_tags.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("uid_constants"):
                uids.update(a.name for a in node.names)
    return found & keywords, from_tags & keywords, uids & uid_keywords


def relative_imports(text: str, path: str) -> str:
    """The module at `path` in the package (`values/uid.py`) with its imports of dicodec made
    relative (`from ..errors import X`): the package works wherever it is put, as a
    top-level package or inside another (`mylib/_vendor/ctcodec`)."""
    here = path.removesuffix(".py").split("/")[:-1]  # the package the module is in
    tree = ast.parse(text)
    lines: list[str | None] = list(text.splitlines(keepends=True))
    runs: list[list[ast.ImportFrom]] = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        run: list[ast.ImportFrom] = []
        for statement in body:
            if _from_dicodec(statement):
                run.append(statement)
                continue
            if run:
                runs.append(run)
            run = []
        if run:
            runs.append(run)
    for run in runs:
        # relative imports sort furthest first (`..` before `.`), then by module, as ruff does
        texts = sorted((_relative(node, here) for node in run), key=lambda t: (-t[0], t[1].lower()))
        indent = (lines[run[0].lineno - 1] or "")[: run[0].col_offset]
        for node in run:
            for i in range(node.lineno - 1, node.end_lineno or node.lineno):
                lines[i] = None
        lines[run[0].lineno - 1] = "".join(f"{indent}{line}\n" for _, _, line in texts)
    return "".join(line for line in lines if line is not None)


def _from_dicodec(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.ImportFrom)
        and not node.level
        and (node.module == PACKAGE or (node.module or "").startswith(f"{PACKAGE}."))
    )


def _relative(node: ast.ImportFrom, here: list[str]) -> tuple[int, str, str]:
    """(dots, module, statement): `from dicodec.x.y import a` as seen from package `here`."""
    target = (node.module or "").split(".")[1:]
    common = 0
    while common < min(len(here), len(target)) and here[common] == target[common]:
        common += 1
    dots = len(here) - common + 1
    module = ".".join(target[common:])
    names = ", ".join(f"{a.name} as {a.asname}" if a.asname else a.name for a in node.names)
    return dots, module, f"from {'.' * dots}{module} import {names}"


class Header:
    """The comment atop every file: what made it, from which edition, for which selection."""

    def __init__(self, version: str, spec: Spec, selection: Selection, keywords: int) -> None:
        self.version = version
        self.spec = spec
        self.selection = selection
        self.keywords = keywords

    def sources(self) -> list[str]:
        """The parts of the standard the package's tables come from, each in its newest edition."""
        newest: dict[str, str] = {}
        for stem in self.spec.sources:
            for text in self.spec.editions(stem):
                part, edition = text.split(" ")[:2]
                if part not in newest or _edition_key(edition) > _edition_key(newest[part]):
                    newest[part] = edition
        return [f"{part} {newest[part]}" for part in sorted(newest, key=_part_number)]

    def editions(self) -> str:
        """The editions in a few words: "2026c (PS3.3 2025a)", the commonest and the others."""
        pairs = [text.split(" ") for text in self.sources()]
        counts = Counter(edition for _, edition in pairs)
        common = max(counts, key=lambda e: (counts[e], _edition_key(e)))
        others = [f"{part} {edition}" for part, edition in pairs if edition != common]
        return common + (f" ({', '.join(others)})" if others else "")

    def lines(self, made_from: str) -> list[str]:
        """Every file's header: the package, dicodec's version and file, the standard's
        editions, the selection; the package's `__init__.py` has the whole command too."""
        request = self.selection.request
        lines = [
            f"{request.package}: dicodec {self.version}'s {made_from}, DICOM {self.editions()}, "
            "MIT licence (LICENSE);",
            f"{self.keywords} keywords: {request.options()}. Do not edit.",
        ]
        if made_from == "runtime/__init__.py":
            lines += ["Made (and made again, after a change of dicodec or of the selection) by:"]
            lines += [f"  {request.command()}"]
        return lines

    def comment(self, made_from: str, text: str) -> str:
        """`text` under its header."""
        header = "".join(f"# {line}\n" for line in self.lines(made_from))
        return f"{header}\n{text.lstrip()}"


def _edition_key(edition: str) -> tuple[int, str]:
    return int(edition[:4]), edition[4:]


def _part_number(part: str) -> tuple[int, ...]:
    return tuple(int(n) for n in part.removeprefix("PS").split("."))
