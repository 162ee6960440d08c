#!/usr/bin/python3
"""int8 accuracy on real data: each trained model in examples/digits (see
examples/train_digits.py) is compiled as float and with --quantize=int8
(calibrated on the committed training samples), both C builds classify the
held-out digits, and int8's top-1 must be within `--max-drop` points of
float's, with at most 0.3 of the float weights' bytes and 0.35 of its
arena. The QDQ versions of the models (quantized as ONNX Runtime's tools
lay a model out) run in int8 as imported, against torch's float top-1. Prints both, per model and observer, and the SQNR of the int8
logits against the float ones.

    check_digits.py --edgec build/bin/edgec [--observer minmax ...] [--max-drop 1.0]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "examples", "digits")


def logits_of(edgec, model, workdir, x, extra):
    out = os.path.join(workdir, "c")
    subprocess.run([edgec, model, "-o", out, "--name", "model", *extra], check=True)
    exe = os.path.join(out, "run")
    subprocess.run(["gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-I", out,
                    *glob.glob(os.path.join(out, "*.c")),
                    os.path.join(HERE, "batch_harness.c"), "-o", exe], check=True)
    xin, yout = os.path.join(workdir, "x.bin"), os.path.join(workdir, "y.bin")
    x.astype("<f4").tofile(xin)
    subprocess.run([exe, xin, str(len(x)), yout], check=True)
    return np.fromfile(yout, dtype="<f4").reshape(len(x), -1)


def top1(logits, y):
    return 100.0 * float(np.mean(logits.argmax(1) == y))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--observer", action="append")
    ap.add_argument("--max-drop", type=float, default=1.0)
    args = ap.parse_args()
    observers = args.observer or ["minmax"]
    x = np.load(os.path.join(DIGITS, "test_x.npy"))
    y = np.load(os.path.join(DIGITS, "test_y.npy"))
    calib = os.path.join(DIGITS, "calib.npy")
    failed = 0
    for d in sorted(glob.glob(os.path.join(DIGITS, "*", "model.onnx"))):
        name = os.path.basename(os.path.dirname(d))
        torch_top1 = float(open(os.path.join(os.path.dirname(d), "float_top1.txt")).read())
        with tempfile.TemporaryDirectory() as tmp:
            if name.endswith("_qdq"):
                # A QDQ model runs in int8 as it is: against torch's float.
                lq = logits_of(args.edgec, d, tmp, x, [])
                q = top1(lq, y)
                line = f"{name}: QDQ imported, int8 {q:.2f}% (torch float {torch_top1:.2f}%)"
                report = json.load(open(os.path.join(tmp, "c", "report.json")))
                if report.get("float_layers"):
                    line += " FAIL: layers left in float"
                    failed += 1
                if q < torch_top1 - args.max_drop:
                    line += f" FAIL: more than {args.max_drop} points below float"
                    failed += 1
                print(("FAIL " if "FAIL" in line else "ok   ") + line)
                continue
            lf = logits_of(args.edgec, d, tmp, x, [])
            f32 = top1(lf, y)
            frep = json.load(open(os.path.join(tmp, "c", "report.json")))
            line = f"{name}: float {f32:.2f}% (torch {torch_top1:.2f}%)"
            if abs(f32 - torch_top1) > 0.3:
                line += " FAIL: the float C differs from torch"
                failed += 1
            for obs in observers:
                lq = logits_of(args.edgec, d, tmp, x,
                               ["--quantize=int8", f"--calib={calib}", f"--observer={obs}"])
                q = top1(lq, y)
                sqnr = 10 * np.log10(np.sum(lf.astype(np.float64) ** 2) /
                                     max(np.sum((lq.astype(np.float64) - lf) ** 2), 1e-30))
                line += f", int8 ({obs}) {q:.2f}% (logits {sqnr:.1f} dB)"
                qrep = json.load(open(os.path.join(tmp, "c", "report.json")))
                wr = qrep["weights_bytes"] / frep["weights_bytes"]
                ar = qrep["arena_bytes"] / frep["arena_bytes"]
                line += f", weights x{wr:.3f}, arena x{ar:.3f}"
                if wr > 0.3 or ar > 0.35:
                    line += " FAIL: int8 weights over 0.3 or arena over 0.35 of float"
                    failed += 1
                if q < f32 - args.max_drop:
                    line += f" FAIL: more than {args.max_drop} points below float"
                    failed += 1
            print(("FAIL " if "FAIL" in line else "ok   ") + line)
    print(f"{len(glob.glob(os.path.join(DIGITS, '*', 'model.onnx')))} models, {failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
