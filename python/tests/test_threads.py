"""Threads: large matmuls from two Python threads at once give numpy's results, and a large
matmul releases the GIL (another Python thread runs during the call)."""

import sys
import threading
import time

import numpy as np
import pytest

import rusttorch as rt

N = 512
ROUNDS = 8


def matmul_fn():
    """`rt.matmul`, or a skip: the operators come from another helper's branch."""
    f = getattr(rt, "matmul", None)
    if f is None:
        pytest.skip("rt.matmul is not in this tree (it comes from the operators helper)")
    return f


def use_operator(a, b):
    return a @ b


@pytest.mark.parametrize("via", ["rt.matmul", "@"])
def test_two_threads_run_large_matmuls_with_correct_results(via):
    matmul = matmul_fn()
    if via == "@":
        if not hasattr(rt.Tensor, "__matmul__"):
            pytest.skip("Tensor.__matmul__ is not in this tree (it comes from the operators helper)")
        matmul = use_operator
    rng = np.random.default_rng(1)
    inputs = [
        [(rng.standard_normal((N, N), dtype=np.float32), rng.standard_normal((N, N), dtype=np.float32))
         for _ in range(ROUNDS)]
        for _ in range(2)
    ]
    results = [[None] * ROUNDS for _ in range(2)]
    errors = []
    barrier = threading.Barrier(2)

    def work(k):
        try:
            barrier.wait()
            for r, (a, b) in enumerate(inputs[k]):
                results[k][r] = matmul(rt.from_numpy(a), rt.from_numpy(b)).numpy().copy()
        except BaseException as e:  # noqa: BLE001 - reported in the main thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for k in range(2):
        for r, (a, b) in enumerate(inputs[k]):
            expected = a.astype(np.float64) @ b.astype(np.float64)
            np.testing.assert_allclose(results[k][r], expected, rtol=1e-4, atol=1e-3)


def test_large_matmul_releases_the_gil():
    matmul = matmul_fn()
    rng = np.random.default_rng(2)
    # Large enough (tens of ms, even optimized) that the scheduler gives the ticker thread
    # time during the call on a busy 2-core machine whenever the GIL is free.
    a = rt.from_numpy(rng.standard_normal((2048, 2048), dtype=np.float32))
    b = rt.from_numpy(rng.standard_normal((2048, 2048), dtype=np.float32))
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    thread = threading.Thread(target=ticker)
    try:
        thread.start()
        while not ticks:
            time.sleep(0.001)
        t0 = time.perf_counter()
        out = matmul(a, b)
        t1 = time.perf_counter()
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(old)
    if t1 - t0 < 0.01:
        pytest.skip(f"matmul took {1e3 * (t1 - t0):.1f} ms, too short to observe the GIL")
    # Which tenths of the call saw the ticker run. Holding the GIL, the ticker can only run
    # at the edges (before the call starts, or after it returns while the main thread waits
    # to take the GIL back): tenths 0 and 9 at most. Releasing it, the ticker runs inside
    # the call; a busy machine may starve it for a while, so 3 of the 8 inner tenths are
    # asked, not all (this is a check of the GIL, not of speed).
    tenths = {int(10 * (x - t0) / (t1 - t0)) for x in ticks if t0 < x < t1} & set(range(1, 9))
    assert len(tenths) >= 3, (
        f"the ticker thread ran only in tenths {sorted(tenths)} of a "
        f"{1e3 * (t1 - t0):.0f} ms matmul: the call holds the GIL"
    )
    np.testing.assert_allclose(out.numpy()[:3, :3], (a.numpy() @ b.numpy())[:3, :3], rtol=1e-3, atol=1e-2)


def test_conversions_from_two_threads():
    """from_numpy copies (the GIL-releasing bool path and numpy's copies) and numpy views of
    large arrays from two threads at once."""
    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal((400, 300)) for _ in range(2)]
    results = [None, None]
    errors = []

    def work(k):
        try:
            a = arrays[k]
            for _ in range(5):
                mask = rt.from_numpy(a > 0).numpy()
                fortran = rt.from_numpy(np.asfortranarray(a)).numpy()
                results[k] = (mask.copy(), fortran.copy())
        except BaseException as e:  # noqa: BLE001 - reported in the main thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for k in range(2):
        np.testing.assert_array_equal(results[k][0], arrays[k] > 0)
        np.testing.assert_array_equal(results[k][1], arrays[k])
