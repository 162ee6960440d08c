#!/usr/bin/python3
"""int8 against float on the example models: compiles each model as float
and with --quantize=int8 (calibrated on samples drawn like the model's test
input: standard normal), runs both C builds on the stored test input and
on more held-out samples, and prints per model the SQNR of the int8 output
against the float one (dB), weights and arena bytes float vs int8 and their
ratios, and the ops left in float.

    bench/int8_table.py [--edgec build/bin/edgec] [--observer minmax] [MODEL_DIR...]
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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HARNESS = os.path.join(ROOT, "test", "e2e", "harness.c")


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def build(edgec, model, out, extra):
    subprocess.run([edgec, model, "-o", out, "--name", "model", *extra],
                   check=True, capture_output=True, text=True)
    exe = os.path.join(out, "run")
    subprocess.run(["gcc", "-std=c99", "-O2", "-I", out,
                    *glob.glob(os.path.join(out, "*.c")), HARNESS, "-o", exe],
                   check=True, capture_output=True, text=True)
    return exe, json.load(open(os.path.join(out, "report.json")))


def run(exe, workdir, x, out_size):
    xin = os.path.join(workdir, "x.bin")
    x.astype("<f4").tofile(xin)
    yout = os.path.join(workdir, "y.bin")
    subprocess.run([exe, xin, "--", f"{yout}:{out_size}"], check=True)
    return np.fromfile(yout, dtype="<f4")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build", "bin", "edgec"))
    ap.add_argument("--observer", default="minmax")
    ap.add_argument("--calib-samples", type=int, default=32)
    ap.add_argument("--test-samples", type=int, default=8)
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    models = args.models or sorted(glob.glob(os.path.join(ROOT, "examples", "models", "*")))
    print("| model | SQNR dB | weights f32 | weights int8 | ratio | arena f32 | arena int8 | ratio | ops in f32 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for m in models:
        name = os.path.basename(m.rstrip("/"))
        model = os.path.join(m, "model.onnx")
        g = onnx.load(model, load_external_data=False).graph
        shape = [d.dim_value for d in g.input[0].type.tensor_type.shape.dim]
        x0 = load_pb(os.path.join(m, "test_data_set_0", "input_0.pb")).astype(np.float32)
        out_size = load_pb(os.path.join(m, "test_data_set_0", "output_0.pb")).size
        rng = np.random.default_rng(1)
        with tempfile.TemporaryDirectory() as tmp:
            calib = os.path.join(tmp, "calib.npy")
            np.save(calib, (rng.standard_normal([args.calib_samples] + shape[1:]) *
                            x0.std() + x0.mean()).astype(np.float32))
            try:
                fexe, frep = build(args.edgec, model, os.path.join(tmp, "f32"), [])
                qexe, qrep = build(args.edgec, model, os.path.join(tmp, "int8"),
                                   ["--quantize=int8", f"--calib={calib}",
                                    f"--observer={args.observer}"])
            except subprocess.CalledProcessError as e:
                print(f"| {name} | failed: {(e.stderr or '').strip()[-200:]} |")
                continue
            signal = noise = 0.0
            tests = [x0] + [(rng.standard_normal(shape) * x0.std() + x0.mean()).astype(np.float32)
                            for _ in range(args.test_samples)]
            for x in tests:
                yf = run(fexe, tmp, x, out_size)
                yq = run(qexe, tmp, x, out_size)
                signal += float(np.sum(yf.astype(np.float64) ** 2))
                noise += float(np.sum((yq.astype(np.float64) - yf) ** 2))
            sqnr = 10 * np.log10(signal / noise) if noise > 0 else float("inf")
            floats = sorted({l["op"].replace("nn.", "") for l in qrep.get("float_layers", [])})
            print(f"| {name} | {sqnr:.1f} | {frep['weights_bytes']} | {qrep['weights_bytes']} | "
                  f"{qrep['weights_bytes'] / frep['weights_bytes']:.3f} | {frep['arena_bytes']} | "
                  f"{qrep['arena_bytes']} | {qrep['arena_bytes'] / max(frep['arena_bytes'], 1):.3f} | "
                  f"{', '.join(floats) or '-'} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
