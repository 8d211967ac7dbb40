"""Prints the PyTorch values recorded in test/unit/numeric/crossEntropy.test.ts (float64, CPU).

Usage: /usr/bin/python3 bench/numeric/torch_parity.py
"""
import json

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
LOGITS = [[2.5, -1.25, 0.5, 3.0], [-0.75, 4.0, 1.5, -2.0], [0.0, 0.125, -0.5, 0.25]]
CASES = {
    "index": (torch.tensor([3, 1, 0]), {}),
    "weighted": (torch.tensor([3, 7, 0]), {"weight": torch.tensor([0.5, 2.0, 1.0, 0.25]), "ignore_index": 7, "label_smoothing": 0.1}),
    "probs": (
        torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.0, 1.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]),
        {"weight": torch.tensor([1.0, 0.5, 2.0, 1.0]), "label_smoothing": 0.2},
    ),
}

out = {"torch": torch.__version__}
for name, (target, kw) in CASES.items():
    for reduction in ("mean", "sum", "none"):
        z = torch.tensor(LOGITS, requires_grad=True)
        loss = F.cross_entropy(z, target, reduction=reduction, **kw)
        loss.sum().backward()
        out[f"{name}/{reduction}"] = {"loss": loss.tolist(), "grad": z.grad.flatten().tolist()}
z = torch.tensor([[0.0, -40.0]], requires_grad=True)
loss = F.cross_entropy(z, torch.tensor([0]))
loss.backward()
out["p_to_1"] = {"loss": loss.item(), "grad": z.grad.flatten().tolist()}
print(json.dumps(out))
