"""Waveforms as arrays (PS3.3 C.10.9): one multiplex group of the Waveform Sequence.

Waveform Data holds the samples of every channel interleaved, sample by
sample (C.10.9.1.5: C1S1, C2S1, ... CnS1, C1S2, ...), as integers of Waveform
Bits Allocated and the type Waveform Sample Interpretation names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import PixelDataError

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

__all__ = ["waveform_array"]

# (Waveform Bits Allocated, Waveform Sample Interpretation) -> sample type (PS3.3 C.10.9.1.5).
# MB and AB are 8-bit mu-law and A-law codes (ITU-T G.711); PS3.3 fixes no linear
# scale for them, so, as pydicom does, the codes themselves are the samples.
_SAMPLE_TYPES = {
    (8, "SB"): "i1",
    (8, "UB"): "u1",
    (8, "MB"): "u1",
    (8, "AB"): "u1",
    (16, "SS"): "i2",
    (16, "US"): "u2",
    (32, "SL"): "i4",
    (32, "UL"): "u4",
    (64, "SV"): "i8",
    (64, "UV"): "u8",
}
_NEEDED = (
    "NumberOfWaveformChannels",
    "NumberOfWaveformSamples",
    "WaveformBitsAllocated",
    "WaveformSampleInterpretation",
    "WaveformData",
)


def _number(item: Any, keyword: str, default: float) -> float:
    value = item.get(keyword)
    return default if value is None or value == "" else float(value)


def waveform_array(ds: Dataset, index: int, *, as_raw: bool = False) -> NDArray[Any]:
    """The samples of multiplex group `index`, shaped (samples, channels).

    Unless `as_raw`, each channel is in the units of its Channel Sensitivity:
    sample x Channel Sensitivity x Channel Sensitivity Correction Factor + Channel
    Baseline (C.10.9.1.4.3; the combination pydicom's `as_raw=False` gives), as floats.
    """
    groups = ds.get("WaveformSequence")
    if not groups:
        raise PixelDataError("the dataset has no (5400,0100) Waveform Sequence")
    if not -len(groups) <= index < len(groups):
        raise PixelDataError(
            f"the Waveform Sequence has {len(groups)} multiplex group(s); {index} was asked for"
        )
    item = groups[index]
    missing = [keyword for keyword in _NEEDED if item.get(keyword) in (None, "")]
    if missing:
        raise PixelDataError(
            f"multiplex group {index} has no {', '.join(missing)}; needed to read its waveform"
        )
    channels = int(item.get("NumberOfWaveformChannels"))
    samples = int(item.get("NumberOfWaveformSamples"))
    bits = int(item.get("WaveformBitsAllocated"))
    interpretation = str(item.get("WaveformSampleInterpretation")).strip()
    kind = _SAMPLE_TYPES.get((bits, interpretation))
    if kind is None:
        raise PixelDataError(
            f"multiplex group {index}: Waveform Bits Allocated {bits} with Sample "
            f"Interpretation {interpretation!r} is not in PS3.3 C.10.9.1.5"
        )
    data = bytes(item.get("WaveformData"))
    little = getattr(ds, "is_little_endian", True) is not False
    dtype = np.dtype(kind).newbyteorder("<" if little else ">")
    needed = samples * channels * dtype.itemsize
    if len(data) < needed:
        raise PixelDataError(
            f"multiplex group {index}: Waveform Data is {len(data)} bytes, {needed} are needed "
            f"for {samples} samples of {channels} channels"
        )
    arr = np.frombuffer(data, dtype=dtype, count=samples * channels).reshape(samples, channels)
    if as_raw:
        return arr.astype(dtype.newbyteorder("="))
    out = arr.astype(np.float64)
    definitions = item.get("ChannelDefinitionSequence") or []
    for channel, definition in enumerate(definitions[:channels]):
        sensitivity = _number(definition, "ChannelSensitivity", 1.0)
        correction = _number(definition, "ChannelSensitivityCorrectionFactor", 1.0)
        baseline = _number(definition, "ChannelBaseline", 0.0)
        out[:, channel] = out[:, channel] * sensitivity * correction + baseline
    return out
