#!/usr/bin/env python3
"""Parity fixture for nn: a 2-block pre-LN transformer encoder (width 64, 4 heads) written in PyTorch with the
same parameter names as cardiograd's TransformerEncoder (timm's ViT names), one batch with a key-padding mask,
the output, loss, every gradient, and every parameter after one AdamW step.

    /usr/bin/python3 nn/src/test/python/make_encoder_parity.py     (from the repository root)
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools", "python"))
from safetensors_fixture import save as write_safetensors  # noqa: E402


OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "parity")



class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, key_mask):
        b, t, c = x.shape
        d = c // self.heads
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        s = q @ k.transpose(-2, -1) / math.sqrt(d)
        s = s.masked_fill(key_mask[:, None, None, :] == 0, float("-inf"))
        return self.proj((s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, 4 * dim)

    def forward(self, x, key_mask):
        x = x + self.attn(self.norm1(x), key_mask)
        return x + self.mlp(self.norm2(x))


class Encoder(nn.Module):
    def __init__(self, depth, dim, heads):
        super().__init__()
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x, key_mask):
        for b in self.blocks:
            x = b(x, key_mask)
        return self.norm(x)


def main():
    torch.manual_seed(3)
    model = Encoder(2, 64, 4)
    with torch.no_grad():  # non-trivial norms so their gradients matter
        for name, p in model.named_parameters():
            if "norm" in name:
                p.add_(0.1 * torch.randn_like(p))
    g = torch.Generator().manual_seed(4)
    x = torch.randn(4, 10, 64, generator=g)
    target = torch.randn(4, 10, 64, generator=g)
    key_mask = torch.ones(4, 10)
    key_mask[2, 7:] = 0
    key_mask[3, 5:] = 0
    dump = {"input": x, "target": target, "key_mask": key_mask}
    dump.update({"param." + k: v.clone() for k, v in model.named_parameters()})
    out = model(x, key_mask)
    loss = F.mse_loss(out, target)
    loss.backward()
    dump.update({"output": out, "loss": loss.reshape(1)})
    dump.update({"grad." + k: v.grad for k, v in model.named_parameters()})
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.05)
    opt.step()
    dump.update({"after." + k: v.detach().clone() for k, v in model.named_parameters()})
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "encoder.safetensors"), dump, {"generator": "nn/src/test/python/make_encoder_parity.py"})
    print("wrote", os.path.abspath(os.path.join(OUT, "encoder.safetensors")))


if __name__ == "__main__":
    main()
