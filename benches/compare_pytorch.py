"""rusttorch against PyTorch and NumPy, op by op, in one process, with the machine's limits.

Setup (not part of CI: torch from PyPI is large, about 3 GB with its CUDA libraries, which a
CPU run never loads):

    python3 -m venv target/bench-venv
    target/bench-venv/bin/pip install torch numpy pandas
    target/bench-venv/bin/pip install ./python          # rusttorch, release build
    target/bench-venv/bin/python benches/compare_pytorch.py [--quick] [--json out.json]

Every op runs on the same inputs in each library, libraries alternating within each round
(rusttorch, torch, numpy, rusttorch, ...), after a warm-up; the table shows the median time,
the min-max range, the throughput (GB/s of compulsory memory traffic, or GFLOP/s), the ratio
time(rusttorch) / time(PyTorch), and rusttorch's throughput as a fraction of the machine's
limit measured in the same run: STREAM-style copy and triad bandwidth on all threads, and
the best f32 matmul rate of the three libraries. Both libraries run with 2 threads (the
machine's cores); numpy's elementwise ops are single-threaded by design.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
os.environ.setdefault("RAYON_NUM_THREADS", str(THREADS))
# PyTorch's OpenMP workers otherwise spin after each op and take the cores from rusttorch's
# rayon workers in the next call: measured here, torch's own 128x128 matmul took 6 ms instead
# of 35 us when alternating with rusttorch under the default (active) policy. A passive wait
# costs torch a thread wake-up on small multi-threaded ops instead (sum of 1e5 elements: about
# 70 us instead of 6 us), which flatters rusttorch there; set OMP_WAIT_POLICY=ACTIVE to see
# the other bias. Running each library in its own process would remove both.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# NumPy's OpenBLAS workers likewise spin for about 2^28 cycles after each call, and numpy
# runs just before rusttorch in every round: measured here, rusttorch's 1024 matmul ran at
# 90 GFLOP/s right after numpy's and at 175 GFLOP/s with this shortest timeout (2^4 cycles),
# with numpy's own rate unchanged (150-174).
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

import numpy as np  # noqa: E402  (after the thread settings: OpenBLAS reads them on load)

import torch  # noqa: E402  (after the thread settings)

import rusttorch as rt  # noqa: E402

torch.set_num_threads(THREADS)
ROOT = Path(__file__).resolve().parents[1]


def timeit(fn, min_time):
    """Seconds per call of `fn`: enough calls to take `min_time`, at least one."""
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / n


class Case:
    """One op: a callable per library (None where a library has no such op), its compulsory
    memory traffic in bytes and its flop count (either may be 0), and the limit it is
    measured against ("bandwidth" or "flops")."""

    def __init__(self, name, fns, bytes_=0, flops=0):
        self.name, self.fns, self.bytes, self.flops = name, fns, bytes_, flops
        self.limit = "flops" if flops else "bandwidth"


def run_case(case, rounds, min_time):
    libs = [lib for lib in ("rusttorch", "torch", "numpy") if case.fns.get(lib)]
    for lib in libs:  # warm-up: first calls, caches, thread pools
        timeit(case.fns[lib], min_time / 4)
    times = {lib: [] for lib in libs}
    for _ in range(rounds):
        for lib in libs:
            times[lib].append(timeit(case.fns[lib], min_time))
    return {lib: (statistics.median(t), min(t), max(t)) for lib, t in times.items()}


def f32(shape, seed=0, low=-2.0, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, size=shape).astype(np.float32)


def three(a):
    """The same array as a rusttorch tensor, a torch tensor and a numpy array."""
    return rt.from_numpy(a.copy()), torch.from_numpy(a.copy()), a.copy()


def elementwise_cases(sizes):
    return [c for n in sizes for c in elementwise_cases_at(n)]


def elementwise_cases_at(n):
    """add, mul and broadcast add at `n` elements (a function per size, so that each
    lambda closes over its own tensors)."""
    a, b = f32(n, 1), f32(n, 2)
    (ra, ta, na), (rb, tb, nb) = three(a), three(b)
    cols = 1000 if n >= 1e5 else 100
    m, v = f32((n // cols, cols), 3), f32(cols, 4)
    (rm, tm, nm), (rv, tv, nv) = three(m), three(v)
    return [
        Case(f"add {n:.0e}", {"rusttorch": lambda: ra + rb, "torch": lambda: ta + tb,
                              "numpy": lambda: na + nb}, 12 * n),
        Case(f"mul {n:.0e}", {"rusttorch": lambda: ra * rb, "torch": lambda: ta * tb,
                              "numpy": lambda: na * nb}, 12 * n),
        Case(f"broadcast add {n:.0e}", {"rusttorch": lambda: rm + rv, "torch": lambda: tm + tv,
                                        "numpy": lambda: nm + nv}, 8 * n),
    ]


def unary_cases(n):
    a = f32(n, 5)
    ra, ta, na = three(a)
    gelu_np = None
    cases = [
        Case(f"mul scalar {n:.0e}", {"rusttorch": lambda: ra * 2.5, "torch": lambda: ta * 2.5,
                                     "numpy": lambda: na * np.float32(2.5)}, 8 * n),
        Case(f"relu {n:.0e}", {"rusttorch": lambda: ra.relu(), "torch": lambda: ta.relu(),
                               "numpy": lambda: np.maximum(na, 0)}, 8 * n),
        Case(f"sigmoid {n:.0e}", {"rusttorch": lambda: ra.sigmoid(), "torch": lambda: ta.sigmoid(),
                                  "numpy": lambda: 1 / (1 + np.exp(-na))}, 8 * n),
        Case(f"tanh {n:.0e}", {"rusttorch": lambda: ra.tanh(), "torch": lambda: ta.tanh(),
                               "numpy": lambda: np.tanh(na)}, 8 * n),
        Case(f"gelu {n:.0e}", {"rusttorch": lambda: rt.nn.functional.gelu(ra),
                               "torch": lambda: torch.nn.functional.gelu(ta), "numpy": gelu_np}, 8 * n),
        Case(f"exp {n:.0e}", {"rusttorch": lambda: ra.exp(), "torch": lambda: ta.exp(),
                              "numpy": lambda: np.exp(na)}, 8 * n),
    ]
    return cases


def reduction_cases(n):
    a = f32((n // 1000, 1000), 6)
    ra, ta, na = three(a)
    c = []
    for name in ("sum", "mean", "max"):
        c.append(Case(f"{name} all {n:.0e}", {"rusttorch": getattr(ra, name), "torch": getattr(ta, name),
                                               "numpy": getattr(na, name)}, 4 * n))
        rdim = {"sum": lambda: ra.sum(dim=-1), "mean": lambda: ra.mean(dim=-1), "max": lambda: ra.amax(dim=-1)}
        tdim = {"sum": lambda: ta.sum(dim=-1), "mean": lambda: ta.mean(dim=-1), "max": lambda: ta.amax(dim=-1)}
        ndim = {"sum": lambda: na.sum(axis=-1), "mean": lambda: na.mean(axis=-1), "max": lambda: na.max(axis=-1)}
        c.append(Case(f"{name} last dim {n:.0e}", {"rusttorch": rdim[name], "torch": tdim[name],
                                                    "numpy": ndim[name]}, 4 * n))
    return c


def max_against_sum(sizes, rounds, min_time):
    """time(max) / time(sum) per library, reduction and size, each pair timed alternately in
    the same rounds: the table's `max` and `sum` rows run about a minute apart, which on this
    shared machine can differ by more than the kernels do."""
    ratios = {}
    for n in sizes:
        a = f32((n // 1000, 1000), 6)
        ra, ta, _ = three(a)
        pairs = {
            f"rusttorch all {n:.0e}": (ra.sum, ra.max),
            f"rusttorch last dim {n:.0e}": (lambda: ra.sum(dim=-1), lambda: ra.amax(dim=-1)),
            f"torch all {n:.0e}": (ta.sum, ta.max),
            f"torch last dim {n:.0e}": (lambda: ta.sum(dim=-1), lambda: ta.amax(dim=-1)),
        }
        for name, (sum_fn, max_fn) in pairs.items():
            for fn in (sum_fn, max_fn):
                timeit(fn, min_time / 4)
            sums, maxes = [], []
            for _ in range(rounds):
                sums.append(timeit(sum_fn, min_time))
                maxes.append(timeit(max_fn, min_time))
            ratios[name] = statistics.median(maxes) / statistics.median(sums)
    return ratios


def composite_cases():
    x = f32((4096, 1024), 7)
    rx, tx, nx = three(x)
    n = x.size
    logits = f32((4096, 1000), 8)
    rl, tl, _ = three(logits)
    labels = np.random.default_rng(9).integers(0, 1000, size=4096)
    rlab, tlab = rt.from_numpy(labels.astype(np.int64)), torch.from_numpy(labels.astype(np.int64))
    target = f32((4096, 1000), 10)
    rtg, ttg, ntg = three(target)
    _, _, nl = three(logits)
    big = f32((4096, 4096), 11)
    rb, tb, nb = three(big)

    def np_softmax(a):
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    F = rt.nn.functional
    return [
        Case("softmax 4096x1024", {"rusttorch": lambda: rx.softmax(-1), "torch": lambda: tx.softmax(-1),
                                   "numpy": lambda: np_softmax(nx)}, 8 * n),
        Case("log_softmax 4096x1024", {"rusttorch": lambda: rx.log_softmax(-1),
                                       "torch": lambda: tx.log_softmax(-1), "numpy": None}, 8 * n),
        Case("transpose+contiguous 4096^2", {"rusttorch": lambda: rb.T.contiguous(),
                                             "torch": lambda: tb.T.contiguous(),
                                             "numpy": lambda: np.ascontiguousarray(nb.T)}, 8 * big.size),
        Case("mse loss 4096x1000", {"rusttorch": lambda: F.mse_loss(rl, rtg),
                                    "torch": lambda: torch.nn.functional.mse_loss(tl, ttg),
                                    "numpy": lambda: np.mean((nl - ntg) ** 2)}, 8 * logits.size),
        Case("cross entropy 4096x1000", {"rusttorch": lambda: F.cross_entropy(rl, rlab),
                                         "torch": lambda: torch.nn.functional.cross_entropy(tl, tlab),
                                         "numpy": None}, 4 * logits.size),
    ]


def square_matmul_case(n):
    a, b = f32((n, n), 12), f32((n, n), 13)
    (ra, ta, na), (rb, tb, nb) = three(a), three(b)
    return Case(f"matmul {n}", {"rusttorch": lambda: ra @ rb, "torch": lambda: ta @ tb,
                                "numpy": lambda: na @ nb}, flops=2 * n**3)


def matmul_cases(sizes):
    cases = [square_matmul_case(n) for n in sizes]
    a, b = f32((32, 128, 128), 14), f32((32, 128, 128), 15)
    (ra, ta, na), (rb, tb, nb) = three(a), three(b)
    cases.append(Case("matmul 32x128x128", {"rusttorch": lambda: ra @ rb, "torch": lambda: ta @ tb,
                                            "numpy": lambda: na @ nb}, flops=2 * 32 * 128**3))
    return cases


def adam_case(n):
    p0, g0 = f32(n, 16), f32(n, 17, -0.1, 0.1)
    rp = rt.from_numpy(p0.copy()).requires_grad_()
    rp.grad = rt.from_numpy(g0.copy())
    ropt = rt.optim.Adam([rp], lr=1e-3)
    tp = torch.from_numpy(p0.copy()).requires_grad_()
    tp.grad = torch.from_numpy(g0.copy())
    tfused = torch.optim.Adam([tp], lr=1e-3, fused=True)
    tp2 = torch.from_numpy(p0.copy()).requires_grad_()
    tp2.grad = torch.from_numpy(g0.copy())
    tdefault = torch.optim.Adam([tp2], lr=1e-3)
    # Traffic: read p, g, m, v; write p, m, v.
    return [
        Case(f"adam step {n:.0e} (torch fused)", {"rusttorch": ropt.step, "torch": tfused.step}, 28 * n),
        Case(f"adam step {n:.0e} (torch default)", {"rusttorch": ropt.step, "torch": tdefault.step}, 28 * n),
    ]


def per_call_cases():
    a, b = f32(4, 18), f32(4, 19)
    (ra, ta, na), (rb, tb, nb) = three(a), three(b)
    return [
        Case("a + b, 4 elements (per call)", {"rusttorch": lambda: ra + rb, "torch": lambda: ta + tb,
                                              "numpy": lambda: na + nb}),
        Case("a + 1.0, 4 elements (per call)", {"rusttorch": lambda: ra + 1.0, "torch": lambda: ta + 1.0,
                                                "numpy": lambda: na + 1.0}),
    ]


def digits_case():
    data = np.loadtxt(ROOT / "data" / "digits.csv", delimiter=",", skiprows=1, dtype=np.float32)
    x, y = data[:, :-1] / 16.0, data[:, -1].astype(np.int64)

    def rt_epoch():
        rt.manual_seed(0)
        model = rt.nn.Sequential(rt.nn.Linear(64, 256), rt.nn.ReLU(), rt.nn.Linear(256, 10))
        opt = rt.optim.Adam(model.parameters(), lr=1e-3)
        loader = rt.DataLoader(rt.from_numpy(x), rt.from_numpy(y), 64, shuffle=True, seed=0)
        for xb, yb in loader:
            opt.zero_grad()
            rt.nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()

    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def torch_epoch():
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        perm = torch.randperm(len(tx))
        for i in range(0, len(tx), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(tx[idx]), ty[idx]).backward()
            opt.step()

    procs = []  # started on first use, so that --only without this row does not build it

    def rust_epoch():
        if not procs:
            procs.append(rust_epoch_process())
        rust = procs[0]
        rust.stdin.write("1\n")
        rust.stdin.flush()
        float(rust.stdout.readline())  # the program's own timing; the call also pays the pipe

    return [Case("digits MLP epoch from Python (64-256-10)", {"rusttorch": rt_epoch, "torch": torch_epoch}),
            Case("digits MLP epoch from Rust (torch: Python)", {"rusttorch": rust_epoch, "torch": torch_epoch})]


def rust_epoch_process():
    """examples/digits_epoch.rs (built here in release), held open: each line "1" on its stdin
    runs one epoch. The round trip through the pipe (tens of microseconds) is timed with it."""
    import subprocess

    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "digits_epoch"],
                   cwd=ROOT, check=True)
    exe = ROOT / "target" / "release" / "examples" / "digits_epoch"
    return subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)


def csv_case(tmp):
    path = tmp / "compare_1e6x20.csv"
    if not path.exists():
        rng = np.random.default_rng(20)
        np.savetxt(path, rng.uniform(-100, 100, size=(1_000_000, 20)), delimiter=",", fmt="%.4f",
                   header=",".join(f"f{i}" for i in range(20)), comments="")
    size = path.stat().st_size
    import pandas as pd

    return [Case("load CSV 1e6x20 (torch column: pandas)", {
        "rusttorch": lambda: rt.load_csv(str(path)),
        "torch": lambda: pd.read_csv(path, dtype=np.float32),
        "numpy": lambda: np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32),
    }, size)], path


def machine_limits(min_time):
    """STREAM copy and triad (GB/s, all threads, torch with preallocated outputs) and the
    peak f32 matmul rate (GFLOP/s, best of the three libraries at 2048)."""
    n = 20_000_000
    a, b, c = torch.empty(n), torch.rand(n), torch.rand(n)
    copy = 8 * n / min(timeit(lambda: a.copy_(b), min_time) for _ in range(5))
    triad = 12 * n / min(timeit(lambda: torch.add(b, c, alpha=3.0, out=a), min_time) for _ in range(5))
    m = f32((2048, 2048), 21)
    r, t, npm = three(m)
    flops = 2 * 2048**3
    best = max(flops / timeit(f, min_time) for f in (lambda: r @ r, lambda: t @ t, lambda: npm @ npm)
               for _ in range(3))
    return {"copy_GBps": copy / 1e9, "triad_GBps": triad / 1e9, "matmul_GFLOPs": best / 1e9}


RSS_PROBE = """
import numpy as np, rusttorch as rt
def hwm_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
open("/proc/self/clear_refs", "w").write("5")  # reset the high-water mark to the current RSS
before = hwm_kb()
a = rt.from_numpy(np.full(10_000_000, 1.5, dtype=np.float32))
b = rt.from_numpy(np.full(10_000_000, 2.5, dtype=np.float32))
for _ in range(20):
    c = a + b
    del c
print((hwm_kb() - before) / 1024)
"""


def peak_rss_add_1e7():
    """Peak resident memory growth (MiB) over two 1e7 float32 inputs and 20 adds of them, in
    a fresh process that imports only rusttorch and numpy (torch's import would set the
    high-water mark)."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", RSS_PROBE], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def fmt_time(s):
    return f"{s * 1e6:,.1f} us" if s < 1e-3 else f"{s * 1e3:,.2f} ms"


def rate_of(bytes_, flops, seconds, limits):
    """rusttorch's throughput for a median of `seconds` and its fraction of the machine's
    limit, as two strings (both empty without a median or a size)."""
    if seconds and flops:
        g = flops / seconds / 1e9
        return f"{g:,.0f} GFLOP/s", f"{g / limits['matmul_GFLOPs']:.0%}"
    if seconds and bytes_:
        g = bytes_ / seconds / 1e9
        return f"{g:,.1f} GB/s", f"{g / limits['triad_GBps']:.0%}"
    return "", ""


def markdown_table(rows, limits, rss, max_over_sum):
    """The run's table in Markdown: medians, the ratio to PyTorch and the fraction of the
    machine's limit."""
    lines = [
        f"{len(rows)} ops, {THREADS} threads, {date.today()}: rusttorch {rt.__version__}, "
        f"torch {torch.__version__}, numpy {np.__version__}, Python {platform.python_version()}. "
        f"Machine limits in the same run: copy {limits['copy_GBps']:.1f} GB/s, triad "
        f"{limits['triad_GBps']:.1f} GB/s, f32 matmul {limits['matmul_GFLOPs']:.0f} GFLOP/s.",
        "",
        "| op | rusttorch | torch | numpy | rusttorch / torch | rusttorch rate | of limit |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        med = {lib: row[lib]["median_s"] for lib in ("rusttorch", "torch", "numpy") if lib in row}
        rate, frac = rate_of(row["bytes"], row["flops"], med.get("rusttorch"), limits)
        ratio = f"{row['ratio_to_torch']:.2f}" if row["ratio_to_torch"] else "-"
        cells = [fmt_time(med[lib]) if lib in med else "-" for lib in ("rusttorch", "torch", "numpy")]
        lines.append(f"| {row['op']} | {' | '.join(cells)} | {ratio} | {rate} | {frac} |")
    lines += ["", f"Peak resident memory growth for two 1e7 `float32` inputs and 20 adds of them: "
              f"{rss:.0f} MiB (inputs 80 MiB, one output 40 MiB).", ""]
    if max_over_sum:
        lines += ["time(max) / time(sum), the two timed alternately in the same rounds: "
                  + "; ".join(f"{k} {v:.2f}" for k, v in max_over_sum.items()) + ".", ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds and shorter timings")
    ap.add_argument("--json", default=str(ROOT / "target" / "compare_pytorch.json"))
    ap.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown (for the README)")
    ap.add_argument("--only", action="append", metavar="TEXT",
                    help="run only the ops whose name contains TEXT (repeatable)")
    args = ap.parse_args()
    rounds, min_time = (3, 0.05) if args.quick else (7, 0.2)
    tmp = ROOT / "target"
    tmp.mkdir(exist_ok=True)

    print(f"rusttorch {rt.__version__}, torch {torch.__version__}, numpy {np.__version__}, "
          f"Python {platform.python_version()}, {THREADS} threads, {date.today()}")
    rss = peak_rss_add_1e7()
    limits = machine_limits(min_time)
    print(f"machine: copy {limits['copy_GBps']:.1f} GB/s, triad {limits['triad_GBps']:.1f} GB/s, "
          f"f32 matmul {limits['matmul_GFLOPs']:.0f} GFLOP/s (best of the three libraries)\n")

    csv_cases, csv_path = csv_case(tmp)
    cases = (per_call_cases() + elementwise_cases([1_000, 100_000, 1_000_000, 10_000_000])
             + unary_cases(100_000) + unary_cases(10_000_000) + reduction_cases(100_000)
             + reduction_cases(1_000_000) + composite_cases() + matmul_cases([128, 512, 1024, 2048])
             + adam_case(10_000_000) + digits_case() + csv_cases)
    header = (f"{'op':44} {'rusttorch':>12} {'min-max':>21} {'torch':>12} {'numpy':>12} "
              f"{'rt/torch':>8} {'rt rate':>14} {'of limit':>8}")
    print(header)
    print("-" * len(header))
    if args.only:
        cases = [c for c in cases if any(t in c.name for t in args.only)]
    rows = []
    for case in cases:
        res = run_case(case, rounds, min_time)
        r = res.get("rusttorch")
        t = res.get("torch")
        npy = res.get("numpy")
        ratio = r[0] / t[0] if r and t else None
        rate, frac = rate_of(case.bytes, case.flops, r[0] if r else None, limits)
        print(f"{case.name:44} {fmt_time(r[0]) if r else '-':>12} "
              f"{(fmt_time(r[1]) + '-' + fmt_time(r[2])) if r else '-':>21} "
              f"{fmt_time(t[0]) if t else '-':>12} {fmt_time(npy[0]) if npy else '-':>12} "
              f"{f'{ratio:.2f}' if ratio else '-':>8} {rate:>14} {frac:>8}", flush=True)
        rows.append({"op": case.name, "bytes": case.bytes, "flops": case.flops,
                     **{lib: {"median_s": v[0], "min_s": v[1], "max_s": v[2]} for lib, v in res.items()},
                     "ratio_to_torch": ratio})
    print(f"\npeak resident memory growth for two 1e7 float32 inputs and 20 adds of them: "
          f"{rss:.0f} MiB (inputs 80 MiB, one output 40 MiB)")
    max_over_sum = {}
    if not args.only or any(t in "max sum" for t in args.only):
        max_over_sum = max_against_sum([100_000, 1_000_000], rounds, min_time)
        print("time(max) / time(sum), timed alternately: "
              + ", ".join(f"{k} {v:.2f}" for k, v in max_over_sum.items()))
    Path(args.json).write_text(json.dumps({
        "date": str(date.today()), "threads": THREADS, "versions": {
            "rusttorch": rt.__version__, "torch": torch.__version__, "numpy": np.__version__},
        "limits": limits, "rows": rows, "peak_rss_add_1e7_MiB": rss,
        "max_over_sum": max_over_sum}, indent=1))
    print(f"wrote {args.json}")
    if args.markdown:
        Path(args.markdown).write_text(markdown_table(rows, limits, rss, max_over_sum))
        print(f"wrote {args.markdown}")
    if not args.only:  # keep the generated file for the next partial run
        csv_path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
