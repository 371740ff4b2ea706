"""`PersonName`: a PN value, with its component groups and components (PS3.5 6.2.1)."""

from __future__ import annotations

from dicodec.errors import InvalidValueError

__all__ = ["PersonName"]

_COMPONENTS = ("family_name", "given_name", "middle_name", "name_prefix", "name_suffix")


class PersonName(str):
    """A Person Name (PN) value: the text, with its parts as properties.

    A `str` subclass, so it is immutable, equal to (and hashes like) its text,
    and made as fast as a `str`: `PersonName("Doe^John") == "Doe^John"`. The
    text is already decoded (the character set layer turns bytes into `str`);
    the parts are computed when asked for, never at construction.

    PS3.5 6.2.1.1: up to three component groups separated by `=` (alphabetic,
    ideographic, phonetic), each of up to five components separated by `^`
    (family name, given name, middle name, name prefix, name suffix). Text
    that has more groups or components than that is kept as it is.
    """

    __slots__ = ()

    @property
    def components(self) -> tuple[str, ...]:
        """The component groups: alphabetic, then ideographic and phonetic when present.

        Empty trailing groups are left out, so "Doe^John=" has one; "" has none.
        """
        text = self.rstrip("=")
        return tuple(text.split("=")) if text else ()

    def _group(self, index: int) -> str:
        groups = self.split("=", 3)
        return groups[index] if index < len(groups) else ""

    def _component(self, index: int) -> str:
        parts = self.split("=", 1)[0].split("^", 5)
        return parts[index] if index < len(parts) else ""

    @property
    def alphabetic(self) -> str:
        """The first component group (single-byte characters)."""
        return self._group(0)

    @property
    def ideographic(self) -> str:
        """The second component group (ideographic characters), or ""."""
        return self._group(1)

    @property
    def phonetic(self) -> str:
        """The third component group (phonetic characters), or ""."""
        return self._group(2)

    @property
    def family_name(self) -> str:
        """The first component of the alphabetic group."""
        return self._component(0)

    @property
    def given_name(self) -> str:
        """The second component of the alphabetic group."""
        return self._component(1)

    @property
    def middle_name(self) -> str:
        """The third component of the alphabetic group."""
        return self._component(2)

    @property
    def name_prefix(self) -> str:
        """The fourth component of the alphabetic group."""
        return self._component(3)

    @property
    def name_suffix(self) -> str:
        """The fifth component of the alphabetic group."""
        return self._component(4)

    def formatted(self, format_str: str) -> str:
        """`format_str % parts`, with keys family_name, given_name, middle_name, name_prefix, name_suffix.

        `PersonName("Doe^John").formatted("%(given_name)s %(family_name)s")` is "John Doe".
        """
        parts = self.split("=", 1)[0].split("^", 5)[:5]
        parts += [""] * (5 - len(parts))
        return format_str % dict(zip(_COMPONENTS, parts, strict=True))

    @classmethod
    def from_named_components(
        cls,
        family_name: str = "",
        given_name: str = "",
        middle_name: str = "",
        name_prefix: str = "",
        name_suffix: str = "",
        family_name_ideographic: str = "",
        given_name_ideographic: str = "",
        middle_name_ideographic: str = "",
        name_prefix_ideographic: str = "",
        name_suffix_ideographic: str = "",
        family_name_phonetic: str = "",
        given_name_phonetic: str = "",
        middle_name_phonetic: str = "",
        name_prefix_phonetic: str = "",
        name_suffix_phonetic: str = "",
    ) -> PersonName:
        """A name from its parts; empty trailing components and groups are left out.

        `from_named_components(family_name="Doe", middle_name="Q")` is "Doe^^Q".
        A part may not contain `^`, `=` or `\\` (the separators of PS3.5 6.2.1
        and 6.4).
        """
        return cls._from_groups(
            (family_name, given_name, middle_name, name_prefix, name_suffix),
            (
                family_name_ideographic,
                given_name_ideographic,
                middle_name_ideographic,
                name_prefix_ideographic,
                name_suffix_ideographic,
            ),
            (
                family_name_phonetic,
                given_name_phonetic,
                middle_name_phonetic,
                name_prefix_phonetic,
                name_suffix_phonetic,
            ),
        )

    @classmethod
    def from_named_components_veterinary(
        cls,
        responsible_party_name: str = "",
        patient_name: str = "",
        responsible_party_name_ideographic: str = "",
        patient_name_ideographic: str = "",
        responsible_party_name_phonetic: str = "",
        patient_name_phonetic: str = "",
    ) -> PersonName:
        """A veterinary patient's name: the responsible party, then the animal (PS3.5 6.2.1.1)."""
        return cls._from_groups(
            (responsible_party_name, patient_name),
            (responsible_party_name_ideographic, patient_name_ideographic),
            (responsible_party_name_phonetic, patient_name_phonetic),
        )

    @classmethod
    def _from_groups(cls, *groups: tuple[str, ...]) -> PersonName:
        for group in groups:
            for part in group:
                if "^" in part or "=" in part or "\\" in part:
                    raise InvalidValueError(
                        f"a name component may not contain '^', '=' or '\\': {part!r}"
                    )
        text = "=".join("^".join(group).rstrip("^") for group in groups).rstrip("=")
        return cls(text)
