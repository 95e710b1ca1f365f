#!/usr/bin/env python3
"""Golden fixtures for the autograd test, in the manner of llm.c: PyTorch computes a small MLP and one pre-LN
transformer block with fixed weights and inputs and dumps inputs, parameters, activations, the loss and every
parameter gradient as safetensors. The Java test (GoldenTest) loads them and must match without Python.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch libopenblas0):
    /usr/bin/python3 autograd/src/test/python/make_golden.py
The safetensors files are written by hand (the format is an 8-byte header length, a JSON header, raw data),
so no safetensors package is needed.
"""
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools", "python"))
from safetensors_fixture import save as write_safetensors  # noqa: E402


OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden")



def mlp():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(8, 10, generator=g)
    target = torch.randint(0, 5, (8,), generator=g)
    params = {
        "fc1.weight": torch.randn(16, 10, generator=g) * 0.3,
        "fc1.bias": torch.randn(16, generator=g) * 0.1,
        "fc2.weight": torch.randn(5, 16, generator=g) * 0.3,
        "fc2.bias": torch.randn(5, generator=g) * 0.1,
    }
    for p in params.values():
        p.requires_grad_(True)
    hidden = F.gelu(F.linear(x, params["fc1.weight"], params["fc1.bias"]))
    logits = F.linear(hidden, params["fc2.weight"], params["fc2.bias"])
    loss = F.cross_entropy(logits, target)
    loss.backward()
    out = {"input": x, "target": target.float(), "hidden": hidden, "logits": logits, "loss": loss.reshape(1)}
    out.update(params)
    out.update({"grad." + k: v.grad for k, v in params.items()})
    write_safetensors(os.path.join(OUT, "mlp.safetensors"), out, {"generator": "autograd/src/test/python/make_golden.py", "torch": torch.__version__})


def block():
    g = torch.Generator().manual_seed(2)
    B, T, C, H = 2, 6, 16, 4
    D = C // H
    x = torch.randn(B, T, C, generator=g).requires_grad_(True)
    key_mask = torch.ones(B, T)
    key_mask[1, 4:] = 0  # the second sequence has two padding tokens
    r = torch.randn(B, T, C, generator=g)
    params = {
        "ln1.weight": 1 + 0.1 * torch.randn(C, generator=g),
        "ln1.bias": 0.1 * torch.randn(C, generator=g),
        "attn.qkv.weight": torch.randn(3 * C, C, generator=g) / math.sqrt(C),
        "attn.qkv.bias": 0.1 * torch.randn(3 * C, generator=g),
        "attn.proj.weight": torch.randn(C, C, generator=g) / math.sqrt(C),
        "attn.proj.bias": 0.1 * torch.randn(C, generator=g),
        "ln2.weight": 1 + 0.1 * torch.randn(C, generator=g),
        "ln2.bias": 0.1 * torch.randn(C, generator=g),
        "mlp.fc1.weight": torch.randn(4 * C, C, generator=g) / math.sqrt(C),
        "mlp.fc1.bias": 0.1 * torch.randn(4 * C, generator=g),
        "mlp.fc2.weight": torch.randn(C, 4 * C, generator=g) / math.sqrt(4 * C),
        "mlp.fc2.bias": 0.1 * torch.randn(C, generator=g),
    }
    for p in params.values():
        p.requires_grad_(True)
    P = params
    a_in = F.layer_norm(x, (C,), P["ln1.weight"], P["ln1.bias"], 1e-5)
    qkv = F.linear(a_in, P["attn.qkv.weight"], P["attn.qkv.bias"]).reshape(B, T, 3, H, D).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = q @ k.transpose(-2, -1) / math.sqrt(D)
    scores = scores.masked_fill(key_mask[:, None, None, :] == 0, float("-inf"))
    attn = (scores.softmax(-1) @ v).transpose(1, 2).reshape(B, T, C)
    h = x + F.linear(attn, P["attn.proj.weight"], P["attn.proj.bias"])
    m_in = F.layer_norm(h, (C,), P["ln2.weight"], P["ln2.bias"], 1e-5)
    out = h + F.linear(F.gelu(F.linear(m_in, P["mlp.fc1.weight"], P["mlp.fc1.bias"])),
                       P["mlp.fc2.weight"], P["mlp.fc2.bias"])
    loss = (out * r).sum()
    loss.backward()
    dump = {"input": x, "key_mask": key_mask, "loss_weights": r, "attn": attn, "residual": h, "output": out,
            "loss": loss.reshape(1), "grad.input": x.grad}
    dump.update(params)
    dump.update({"grad." + k: v.grad for k, v in params.items()})
    write_safetensors(os.path.join(OUT, "block.safetensors"), dump, {"generator": "autograd/src/test/python/make_golden.py", "torch": torch.__version__})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    mlp()
    block()
    print("wrote", os.path.abspath(OUT))
