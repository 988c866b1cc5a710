"""CSV -> float64 matrix with numpy.loadtxt or pandas.read_csv: seconds per run as one JSON line.
Usage: python3 csv_read.py loadtxt|pandas FILE RUNS"""
import json
import resource
import sys
import time

how, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
if how == 'pandas':
    import pandas as pd

    read = lambda: pd.read_csv(path).to_numpy(dtype='float64')
    version = pd.__version__
else:
    import numpy as np

    read = lambda: np.loadtxt(path, delimiter=',', skiprows=1, dtype='float64')
    version = np.__version__
seconds = []
for _ in range(runs):
    t = time.perf_counter()
    m = read()
    seconds.append(time.perf_counter() - t)
    shape = m.shape
    del m
print(json.dumps({'seconds': seconds, 'shape': shape, 'version': version,
                  'peakRss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
