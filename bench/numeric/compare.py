"""Times scipy.special.softmax and torch.softmax (one thread) on the logits the TypeScript bench wrote.

Usage: python3 compare.py <file.f64> <rows> <cols> <repeats> [values]
The file holds rows*cols little-endian float64 values. With `values`, the softmax results are also
written next to it as <file>.scipy and <file>.torch (for the accuracy comparison). Prints one JSON object:
{"scipy": ns_per_element | null, "torch": ns_per_element | null, "torch_ce": ns_per_element | null}
(best of `repeats` runs, CPU time of the process as in the TypeScript bench; null when the library is missing).
"""
import json
import sys
import time

import numpy as np


def best(fn, repeats):
    fn()  # warm-up
    t = float("inf")
    for _ in range(repeats):
        start = time.process_time_ns()
        fn()
        t = min(t, time.process_time_ns() - start)
    return t


def main():
    path, rows, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    x = np.fromfile(path, dtype="<f8").reshape(rows, cols) if rows > 1 else np.fromfile(path, dtype="<f8")
    n = x.size
    save = len(sys.argv) > 5 and sys.argv[5] == "values"
    out = {"scipy": None, "torch": None, "torch_ce": None}
    try:
        from scipy.special import softmax

        out["scipy"] = best(lambda: softmax(x, axis=-1), repeats) / n
        if save:
            softmax(x, axis=-1).astype("<f8").tofile(path + ".scipy")
    except ImportError:
        pass
    try:
        import torch

        torch.set_num_threads(1)
        t = torch.from_numpy(x)
        out["torch"] = best(lambda: torch.softmax(t, dim=-1), repeats) / n
        if save:
            torch.softmax(t, dim=-1).numpy().astype("<f8").tofile(path + ".torch")
        if rows > 1:
            target = torch.from_numpy((np.arange(rows) * 37) % cols)

            def ce():
                z = t.clone().requires_grad_(True)
                loss = torch.nn.functional.cross_entropy(z, target)
                loss.backward()

            out["torch_ce"] = best(ce, repeats) / n
    except ImportError:
        pass
    print(json.dumps(out))


if __name__ == "__main__":
    main()
