#!/usr/bin/python3
"""For every model given (default: examples/models/*), compiles it with all
optimization passes and with each one disabled, and prints kernel calls,
bytes copied per run, arena bytes and host latency (median of repeated runs
of the generated C, -O3, in this process's machine; compare within one run,
the machine is shared).

    bench/passes_table.py [--repeat N] [MODEL_DIR...]
Full-size models: bench/full_models.sh shufflenet_v2 mobilenet_v2 first, then
    bench/passes_table.py build/full-models/shufflenet_v2 build/full-models/mobilenet_v2
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PASSES = ["edgec-recognize-channel-shuffle", "edgec-propagate-layout",
          "edgec-fold-batchnorm", "edgec-fold-pad", "edgec-fuse-activation",
          "edgec-fuse-quadratic-conv", "edgec-elide-copies"]


def measure(edgec, model, out, flags, repeat, cc, callgrind):
    r = subprocess.run([edgec, model, "-o", out, "--name", "model", *flags],
                       capture_output=True, text=True)
    if r.returncode:
        return None
    rep = json.load(open(os.path.join(out, "report.json")))
    exe = os.path.join(out, "latency")
    subprocess.run([cc, "-std=c99", "-O3", "-I", out, *glob.glob(os.path.join(out, "*.c")),
                    os.path.join(ROOT, "bench/latency.c"), "-o", exe], check=True)
    us = float(subprocess.run([exe, str(repeat)], capture_output=True, text=True,
                              check=True).stdout)
    insns = None
    if callgrind:
        # Instructions of a warm-up run plus one timed run (and the harness).
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                            exe, "1"], capture_output=True, text=True, check=True)
        insns = int(re.search(r"refs:\s*([\d,]+)", r.stderr).group(1).replace(",", ""))
    return len(rep["layers"]), rep["copy_bytes"], rep["arena_bytes"], us, insns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build/bin/edgec"))
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions under valgrind's callgrind")
    ap.add_argument("--passes", default=",".join(PASSES),
                    help="comma-separated passes to disable one at a time")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    models = args.models or sorted(glob.glob(os.path.join(ROOT, "examples/models/*")))
    work = tempfile.mkdtemp(prefix="edgec-passes-")
    print(f"{'model':16s} {'configuration':34s} {'calls':>5s} {'copied B':>9s} "
          f"{'arena B':>9s} {'latency us':>10s} {'instructions':>12s}")
    for m in models:
        name = os.path.basename(m.rstrip("/"))
        passes = [p for p in args.passes.split(",") if p]
        for config in ["all passes"] + [f"without {p}" for p in passes]:
            flags = [] if config == "all passes" else [
                "--disable-pass=" + config.split()[-1]]
            res = measure(args.edgec, os.path.join(m, "model.onnx"),
                          os.path.join(work, name), flags, args.repeat, args.cc,
                          args.callgrind)
            if res is None:
                print(f"{name:16s} {config:34s} compile error")
                continue
            calls, copied, arena, us, insns = res
            print(f"{name:16s} {config:34s} {calls:5d} {copied:9d} {arena:9d} {us:10.1f} "
                  f"{insns if insns is not None else '-':>12}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
