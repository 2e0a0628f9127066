"""Benchmarks of :mod:`utils.numerics`: NumPy softmax speed and the cost of input checks in an MXNet
training loop.

Run standalone (``.venv/bin/python bench/numerics_bench.py``) or through ``make bench``
(``bench/run.py`` calls :func:`main`). Each function returns its figures as a dict and prints
nothing; :func:`main` prints them.

* :func:`softmax_throughput` — ``utils.softmax`` vs ``scipy.special.softmax`` on a 4096×1000 array
  (float64 and float32): rows/s for each and the ratio (target: utils ≥ 0.8 × scipy).
* :func:`check_overhead` — a digits-sized softmax-regression training loop (1347×64 synthetic
  float32 inputs, 10 classes, batch 64, 20 epochs, Gluon ``Dense`` + SGD), once with
  ``utils.cross_entropy(..., from_logits=True)`` and ``utils.accuracy`` (all checks on) and once
  with the same maths written as raw ``mxnet.nd`` ops (no checks). The two loops alternate, several
  rounds; the median per-round ratio is reported, with the CPU-time ratio and the machine's load
  average (on a busy machine wall-clock ratios scatter by ±30 %; read the range too).
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

import utils


def _best_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def softmax_throughput(rows: int = 4096, cols: int = 1000, repeat: int = 15, seed: int = 0) -> dict:
    """Rows per second of ``utils.softmax`` and ``scipy.special.softmax`` (axis=-1), best of
    ``repeat`` runs."""
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
    """Synthetic stand-in for the sklearn-digits training split: pixel-like features 0..16 scaled
    to [0, 1]."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(0, 1, size=(q, d))
    y = rng.integers(0, q, size=n)
    X = np.clip(centers[y] + rng.normal(0, 0.25, size=(n, d)), 0, 1).astype(np.float32)
    return X, y


def check_overhead(epochs: int = 20, batch_size: int = 64, rounds: int = 7, seed: int = 0) -> dict:
    """Time one training run with the checked ``utils`` loss/accuracy and one with raw ``mxnet.nd``
    ops.

    Batches are pre-built ``NDArray`` s (float32 features, float32 labels, as ``nd.array`` makes
    them), so the loop times only the model, loss, accuracy and update — the harshest setting for
    the checks' overhead. The raw loop is the usual hand-written one: ``-nd.pick(nd.log_softmax(o),
    y)`` and ``(o.argmax(axis=1) == y).sum().asscalar()``. Runs alternate (raw, utils, raw, utils,
    …); the reported ratio is the median of the per-round ratios, which cancels slow drifts in
    machine load. CPU time (all threads of this process) is reported too: on a busy machine it is
    steadier than wall time.
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

    def checked_loss(o, labels):
        return utils.cross_entropy(o, labels, from_logits=True)

    def run(loss_fn, acc_fn) -> tuple[float, float, float, float]:
        mx.random.seed(seed)
        net = gluon.nn.Dense(10)
        net.initialize(mx.init.Normal(0.01))
        trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
        nd.waitall()
        wall, cpu = time.perf_counter(), time.process_time()
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
        nd.waitall()
        return time.perf_counter() - wall, time.process_time() - cpu, loss_sum / n, acc_sum / n

    run(checked_loss, utils.accuracy)  # warm-up: operator caches, first-call costs
    run(raw_loss, raw_accuracy)
    raw_runs, utils_runs = [], []
    for _ in range(rounds):
        raw_runs.append(run(raw_loss, raw_accuracy))
        utils_runs.append(run(checked_loss, utils.accuracy))
    (_, _, loss_u, acc_u), (_, _, loss_r, acc_r) = utils_runs[-1], raw_runs[-1]
    assert abs(loss_u - loss_r) < 1e-4 and abs(acc_u - acc_r) < 1e-9, (
        "the two loops must compute the same thing"
    )
    steps = epochs * len(batches)
    med_u = statistics.median(r[0] for r in utils_runs)
    med_r = statistics.median(r[0] for r in raw_runs)
    return {
        "steps": steps,
        "rounds": rounds,
        "utils_s": med_u,
        "raw_s": med_r,
        "utils_ms_per_step": 1e3 * med_u / steps,
        "raw_ms_per_step": 1e3 * med_r / steps,
        "ratio": statistics.median(u[0] / r[0] for u, r in zip(utils_runs, raw_runs)),
        "cpu_ratio": statistics.median(u[1] / r[1] for u, r in zip(utils_runs, raw_runs)),
        "ratio_min": min(u[0] / r[0] for u, r in zip(utils_runs, raw_runs)),
        "ratio_max": max(u[0] / r[0] for u, r in zip(utils_runs, raw_runs)),
        "final_loss": loss_u,
        "final_train_accuracy": acc_u,
        "load_average_1min": os.getloadavg()[0],
        "cpus": os.cpu_count(),
    }


def main() -> dict:
    """Run both benchmarks, print the figures, return them."""
    tp = softmax_throughput()
    rows, cols = tp["shape"]
    print(f"  softmax {rows}×{cols} (best of 15), rows/s — target utils ≥ 0.8 × scipy")
    for name in ("float64", "float32"):
        r = tp[name]
        print(
            f"    {name}: utils {r['utils_rows_per_s']:>11,.0f}"
            f"   scipy {r['scipy_rows_per_s']:>11,.0f}   utils/scipy = {r['ratio']:.2f}"
        )
    ov = check_overhead()
    print(
        f"  checks in a digits-sized MXNet training loop ({ov['steps']} steps × {ov['rounds']}"
        f" rounds, raw/utils alternating) — target ≤ ~1.05–1.10\n"
        f"    utils.cross_entropy + utils.accuracy {ov['utils_ms_per_step']:.3f} ms/step   "
        f"raw mxnet.nd {ov['raw_ms_per_step']:.3f} ms/step\n"
        f"    utils/raw wall = {ov['ratio']:.3f} (median of per-round ratios;"
        f" range {ov['ratio_min']:.2f}–{ov['ratio_max']:.2f})   CPU = {ov['cpu_ratio']:.3f}   "
        f"[load average {ov['load_average_1min']:.1f} on {ov['cpus']} CPUs]"
    )
    return {"softmax_throughput": tp, "check_overhead": ov}


if __name__ == "__main__":
    main()
