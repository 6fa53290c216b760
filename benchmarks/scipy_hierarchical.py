#!/usr/bin/env python3
"""The peers of LinkageBenchmarks.cs and ClusteringIIBenchmarks.SilhouetteExact64, on the same data.

SciPy's linkage (ward, complete, average, single) on 10,000 x 16 float64 and scikit-learn's exact
silhouette_score on 20,000 x 16 float64 (8 labels, row i in cluster i mod 8). The matrices are the
benchmarks' seeded blobs, written once by the benchmark program:

    dotnet run -c Release --project benchmarks/Personalization.Benchmarks -- export-data /tmp/bench-data

Usage:  python3 benchmarks/scipy_hierarchical.py /tmp/bench-data
Peers:  apt-get install python3-scipy python3-sklearn (Debian: SciPy 1.10, scikit-learn 1.2),
        libopenblas0-pthread for a fair BLAS. Run it in the same session as the BenchmarkDotNet
        suite: the machine's load changes the figures.
"""
import os
import sys
import time

import numpy as np
from scipy.cluster.hierarchy import linkage
from sklearn.metrics import silhouette_score


def median_time(fn, repeat):
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), result


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench-data"
    x = np.fromfile(os.path.join(directory, "linkage_10000x16.f32"), dtype="<f4").reshape(10_000, 16).astype(np.float64)
    for method in ("ward", "complete", "average", "single"):
        t, z = median_time(lambda: linkage(x, method=method), repeat=3)
        print(f"linkage {method:8s} 10,000 x 16 float64: {t:.3f} s (last height {z[-1, 2]:.15g})")

    s = np.fromfile(os.path.join(directory, "silhouette_20000x16.f32"), dtype="<f4").reshape(20_000, 16).astype(np.float64)
    labels = np.fromfile(os.path.join(directory, "silhouette_labels.i32"), dtype="<i4")
    t, value = median_time(lambda: silhouette_score(s, labels), repeat=3)
    print(f"silhouette_score 20,000 x 16 float64: {t:.3f} s (value {value:.15g})")


if __name__ == "__main__":
    main()
