#!/usr/bin/python3
"""Checks QLinearConv / QLinearMatMul models (ONNX's QOperator format)
against torch's quantized kernels.

Each case builds a model float x -> QuantizeLinear -> QLinear op(s) ->
DequantizeLinear -> float y from seeded random weights, compiles it with
edgec, runs the C on random inputs and compares the output integers with
torch.ao.nn.quantized.functional on the same integers (onednn engine, which
computes ONNX's QLinear arithmetic exactly). The weights come out as the
model's integers; edgec requantizes in fixed point (TFLite's rounding) where
torch rounds a float product, so a result may differ by one step of the
output scale near a tie: more than that fails, and so do fewer than 99%
equal for a single op (a chain of ops only reports how many are equal).

    check_qlinear.py --edgec build/bin/edgec
"""
import argparse
import os
import sys
import tempfile

import numpy as np
import onnx
import torch
import torch.ao.nn.quantized.functional as qF
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_digits import logits_of  # noqa: E402

torch.backends.quantized.engine = "onednn"


def tensor(name, array, dtype):
    return numpy_helper.from_array(np.asarray(array, dtype=dtype), name)


class Builder:
    """A QOperator graph with uint8 activations and int8 weights."""

    def __init__(self, rng, x_shape):
        self.rng = rng
        self.nodes, self.inits, self.n = [], [], 0
        self.x = torch.from_numpy(rng.normal(0, 1.5, (8,) + x_shape).astype(np.float32))
        scale = float(self.x.abs().max()) / 127
        self.cur = ("xq", scale, 128)
        self.q = torch.quantize_per_tensor(self.x, scale, 128, torch.quint8)
        self.nodes.append(helper.make_node(
            "QuantizeLinear", ["x", "xq_s", "xq_z"], ["xq"]))
        self.scalar("xq", scale, 128)
        self.x_shape = x_shape

    def scalar(self, name, scale, zp):
        self.inits += [tensor(name + "_s", scale, np.float32),
                       tensor(name + "_z", zp, np.uint8)]

    def out_params(self, y_float):
        lo, hi = min(float(y_float.min()), 0.0), max(float(y_float.max()), 0.0)
        scale = (hi - lo) / 255 or 1.0
        return scale, int(np.clip(round(-lo / scale), 0, 255))

    def conv(self, out_ch, k, stride=1, pad=0, groups=1, bias=True):
        self.n += 1
        name, (src, xs, xz) = f"c{self.n}", self.cur
        in_ch = self.q.shape[1]
        w = torch.from_numpy(self.rng.normal(
            0, 1, (out_ch, in_ch // groups, k, k)).astype(np.float32))
        ws = (w.abs().amax(dim=(1, 2, 3)) / 127).double()
        wq = torch.quantize_per_channel(w, ws, torch.zeros(out_ch, dtype=torch.long),
                                        0, torch.qint8)
        bq = self.rng.integers(-2000, 2000, out_ch) if bias else None
        b = torch.from_numpy(bq * xs * ws.numpy()).float() if bias else None
        y_float = torch.nn.functional.conv2d(self.q.dequantize(), wq.dequantize(), b,
                                             stride, pad, 1, groups)
        ys, yz = self.out_params(y_float)
        self.q = qF.conv2d(self.q, wq, b, stride=stride, padding=pad, groups=groups,
                           scale=ys, zero_point=yz)
        self.inits += [tensor(name + "_w", wq.int_repr().numpy(), np.int8),
                       tensor(name + "_ws", ws.numpy(), np.float32),
                       tensor(name + "_wz", np.zeros(out_ch), np.int8)]
        self.scalar(name, ys, yz)
        inputs = [src, f"{src}_s", f"{src}_z", name + "_w", name + "_ws", name + "_wz",
                  name + "_s", name + "_z"]
        if bias:
            self.inits.append(tensor(name + "_b", bq, np.int32))
            inputs.append(name + "_b")
        self.nodes.append(helper.make_node(
            "QLinearConv", inputs, [name], kernel_shape=[k, k], strides=[stride] * 2,
            pads=[pad] * 4, group=groups))
        self.cur = (name, ys, yz)

    def flatten(self):
        self.n += 1
        name, (src, xs, xz) = f"f{self.n}", self.cur
        self.nodes.append(helper.make_node("Flatten", [src], [name], axis=1))
        self.q = self.q.reshape(self.q.shape[0], -1)
        self.scalar(name, xs, xz)
        self.cur = (name, xs, xz)

    def matmul(self, out_features):
        self.n += 1
        name, (src, xs, xz) = f"m{self.n}", self.cur
        k = self.q.shape[1]
        w = torch.from_numpy(self.rng.normal(0, 1, (out_features, k)).astype(np.float32))
        wq = torch.quantize_per_tensor(w, float(w.abs().max()) / 127, 0, torch.qint8)
        y_float = self.q.dequantize() @ wq.dequantize().T
        ys, yz = self.out_params(y_float)
        self.q = qF.linear(self.q, wq, None, scale=ys, zero_point=yz)
        self.inits += [tensor(name + "_w", wq.int_repr().numpy().T, np.int8),
                       tensor(name + "_ws", wq.q_scale(), np.float32),
                       tensor(name + "_wz", 0, np.int8)]
        self.scalar(name, ys, yz)
        self.nodes.append(helper.make_node(
            "QLinearMatMul", [src, f"{src}_s", f"{src}_z", name + "_w", name + "_ws",
                              name + "_wz", name + "_s", name + "_z"], [name]))
        self.cur = (name, ys, yz)

    def model(self):
        src, ys, yz = self.cur
        self.nodes.append(helper.make_node(
            "DequantizeLinear", [src, f"{src}_s", f"{src}_z"], ["y"]))
        out_shape = [1] + list(self.q.shape[1:])
        graph = helper.make_graph(
            self.nodes, "qlinear",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, *self.x_shape])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)],
            self.inits)
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        onnx.checker.check_model(m)
        return m


CASES = {
    "conv3x3_pad": lambda b: b.conv(6, 3, pad=1),
    "conv_stride2_nobias": lambda b: b.conv(5, 3, stride=2, bias=False),
    "conv1x1": lambda b: b.conv(7, 1),
    "conv_depthwise": lambda b: b.conv(4, 3, pad=1, groups=4),
    "conv_grouped": lambda b: b.conv(6, 3, pad=1, groups=2),
    "matmul": lambda b: (b.flatten(), b.matmul(10)),
    "chain_conv_dw_matmul": lambda b: (b.conv(8, 3, pad=1), b.conv(8, 3, stride=2, pad=1, groups=8),
                                 b.flatten(), b.matmul(5)),
}


def quantize_ties(edgec, through_pool):
    """QuantizeLinear on values that lie on rounding ties, far out of range
    and in between, then DequantizeLinear (directly, or through an int8
    MaxPool 1x1 and a second pair): ONNX rounds to nearest with ties to even
    (numpy's rint), then saturates. The outputs must be exact."""
    scale, zp = 0.25, 5
    k = np.arange(-140, 140, dtype=np.float32)
    x = np.concatenate([(k + 0.5) * scale, k * scale + 0.1, [1e6, -1e6, 0.0]]).astype(np.float32)
    shape = [1, 1, 1, x.size]
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"]),
             helper.make_node("DequantizeLinear", ["q", "s", "z"], ["d" if through_pool else "y"])]
    if through_pool:
        nodes += [helper.make_node("MaxPool", ["d"], ["m"], kernel_shape=[1, 1]),
                  helper.make_node("QuantizeLinear", ["m", "s", "z"], ["q2"]),
                  helper.make_node("DequantizeLinear", ["q2", "s", "z"], ["y"])]
    graph = helper.make_graph(
        nodes, "ties",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)],
        [tensor("s", scale, np.float32), tensor("z", zp, np.int8)])
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "model.onnx")
        onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)
        y = logits_of(edgec, path, work, x.reshape(1, *shape), []).reshape(-1)
    want = (np.clip(np.rint(x / np.float32(scale)) + zp, -128, 127) - zp) * scale
    wrong = int((y != want).sum())
    name = "quantize_ties_pool" if through_pool else "quantize_ties"
    print(f"{name:22s} {'ok' if wrong == 0 else 'FAIL':4s} {wrong} of {x.size} differ "
          "from round-half-to-even")
    return wrong == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    args = ap.parse_args()
    ok = quantize_ties(args.edgec, False) & quantize_ties(args.edgec, True)
    for i, (name, build) in enumerate(CASES.items()):
        rng = np.random.default_rng(100 + i)
        b = Builder(rng, (4, 8, 8))
        build(b)
        _, ys, yz = b.cur
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "model.onnx")
            onnx.save(b.model(), path)
            y = logits_of(args.edgec, path, work, b.x.numpy(), [])
        got = np.rint(y / ys + yz).astype(np.int64).reshape(-1)
        want = b.q.int_repr().numpy().astype(np.int64).reshape(-1)
        diff = np.abs(got - want)
        equal = float((diff == 0).mean())
        good = diff.max() <= 1 and (equal >= 0.99 or name.startswith("chain"))
        ok &= good
        print(f"{name:22s} {'ok' if good else 'FAIL':4s} max |diff| {diff.max()} LSB, "
              f"{100 * equal:.1f}% equal")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
