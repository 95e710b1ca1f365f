#!/usr/bin/env python3
"""Tiny-BERT fixture for BertParityTest. Builds, in plain PyTorch (no transformers library), a BERT with exactly
HuggingFace's module tree, parameter names and math (BertForPreTraining: bert.* with pooler, cls.predictions.*
with the decoder tied to the word embeddings, cls.seq_relationship.*): post-LN layers, exact (erf) GELU, padding
keys masked by adding (1 - mask) * finfo(float32).min to the attention scores, as HuggingFace's
get_extended_attention_mask does. Run with /usr/bin/python3 ecg/src/test/python/make_tiny_bert.py

Writes into ecg/src/test/resources/text/:
  tiny_bert_config.json     its HuggingFace config.json (the fields transformers' BertConfig writes)
  tiny_bert.safetensors     the state dict under HuggingFace BertForPreTraining names, including the tied
                            cls.predictions.decoder.weight/.bias copies HuggingFace's torch state dict has
  tiny_bert_io.safetensors  input_ids, attention_mask, token_type_ids, labels (-100 = not selected),
                            pooled_probe; outputs last_hidden (no segments), last_hidden_tt (with segments),
                            pooled, logits, mlm_loss, total_loss = mlm_loss + sum(pooled * pooled_probe), and
                            grad.<name> of total_loss for every parameter it depends on (checkpoint names).
"""
import json
import math
import os
import sys

import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
import safetensors_fixture  # noqa: E402

VOCAB, HIDDEN, LAYERS, HEADS, INTER, MAX_POS, TYPES, EPS = 40, 32, 2, 4, 64, 16, 2, 1e-12


class BertEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, HIDDEN, padding_idx=0)
        self.position_embeddings = nn.Embedding(MAX_POS, HIDDEN)
        self.token_type_embeddings = nn.Embedding(TYPES, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)

    def forward(self, ids, types):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        e = self.word_embeddings(ids) + self.token_type_embeddings(types)
        e = e + self.position_embeddings(positions)
        return self.LayerNorm(e)


class BertSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)

    def heads(self, x):
        b, t, _ = x.shape
        return x.view(b, t, HEADS, HIDDEN // HEADS).permute(0, 2, 1, 3)

    def forward(self, x, extended_mask):
        q, k, v = self.heads(self.query(x)), self.heads(self.key(x)), self.heads(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + extended_mask
        ctx = torch.softmax(scores, dim=-1) @ v
        return ctx.permute(0, 2, 1, 3).reshape(x.shape)


class ResidualOutput(nn.Module):  # BertSelfOutput and BertOutput
    def __init__(self, width_in):
        super().__init__()
        self.dense = nn.Linear(width_in, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class BertAttention(nn.Module):
    def __init__(self):
        super().__init__()
        setattr(self, "self", BertSelfAttention())
        self.output = ResidualOutput(HIDDEN)

    def forward(self, x, extended_mask):
        return self.output(getattr(self, "self")(x, extended_mask), x)


class Dense(nn.Module):  # BertIntermediate
    def __init__(self, width_in, width_out):
        super().__init__()
        self.dense = nn.Linear(width_in, width_out)


class BertLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = BertAttention()
        self.intermediate = Dense(HIDDEN, INTER)
        self.output = ResidualOutput(INTER)

    def forward(self, x, extended_mask):
        a = self.attention(x, extended_mask)
        return self.output(nn.functional.gelu(self.intermediate.dense(a)), a)


class BertEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer() for _ in range(LAYERS)])


class BertModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = BertEmbeddings()
        self.encoder = BertEncoder()
        self.pooler = Dense(HIDDEN, HIDDEN)

    def forward(self, ids, mask, types):
        extended = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
        h = self.embeddings(ids, types)
        for layer in self.encoder.layer:
            h = layer(h, extended)
        return h, torch.tanh(self.pooler.dense(h[:, 0]))


class Transform(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(HIDDEN, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)


class Predictions(nn.Module):  # BertLMPredictionHead
    def __init__(self, word_embeddings):
        super().__init__()
        self.transform = Transform()
        self.decoder = nn.Linear(HIDDEN, VOCAB, bias=False)
        self.bias = nn.Parameter(torch.zeros(VOCAB))
        self.decoder.weight = word_embeddings.weight  # tied, as HuggingFace ties them
        self.decoder.bias = self.bias

    def forward(self, h):
        t = self.transform.LayerNorm(nn.functional.gelu(self.transform.dense(h)))
        return self.decoder(t)


class Heads(nn.Module):  # BertPreTrainingHeads
    def __init__(self, word_embeddings):
        super().__init__()
        self.predictions = Predictions(word_embeddings)
        self.seq_relationship = nn.Linear(HIDDEN, 2)


class BertForPreTraining(nn.Module):
    def __init__(self):
        super().__init__()
        self.bert = BertModel()
        self.cls = Heads(self.bert.embeddings.word_embeddings)


def main():
    torch.manual_seed(20261122)
    model = BertForPreTraining()
    # Weights larger than BERT's N(0, 0.02) init, and non-trivial norms and biases, so every term matters.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("LayerNorm.weight"):
                p.copy_(1 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias") or "LayerNorm" in name:
                p.copy_(0.1 * torch.randn_like(p))
            else:
                p.copy_(0.3 * torch.randn_like(p))

    lengths = [12, 9, 5]
    b, t = len(lengths), max(lengths)
    ids = torch.zeros(b, t, dtype=torch.long)  # [PAD] = 0
    mask = torch.zeros(b, t)
    types = torch.zeros(b, t, dtype=torch.long)
    labels = torch.full((b, t), -100, dtype=torch.long)
    gen = torch.Generator().manual_seed(5)
    for i, n in enumerate(lengths):
        ids[i, 0], ids[i, n - 1] = 2, 3  # [CLS], [SEP]
        ids[i, 1:n - 1] = torch.randint(5, VOCAB, (n - 2,), generator=gen)
        mask[i, :n] = 1
        types[i, n // 2:n] = 1
        for pos in range(1, n - 1, 3):
            labels[i, pos] = ids[i, pos]
            ids[i, pos] = 4  # [MASK]
    probe = torch.randn(b, HIDDEN, generator=gen)

    hidden, pooled = model.bert(ids, mask, torch.zeros_like(types))
    hidden_tt, _ = model.bert(ids, mask, types)
    logits = model.cls.predictions(hidden)
    mlm_loss = nn.functional.cross_entropy(logits.reshape(-1, VOCAB), labels.reshape(-1), ignore_index=-100)
    total = mlm_loss + (pooled * probe).sum()
    total.backward()

    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "text")
    config = {
        "architectures": ["BertForPreTraining"], "attention_probs_dropout_prob": 0.0, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0, "hidden_size": HIDDEN, "initializer_range": 0.02, "intermediate_size": INTER,
        "layer_norm_eps": EPS, "max_position_embeddings": MAX_POS, "model_type": "bert",
        "num_attention_heads": HEADS, "num_hidden_layers": LAYERS, "pad_token_id": 0,
        "position_embedding_type": "absolute", "type_vocab_size": TYPES, "use_cache": True, "vocab_size": VOCAB,
    }
    with open(os.path.join(out_dir, "tiny_bert_config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    state = {k: v for k, v in model.state_dict().items()}
    safetensors_fixture.save(os.path.join(out_dir, "tiny_bert.safetensors"), state, {"format": "pt"})
    io = {
        "input_ids": ids.float(), "attention_mask": mask, "token_type_ids": types.float(), "labels": labels.float(),
        "pooled_probe": probe, "last_hidden": hidden, "last_hidden_tt": hidden_tt, "pooled": pooled,
        "logits": logits, "mlm_loss": mlm_loss, "total_loss": total,
    }
    for name, p in model.named_parameters():
        if p.grad is not None:  # the next-sentence head takes no part
            io["grad." + name] = p.grad
    safetensors_fixture.save(os.path.join(out_dir, "tiny_bert_io.safetensors"), io)
    print("state dict:", sorted(state)[:3], "...", len(state), "tensors; mlm loss", float(mlm_loss))


if __name__ == "__main__":
    main()
