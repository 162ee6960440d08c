#!/usr/bin/python3
"""Property test of the memory planner and the copy elision on random DAGs.

Each graph is a random sequence of 1x1 and depthwise 3x3 convolutions,
ReLU, residual Add, channel Concat, MaxPool 2x2, with fan-out (any earlier
tensor may be reused) and up to two graph outputs. For every graph: edgec
compiles it, the independent checker verifies the plan (no live overlap,
views in bounds), and the C (built with AddressSanitizer) must match numpy
running the same graph.

    random_dags.py --edgec build/bin/edgec [--count 40] [--seed 1]
Prints "N passed, M failed".
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_memory_plan  # noqa: E402


def conv_ref(x, w, b, groups, pad):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    y = np.zeros((n, o, h, wd), dtype=np.float64)
    og = o // groups
    for g in range(groups):
        for oc in range(g * og, (g + 1) * og):
            for i in range(kh):
                for j in range(kw):
                    patch = xp[:, g * cg:(g + 1) * cg, i:i + h, j:j + wd]
                    y[:, oc] += np.einsum("nchw,c->nhw", patch, w[oc, :, i, j])
            y[:, oc] += b[oc]
    return y.astype(np.float32)


def random_graph(rng, index):
    h = w = rng.choice([4, 6, 8])
    c = rng.randint(1, 6)
    tensors = [("x", (1, c, h, w))]
    values = {"x": np.random.RandomState(index).uniform(-1, 1, (1, c, h, w)).astype(np.float32)}
    nodes, inits = [], []
    for k in range(rng.randint(3, 12)):
        name, shape = rng.choice(tensors)
        x = values[name]
        out = f"t{k}"
        op = rng.choice(["conv1x1", "dwconv", "relu", "add", "concat", "pool"])
        if op == "conv1x1":
            oc = rng.randint(1, 8)
            wv = np.random.RandomState(k + 100 * index).uniform(-1, 1, (oc, shape[1], 1, 1)).astype(np.float32)
            bv = np.random.RandomState(k + 7).uniform(-1, 1, oc).astype(np.float32)
            inits += [numpy_helper.from_array(wv, f"w{k}"), numpy_helper.from_array(bv, f"b{k}")]
            nodes.append(helper.make_node("Conv", [name, f"w{k}", f"b{k}"], [out]))
            y = conv_ref(x, wv, bv, 1, 0)
        elif op == "dwconv":
            ch = shape[1]
            wv = np.random.RandomState(k + 200 * index).uniform(-1, 1, (ch, 1, 3, 3)).astype(np.float32)
            bv = np.zeros(ch, np.float32)
            inits += [numpy_helper.from_array(wv, f"w{k}"), numpy_helper.from_array(bv, f"b{k}")]
            nodes.append(helper.make_node("Conv", [name, f"w{k}", f"b{k}"], [out],
                                          group=ch, pads=[1, 1, 1, 1]))
            y = conv_ref(x, wv, bv, ch, 1)
        elif op == "relu":
            nodes.append(helper.make_node("Relu", [name], [out]))
            y = np.maximum(x, 0)
        elif op == "add":
            same = [t for t in tensors if t[1] == shape]
            other, _ = rng.choice(same)
            nodes.append(helper.make_node("Add", [name, other], [out]))
            y = x + values[other]
        elif op == "concat":
            same = [t for t in tensors if t[1][2:] == shape[2:]]
            other, _ = rng.choice(same)
            nodes.append(helper.make_node("Concat", [name, other], [out], axis=1))
            y = np.concatenate([x, values[other]], axis=1)
        else:
            if shape[2] < 2 or shape[2] % 2 or shape[3] % 2:
                continue
            nodes.append(helper.make_node("MaxPool", [name], [out], kernel_shape=[2, 2],
                                          strides=[2, 2]))
            y = x.reshape(1, shape[1], shape[2] // 2, 2, shape[3] // 2, 2).max(axis=(3, 5))
        values[out] = y.astype(np.float32)
        tensors.append((out, y.shape))
    if len(tensors) == 1:
        nodes.append(helper.make_node("Relu", ["x"], ["t_last"]))
        values["t_last"] = np.maximum(values["x"], 0)
        tensors.append(("t_last", values["t_last"].shape))
    outputs = [tensors[-1][0]]
    if len(tensors) > 3 and rng.random() < 0.5:
        extra = rng.choice(tensors[1:-1])[0]
        if extra not in outputs:
            outputs.append(extra)
    graph = helper.make_graph(
        nodes, f"g{index}", [helper.make_tensor_value_info("x", TensorProto.FLOAT, tensors[0][1])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, values[o].shape) for o in outputs],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return model, values["x"], [values[o] for o in outputs]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="edgec-dags-")
    passed = failed = 0
    for i in range(args.count):
        model, x, ys = random_graph(rng, i)
        d = os.path.join(work, f"g{i}")
        os.makedirs(d)
        path = os.path.join(d, "model.onnx")
        onnx.save(model, path)
        problems = []
        r = subprocess.run([args.edgec, path, "--emit=mlir",
                            "--mlir-elide-resource-strings-if-larger=1"],
                           capture_output=True, text=True)
        if r.returncode:
            problems.append("edgec: " + r.stderr.strip())
        else:
            errors, _, _ = check_memory_plan.check(r.stdout)
            problems += errors
            subprocess.run([args.edgec, path, "-o", os.path.join(d, "c"), "--name", "model"],
                           check=True)
            exe = os.path.join(d, "run")
            c_files = [os.path.join(d, "c", f) for f in os.listdir(os.path.join(d, "c"))
                       if f.endswith(".c")]
            subprocess.run(["gcc", "-std=c99", "-O1", "-g", "-fsanitize=address,undefined",
                            "-fno-sanitize-recover=all", "-I", os.path.join(d, "c"),
                            *c_files, os.path.join(HERE, "harness.c"), "-o", exe], check=True)
            x.astype("<f4").tofile(os.path.join(d, "in.bin"))
            outs = [os.path.join(d, f"out{k}.bin:{y.size}") for k, y in enumerate(ys)]
            r = subprocess.run([exe, os.path.join(d, "in.bin"), "--", *outs],
                               capture_output=True, text=True)
            if r.returncode:
                problems.append("run: " + r.stderr.strip()[-300:])
            else:
                for k, y in enumerate(ys):
                    got = np.fromfile(os.path.join(d, f"out{k}.bin"), dtype="<f4")
                    if not np.allclose(got, y.reshape(-1), rtol=1e-4, atol=1e-4):
                        problems.append(f"output {k} differs from numpy by "
                                        f"{float(np.max(np.abs(got - y.reshape(-1)))):.3g}")
        if problems:
            failed += 1
            print(f"FAIL graph {i} ({len(model.graph.node)} nodes, kept in {d}):")
            for p in problems[:5]:
                print("   ", p)
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
