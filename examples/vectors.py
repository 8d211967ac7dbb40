"""Hover any list or tensor below to see its softmax; select one and run "Softmax: Evaluate Selection"."""
import math

import numpy as np
import torch

logits = [2.0, 1.0, 0.1]
overflowing = [1000.0, 1000.0, 999.0]           # a naive exp() overflows; Softmax Lens does not
masked = [3.2, float("-inf"), 0.5, -math.inf]    # -inf logits get probability 0

scores = np.array([1.5, -0.3, 0.8, 2.2])
batch = torch.tensor([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]], dtype=torch.float64)

# A PyTorch print-out pasted from a notebook:
#   tensor([ 2.0000, -1.0000,  0.5000], grad_fn=<AddBackward0>)
# A NumPy print-out:
#   [ 1.2 -0.3  4.  ]

def not_a_vector(a, i):
    return a[i]  # an index, not a vector: no hover here
