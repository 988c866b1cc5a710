"""The pandas end-to-end script: read_csv -> scale -> numpy forward -> to_csv with the prediction column
appended, for a Dense Lab model file. Seconds per run (inside Python, so interpreter start and imports are
not counted) as one JSON line. Usage: python3 pandas_predict.py DATA.csv MODEL.json OUT.csv RUNS"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd

from blas_info import blas_info

data, model_path, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(model_path) as f:
    model = json.load(f)
names = [i['name'] for i in model['inputs']]
mean = np.array([i['scale']['mean'] for i in model['inputs']])
std = np.array([i['scale']['std'] for i in model['inputs']])
layers = [(np.array(l['kernel']), np.array(l['bias']), l['activation']) for l in model['layers']]

seconds = []
for _ in range(runs):
    t = time.perf_counter()
    df = pd.read_csv(data)
    x = (df[names].to_numpy(dtype='float64') - mean) / std
    for w, b, act in layers:
        x = x @ w + b
        if act == 'relu':
            x = np.maximum(x, 0)
    df[model['output']['name'] + '_pred'] = x[:, 0]
    df.to_csv(out, index=False)
    seconds.append(time.perf_counter() - t)
print(json.dumps({'seconds': seconds, 'pandas': pd.__version__, 'numpy': np.__version__, 'blas': blas_info(),
                  'peakRss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
