#!/usr/bin/python3
"""Resize against two references.

  - ONNX's own Resize/Upsample node tests (Debian's libonnx-testdata), with
    their scales, sizes and roi made constants (in the node tests they are
    graph inputs, so the output shape would only be known at run time):
    every case edgec supports must match ONNX's expected output;
  - torch: F.interpolate nearest, bilinear and bicubic, align_corners on and
    off, integer and fractional factors, up and down, exported to ONNX.

Cases go through run_onnx_tests.py (compiled, built, run, compared).

    check_resize.py --edgec build/bin/edgec
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import warnings

import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.filterwarnings("ignore")
# Cases edgec refuses, with the reason (the rest must pass).
REFUSED = {
    "test_resize_tf_crop_and_resize": "a region of interest",
}


def node_cases(work):
    data = subprocess.run(["dpkg", "-L", "libonnx-testdata"], capture_output=True,
                          text=True).stdout.split()
    node = next(p for p in data if p.endswith("/data/node"))
    dirs = []
    for case in sorted(glob.glob(os.path.join(node, "test_resize_*")) +
                       glob.glob(os.path.join(node, "test_upsample_*"))):
        name = os.path.basename(case)
        m = onnx.load(os.path.join(case, "model.onnx"))
        ds = os.path.join(case, "test_data_set_0")
        out = os.path.join(work, name)
        os.makedirs(os.path.join(out, "test_data_set_0"))
        keep = []
        for i, vi in enumerate(m.graph.input):
            t = onnx.TensorProto()
            t.ParseFromString(open(os.path.join(ds, f"input_{i}.pb"), "rb").read())
            if i == 0:
                keep.append(vi)
                open(os.path.join(out, "test_data_set_0", "input_0.pb"), "wb").write(
                    t.SerializeToString())
            else:
                t.name = vi.name
                m.graph.initializer.append(t)
        del m.graph.input[:]
        m.graph.input.extend(keep)
        onnx.save(m, os.path.join(out, "model.onnx"))
        for f in glob.glob(os.path.join(ds, "output_*.pb")):
            open(os.path.join(out, "test_data_set_0", os.path.basename(f)), "wb").write(
                open(f, "rb").read())
        dirs.append(out)
    return dirs


TORCH_CASES = [  # (input shape, interpolate keyword arguments)
    ((1, 3, 5, 7), dict(scale_factor=2, mode="bilinear", align_corners=False)),
    ((1, 3, 5, 7), dict(scale_factor=2, mode="bilinear", align_corners=True)),
    ((1, 2, 6, 4), dict(size=(9, 10), mode="bilinear", align_corners=False)),
    ((1, 2, 8, 8), dict(scale_factor=0.5, mode="bilinear", align_corners=False)),
    ((1, 3, 5, 6), dict(scale_factor=3, mode="bicubic", align_corners=False)),
    ((1, 3, 5, 6), dict(size=(7, 11), mode="bicubic", align_corners=True)),
    ((1, 2, 6, 9), dict(size=(4, 13), mode="nearest")),
    ((1, 4, 7), dict(scale_factor=4, mode="linear", align_corners=False)),
]


def torch_cases(work):
    dirs = []
    for k, (shape, kw) in enumerate(TORCH_CASES):
        torch.manual_seed(k)

        class M(torch.nn.Module):
            def forward(self, x):
                return F.interpolate(torch.tanh(x), **kw)

        x = torch.randn(*shape)
        d = os.path.join(work, f"torch_{k}_{kw['mode']}")
        os.makedirs(os.path.join(d, "test_data_set_0"))
        torch.onnx.export(M(), x, os.path.join(d, "model.onnx"), opset_version=13)
        with torch.no_grad():
            y = M()(x)
        for name, t in (("input_0", x), ("output_0", y)):
            open(os.path.join(d, "test_data_set_0", name + ".pb"), "wb").write(
                numpy_helper.from_array(t.numpy(), name).SerializeToString())
        dirs.append(d)
    return dirs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        dirs = node_cases(work) + torch_cases(work)
        r = subprocess.run([sys.executable, os.path.join(HERE, "run_onnx_tests.py"),
                            "--edgec", args.edgec, "--verbose", *dirs],
                           capture_output=True, text=True)
        bad = 0
        seen = set()
        for line in r.stdout.splitlines():
            parts = line.split(None, 2)
            if len(parts) < 2 or parts[0] not in ("pass", "fail", "unsupported"):
                continue
            status, name = parts[0], parts[1]
            seen.add(name)
            expected = "unsupported" if name in REFUSED else "pass"
            if status != expected:
                bad += 1
                print(f"FAIL {name}: {status} (expected {expected}) "
                      f"{parts[2] if len(parts) > 2 else ''}"[:400])
        for d in dirs:
            if os.path.basename(d) not in seen:
                bad += 1
                print(f"FAIL {os.path.basename(d)}: no result")
        print(f"{len(dirs) - bad} as expected, {bad} not")
        return 1 if bad or not dirs else 0


if __name__ == "__main__":
    sys.exit(main())
