#!/usr/bin/python3
"""Directed hostile and careless inputs: each must end in a clean result.

Every case builds a model (or a folder, or a command line), runs edgec on it
with a time limit and checks the outcome:
  - "error": exit status 1 or 2, one message starting "edgec: error:" that
    matches the case's pattern, no internal text (assertion failures,
    source paths, "LLVM ERROR"), and no output folder;
  - "ok": exit status 0, and the C compiles with -Werror;
  - "clean": either of the two (fuzzer regressions).
No case may be killed by a signal, run past the time limit, or leave a
temporary file behind in the output's parent folder.

    hostile_models.py --edgec build/bin/edgec [--only SUBSTRING] [-v]
Prints one line per failing case and "N passed, M failed".
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree

import numpy as np
from onnx import TensorProto, helper, numpy_helper

LIMIT_S = 30
INTERNAL = re.compile(r"Assertion|LLVM ERROR|\.cc:\d|\.cpp:\d|terminate called|"
                      r"Stack dump|PLEASE submit")


def model(nodes, inputs, outputs, inits=(), opset=17, name="g"):
    g = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def vi(name, shape, elem=TensorProto.FLOAT):
    """A value info; shape None: rank-4 symbolic (inference fills it in)."""
    if shape is None:
        shape = ["d0", "d1", "d2", "d3"]
    return helper.make_tensor_value_info(name, elem, shape)


def tensor(name, shape, value=0.5):
    return numpy_helper.from_array(np.full(shape, value, np.float32), name)


def conv_model(strides=(1, 1), kernel=3, dims=(1, 1, 8, 8), pads=(1, 1, 1, 1),
               dilations=(1, 1), node_name="conv", in_name="x", out_name="y"):
    w = tensor("w", (2, dims[1], kernel, kernel))
    node = helper.make_node("Conv", [in_name, "w"], [out_name], name=node_name,
                            strides=list(strides), pads=list(pads),
                            dilations=list(dilations))
    return model([node], [vi(in_name, list(dims))], [vi(out_name, None)], [w])


def conv_ranks(x_dims, w_dims, op="Conv", opset=17, via_matmul=False, kernel=None):
    """A Conv-family node whose weight's rank is `w_dims`'s and whose input
    has `x_dims` (through a MatMul when `via_matmul`, so that only ONNX's
    inference learns the rank)."""
    nodes, inits = [], [tensor("w", w_dims)]
    x = "x"
    if via_matmul:
        inits.append(tensor("m", (x_dims[-1], x_dims[-1])))
        nodes.append(helper.make_node("MatMul", ["x", "m"], ["mm"], name="mm"))
        x = "mm"
    attrs = {} if kernel is None else {"kernel_shape": kernel}
    if op == "QLinearConv":
        s = numpy_helper.from_array(np.array(0.1, np.float32), "s")
        z = numpy_helper.from_array(np.array(0, np.int8), "z")
        wq = numpy_helper.from_array(np.ones(w_dims, np.int8), "wq")
        inits += [s, z, wq]
        nodes += [helper.make_node("QuantizeLinear", [x, "s", "z"], ["q"], name="q"),
                  helper.make_node(op, ["q", "s", "z", "wq", "s", "z", "s", "z"], ["y"],
                                   name="conv", **attrs)]
        return model(nodes, [vi("x", list(x_dims))], [vi("y", None, TensorProto.INT8)],
                     inits, opset)
    nodes.append(helper.make_node(op, [x, "w"], ["y"], name="conv", **attrs))
    return model(nodes, [vi("x", list(x_dims))], [vi("y", None)], inits, opset)


def relu_chain(n):
    nodes = [helper.make_node("Relu", [f"t{i}"], [f"t{i + 1}"], name=f"r{i}")
             for i in range(n)]
    return model(nodes, [vi("t0", [1, 4])], [vi(f"t{n}", [1, 4])])


def branches(n):
    """`n` independent 1x1 convolutions (distinct weights, so nothing merges)
    of one input, each with its own activation, concatenated."""
    nodes, outs, inits = [], [], []
    for i in range(n):
        inits.append(tensor(f"w{i}", (4, 4, 1, 1), 0.1 + 0.001 * i))
        nodes.append(helper.make_node("Conv", ["x", f"w{i}"], [f"c{i}"], name=f"c{i}"))
        nodes.append(helper.make_node("Sigmoid", [f"c{i}"], [f"s{i}"], name=f"s{i}"))
        outs.append(f"s{i}")
    nodes.append(helper.make_node("Concat", outs, ["y"], name="cat", axis=1))
    return model(nodes, [vi("x", [1, 4, 8, 8])], [vi("y", [1, 4 * n, 8, 8])], inits)


def external(location, offset=None, length=None, size=8):
    t = TensorProto()
    t.name, t.data_type = "w", TensorProto.FLOAT
    t.dims.append(size)
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", offset), ("length", length)):
        if v is not None:
            e = t.external_data.add()
            e.key, e.value = k, str(v)
    node = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    return model([node], [vi("x", [size])], [vi("y", [size])], [t])


def write(path, m):
    with open(path, "wb") as f:
        f.write(m.SerializeToString() if not isinstance(m, bytes) else m)
    return path


HOSTILE_NAME = '*/ { puts("owned"); } /*'
INCLUDE_NAME = '*/\n#include "/etc/hostname"\n/*'
CONTROL_NAME = "a\x01b\x1b[31m<svg>&\"'\x7f"


def cases(tmp):
    """(name, argv builder, expectation, pattern or None)."""
    out = []

    def add(name, build, expect, pattern=None, args=(), setup=None):
        out.append((name, build, expect, pattern, list(args), setup))

    # Names pasted into generated code.
    add("node name closes a comment", lambda d: conv_model(node_name=HOSTILE_NAME), "ok")
    add("node name holds an #include", lambda d: conv_model(node_name=INCLUDE_NAME), "ok")
    add("control characters in names",
        lambda d: conv_model(node_name=CONTROL_NAME, in_name=CONTROL_NAME + "in",
                             out_name="y/*" + CONTROL_NAME), "ok")
    add("input name closes a comment", lambda d: conv_model(in_name=HOSTILE_NAME), "ok")
    add("output named like a macro", lambda d: conv_model(out_name="Y\\\n#define X 1"), "ok")
    # --layer-hooks passes node names as C string literals.
    add("hook name closes a string", lambda d: conv_model(node_name='x"); puts("owned'),
        "ok", args=["--layer-hooks"])
    add("hook name with escapes and trigraphs",
        lambda d: conv_model(node_name="a\\x41\\??=" + CONTROL_NAME + "\xc3\xa9"), "ok",
        args=["--layer-hooks"])
    add("hook name holds an #include", lambda d: conv_model(node_name=INCLUDE_NAME), "ok",
        args=["--layer-hooks"])
    # Shapes and attributes ONNX's inference divides by or trusts.
    add("stride 0", lambda d: conv_model(strides=(0, 1)), "error", r"'conv'.*stride")
    add("negative stride", lambda d: conv_model(strides=(-1, 1)), "error", r"'conv'.*stride")
    add("stride 2^32", lambda d: conv_model(strides=(2 ** 32, 1)), "error", r"'conv'.*stride")
    add("dilation 0", lambda d: conv_model(dilations=(0, 1)), "error", r"'conv'.*dilation")
    add("negative padding", lambda d: conv_model(pads=(-5, 0, 0, 0)), "error", r"'conv'.*pad")
    add("kernel larger than input", lambda d: conv_model(kernel=11, pads=(0, 0, 0, 0)),
        "error", r"'y'.*dimension -2")
    # Operand ranks ONNX's Conv inference takes on trust (it crashed on them).
    rank = r"'conv'.*rank"
    add("Conv on a rank-2 MatMul output", lambda d: conv_ranks((1, 8), (4, 8, 3, 3),
                                                                via_matmul=True), "error", rank)
    add("Conv on a rank-2 input (opset 13)", lambda d: conv_ranks((1, 8), (4, 8, 3, 3),
                                                                   opset=13), "error", rank)
    add("Conv weight of rank 5 on a rank-4 input",
        lambda d: conv_ranks((1, 2, 8, 8), (4, 2, 3, 3, 3)), "error", rank)
    add("Conv weight of rank 3 on a rank-4 input",
        lambda d: conv_ranks((1, 2, 8, 8), (4, 2, 3)), "error", rank)
    add("Conv kernel_shape of the wrong length",
        lambda d: conv_ranks((1, 2, 8, 8), (4, 2, 3, 3), kernel=[3, 3, 3]), "error",
        r"'conv'.*kernel_shape")
    add("ConvTranspose weight of rank 3 on a rank-4 input",
        lambda d: conv_ranks((1, 2, 8, 8), (2, 4, 3), op="ConvTranspose"), "error", rank)
    add("QLinearConv on a rank-3 MatMul output",
        lambda d: conv_ranks((1, 2, 8), (4, 2, 3, 3), op="QLinearConv", via_matmul=True),
        "error", rank)
    add("zero dim", lambda d: conv_model(dims=(1, 1, 0, 8)), "error", r"'x'.*dimension.*0")
    add("negative dim", lambda d: conv_model(dims=(1, 1, -3, 8)), "error", r"'x'.*dimension.*-3")
    add("2^40 input elements", lambda d: conv_model(dims=(1, 1, 2 ** 20, 2 ** 20)),
        "error", r"too large|exceeds|limit")
    add("input height 2^31-1", lambda d: conv_model(dims=(1, 1, 2 ** 31 - 1, 8)),
        "error", r"too large|exceeds|limit")
    add("graph output no node produces (opset 13)",
        lambda d: model([helper.make_node("Relu", ["x"], ["y"], name="r")],
                        [vi("x", [1, 4])], [vi("y", [1, 4]), vi("ghost", [1, 4])],
                        opset=13), "error", r"ghost")
    add("graph output no node produces (opset 17)",
        lambda d: model([helper.make_node("Relu", ["x"], ["y"], name="r")],
                        [vi("x", [1, 4])], [vi("y", [1, 4]), vi("ghost", [1, 4])]),
        "error", r"ghost")
    add("failed inference read by a later node",
        lambda d: model([helper.make_node("Conv", ["x", "w"], ["c"], name="bad",
                                          strides=[0, 0]),
                         helper.make_node("Relu", ["c"], ["y"], name="r")],
                        [vi("x", [1, 1, 8, 8])], [vi("y", None)], [tensor("w", (1, 1, 3, 3))]),
        "error", r"'bad'")
    add("cycle", lambda d: model([helper.make_node("Add", ["x", "b"], ["a"], name="n1"),
                                  helper.make_node("Relu", ["a"], ["b"], name="n2")],
                                 [vi("x", [4])], [vi("a", [4])]), "error", r"cycle|order|n1|n2")
    # Constant folding sized by the model.
    add("ConstantOfShape 2^20 x 2^20",
        lambda d: model([helper.make_node("ConstantOfShape", ["s"], ["c"], name="cos",
                                          value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])),
                         helper.make_node("Add", ["x", "c"], ["s2"], name="add"),
                         helper.make_node("ReduceMax", ["s2"], ["y"], name="max", keepdims=0)],
                        [vi("x", [1])], [vi("y", [])],
                        [numpy_helper.from_array(np.array([2 ** 20, 2 ** 20], np.int64), "s")]),
        "error", r"'cos'.*(too large|limit)")
    add("ConstantOfShape with an empty value",
        lambda d: model([helper.make_node("ConstantOfShape", ["s"], ["c"], name="cos",
                                          value=helper.make_tensor("v", TensorProto.FLOAT, [0], [])),
                         helper.make_node("Add", ["x", "c"], ["y"], name="add")],
                        [vi("x", [4])], [vi("y", ["a"])],
                        [numpy_helper.from_array(np.array([4], np.int64), "s")]),
        "error", r"cos")
    add("Range(0, 2^50)",
        lambda d: model([helper.make_node("Range", ["a", "b", "c"], ["r"], name="range"),
                         helper.make_node("Cast", ["r"], ["rf"], name="cast", to=1),
                         helper.make_node("Add", ["x", "rf"], ["s2"], name="add"),
                         helper.make_node("ReduceMax", ["s2"], ["y"], name="max", keepdims=0)],
                        [vi("x", [1])], [vi("y", [])],
                        [numpy_helper.from_array(np.array(v, np.int64), n)
                         for n, v in (("a", 0), ("b", 2 ** 50), ("c", 1))]),
        "error", r"'range'.*(too large|limit)")
    add("65536 x 65536 broadcast of constants",
        lambda d: model([helper.make_node("Add", ["a", "b"], ["c"], name="bcast"),
                         helper.make_node("Add", ["x", "c"], ["s2"], name="add"),
                         helper.make_node("ReduceMax", ["s2"], ["y"], name="max", keepdims=0)],
                        [vi("x", [1])], [vi("y", [])],
                        [tensor("a", (65536, 1)), tensor("b", (1, 65536))]),
        "error", r"'bcast'.*(too large|limit)")
    # External data.
    add("external data offset not a number", lambda d: external("w.bin", offset="12abc"),
        "error", r"'w'.*offset", setup=lambda d: open(os.path.join(d, "w.bin"), "wb").write(b"\0" * 64))
    add("external data length 2^70", lambda d: external("w.bin", length=str(2 ** 70)),
        "error", r"'w'.*length", setup=lambda d: open(os.path.join(d, "w.bin"), "wb").write(b"\0" * 64))
    add("external data negative length", lambda d: external("w.bin", length=-4),
        "error", r"'w'.*length", setup=lambda d: open(os.path.join(d, "w.bin"), "wb").write(b"\0" * 64))
    add("external data length not the tensor's", lambda d: external("w.bin", length=12),
        "error", r"'w'", setup=lambda d: open(os.path.join(d, "w.bin"), "wb").write(b"\0" * 64))
    add("external data is a FIFO", lambda d: external("fifo"), "error", r"'w'.*regular file",
        setup=lambda d: os.mkfifo(os.path.join(d, "fifo")))
    add("external data symlink leaving the folder", lambda d: external("link"), "error",
        r"'w'.*outside", setup=lambda d: os.symlink("/etc/hostname", os.path.join(d, "link")))
    add("external data ../", lambda d: external("../w.bin"), "error", r"'w'.*outside")
    # Files that are not models.
    add("/dev/zero as the model", None, "error", r"/dev/zero", args=["/dev/zero"])
    add("a folder as the model", None, "error", r"not a regular file", args=[tmp])
    add("protobuf nested past the limit",
        lambda d: nested_bytes(200), "error", r"nest|deep")
    add("text dim over int64", None, "error", r"dim|integer|range",
        args=["@text:<ir_version: 8, opset_import: [\"\" : 17]>\n"
              "g (float[99999999999999999999999] x) => (float[1] y) { y = Relu(x) }"])
    # Inputs the fuzzer (scripts/fuzz.sh) once crashed on: any clean end.
    here = os.path.dirname(os.path.abspath(__file__))
    regressions = os.path.join(here, "fuzz_regressions")
    for f in sorted(os.listdir(regressions)):
        data = open(os.path.join(regressions, f), "rb").read()
        add("fuzz regression " + f, lambda d, data=data: data, "clean")
    # Scale.
    add("20,000-node chain", lambda d: relu_chain(20000), "ok")
    add("300 independent branches", lambda d: branches(300), "ok")
    return out


def nested_bytes(depth):
    """A ModelProto whose graph attribute nests `depth` graphs (If branches)."""
    leaf = helper.make_graph([helper.make_node("Constant", [], ["y"], name="k",
                                               value_float=1.0)], "leaf", [], [vi("y", [])])
    inner = leaf
    for i in range(depth):
        node = helper.make_node("If", ["c"], ["y"], name=f"if{i}",
                                then_branch=inner, else_branch=leaf)
        inner = helper.make_graph([node], f"g{i}", [], [vi("y", [])])
    return model(list(inner.node), [vi("c", [], TensorProto.BOOL)], [vi("y", [])]).SerializeToString()


def temporaries(d):
    """Files under `d` that look like edgec's staging or temporary files."""
    return [os.path.join(root, f) for root, dirs, files in os.walk(d)
            for f in files + dirs
            if f.startswith(".edgec") or f.endswith(".tmp") or ".tmp-" in f or ".old-" in f]


def interrupted(edgec, tmp, model_path):
    """SIGTERM at several points of a library build: no staging left."""
    for delay in (0.05, 0.3, 0.8, 1.5):
        d = tempfile.mkdtemp(dir=tmp)
        p = subprocess.Popen([edgec, model_path, "-o", os.path.join(d, "out"), "--emit=lib"],
                             stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=LIMIT_S)
        left = temporaries(d)
        if left:
            return f"SIGTERM after {delay} s left {left}"
    return None


def run_case(edgec, tmp, case, verbose):
    name, build, expect, pattern, args, setup = case
    d = tempfile.mkdtemp(dir=tmp)
    if setup:
        setup(d)
    if build is not None:
        argv = [write(os.path.join(d, "model.onnx"), build(d))]
    elif args and args[0].startswith("@text:"):
        p = os.path.join(d, "model.onnxtxt")
        open(p, "w").write(args[0][6:])
        argv = [p]
    else:
        argv = list(args)
    outdir = os.path.join(d, "out")
    cmd = [edgec] + argv + ["-o", outdir]
    start = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                           timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        return f"timed out after {LIMIT_S} s"
    took = time.time() - start
    err = p.stderr.strip()
    if verbose:
        print(f"  [{name}] rc={p.returncode} {took:.1f}s: {err[:300]}")
    if p.returncode < 0:
        return f"killed by signal {signal.Signals(-p.returncode).name}: {err[-300:]}"
    leftovers = temporaries(d)
    if leftovers:
        return f"left {leftovers}"
    if INTERNAL.search(err):
        return f"internal text in the message: {err[:300]}"
    if expect == "clean" and p.returncode != 0:
        if p.returncode not in (1, 2) or not err.startswith("edgec: error:"):
            return f"exit {p.returncode}: {err[:300]}"
        return None
    if expect == "error":
        if p.returncode not in (1, 2):
            return f"exit {p.returncode}, expected an error"
        if not err.startswith("edgec: error:"):
            return f"message is not an edgec error: {err[:300]}"
        if pattern and not re.search(pattern, err, re.S):
            return f"message does not match /{pattern}/: {err[:300]}"
        if os.path.exists(outdir):
            return "an output folder was written"
        return None
    if p.returncode != 0:
        return f"exit {p.returncode}: {err[:300]}"
    for src in sorted(f for f in os.listdir(outdir) if f.endswith(".c")):
        c = subprocess.run(["gcc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                            "-fsyntax-only", os.path.join(outdir, src)],
                           capture_output=True, text=True)
        if c.returncode:
            return f"{src} does not compile cleanly: {c.stderr[:300]}"
    for f in sorted(os.listdir(outdir)):
        if not f.endswith((".c", ".h")):
            continue
        path = os.path.join(outdir, f)
        if re.search(rb"[\x00-\x09\x0b-\x1f\x7f-\xff]", open(path, "rb").read()):
            return f"{f} holds control or non-ASCII bytes"
        # Without comments, the code must not hold the names' text.
        code = subprocess.run(["gcc", "-fpreprocessed", "-dD", "-E", "-P", path],
                              capture_output=True, text=True).stdout
        # (String literals hold names too, as data.)
        code = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', code)
        if re.search(r'puts\(|"/etc|<svg>', code):
            return f"{f} carries user text outside comments"
    try:
        json.load(open(os.path.join(outdir, "report.json")))
        xml.etree.ElementTree.parse(os.path.join(outdir, "memory.svg"))
    except Exception as e:  # noqa: BLE001 - any parse error fails the case
        return f"report.json or memory.svg is ill-formed: {e}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--only", default="")
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    edgec = os.path.abspath(a.edgec)
    passed = failed = 0
    here = os.path.dirname(os.path.abspath(__file__))
    big = os.path.join(here, "..", "..", "examples", "models", "mobilenet_v2", "model.onnx")
    with tempfile.TemporaryDirectory() as tmp:
        if a.only in "SIGTERM while writing":
            why = interrupted(edgec, tmp, big)
            if why:
                failed += 1
                print(f"FAIL SIGTERM while writing: {why}")
            else:
                passed += 1
        for case in cases(tmp):
            if a.only not in case[0]:
                continue
            why = run_case(edgec, tmp, case, a.v)
            if why:
                failed += 1
                print(f"FAIL {case[0]}: {why}")
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
