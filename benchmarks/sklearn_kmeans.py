#!/usr/bin/env python3
"""The K-Means workloads of KMeansBenchmarks.cs in scikit-learn, on the same data.

The data are the benchmarks' seeded blobs (BenchmarkData.Blobs: 1,000,000 x 16 float32, k = 8,
System.Random(42)). .NET's seeded Random cannot be reproduced in NumPy, so write the matrix once
from C# (for example in a scratch program referencing the benchmark project):

    File.WriteAllBytes("blobs.f32", MemoryMarshal.AsBytes(BenchmarkData.Blobs(1_000_000, 16, 8, 42).AsSpan()).ToArray());

and this script reads it (raw little-endian float32, row-major). Without the file it draws
statistically identical blobs with NumPy (same shape, centres in [-10, 10], unit noise).

Usage:  python3 benchmarks/sklearn_kmeans.py [blobs.f32]
Fair peer: apt-get install python3-sklearn libopenblas0-pthread (OpenBLAS, not the reference BLAS).
"""
import sys
import time

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.cluster._kmeans import kmeans_plusplus

ROWS, DIMS, K = 1_000_000, 16, 8


def load(path=None, rows=ROWS, dims=DIMS, k=K, dtype=np.float32):
    if path:
        x = np.fromfile(path, dtype="<f4").reshape(rows, dims)
        return x.astype(dtype, copy=False)
    rng = np.random.default_rng(42)
    centres = rng.uniform(-10, 10, size=(k, dims))
    labels = rng.integers(0, k, size=rows)
    return (centres[labels] + rng.standard_normal((rows, dims))).astype(dtype)


def median_time(fn, repeat=5):
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), result


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else None
    x = load(path)
    start = x[:K].copy()

    # One Lloyd iteration from fixed centroids (max_iter=1, n_init=1, tol=0).
    for algorithm in ("lloyd", "elkan"):
        t, _ = median_time(lambda: KMeans(K, init=start, n_init=1, max_iter=1, tol=0, algorithm=algorithm).fit(x))
        print(f"{algorithm} iteration (1M x 16 float32, k=8): {t * 1e3:.1f} ms (includes one extra E-step and inertia)")

    t, _ = median_time(lambda: kmeans_plusplus(x, K, random_state=7))
    print(f"greedy k-means++ init: {t:.3f} s")

    model = KMeans(K, n_init=1, random_state=1, tol=1e-4).fit(x)
    t, _ = median_time(lambda: model.predict(x))
    print(f"predict 1M rows: {t * 1e3:.1f} ms")

    t, fitted = median_time(lambda: KMeans(K, n_init=1, random_state=1, tol=1e-4).fit(x), repeat=3)
    print(f"full fit (k-means++, n_init=1, tol=1e-4): {t:.3f} s, inertia {fitted.inertia_:.6g}, iterations {fitted.n_iter_}")

    t, fitted = median_time(lambda: MiniBatchKMeans(K, batch_size=1024, n_init=1, random_state=1).fit(x), repeat=3)
    print(f"mini-batch fit: {t:.3f} s, inertia {fitted.inertia_:.6g}")

    for dims, k, dtype in ((16, 64, np.float32), (64, 8, np.float32), (64, 64, np.float32), (16, 8, np.float64)):
        y = load(None, ROWS, dims, k, dtype)
        s = y[:k].copy()
        t, _ = median_time(lambda: KMeans(k, init=s, n_init=1, max_iter=1, tol=0).fit(y), repeat=3)
        print(f"lloyd iteration d={dims} k={k} {np.dtype(dtype).name}: {t * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
