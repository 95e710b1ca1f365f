#!/usr/bin/env python3
"""PyTorch reference of cardiograd's CREMA (ecg/.../crema): the same modules under the same parameter names,
used (1) to time one full training step (forward, backward, AdamW) beside cardiograd in the same run, and
(2) to write a numerics fixture (weights, batch, masks, loss parts, gradients) that a Java test matches.

    /usr/bin/python3 bench/crema_reference.py time --config crema-s --threads 1 --steps 10
    /usr/bin/python3 bench/crema_reference.py fixture --out ecg/src/test/resources/crema/step.safetensors

Needs Debian's python3-torch and libopenblas0 (without libopenblas0 torch falls back to a slow reference BLAS).
"""
import argparse
import json
import math
import os
import sys
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "python"))
from safetensors_fixture import save as write_safetensors  # noqa: E402


CONFIGS = {
    # name: (leads, samples, patch, width, depth, heads, dec_width, dec_depth, dec_heads, mlp_ratio, mask, proj)
    "crema-s": (12, 5000, 125, 256, 2, 8, 256, 2, 8, 4.0, 0.75, 128),
    "paper": (12, 5000, 125, 1024, 2, 16, 256, 2, 8, 4.0, 0.75, 256),
    "tiny": (12, 400, 40, 32, 2, 4, 16, 1, 2, 2.0, 0.75, 16),
}


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v) if hasattr(F, "scaled_dot_product_attention") else \
            (q @ k.transpose(-2, -1) / math.sqrt(c // self.heads)).softmax(-1) @ v
        return self.proj(a.transpose(1, 2).reshape(b, t, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads, ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, round(dim * ratio))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Transformer(nn.Module):
    def __init__(self, depth, dim, heads, ratio):
        super().__init__()
        self.blocks = nn.ModuleList([Block(dim, heads, ratio) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        for b in self.blocks:
            x = b(x)
        return self.norm(x)


class PatchEmbed(nn.Module):
    def __init__(self, leads, width, patch):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(width, leads, patch))
        self.bias = nn.Parameter(torch.empty(width))
        bound = 1 / math.sqrt(leads * patch)
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x):  # [B, leads, N] -> [B, L, width]
        p = self.weight.shape[2]
        return F.conv1d(x, self.weight, self.bias, stride=p).transpose(1, 2)


class SignalTransformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        leads, samples, patch, width, depth, heads = c[:6]
        self.tokens = samples // patch
        self.patch_embed = PatchEmbed(leads, width, patch)
        self.cls_token = nn.Parameter(torch.randn(1, 1, width) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, self.tokens + 1, width) * 0.02)
        self.transformer = Transformer(depth, width, heads, c[9])

    def forward(self, x, keep):
        t = self.patch_embed(x) + self.pos_embed[:, 1:]
        t = torch.gather(t, 1, keep[..., None].expand(-1, -1, t.shape[2]))
        cls = (self.cls_token + self.pos_embed[:, :1]).expand(t.shape[0], -1, -1)
        return self.transformer(torch.cat([cls, t], 1))


class Decoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        leads, samples, patch, width = c[:4]
        dw, dd, dh = c[6:9]
        self.tokens = samples // patch
        self.decoder_embed = nn.Linear(width, dw)
        self.mask_token = nn.Parameter(torch.randn(1, 1, dw) * 0.02)
        self.decoder_pos_embed = nn.Parameter(torch.randn(1, self.tokens + 1, dw) * 0.02)
        self.transformer = Transformer(dd, dw, dh, c[9])
        self.decoder_pred = nn.Linear(dw, leads * patch)

    def forward(self, latent, restore):
        x = self.decoder_embed(latent)
        b, kept1, d = x.shape
        masked = self.mask_token.expand(b, self.tokens - (kept1 - 1), d)
        shuffled = torch.cat([x[:, 1:], masked], 1)
        ordered = torch.gather(shuffled, 1, restore[..., None].expand(-1, -1, d))
        h = self.transformer(torch.cat([x[:, :1], ordered], 1) + self.decoder_pos_embed)
        return self.decoder_pred(h[:, 1:])


class Projection(nn.Module):
    def __init__(self, width, out):
        super().__init__()
        self.fc1 = nn.Linear(width, width, bias=False)
        self.bn = nn.BatchNorm1d(width)
        self.fc2 = nn.Linear(width, out)

    def forward(self, x):
        return self.fc2(F.relu(self.bn(self.fc1(x))))


class Crema(nn.Module):
    def __init__(self, c, temperature=0.1, lam=1.0):
        super().__init__()
        self.c = c
        self.temperature = temperature
        self.lam = lam
        self.encoder = SignalTransformer(c)
        self.decoder = Decoder(c)
        self.projection = Projection(c[3], c[11])

    def patchify(self, x):
        leads, samples, patch = self.c[:3]
        b = x.shape[0]
        return x.reshape(b, leads, samples // patch, patch).permute(0, 2, 1, 3).reshape(b, samples // patch, -1)

    def view_loss(self, x, keep, restore, mask):
        latent = self.encoder(x, keep)
        pred = self.decoder(latent, restore)
        per_patch = ((pred - self.patchify(x)) ** 2).mean(-1)
        return latent, (per_patch * mask).sum() / mask.sum()

    def forward(self, v1, v2, masks):
        l1, r1 = self.view_loss(v1, *masks[0])
        l2, r2 = self.view_loss(v2, *masks[1])
        rec = (r1 + r2) * 0.5
        z = F.normalize(torch.cat([self.projection(l1[:, 0]), self.projection(l2[:, 0])]), dim=1)
        n = v1.shape[0]
        sim = (z @ z.t()) / self.temperature
        sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
        positives = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
        con = F.cross_entropy(sim, positives)
        return rec + self.lam * con, rec, con


def random_masks(batch, tokens, keep, gen):
    noise = torch.rand(batch, tokens, generator=gen)
    shuffle = noise.argsort(1)
    restore = shuffle.argsort(1)
    return shuffle[:, :keep], restore, (restore >= keep).float()



def fixture(args):
    torch.manual_seed(0)
    c = CONFIGS["tiny"]
    model = Crema(c, temperature=0.2)
    gen = torch.Generator().manual_seed(1)
    b, tokens = 4, c[1] // c[2]
    keep = round(tokens * (1 - c[10]))
    v1 = torch.randn(b, c[0], c[1], generator=gen)
    v2 = v1 + 0.1 * torch.randn(b, c[0], c[1], generator=gen)
    masks = [random_masks(b, tokens, keep, gen) for _ in range(2)]
    dump = {"param." + k: v.detach().clone() for k, v in model.state_dict().items()}
    total, rec, con = model(v1, v2, masks)
    total.backward()
    dump.update({"view1": v1, "view2": v2, "loss": total.reshape(1), "reconstruction": rec.reshape(1),
                 "contrastive": con.reshape(1)})
    for i, (k, r, m) in enumerate(masks):
        dump[f"mask{i}.keep"] = k.float()
        dump[f"mask{i}.restore"] = r.float()
        dump[f"mask{i}.mask"] = m
    dump.update({"grad." + k: v.grad for k, v in model.named_parameters()})
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    write_safetensors(args.out, dump)
    print("wrote", args.out)


def time_steps(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    c = CONFIGS[args.config]
    model = Crema(c)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.05)
    gen = torch.Generator().manual_seed(1)
    b, tokens = args.batch, c[1] // c[2]
    keep = round(tokens * (1 - c[10]))
    v1 = torch.randn(b, c[0], c[1], generator=gen)
    v2 = v1 + 0.1 * torch.randn(b, c[0], c[1], generator=gen)
    times, cpu_times = [], []
    for step in range(args.warmup + args.steps):
        masks = [random_masks(b, tokens, keep, gen) for _ in range(2)]
        t0 = time.perf_counter()
        c0 = time.process_time()  # CPU time of all threads: less disturbed than wall time on a shared machine
        opt.zero_grad(set_to_none=True)
        total, _, _ = model(v1, v2, masks)
        total.backward()
        opt.step()
        if step >= args.warmup:
            times.append(time.perf_counter() - t0)
            cpu_times.append(time.process_time() - c0)
    infer = []
    model.eval()
    x = torch.randn(64, c[0], c[1], generator=gen)
    all_tokens = torch.arange(tokens).expand(64, tokens)
    with torch.no_grad():
        for step in range(args.warmup + args.steps):
            t0 = time.perf_counter()
            model.encoder(x, all_tokens)
            if step >= args.warmup:
                infer.append(time.perf_counter() - t0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "config": args.config, "threads": args.threads,
                      "batch": b, "step_ms_median": 1000 * statistics.median(times),
                      "step_cpu_ms_median": 1000 * statistics.median(cpu_times),
                      "infer_ecg_per_s": 64 / statistics.median(infer), "peak_rss_mb": rss_mb}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("time")
    t.add_argument("--config", default="crema-s", choices=sorted(CONFIGS))
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--steps", type=int, default=10)
    t.add_argument("--warmup", type=int, default=3)
    f = sub.add_parser("fixture")
    f.add_argument("--out", required=True)
    args = p.parse_args()
    fixture(args) if args.cmd == "fixture" else time_steps(args)


if __name__ == "__main__":
    main()
