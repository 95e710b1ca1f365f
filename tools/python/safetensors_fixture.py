"""Writes float32 tensors as a safetensors file by hand, for the PyTorch fixture scripts of the tests and the
benchmarks (no safetensors package needed): an 8-byte little-endian header length, a JSON header mapping each
name to dtype, shape and data offsets (names sorted, optional __metadata__ last, padded with spaces to a
multiple of 8), then the raw little-endian data. The file is written to a temporary name and renamed.

Scripts import it with:
    sys.path.insert(0, os.path.join(<repository root>, "tools", "python"))
"""
import json
import os
import struct


def save(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().float().contiguous()
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)
