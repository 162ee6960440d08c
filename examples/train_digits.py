#!/usr/bin/python3
"""Trains the int8 accuracy models on real data and writes what the tests
need into examples/digits/:

  calib.npy                200 training images for calibration
  test_x.npy, test_y.npy   the held-out split (360 images) and its labels
  <model>/model.onnx       the trained float model (BatchNormalization kept)
  <model>/float_top1.txt   torch's top-1 on the held-out split
  <model>/test_data_set_0  one held-out image and torch's output

The data is scikit-learn's handwritten digits (8x8, 1797 images), upsampled
to 32x32. Two networks: a ReLU6 MobileNetV2-style one and a ShuffleNet
V2-style one. CI does not train: it uses the committed files; this script
regenerates them (deterministic for a given torch build).

    /usr/bin/python3 examples/train_digits.py
"""
import os

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper
from sklearn.datasets import load_digits

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "digits")


def data():
    digits = load_digits()
    x = torch.tensor(digits.images, dtype=torch.float32)[:, None] / 16.0
    x = F.interpolate(x, size=(32, 32), mode="bilinear", align_corners=False)
    x = (x - 0.5) / 0.5
    y = torch.tensor(digits.target, dtype=torch.long)
    perm = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))
    x, y = x[perm], y[perm]
    return (x[:-360], y[:-360]), (x[-360:], y[-360:])


def conv_bn(cin, cout, k, s=1, groups=1, act=True):
    layers = [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    if act:
        layers.append(nn.ReLU6())
    return nn.Sequential(*layers)


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        mid = cin * expand
        self.residual = stride == 1 and cin == cout
        self.body = nn.Sequential(
            *( [conv_bn(cin, mid, 1)] if expand != 1 else []),
            conv_bn(mid, mid, 3, stride, groups=mid),
            conv_bn(mid, cout, 1, act=False))

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV2Digits(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            conv_bn(1, 16, 3, 2),
            InvertedResidual(16, 16, 1, 1),
            InvertedResidual(16, 24, 2, 4),
            InvertedResidual(24, 24, 1, 4),
            InvertedResidual(24, 32, 2, 4),
            InvertedResidual(32, 32, 1, 4),
            conv_bn(32, 64, 1))
        self.classifier = nn.Linear(64, 10)

    def forward(self, x):
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.classifier(x)


def channel_shuffle(x, groups):
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


class ShuffleUnit(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.stride = stride
        half = cout // 2
        if stride == 2:
            self.left = nn.Sequential(conv_bn(cin, cin, 3, 2, groups=cin, act=False),
                                      conv_bn(cin, half, 1))
            inner = cin
        else:
            inner = half
        self.right = nn.Sequential(conv_bn(inner, half, 1),
                                   conv_bn(half, half, 3, stride, groups=half, act=False),
                                   conv_bn(half, half, 1))

    def forward(self, x):
        if self.stride == 1:
            a, b = x.chunk(2, dim=1)
            out = torch.cat([a, self.right(b)], 1)
        else:
            out = torch.cat([self.left(x), self.right(x)], 1)
        return channel_shuffle(out, 2)


class ShuffleNetV2Digits(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            conv_bn(1, 24, 3, 2),
            ShuffleUnit(24, 48, 2), ShuffleUnit(48, 48, 1),
            ShuffleUnit(48, 96, 2), ShuffleUnit(96, 96, 1),
            conv_bn(96, 128, 1))
        self.classifier = nn.Linear(128, 10)

    def forward(self, x):
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.classifier(x)


def train(model, train_set, epochs=30):
    x, y = train_set
    opt = torch.optim.Adam(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    g = torch.Generator().manual_seed(1)
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(y), generator=g)
        for i in range(0, len(y), 64):
            idx = perm[i:i + 64]
            # light augmentation: a shift of up to 2 pixels
            xb = torch.roll(x[idx], shifts=(int(torch.randint(-2, 3, (1,), generator=g)),
                                            int(torch.randint(-2, 3, (1,), generator=g))),
                            dims=(2, 3))
            loss = F.cross_entropy(model(xb), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
    model.eval()
    return model


def save_tensor(a, name, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    t = numpy_helper.from_array(a, name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    train_set, test_set = data()
    os.makedirs(OUT, exist_ok=True)
    np.save(os.path.join(OUT, "calib.npy"), train_set[0][:200].numpy())
    np.save(os.path.join(OUT, "test_x.npy"), test_set[0].numpy())
    np.save(os.path.join(OUT, "test_y.npy"), test_set[1].numpy().astype(np.int64))
    for name, net in [("digits_mobilenet_v2", MobileNetV2Digits),
                      ("digits_shufflenet_v2", ShuffleNetV2Digits)]:
        torch.manual_seed(0)
        model = train(net(), train_set)
        with torch.no_grad():
            logits = model(test_set[0])
        top1 = float((logits.argmax(1) == test_set[1]).float().mean()) * 100
        outdir = os.path.join(OUT, name)
        os.makedirs(outdir, exist_ok=True)
        path = os.path.join(outdir, "model.onnx")
        x = test_set[0][:1]
        torch.onnx.export(model, x, path, opset_version=13,
                          input_names=["input"], output_names=["logits"],
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False)
        onnx.checker.check_model(onnx.load(path))
        with open(os.path.join(outdir, "float_top1.txt"), "w") as f:
            f.write(f"{top1:.2f}\n")
        with torch.no_grad():
            y = model(x)
        save_tensor(x.numpy(), "input", os.path.join(outdir, "test_data_set_0", "input_0.pb"))
        save_tensor(y.numpy(), "logits", os.path.join(outdir, "test_data_set_0", "output_0.pb"))
        print(f"{name}: top-1 {top1:.2f}% on {len(test_set[1])} held-out digits, "
              f"{sum(p.numel() for p in model.parameters())} parameters")


if __name__ == "__main__":
    main()
