#!/usr/bin/python3
"""Builds a generated model with a main() of its own, runs it on random
inputs and compares every output with a numpy expression of the inputs.

    run_model.py OUTDIR NAME --input x=int8:2x5 ... --expect 'x.T' ...

Inputs are bound to their names; `--expect` gives the outputs in order.
Integer outputs must match exactly, float ones within 1e-6. Prints
"N outputs match" or what differs, and exits non-zero on a mismatch.
"""
import argparse
import os
import subprocess
import sys

import numpy as np

C_TYPES = {"int8": "int8_t", "uint8": "uint8_t", "int16": "int16_t",
           "uint16": "uint16_t", "int32": "int32_t", "uint32": "uint32_t",
           "int64": "int64_t", "uint64": "uint64_t", "float32": "float",
           "bool": "uint8_t"}


def literal(v, dtype):
    if dtype == "float32":
        return repr(float(v)) + "f"
    if dtype == "int64" and v == np.iinfo(np.int64).min:
        return "(-9223372036854775807LL - 1)"
    if dtype == "int32" and v == np.iinfo(np.int32).min:
        return "(-2147483647 - 1)"
    suffix = {"int64": "LL", "uint64": "ULL", "uint32": "U"}.get(dtype, "")
    return str(int(v)) + suffix


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("name")
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--cc", default="gcc")
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    env, decls, ptrs = {}, [], []
    for spec in args.input:
        name, rest = spec.split("=")
        dtype, shape = rest.split(":")
        shape = [int(d) for d in shape.split("x")]
        if dtype == "float32":
            v = rng.standard_normal(shape).astype(np.float32)
        elif dtype == "bool":
            v = rng.integers(0, 2, size=shape).astype(bool)
        elif dtype.startswith("small"):
            # smallint32 etc.: values in [-9, 9], so that ties and zeros occur.
            dtype = dtype[len("small"):]
            v = rng.integers(-9 if dtype[0] == "i" else 0, 9, size=shape,
                             endpoint=True, dtype=dtype)
        else:
            info = np.iinfo(dtype)
            v = rng.integers(info.min, info.max, size=shape, endpoint=True,
                             dtype=dtype)
        env[name] = v
        values = ", ".join(literal(x, dtype) for x in v.flatten())
        decls.append(f"static const {C_TYPES[dtype]} in_{name}[] = {{{values}}};")
        ptrs.append(f"in_{name}")
    wants = [np.asarray(eval(e, {"np": np}, env)) for e in args.expect]
    upper = args.name.upper()
    outs = []
    for i, w in enumerate(wants):
        dtype = str(w.dtype)
        decls.append(f"static {C_TYPES[dtype]} out{i}[{max(w.size, 1)}];")
        outs.append(f"out{i}")
    prints = []
    for i, w in enumerate(wants):
        fmt = ('"%.9g\\n", (double)' if w.dtype == np.float32
               else '"%llu\\n", (unsigned long long)' if w.dtype.kind == "u"
               else '"%lld\\n", (long long)')
        prints.append(f"  for (i = 0; i < {w.size}; ++i) printf({fmt}out{i}[i]);")
    main_c = "\n".join([
        "#include <stdint.h>", "#include <stdio.h>", f'#include "{args.name}.h"',
        *decls,
        f"static unsigned char arena[{upper}_ARENA_SIZE] __attribute__((aligned(16)));",
        "int main(void) {",
        "  int i;",
        f"  const void *const ins[] = {{{', '.join(ptrs)}}};",
        f"  void *const outs[] = {{{', '.join(outs)}}};",
        f"  if ({args.name}_run(ins, outs, arena) != 0) return 2;",
        *prints,
        "  return 0;", "}", ""])
    path = os.path.join(args.outdir, "main_test.c")
    with open(path, "w") as f:
        f.write(main_c)
    exe = os.path.join(args.outdir, "main_test")
    sources = [os.path.join(args.outdir, f) for f in os.listdir(args.outdir)
               if f.endswith(".c")]
    subprocess.run([args.cc, "-std=c99", "-O1", "-Wall", "-Wextra", "-Wpedantic",
                    "-Werror", "-fsanitize=address,undefined",
                    "-fno-sanitize-recover=all", "-I", args.outdir, *sources,
                    "-o", exe], check=True)
    lines = subprocess.run([exe], check=True, capture_output=True,
                           text=True).stdout.split()
    pos, bad = 0, 0
    for i, w in enumerate(wants):
        text = lines[pos:pos + w.size]
        pos += w.size
        if w.dtype == np.float32:
            got = np.array([float(x) for x in text]).reshape(w.shape)
            ok = np.allclose(got, w, rtol=0, atol=1e-6)
        else:  # exact, as Python integers (no rounding through float)
            got = np.array([int(x) for x in text], dtype=object).reshape(w.shape)
            ok = got.shape == w.shape and all(
                int(g) == int(e) for g, e in zip(got.flat, w.flat))
        if not ok:
            bad += 1
            print(f"output {i} differs:\n got {got}\nwant {w}")
    if bad:
        return 1
    print(f"{len(wants)} outputs match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
