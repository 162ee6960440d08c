#!/usr/bin/python3
"""Builds the CNN families edgec is tested on, with random weights, and
saves per model examples/models/<name>/model.onnx plus
test_data_set_0/{input,output}_0.pb (the ONNX backend-test layout): an input
and torch's output for it.

The committed models are reduced in width and resolution so they stay small;
`--full` builds the standard 224x224 architectures into build/full-models/
(not committed) for benchmarks, and `--mlperf-tiny` the four MLPerf Tiny
reference architectures at their own sizes into build/mlperf-tiny/: DS-CNN
keyword spotting, ResNet-8 image classification, MobileNetV1-0.25 visual
wake words and the ToyCar anomaly-detection autoencoder. `--beyond` builds
networks beyond classification into build/beyond/: LR-ASPP segmentation
with bilinear upsampling, a U-Net-style
encoder-decoder with ConvTranspose, a YOLO-style neck with two outputs, and
ESPCN super-resolution.

Run with Debian's python (python3-torch, python3-torchvision, python3-onnx):
    /usr/bin/python3 examples/make_models.py [--full | --mlperf-tiny | --beyond] [names...]
"""
import argparse
import importlib
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from onnx import numpy_helper
from torchvision.models import efficientnet, mobilenetv3

HERE = os.path.dirname(os.path.abspath(__file__))
tv_googlenet = importlib.import_module("torchvision.models.googlenet")
tv_squeezenet = importlib.import_module("torchvision.models.squeezenet")


def conv_bn(cin, cout, k=3, s=1, groups=1, act=nn.ReLU):
    layers = [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


class LeNet5(nn.Module):
    """LeNet-5 (LeCun et al. 1998) with ReLU and max pooling."""

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


class LRNFunction(torch.autograd.Function):
    """Local response normalization exported as one ONNX LRN node (torch
    otherwise exports it as a tangle of pooling ops)."""

    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        return F.local_response_norm(x, size, alpha, beta, k)

    @staticmethod
    def symbolic(g, x, size, alpha, beta, k):
        return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)


class LRN(nn.Module):
    def __init__(self, size=5, alpha=1e-4, beta=0.75, k=2.0):
        super().__init__()
        self.args = (size, alpha, beta, k)

    def forward(self, x):
        return LRNFunction.apply(x, *self.args)


class AlexNet(nn.Module):
    """AlexNet (Krizhevsky et al. 2012) with its LRN layers, narrowed."""

    def __init__(self, w=1.0, num_classes=10):
        super().__init__()
        c = [int(v * w) for v in (96, 256, 384, 384, 256)]
        self.features = nn.Sequential(
            nn.Conv2d(3, c[0], 11, 4, 2), nn.ReLU(), LRN(), nn.MaxPool2d(3, 2),
            nn.Conv2d(c[0], c[1], 5, padding=2, groups=2), nn.ReLU(), LRN(),
            nn.MaxPool2d(3, 2),
            nn.Conv2d(c[1], c[2], 3, padding=1), nn.ReLU(),
            nn.Conv2d(c[2], c[3], 3, padding=1, groups=2), nn.ReLU(),
            nn.Conv2d(c[3], c[4], 3, padding=1, groups=2), nn.ReLU(),
            nn.MaxPool2d(3, 2))
        self.pool = nn.AdaptiveAvgPool2d((2, 2)) if w < 1 else nn.AdaptiveAvgPool2d((6, 6))
        side = 2 if w < 1 else 6
        hidden = 4096 if w >= 1 else 128
        self.classifier = nn.Sequential(
            nn.Dropout(), nn.Linear(c[4] * side * side, hidden), nn.ReLU(),
            nn.Dropout(), nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, num_classes))

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


def vgg(cfg, num_classes=10, hidden=64):
    layers, cin = [], 3
    for v in cfg:
        if v == "M":
            layers.append(nn.MaxPool2d(2))
        else:
            layers += [nn.Conv2d(cin, v, 3, padding=1), nn.BatchNorm2d(v), nn.ReLU()]
            cin = v
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(cin * 4 * 4, hidden),
                         nn.ReLU(), nn.Dropout(), nn.Linear(hidden, num_classes))


class NiN(nn.Module):
    """Network in Network (Lin et al. 2013): mlpconv blocks of 1x1 convs,
    global average pooling instead of fully connected layers."""

    def __init__(self, w=16, num_classes=10):
        super().__init__()

        def block(cin, cout, k, s, p):
            return nn.Sequential(nn.Conv2d(cin, cout, k, s, p), nn.ReLU(),
                                 nn.Conv2d(cout, cout, 1), nn.ReLU(),
                                 nn.Conv2d(cout, cout, 1), nn.ReLU())
        self.net = nn.Sequential(
            block(3, w, 5, 1, 2), nn.MaxPool2d(3, 2, 1), nn.Dropout(0.5),
            block(w, 2 * w, 5, 1, 2), nn.AvgPool2d(3, 2, 1), nn.Dropout(0.5),
            block(2 * w, num_classes, 3, 1, 1), nn.AdaptiveAvgPool2d(1),
            nn.Flatten())

    def forward(self, x):
        return self.net(x)


class MiniGoogLeNet(nn.Module):
    """GoogLeNet's stem and torchvision's Inception blocks, narrowed."""

    def __init__(self, num_classes=10):
        super().__init__()
        I = tv_googlenet.Inception
        self.stem = nn.Sequential(conv_bn(3, 16, 3, 1), nn.MaxPool2d(3, 2, ceil_mode=True))
        self.a = I(16, 8, 8, 12, 4, 4, 4)        # -> 28
        self.b = I(28, 12, 12, 16, 4, 8, 8)      # -> 44
        self.pool = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.c = I(44, 16, 12, 20, 4, 8, 8)      # -> 52
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                  nn.Dropout(0.2), nn.Linear(52, num_classes))

    def forward(self, x):
        return self.head(self.c(self.pool(self.b(self.a(self.stem(x))))))


class MiniSqueezeNet(nn.Module):
    """SqueezeNet 1.1's layout with torchvision's Fire modules, narrowed."""

    def __init__(self, num_classes=10):
        super().__init__()
        Fire = tv_squeezenet.Fire
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 3, 2), nn.ReLU(),
            nn.MaxPool2d(3, 2, ceil_mode=True),
            Fire(16, 4, 16, 16), Fire(32, 4, 16, 16),
            nn.MaxPool2d(3, 2, ceil_mode=True),
            Fire(32, 8, 24, 24), Fire(48, 8, 24, 24))
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Conv2d(48, num_classes, 1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten())

    def forward(self, x):
        return self.classifier(self.features(x))


class MobileNetV1(nn.Module):
    """MobileNet V1 (Howard et al. 2017): depthwise separable convolutions
    with ReLU6, at a width multiplier."""

    def __init__(self, w=0.25, num_classes=10):
        super().__init__()
        cfg = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
               (512, 1), (1024, 2), (1024, 1)]
        cin = int(32 * w)
        layers = [conv_bn(3, cin, 3, 2, act=nn.ReLU6)]
        for cout, s in cfg:
            cout = int(cout * w)
            layers += [conv_bn(cin, cin, 3, s, groups=cin, act=nn.ReLU6),
                       conv_bn(cin, cout, 1, act=nn.ReLU6)]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


def channel_shuffle(x, groups):
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(n, c, h, w)


class ShuffleV1Unit(nn.Module):
    """ShuffleNet V1 unit (Zhang et al. 2017): grouped 1x1 conv, channel
    shuffle, depthwise 3x3, grouped 1x1; stride 2 concatenates an average
    pooled shortcut."""

    def __init__(self, cin, cout, groups, stride):
        super().__init__()
        self.stride, self.groups = stride, groups
        mid = cout // 4
        branch = cout - cin if stride == 2 else cout
        g1 = 1 if cin == 24 else groups
        self.gc1 = conv_bn(cin, mid, 1, groups=g1)
        self.dw = conv_bn(mid, mid, 3, stride, groups=mid, act=None)
        self.gc2 = conv_bn(mid, branch, 1, groups=groups, act=None)

    def forward(self, x):
        y = self.gc2(self.dw(channel_shuffle(self.gc1(x), self.groups)))
        if self.stride == 2:
            return F.relu(torch.cat([F.avg_pool2d(x, 3, 2, 1), y], 1))
        return F.relu(x + y)


class ShuffleNetV1(nn.Module):
    def __init__(self, groups=3, widths=(24, 60, 120, 240), repeats=(2, 2, 2),
                 num_classes=10):
        super().__init__()
        layers = [conv_bn(3, widths[0], 3, 2), nn.MaxPool2d(3, 2, 1)]
        cin = widths[0]
        for cout, n in zip(widths[1:], repeats):
            for i in range(n):
                layers.append(ShuffleV1Unit(cin, cout, groups, 2 if i == 0 else 1))
                cin = cout
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class SeparableConv(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cin, 3, 1, 1, groups=cin, bias=False),
                         nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout))


class XceptionBlock(nn.Module):
    """Xception block (Chollet 2017): separable convs with a strided 1x1
    residual projection."""

    def __init__(self, cin, cout, first_relu=True):
        super().__init__()
        self.body = nn.Sequential(
            nn.ReLU() if first_relu else nn.Identity(), SeparableConv(cin, cout),
            nn.ReLU(), SeparableConv(cout, cout), nn.MaxPool2d(3, 2, 1))
        self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, 2, bias=False),
                                  nn.BatchNorm2d(cout))

    def forward(self, x):
        return self.body(x) + self.skip(x)


class MiniXception(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.entry = nn.Sequential(conv_bn(3, 8, 3, 2), conv_bn(8, 16, 3))
        self.blocks = nn.Sequential(XceptionBlock(16, 32, False),
                                    XceptionBlock(32, 64))
        self.middle = nn.Sequential(nn.ReLU(), SeparableConv(64, 64), nn.ReLU(),
                                    SeparableConv(64, 64))
        self.exit = nn.Sequential(SeparableConv(64, 96), nn.ReLU(),
                                  nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                  nn.Linear(96, num_classes))

    def forward(self, x):
        x = self.blocks(self.entry(x))
        return self.exit(x + self.middle(x))


def mobilenet_v3_small(width, num_classes=10):
    setting, last = mobilenetv3._mobilenet_v3_conf("mobilenet_v3_small",
                                                   width_mult=width)
    return mobilenetv3.MobileNetV3(setting, last, num_classes=num_classes)


def efficientnet_b0(width, depth, num_classes=10):
    setting, last = efficientnet._efficientnet_conf(
        "efficientnet_b0", width_mult=width, depth_mult=depth)
    return efficientnet.EfficientNet(setting, 0.2, num_classes=num_classes,
                                     last_channel=last)


def efficientnet_v2_mini(num_classes=10):
    """EfficientNet V2's block types (Fused-MBConv then MBConv with SE) in a
    small configuration."""
    Fused, MB = efficientnet.FusedMBConvConfig, efficientnet.MBConvConfig
    setting = [Fused(1, 3, 1, 16, 16, 1), Fused(4, 3, 2, 16, 24, 1),
               Fused(4, 3, 2, 24, 32, 1), MB(4, 3, 2, 32, 48, 1),
               MB(6, 3, 1, 48, 64, 1)]
    return efficientnet.EfficientNet(setting, 0.2, num_classes=num_classes,
                                     last_channel=256)


class ChannelLayerNorm(nn.Module):
    """LayerNorm over channels of NCHW, as ConvNeXt and QuadraNet write it:
    either the decomposed form (mean, variance, sqrt) older exporters emit,
    or permute + F.layer_norm (ONNX LayerNormalization at opset 17)."""

    def __init__(self, c, decomposed, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        self.decomposed, self.eps = decomposed, eps

    def forward(self, x):
        if self.decomposed:
            u = x.mean(1, keepdim=True)
            s = (x - u).pow(2).mean(1, keepdim=True)
            x = (x - u) / torch.sqrt(s + self.eps)
            return self.weight[:, None, None] * x + self.bias[:, None, None]
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, (x.shape[-1],), self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class QuadraBlock(nn.Module):
    """QuadraNet block: quadratic depthwise conv y = dwA(x)*dwB(x) + dwC(x),
    LayerNorm over channels, 1x1 expansion, GELU, 1x1 projection, residual."""

    def __init__(self, c, decomposed, k=7, expand=4):
        super().__init__()
        self.a = nn.Conv2d(c, c, k, padding=k // 2, groups=c)
        self.b = nn.Conv2d(c, c, k, padding=k // 2, groups=c)
        self.c = nn.Conv2d(c, c, k, padding=k // 2, groups=c)
        self.norm = ChannelLayerNorm(c, decomposed)
        self.pw1 = nn.Conv2d(c, expand * c, 1)
        self.act = nn.GELU()
        self.pw2 = nn.Conv2d(expand * c, c, 1)

    def forward(self, x):
        y = self.a(x) * self.b(x) + self.c(x)
        return x + self.pw2(self.act(self.pw1(self.norm(y))))


class QuadraNet(nn.Module):
    def __init__(self, widths=(16, 32), num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 4, 4),
                                  ChannelLayerNorm(widths[0], False))
        self.stage1 = QuadraBlock(widths[0], decomposed=True)
        self.down = nn.Sequential(ChannelLayerNorm(widths[0], True),
                                  nn.Conv2d(widths[0], widths[1], 2, 2))
        self.stage2 = QuadraBlock(widths[1], decomposed=False)
        self.head = nn.Linear(widths[1], num_classes)

    def forward(self, x):
        x = self.stage2(self.down(self.stage1(self.stem(x))))
        return self.head(x.mean((2, 3)))


def small_resnet():
    """A ResNet-18-shaped network at width 16 for 32x32 inputs."""
    from torchvision.models.resnet import BasicBlock, ResNet

    class SmallResNet(ResNet):
        def __init__(self):
            super().__init__(BasicBlock, [1, 1, 1, 1], num_classes=10)
            self.inplanes = 16
            self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.layer1 = self._make_layer(BasicBlock, 16, 1)
            self.layer2 = self._make_layer(BasicBlock, 32, 1, stride=2)
            self.layer3 = self._make_layer(BasicBlock, 64, 1, stride=2)
            self.layer4 = self._make_layer(BasicBlock, 64, 1, stride=2)
            self.fc = nn.Linear(64, 10)

    return SmallResNet()


M = torchvision.models
# name -> (reduced constructor, reduced input, opset, full constructor, full input)
class DSCNN(nn.Module):
    """MLPerf Tiny keyword spotting: DS-CNN on 49x10 MFCC features. The
    first convolution (10x4, stride 2) pads 5 rows and 1 column on each
    side: TensorFlow's 'same' output size (25x5), evenly placed."""

    def __init__(self, c=64, num_classes=12):
        super().__init__()
        layers = [nn.Conv2d(1, c, (10, 4), 2, (5, 1), bias=False),
                  nn.BatchNorm2d(c), nn.ReLU()]
        for _ in range(4):
            layers += [conv_bn(c, c, 3, 1, groups=c), conv_bn(c, c, 1)]
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(c, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class ResNet8(nn.Module):
    """MLPerf Tiny image classification: ResNet-8 on 32x32 CIFAR-10."""

    class Block(nn.Module):
        def __init__(self, cin, cout, s):
            super().__init__()
            self.a = conv_bn(cin, cout, 3, s)
            self.b = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
                                   nn.BatchNorm2d(cout))
            self.skip = (nn.Conv2d(cin, cout, 1, s) if s != 1 or cin != cout
                         else nn.Identity())

        def forward(self, x):
            return F.relu(self.b(self.a(x)) + self.skip(x))

    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = conv_bn(3, 16, 3, 1)
        self.stacks = nn.Sequential(self.Block(16, 16, 1), self.Block(16, 32, 2),
                                    self.Block(32, 64, 2))
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.stacks(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class MobileNetV1VWW(nn.Module):
    """MLPerf Tiny visual wake words: MobileNetV1 at width 0.25 on 96x96,
    all 13 depthwise-separable blocks, two classes."""

    def __init__(self, w=0.25, num_classes=2):
        super().__init__()
        cfg = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + \
            [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
        cin = int(32 * w)
        layers = [conv_bn(3, cin, 3, 2)]
        for cout, s in cfg:
            cout = int(cout * w)
            layers += [conv_bn(cin, cin, 3, s, groups=cin), conv_bn(cin, cout, 1)]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class ToyCarAutoencoder(nn.Module):
    """MLPerf Tiny anomaly detection: the fully connected autoencoder on 640
    log-mel features (5 frames x 128), 128-wide layers around an 8-wide
    bottleneck, each with batch normalization and ReLU."""

    def __init__(self, n=640, h=128, z=8):
        super().__init__()
        dims = [n, h, h, h, h, z, h, h, h, h]
        layers = []
        for a, b in zip(dims, dims[1:]):
            layers += [nn.Linear(a, b), nn.BatchNorm1d(b), nn.ReLU()]
        layers.append(nn.Linear(h, n))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class YoloNeck(nn.Module):
    """A YOLO-style neck: LeakyReLU, nearest upsampling x2 into a
    concatenation with the input, a (3, 2) nearest interpolation, two
    outputs."""

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
    """ESPCN super-resolution (Shi et al. 2016): convolutions, Tanh,
    PixelShuffle x2 (DepthToSpace), and PixelUnshuffle back as a second
    output."""

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


class UNet(nn.Module):
    """A small U-Net-style encoder-decoder: strided convolutions down,
    ConvTranspose up (kernel 2 stride 2, and kernel 4 stride 2 pad 1) into
    skip concatenations."""

    def __init__(self):
        super().__init__()
        self.e1 = nn.Conv2d(3, 8, 3, padding=1)
        self.e2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.e3 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.u2 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.d2 = nn.Conv2d(32, 16, 3, padding=1)
        self.u1 = nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)
        self.d1 = nn.Conv2d(16, 2, 1)

    def forward(self, x):
        a = F.relu(self.e1(x))
        b = F.relu(self.e2(a))
        c = F.relu(self.e3(b))
        d = F.relu(self.d2(torch.cat([self.u2(c), b], 1)))
        return self.d1(torch.cat([F.relu(self.u1(d)), a], 1))


class LRASPP(nn.Module):
    """LR-ASPP segmentation (Howard et al. 2019, torchvision's head): a
    small strided backbone, torchvision's LRASPPHead (global-pool
    attention, bilinear upsampling to the low-level features) and a
    bilinear upsampling to the input size."""

    def __init__(self, num_classes=3):
        super().__init__()
        self.low = conv_bn(3, 8, 3, 2)
        self.high = nn.Sequential(conv_bn(8, 16, 3, 2), conv_bn(16, 32, 3, 2),
                                  conv_bn(32, 32, 3, 1, groups=32))
        self.head = torchvision.models.segmentation.lraspp.LRASPPHead(
            8, 32, num_classes, 16)

    def forward(self, x):
        low = self.low(x)
        out = self.head({"low": low, "high": self.high(low)})
        return F.interpolate(out, size=x.shape[-2:], mode="bilinear", align_corners=False)


# Networks beyond classification: name -> (constructor, input, opset).
BEYOND = {
    "lraspp": (LRASPP, (1, 3, 48, 64), 13),
    "unet": (UNet, (1, 3, 32, 32), 13),
    "yolo_neck": (YoloNeck, (1, 3, 32, 32), 13),
    "espcn": (Espcn, (1, 3, 24, 24), 13),
}

MLPERF_TINY = {
    "ds_cnn": (DSCNN, (1, 1, 49, 10), 13),
    "resnet8": (ResNet8, (1, 3, 32, 32), 13),
    "mobilenet_v1_vww": (MobileNetV1VWW, (1, 3, 96, 96), 13),
    "toycar_autoencoder": (ToyCarAutoencoder, (1, 640), 13),
}

MODELS = {
    "lenet5": (LeNet5, (1, 1, 28, 28), 11, LeNet5, (1, 1, 28, 28)),
    "alexnet": (lambda: AlexNet(0.125), (1, 3, 96, 96), 13,
                lambda: AlexNet(1.0, 1000), (1, 3, 224, 224)),
    "vgg": (lambda: vgg([16, "M", 32, "M", 64, 64, "M"]), (1, 3, 32, 32), 12,
            lambda: M.vgg11_bn(), (1, 3, 224, 224)),
    "nin": (NiN, (1, 3, 32, 32), 13, lambda: NiN(192, 1000), (1, 3, 224, 224)),
    "googlenet": (MiniGoogLeNet, (1, 3, 32, 32), 14,
                  lambda: M.googlenet(aux_logits=False, init_weights=False),
                  (1, 3, 224, 224)),
    "resnet_small": (small_resnet, (1, 3, 32, 32), 13, lambda: M.resnet18(),
                     (1, 3, 224, 224)),
    "densenet": (lambda: M.DenseNet(8, (2, 2, 2), 16, 2, num_classes=10),
                 (1, 3, 32, 32), 13, lambda: M.densenet121(), (1, 3, 224, 224)),
    "squeezenet": (MiniSqueezeNet, (1, 3, 64, 64), 11, lambda: M.squeezenet1_1(),
                   (1, 3, 224, 224)),
    "mobilenet_v1": (lambda: MobileNetV1(0.125), (1, 3, 64, 64), 13,
                     lambda: MobileNetV1(1.0, 1000), (1, 3, 224, 224)),
    "mobilenet_v2": (lambda: M.mobilenet_v2(width_mult=0.25, num_classes=10),
                     (1, 3, 64, 64), 17, lambda: M.mobilenet_v2(), (1, 3, 224, 224)),
    "mobilenet_v3": (lambda: mobilenet_v3_small(0.25), (1, 3, 64, 64), 14,
                     lambda: M.mobilenet_v3_small(), (1, 3, 224, 224)),
    "shufflenet_v1": (ShuffleNetV1, (1, 3, 64, 64), 13,
                      lambda: ShuffleNetV1(3, (24, 240, 480, 960), (4, 8, 4), 1000),
                      (1, 3, 224, 224)),
    "shufflenet_v2": (lambda: M.ShuffleNetV2([2, 2, 2], [16, 24, 48, 96, 128], 10),
                      (1, 3, 64, 64), 13, lambda: M.shufflenet_v2_x1_0(),
                      (1, 3, 224, 224)),
    "xception": (MiniXception, (1, 3, 64, 64), 13, None, None),
    "mnasnet": (lambda: M.MNASNet(0.1, num_classes=10), (1, 3, 64, 64), 13,
                lambda: M.mnasnet1_0(), (1, 3, 224, 224)),
    "efficientnet_b0": (lambda: efficientnet_b0(0.25, 0.25), (1, 3, 64, 64), 13,
                        lambda: M.efficientnet_b0(), (1, 3, 224, 224)),
    "efficientnet_v2": (efficientnet_v2_mini, (1, 3, 64, 64), 15,
                        lambda: M.efficientnet_v2_s(), (1, 3, 224, 224)),
    "quadranet": (QuadraNet, (1, 3, 64, 64), 17,
                  lambda: QuadraNet((96, 192), 1000), (1, 3, 224, 224)),
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
            elif isinstance(m, ChannelLayerNorm):
                m.weight.copy_(1.0 + 0.2 * torch.randn(m.weight.shape, generator=gen))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=gen))


def save_tensor(array, name, path):
    t = numpy_helper.from_array(np.ascontiguousarray(array), name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


def build(name, outdir, full):
    if name in MLPERF_TINY or name in BEYOND:
        ctor, shape, opset = {**MLPERF_TINY, **BEYOND}[name]
        full_ctor = full_shape = None
    else:
        ctor, shape, opset, full_ctor, full_shape = MODELS[name]
    if full:
        if full_ctor is None:
            print(f"{name}: no full-size variant")
            return
        ctor, shape = full_ctor, full_shape
    gen = torch.Generator().manual_seed(sum(map(ord, name)))
    torch.manual_seed(sum(map(ord, name)))
    model = ctor()
    randomize(model, gen)
    model.eval()
    x = torch.rand(shape, generator=gen) * 2 - 1
    with torch.no_grad():
        ys = model(x)
    ys = ys if isinstance(ys, tuple) else (ys,)
    names = ["output"] if len(ys) == 1 else [f"output{i}" for i in range(len(ys))]
    os.makedirs(os.path.join(outdir, "test_data_set_0"), exist_ok=True)
    path = os.path.join(outdir, "model.onnx")
    torch.onnx.export(model, x, path, opset_version=opset,
                      input_names=["input"], output_names=names,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)
    onnx.checker.check_model(onnx.load(path))
    save_tensor(x.numpy(), "input", os.path.join(outdir, "test_data_set_0", "input_0.pb"))
    for i, (y, yname) in enumerate(zip(ys, names)):
        save_tensor(y.numpy(), yname,
                    os.path.join(outdir, "test_data_set_0", f"output_{i}.pb"))
    params = sum(p.numel() for p in model.parameters())
    print(f"{name}: {params} parameters, {os.path.getsize(path)} bytes, "
          f"input {tuple(shape)}, opset {opset}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--mlperf-tiny", action="store_true")
    ap.add_argument("--beyond", action="store_true",
                    help="the networks beyond classification (U-Net, YOLO neck, ESPCN)")
    ap.add_argument("-o", "--out", help="folder for the models (default: "
                    "examples/models, build/full-models, build/mlperf-tiny or "
                    "build/beyond)")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    known = MLPERF_TINY if args.mlperf_tiny else BEYOND if args.beyond else MODELS
    base = args.out or os.path.join(
        HERE, *(["..", "build", "full-models"] if args.full else
                ["..", "build", "mlperf-tiny"] if args.mlperf_tiny else
                ["..", "build", "beyond"] if args.beyond else ["models"]))
    for name in args.names or list(known):
        if name not in known:
            sys.exit(f"unknown model {name}; known: {', '.join(known)}")
        build(name, os.path.join(base, name), args.full)


if __name__ == "__main__":
    main()
