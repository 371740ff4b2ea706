"""Keyed replacements: the same input and key give the same output, which cannot be reversed
or even checked against a guess without the key (HMAC-SHA-256, RFC 2104)."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from dicodec.generated.uids import UIDS

# Modified Dates moves a patient's dates back by 1 to this many days (PS3.15 E.3.6).
MAX_DATE_SHIFT_DAYS = 3652


class Keyed:
    """The keyed functions of one de-identification key."""

    __slots__ = ("_key", "_uids")

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a de-identification key has at least 16 bytes (128 bits)")
        self._key = key
        self._uids: dict[str, str] = {}

    def _digest(self, purpose: bytes, text: str) -> bytes:
        return hmac.new(self._key, purpose + b"\0" + text.encode("utf-8"), hashlib.sha256).digest()

    def uid(self, uid: str) -> str:
        """The new UID of an instance UID: "2.25." and a UUID made of the keyed hash.

        The UUID has version 8 (RFC 9562, "custom"), so the UID is a valid UUID-derived
        UID (ISO/IEC 9834-8, PS3.5 B.2) of at most 44 characters. UIDs of the registry
        (SOP classes, transfer syntaxes, well-known frames of reference...) identify
        nothing and are kept, as are empty values.
        """
        if not uid or uid in UIDS:
            return uid
        new = self._uids.get(uid)
        if new is None:
            raw = bytearray(self._digest(b"uid", uid)[:16])
            raw[6] = raw[6] & 0x0F | 0x80  # version 8
            raw[8] = raw[8] & 0x3F | 0x80  # the RFC 4122/9562 variant
            new = self._uids[uid] = f"2.25.{int.from_bytes(raw, 'big')}"
        return new

    def date_offset(self, patient: str) -> datetime.timedelta:
        """The shift of every date of one patient: back by 1 to MAX_DATE_SHIFT_DAYS days."""
        number = int.from_bytes(self._digest(b"dates", patient)[:8], "big")
        return datetime.timedelta(days=-(1 + number % MAX_DATE_SHIFT_DAYS))

    def pseudonym(self, value: str, length: int) -> str:
        """An upper-case hex pseudonym of `length` characters: distinct values stay distinct."""
        return self._digest(b"pseudonym", value).hex().upper()[:length]

    @property
    def uid_map(self) -> dict[str, str]:
        """Every UID replaced so far, old -> new (identifying: for a mapping report only)."""
        return dict(self._uids)
