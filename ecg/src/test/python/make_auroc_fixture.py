#!/usr/bin/env python3
"""AUROC fixture: random multi-label scores (with ties) and labels, and scikit-learn's roc_auc_score per class
and macro-averaged. Run with Debian's python3-sklearn: /usr/bin/python3 ecg/src/test/python/make_auroc_fixture.py
Writes ecg/src/test/resources/eval/auroc.txt: a line "n classes", then n lines of scores, n lines of labels,
then the per-class AUROCs and the macro AUROC."""
import os

import numpy as np
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(7)
n, classes = 200, 5
labels = (rng.random((n, classes)) < np.array([0.1, 0.3, 0.5, 0.05, 0.7])).astype(np.float32)
scores = (labels * rng.normal(0.8, 1, (n, classes)) + rng.normal(0, 1, (n, classes))).astype(np.float32)
scores[:, 1] = np.round(scores[:, 1], 1)  # ties
per_class = [roc_auc_score(labels[:, c], scores[:, c]) for c in range(classes)]
macro = roc_auc_score(labels, scores, average="macro")
out = os.path.join(os.path.dirname(__file__), "..", "resources", "eval", "auroc.txt")
with open(out, "w") as f:
    f.write(f"{n} {classes}\n")
    for row in scores:
        f.write(" ".join(repr(float(v)) for v in row) + "\n")
    for row in labels:
        f.write(" ".join(str(int(v)) for v in row) + "\n")
    f.write(" ".join(repr(v) for v in per_class) + "\n")
    f.write(repr(macro) + "\n")
print("wrote", out)
