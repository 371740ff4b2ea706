"""Cutting a module down to what an embedded package holds (codegen.embedding.prune), and
leaving out its documentation (codegen.embedding.compact)."""

from __future__ import annotations

import ast
import textwrap

from codegen.embedding.compact import merge_twins, strip
from codegen.embedding.prune import drop_unused_imports, prune

# the embedded package has dicodec.errors and dicodec.element, not dicodec.jsonrep
EMBEDDED = {"dicodec.errors": {"DicomError", "tag_text"}, "dicodec.element": {"DataElement"}}
KNOWN = {*EMBEDDED, "dicodec.jsonrep", "dicodec.pixels"}


def available(module: str, name: str | None) -> bool | None:
    if not module.startswith("dicodec"):
        return None
    if name is None:
        return module in EMBEDDED if module in KNOWN else None
    return name in EMBEDDED.get(module, set())


MODULE = textwrap.dedent(
    '''\
    """A module."""

    from __future__ import annotations

    import json
    from typing import TYPE_CHECKING, Any

    from dicodec.errors import DicomError, tag_text

    if TYPE_CHECKING:
        from dicodec.pixels import PixelDescription

    __all__ = [
        "Thing",
        "describe",
        "to_json",
    ]


    class Thing:
        """A thing."""

        def name(self) -> str:
            return tag_text(1)

        # -- the DICOM JSON Model ------------------------------------------------------
        def to_json(self) -> dict[str, Any]:
            from dicodec.jsonrep import thing_to_json

            return thing_to_json(self)

        def dumps(self) -> str:
            return json.dumps(self.to_json())

        def pixels(self, desc: PixelDescription) -> None:
            raise DicomError(str(desc))


    def to_json(thing: Thing) -> str:
        return thing.dumps()


    def describe(thing: Thing) -> str:
        return thing.name()
    '''
)


def test_a_function_that_needs_a_module_left_out_goes_and_so_does_what_uses_it() -> None:
    pruned = prune(MODULE, "dicodec", available)
    assert pruned.removed == ["Thing.dumps", "Thing.pixels", "Thing.to_json", "to_json"]
    tree = ast.parse(pruned.text)
    names = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert names == {"Thing", "name", "describe"}
    # the imports only they used are gone, and the empty TYPE_CHECKING block with them
    assert "import json" not in pruned.text and "TYPE_CHECKING" not in pruned.text
    assert "DicomError" not in pruned.text and "from dicodec.errors import tag_text" in pruned.text
    # __all__ keeps what is left; the section comment went with its method
    assert '"to_json"' not in pruned.text and '"describe"' in pruned.text
    assert "DICOM JSON Model" not in pruned.text
    assert pruned.text.count("\n\n\n\n") == 0  # no paragraph left doubled


def test_what_the_package_has_stays_line_for_line() -> None:
    everything = prune(MODULE, "dicodec", lambda module, name: True if module else None)
    assert everything.text == MODULE and everything.removed == []


def test_an_import_unused_before_the_cut_is_not_the_cuts_business() -> None:
    text = "import os\nimport sys\n\nx = sys.argv\n"
    assert drop_unused_imports(text.replace("x = sys.argv\n", ""), {"sys"}) == "import os\n\n"
    assert drop_unused_imports(text, None) == "import sys\n\nx = sys.argv\n"


def test_compact_leaves_out_comments_and_docstrings_but_not_pragmas() -> None:
    text = textwrap.dedent(
        '''\
        """Module."""

        # a comment
        X = 1  # why
        Y: int = 2
        """Y's docstring."""


        class Error(Exception):
            """Only a docstring."""


        def f() -> int:
            """Doc."""

            return X  # type: ignore[no-any-return]
        '''
    )
    assert strip(text) == textwrap.dedent(
        """\
        X = 1
        Y: int = 2


        class Error(Exception):
            ...


        def f() -> int:
            return X  # type: ignore[no-any-return]
        """
    )


def test_twins_become_one_function_with_two_names() -> None:
    text = "def a(x: int) -> int:\n    return x\n\n\ndef b(x: int) -> int:\n    return x\n"
    assert merge_twins(text) == "def a(x: int) -> int:\n    return x\n\n\nb = a\n"
    different = "def a(x: int) -> int:\n    return x\n\n\ndef b(y: int) -> int:\n    return y\n"
    assert merge_twins(different) == different
