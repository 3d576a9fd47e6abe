"""Small vectorised helpers shared by the generator modules.

Everything here is deterministic: random streams are derived from the world seed and a
stable stream name (CRC-32, never Python's salted ``hash()``), ids come from bijective
scrambles of counters, and strings are built column-wise with NumPy and Arrow.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY = 86_400
HOUR = 3_600
MINUTE = 60
NEVER = np.int64(2**62)  # sentinel "no such time" (seconds since epoch)

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_B62 = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
_SF_CHECK = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", dtype=np.uint8)
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def child_rng(seed: int, name: str) -> np.random.Generator:
    """An independent random stream for one part of the world.

    Streams are keyed by a stable name so that changing how one module draws numbers
    does not shift every other module's numbers.
    """
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, zlib.crc32(name.encode())])))


def epoch_seconds(d: date | datetime) -> int:
    """Seconds since 1970-01-01 for a naive (UTC) date or datetime."""
    if not isinstance(d, datetime):
        d = datetime(d.year, d.month, d.day)
    return int((d - datetime(1970, 1, 1)).total_seconds())


def scramble64(n: np.ndarray, salt: int) -> np.ndarray:
    """A bijective 64-bit mix (splitmix64 finaliser) of ``n + salt``: distinct in, distinct out."""
    with np.errstate(over="ignore"):
        z = n.astype(np.uint64) + np.uint64(salt & 0xFFFFFFFFFFFFFFFF)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def fixed_width_strings(mat: np.ndarray) -> pa.Array:
    """Turn an (n, w) uint8 matrix of ASCII codes into an Arrow string array, zero-copy."""
    n, w = mat.shape
    data = np.ascontiguousarray(mat, dtype=np.uint8).ravel()
    offsets = np.arange(0, n * w + 1, w, dtype=np.int64)
    return pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    ).cast(pa.string())


def hex_strings(x: np.ndarray, width: int, prefix: str = "") -> pa.Array:
    """Lower-case hex of the low ``4*width`` bits of ``x``, optionally prefixed."""
    x = x.astype(np.uint64)
    p = np.frombuffer(prefix.encode(), dtype=np.uint8)
    mat = np.empty((len(x), len(p) + width), dtype=np.uint8)
    mat[:, : len(p)] = p
    for i in range(width):
        mat[:, len(p) + i] = _HEX[((x >> np.uint64(4 * (width - 1 - i))) & np.uint64(15)).astype(np.intp)]
    return fixed_width_strings(mat)


def sf_ids(n: np.ndarray, key_prefix: str, salt: int) -> np.ndarray:
    """18-character Salesforce-style ids (with the real case-safe checksum) for counters ``n``.

    ``(n * a + salt) mod 62**7`` is a bijection, so distinct counters give distinct ids.
    """
    modulus = 62**7
    m = (n.astype(np.uint64) * np.uint64(2654435761) + np.uint64(salt % modulus)) % np.uint64(modulus)
    body = np.empty((len(n), 15), dtype=np.uint8)
    head = np.frombuffer((key_prefix + "5g000").encode(), dtype=np.uint8)
    body[:, :8] = head
    for i in range(7):
        body[:, 14 - i] = _B62[(m % np.uint64(62)).astype(np.intp)]
        m = m // np.uint64(62)
    upper = (body >= ord("A")) & (body <= ord("Z"))
    out = np.empty((len(n), 18), dtype=np.uint8)
    out[:, :15] = body
    for chunk in range(3):
        bits = np.zeros(len(n), dtype=np.intp)
        for j in range(5):
            bits |= upper[:, chunk * 5 + j].astype(np.intp) << j
        out[:, 15 + chunk] = _SF_CHECK[bits]
    return np.asarray(fixed_width_strings(out).to_numpy(zero_copy_only=False), dtype=object)


def ip_strings(ip: np.ndarray) -> pa.Array:
    """Dotted-quad strings for unsigned 32-bit integers."""
    ip = ip.astype(np.uint64)
    parts = [
        pc.cast(pa.array(((ip >> np.uint64(s)) & np.uint64(255)).astype(np.int64)), pa.string())
        for s in (24, 16, 8, 0)
    ]
    return pc.binary_join_element_wise(*parts, ".")


def ts_array(seconds: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Arrow ``timestamp[us]`` from integer seconds since epoch (``mask`` True means null)."""
    us = seconds.astype(np.int64) * 1_000_000
    return pa.array(us, type=pa.timestamp("us"), mask=mask)


def date_array(seconds: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Arrow ``date32`` from integer seconds since epoch."""
    return pa.array((seconds.astype(np.int64) // DAY).astype(np.int32), type=pa.date32(), mask=mask)


def dict_strings(
    indices: np.ndarray, values: list[str] | np.ndarray, mask: np.ndarray | None = None
) -> pa.Array:
    """A dictionary-encoded string column: cheap for big tables with few distinct values."""
    idx = pa.array(indices.astype(np.int32), type=pa.int32(), mask=mask)
    return pa.DictionaryArray.from_arrays(idx, pa.array(list(values), type=pa.string()))


def rising_times(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, power: float = 2.0) -> np.ndarray:
    """Times in [lo, hi] whose density rises toward ``hi`` (u**(1/power) on the unit interval)."""
    u = rng.random(len(lo)) ** (1.0 / power)
    return (lo + u * (hi - lo)).astype(np.int64)


def segment_ranges(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For group sizes ``counts``: each expanded element's group index and rank in the group."""
    counts = counts.astype(np.int64)
    group = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    rank = np.arange(counts.sum()) - np.repeat(starts, counts)
    return group, rank


def arrow_table(columns: dict[str, object]) -> pa.Table:
    """An Arrow table from arrays; NaN/None in object arrays become nulls (as in pandas)."""
    out = {}
    for name, v in columns.items():
        if isinstance(v, (pa.Array, pa.ChunkedArray)):
            out[name] = v
        else:
            out[name] = pa.array(np.asarray(v) if not isinstance(v, np.ndarray) else v, from_pandas=True)
    return pa.table(out)
