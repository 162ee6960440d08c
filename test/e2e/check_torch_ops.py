#!/usr/bin/python3
"""Small torch networks around the operators beyond classification, each
exported to ONNX with its torch output beside it, compiled by edgec, run as C
and compared with torch (max error 1e-4 of the output's largest magnitude,
as the model tests). The example networks of `make_models.py --beyond`
(a YOLO-style neck, ESPCN, a U-Net) are checked as models by the test
command; these are the operators' corner cases:

  - norm_acts: InstanceNorm2d, PReLU, ELU, SELU, Softplus, Softsign,
    LogSoftmax;
  - deconvs: ConvTranspose2d/1d over strides, kernels, pads, dilations,
    output_padding, groups and bias, side by side.

    check_torch_ops.py --edgec build/bin/edgec
"""
import argparse
import os
import subprocess
import sys
import tempfile
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.filterwarnings("ignore")  # torch's export notes


def norm_acts():
    m = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.InstanceNorm2d(8, affine=True),
                      nn.PReLU(8), nn.Conv2d(8, 8, 3, padding=1), nn.ELU(), nn.SELU(),
                      nn.Softplus(), nn.Softsign(), nn.Conv2d(8, 4, 1), nn.LogSoftmax(dim=1))
    with torch.no_grad():
        m[1].weight.uniform_(0.5, 1.5)
        m[1].bias.uniform_(-0.5, 0.5)
        m[2].weight.uniform_(0.05, 0.3)
    return m


class Deconvs(nn.Module):
    """ConvTranspose configurations in parallel branches of one input."""
    CONFIGS = [  # (out, kernel, stride, padding, output_padding, groups, dilation, bias)
        (4, 3, 1, 0, 0, 1, 1, True), (4, 3, 2, 1, 1, 1, 1, True),
        (6, (3, 5), (2, 3), (1, 2), (1, 0), 1, 1, False), (4, 4, 2, 1, 0, 2, 1, True),
        (8, 3, 2, 0, 0, 4, 2, True), (3, 2, 3, 0, 2, 1, (1, 2), True),
        (4, 5, 4, 2, 3, 1, 1, True), (4, 1, 2, 0, 1, 1, 1, True),
    ]

    def __init__(self):
        super().__init__()
        self.ts = nn.ModuleList(nn.ConvTranspose2d(4, o, k, s, p, op, g, b, d)
                                for o, k, s, p, op, g, d, b in self.CONFIGS)
        self.t1 = nn.ConvTranspose1d(4, 4, 3, stride=2, padding=1, output_padding=1)

    def forward(self, x):
        return tuple(t(x) for t in self.ts) + (self.t1(x.mean(2)),)


CASES = {
    "norm_acts": (norm_acts, (1, 3, 12, 12)),
    "deconvs": (Deconvs, (1, 4, 5, 6)),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        dirs = []
        for i, (name, (ctor, shape)) in enumerate(CASES.items()):
            torch.manual_seed(10 + i)
            model = ctor().eval()
            x = torch.randn(*shape)
            d = os.path.join(work, name)
            os.makedirs(os.path.join(d, "test_data_set_0"))
            torch.onnx.export(model, x, os.path.join(d, "model.onnx"), opset_version=13)
            with torch.no_grad():
                ys = model(x)
            ys = ys if isinstance(ys, tuple) else (ys,)
            ds = os.path.join(d, "test_data_set_0")
            open(os.path.join(ds, "input_0.pb"), "wb").write(
                numpy_helper.from_array(x.numpy(), "x").SerializeToString())
            for j, y in enumerate(ys):
                open(os.path.join(ds, f"output_{j}.pb"), "wb").write(
                    numpy_helper.from_array(y.numpy(), f"y{j}").SerializeToString())
            dirs.append(d)
        r = subprocess.run([sys.executable, os.path.join(HERE, "run_onnx_tests.py"),
                            "--edgec", args.edgec, "--model-tolerance", "1e-4",
                            "--verbose", *dirs], capture_output=True, text=True)
        print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-500:])
        if r.returncode != 0 or " 0 failed, 0 skipped" not in r.stdout:
            print(r.stdout[-2000:], r.stderr[-1000:])
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
