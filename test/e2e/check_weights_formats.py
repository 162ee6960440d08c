#!/usr/bin/python3
"""The four ways edgec writes weights give the same program.

First a model whose weights hold -0, infinities, subnormals, the extremes
and a NaN with a payload: its outputs must be those bits. Then, for each
model folder (model.onnx and test_data_set_0), as float and, with
--int8, quantized: edgec --emit=lib with --weights=bytes, decimal,
incbin and address (NAME_weights.bin mapped at a fixed address by
weights_at_address.c), each library linked with test/e2e/harness.c and run
on the test inputs. The outputs must be bit-identical across the four, and the float
ones must match the saved reference outputs (the reference check itself is
run_onnx_tests.py's; here a gross mismatch still fails). With --arm, each
format is also built for Cortex-M4 with arm-none-eabi-gcc (.incbin goes
through its assembler).

    check_weights_formats.py --edgec build/bin/edgec [--int8] [--arm] DIR...
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_onnx_tests import HERE, load_pb  # noqa: E402

FORMATS = ["bytes", "decimal", "incbin", "address"]
ADDRESS = "0x30000000"  # free in a Linux x86-64 or aarch64 process


def numbered(paths):
    return sorted(paths, key=lambda p: int(re.findall(r"\d+", os.path.basename(p))[0]))


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}...: {r.stderr.strip()[-600:]}")
    return r


def outputs_of(edgec, model, flags, fmt, work, ins, outs):
    out = os.path.join(work, fmt)
    extra, env = [], None
    if fmt == "address":
        flags = [*flags, f"--weights-address={ADDRESS}"]
        extra = [os.path.join(HERE, "weights_at_address.c")]
        env = dict(os.environ, EC_WEIGHTS_BIN=os.path.join(out, "model_weights.bin"),
                   EC_WEIGHTS_ADDRESS=ADDRESS)
    run([edgec, model, "-o", out, "--name", "model", "--emit=lib",
         f"--weights={fmt}", *flags])
    exe = os.path.join(out, "run")
    run(["gcc", "-std=c99", "-O1", "-I", out, os.path.join(HERE, "harness.c"), *extra,
         os.path.join(out, "libmodel.a"), "-lm", "-o", exe])
    argv = [exe, *ins, "--"]
    files = []
    for i, size in enumerate(outs):
        files.append(os.path.join(out, f"out{i}.bin"))
        argv.append(f"{files[-1]}:{size}")
    run(argv, timeout=300, env=env)
    return [open(f, "rb").read() for f in files]


def check_model(args, d, int8, work):
    model = os.path.join(d, "model.onnx")
    ds = os.path.join(d, "test_data_set_0")
    ins = []
    for i, p in enumerate(numbered(glob.glob(os.path.join(ds, "input_*.pb")))):
        f = os.path.join(work, f"in{i}.bin")
        load_pb(p).astype("<f4").tofile(f)
        ins.append(f)
    expected = [load_pb(p).astype(np.float32).reshape(-1)
                for p in numbered(glob.glob(os.path.join(ds, "output_*.pb")))]
    flags = []
    if int8:
        calib = os.path.join(work, "calib.npy")
        np.save(calib, np.fromfile(ins[0], dtype="<f4").reshape(
            load_pb(numbered(glob.glob(os.path.join(ds, "input_*.pb")))[0]).shape))
        flags = ["--quantize=int8", f"--calib={calib}"]
    results = {fmt: outputs_of(args.edgec, model, flags, fmt,
                               os.path.join(work, fmt), ins,
                               [e.size for e in expected])
               for fmt in FORMATS}
    problems = [f"{fmt} differs from bytes" for fmt in FORMATS[1:]
                if results[fmt] != results["bytes"]]
    if not int8:
        for i, e in enumerate(expected):
            got = np.frombuffer(results["bytes"][i], dtype="<f4")
            if not np.allclose(got, e, rtol=1e-3, atol=1e-3):
                problems.append(f"output {i} does not match the reference")
    if args.arm:
        for fmt in FORMATS:
            out = os.path.join(work, "m4-" + fmt)
            address = ["--weights-address=0x90000000"] if fmt == "address" else []
            try:
                run([args.edgec, model, "-o", out, "--emit=lib", "--target",
                     "cortex-m4", f"--weights={fmt}", *address, *flags])
            except RuntimeError as e:
                problems.append(f"cortex-m4 {fmt}: {e}")
    return problems


def special_values(args, work):
    """y = x * W with x all ones and W holding -0, infinities, subnormals, the
    extremes and a NaN with a payload: bytes, incbin and address must give
    W's exact bits; decimal too, except that its NaN is C's NAN."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    bits = np.array([0x80000000, 0x7F800000, 0xFF800000, 0x00000001, 0x807FFFFF,
                     0x7F7FFFFF, 0xFF7FFFFF, 0x00800000, 0x3DCCCCCD, 0xBF800000,
                     0x7FC12345, 0x00000000] * 3, dtype="<u4")
    w = bits.view("<f4").reshape(1, -1)
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "w"], ["y"], name="Mul_0")], "special",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(w.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(w.shape))],
        [numpy_helper.from_array(w, "w")])
    model = os.path.join(work, "special.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), model)
    x = os.path.join(work, "ones.bin")
    np.ones(w.size, dtype="<f4").tofile(x)
    problems = []
    nan = np.isnan(w.reshape(-1))
    for fmt in FORMATS:
        got = np.frombuffer(outputs_of(args.edgec, model, [], fmt, os.path.join(work, fmt),
                                       [x], [w.size])[0], dtype="<u4")
        exact = got == bits
        if fmt == "decimal":
            exact |= nan & np.isnan(got.view("<f4"))
        if not exact.all():
            problems.append(f"{fmt}: {int((~exact).sum())} of {w.size} values changed")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--int8", action="store_true")
    ap.add_argument("--arm", action="store_true")
    ap.add_argument("models", nargs="+")
    args = ap.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        problems = special_values(args, work)
    print("FAIL special values: " + "; ".join(problems) if problems else "ok   special values")
    passed, failed = (0, 1) if problems else (1, 0)
    for d in args.models:
        for int8 in [False, True] if args.int8 else [False]:
            name = os.path.basename(d.rstrip("/")) + (" int8" if int8 else "")
            with tempfile.TemporaryDirectory() as work:
                try:
                    problems = check_model(args, d, int8, work)
                except (RuntimeError, subprocess.TimeoutExpired) as e:
                    problems = [str(e)]
            if problems:
                failed += 1
                print(f"FAIL {name}: " + "; ".join(problems))
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
