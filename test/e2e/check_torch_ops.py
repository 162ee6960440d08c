#!/usr/bin/python3
"""Small torch networks around the operators beyond classification, each
exported to ONNX with its torch output beside it, compiled by edgec, run as C
and compared with torch (max error 1e-4 of the output's largest magnitude,
as the model tests):

  - yolo_neck: LeakyReLU, nearest Upsample x2 into a Concat, and a (3, 2)
    nearest interpolation (Resize);
  - espcn: PixelShuffle (DepthToSpace, CRD) and PixelUnshuffle, Tanh;
  - norm_acts: InstanceNorm2d, PReLU, ELU, SELU, Softplus, Softsign,
    LogSoftmax.

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


class YoloNeck(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.b = nn.Conv2d(8, 8, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.c = nn.Conv2d(11, 6, 3, padding=1)
        self.d = nn.Conv2d(8, 4, 1)

    def forward(self, x):
        f = F.leaky_relu(self.a(x), 0.1)
        g = F.leaky_relu(self.b(f), 0.1)
        y1 = self.c(torch.cat([self.up(g), x], 1))
        y2 = self.d(F.interpolate(g, scale_factor=(3, 2), mode="nearest"))
        return y1, y2


class Espcn(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 16, 5, padding=2)
        self.b = nn.Conv2d(16, 12, 3, padding=1)
        self.shuffle = nn.PixelShuffle(2)
        self.unshuffle = nn.PixelUnshuffle(2)
        self.c = nn.Conv2d(3, 3, 3, padding=1)

    def forward(self, x):
        y = self.shuffle(torch.tanh(self.b(F.leaky_relu(self.a(x), 0.1))))
        return self.c(y), self.unshuffle(y)


def norm_acts():
    m = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.InstanceNorm2d(8, affine=True),
                      nn.PReLU(8), nn.Conv2d(8, 8, 3, padding=1), nn.ELU(), nn.SELU(),
                      nn.Softplus(), nn.Softsign(), nn.Conv2d(8, 4, 1), nn.LogSoftmax(dim=1))
    with torch.no_grad():
        m[1].weight.uniform_(0.5, 1.5)
        m[1].bias.uniform_(-0.5, 0.5)
        m[2].weight.uniform_(0.05, 0.3)
    return m


CASES = {
    "yolo_neck": (YoloNeck, (1, 3, 16, 16)),
    "espcn": (Espcn, (1, 3, 16, 16)),
    "norm_acts": (norm_acts, (1, 3, 12, 12)),
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
