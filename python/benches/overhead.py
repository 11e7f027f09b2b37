"""Per-call overhead of the Python bindings, and large ops called from Python.

Not a test: a script that prints a table. Build the package optimised first, or the figures
mean nothing:

    VIRTUAL_ENV=$PWD/target/venv target/venv/bin/maturin develop --release -m python/Cargo.toml
    target/venv/bin/python python/benches/overhead.py            # --quick for fewer repeats

Rows:
- `a + b` on 4-element float32 tensors: the cost of one call through the bindings (issue 6
  asks for under 1 microsecond), next to numpy's `a + b` on 4-element arrays, and `a + 1.0`
  with a Python float operand.
- large ops from Python: `a + b` on 1e7 float32 elements and a 1024x1024 float32 matmul, next
  to numpy. Compare these with the same ops called from Rust:
      cargo bench --bench ops -- 'binary/add/10000000'
      cargo bench --bench ops -- 'matmul/f32/1024'
  Issue 6 asks that the Python figures be within 10% of the Rust ones (the bindings add only a
  constant per call; a larger gap means a copy or a lock on the way).

Each figure is the median over `--repeat` timing runs (the best run is shown too); a timing
run calls the op enough times to take at least 0.2 s (timeit's autorange) for small ops, once
for large ones. Ops missing from the build are skipped with a message.
"""

import argparse
import statistics
import sys
import timeit

import numpy as np

import rusttorch as rt


def per_call_us(stmt, env, repeat, number=None):
    """(median, best) time per run of the statement `stmt` over the names in `env`, in
    microseconds (a statement, not a lambda, so no extra Python call is timed)."""
    timer = timeit.Timer(stmt, globals=env)
    if number is None:
        number, _ = timer.autorange()
    runs = [t / number * 1e6 for t in timer.repeat(repeat=repeat, number=number)]
    return statistics.median(runs), min(runs)


def tensor(a):
    """A rusttorch tensor over the numpy array `a` (from_numpy shares C-ordered memory)."""
    return rt.from_numpy(np.ascontiguousarray(a))


def fmt_us(us):
    if us is None:
        return "-"
    if us >= 10_000:
        return f"{us / 1000:,.1f} ms"
    return f"{us:,.3f} us" if us < 10 else f"{us:,.1f} us"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timing runs per figure (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 timing runs, 1e6 instead of 1e7")
    args = parser.parse_args()
    repeat = 3 if args.quick else max(1, args.repeat)
    big = 1_000_000 if args.quick else 10_000_000

    rng = np.random.default_rng(0)
    a4, b4 = rng.standard_normal(4, dtype=np.float32), rng.standard_normal(4, dtype=np.float32)
    abig, bbig = rng.standard_normal(big, dtype=np.float32), rng.standard_normal(big, dtype=np.float32)
    m1, m2 = (rng.standard_normal((1024, 1024), dtype=np.float32) for _ in range(2))
    ta4, tb4 = tensor(a4), tensor(b4)
    tabig, tbbig = tensor(abig), tensor(bbig)
    tm1, tm2 = tensor(m1), tensor(m2)
    matmul = getattr(rt, "matmul", None)

    env = {"ta4": ta4, "tb4": tb4, "a4": a4, "b4": b4, "tabig": tabig, "tbbig": tbbig}
    env.update({"abig": abig, "bbig": bbig, "tm1": tm1, "tm2": tm2, "m1": m1, "m2": m2})
    env["matmul"] = matmul
    # (row name, rusttorch statement, numpy statement, calls per timing run or None for auto)
    cases = [
        ("a + b, 4 float32", "ta4 + tb4", "a4 + b4", None),
        ("a + 1.0, 4 float32", "ta4 + 1.0", "a4 + 1.0", None),
        (f"a + b, {big:.0e} float32", "tabig + tbbig", "abig + bbig", 1),
        ("matmul 1024x1024 float32", "matmul(tm1, tm2)" if matmul else None, "m1 @ m2", 1),
    ]

    print(f"rusttorch {rt.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    print(f"median of {repeat} runs (best in brackets); build with `maturin develop --release`\n")
    header = f"{'op':<26} {'rusttorch':>22} {'numpy':>22} {'rt / np':>8}"
    print(header)
    print("-" * len(header))
    skipped = []
    small_add = None
    for name, rt_stmt, np_stmt, number in cases:
        if rt_stmt is None:
            skipped.append(f"{name}: rt.matmul is not in this build")
            continue
        try:
            eval(rt_stmt, env)  # noqa: S307 - one of the fixed statements above
        except (TypeError, AttributeError) as e:
            skipped.append(f"{name}: not in this build ({type(e).__name__}: {e})")
            continue
        rt_med, rt_best = per_call_us(rt_stmt, env, repeat, number)
        np_med, np_best = per_call_us(np_stmt, env, repeat, number)
        if name.startswith("a + b, 4"):
            small_add = rt_med
        print(
            f"{name:<26} {fmt_us(rt_med):>11} [{fmt_us(rt_best):>8}]"
            f" {fmt_us(np_med):>11} [{fmt_us(np_best):>8}] {rt_med / np_med:>7.2f}x"
        )
    for s in skipped:
        print(f"skipped  {s}")
    if small_add is not None:
        verdict = "meets" if small_add < 1.0 else "misses"
        print(f"\n`a + b` on 4 elements: {fmt_us(small_add)} per call, {verdict} the < 1 us target")
    print(
        "\nRust side of the large rows: cargo bench --bench ops -- 'binary/add/10000000' "
        "and -- 'matmul/f32/1024' (target: Python within 10%)."
    )


if __name__ == "__main__":
    main()
