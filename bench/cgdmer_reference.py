#!/usr/bin/env python3
"""PyTorch reference of cardiograd's CG-DMER (ecg/.../cgdmer): the same modules under the same parameter names,
used (1) to time one full training step (forward, backward, AdamW) beside cardiograd in the same run, and
(2) to write a numerics fixture (weights, batch, masks, loss parts, gradients) that a Java test matches.

    /usr/bin/python3 bench/cgdmer_reference.py time --config bench --threads 1 --steps 10
    /usr/bin/python3 bench/cgdmer_reference.py fixture --out ecg/src/test/resources/cgdmer/step.safetensors

The transformer blocks are crema_reference.py's (pre-LN, timm names). Maskings are inputs here (kept indices,
restore order, 0/1 mask; MLM positions and targets): the Java side draws them, the timing uses random ones
with the same counts.
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools", "python"))
sys.path.insert(0, HERE)
from safetensors_fixture import save as write_safetensors  # noqa: E402
from crema_reference import Transformer  # noqa: E402

CONFIGS = {
    # ECG: leads, samples, patch, width, depth, heads, dec width, dec depth, dec heads, mlp ratio, separators,
    #      sin-cos temporal, mean pooling, visible tokens;
    # text: vocab, width, depth, heads, intermediate, tokens; embed dim
    "bench": dict(leads=12, samples=2500, patch=75, width=256, depth=6, heads=8, dw=128, dd=2, dh=4, ratio=4.0,
                  separators=False, sincos=True, mean_pool=True, visible=99,
                  vocab=4096, tw=256, td=4, th=4, ti=1024, tokens=64, embed=128),
    "tiny": dict(leads=12, samples=210, patch=25, width=32, depth=2, heads=4, dw=16, dd=1, dh=2, ratio=2.0,
                 separators=True, sincos=True, mean_pool=True, visible=24,
                 vocab=50, tw=32, td=2, th=4, ti=64, tokens=12, embed=16),
}


def sin_cos_table(length, dim):
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    i = torch.arange(dim)
    freq = torch.pow(torch.tensor(10000.0, dtype=torch.float64), -(2 * (i // 2)).double() / dim)
    angle = pos * freq
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle)).float()


class Temporal(nn.Module):
    def __init__(self, cols, width, sincos):
        super().__init__()
        if sincos:
            self.register_buffer("weight", sin_cos_table(cols, width)[None])
        else:
            self.weight = nn.Parameter(torch.randn(1, cols, width) * 0.02)


class LeadTimeEmbedding(nn.Module):
    def __init__(self, c, width):
        super().__init__()
        self.rows, self.cols = c["leads"], c["samples"] // c["patch"]
        self.lead = nn.Parameter(torch.randn(1, self.rows, width) * 0.02)
        self.temporal = Temporal(self.cols, width, c["sincos"])

    def table(self):
        t = self.temporal.weight
        return (self.lead[:, :, None, :] + t[:, None, :, :]).reshape(1, self.rows * self.cols, -1)


def patchify(c, x):
    b = x.shape[0]
    cols = c["samples"] // c["patch"]
    return x[:, :, :cols * c["patch"]].reshape(b, c["leads"] * cols, c["patch"])


def prefix(c):
    return 1 + (c["leads"] if c["separators"] else 0)


class SpatialTemporalEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.patch_embed = nn.Linear(c["patch"], c["width"])
        self.pos_embed = LeadTimeEmbedding(c, c["width"])
        self.cls_token = nn.Parameter(torch.randn(1, 1, c["width"]) * 0.02)
        if c["separators"]:
            self.sep_token = nn.Parameter(torch.randn(1, 1, c["width"]) * 0.02)
        self.transformer = Transformer(c["depth"], c["width"], c["heads"], c["ratio"])

    def forward(self, x, keep):
        t = self.patch_embed(patchify(self.c, x)) + self.pos_embed.table()
        b, _, w = t.shape
        t = torch.gather(t, 1, keep[..., None].expand(-1, -1, w))
        parts = [self.cls_token.expand(b, -1, -1)]
        if self.c["separators"]:
            parts.append((self.sep_token + self.pos_embed.lead).expand(b, -1, -1))
        return self.transformer(torch.cat(parts + [t], 1))

    def pool(self, latent):
        return latent[:, prefix(self.c):].mean(1) if self.c["mean_pool"] else latent[:, 0]


class MaskedPatchDecoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.decoder_embed = nn.Linear(c["width"], c["dw"])
        self.mask_token = nn.Parameter(torch.randn(1, 1, c["dw"]) * 0.02)
        self.decoder_pos_embed = LeadTimeEmbedding(c, c["dw"])
        self.transformer = Transformer(c["dd"], c["dw"], c["dh"], c["ratio"])
        self.decoder_pred = nn.Linear(c["dw"], c["patch"])

    def forward(self, latent, restore):
        x = self.decoder_embed(latent)
        b, n, d = x.shape
        p = prefix(self.c)
        tokens = restore.shape[1]
        shuffled = torch.cat([x[:, p:], self.mask_token.expand(b, tokens - (n - p), d)], 1)
        grid = torch.gather(shuffled, 1, restore[..., None].expand(-1, -1, d)) + self.decoder_pos_embed.table()
        h = self.transformer(torch.cat([x[:, :p], grid], 1))
        return self.decoder_pred(h[:, p:])


# ---- BERT under HuggingFace's names (post-LN, GELU, no dropout, no pooler) ---------------------------------

class Dense(nn.Module):  # BertIntermediate / BertPredictionHeadTransform
    def __init__(self, i, o, ln=False):
        super().__init__()
        self.dense = nn.Linear(i, o)
        if ln:
            self.LayerNorm = nn.LayerNorm(o, eps=1e-12)

    def forward(self, x):
        h = F.gelu(self.dense(x))
        return self.LayerNorm(h) if hasattr(self, "LayerNorm") else h


class ResidualOutput(nn.Module):  # BertSelfOutput / BertOutput
    def __init__(self, i, o):
        super().__init__()
        self.dense = nn.Linear(i, o)
        self.LayerNorm = nn.LayerNorm(o, eps=1e-12)

    def forward(self, x, residual):
        return self.LayerNorm(residual + self.dense(x))


class SelfAttention(nn.Module):
    def __init__(self, w, heads):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(w, w), nn.Linear(w, w), nn.Linear(w, w)

    def forward(self, x, mask):
        b, t, w = x.shape
        d = w // self.heads
        q, k, v = (m(x).reshape(b, t, self.heads, d).transpose(1, 2) for m in (self.query, self.key, self.value))
        s = (q @ k.transpose(-2, -1)) / math.sqrt(d)
        s = s.masked_fill(mask[:, None, None, :] == 0, float("-inf"))
        return (s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, w)


class Attention(nn.Module):
    def __init__(self, w, heads):
        super().__init__()
        self.self = SelfAttention(w, heads)
        self.output = ResidualOutput(w, w)

    def forward(self, x, mask):
        return self.output(self.self(x, mask), x)


class BertLayer(nn.Module):
    def __init__(self, w, heads, inter):
        super().__init__()
        self.attention = Attention(w, heads)
        self.intermediate = Dense(w, inter)
        self.output = ResidualOutput(inter, w)

    def forward(self, x, mask):
        a = self.attention(x, mask)
        return self.output(self.intermediate(a), a)


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab"], c["tw"])
        self.position_embeddings = nn.Embedding(c["tokens"], c["tw"])
        self.token_type_embeddings = nn.Embedding(2, c["tw"])
        self.LayerNorm = nn.LayerNorm(c["tw"], eps=1e-12)
        for e in (self.word_embeddings, self.position_embeddings, self.token_type_embeddings):
            nn.init.normal_(e.weight, std=0.02)

    def forward(self, ids):
        t = ids.shape[1]
        return self.LayerNorm(self.word_embeddings(ids) + self.position_embeddings.weight[:t]
                              + self.token_type_embeddings.weight[0])


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c["tw"], c["th"], c["ti"]) for _ in range(c["td"])])


class BertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)

    def forward(self, ids, mask):
        h = self.embeddings(ids)
        for layer in self.encoder.layer:
            h = layer(h, mask)
        return h


class MlmHead(nn.Module):  # BertLMPredictionHead, decoder tied to the word embeddings
    def __init__(self, c, bert):
        super().__init__()
        self.transform = Dense(c["tw"], c["tw"], ln=True)
        self.bias = nn.Parameter(torch.zeros(c["vocab"]))
        self._tied = [bert.embeddings.word_embeddings]  # a list: not registered a second time

    def forward(self, h):
        return F.linear(self.transform(h), self._tied[0].weight, self.bias)


# ---- heads, losses, the model -------------------------------------------------------------------------

class ProjectionHead(nn.Module):  # Linear-BN-ReLU-Linear (SimCLR's head; BN centres the batch, see ModalityHeads.java)
    def __init__(self, i, o):
        super().__init__()
        self.fc1 = nn.Linear(i, i, bias=False)
        self.bn = nn.BatchNorm1d(i)
        self.fc2 = nn.Linear(i, o)

    def forward(self, x):
        return self.fc2(F.relu(self.bn(self.fc1(x))))


class ModalityHeads(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.specific = ProjectionHead(i, o)
        self.shared = ProjectionHead(i, o)

    def forward(self, h):
        return self.specific(h), self.shared(h)


class ClipLoss(nn.Module):
    def __init__(self):
        super().__init__()
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def forward(self, a, b):
        logits = F.normalize(a, dim=-1) @ F.normalize(b, dim=-1).t() * self.logit_scale.clamp(max=math.log(100)).exp()
        labels = torch.arange(a.shape[0])
        return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) * 0.5


class SigLipLoss(nn.Module):
    def __init__(self):
        super().__init__()
        self.logit_scale = nn.Parameter(torch.tensor(math.log(10.0)))
        self.logit_bias = nn.Parameter(torch.tensor(-10.0))

    def forward(self, x, y):
        logits = F.normalize(x, dim=-1) @ F.normalize(y, dim=-1).t() * self.logit_scale.exp() + self.logit_bias
        n = x.shape[0]
        return F.binary_cross_entropy_with_logits(logits, torch.eye(n), reduction="sum") / n


def orthogonality(a, b):
    return ((F.normalize(a, dim=-1) * F.normalize(b, dim=-1)).sum(-1) ** 2).mean()


class CgDmer(nn.Module):
    def __init__(self, c, lambdas=(1.0, 1.0, 1.0)):
        super().__init__()
        self.c = c
        self.lambdas = lambdas
        self.ecg_encoder = SpatialTemporalEncoder(c)
        self.ecg_decoder = MaskedPatchDecoder(c)
        self.text_encoder = BertModel(c)
        self.mlm_head = MlmHead(c, self.text_encoder)
        self.ecg_heads = ModalityHeads(c["width"], c["embed"])
        self.text_heads = ModalityHeads(c["tw"], c["embed"])
        self.contrastive = ClipLoss()
        self.siglip = SigLipLoss()

    def forward(self, ecg, text_ids, text_mask, keep, restore, mask, mlm_positions, mlm_targets):
        l1, l2, l3 = self.lambdas
        latent = self.ecg_encoder(ecg, keep)
        pred = self.ecg_decoder(latent, restore)
        per_patch = ((pred - patchify(self.c, ecg)) ** 2).mean(-1)
        e_rec = (per_patch * mask).sum() / mask.sum()
        hidden = self.text_encoder(text_ids, text_mask)
        rows = hidden.reshape(-1, hidden.shape[2])[mlm_positions]
        t_rec = F.cross_entropy(self.mlm_head(rows), mlm_targets)
        e_sp, e_sh = self.ecg_heads(self.ecg_encoder.pool(latent))
        t_sp, t_sh = self.text_heads(hidden[:, 0])
        orth = orthogonality(e_sp, e_sh) + orthogonality(t_sp, t_sh)
        con = self.contrastive(e_sh, t_sh)
        sig = self.siglip(e_sh, t_sh)
        total = e_rec + con + l1 * t_rec + l2 * orth + l3 * sig
        return total, dict(ecg_reconstruction=e_rec, text_reconstruction=t_rec, orthogonality=orth,
                           contrastive=con, siglip=sig)


# ---- inputs -------------------------------------------------------------------------------------------

def random_ecg_masks(batch, tokens, visible, gen):
    shuffle = torch.rand(batch, tokens, generator=gen).argsort(1)
    restore = shuffle.argsort(1)
    return shuffle[:, :visible], restore, (restore >= visible).float()


def random_reports(c, batch, gen):
    t = c["tokens"]
    ids = torch.randint(5, c["vocab"], (batch, t), generator=gen)
    ids[:, 0] = 2  # [CLS]
    lengths = torch.randint(t // 2, t + 1, (batch,), generator=gen)
    mask = (torch.arange(t)[None, :] < lengths[:, None]).long()
    ids = ids * mask
    # MLM: 15% of the real tokens after [CLS], at least one per report; the model input gets [MASK] (id 4) there
    chosen = (torch.rand(batch, t, generator=gen) < 0.15) & (mask == 1)
    chosen[:, 0] = False
    chosen[:, 1] = True
    positions = chosen.reshape(-1).nonzero().reshape(-1)
    targets = ids.reshape(-1)[positions]
    masked = ids.clone().reshape(-1)
    masked[positions] = 4
    return masked.reshape(batch, t), mask, positions, targets


def batch(c, b, gen):
    ecg = torch.randn(b, c["leads"], c["samples"], generator=gen)
    tokens = c["leads"] * (c["samples"] // c["patch"])
    keep, restore, mask = random_ecg_masks(b, tokens, c["visible"], gen)
    ids, tmask, pos, tgt = random_reports(c, b, gen)
    return ecg, ids, tmask, keep, restore, mask, pos, tgt


def fixture(args):
    torch.manual_seed(0)
    c = CONFIGS["tiny"]
    model = CgDmer(c, lambdas=(0.7, 0.5, 0.3))
    gen = torch.Generator().manual_seed(1)
    ecg, ids, tmask, keep, restore, mask, pos, tgt = batch(c, 4, gen)
    dump = {"param." + k: v.detach().clone() for k, v in model.state_dict().items()}
    # The step itself runs in float64 from the same float32 weights and inputs: the batch-normalized heads make
    # some gradients (e.g. of the ECG encoder's final norm bias) the small difference of large terms, where two
    # float32 implementations differ by their rounding; a float64 reference leaves only cardiograd's.
    model.double()
    torch.set_default_dtype(torch.float64)
    total, parts = model(ecg.double(), ids, tmask, keep, restore, mask.double(), pos, tgt)
    torch.set_default_dtype(torch.float32)
    total.backward()
    dump.update({"ecg": ecg, "text_ids": ids.float(), "text_mask": tmask.float(), "ecg.keep": keep.float(),
                 "ecg.restore": restore.float(), "ecg.mask": mask, "mlm.positions": pos.float(),
                 "mlm.targets": tgt.float(), "loss": total.reshape(1)})
    dump.update({"loss." + k: v.reshape(1) for k, v in parts.items()})
    dump.update({"grad." + k: v.grad for k, v in model.named_parameters()})
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    write_safetensors(args.out, dump)
    print("wrote", args.out, "loss", float(total), {k: float(v) for k, v in parts.items()})


def time_steps(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    c = CONFIGS[args.config]
    model = CgDmer(c)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.05)
    gen = torch.Generator().manual_seed(1)
    times = []
    for step in range(args.warmup + args.steps):
        inputs = batch(c, args.batch, gen)
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        total, _ = model(*inputs)
        total.backward()
        opt.step()
        with torch.no_grad():  # CLIP's clamp of the InfoNCE log-scale after every step, as the Java step does
            model.contrastive.logit_scale.clamp_(0, math.log(100))
        if step >= args.warmup:
            times.append(time.perf_counter() - t0)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "config": args.config, "threads": args.threads,
                      "batch": args.batch, "step_ms_median": 1000 * statistics.median(times),
                      "peak_rss_mb": rss_mb}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("time")
    t.add_argument("--config", default="bench", choices=sorted(CONFIGS))
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
