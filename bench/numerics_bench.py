"""Benchmarks of :mod:`utils.numerics`: NumPy softmax speed and the cost of input checks in an MXNet training loop.

Run standalone (``.venv/bin/python bench/numerics_bench.py``) or through ``make bench`` (``bench/run.py`` calls
:func:`main`). Each function returns its figures as a dict and prints nothing; :func:`main` prints them.

* :func:`softmax_throughput` — ``utils.softmax`` vs ``scipy.special.softmax`` on a 4096×1000 array (float64 and
  float32): rows/s for each and the ratio (target: utils ≥ 0.8 × scipy).
* :func:`check_overhead` — a digits-sized softmax-regression training loop (1347×64 synthetic float32 inputs,
  10 classes, batch 64, 20 epochs, Gluon ``Dense`` + SGD), once with ``utils.cross_entropy(..., from_logits=True)``
  and ``utils.accuracy`` (all checks on) and once with the same maths written as raw ``mxnet.nd`` ops (no checks).
  The two loops run interleaved, several times, and the medians are compared (target: ratio ≤ ~1.05–1.10).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import utils  # after the sys.path tweak above


def _best_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def softmax_throughput(rows: int = 4096, cols: int = 1000, repeat: int = 15, seed: int = 0) -> dict:
    """Rows per second of ``utils.softmax`` and ``scipy.special.softmax`` (axis=-1), best of ``repeat`` runs."""
    from scipy.special import softmax as scipy_softmax

    rng = np.random.default_rng(seed)
    results: dict = {"shape": (rows, cols)}
    for dtype in (np.float64, np.float32):
        o = (rng.standard_normal((rows, cols)) * 5).astype(dtype)
        ours, theirs = utils.softmax(o), scipy_softmax(o, axis=-1)
        assert ours.dtype == dtype and np.allclose(ours, theirs, rtol=1e-4, atol=1e-6)
        t_utils = _best_time(lambda o=o: utils.softmax(o), repeat)
        t_scipy = _best_time(lambda o=o: scipy_softmax(o, axis=-1), repeat)
        name = np.dtype(dtype).name
        results[name] = {
            "utils_rows_per_s": rows / t_utils,
            "scipy_rows_per_s": rows / t_scipy,
            "utils_s": t_utils,
            "scipy_s": t_scipy,
            "ratio": t_scipy / t_utils,  # > 1: utils is faster
        }
    return results


def _digits_like(seed: int = 0, n: int = 1347, d: int = 64, q: int = 10):
    """Synthetic stand-in for the sklearn-digits training split: pixel-like features 0..16 scaled to [0, 1]."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(0, 1, size=(q, d))
    y = rng.integers(0, q, size=n)
    X = np.clip(centers[y] + rng.normal(0, 0.25, size=(n, d)), 0, 1).astype(np.float32)
    return X, y


def check_overhead(epochs: int = 20, batch_size: int = 64, rounds: int = 5, seed: int = 0) -> dict:
    """Time one training run with the checked ``utils`` loss/accuracy and one with raw ``mxnet.nd`` ops.

    Batches are pre-built ``NDArray`` s (float32 features, float32 labels, as ``nd.array`` makes them), so the
    loop times only the model, loss, accuracy and update — the harshest setting for the checks' overhead.
    """
    import mxnet as mx
    from mxnet import autograd, gluon, nd

    X, y = _digits_like(seed)
    batches = [
        (nd.array(X[i : i + batch_size]), nd.array(y[i : i + batch_size]))
        for i in range(0, X.shape[0], batch_size)
    ]

    def raw_loss(o, labels):
        return -nd.pick(nd.log_softmax(o, axis=-1), labels, axis=-1)

    def raw_accuracy(o, labels):
        return (o.argmax(axis=1) == labels.astype("float32")).sum().asscalar() / labels.shape[0]

    def run(loss_fn, acc_fn) -> tuple[float, float, float]:
        mx.random.seed(seed)
        net = gluon.nn.Dense(10)
        net.initialize(mx.init.Normal(0.01))
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        start = time.perf_counter()
        for _ in range(epochs):
            loss_sum, acc_sum, n = 0.0, 0.0, 0
            for Xb, yb in batches:
                with autograd.record():
                    o = net(Xb)
                    loss = loss_fn(o, yb)
                loss.backward()
                trainer.step(Xb.shape[0])
                loss_sum += loss.sum().asscalar()
                acc_sum += acc_fn(o, yb) * Xb.shape[0]
                n += Xb.shape[0]
        elapsed = time.perf_counter() - start
        return elapsed, loss_sum / n, acc_sum / n

    def checked_loss(o, labels):
        return utils.cross_entropy(o, labels, from_logits=True)

    run(checked_loss, utils.accuracy)  # warm-up: operator caches, first-call costs
    run(raw_loss, raw_accuracy)
    t_utils, t_raw = [], []
    for _ in range(rounds):  # interleaved, so drifting machine load hits both alike
        t, loss_u, acc_u = run(checked_loss, utils.accuracy)
        t_utils.append(t)
        t, loss_r, acc_r = run(raw_loss, raw_accuracy)
        t_raw.append(t)
    assert abs(loss_u - loss_r) < 1e-4 and abs(acc_u - acc_r) < 1e-9, "the two loops must compute the same thing"
    steps = epochs * len(batches)
    med_u, med_r = statistics.median(t_utils), statistics.median(t_raw)
    return {
        "steps": steps,
        "utils_s": med_u,
        "raw_s": med_r,
        "utils_ms_per_step": 1e3 * med_u / steps,
        "raw_ms_per_step": 1e3 * med_r / steps,
        "ratio": med_u / med_r,
        "final_loss": loss_u,
        "final_train_accuracy": acc_u,
    }


def main() -> dict:
    """Run both benchmarks, print the figures, return them."""
    tp = softmax_throughput()
    print(f"  softmax {tp['shape'][0]}×{tp['shape'][1]} (best of 15), rows/s — target utils ≥ 0.8 × scipy")
    for name in ("float64", "float32"):
        r = tp[name]
        print(
            f"    {name}: utils {r['utils_rows_per_s']:>11,.0f}   scipy {r['scipy_rows_per_s']:>11,.0f}   "
            f"utils/scipy = {r['ratio']:.2f}"
        )
    ov = check_overhead()
    print(
        f"  checks in a digits-sized MXNet training loop ({ov['steps']} steps, median of 5) — target ≤ ~1.05–1.10\n"
        f"    utils.cross_entropy + utils.accuracy {ov['utils_s']:.3f} s ({ov['utils_ms_per_step']:.3f} ms/step)   "
        f"raw mxnet.nd {ov['raw_s']:.3f} s ({ov['raw_ms_per_step']:.3f} ms/step)   ratio = {ov['ratio']:.3f}"
    )
    return {"softmax_throughput": tp, "check_overhead": ov}


if __name__ == "__main__":
    main()
