"""The runtime's imports follow the layers that docs/architecture.md writes down.

The table of layers in the document is the rule: every module of the package is
in exactly one layer, imports go to the same layer or below (at module level or
inside a function; `if TYPE_CHECKING:` blocks are not imports at run time), the
only upward imports are the façades the document lists, and no imports form a cycle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "architecture.md"
PACKAGE = "dicodec"
ROOTS = {REPO / "runtime": PACKAGE, REPO / "generated": f"{PACKAGE}.generated"}

Graph = dict[str, set[str]]


def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    found = {}
    for root, prefix in ROOTS.items():
        for path in root.rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((prefix, *parts))] = path
    return found


def _spec_modules(spec: str, names: set[str]) -> set[str]:
    """The modules a name in the document stands for: `reader.py`, `generated/vrs.py`,
    `values/` (the package and everything in it), `__init__.py` and `values/__init__.py`
    (a package itself)."""
    if spec.endswith("/"):
        package = ".".join((PACKAGE, *spec.rstrip("/").split("/")))
        return {n for n in names if n == package or n.startswith(package + ".")}
    parts = spec.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return {".".join((PACKAGE, *parts))} & names


def documented_layers(text: str, names: set[str]) -> tuple[dict[str, int], list[str]]:
    """(module -> layer number, bottom first; problems) from the document's table."""
    layer_of: dict[str, int] = {}
    problems = []
    rows = re.findall(r"^\| ([\w-]+) \| (.+?) \| .+ \|$", text, flags=re.M)
    rows = [(layer, cell) for layer, cell in rows if layer != "layer"]
    for number, (layer, cell) in enumerate(rows):
        for spec in re.findall(r"`([^`]+)`", cell):
            found = _spec_modules(spec, names)
            if not found:
                problems.append(f"layer {layer}: `{spec}` is no module of the package")
            for name in found:
                if name in layer_of:
                    problems.append(f"{name} is in two layers")
                layer_of[name] = number
    problems += [f"{name} is in no layer of {DOC.name}" for name in sorted(names - set(layer_of))]
    return layer_of, problems


def documented_facades(text: str, names: set[str]) -> set[tuple[str, str]]:
    """The upward imports the document allows: lines "- `a.py` -> `b/`: ..."."""
    allowed = set()
    for source, target in re.findall(r"^- `([^`]+)` -> `([^`]+)`:", text, flags=re.M):
        for a in _spec_modules(source, names):
            for b in _spec_modules(target, names):
                allowed.add((a, b))
    return allowed


def imports(path: Path, names: set[str]) -> set[str]:
    """The package's modules that `path` imports when it runs (TYPE_CHECKING blocks aside)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit_orelse(child)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for alias in child.names:
                    submodule = f"{child.module}.{alias.name}"
                    found.add(submodule if submodule in names else child.module)
            visit(child)

    def visit_orelse(node: ast.If) -> None:
        for child in node.orelse:
            visit(ast.Module(body=[child], type_ignores=[]))

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found & names


def import_graph() -> Graph:
    found = modules()
    names = set(found)
    return {name: imports(path, names) - {name} for name, path in found.items()}


def upward(graph: Graph, layer_of: dict[str, int], allowed: set[tuple[str, str]]) -> list[str]:
    """Imports of a module in a higher layer that the document does not allow."""
    return [
        f"{a} imports {b}: up from layer {layer_of[a]} to {layer_of[b]}"
        for a, targets in sorted(graph.items())
        for b in sorted(targets)
        if a in layer_of and b in layer_of and layer_of[b] > layer_of[a] and (a, b) not in allowed
    ]


def cycles(graph: Graph, allowed: set[tuple[str, str]]) -> list[list[str]]:
    """The import cycles (strongly connected components) once the façades are left out."""
    edges = {a: {b for b in targets if (a, b) not in allowed} for a, targets in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_every_module_is_in_one_documented_layer() -> None:
    _, problems = documented_layers(DOC.read_text(encoding="utf-8"), set(modules()))
    assert problems == []


def test_imports_go_down_the_layers() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = set(modules())
    layer_of, _ = documented_layers(text, names)
    allowed = documented_facades(text, names)
    assert allowed, "the document lists the façades"
    assert upward(import_graph(), layer_of, allowed) == []


def test_no_import_cycle() -> None:
    allowed = documented_facades(DOC.read_text(encoding="utf-8"), set(modules()))
    assert cycles(import_graph(), allowed) == []


def test_the_checks_catch_an_upward_import_and_a_cycle() -> None:
    """The checks fail where they should: an import upward, and a cycle within a layer."""
    text = "| layer | modules | what |\n| low | `errors.py` | x |\n| high | `dataset.py` | y |\n"
    names = {"dicodec.errors", "dicodec.dataset"}
    layer_of, problems = documented_layers(text, names)
    assert problems == [] and layer_of == {"dicodec.errors": 0, "dicodec.dataset": 1}
    graph: Graph = {"dicodec.errors": {"dicodec.dataset"}, "dicodec.dataset": {"dicodec.errors"}}
    assert upward(graph, layer_of, set()) == [
        "dicodec.errors imports dicodec.dataset: up from layer 0 to 1"
    ]
    assert cycles(graph, set()) == [["dicodec.dataset", "dicodec.errors"]]
    facade = documented_facades("- `errors.py` -> `dataset.py`: a façade\n", names)
    assert upward(graph, layer_of, facade) == [] and cycles(graph, facade) == []
    _, unlisted = documented_layers(text, names | {"dicodec.private"})
    assert unlisted == ["dicodec.private is in no layer of architecture.md"]
