"""Leave out the documentation of code for a small package: comments and docstrings.

An embedded package is meant to be small (a serverless bundle, a device), and its
documentation is dicodec's: every file's header names the dicodec version it comes from,
whose sources carry every comment and docstring. The code stays as written; what a type
checker reads stays too (`# type: ignore[...]`, `# noqa`, `# fmt:` and `# pragma:`
comments). `--keep-docs` keeps it all (the keyword accessors' tag, VR and VM on hover).
"""

from __future__ import annotations

import ast
import io
import tokenize

from codegen.embedding.prune import joined

# comments that tools read, kept
_PRAGMAS = ("type:", "noqa", "fmt:", "pragma:", "pyright:")


def strip(text: str) -> str:
    """`text` without comments (but pragmas) and docstrings (of modules, classes, functions
    and attributes); a body left empty gets `...`."""
    lines = text.splitlines(keepends=True)
    drop: set[int] = set()  # 0-based lines to remove
    cut_at: dict[int, int] = {}  # 0-based line -> column where a trailing comment starts
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type != tokenize.COMMENT:
            continue
        if token.string.lstrip("# ").startswith(_PRAGMAS):
            continue
        row, col = token.start
        if lines[row - 1][:col].strip():
            cut_at[row - 1] = col
        else:
            drop.add(row - 1)
    replace: dict[int, str] = {}  # first line of a docstring -> what stands in its place
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        docs = [s for s in body if _is_docstring(s)]
        for doc in docs:
            first, last = doc.lineno - 1, (doc.end_lineno or doc.lineno) - 1
            drop.update(range(first, last + 1))
        if docs and len(docs) == len(body):  # the docstring was the whole body
            replace[docs[0].lineno - 1] = " " * docs[0].col_offset + "...\n"
        if docs and body.index(docs[0]) == 0 and len(body) > 1:  # and the blank line below
            after = (docs[0].end_lineno or docs[0].lineno) - 1
            if after + 1 < len(lines) and not lines[after + 1].strip():
                drop.add(after + 1)
    out: list[str | None] = []
    for i, line in enumerate(lines):
        if i in replace:
            out.append(replace[i])
        elif i in drop:
            out.append(None)
        elif i in cut_at:
            out.append(line[: cut_at[i]].rstrip() + "\n")
        else:
            out.append(line)
    return joined(out)


def merge_twins(text: str) -> str:
    """Top-level functions that are the same code as an earlier one (their documentation
    gone: the codecs of CS, DA and TM, say) become a second name of it: `encode_DA = encode_CS`."""
    tree = ast.parse(text)
    lines: list[str | None] = list(text.splitlines(keepends=True))
    first: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.decorator_list:
            continue
        shape = ast.dump(ast.Module(body=node.body, type_ignores=[])) + ast.dump(node.args)
        shape += ast.dump(node.returns) if node.returns else ""
        if shape not in first:
            first[shape] = node.name
            continue
        for i in range(node.lineno - 1, node.end_lineno or node.lineno):
            lines[i] = None
        lines[node.lineno - 1] = f"{node.name} = {first[shape]}\n"
    return joined(lines)


def _is_docstring(node: ast.stmt) -> bool:
    """A string on its own: a module's, class's or function's docstring, or an attribute's."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )
