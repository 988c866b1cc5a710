"""scikit-learn MLPRegressor on the course network (10-100-100-1, relu, Adam lr 0.001, batch 32, MSE):
seconds for one epoch over ROWS synthetic rows, scaled per 1,000,000 rows, as one JSON line.
Usage: python3 sklearn_train.py ROWS RUNS"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor

from blas_info import blas_info

rows, runs = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(42)
X = rng.uniform(-1, 1, (rows, 10))
y = np.sin(X * np.arange(1, 11)).sum(1)
warnings.filterwarnings('ignore', category=ConvergenceWarning)
seconds = []
for k in range(runs):
    net = MLPRegressor(hidden_layer_sizes=(100, 100), activation='relu', solver='adam', learning_rate_init=0.001,
                       batch_size=32, max_iter=1, shuffle=True, random_state=k, tol=0.0)
    t = time.perf_counter()
    net.fit(X, y)
    seconds.append(time.perf_counter() - t)
print(json.dumps({'secondsPerMillion': [s * 1e6 / rows for s in seconds], 'rows': rows, 'sklearn': sklearn.__version__,
                  'blas': blas_info()}))
