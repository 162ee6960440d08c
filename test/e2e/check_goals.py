#!/usr/bin/python3
"""Checks the memory and copy goals on each compiled model's report.json:
  - arena <= 1.02 x the chosen schedule's lower bound,
  - that bound <= the bound of ONNX's node order,
  - no bytes copied per run for the models named in --zero-copy FILE,
  - every copy that stays has a copy_reason.
    check_goals.py --edgec build/bin/edgec [--zero-copy FILE] MODEL_DIR...
Prints "N passed, M failed" (models).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", default="edgec")
    ap.add_argument("--zero-copy", help="file naming models that must copy nothing")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    zero = set()
    if args.zero_copy:
        zero = {l.strip() for l in open(args.zero_copy) if l.strip() and not l.startswith("#")}
    passed = failed = 0
    work = tempfile.mkdtemp(prefix="edgec-goals-")
    for m in args.models:
        name = os.path.basename(m.rstrip("/"))
        out = os.path.join(work, name)
        r = subprocess.run([args.edgec, os.path.join(m, "model.onnx"), "-o", out],
                           capture_output=True, text=True)
        if r.returncode:
            print(f"FAIL {name}: edgec failed: {r.stderr.strip()}")
            failed += 1
            continue
        rep = json.load(open(os.path.join(out, "report.json")))
        arena, bound = rep["arena_bytes"], rep["arena_lower_bound_bytes"]
        onnx = rep["arena_lower_bound_onnx_order_bytes"]
        errors = []
        if arena > 1.02 * bound:
            errors.append(f"arena {arena} > 1.02 x lower bound {bound}")
        if bound > onnx:
            errors.append(f"lower bound {bound} > ONNX order's {onnx}")
        if name in zero and rep["copy_bytes"]:
            errors.append(f"copies {rep['copy_bytes']} bytes per run, expected none")
        for layer in rep["layers"]:
            if layer["kernel"].startswith("ec_copy") and not layer.get("copy_reason"):
                errors.append(f"copy {layer['name']} stays without a reason")
        if errors:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(errors))
        else:
            passed += 1
            print(f"ok   {name}: arena {arena} = {arena / bound:.3f} x bound, "
                  f"ONNX order bound {onnx}, copied {rep['copy_bytes']}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
