"""Cut a module of dicodec down to what an embedded package holds, as text.

An embedded package has some of dicodec's modules. A function or method that imports a
module the package leaves out (`Dataset.to_json` imports `dicodec.jsonrep`), or uses a
name that is gone, goes too; so does an import that nothing left uses. Everything else
stays as written, line for line: the cuts are whole statements (with the comment lines
right above them), found with `ast` and made on the text, so the embedded module reads as
dicodec's does.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# Whether the embedded package has module `module` (and, with `name`, whether that module
# defines `name`): answers True, False, or None when `module` is not one of dicodec's.
Availability = Callable[[str, "str | None"], "bool | None"]

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_BINDINGS = (*_DEFINITIONS, ast.Assign, ast.AnnAssign, ast.AugAssign)


@dataclass
class Pruned:
    text: str
    removed: list[str] = field(default_factory=list)  # "Dataset.to_json", "validate", ...


def defined_names(tree: ast.Module) -> set[str]:
    """The names a module binds at its top level (imports included), in every branch."""
    names: set[str] = set()
    for node in _top_statements(tree.body):
        names.update(_bound(node))
    return names


def _top_statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a body, and those inside its `if` blocks (`if TYPE_CHECKING:`)."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _top_statements(node.body)
            yield from _top_statements(node.orelse)
        else:
            yield node


def _bound(node: ast.stmt) -> set[str]:
    if isinstance(node, _DEFINITIONS):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _used_names(nodes: Iterable[ast.AST]) -> set[str]:
    """Names read anywhere under `nodes`, and inside strings that are expressions (string
    annotations such as `list["Dataset"]` and `bound="Dataset"`); docstrings and messages
    are not expressions."""
    found: set[str] = set()
    for root in nodes:
        for node in ast.walk(root):
            if isinstance(node, ast.Name):
                found.add(node.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.update(_names_in_string(node.value))
    return found


def _names_in_string(text: str) -> set[str]:
    try:
        expression = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(expression) if isinstance(n, ast.Name)}


def _is_all(node: ast.AST) -> bool:
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
    )


def _attributes(node: ast.AST) -> set[str]:
    return {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


class _Pruner:
    def __init__(
        self, text: str, package: str, available: Availability, drop: Collection[str] = ()
    ) -> None:
        # what to leave out: definitions by qualified name ("read_dataset", "Dataset.get_item"),
        # module-level assignments by a name they bind ("ItemTag")
        self.drop = drop
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.tree = ast.parse(text)
        self.package = package
        self.available = available
        self.cut: list[tuple[ast.stmt, str]] = []  # (statement, its qualified name)
        self.cut_ids: set[int] = set()
        self.rewritten: dict[int, tuple[ast.Import | ast.ImportFrom, list[ast.alias]]] = {}

    # -- what is unavailable ---------------------------------------------------------------
    def _missing(self, node: ast.Import | ast.ImportFrom) -> list[ast.alias]:
        """The aliases of an import that the embedded package cannot satisfy."""
        missing = []
        if isinstance(node, ast.Import):
            for alias in node.names:
                if self.available(alias.name, None) is False:
                    missing.append(alias)
            return missing
        if node.module is None or node.level:
            return []
        for alias in node.names:
            as_module = self.available(f"{node.module}.{alias.name}", None)
            if as_module is not None:
                ok = as_module
            else:
                ok = self.available(node.module, alias.name) is not False
            if not ok:
                missing.append(alias)
        return missing

    def _imports_missing(self, node: ast.AST) -> bool:
        return any(
            isinstance(n, (ast.Import, ast.ImportFrom)) and self._missing(n) for n in ast.walk(node)
        )

    # -- the units: statements of the module and of its classes ---------------------------
    def _units(self) -> Iterator[tuple[ast.stmt, str, bool]]:
        """(statement, qualified name, is a class member) for every statement that can go."""

        def walk(body: list[ast.stmt], prefix: str, member: bool) -> Iterator[Any]:
            for node in body:
                if id(node) in self.cut_ids:
                    continue
                if isinstance(node, ast.If):
                    yield from walk(node.body, prefix, member)
                    yield from walk(node.orelse, prefix, member)
                    continue
                name = prefix + (node.name if isinstance(node, _DEFINITIONS) else "")
                yield node, name, member
                if isinstance(node, ast.ClassDef):
                    yield from walk(node.body, f"{node.name}.", True)

        yield from walk(self.tree.body, "", False)

    def _remove(self, node: ast.stmt, name: str) -> None:
        self.cut.append((node, name))
        self.cut_ids.add(id(node))

    def prune(self) -> Pruned:
        gone: set[str] = set()  # module-level names that no longer exist
        gone_attrs: set[str] = set()  # class members that no longer exist
        for node, name, member in list(self._units()):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                missing = self._missing(node)
                if missing:
                    kept = [a for a in node.names if a not in missing]
                    gone.update((a.asname or a.name).split(".")[0] for a in missing)
                    if kept:
                        self.rewritten[id(node)] = (node, kept)
                    else:
                        self._remove(node, name)
            elif isinstance(node, _BINDINGS) and self._dropped(node, name, member):
                self._remove(node, name or ", ".join(sorted(_bound(node))))
                (gone_attrs if member else gone).update(_bound(node))
            elif isinstance(node, _BINDINGS) and self._imports_missing(self._checked_part(node)):
                self._remove(node, name)
                (gone_attrs if member else gone).update(_bound(node))
        changed = True
        while changed:
            changed = False
            live_attrs = self._live_members()
            dead_attrs = gone_attrs - live_attrs
            for node, name, member in list(self._units()):
                if not isinstance(node, _BINDINGS):
                    continue
                if _is_all(node):
                    continue  # `__all__` loses the gone names only (see _drop_from_all)
                reads = _used_names([self._checked_part(node)])
                if reads & gone or _attributes(self._checked_part(node)) & dead_attrs:
                    self._remove(node, name)
                    (gone_attrs if member else gone).update(_bound(node))
                    changed = True
        text = self._apply(gone)
        return Pruned(text, sorted(n for _, n in self.cut if n))

    def _dropped(self, node: ast.stmt, name: str, member: bool) -> bool:
        """Whether `drop` names the statement: a definition by its qualified name, a
        module-level assignment by a name it binds."""
        if isinstance(node, _DEFINITIONS):
            return name in self.drop
        return not member and bool(_bound(node) & set(self.drop))

    def _checked_part(self, node: ast.stmt) -> ast.AST:
        """What of a statement can use a gone name: a class's bases and decorators only (its
        members are units of their own)."""
        if isinstance(node, ast.ClassDef):
            return ast.Module(
                body=[
                    ast.Expr(e)
                    for e in (*node.bases, *node.decorator_list, *(k.value for k in node.keywords))
                ],
                type_ignores=[],
            )
        return node

    def _live_members(self) -> set[str]:
        return {
            n
            for node, _, member in self._units()
            if member and isinstance(node, _BINDINGS)
            for n in _bound(node)
        }

    # -- the edits on the text -------------------------------------------------------------
    def _first_line(self, node: ast.stmt) -> int:
        """The statement's first line (0-based), its decorators and the comments above it."""
        first = node.lineno - 1
        if isinstance(node, _DEFINITIONS) and node.decorator_list:
            first = node.decorator_list[0].lineno - 1
        while first > 0 and self.lines[first - 1].strip().startswith("#"):
            first -= 1
        return first

    def _apply(self, gone: set[str]) -> str:
        lines: list[str | None] = list(self.lines)
        for node, _ in self.cut:
            for i in range(self._first_line(node), node.end_lineno or node.lineno):
                lines[i] = None
        for node, kept in self.rewritten.values():
            indent = self.lines[node.lineno - 1][: node.col_offset]
            for i in range(node.lineno - 1, node.end_lineno or node.lineno):
                lines[i] = None
            lines[node.lineno - 1] = indent + _import_text(node, kept) + "\n"
        return _drop_from_all(_fill_empty_blocks(joined(lines)), gone)


def joined(lines: list[str | None]) -> str:
    """The lines not cut (None), as text. Blank lines around a cut become as many as the
    most there were on one side of it: the paragraphs stay as they were."""
    out: list[str] = []
    runs: list[int] = [0]  # the blank lines met since the last code line, cut by cut
    for line in lines:
        if line is None:
            if runs[-1] or len(runs) == 1:
                runs.append(0)
            continue
        if not line.strip():
            runs[-1] += 1
            continue
        out.extend(["\n"] * max(runs))
        runs = [0]
        out.append(line)
    out.extend(["\n"] * max(runs))
    return "".join(out)


def _import_text(node: ast.Import | ast.ImportFrom, kept: list[ast.alias]) -> str:
    names = ", ".join(f"{a.name} as {a.asname}" if a.asname else a.name for a in kept)
    if isinstance(node, ast.Import):
        return f"import {names}"
    return f"from {node.module} import {names}"


def _drop_from_all(text: str, gone: set[str]) -> str:
    """`__all__` without the names that are gone (written again, one name a line)."""
    if not gone:
        return text
    tree = ast.parse(text)
    lines: list[str | None] = list(text.splitlines(keepends=True))
    for node in tree.body:
        if not (_is_all(node) and isinstance(node, ast.Assign)):
            continue
        if not isinstance(node.value, (ast.List, ast.Tuple)):
            continue
        names = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
        kept = [n for n in names if n not in gone]
        if kept == names:
            continue
        for i in range(node.lineno - 1, node.end_lineno or node.lineno):
            lines[i] = None
        items = "".join(f"    {n!r},\n".replace("'", '"') for n in kept)
        lines[node.lineno - 1] = f"__all__ = [\n{items}]\n"
    return joined(lines)


def _fill_empty_blocks(text: str) -> str:
    """`pass` where a cut left a block with no statement (`if TYPE_CHECKING:` or `else:`)."""
    while True:
        try:
            ast.parse(text)
            return text
        except IndentationError as exc:
            if exc.lineno is None:
                raise
            lines = text.splitlines(keepends=True)
            # the block's header: the last line before the error that is no comment
            at = min(exc.lineno, len(lines) + 1) - 2
            while at >= 0 and (not lines[at].strip() or lines[at].lstrip().startswith("#")):
                at -= 1
            header = lines[at]
            if not header.split("#")[0].rstrip().endswith(":"):
                raise
            indent = header[: len(header) - len(header.lstrip())] + "    "
            lines.insert(at + 1, f"{indent}pass\n")
            text = "".join(lines)


def drop_unused_imports(text: str, before: set[str] | None) -> str:
    """Remove the imports nothing uses any more, and `if TYPE_CHECKING:` blocks left empty.

    `before`: the names the module used before it was cut (an import that was already
    unused, a re-export, stays); None to remove every unused import (generated modules).
    """
    while True:
        tree = ast.parse(text)
        used = _used_names(n for n in ast.walk(tree) if isinstance(n, (ast.Name, ast.Constant)))
        exported = _exported(tree)
        lines: list[str | None] = list(text.splitlines(keepends=True))
        changed = False
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                    continue
                kept = [a for a in node.names if _keeps(a, used, exported, before)]
                if len(kept) == len(node.names):
                    continue
                indent = (lines[node.lineno - 1] or "")[: node.col_offset]
                for i in range(node.lineno - 1, node.end_lineno or node.lineno):
                    lines[i] = None
                if kept:
                    lines[node.lineno - 1] = indent + _import_text(node, kept) + "\n"
                changed = True
            elif _is_empty_type_checking(node):
                assert isinstance(node, ast.If)
                for i in range(node.lineno - 1, node.end_lineno or node.lineno):
                    lines[i] = None
                changed = True
        if not changed:
            return text
        text = _fill_empty_blocks(joined(lines))


def _keeps(alias: ast.alias, used: set[str], exported: set[str], before: set[str] | None) -> bool:
    bound = (alias.asname or alias.name).split(".")[0]
    if alias.asname == alias.name or bound in exported or bound in used:
        return True  # used, or re-exported
    return before is not None and bound not in before  # unused in dicodec too: kept as it is


def _is_empty_type_checking(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
        and not node.orelse
        and all(isinstance(s, ast.Pass) for s in node.body)
    )


def _exported(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return {
                e.value
                for e in ast.walk(node.value)
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
    return set()


def used_names(text: str) -> set[str]:
    """The names a module's code uses (its imports aside): what `drop_unused_imports` keeps."""
    tree = ast.parse(text)
    rest = [n for n in ast.walk(tree) if isinstance(n, (ast.Name, ast.Constant))]
    return _used_names(rest)


def prune(text: str, package: str, available: Availability, drop: Collection[str] = ()) -> Pruned:
    """`text` without what needs a module or name that `available` says is not there, nor
    the definitions named in `drop` (and what uses them), and without the imports that
    only those used."""
    before = used_names(text)
    pruned = _Pruner(text, package, available, drop).prune()
    pruned.text = drop_unused_imports(pruned.text, before)
    return pruned
