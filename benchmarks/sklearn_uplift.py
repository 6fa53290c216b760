#!/usr/bin/env python3
"""S/T/X/DR/R meta-learners on scikit-learn's HistGradientBoosting, on the rows UpliftPehe.cs writes.

First write the data (the Nie & Wager setups A-D and the binary e-mail test E, seeded in C#):

    dotnet run -c Release --project benchmarks/Personalization.Benchmarks -- pehe /tmp/pehe

then run this script on the same folder; it fits on the first half of each file, scores the second
and prints PEHE (RMSE of predicted minus true effect) in the C# runner's table format.

Usage:  python3 benchmarks/sklearn_uplift.py [/tmp/pehe]
Same settings as our defaults: 100 trees, learning rate 0.1, depth 3 (no leaf-count limit),
min leaf 100, L2 1, 255 bins, no early stopping; propensity by L2 logistic regression (C = 1);
DR and R cross-fit their nuisances over 5 folds stratified by arm, X imputes without cross-fitting.
Needs Debian's python3-sklearn (1.2); not part of CI.
"""
import os
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

SETTINGS = dict(max_iter=100, learning_rate=0.1, max_depth=3, max_leaf_nodes=None,
                min_samples_leaf=100, l2_regularization=1.0, max_bins=255, early_stopping=False)
CLIP = 0.01


def regressor():
    return HistGradientBoostingRegressor(**SETTINGS)


def outcome(binary):
    return HistGradientBoostingClassifier(**SETTINGS) if binary else HistGradientBoostingRegressor(**SETTINGS)


def predict(model, x, binary):
    return model.predict_proba(x)[:, 1] if binary else model.predict(x)


def propensity(x, t):  # noqa: ARG001 (same signature for every call site)
    return LogisticRegression(C=1.0, max_iter=200)


def s_learner(x, t, y, xs, binary):
    m = outcome(binary).fit(np.column_stack([x, t]), y)
    one = np.column_stack([xs, np.ones(len(xs))])
    zero = np.column_stack([xs, np.zeros(len(xs))])
    return predict(m, one, binary) - predict(m, zero, binary)


def t_learner(x, t, y, xs, binary):
    m1 = outcome(binary).fit(x[t == 1], y[t == 1])
    m0 = outcome(binary).fit(x[t == 0], y[t == 0])
    return predict(m1, xs, binary) - predict(m0, xs, binary)


def x_learner(x, t, y, xs, binary):
    m1 = outcome(binary).fit(x[t == 1], y[t == 1])
    m0 = outcome(binary).fit(x[t == 0], y[t == 0])
    d1 = y[t == 1] - predict(m0, x[t == 1], binary)
    d0 = predict(m1, x[t == 0], binary) - y[t == 0]
    tau1 = regressor().fit(x[t == 1], d1)
    tau0 = regressor().fit(x[t == 0], d0)
    e = np.clip(propensity(x, t).fit(x, t).predict_proba(xs)[:, 1], CLIP, 1 - CLIP)
    return e * tau0.predict(xs) + (1 - e) * tau1.predict(xs)


def folds(t, k=5, seed=0):
    return StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(np.zeros(len(t)), t)


def dr_learner(x, t, y, xs, binary):
    mu0, mu1, e = np.zeros(len(y)), np.zeros(len(y)), np.zeros(len(y))
    for train, held in folds(t):
        tr0, tr1 = train[t[train] == 0], train[t[train] == 1]
        mu0[held] = predict(outcome(binary).fit(x[tr0], y[tr0]), x[held], binary)
        mu1[held] = predict(outcome(binary).fit(x[tr1], y[tr1]), x[held], binary)
        e[held] = propensity(x, t).fit(x[train], t[train]).predict_proba(x[held])[:, 1]
    e = np.clip(e, CLIP, 1 - CLIP)
    phi = mu1 - mu0 + t * (y - mu1) / e - (1 - t) * (y - mu0) / (1 - e)
    return regressor().fit(x, phi).predict(xs)


def r_learner(x, t, y, xs, binary):
    m, e = np.zeros(len(y)), np.zeros(len(y))
    for train, held in folds(t):
        m[held] = predict(outcome(binary).fit(x[train], y[train]), x[held], binary)
        e[held] = propensity(x, t).fit(x[train], t[train]).predict_proba(x[held])[:, 1]
    e = np.clip(e, CLIP, 1 - CLIP)
    residual = t - e
    return regressor().fit(x, (y - m) / residual, sample_weight=residual ** 2).predict(xs)


LEARNERS = [("S", s_learner), ("T", t_learner), ("X", x_learner), ("DR", dr_learner), ("R", r_learner)]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/pehe"
    print("| setup | n | learner | PEHE | fit s |")
    print("|---|---:|---|---:|---:|")
    files = [f for f in os.listdir(folder) if f.endswith(".csv")]
    for name in sorted(files, key=lambda f: (f[0], int(f.split("_")[1].split(".")[0]))):
        data = np.loadtxt(os.path.join(folder, name), delimiter=",", skiprows=1)
        n = len(data)
        x, t, y, tau = data[:, :-4], data[:, -4].astype(int), data[:, -3], data[:, -2]
        binary = set(np.unique(y)) <= {0.0, 1.0}
        half = n // 2
        for label, learner in LEARNERS:
            start = time.perf_counter()
            est = learner(x[:half], t[:half], y[:half], x[half:], binary)
            seconds = time.perf_counter() - start
            pehe = np.sqrt(np.mean((est - tau[half:]) ** 2))
            print(f"| {name[0]} | {n} | {label} | {pehe:.4f} | {seconds:.2f} |", flush=True)


if __name__ == "__main__":
    main()
