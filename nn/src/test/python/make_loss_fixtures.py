#!/usr/bin/env python3
"""PyTorch fixtures for nn's losses and optimizers (LossParityTest, OptimizerParityTest).

PyTorch computes every loss of org.cardiograd.nn.loss on fixed inputs and stores inputs, the loss and the
gradients of every differentiable input; it runs SGD / Adam / AdamW for a few steps on fixed parameters and
gradients (two parameter groups) and stores the parameters after every step, and clips gradients by global norm.
The Java tests load the files and must match without Python.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 nn/src/test/python/make_loss_fixtures.py
The safetensors files are written by hand (8-byte little-endian header length, JSON header, raw data), so no
safetensors package is needed.
"""
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools", "python"))
from safetensors_fixture import save as write_safetensors  # noqa: E402

META = {"generator": "nn/src/test/python/make_loss_fixtures.py", "torch": torch.__version__}


OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "loss")



def leaf(t):
    return t.clone().requires_grad_(True)


def record(out, prefix, loss, inputs, constants):
    """Stores the inputs, the loss and the gradient of every leaf input under prefix."""
    loss.backward()
    out[prefix + ".loss"] = loss.detach().reshape(())
    for k, v in inputs.items():
        out[prefix + "." + k] = v.detach()
        out[prefix + ".grad." + k] = v.grad
    for k, v in constants.items():
        out[prefix + "." + k] = v


# ---- losses (the reference formulas, written as the papers and PyTorch define them) ----------------------

def mae_loss(pred, target, mask, norm_pix):
    """MAE's forward_loss (facebookresearch/mae models_mae.py)."""
    if norm_pix:
        mean = target.mean(dim=-1, keepdim=True)
        var = target.var(dim=-1, keepdim=True)
        target = (target - mean) / (var + 1.e-6) ** .5
    loss = (pred - target) ** 2
    loss = loss.mean(dim=-1)
    return (loss * mask).sum() / mask.sum()


def supcon_ntxent(z1, z2, temperature, groups):
    """NT-Xent over 2N views with SupCon's L_out for several positives."""
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=-1)
    sim = z @ z.T / temperature
    eye = torch.eye(2 * n, dtype=torch.bool)
    sim = sim.masked_fill(eye, float("-inf"))
    logp = sim.log_softmax(dim=-1)
    ids = torch.cat([groups, groups])
    pos = (ids[:, None] == ids[None, :]) & ~eye
    per_anchor = -(logp.masked_fill(~pos, 0).sum(-1)) / pos.sum(-1)
    return per_anchor.mean()


def simclr_ntxent(z1, z2, temperature):
    """The usual single-positive NT-Xent as cross-entropy: the check that the SupCon form reduces to it."""
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=-1)
    sim = (z @ z.T / temperature).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, targets)


def clip_loss(a, b, logit_scale):
    scale = logit_scale.clamp(max=math.log(100)).exp()
    logits = scale * F.normalize(a, dim=-1) @ F.normalize(b, dim=-1).T
    labels = torch.arange(a.shape[0])
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2


def siglip_loss(x, y, t_prime, bias):
    """Zhai et al. 2023, algorithm 1."""
    n = x.shape[0]
    logits = F.normalize(x, dim=-1) @ F.normalize(y, dim=-1).T * t_prime.exp() + bias
    labels = 2 * torch.eye(n) - torch.ones(n, n)
    return -F.logsigmoid(labels * logits).sum() / n


def losses():
    g = torch.Generator().manual_seed(7)
    out = {}

    pred = leaf(torch.randn(3, 5, 4, generator=g))
    target = torch.randn(3, 5, 4, generator=g) * 2 + 0.5
    record(out, "mse", F.mse_loss(pred, target), {"pred": pred}, {"target": target})

    mask = (torch.rand(3, 5, generator=g) < 0.6).float()
    mask[0, 0] = 1.0
    for norm_pix in (False, True):
        pred = leaf(torch.randn(3, 5, 4, generator=g))
        target = torch.randn(3, 5, 4, generator=g) * 2 + 0.5
        name = "mae_norm" if norm_pix else "mae"
        record(out, name, mae_loss(pred, target, mask, norm_pix), {"pred": pred}, {"target": target, "mask": mask})

    logits = leaf(torch.randn(7, 5, generator=g) * 2)
    target = torch.randint(0, 5, (7,), generator=g)
    record(out, "ce", F.cross_entropy(logits, target), {"logits": logits}, {"target": target.float()})

    logits = leaf(torch.randn(2, 4, 6, generator=g) * 2)
    target = torch.randint(0, 6, (2, 4), generator=g)
    target[0, 1] = -100
    target[1, 3] = -100
    loss = F.cross_entropy(logits.permute(0, 2, 1), target, label_smoothing=0.1, ignore_index=-100)
    record(out, "ce_smooth", loss, {"logits": logits}, {"target": target.float()})

    logits = leaf(torch.cat([torch.randn(4, 3, generator=g) * 3, torch.tensor([[40.0, -40.0, 0.0]])]))
    target = (torch.rand(5, 3, generator=g) < 0.5).float()
    pos_weight = torch.tensor([0.5, 2.0, 3.0])
    record(out, "bce", F.binary_cross_entropy_with_logits(logits, target), {"logits": logits}, {"target": target})
    logits = leaf(logits.detach())
    record(out, "bce_pw", F.binary_cross_entropy_with_logits(logits, target, pos_weight=pos_weight),
           {"logits": logits}, {"target": target, "pos_weight": pos_weight})

    z1 = leaf(torch.randn(4, 8, generator=g))
    z2 = leaf(torch.randn(4, 8, generator=g))
    loss = supcon_ntxent(z1, z2, 0.5, torch.arange(4))
    assert torch.allclose(loss, simclr_ntxent(z1, z2, 0.5), rtol=1e-6), "SupCon form must reduce to NT-Xent"
    record(out, "ntxent", loss, {"z1": z1, "z2": z2}, {})
    z1 = leaf(z1.detach())
    z2 = leaf(z2.detach())
    groups = torch.tensor([3.0, 1.0, 3.0, 7.0])
    record(out, "ntxent_groups", supcon_ntxent(z1, z2, 0.2, groups), {"z1": z1, "z2": z2}, {"groups": groups})

    q = leaf(torch.randn(5, 6, generator=g))
    k = leaf(torch.randn(5, 6, generator=g))
    logits = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).T / 0.1
    record(out, "infonce", F.cross_entropy(logits, torch.arange(5)), {"q": q, "k": k}, {})

    for name, init in (("clip", math.log(1 / 0.07)), ("clip_clamped", 5.0)):
        a = leaf(torch.randn(5, 6, generator=g))
        b = leaf(torch.randn(5, 6, generator=g))
        s = leaf(torch.tensor(init))
        record(out, name, clip_loss(a, b, s), {"a": a, "b": b, "logit_scale": s}, {})

    x = leaf(torch.randn(5, 6, generator=g))
    y = leaf(torch.randn(5, 6, generator=g))
    y.data[2] = x.data[2] + 0.1 * torch.randn(6, generator=g)  # one well-aligned pair
    t = leaf(torch.tensor(math.log(10.0)))
    b = leaf(torch.tensor(-10.0))
    record(out, "siglip", siglip_loss(x, y, t, b), {"x": x, "y": y, "logit_scale": t, "logit_bias": b}, {})
    x = leaf(x.detach())
    y = leaf(y.detach())
    t = leaf(torch.tensor(1.3))
    b = leaf(torch.tensor(-2.0))
    record(out, "siglip_trained", siglip_loss(x, y, t, b),
           {"x": x, "y": y, "logit_scale": t, "logit_bias": b}, {})

    a = leaf(torch.randn(6, 8, generator=g))
    b = leaf(torch.randn(6, 8, generator=g))
    cos = F.cosine_similarity(a, b, dim=-1)
    record(out, "orth", (cos ** 2).mean(), {"a": a, "b": b}, {})

    write_safetensors(os.path.join(OUT, "losses.safetensors"), out, META)


# ---- optimizers -------------------------------------------------------------------------------------------

STEPS = 4


def optimizers():
    g = torch.Generator().manual_seed(11)
    out = {}
    p0 = torch.randn(3, 4, generator=g)
    p1 = torch.randn(4, generator=g)
    out["init.p0"] = p0
    out["init.p1"] = p1
    grads = []
    for step in range(STEPS):
        g0 = torch.randn(3, 4, generator=g)
        g1 = torch.randn(4, generator=g)
        out["grad.%d.p0" % step] = g0
        if step != 2:  # p1 gets no gradient at step 2: PyTorch skips it (its state and step count stay)
            out["grad.%d.p1" % step] = g1
        grads.append((g0, g1 if step != 2 else None))

    configs = {
        "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
        "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01),
        "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
        "adam": lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01),
        "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.05),
    }
    for name, make in configs.items():
        a = p0.clone().requires_grad_(True)
        b = p1.clone().requires_grad_(True)
        # group 0 keeps the optimizer's defaults; group 1 has its own lr and no weight decay
        opt = make([{"params": [a]}, {"params": [b], "lr": 0.02, "weight_decay": 0.0}])
        for step, (g0, g1) in enumerate(grads):
            a.grad = g0.clone()
            b.grad = None if g1 is None else g1.clone()
            opt.step()
            out["%s.%d.p0" % (name, step)] = a.detach().clone()
            out["%s.%d.p1" % (name, step)] = b.detach().clone()

    a = p0.clone().requires_grad_(True)
    b = p1.clone().requires_grad_(True)
    a.grad = grads[0][0].clone() * 3
    b.grad = grads[0][1].clone()
    out["clip.in.p0"] = a.grad.clone()
    out["clip.in.p1"] = b.grad.clone()
    out["clip.norm"] = torch.nn.utils.clip_grad_norm_([a, b], max_norm=1.5).reshape(())
    out["clip.out.p0"] = a.grad.clone()
    out["clip.out.p1"] = b.grad.clone()

    write_safetensors(os.path.join(OUT, "optim.safetensors"), out, META)


# ---- a state dict for checkpoint interchange -----------------------------------------------------------

class TinyNet(torch.nn.Module):
    """The PyTorch twin of the test model org.cardiograd.nn.optim.TinyNet: same parameter and buffer names."""

    class Lin(torch.nn.Linear):
        def __init__(self, i, o, with_buffer):
            super().__init__(i, o)
            if with_buffer:
                self.register_buffer("scale", torch.ones(o))

    class Holder(torch.nn.Module):
        def __init__(self, w):
            super().__init__()
            self.weight = torch.nn.Parameter(w)

    def __init__(self, g):
        super().__init__()
        self.embed = TinyNet.Holder(torch.randn(5, 4, generator=g) * 0.1)
        self.fc1 = TinyNet.Lin(4, 6, False)
        self.fc2 = TinyNet.Lin(6, 2, True)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x + self.embed.weight[0])))


def state_dict():
    g = torch.Generator().manual_seed(5)
    torch.manual_seed(5)
    net = TinyNet(g)
    with torch.no_grad():
        net.fc2.scale.copy_(torch.tensor([0.5, 2.0]))
    x = torch.randn(3, 4, generator=g)
    write_safetensors(os.path.join(OUT, "tinynet.safetensors"), net.state_dict(), META)
    write_safetensors(os.path.join(OUT, "tinynet_io.safetensors"), {"input": x, "output": net(x)}, META)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    losses()
    optimizers()
    state_dict()
    print("wrote", OUT)
