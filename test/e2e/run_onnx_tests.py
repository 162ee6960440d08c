#!/usr/bin/python3
"""Compiles ONNX test cases with edgec, runs the C and compares the outputs.

A case is a folder in the ONNX backend-test layout: model.onnx and
test_data_set_*/{input,output}_N.pb. Used for ONNX's own node tests
(Debian's libonnx-testdata) and for the models in examples/models.

    run_onnx_tests.py --edgec build/bin/edgec CASE_DIR... \
        [--expected LIST] [--update-expected] [--model-tolerance 1e-4]

Outcomes: pass, fail (wrong numbers, C build or run failure, crash),
unsupported (edgec rejected the model with a clear error, exit 1).
With --expected, every case named in LIST must pass; any other outcome for
it fails the run. Exit status 0 only when that holds.
"""
import argparse
import collections
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
CFLAGS = ["-std=c99", "-O1", "-g", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
          "-fsanitize=address,undefined", "-fno-sanitize-recover=all"]


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def op_types(model_path):
    try:
        m = onnx.load(model_path, load_external_data=False)
        return sorted({n.op_type for n in m.graph.node}) or ["(none)"]
    except Exception:
        return ["(unreadable)"]


# Why edgec refuses a case, from its error message (first match wins).
REFUSAL_REASONS = [
    (r"unsupported operator", "an operator edgec does not implement"),
    (r"subgraphs \(control flow\)", "control flow (Loop, If, Scan, SequenceMap)"),
    (r"element type (DOUBLE|FLOAT16|BFLOAT16)|input \d+ is float(16|64)",
     "float16, bfloat16 or double tensors"),
    (r"STRING", "string tensors"),
    (r"is not a tensor|shape inference failed", "sequences and optionals"),
    (r"does not import the default ONNX opset",
     "operators outside the default ONNX domain (training)"),
    (r"edgec needs it as a constant|must be a constant|needs (a )?constant|"
     r"computed at run time and shape inference|depends on values computed",
     "a shape, axes, pads, sizes, indices or zero-point input given at run "
     "time (the output's shape or layout would depend on its values)"),
    (r"takes runtime tensors of float32 only",
     "integer tensors into an operator edgec computes on float32 only"),
    (r"dimensions must be positive", "empty tensors (a dimension of 0)"),
    (r"training|mask output|Indices output",
     "outputs edgec does not compute (training statistics, Dropout mask, "
     "MaxPool indices)"),
    (r"only 1-D and 2-D", "3-D pooling and transposed convolution"),
    (r"kernels take ranks 1 to 6", "tensors of rank 7 or more"),
    (r"tf_crop_and_resize", "Resize with a region of interest (tf_crop_and_resize)"),
]


def refusal_reason(detail):
    for pattern, reason in REFUSAL_REASONS:
        if re.search(pattern, detail):
            return reason
    return "other: " + re.sub(r"^.*?model\.onnx: ", "", detail)[:120]


def wire_dtype(dtype):
    """The element type a tensor of `dtype` has in the generated interface:
    float64/float16 tensors are refused, bool is one byte (0 or 1)."""
    return np.dtype(np.uint8) if dtype == np.bool_ else np.dtype(dtype)


def run_case(case, args, workdir):
    """Returns (outcome, detail)."""
    name = os.path.basename(case.rstrip("/"))
    out = os.path.join(workdir, name)
    model = os.path.join(case, "model.onnx")
    try:
        r = subprocess.run([args.edgec, model, "-o", out, "--name", "model"],
                           capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "fail", "edgec timed out"
    if r.returncode == 1:
        return "unsupported", r.stderr.strip().splitlines()[-1] if r.stderr else ""
    if r.returncode != 0:
        return "fail", f"edgec exit {r.returncode}: {r.stderr.strip()[-300:]}"
    exe = os.path.join(out, "run")
    sources = glob.glob(os.path.join(out, "*.c")) + [os.path.join(HERE, "harness.c")]
    r = subprocess.run([args.cc, *CFLAGS, "-I", out, *sources, "-o", exe],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return "fail", "C build failed: " + r.stderr.strip()[:400]
    datasets = sorted(glob.glob(os.path.join(case, "test_data_set_*")))
    if not datasets:
        return "fail", "no test data"
    detail = ""
    for ds in datasets:
        ins = sorted(glob.glob(os.path.join(ds, "input_*.pb")),
                     key=lambda p: int(re.findall(r"\d+", os.path.basename(p))[0]))
        outs = sorted(glob.glob(os.path.join(ds, "output_*.pb")),
                      key=lambda p: int(re.findall(r"\d+", os.path.basename(p))[0]))
        argv = [exe]
        for i, p in enumerate(ins):
            a = load_pb(p)
            if a.dtype.kind not in "fiub" or a.dtype == np.float16 or a.dtype == np.float64:
                return "unsupported", f"input {i} is {a.dtype}"
            f = os.path.join(out, f"in{i}.bin")
            a.astype(wire_dtype(a.dtype).newbyteorder("<")).tofile(f)
            argv.append(f)
        argv.append("--")
        expected = []
        for i, p in enumerate(outs):
            e = load_pb(p)
            expected.append(e)
            argv.append(os.path.join(
                out, f"out{i}.bin:{e.size}:{wire_dtype(e.dtype).itemsize}"))
        r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            return "fail", f"run failed ({r.returncode}): {r.stderr.strip()[-400:]}"
        for i, e in enumerate(expected):
            wire = wire_dtype(e.dtype)
            got = np.fromfile(os.path.join(out, f"out{i}.bin"),
                              dtype=wire.newbyteorder("<"))
            e = e.astype(wire).reshape(-1)
            if got.size != e.size:
                return "fail", f"output {i}: {got.size} values, expected {e.size}"
            if wire.kind != "f":
                # Integer and bool outputs must match exactly.
                bad = np.nonzero(got != e)[0]
                if bad.size:
                    w = int(bad[0])
                    return "fail", (f"output {i}[{w}] = {got[w]!r}, "
                                    f"expected {e[w]!r} ({bad.size} differ)")
                continue
            if args.model_tolerance is not None:
                scale = float(np.max(np.abs(e))) if e.size else 0.0
                err = float(np.max(np.abs(got - e))) if e.size else 0.0
                rel = err / scale if scale > 0 else err
                if not rel <= args.model_tolerance:
                    return "fail", f"output {i}: max error {rel:.3g} of max |y|"
                detail = f"max error {rel:.2e} of max |y|"
            else:
                ok = np.allclose(got, e, rtol=1e-3, atol=1e-5, equal_nan=True)
                if not ok:
                    worst = int(np.argmax(np.abs(got - e)))
                    return "fail", (f"output {i}[{worst}] = {got[worst]!r}, "
                                    f"expected {e[worst]!r}")
                detail = ""
    return "pass", detail


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", required=True)
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("--expected", help="file listing the cases that must pass")
    ap.add_argument("--update-expected", action="store_true",
                    help="rewrite --expected with the cases that pass now")
    ap.add_argument("--model-tolerance", type=float,
                    help="compare max|got-ref| / max|ref| against this instead "
                         "of the node-test rtol/atol")
    ap.add_argument("--summary", help="write the counts as Markdown to this file")
    ap.add_argument("--check-summary",
                    help="fail when this Markdown file differs from the counts")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()

    cases = sorted(c for c in args.cases if os.path.isfile(os.path.join(c, "model.onnx")))
    workdir = tempfile.mkdtemp(prefix="edgec-tests-")
    results = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(run_case, c, args, workdir): c for c in cases}
            for fut in concurrent.futures.as_completed(futures):
                c = futures[fut]
                results[os.path.basename(c.rstrip("/"))] = (fut.result(), c)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    per_op = collections.defaultdict(collections.Counter)
    totals = collections.Counter()
    reasons = collections.Counter()
    for name, ((outcome, detail), case) in sorted(results.items()):
        totals[outcome] += 1
        if outcome == "unsupported":
            reasons[refusal_reason(detail)] += 1
        for op in op_types(os.path.join(case, "model.onnx")):
            per_op[op][outcome] += 1
        if args.verbose or outcome == "fail" or args.model_tolerance is not None:
            print(f"{outcome:12s} {name}  {detail}")

    status = 0
    if args.expected:
        passing = sorted(n for n, ((o, _), _) in results.items() if o == "pass")
        if args.update_expected:
            with open(args.expected, "w") as f:
                f.write("# Cases that must pass (run_onnx_tests.py --update-expected).\n")
                f.writelines(n + "\n" for n in passing)
        with open(args.expected) as f:
            must = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        regressions = [n for n in must if results.get(n, (("missing", ""), ""))[0][0] != "pass"]
        new = [n for n in passing if n not in must]
        for n in regressions:
            print(f"REGRESSION   {n}: {results.get(n, (('missing', 'case not found'), ''))[0]}")
        for n in new:
            print(f"new pass     {n} (add it to {args.expected})")
        print(f"expected passes: {len(must) - len(regressions)} of {len(must)}")
        status = 1 if regressions else 0
    else:
        status = 1 if totals["fail"] or totals["unsupported"] else 0

    if len(per_op) > 1:
        print("per operator (pass / fail / unsupported):")
        for op in sorted(per_op):
            c = per_op[op]
            print(f"  {op:28s} {c['pass']:4d} {c['fail']:4d} {c['unsupported']:4d}")
    md = ["# ONNX backend node tests", "",
          "Generated by `test/e2e/run_onnx_tests.py --summary` over Debian's "
          "libonnx-testdata node cases (ONNX 1.12). A case counts for every "
          "operator in its model; *unsupported* means edgec refused the model "
          "with an error that says why.", "",
          f"Total: {totals['pass']} pass, {totals['fail']} fail, "
          f"{totals['unsupported']} unsupported, of {len(results)} cases.", "",
          "## Why cases are refused", "",
          "| reason | cases |", "|---|---|"]
    for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        md.append(f"| {reason} | {n} |")
    md += ["", "## Per operator", "",
           "| operator | pass | fail | unsupported |", "|---|---|---|---|"]
    for op in sorted(per_op):
        c = per_op[op]
        md.append(f"| {op} | {c['pass']} | {c['fail']} | {c['unsupported']} |")
    text = "\n".join(md) + "\n"
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(text)
    if args.check_summary:
        with open(args.check_summary) as f:
            if f.read() != text:
                print(f"{args.check_summary} is out of date: regenerate it with "
                      f"--summary {args.check_summary}")
                status = 1
    print(f"{totals['pass']} passed, {totals['fail']} failed, "
          f"{totals['unsupported']} skipped")
    return status


if __name__ == "__main__":
    sys.exit(main())
