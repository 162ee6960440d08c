#!/usr/bin/python3
"""Compiles every model folder given (default: examples/models/*) for the
host and prints one row per model: MACs, kernel calls, arena bytes, the
chosen schedule's lower bound, the lower bound of ONNX's node order, the
bytes of all activations without reuse, arena / bound, weight bytes, bytes
copied per run, the max error of the C output against the reference saved with the model (as a
fraction of the output's largest magnitude), and how the schedule was found.

    bench/model_table.py [--edgec build/bin/edgec] [--target T] [MODEL_DIR...]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build/bin/edgec"))
    ap.add_argument("--target", default="host")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    models = args.models or sorted(glob.glob(os.path.join(ROOT, "examples/models/*")))
    print(f"{'model':16s} {'MACs':>11s} {'calls':>5s} {'arena B':>9s} {'bound B':>9s} "
          f"{'ONNX-order bound B':>18s} {'no-reuse B':>10s} {'arena/bound':>11s} "
          f"{'weights B':>10s} {'copied B':>9s} {'max err':>9s}  schedule")
    work = tempfile.mkdtemp(prefix="edgec-bench-")
    for m in models:
        name = os.path.basename(m.rstrip("/"))
        out = os.path.join(work, name)
        r = subprocess.run([args.edgec, os.path.join(m, "model.onnx"), "-o", out,
                            "--name", "model", "--target", args.target],
                           capture_output=True, text=True)
        if r.returncode:
            print(f"{name:16s} compile error: {r.stderr.strip()}")
            continue
        rep = json.load(open(os.path.join(out, "report.json")))
        macs = sum(l["macs"] for l in rep["layers"])
        err = "-"
        ds = os.path.join(m, "test_data_set_0")
        if os.path.isdir(ds):
            exe = os.path.join(out, "run")
            subprocess.run([args.cc, "-std=c99", "-O2", "-I", out,
                            *glob.glob(os.path.join(out, "*.c")),
                            os.path.join(ROOT, "test/e2e/harness.c"), "-o", exe],
                           check=True)
            x = load_pb(os.path.join(ds, "input_0.pb")).astype("<f4")
            y = load_pb(os.path.join(ds, "output_0.pb")).astype(np.float32).reshape(-1)
            x.tofile(os.path.join(out, "in.bin"))
            subprocess.run([exe, os.path.join(out, "in.bin"), "--",
                            os.path.join(out, f"out.bin:{y.size}")], check=True)
            got = np.fromfile(os.path.join(out, "out.bin"), dtype="<f4")
            err = f"{float(np.max(np.abs(got - y)) / np.max(np.abs(y))):.2e}"
        ratio = rep["arena_bytes"] / max(1, rep["arena_lower_bound_bytes"])
        print(f"{name:16s} {macs:11d} {len(rep['layers']):5d} {rep['arena_bytes']:9d} "
              f"{rep['arena_lower_bound_bytes']:9d} "
              f"{rep['arena_lower_bound_onnx_order_bytes']:18d} "
              f"{rep.get('no_reuse_bytes', 0):10d} {ratio:11.3f} {rep['weights_bytes']:10d} "
              f"{rep['copy_bytes']:9d} {err:>9s}  {rep.get('schedule', '-')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
