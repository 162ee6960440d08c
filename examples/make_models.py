#!/usr/bin/python3
"""Builds the example/test CNNs with random weights and saves, per model,
examples/models/<name>/model.onnx plus test_data_set_0/{input,output}_0.pb
(the ONNX backend-test layout): the input and torch's output for it.

Run with Debian's python (python3-torch, python3-torchvision, python3-onnx):
    /usr/bin/python3 examples/make_models.py [--full] [names...]
--full builds the 224x224 variants into build/full-models/ instead (not
committed; used by benchmarks).
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torchvision
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


class LeNet5(nn.Module):
    """LeNet-5 as in LeCun et al. 1998, with ReLU and max pooling."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.BatchNorm2d(6), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.BatchNorm2d(16), nn.ReLU(),
            nn.AvgPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Dropout(0.5), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
            nn.Softmax(dim=1))

    def forward(self, x):
        return self.classifier(self.features(x))


def small_resnet():
    """A ResNet-18-shaped network at width 16 for 32x32 inputs."""
    from torchvision.models.resnet import BasicBlock, ResNet

    class SmallResNet(ResNet):
        def __init__(self):
            super().__init__(BasicBlock, [1, 1, 1, 1], num_classes=10,
                             width_per_group=64)
            # Narrow every stage; torchvision's constructor has no width knob.
            self.inplanes = 16
            self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.layer1 = self._make_layer(BasicBlock, 16, 1)
            self.layer2 = self._make_layer(BasicBlock, 32, 1, stride=2)
            self.layer3 = self._make_layer(BasicBlock, 64, 1, stride=2)
            self.layer4 = self._make_layer(BasicBlock, 64, 1, stride=2)
            self.fc = nn.Linear(64, 10)

    return SmallResNet()


# name -> (constructor, input shape, opset, full-size input shape)
MODELS = {
    "lenet5": (LeNet5, (1, 1, 28, 28), 11, (1, 1, 28, 28)),
    "resnet_small": (small_resnet, (1, 3, 32, 32), 13, (1, 3, 224, 224)),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(
        width_mult=0.35, num_classes=10), (1, 3, 64, 64), 17, (1, 3, 224, 224)),
}


def randomize(model, gen):
    """Random weights, non-zero biases and non-trivial BN statistics."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen)
                               * (2.0 / fan_in) ** 0.5)
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)
            elif isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(1.0 + 0.2 * torch.randn(c, generator=gen))
                m.bias.copy_(0.1 * torch.randn(c, generator=gen))
                m.running_mean.copy_(0.1 * torch.randn(c, generator=gen))
                m.running_var.copy_(1.0 + 0.2 * torch.rand(c, generator=gen))


def save_tensor(array, name, path):
    t = numpy_helper.from_array(np.ascontiguousarray(array), name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


def build(name, outdir, full):
    ctor, shape, opset, full_shape = MODELS[name]
    if full:
        shape = full_shape
    gen = torch.Generator().manual_seed(sum(map(ord, name)))
    model = ctor()
    randomize(model, gen)
    model.eval()
    x = torch.rand(shape, generator=gen) * 2 - 1
    with torch.no_grad():
        y = model(x)
    os.makedirs(os.path.join(outdir, "test_data_set_0"), exist_ok=True)
    path = os.path.join(outdir, "model.onnx")
    torch.onnx.export(model, x, path, opset_version=opset,
                      input_names=["input"], output_names=["output"],
                      training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)
    onnx.checker.check_model(onnx.load(path))
    save_tensor(x.numpy(), "input", os.path.join(outdir, "test_data_set_0", "input_0.pb"))
    save_tensor(y.numpy(), "output", os.path.join(outdir, "test_data_set_0", "output_0.pb"))
    print(f"{name}: {os.path.getsize(path)} bytes, input {tuple(shape)}, opset {opset}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("names", nargs="*", default=list(MODELS))
    args = ap.parse_args()
    base = (os.path.join(HERE, "..", "build", "full-models") if args.full
            else os.path.join(HERE, "models"))
    for name in args.names:
        if name not in MODELS:
            sys.exit(f"unknown model {name}; known: {', '.join(MODELS)}")
        build(name, os.path.join(base, name), args.full)


if __name__ == "__main__":
    main()
