#!/usr/bin/env python3
"""Writes the safetensors fixtures of the tensor module's io tests, by hand from the format spec.

Uses only numpy and struct (not the safetensors library, not the Java writer), so the Java reader is checked
against an independent writer. Run from anywhere; it writes next to the Java test resources:

    python3 tensor/src/test/python/make_safetensors_fixtures.py

Outputs (tensor/src/test/resources/safetensors/):
  dtypes.safetensors      one tensor per dtype, with special values (subnormals, +-inf, nan, -0, extremes)
  header_edge.safetensors names and metadata needing JSON escapes and unicode, an indented header with
                          fields in unusual order, and extra trailing padding
  <name>.expected.txt     what a reader must return, written without JSON so the test does not need a parser:
      meta   <key utf-8 hex> <value utf-8 hex>
      tensor <name utf-8 hex> <dtype> <shape: comma list, '_' for rank 0> <floats> <longs>
    floats: float32 bit patterns in hex (comma list), '_' if empty, '!' if float reading must fail;
    longs:  decimal values, '_' if empty, '!' if reading as integers must fail.
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "safetensors")
FLOAT_EXACT = 2 ** 24


def f16_bits(*bits):
    return np.array(bits, dtype="<u2").view("<f2")


def f16_tensor(rng):
    special = f16_bits(
        0x0000, 0x8000,          # +0, -0
        0x0001, 0x8001, 0x03FF,  # smallest subnormals, largest subnormal
        0x0400, 0x3C00, 0xC000,  # smallest normal, 1, -2
        0x7BFF, 0xFBFF,          # +-65504
        0x7C00, 0xFC00,          # +-inf
        0x7E00, 0xFE00, 0x7C01,  # quiet NaNs and a signaling NaN (payload must survive)
        0x3555)                  # 0.33325
    normal = rng.standard_normal(16).astype("<f2")
    values = np.concatenate([special, normal]).reshape(2, 16)
    expected = values.astype(np.float32)  # numpy's exact f16 -> f32 conversion
    return "F16", values.shape, values.tobytes(), expected, None


def bf16_tensor(rng):
    special = np.array([
        0x0000, 0x8000,          # +0, -0
        0x0001, 0x807F,          # subnormals
        0x0080, 0x3F80, 0xC040,  # smallest normal, 1, -3
        0x7F7F, 0xFF7F,          # +-max
        0x7F80, 0xFF80,          # +-inf
        0x7FC0, 0xFFC1, 0x7F81,  # NaNs, one signaling
    ], dtype="<u2")
    # random values: the upper half of random float32 bit patterns
    random = (rng.standard_normal(18).astype("<f4").view("<u4") >> 16).astype("<u2")
    bits = np.concatenate([special, random]).reshape(4, 8)
    expected = (bits.astype("<u4") << 16).view("<f4")  # the definition of bfloat16
    return "BF16", bits.shape, bits.tobytes(), expected, None


def f32_tensor(rng):
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 3.4028235e38, 1.1754944e-38],
                       dtype="<f4")
    values = np.concatenate([special, rng.standard_normal(6).astype("<f4")]).reshape(3, 5)
    return "F32", values.shape, values.tobytes(), values, None


def f64_tensor(rng):
    values = np.array([0.1, -0.0, 1e300, -1e300, 1e-320, np.inf, np.nan, 1 + 2 ** -24, 1 + 2 ** -23 + 2 ** -24,
                       rng.standard_normal()], dtype="<f8")
    with np.errstate(over="ignore"):
        expected = values.astype(np.float32)  # round to nearest even; overflow -> inf
    return "F64", values.shape, values.tobytes(), expected, None


def int_tensor(dtype, numpy_dtype, values, shape):
    arr = np.array(values, dtype=numpy_dtype).reshape(shape)
    longs = arr.astype(np.int64)
    exact = np.all(np.abs(longs) <= FLOAT_EXACT)
    floats = longs.astype(np.float32) if exact else None
    return dtype, arr.shape, arr.tobytes(), floats, longs


def dtypes_fixture():
    rng = np.random.default_rng(20240611)
    tensors = {
        "f16": f16_tensor(rng),
        "bf16": bf16_tensor(rng),
        "f32": f32_tensor(rng),
        "f64": f64_tensor(rng),
        "i64": int_tensor("I64", "<i8", [-2 ** 63, 2 ** 63 - 1, 0, -1, 2 ** 24 + 1, 7], (2, 3)),
        "i64_small": int_tensor("I64", "<i8", [-2 ** 24, 2 ** 24, 0, -5, 12345], (5,)),
        "i32": int_tensor("I32", "<i4", [-2 ** 31, 2 ** 31 - 1, 0, -1], (2, 2)),
        "i32_small": int_tensor("I32", "<i4", [-16777216, 16777216, 3, -3, 0, 1], (3, 2)),
        "i16": int_tensor("I16", "<i2", [-32768, 32767, -1], (3,)),
        "u16": int_tensor("U16", "<u2", [0, 65535, 1], (3,)),
        "i8": int_tensor("I8", "<i1", [-128, 127, 0], (3,)),
        "u8": int_tensor("U8", "<u1", [0, 255, 128, 1], (2, 2)),
        "u32": int_tensor("U32", "<u4", [0, 4294967295], (2,)),
        "u64": int_tensor("U64", "<u8", [0, 2 ** 63 - 1, 1], (3,)),
        "bool": int_tensor("BOOL", np.bool_, [True, False, True], (3, 1)),
        "scalar": ("F32", (), np.array(2.5, dtype="<f4").tobytes(), np.array(2.5, dtype="<f4"), None),
        "empty": ("F32", (0, 3), b"", np.zeros((0, 3), dtype="<f4"), None),
        "empty_i64": int_tensor("I64", "<i8", [], (4, 0)),
    }
    # Data in a shuffled order, so the reader cannot rely on header order matching data order.
    data_order = ["bf16", "i64", "f16", "empty", "u8", "f32", "i32", "scalar", "f64", "i64_small", "bool",
                  "i32_small", "i16", "u16", "empty_i64", "i8", "u32", "u64"]
    assert sorted(data_order) == sorted(tensors)
    metadata = {"format": "pt", "written_by": "make_safetensors_fixtures.py"}
    return tensors, data_order, metadata


def header_edge_fixture():
    def f32(values, shape):
        arr = np.array(values, dtype="<f4").reshape(shape)
        return "F32", arr.shape, arr.tobytes(), arr, None

    tensors = {
        "plain": f32([1.0, 2.0], (2,)),
        "quote\"back\\slash/solidus": f32([3.0], (1,)),
        "tab\tnewline\ncontrol\u0001": f32([4.0, 5.0, 6.0], (3,)),
        "gr\u00fc\u00dfe.\u6743\u91cd": f32([7.0], ()),
        "emoji.\U0001F600.weight": f32([8.0, 9.0], (1, 2)),
    }
    data_order = list(reversed(list(tensors)))
    metadata = {"unicode": "\u00e9\u00e8 \u4e2d\u6587 \U0001F4A1", "escapes": "line1\nline2\t\"q\"\\"}
    return tensors, data_order, metadata


def header_json(tensors, data_order, metadata, style):
    offsets, pos = {}, 0
    for name in data_order:
        size = len(tensors[name][2])
        offsets[name] = (pos, pos + size)
        pos += size
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    for name in tensors:  # header order = dict order, differs from data order
        dtype, shape, _, _, _ = tensors[name]
        if style == "compact":
            header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets[name])}
        else:  # unusual field order
            header[name] = {"data_offsets": list(offsets[name]), "shape": list(shape), "dtype": dtype}
    if style == "compact":
        text = json.dumps(header, separators=(",", ":"), ensure_ascii=False)
    else:
        # \\u escapes for every non-ASCII character (surrogate pairs for the emoji), an indented layout,
        # and an escaped solidus, which JSON allows and json.dumps never writes
        text = json.dumps(header, indent="\t", ensure_ascii=True).replace("/solidus", "\\/solidus")
    return text.encode("utf-8")


def write(name, tensors, data_order, metadata, style, extra_padding):
    header = header_json(tensors, data_order, metadata, style)
    header += b" " * ((8 - len(header) % 8) % 8 + extra_padding)
    with open(os.path.join(OUT, name + ".safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        for t in data_order:
            f.write(tensors[t][2])
    with open(os.path.join(OUT, name + ".expected.txt"), "w", encoding="ascii") as f:
        for k, v in (metadata or {}).items():
            f.write("meta %s %s\n" % (k.encode("utf-8").hex(), v.encode("utf-8").hex()))
        for t, (dtype, shape, _, floats, longs) in tensors.items():
            f.write("tensor %s %s %s %s %s\n" % (
                t.encode("utf-8").hex(), dtype, ",".join(str(d) for d in shape) or "_",
                "!" if floats is None else ",".join(
                    "%08x" % b for b in np.asarray(floats, dtype="<f4").reshape(-1).view("<u4")) or "_",
                "!" if longs is None else ",".join(str(v) for v in longs.reshape(-1)) or "_"))


def main():
    os.makedirs(OUT, exist_ok=True)
    write("dtypes", *dtypes_fixture(), style="compact", extra_padding=0)
    write("header_edge", *header_edge_fixture(), style="edge", extra_padding=13)


if __name__ == "__main__":
    main()
