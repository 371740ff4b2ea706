"""Decide the typed IOD views: classes, names, types, files. The templates only print this.

Three kinds of generated class, each a list of `Attribute` descriptors over a dataset:
- a module class per module of PS3.3, in two variants: `<Name>ModuleOptional` (every
  attribute `X | None`: the module is conditional or user optional in the IOD) and
  `<Name>Module` (its subclass, where the Type 1 attributes read as plain types);
- an item class per sequence and item structure (`<Keyword>Item`); the same structure used
  under the same keyword by several modules (a macro) is one class, in `modules/shared.py`;
- an IOD class per IOD, inheriting the variant of each of its modules that its usage
  calls for; where two modules define the same attribute differently, the IOD class says
  which wins (the stricter type; a merged item class).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from codegen.iod_spec import IODSpec, Row, Usage
from codegen.python_types import accessor_type, vm_min_max
from codegen.spec import VR, Element, Spec

SHARED = "shared"  # modules/shared.py: item classes that several modules use
# what the descriptor types of attribute_types.py may name (only those they use are imported)
ALIAS_IMPORTS = (
    ("collections.abc", "Iterable", "_Iterable"),
    ("collections.abc", "Sequence", "_Seq"),
    ("decimal", "Decimal", "_Decimal"),
    ("dicodec.dataset", "Dataset", "_Dataset"),
    ("dicodec.iods.views", "Attribute", "_Attribute"),
    ("dicodec.iods.views", "ItemView", "_ItemView"),
    ("dicodec.iods.views", "Items", "_Items"),
    ("dicodec.iods.views", "RetiredAttribute", "_RetiredAttribute"),
    ("dicodec.sequence", "Sequence", "_Sequence"),
    ("dicodec.tag", "Tag", "_Tag"),
    ("dicodec.values", "IS", "_IS"),
    ("dicodec.values", "UID", "_UID"),
    ("dicodec.values", "DSfloat", "_DSfloat"),
    ("dicodec.values", "MultiValue", "_MultiValue"),
    ("dicodec.values", "PersonName", "_PersonName"),
)
ITEM_BASE = "_ItemView"


@dataclass
class Node:
    """An attribute of a module table, with the attributes of its items."""

    keyword: str
    type: str | None
    element: Element
    children: list[Node] = field(default_factory=list)

    @property
    def is_sequence(self) -> bool:
        return self.element.vr == "SQ"


@dataclass
class Attr:
    """One descriptor of a generated class."""

    keyword: str
    element: Element
    type: str | None
    required: bool
    item: str | None  # the item class name, for SQ
    module: str | None = None  # said explicitly where the class is not the module's
    doc_where: str = ""  # ", Type 1, Image Pixel module (Image IE)"
    home: str = ""  # the name of the module that defines it at its top level


@dataclass
class ViewClass:
    """A generated class: its name, file, bases, docstring and own descriptors."""

    name: str
    file: str  # "modules/shared", "modules/image_pixel", "ct_image"
    bases: list[str]
    doc: str
    attrs: dict[str, Attr]
    metadata: dict[str, Any] = field(default_factory=dict)


def camel(name: str) -> str:
    """A class name from a standard's name: "X-Ray 3D Angiographic Image" -> "XRay3DAngiographicImage"."""
    words = re.split(r"[^A-Za-z0-9]+", name)
    return "".join(w if w.isupper() or w.isdigit() else w[:1].upper() + w[1:] for w in words if w)


def file_name(identifier: str) -> str:
    """A module file name from an id: "12-lead-ecg" -> "iod_12_lead_ecg", "ct-image" -> "ct_image"."""
    name = identifier.replace("-", "_")
    return f"iod_{name}" if name[:1].isdigit() else name


def class_name(name: str, suffix: str = "") -> str:
    text = camel(name) + suffix
    return f"IOD{text}" if text[:1].isdigit() else text


def _tag(element: Element) -> str:
    return element.tag.upper().replace("X", "x")


def _doc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


class Builder:
    """Builds every class from the spec; `files()` groups them by generated file."""

    def __init__(self, spec: Spec, iods: IODSpec) -> None:
        self.spec = spec
        self.iod_spec = iods
        self.vrs: dict[str, VR] = {vr.vr: vr for vr in spec.vrs}
        self.elements = {e.keyword: e for e in spec.elements if e.keyword}
        self.skipped: dict[str, set[str]] = defaultdict(set)  # keyword -> modules
        self.modules = {m.id: m for m in iods.modules}
        self.trees = self._trees(iods.rows)
        self.ies = self._ies(iods.usages)
        self.classes: dict[str, ViewClass] = {}
        self.aliases: dict[str, tuple[str, str, str]] = {}  # name -> (class, get, set)
        self.keywords = set(self.elements)
        self._uses = self._sequences()
        self._item_names = self._name_items()
        for module in sorted(self.trees):
            self._module_classes(module)
        self.iods: list[ViewClass] = [self._iod_class(iod) for iod in iods.iods]

    # -- the module tables as trees --------------------------------------------------------
    def _trees(self, rows: Iterable[Row]) -> dict[str, list[Node]]:
        trees: dict[str, list[Node]] = {}
        index: dict[tuple[str, tuple[str, ...]], Node] = {}
        for row in rows:
            top = trees.setdefault(row.module, [])
            element = self.elements.get(row.keyword)
            parent = index.get((row.module, row.path)) if row.path else None
            if element is None or (row.path and parent is None):
                # a keyword the dictionary lacks, or an attribute of an item left out with it
                if element is None:
                    self.skipped[row.keyword].add(row.module)
                continue
            node = Node(row.keyword, row.type, element)
            (parent.children if parent is not None else top).append(node)
            index[(row.module, (*row.path, row.keyword))] = node
        return trees

    @staticmethod
    def _ies(usages: Iterable[Usage]) -> dict[str, list[str]]:
        ies: dict[str, list[str]] = defaultdict(list)
        for usage in usages:
            if usage.ie not in ies[usage.module]:
                ies[usage.module].append(usage.ie)
        return ies

    # -- item classes ----------------------------------------------------------------------
    @staticmethod
    def _structure(nodes: Sequence[Node]) -> tuple[Any, ...]:
        return tuple(
            (n.keyword, n.type, Builder._structure(n.children) if n.children else None)
            for n in nodes
        )

    def _sequences(self) -> dict[tuple[str, tuple[Any, ...]], list[tuple[str, tuple[str, ...]]]]:
        """(keyword, item structure) -> where it is used: (module, path), in module order."""
        found: dict[tuple[str, tuple[Any, ...]], list[tuple[str, tuple[str, ...]]]] = {}

        def walk(module: str, nodes: Sequence[Node], path: tuple[str, ...]) -> None:
            for node in nodes:
                if node.is_sequence and node.children:
                    key = (node.keyword, self._structure(node.children))
                    found.setdefault(key, []).append((module, path))
                    walk(module, node.children, (*path, node.keyword))

        for module in sorted(self.trees):
            walk(module, self.trees[module], ())
        return found

    def _name_items(self) -> dict[tuple[str, tuple[Any, ...]], tuple[str, str]]:
        """(keyword, structure) -> (class name, file), unique and deterministic.

        `<Keyword>Item` where the keyword has one item structure in all of PS3.3; else the
        name of the first module that uses the structure goes in front.
        """
        uses = self._uses
        per_keyword: dict[str, list[tuple[str, tuple[Any, ...]]]] = defaultdict(list)
        for key in uses:
            per_keyword[key[0]].append(key)
        taken = set(self.keywords)
        names: dict[tuple[str, tuple[Any, ...]], tuple[str, str]] = {}
        for keyword in sorted(per_keyword):
            keys = per_keyword[keyword]
            for key in sorted(keys, key=lambda k: uses[k][0]):
                modules = sorted({m for m, _ in uses[key]})
                first_module, first_path = uses[key][0]
                if len(keys) == 1:
                    name = f"{keyword}Item"
                else:
                    name = f"{class_name(self.modules[first_module].name)}{keyword}Item"
                    if name in taken and first_path:
                        name = f"{class_name(self.modules[first_module].name)}{first_path[-1]}{keyword}Item"
                base, number = name, 2
                while name in taken:
                    name, number = f"{base}{number}", number + 1
                taken.add(name)
                home = SHARED if len(modules) > 1 else file_name(first_module)
                names[key] = (name, f"modules/{home}")
        return names

    def _item_class(self, node: Node, module: str) -> str:
        key = (node.keyword, self._structure(node.children))
        name, file = self._item_names[key]
        if name not in self.classes:
            uses = sorted({m for m, _ in self._uses[key]})
            where = self.modules[uses[0]].name + " module"
            if len(uses) > 1:
                others = len(uses) - 1
                where += f" (and {others} other{'s' if others > 1 else ''})"
            attrs = {
                child.keyword: self._attr(child, child.type == "1", module)
                for child in node.children
            }
            self.classes[name] = ViewClass(
                name,
                file,
                [ITEM_BASE],
                f"An item of {node.element.name} {_tag(node.element)}, as the {where} defines it.",
                attrs,
            )
        return name

    def _attr(self, node: Node, required: bool, module: str) -> Attr:
        item = None
        if node.is_sequence and node.children:
            item = self._item_class(node, module)
        return Attr(node.keyword, node.element, node.type, required, item)

    # -- module classes --------------------------------------------------------------------
    def _module_classes(self, module_id: str) -> None:
        module = self.modules[module_id]
        base = class_name(module.name, "Module")
        file = f"modules/{file_name(module_id)}"
        ies = " or ".join(self.ies.get(module_id, [])) or "no"
        table = f", PS3.3 Table {module.table}" if module.table else ""
        nodes = self.trees[module_id]
        where = f"{module.name} module ({ies} IE)"
        optional = {n.keyword: self._attr(n, False, module_id) for n in nodes}
        for attr in optional.values():
            attr.doc_where = f", Type {attr.type or 'not given'}, {where}"
            attr.home = module.name
        required = {}
        for node in nodes:
            if node.type == "1":
                attr = self._attr(node, True, module_id)
                attr.doc_where = f", Type 1, {where}"
                attr.home = module.name
                required[node.keyword] = attr
        description = f" {module.description}" if module.description else ""
        self.classes[f"{base}Optional"] = ViewClass(
            f"{base}Optional",
            file,
            ["_ModuleView"],
            f"The {module.name} module{table}, where the IOD makes it conditional or optional: "
            f"every attribute may be None.{description}",
            optional,
            {"module_id": module_id, "module_name": module.name},
        )
        self.classes[base] = ViewClass(
            base,
            file,
            [f"{base}Optional"],
            f"The {module.name} module{table}, where the IOD requires it: "
            "its Type 1 attributes read as plain values.",
            required,
        )

    # -- IOD classes -----------------------------------------------------------------------
    def _iod_class(self, iod: Any) -> ViewClass:
        name = class_name(iod.name)
        file = file_name(iod.id)
        usages = [u for u in self.iod_spec.usages if u.iod == iod.id]
        bases: list[str] = []
        modules: list[dict[str, Any]] = []
        without = []
        for usage in usages:
            if usage.module not in self.trees:
                without.append(usage.module)
                continue
            module_class = class_name(self.modules[usage.module].name, "Module")
            variant = module_class if usage.usage == "M" else f"{module_class}Optional"
            if variant in bases or f"{module_class}Optional" in bases or module_class in bases:
                continue  # a module listed twice: its first usage stands
            bases.append(variant)
            modules.append(
                {
                    "cls": f"{module_class}Optional",
                    "usage": usage.usage,
                    "ie": usage.ie,
                    "condition": usage.condition,
                    "rule": rule_literal(usage.rule, self.elements) if usage.rule else None,
                }
            )
        sop = ", ".join(iod.sop_classes) or "none"
        table = f" (PS3.3 Table {iod.table})" if iod.table else ""
        cls = ViewClass(
            name,
            file,
            ["_IODView", *bases],
            f"The {iod.name} IOD{table}. {iod.description}".strip() + f" SOP classes: {sop}.",
            {},
            {
                "iod_id": iod.id,
                "iod_name": iod.name,
                "sop_classes": list(iod.sop_classes),
                "modules": modules,
                "without": without,
            },
        )
        cls.attrs = self._merge(cls, bases, file, prefix=name)
        return cls

    def _all_attrs(self, name: str) -> dict[str, Attr]:
        """Every descriptor a generated class has, its own and inherited (first base wins)."""
        cls = self.classes.get(name)
        if cls is None:
            return {}
        found: dict[str, Attr] = {}
        for base in cls.bases:
            for keyword, attr in self._all_attrs(base).items():
                found.setdefault(keyword, attr)
        found.update(cls.attrs)
        return found

    def _merge(
        self, owner: ViewClass, bases: Sequence[str], file: str, prefix: str
    ) -> dict[str, Attr]:
        """The descriptors `owner` must declare itself where its bases disagree on one."""
        defined: dict[str, list[Attr]] = defaultdict(list)
        for base in bases:
            for keyword, attr in self._all_attrs(base).items():
                defined[keyword].append(attr)
        own: dict[str, Attr] = {}
        for keyword, attrs in defined.items():
            # mypy holds the bases' definitions (and their own bases') to be the same type
            # unless the class declares its own: declare every attribute defined twice
            if len(attrs) < 2:
                continue
            items = [a.item for a in attrs if a.item]
            if len(set(items)) > 1:
                item: str | None = self._merged_item(items, file, prefix)
            else:
                item = items[0] if items else None
            strict = [a for a in attrs if a.required] or attrs
            modules = sorted({(a.module or a.home) for a in strict})
            required = any(a.required for a in attrs)
            types = ", ".join(sorted({a.type or "none" for a in strict}))
            merged = Attr(
                keyword, attrs[0].element, strict[0].type, required, item, " and ".join(modules)
            )
            merged.doc_where = f", Type {types} in the {' and '.join(modules)} module{'s' if len(modules) > 1 else ''}"
            own[keyword] = merged
        return own

    def _merged_item(self, items: Sequence[str], file: str, prefix: str) -> str:
        unique = list(dict.fromkeys(items))
        keyword = self._item_keyword(unique[0])
        name = f"_{prefix}{keyword}Item"
        if name not in self.classes:
            cls = ViewClass(
                name,
                file,
                unique,
                f"An item of {keyword} as the modules of the {prefix} IOD define it together.",
                {},
            )
            self.classes[name] = cls
            cls.attrs = self._merge(cls, unique, file, prefix=f"{prefix}{keyword}")
        return name

    def _item_keyword(self, item: str) -> str:
        for (keyword, _), (name, _) in self._item_names.items():
            if name == item:
                return keyword
        return item

    # -- what the templates print ----------------------------------------------------------
    def descriptor(self, attr: Attr) -> dict[str, Any]:
        element = attr.element
        alias = self.alias(attr)
        args = [f"0x{element.tag_int:08X}", repr(attr.type)]
        if attr.required or attr.item or attr.module:
            args.append(repr(attr.required))
        if attr.item is not None or attr.module:
            args.append(repr(self.item_ref(attr.item)) if attr.item else "None")
        if attr.module:
            args.append(repr(attr.module))
        state = "Retired. " if element.retired else ""
        return {
            "keyword": attr.keyword,
            "alias": f"{alias}[{attr.item}]" if attr.item else alias,
            "descriptor": "_R" if element.retired else "_A",
            "args": ", ".join(args),
            "doc": _doc(
                f"{state}{_tag(element)} {element.vr} {element.vm}"
                f"{attr.doc_where or f', Type {attr.type or chr(45)}'}: {element.name}"
            ),
        }

    def alias(self, attr: Attr) -> str:
        """The name of the descriptor's type in `attribute_types.py` (one per VR, VM and type).

        `US` is `Attribute[int | None, int | None]`, `USReq` its Type 1 form that reads
        `int`; `n` marks a VM that allows one or more values, `m` one that needs several;
        `Items[Item]` is a sequence of typed items, `SQ` one whose table lists no item attributes.
        """
        element = attr.element
        cls = "_RetiredAttribute" if element.retired else "_Attribute"
        if attr.item is not None:
            get, put = "_Items[_I]", "_Iterable[_Dataset | _ItemView] | None"
            name = "Items"
        else:  # an SQ whose table lists no item attributes reads as the dataset's Sequence
            types = accessor_type(element, self.vrs)
            get, put = types.get, types.set
            low, high = vm_min_max(element.vm)
            many = "" if high == 1 or element.vr in ("SQ",) else "m" if low > 1 else "n"
            name = element.vr.replace(" or ", "or") + many
        forms = [f for f in get.split(" | ") if f != "None"]
        if not attr.required:
            forms.append("None")
        name = ("Retired" if element.retired else "") + name + ("Req" if attr.required else "")
        found = (cls, " | ".join(forms), put)
        if self.aliases.setdefault(name, found) != found:
            raise ValueError(f"type alias {name} means both {self.aliases[name]} and {found}")
        return name

    def item_ref(self, name: str) -> str:
        """Where the runtime finds an item class: "file:Class" under dicodec.generated.iods."""
        return f"{self.classes[name].file.replace('/', '.')}:{name}"


def rule_literal(rule: str, elements: dict[str, Element]) -> str:
    """The Python literal of a condition rule (`codegen.importers.conditions`), for the runtime."""
    tree = ast.parse(rule, mode="eval").body
    return repr(_rule(tree, elements))


def _rule(node: ast.expr, elements: dict[str, Element]) -> tuple[Any, ...]:
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        return (op, *(_rule(v, elements) for v in node.values))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ("not", _rule(node.operand, elements))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        (arg,) = node.args
        if node.func.id == "present" and isinstance(arg, ast.Name):
            return ("present", _tag_of(arg.id, elements))
        if node.func.id == "module" and isinstance(arg, ast.Constant):
            return ("module", str(arg.value))
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        tag, index = _subject(node.left, elements)
        right = node.comparators[0]
        comparison = node.ops[0]
        if isinstance(comparison, ast.Eq):
            return ("in", tag, index, (_value(right, elements),))
        if isinstance(comparison, ast.NotEq):
            return ("ne", tag, index, _value(right, elements))
        if isinstance(comparison, ast.In) and isinstance(right, ast.Tuple):
            return ("in", tag, index, tuple(_value(v, elements) for v in right.elts))
        if isinstance(comparison, ast.Gt):
            return ("gt", tag, index, _value(right, elements))
    raise ValueError(f"not a rule: {ast.unparse(node)}")


def _tag_of(keyword: str, elements: dict[str, Element]) -> int:
    if keyword not in elements:
        raise ValueError(f"rule names {keyword}, which the dictionary lacks")
    return elements[keyword].tag_int


def _subject(node: ast.expr, elements: dict[str, Element]) -> tuple[int, int]:
    """The tag and value number (0: any value) a comparison reads."""
    if isinstance(node, ast.Name):
        return _tag_of(node.id, elements), 0
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, int)
    ):
        return _tag_of(node.value.id, elements), node.slice.value
    raise ValueError(f"not an attribute: {ast.unparse(node)}")


def _value(node: ast.expr, elements: dict[str, Element]) -> str | int:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
        return node.value
    if isinstance(node, ast.Name):  # an AT value: the tag of the attribute named
        return _tag_of(node.id, elements)
    raise ValueError(f"not a value: {ast.unparse(node)}")


# -- files ---------------------------------------------------------------------------------
GENERATED = "dicodec.generated.iods"


def _module_path(file: str) -> str:
    return f"{GENERATED}.{file.replace('/', '.')}"


def _class_context(builder: Builder, cls: ViewClass) -> dict[str, Any]:
    constants = []
    for key, value in cls.metadata.items():
        if key == "modules":
            usages = ", ".join(
                f"_ModuleUsage({m['cls']}, {m['usage']!r}, {m['ie']!r}, {m['condition']!r}, {m['rule']})"
                for m in value
            )
            constants.append(("modules", f"({usages},)" if value else "()"))
        elif key == "without":
            constants.append(("modules_without_table", repr(tuple(value))))
        elif isinstance(value, list):
            constants.append((key, repr(tuple(value))))
        else:
            constants.append((key, repr(value)))
    return {
        "name": cls.name,
        "bases": cls.bases,
        "doc": _doc(cls.doc),
        "constants": constants,
        "attrs": [builder.descriptor(a) for a in cls.attrs.values()],
    }


def _referenced(builder: Builder, cls: ViewClass) -> tuple[set[str], set[str]]:
    """The classes `cls` names at run time (bases, module usages) and in annotations (items)."""
    runtime = {b for b in cls.bases if b in builder.classes}
    runtime |= {m["cls"] for m in cls.metadata.get("modules", [])}
    typing = {a.item for a in cls.attrs.values() if a.item}
    return runtime, typing


def files(spec: Spec, iods: IODSpec) -> dict[str, dict[str, Any]]:
    """Every generated file under generated/iods/ (by path) with its template context."""
    builder = Builder(spec, iods)
    by_file: dict[str, list[ViewClass]] = defaultdict(list)
    for cls in builder.classes.values():
        by_file[cls.file].append(cls)
    for cls in builder.iods:
        by_file[cls.file].append(cls)
    out: dict[str, dict[str, Any]] = {}
    for file, classes in sorted(by_file.items()):
        own = {c.name for c in classes}
        runtime: set[str] = set()
        typing: set[str] = set()
        for cls in classes:
            found_runtime, found_typing = _referenced(builder, cls)
            runtime |= found_runtime
            typing |= found_typing
        contexts = [_class_context(builder, c) for c in classes]
        views = [
            ("dicodec.iods.views", name, alias)
            for name, alias, used in (
                ("Attribute", "_A", any(a["descriptor"] == "_A" for c in contexts for a in c["attrs"])),
                ("RetiredAttribute", "_R", any(a["descriptor"] == "_R" for c in contexts for a in c["attrs"])),
                ("IODView", "_IODView", any("_IODView" in c.bases for c in classes)),
                ("ItemView", "_ItemView", any(ITEM_BASE in c.bases for c in classes)),
                ("ModuleView", "_ModuleView", any("_ModuleView" in c.bases for c in classes)),
                ("ModuleUsage", "_ModuleUsage", any(c.metadata.get("modules") for c in classes)),
            )
            if used
        ]  # fmt: skip
        types = (
            [("dicodec.generated.iods", "attribute_types", "_t")]
            if any(c["attrs"] for c in contexts)
            else []
        )
        out[f"{file}.py"] = {
            "doc": _file_doc(builder, file, classes),
            "runtime_imports": import_lines(views + _imports(builder, runtime - own)),
            "type_imports": import_lines(types + _imports(builder, typing - own - runtime)),
            "classes": contexts,
        }
    out["__init__.py"] = _index(builder)
    out["modules/__init__.py"] = {}
    aliases = [
        {"name": name, "cls": cls, "get_type": get, "set_type": put}
        for name, (cls, get, put) in sorted(builder.aliases.items())
    ]
    used = " ".join(f"{a['cls']}[{a['get_type']}, {a['set_type']}]" for a in aliases)
    needed = [
        (module, name, alias)
        for module, name, alias in ALIAS_IMPORTS
        if re.search(rf"\b{alias}\b", used) or alias == "_ItemView"  # the TypeVar's bound
    ]
    out["attribute_types.py"] = {
        "aliases": aliases,
        "stdlib_imports": import_lines(
            [("typing", "TypeAlias", None), ("typing", "TypeVar", None)]
            + [i for i in needed if not i[0].startswith("dicodec")]
        ),
        "imports": import_lines(i for i in needed if i[0].startswith("dicodec")),
    }
    return out


def _imports(builder: Builder, names: Iterable[str]) -> list[tuple[str, str, str | None]]:
    return [(_module_path(builder.classes[n].file), n, None) for n in names]


def natural(text: str) -> tuple[Any, ...]:
    """isort's order: case-insensitive, numbers by value ("photography_8" before "_16")."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))


def import_lines(imports: Iterable[tuple[str, str, str | None]]) -> list[str]:
    """`from ... import ...` lines as isort (ruff's I001) orders them: by module, plain names
    combined on one line, each `as` import on its own."""
    by_module: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for module, name, alias in imports:
        by_module[module].append((name, alias))
    lines = []
    for module in sorted(by_module, key=natural):
        # order by type, as isort: CONSTANTS (IS, UID) before Classes
        names = sorted(set(by_module[module]), key=lambda n: (not n[0].isupper(), natural(n[0])))
        plain = [n for n, alias in names if alias is None]
        if plain:
            lines.append(f"from {module} import {', '.join(plain)}")
        lines += [f"from {module} import {n} as {alias}" for n, alias in names if alias is not None]
    return lines


def _file_doc(builder: Builder, file: str, classes: Sequence[ViewClass]) -> str:
    if file == f"modules/{SHARED}":
        return (
            "Item views that several modules use: mostly the macros of PS3.3 (Code Sequence, ...)."
        )
    for cls in classes:
        if "module_name" in cls.metadata:
            return (
                f"The {cls.metadata['module_name']} module of PS3.3 and the items of its sequences."
            )
        if "iod_name" in cls.metadata:
            return f"The {cls.metadata['iod_name']} IOD of PS3.3, as a typed view of a dataset."
    return "Typed views."


def _index(builder: Builder) -> dict[str, Any]:
    iods = sorted(builder.iods, key=lambda c: c.name)
    names = [c.name for c in iods]
    if len(set(names)) != len(names):
        raise ValueError("two IODs give the same class name")
    sop_classes = sorted(
        ((uid, c.name) for c in iods for uid in c.metadata["sop_classes"]),
        key=lambda p: [int(x) for x in p[0].split(".")],
    )
    skipped = sorted(builder.skipped)
    return {
        "imports": import_lines((_module_path(c.file), c.name, c.name) for c in iods),
        "iods": [
            {
                "name": c.name,
                "file": c.file,
                "id": c.metadata["iod_id"],
                "title": c.metadata["iod_name"],
            }
            for c in iods
        ],
        "sop_classes": sop_classes,
        "skipped": skipped,
    }
