#!/usr/bin/env python3
"""Layer fixtures for nn's LayerParityTest: Conv1d (stride, padding, dilation, groups), BatchNorm1d in
training (with the running-statistics update) and evaluation, a post-LN (BERT-style) block, and
cross-attention, each with inputs, weights, outputs and input/weight gradients of sum(out * r).

    /usr/bin/python3 nn/src/test/python/make_layer_fixtures.py     (from the repository root)
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



def run(prefix, module, inputs, dump, extra_forward=None):
    for t in inputs:
        t.requires_grad_(True)
    module.zero_grad(set_to_none=True)
    out = extra_forward(*inputs) if extra_forward else module(*inputs)
    r = torch.randn(out.shape)
    (out * r).sum().backward()
    for i, t in enumerate(inputs):
        dump[f"{prefix}.input{i}"] = t
        dump[f"{prefix}.grad_input{i}"] = t.grad
    dump[f"{prefix}.output"] = out
    dump[f"{prefix}.r"] = r
    for k, v in module.state_dict().items():
        dump[f"{prefix}.state.{k}"] = v.clone()
    for k, v in module.named_parameters():
        dump[f"{prefix}.grad.{k}"] = v.grad.clone()


class PostLnBlock(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim, eps=1e-12)
        self.attn = nn.Module()
        self.attn.qkv = nn.Linear(dim, 3 * dim)
        self.attn.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-12)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(dim, 2 * dim)
        self.mlp.fc2 = nn.Linear(2 * dim, dim)

    def forward(self, x):
        b, t, c = x.shape
        d = c // self.heads
        q, k, v = self.attn.qkv(x).reshape(b, t, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        a = ((q @ k.transpose(-2, -1) / math.sqrt(d)).softmax(-1) @ v).transpose(1, 2).reshape(b, t, c)
        h = self.norm1(x + self.attn.proj(a))
        return self.norm2(h + self.mlp.fc2(F.gelu(self.mlp.fc1(h))))


class Cross(nn.Module):
    def __init__(self, dim, ctx, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(ctx, 2 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, context):
        b, tq, c = x.shape
        tk = context.shape[1]
        d = c // self.heads
        q = self.q(x).reshape(b, tq, self.heads, d).transpose(1, 2)
        k, v = self.kv(context).reshape(b, tk, 2, self.heads, d).permute(2, 0, 3, 1, 4)
        a = ((q @ k.transpose(-2, -1) / math.sqrt(d)).softmax(-1) @ v).transpose(1, 2).reshape(b, tq, c)
        return self.proj(a)


def main():
    torch.manual_seed(5)
    dump = {}
    conv = nn.Conv1d(6, 4, kernel_size=3, stride=2, padding=2, dilation=2, groups=2)
    run("conv", conv, [torch.randn(2, 6, 17)], dump)
    patch = nn.Conv1d(12, 8, kernel_size=5, stride=5)
    run("patch", patch, [torch.randn(2, 12, 40)], dump)
    bn = nn.BatchNorm1d(5)
    with torch.no_grad():
        bn.weight.add_(0.2 * torch.randn(5))
        bn.bias.add_(0.2 * torch.randn(5))
    dump.update({"bn.before." + k: v.clone() for k, v in bn.state_dict().items()})
    run("bn", bn, [torch.randn(8, 5, 3) * 2 + 1], dump)  # training: batch stats, running stats updated
    bn.eval()
    run("bn_eval", bn, [torch.randn(4, 5)], dump)
    run("post", PostLnBlock(16, 2), [torch.randn(2, 5, 16)], dump)
    run("cross", Cross(16, 12, 4), [torch.randn(2, 3, 16), torch.randn(2, 7, 12)], dump)
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "layers.safetensors"), dump)
    print("wrote", os.path.abspath(os.path.join(OUT, "layers.safetensors")))


if __name__ == "__main__":
    main()
