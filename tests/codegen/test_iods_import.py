"""The PS3.3 importer: tables and names -> spec/iods.yaml and spec/modules.yaml, rules from prose."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen import iod_contexts, iod_spec
from codegen.importers import conditions, iods

STANDARD = Path(__file__).resolve().parents[3] / "shared" / "standard"

ELEMENTS: list[dict[str, Any]] = [
    {"tag": "(0008,0008)", "keyword": "ImageType", "name": "Image Type", "retired": False},
    {"tag": "(0008,0016)", "keyword": "SOPClassUID", "name": "SOP Class UID", "retired": False},
    {"tag": "(0008,0060)", "keyword": "Modality", "name": "Modality", "retired": False},
    {"tag": "(0008,1140)", "keyword": "ReferencedImageSequence", "name": "Referenced Image Sequence", "retired": False},
    {"tag": "(0008,1150)", "keyword": "ReferencedSOPClassUID", "name": "Referenced SOP Class UID", "retired": False},
    {"tag": "(0018,0022)", "keyword": "ScanOptions", "name": "Scan Options", "retired": False},
    {"tag": "(0028,0004)", "keyword": "PhotometricInterpretation", "name": "Photometric Interpretation", "retired": False},
    {"tag": "(0028,0008)", "keyword": "NumberOfFrames", "name": "Number of Frames", "retired": False},
    {"tag": "(0028,0009)", "keyword": "FrameIncrementPointer", "name": "Frame Increment Pointer", "retired": False},
    {"tag": "(0018,1063)", "keyword": "FrameTime", "name": "Frame Time", "retired": False},
    {"tag": "(0018,1065)", "keyword": "FrameTimeVector", "name": "Frame Time Vector", "retired": False},
    {"tag": "(0028,0010)", "keyword": "Rows", "name": "Rows", "retired": False},
]  # fmt: skip


def _lookups(modules: dict[str, str] | None = None) -> conditions.Lookups:
    return iods._lookups(
        ELEMENTS, modules or {"palette-color-lookup-table": "Palette Color Lookup Table"}
    )


@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        (
            "Required if Photometric Interpretation (0028,0004) has a value of PALETTE COLOR",
            "PhotometricInterpretation == 'PALETTE COLOR'",
        ),
        ("Required if Number of Frames is greater than 1", "NumberOfFrames > 1"),
        (
            "Required if Image Type (0008,0008) Value 3 is GATED, GATED TOMO, or RECON GATED TOMO",
            "ImageType[3] in ('GATED', 'GATED TOMO', 'RECON GATED TOMO')",
        ),
        ("Required if Modality (0008,0060) = IVUS.\n\nMay be present otherwise.", "Modality == 'IVUS'"),
        ("Required if Scan Option (0018,0022) is TOMO", "ScanOptions == 'TOMO'"),  # a plural
        (
            "Required if Frame Increment Pointer (0028,0009) is Frame Time (0018,1063) or Frame Time Vector (0018,1065)",
            "FrameIncrementPointer in (FrameTime, FrameTimeVector,)",
        ),
        ("Required if Photometric Interpretation (0028,0004) is not MONOCHROME2", "PhotometricInterpretation != 'MONOCHROME2'"),
        ("Required if the Palette Color Lookup Table Module is not present", "not module('palette-color-lookup-table')"),
        # prose, and a name that does not match its tag, stay without a rule
        ("Required if contrast media was used in this image", None),
        ("Required if Ophthalmic Image available or if Rows (0008,0060) is YES", None),
        ("shall be present if system time is synchronized to an external reference.", None),
    ],
)  # fmt: skip
def test_conditional_statements_read_as_rules(statement: str, rule: str | None) -> None:
    assert conditions.rule(statement, _lookups()) == rule


def test_rules_become_runtime_tuples() -> None:
    elements = {e["keyword"]: _element(e) for e in ELEMENTS}
    literal = iod_contexts.rule_literal(
        "ImageType[3] in ('GATED', 'TOMO') and not present(Rows)", elements
    )
    assert eval(literal) == (
        "and",
        ("in", 0x00080008, 3, ("GATED", "TOMO")),
        ("not", ("present", 0x00280010)),
    )
    assert eval(iod_contexts.rule_literal("FrameIncrementPointer in (FrameTime,)", elements)) == (
        "in", 0x00280009, 0, (0x00181063,),
    )  # fmt: skip
    with pytest.raises(ValueError, match="lacks"):
        iod_contexts.rule_literal("present(NoSuchKeyword)", elements)


def _element(e: dict[str, Any]) -> Any:
    from codegen.spec import Element

    return Element(e["tag"], e["keyword"], e["name"], "CS", "1", False)


def test_rows_round_trip_through_their_text() -> None:
    rows = [
        iod_spec.Row("m", (), "ReferencedImageSequence", "2"),
        iod_spec.Row("m", ("ReferencedImageSequence",), "ReferencedSOPClassUID", "1"),
        iod_spec.Row("n", (), "Rows", None),
    ]
    texts = [iod_spec.row_text(r.module, r.path, r.keyword, r.type) for r in rows]
    assert texts == ["m 2 ReferencedImageSequence", "m 1 >ReferencedSOPClassUID", "n none Rows"]
    assert yaml.safe_load(yaml.safe_dump(texts)) == texts
    assert iod_spec.parse_rows(texts) == rows
    with pytest.raises(ValueError, match="under a sequence row"):
        iod_spec.parse_rows(["m 1 >>Orphan"])


def _write_standard(root: Path) -> tuple[Path, Path]:
    tables, registry = root / "ps3.3-modules", root / "innolitics-2099a"
    tables.mkdir(parents=True)
    registry.mkdir()
    (tables / "sop_class_iod_map.json").write_text(json.dumps({"1.2.3.4": "toy-image"}))
    (tables / "iod_module_map.json").write_text(
        json.dumps(
            {
                "toy-image": [
                    {"key": "toy-pixel", "usage": "M", "ie": "Image"},
                    {"key": "palette-color-lookup-table", "usage": "C", "ie": "Image"},
                    {"key": "no-table-module", "usage": "U", "ie": "Image"},
                ]
            }
        )
    )
    attributes = {
        "toy-pixel": [
            {"keyword": "OldRows", "type": "1", "path": []},
            {"keyword": "ReferencedImageSequence", "type": "3", "path": []},
            {"keyword": "ReferencedSOPClassUID", "type": "1", "path": ["ReferencedImageSequence"]},
            {"keyword": "BrandNewKeyword", "type": "3", "path": []},
        ],
        "palette-color-lookup-table": [{"keyword": "PhotometricInterpretation", "type": "None", "path": []}],
    }  # fmt: skip
    with gzip.open(tables / "module_attribute_map.json.gz", "wt") as f:
        json.dump(attributes, f)
    (registry / "ciods.json").write_text(
        json.dumps([{"id": "toy-image", "name": "Toy Image", "description": "<p>A <b>toy</b>.</p>",
                     "linkToStandard": "http://x/part03/sect_A.99.html#table_A.99-1"}])
    )  # fmt: skip
    (registry / "modules.json").write_text(
        json.dumps(
            [{"id": "toy-pixel", "name": "Toy Pixel", "description": "", "linkToStandard": ""}]
        )
    )
    (registry / "ciod_to_modules.json").write_text(
        json.dumps([{"ciodId": "toy-image", "moduleId": "palette-color-lookup-table",
                     "conditionalStatement": "Required if Photometric Interpretation (0028,0004) has a value of PALETTE COLOR"}])
    )  # fmt: skip
    return tables, registry


def test_import_collects_sorted_entries_names_rules_and_missing_keywords(tmp_path: Path) -> None:
    tables, registry = _write_standard(tmp_path / "standard")
    imported = iods.collect(tables, registry, ELEMENTS, {"OldRows": "Rows"})
    assert imported.missing_keywords == {"BrandNewKeyword": ["toy-pixel"]}
    (iod,) = imported.iods
    assert (iod["name"], iod["table"], iod["sop_classes"], iod["description"]) == (
        "Toy Image", "A.99-1", ["1.2.3.4"], "A toy.",
    )  # fmt: skip
    assert [m["id"] for m in imported.modules] == ["palette-color-lookup-table", "toy-pixel"]
    assert imported.modules[0]["name"] == "Palette Color Lookup Table"  # named from its id
    assert imported.iod_modules[1]["rule"] == "PhotometricInterpretation == 'PALETTE COLOR'"
    assert imported.attributes == [
        "palette-color-lookup-table none PhotometricInterpretation",  # the table gives no type
        "toy-pixel 1 Rows",  # renamed from OldRows
        "toy-pixel 3 ReferencedImageSequence",
        "toy-pixel 1 >ReferencedSOPClassUID",
        "toy-pixel 3 BrandNewKeyword",
    ]
    assert "conditional modules: 1 of 1 conditional statements read as rules" in imported.notes
    assert any("toy-image/no-table-module" in note for note in imported.notes)


@pytest.mark.skipif(
    not (STANDARD / "ps3.3-modules").is_dir(), reason="../shared/standard/ps3.3-modules is absent"
)
def test_the_real_tables_import_with_few_missing_keywords() -> None:
    elements = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "spec" / "dictionary.yaml").read_text()
    )["elements"]
    imported = iods.collect(STANDARD / "ps3.3-modules", STANDARD / "innolitics-2024e", elements)
    assert len(imported.attributes) == 99_740
    assert len(imported.iods) == 175 and len(imported.modules) == 436
    assert imported.missing_keywords == {
        "AnalogFilterType": ["waveform"],
        "SummarizedFilterLookupTable": ["waveform"],
    }, (
        imported.missing_keywords
    )  # 2026c renamed both (...Sequence); the import proper uses the new keywords
    rules = [u for u in imported.iod_modules if u["rule"]]
    assert len(rules) >= 50


def test_sr_content_item_attributes_of_one_value_type_are_conditional() -> None:
    """Beside a Value Type (an SR content item), an attribute PS3.3 includes for one Value
    Type only is 1C/2C; the same keyword elsewhere, or a Type 3, is left as it is."""
    row = iods.ps33_tables.AttributeRow
    rows = [
        row("sr", (), "ValueType", "1"),
        row("sr", (), "GraphicData", "1"),
        row("sr", ("ContentSequence",), "ValueType", "1"),
        row("sr", ("ContentSequence",), "MeasuredValueSequence", "2"),
        row("sr", ("ContentSequence",), "ReferencedSOPSequence", "3"),
        row("sr", ("ContentSequence", "ReferencedSOPSequence"), "GraphicData", "1"),
        row("plan", (), "ReferencedSOPSequence", "1"),
    ]
    keywords = {"GraphicData", "MeasuredValueSequence", "ReferencedSOPSequence"}
    assert [r.type for r in iods.by_value_type(rows, keywords)] == [
        "1", "1C", "1", "2C", "3", "1", "1",
    ]  # fmt: skip


def test_the_value_type_override_names_known_keywords() -> None:
    over = yaml.safe_load(
        (Path(iods.__file__).resolve().parents[1] / "overrides" / iods.CONTENT_ITEMS).read_text()
    )
    keywords = {k for ks in over["value_types"].values() for k in ks}
    elements = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "spec" / "dictionary.yaml").read_text()
    )["elements"]
    assert keywords <= {e["keyword"] for e in elements}
