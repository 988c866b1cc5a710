"""numpy forward pass (x @ W + b, relu between layers, softmax or linear output) on all BLAS threads:
seconds per timed run (after one untimed warm-up pass) as one JSON line. Usage: python3 numpy_forward.py 10-100-100-1 ROWS RUNS [softmax]"""
import json
import sys
import time

import numpy as np

from blas_info import blas_info

sizes = [int(s) for s in sys.argv[1].split('-')]
rows, runs = int(sys.argv[2]), int(sys.argv[3])
last = sys.argv[4] if len(sys.argv) > 4 else 'linear'
rng = np.random.default_rng(1)
W = [rng.uniform(-1, 1, (a, b)) / np.sqrt(a) for a, b in zip(sizes, sizes[1:])]
B = [rng.uniform(0, 0.1, b) for b in sizes[1:]]
X = rng.uniform(-1, 1, (rows, sizes[0]))


def forward(x):
    for k, (w, b) in enumerate(zip(W, B)):
        x = x @ w + b
        if k < len(W) - 1:
            x = np.maximum(x, 0)
        elif last == 'softmax':
            e = np.exp(x - x.max(axis=1, keepdims=True))
            x = e / e.sum(axis=1, keepdims=True)
    return x


# One untimed pass over all rows: the first pass page-faults its large intermediates (800 MB for 1M × 100),
# later ones reuse the memory, as a warmed-up Dense Lab worker pool does.
forward(X)
seconds = []
for _ in range(runs):
    t = time.perf_counter()
    forward(X)
    seconds.append(time.perf_counter() - t)
flops = sum(2 * a * b for a, b in zip(sizes, sizes[1:]))
print(json.dumps({'seconds': seconds, 'flopsPerRow': flops, 'rows': rows, 'numpy': np.__version__, 'blas': blas_info()}))
