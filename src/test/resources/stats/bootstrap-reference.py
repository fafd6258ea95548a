"""The independent reference for BootstrapTest: SciPy's percentile bootstrap of the same statistic on the same data.

Run once with Debian's interpreter and python3-scipy 1.10.1 (apt-get install python3-scipy):
    /usr/bin/python3 src/test/resources/stats/bootstrap-reference.py
Printed on 2026-12-02 (100,000 resamples, numpy default_rng(1)):
    ratio 1.265828
    interval 1.242087 1.293717
BootstrapTest holds these numbers; it does not run this script.
"""
import numpy as np
from scipy import stats
ft = [[0.412, 0.398, 0.405, 0.431, 0.401],
      [0.288, 0.301, 0.295, 0.290, 0.322],
      [0.515, 0.498, 0.530, 0.507, 0.512],
      [0.366, 0.359, 0.371, 0.380, 0.362],
      [0.254, 0.249, 0.262, 0.251, 0.270]]
tw = [[0.301, 0.296, 0.310, 0.299, 0.305],
      [0.215, 0.222, 0.219, 0.230, 0.217],
      [0.402, 0.395, 0.399, 0.421, 0.398],
      [0.290, 0.284, 0.301, 0.288, 0.287],
      [0.231, 0.228, 0.236, 0.240, 0.229]]
def stat(*s):
    return stats.gmean([np.median(s[2*i]) / np.median(s[2*i+1]) for i in range(5)])
data = []
for a, b in zip(ft, tw):
    data += [np.array(a), np.array(b)]
print("ratio %.6f" % stat(*data))
r = stats.bootstrap(data, stat, paired=False, vectorized=False, n_resamples=100000, method='percentile',
                    confidence_level=0.95, random_state=np.random.default_rng(1))
print("interval %.6f %.6f" % (r.confidence_interval.low, r.confidence_interval.high))
