"""Hypothesis strategies shared by the codec and transfer syntax tests."""

from __future__ import annotations

from hypothesis import strategies as st

# One valid value of each binary-number VR, over the VR's whole range (PS3.5 Table 6.2-1).
BINARY_NUMBERS: dict[str, st.SearchStrategy[object]] = {
    "US": st.integers(0, 0xFFFF),
    "SS": st.integers(-0x8000, 0x7FFF),
    "UL": st.integers(0, 0xFFFFFFFF),
    "SL": st.integers(-(2**31), 2**31 - 1),
    "UV": st.integers(0, 2**64 - 1),
    "SV": st.integers(-(2**63), 2**63 - 1),
    "FL": st.floats(width=32, allow_nan=False),
    "FD": st.floats(allow_nan=False),
    "AT": st.integers(0, 0xFFFFFFFF),
}
