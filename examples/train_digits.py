#!/usr/bin/python3
"""Trains the int8 accuracy models on real data and writes what the tests
need into examples/digits/:

  calib.npy                200 training images for calibration
  test_x.npy, test_y.npy   the held-out split (360 images) and its labels
  <model>/model.onnx       the trained float model (BatchNormalization kept)
  <model>/float_top1.txt   torch's top-1 on the held-out split
  <model>/test_data_set_0  one held-out image and torch's output
  <model>_qdq/model.onnx   the same network quantized in QDQ form, as ONNX
                           Runtime's tools write one (uint8 activations,
                           per-channel int8 weights, int32 biases)

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


class QDQExporter:
    """Writes a trained digits network as a QDQ ONNX model the way ONNX
    Runtime's static quantization lays one out: BatchNormalization folded
    into the convolutions, uint8 activations (QuantizeLinear and
    DequantizeLinear after the input and after every conv, activation, add
    and the classifier, with the min/max seen on calibration images), int8
    weights per output channel (symmetric) and int32 biases, each behind a
    DequantizeLinear."""

    def __init__(self, model, calib):
        self.nodes, self.inits, self.ranges, self.count = [], [], {}, 0
        hooks = []
        for name, mod in model.named_modules():
            hooks.append(mod.register_forward_hook(self._observe(name)))
        with torch.no_grad():
            model(calib)
        for h in hooks:
            h.remove()
        lo, hi = float(calib.min()), float(calib.max())
        self.ranges["input"] = (lo, hi)

    def _observe(self, name):
        def hook(mod, inputs, output):
            lo, hi = float(output.min()), float(output.max())
            old = self.ranges.get(name)
            self.ranges[name] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
        return hook

    def fresh(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def qdq(self, x, module_name):
        lo, hi = self.ranges[module_name]
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        scale = max(hi - lo, 1e-8) / 255.0
        zp = int(np.clip(round(-lo / scale), 0, 255))
        s = self.init(self.fresh("scale"), np.array(scale, np.float32))
        z = self.init(self.fresh("zp"), np.array(zp, np.uint8))
        q, dq = self.fresh("q"), self.fresh("dq")
        self.nodes.append(onnx.helper.make_node("QuantizeLinear", [x, s, z], [q], name=self.fresh("Quantize")))
        self.nodes.append(onnx.helper.make_node("DequantizeLinear", [q, s, z], [dq], name=self.fresh("Dequantize")))
        return dq, scale

    def weights(self, w, b, input_scale):
        """Per-channel int8 weights (axis 0) and the int32 bias, dequantized."""
        absmax = np.abs(w.reshape(w.shape[0], -1)).max(1)
        scales = np.where(absmax > 0, absmax / 127.0, 1.0).astype(np.float32)
        shape = (-1,) + (1,) * (w.ndim - 1)
        wq = np.clip(np.round(w / scales.reshape(shape)), -127, 127).astype(np.int8)
        bq = np.round(b / (input_scale * scales)).astype(np.int32)
        wn, bn = self.fresh("w"), self.fresh("b")
        ws = self.init(self.fresh("w_scale"), scales)
        wz = self.init(self.fresh("w_zp"), np.zeros(len(scales), np.int8))
        bs = self.init(self.fresh("b_scale"), (input_scale * scales).astype(np.float32))
        bz = self.init(self.fresh("b_zp"), np.zeros(len(scales), np.int32))
        self.init(wn + "_q", wq)
        self.init(bn + "_q", bq)
        self.nodes.append(onnx.helper.make_node("DequantizeLinear", [wn + "_q", ws, wz], [wn], axis=0))
        self.nodes.append(onnx.helper.make_node("DequantizeLinear", [bn + "_q", bs, bz], [bn], axis=0))
        return wn, bn

    def conv_bn(self, x, scale, seq, name):
        conv, bn = seq[0], seq[1]
        g = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).detach().numpy()
        w = conv.weight.detach().numpy() * g.reshape(-1, 1, 1, 1)
        b = (bn.bias.detach().numpy() - bn.running_mean.numpy() * g)
        wn, bn_ = self.weights(w.astype(np.float32), b.astype(np.float32), scale)
        y = self.fresh("conv")
        k = conv.kernel_size[0]
        self.nodes.append(onnx.helper.make_node(
            "Conv", [x, wn, bn_], [y], name=self.fresh("Conv"), group=conv.groups,
            kernel_shape=[k, k], pads=[k // 2] * 4, strides=list(conv.stride)))
        if len(seq) > 2:
            lo = self.init(self.fresh("min"), np.array(0.0, np.float32))
            hi = self.init(self.fresh("max"), np.array(6.0, np.float32))
            r = self.fresh("relu6")
            self.nodes.append(onnx.helper.make_node("Clip", [y, lo, hi], [r], name=self.fresh("Clip")))
            y = r
        return self.qdq(y, name)

    def seq(self, x, scale, layers, prefix):
        for i, layer in enumerate(layers):
            x, scale = self.conv_bn(x, scale, layer, f"{prefix}.{i}")
        return x, scale

    def add(self, a, b, name):
        y = self.fresh("add")
        self.nodes.append(onnx.helper.make_node("Add", [a, b], [y], name=self.fresh("Add")))
        return self.qdq(y, name)

    def shuffle(self, x, channels, hw):
        shape1 = self.init(self.fresh("shape"), np.array([1, 2, channels // 2, hw, hw], np.int64))
        shape2 = self.init(self.fresh("shape"), np.array([1, channels, hw, hw], np.int64))
        r, t, o = self.fresh("r"), self.fresh("t"), self.fresh("shuffled")
        self.nodes += [onnx.helper.make_node("Reshape", [x, shape1], [r]),
                       onnx.helper.make_node("Transpose", [r], [t], perm=[0, 2, 1, 3, 4]),
                       onnx.helper.make_node("Reshape", [t, shape2], [o])]
        return o

    def slice(self, x, start, end):
        st = self.init(self.fresh("starts"), np.array([start], np.int64))
        en = self.init(self.fresh("ends"), np.array([end], np.int64))
        ax = self.init(self.fresh("axes"), np.array([1], np.int64))
        y = self.fresh("half")
        self.nodes.append(onnx.helper.make_node("Slice", [x, st, en, ax], [y]))
        return y

    def head(self, x, scale, model, channels):
        p, f = self.fresh("pool"), self.fresh("flat")
        self.nodes += [onnx.helper.make_node("GlobalAveragePool", [x], [p]),
                       onnx.helper.make_node("Flatten", [p], [f])]
        lin = model.classifier
        wn, bn = self.weights(lin.weight.detach().numpy(), lin.bias.detach().numpy(), scale)
        y = self.fresh("gemm")
        self.nodes.append(onnx.helper.make_node("Gemm", [f, wn, bn], [y], transB=1, name=self.fresh("Gemm")))
        out, _ = self.qdq(y, "classifier")
        self.nodes.append(onnx.helper.make_node("Identity", [out], ["logits"]))

    def save(self, path, name):
        graph = onnx.helper.make_graph(
            self.nodes, name,
            [onnx.helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, [1, 1, 32, 32])],
            [onnx.helper.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, [1, 10])],
            self.inits)
        model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 13)])
        onnx.checker.check_model(model)
        onnx.save(model, path)


def export_qdq(model, calib, path):
    e = QDQExporter(model, calib)
    x, scale = e.qdq("input", "input")
    if isinstance(model, MobileNetV2Digits):
        hw = 32
        for i, block in enumerate(model.features):
            if isinstance(block, InvertedResidual):
                y, s = e.seq(x, scale, block.body, f"features.{i}.body")
                x, scale = e.add(x, y, f"features.{i}") if block.residual else (y, s)
            else:
                x, scale = e.conv_bn(x, scale, block, f"features.{i}")
        e.head(x, scale, model, 64)
    else:
        channels, hw = 24, 16
        x, scale = e.conv_bn(x, scale, model.features[0], "features.0")
        for i, unit in list(enumerate(model.features))[1:-1]:
            if unit.stride == 2:
                a, _ = e.seq(x, scale, unit.left, f"features.{i}.left")
                b, _ = e.seq(x, scale, unit.right, f"features.{i}.right")
                channels, hw = channels * 2 if i == 1 else channels * 2, hw // 2
                channels = unit.right[-1][0].out_channels * 2
            else:
                a = e.slice(x, 0, channels // 2)
                b, _ = e.seq(e.slice(x, channels // 2, channels), scale, unit.right,
                             f"features.{i}.right")
            c = e.fresh("cat")
            e.nodes.append(onnx.helper.make_node("Concat", [a, b], [c], axis=1))
            x, scale = e.qdq(e.shuffle(c, channels, hw), f"features.{i}")
        x, scale = e.conv_bn(x, scale, model.features[-1], f"features.{len(model.features) - 1}")
        e.head(x, scale, model, 128)
    e.save(path, type(model).__name__ + "_qdq")


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
        qdq_dir = os.path.join(OUT, name + "_qdq")
        os.makedirs(qdq_dir, exist_ok=True)
        export_qdq(model, train_set[0][:200], os.path.join(qdq_dir, "model.onnx"))
        with open(os.path.join(qdq_dir, "float_top1.txt"), "w") as f:
            f.write(f"{top1:.2f}\n")
        print(f"{name}: top-1 {top1:.2f}% on {len(test_set[1])} held-out digits, "
              f"{sum(p.numel() for p in model.parameters())} parameters")


if __name__ == "__main__":
    main()
