#!/usr/bin/env python3
"""Logistic-probe fixture: float32 features of two overlapping classes per label, and scikit-learn's
L2-regularized LogisticRegression fitted one-vs-rest on the standardized features (StandardScaler, population
std), C = 1 / lambda so that its objective C * sum(log-loss) + |w|^2 / 2 equals the probe's
sum(log-loss) + lambda |w|^2 / 2 (intercept not penalized by the lbfgs solver).
Run with Debian's python3-sklearn: /usr/bin/python3 ecg/src/test/python/make_logistic_fixture.py
Writes ecg/src/test/resources/eval/logistic.txt and logistic_wide.txt (fewer records than features): a line
"n_train n_test d classes lambda", then n_train lines of features, n_train lines of labels, n_test lines of
features, then n_test lines of sklearn's probabilities."""
import os

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler



def write(name, seed, n_train, n_test, d, classes, lam, offsets):
    rng = np.random.default_rng(seed)
    scales = rng.uniform(0.2, 5.0, d)  # unequal feature scales: standardization matters
    x = (rng.normal(0, 1, (n_train + n_test, d)) * scales + rng.normal(0, 3, d)).astype(np.float32)
    w_true = rng.normal(0, 1, (d, classes)) / scales[:, None]
    logits = (x - x.mean(0)) @ w_true + rng.normal(0, 1.5, (n_train + n_test, classes)) + np.array(offsets)
    y = (logits > 0).astype(np.float32)
    xtr, xte, ytr = x[:n_train], x[n_train:], y[:n_train]
    scaler = StandardScaler().fit(xtr.astype(np.float64))
    probs = np.zeros((n_test, classes))
    for c in range(classes):
        model = LogisticRegression(C=1.0 / lam, tol=1e-12, max_iter=100000)
        model.fit(scaler.transform(xtr.astype(np.float64)), ytr[:, c])
        probs[:, c] = model.predict_proba(scaler.transform(xte.astype(np.float64)))[:, 1]
    out = os.path.join(os.path.dirname(__file__), "..", "resources", "eval", name)
    with open(out, "w") as f:
        f.write(f"{n_train} {n_test} {d} {classes} {lam!r}\n")
        for block in (xtr, ytr, xte):
            for row in block:
                f.write(" ".join(repr(float(v)) for v in row) + "\n")
        for row in probs:
            f.write(" ".join(repr(float(v)) for v in row) + "\n")
    print("wrote", out)


write("logistic.txt", 11, 240, 60, 16, 3, 0.7, [-1.0, 0.0, 1.5])
# fewer records than features: the probe takes its n x n (Woodbury) path
write("logistic_wide.txt", 12, 30, 25, 90, 2, 2.0, [-0.5, 0.5])
