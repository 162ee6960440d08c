#!/usr/bin/python3
"""Independent check of edgec's memory plan: compiles each model to planned
kernel IR (--emit=mlir) and, with its own reading of that IR (none of the
planner's code), verifies that
  - every arena buffer lies inside the arena,
  - no two buffers whose live ranges (first to last kernel that touches them,
    through views) intersect share any byte,
  - every view a kernel reads or writes stays inside its buffer.
    check_memory_plan.py --edgec build/bin/edgec MODEL_DIR...
Prints "N passed, M failed" (models).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

CONST = re.compile(r"%(\S+) = arith.constant (-?\d+) : index")
# An element type: f32, i8, ui8, i1, ..., or a quantized type (its storage).
ELEM = r"(?:[a-z]+\d+|!quant\.uniform<[a-z]+\d+[^>]*>)"
# (the planner's own annotations on the view, if any, are ignored)
VIEW = re.compile(r"%(\S+) = memref.view %(\S+)\[%(\S+)\]\[\](?: \{[^}]*\})? : "
                  r"memref<\d+xi8> to memref<([\dx]+)x(" + ELEM + r")>")
GLOBAL = re.compile(r"%(\S+) = memref.get_global @\S+ : memref<([\dx]+)x(" + ELEM + r")")
CAST = re.compile(r"%(\S+) = memref.reinterpret_cast %(\S+) to offset: \[(-?\d+)\], "
                  r"sizes: \[([^\]]*)\], strides: \[([^\]]*)\]")
ARG = re.compile(r"%(arg\d+): memref<([\dx]+)x(" + ELEM + r")>( \{edgec.arena\})?")
KERNEL = re.compile(r"^\s*kernel\.(\w+) ([^{:]*)")
ARENA = re.compile(r"edgec.arena_size = (\d+)")


def element_bytes(elem):
    """Bytes of one element: f32 4, i8 1, i1 1, a quantized type its storage."""
    m = re.search(r"[a-z]+(\d+)", elem.replace("!quant.uniform<", ""))
    return (int(m.group(1)) + 7) // 8


def elements(shape):
    n = 1
    for d in shape.split("x"):
        n *= int(d)
    return n


def check(ir):
    errors = []
    consts, roots, views = {}, {}, {}
    arena_size = None
    arena_arg = None
    kernels = []
    for line in ir.splitlines():
        if "func.func" in line:
            m = ARENA.search(line)
            arena_size = int(m.group(1)) if m else None
            for name, shape, ty, is_arena in ARG.findall(line):
                if is_arena:
                    arena_arg = name
                else:
                    roots[name] = {"elems": elements(shape), "arena": None,
                                   "bytes": element_bytes(ty)}
            continue
        if m := CONST.search(line):
            consts[m.group(1)] = int(m.group(2))
        elif (m := VIEW.search(line)) and m.group(2) != arena_arg:
            # a buffer's bytes seen with another element type (in-place
            # int8): a contiguous view of the same root at byte 0
            src = m.group(2)
            root = views[src][0] if src in views else src
            sizes = [int(v) for v in m.group(4).split("x")]
            strides = [1] * len(sizes)
            for i in range(len(sizes) - 2, -1, -1):
                strides[i] = strides[i + 1] * sizes[i + 1]
            views[m.group(1)] = (root, 0, sizes, strides)
        elif m := VIEW.search(line):
            roots[m.group(1)] = {"elems": elements(m.group(4)),
                                 "arena": consts[m.group(3)],
                                 "bytes": element_bytes(m.group(5))}
        elif m := GLOBAL.search(line):
            roots[m.group(1)] = {"elems": elements(m.group(2)), "arena": None,
                                 "bytes": element_bytes(m.group(3))}
        elif m := CAST.search(line):
            src = m.group(2)
            root = views[src][0] if src in views else src
            sizes = [int(v) for v in m.group(4).split(",")]
            strides = [int(v) for v in m.group(5).split(",")]
            views[m.group(1)] = (root, int(m.group(3)), sizes, strides)
        elif m := KERNEL.match(line):
            # (a leading keyword, as in `kernel.binary add %a, ...`, is no operand)
            operands = [o.strip().split()[-1].lstrip("%") for o in m.group(2).split(",")
                        if o.strip()]
            kernels.append((m.group(1), operands))
    live = {}
    for step, (kind, operands) in enumerate(kernels):
        for name in operands:
            if name in views:
                root, off, sizes, strides = views[name]
                hi = off + sum((s - 1) * t for s, t in zip(sizes, strides) if s > 0)
                lo = off + sum((s - 1) * t for s, t in zip(sizes, strides) if t < 0)
                if root in roots and (lo < 0 or hi >= roots[root]["elems"]):
                    errors.append(f"kernel.{kind} #{step}: view of %{root} reaches "
                                  f"elements {lo}..{hi} of {roots[root]['elems']}")
            else:
                root = name
            if root not in roots:
                errors.append(f"kernel.{kind} #{step}: unknown buffer %{root}")
                continue
            first, last = live.get(root, (step, step))
            live[root] = (min(first, step), max(last, step))
    arena = [(r, roots[r]["arena"], roots[r]["elems"] * roots[r]["bytes"]) for r in live
             if roots[r]["arena"] is not None]
    for r, off, size in arena:
        if arena_size is None or off < 0 or off + size > arena_size:
            errors.append(f"%{r} at bytes {off}..{off + size} is outside the arena "
                          f"of {arena_size}")
    for i in range(len(arena)):
        for j in range(i + 1, len(arena)):
            (a, ao, asz), (b, bo, bsz) = arena[i], arena[j]
            (af, al), (bf, bl) = live[a], live[b]
            if af <= bl and bf <= al and ao < bo + bsz and bo < ao + asz:
                errors.append(f"%{a} [{ao}, {ao + asz}) live {af}..{al} overlaps "
                              f"%{b} [{bo}, {bo + bsz}) live {bf}..{bl}")
    return errors, len(arena), arena_size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", default="edgec")
    ap.add_argument("--ir", help="check this planned IR file instead")
    ap.add_argument("--int8", action="store_true",
                    help="also check each model quantized to int8 (calibrated on "
                         "random samples)")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    passed = failed = 0
    if args.ir:
        errors, count, arena = check(open(args.ir).read())
        for e in errors:
            print("   ", e)
        print(f"{0 if errors else 1} passed, {1 if errors else 0} failed")
        return 1 if errors else 0
    runs = [(m, []) for m in args.models]
    tmp = tempfile.mkdtemp(prefix="edgec-plan-")
    if args.int8:
        import numpy as np
        import onnx
        for m in args.models:
            g = onnx.load(os.path.join(m, "model.onnx"), load_external_data=False).graph
            shape = [d.dim_value for d in g.input[0].type.tensor_type.shape.dim]
            calib = os.path.join(tmp, os.path.basename(m.rstrip("/")) + ".npy")
            np.save(calib, np.random.default_rng(2).standard_normal([4] + shape[1:])
                    .astype(np.float32))
            runs.append((m, ["--quantize=int8", f"--calib={calib}"]))
    for m, extra in runs:
        name = os.path.basename(m.rstrip("/")) + (" (int8)" if extra else "")
        r = subprocess.run([args.edgec, os.path.join(m, "model.onnx"), "--emit=mlir",
                            "--mlir-elide-resource-strings-if-larger=1", *extra],
                           capture_output=True, text=True)
        if r.returncode:
            print(f"FAIL {name}: edgec failed: {r.stderr.strip()}")
            failed += 1
            continue
        errors, count, arena = check(r.stdout)
        if errors:
            failed += 1
            print(f"FAIL {name}:")
            for e in errors[:10]:
                print("   ", e)
        else:
            passed += 1
            print(f"ok   {name}: {count} arena buffers in {arena} bytes")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
