"""The generated tables of an embedded package: the spec cut down to the selection, rendered
by the very templates and contexts that make `generated/` (`codegen.generate.OUTPUTS`).

The dictionary, accessors and tags hold the selected keywords and those the runtime itself
reads (the File Meta Information, Specific Character Set, ...); the codecs the VRs they
use; the UID registry the selected transfer syntaxes, the SOP classes of the selected IODs
and the UIDs the runtime names. Every VR record stays: the parser needs each to read any
element's header.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from codegen.generate import OUTPUTS, Output, made_from
from codegen.spec import Spec


@dataclasses.dataclass(frozen=True)
class Subset:
    """The spec of the package, and which VRs have codecs in it."""

    spec: Spec
    codec_spec: Spec  # the same, with only the VRs the elements use (for `vr_codecs`)
    tags_spec: Spec  # the same, with only the elements the runtime takes from `tags`


def subset(
    spec: Spec,
    keywords: Iterable[str],
    uids: Iterable[str],
    tables: Iterable[str],
    tag_keywords: Iterable[str],
) -> Subset:
    """`spec` with only the elements of `keywords` (and the aliases of those renamed), the
    registry entries and transfer syntaxes of `uids`; `tables` are the spec files whose
    editions the package reports (those it was made from). The `tags` constants are those
    of `tag_keywords` (what the runtime names): a user names an element by its keyword."""
    wanted = set(keywords)
    elements = tuple(e for e in spec.elements if e.keyword in wanted)
    kept = {e.keyword for e in elements}
    left_out = tuple(
        sorted(e.keyword for e in spec.elements if e.keyword and e.keyword not in kept)
    )
    uid_set = set(uids)
    tags = {e.tag for e in elements}
    cut = dataclasses.replace(
        spec,
        elements=elements,
        uids=tuple(u for u in spec.uids if u.uid in uid_set),
        transfer_syntaxes=tuple(t for t in spec.transfer_syntaxes if t.uid in uid_set),
        aliases=tuple(a for a in spec.aliases if a.tag in tags),
        deidentification=None,
        iods=None,
        private=(),  # vendors' private elements are outside every selection: read as UN
        sources={stem: refs for stem, refs in spec.sources.items() if stem in set(tables)},
        left_out=left_out,
    )
    used = {vr for e in elements for vr in e.vrs}
    codec_spec = dataclasses.replace(cut, vrs=tuple(v for v in spec.vrs if v.vr in used))
    named = set(tag_keywords)
    tags_spec = dataclasses.replace(cut, elements=tuple(e for e in elements if e.keyword in named))
    return Subset(cut, codec_spec, tags_spec)


# the tables an embedded package can hold: every output of `make generate` made from the
# dictionary, VR, UID, transfer syntax and character set tables
_OUTPUTS = {out.module: out for out in OUTPUTS}


def contexts(cut: Subset, modules: Iterable[str]) -> dict[str, tuple[Output, dict[str, Any]]]:
    """Each generated module asked for (`vrs`, `dictionary`, ...) -> its output, and its
    template's context with `made_from`: the spec files of the package it comes from."""
    found = {}
    for module in modules:
        out = _OUTPUTS.get(module)
        if out is None:
            raise ValueError(f"generated/{module}.py cannot be embedded: no output makes it")
        spec = {"vr_codecs": cut.codec_spec, "tags": cut.tags_spec}.get(module, cut.spec)
        sources = tuple(s for s in out.sources if _stem(s) in spec.sources)
        found[module] = (out, {**out.context(spec), "made_from": made_from(spec, sources)})
    return found


def _stem(source: str) -> str:
    return source.removeprefix("spec/").removesuffix(".yaml")
