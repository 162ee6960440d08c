#!/usr/bin/python3
"""Times `edgec --emit=lib` per model: wall time, peak memory and where the
time goes (from edgec -v).

    bench/compile_speed.py [--edgec build/bin/edgec] [--target host]
                           [--flags "..."] MODEL_DIR_OR_ONNX...

With no model given: every folder of examples/models and of
build/full-models (the 224x224 models bench/full_models.sh builds).
Prints one Markdown row per model: seconds, MiB, the share of reading and
import, passes, C emission and library build, the slowest pass, and the
weights' size.
"""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAGES = [("read and import the model", "import"), ("passes", "passes"),
          ("emit the C", "emit"), ("write the files, build the library", "library")]
LINE = re.compile(r"^edgec: (.+?)\s+([0-9.]+) s\s+(\d+) MiB peak$")


def measure(edgec, model, target, flags):
    with tempfile.TemporaryDirectory() as out:
        cmd = ["/usr/bin/time", "-f", "%e %M", edgec, model, "-o", out,
               "--emit=lib", "--target", target, "-v", *flags]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            return None, r.stderr.strip().splitlines()[-2:]
        weights = sum(os.path.getsize(f) for f in glob.glob(os.path.join(out, "*_weights*"))
                      if not f.endswith(".h"))
        lines = r.stderr.strip().splitlines()
        wall, rss_kib = lines[-1].split()
        stages, passes = {}, []
        for line in lines[:-1]:
            m = LINE.match(line)
            if not m:
                continue
            name, secs = m.group(1), float(m.group(2))
            short = dict(STAGES).get(name)
            if short:
                stages[short] = secs
            else:
                passes.append((secs, name))
        report = os.path.join(out, "report.json")
        weight_bytes = 0
        if os.path.exists(report):
            import json
            weight_bytes = json.load(open(report)).get("weights_bytes", 0)
        return dict(wall=float(wall), rss=int(rss_kib) // 1024, stages=stages,
                    slowest=max(passes) if passes else (0.0, "-"),
                    weights=weight_bytes, text=weights), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build", "bin", "edgec"))
    ap.add_argument("--target", default="host")
    ap.add_argument("--flags", default="", help="more edgec flags, one string")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    models = args.models or (sorted(glob.glob(os.path.join(ROOT, "examples", "models", "*"))) +
                             sorted(glob.glob(os.path.join(ROOT, "build", "full-models", "*"))))
    print(f"edgec --emit=lib --target {args.target} {args.flags}".rstrip())
    print()
    print("| model | wall s | peak MiB | import | passes | emit C | library | slowest pass | weights MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    worst = 0.0
    failed = 0
    for m in models:
        path = os.path.join(m, "model.onnx") if os.path.isdir(m) else m
        name = os.path.relpath(os.path.dirname(path) if os.path.isdir(m) else path, ROOT)
        res, err = measure(args.edgec, path, args.target, shlex.split(args.flags))
        if res is None:
            failed += 1
            print(f"| {name} | failed: {' '.join(err)} |")
            continue
        worst = max(worst, res["wall"])
        share = lambda k: f"{100 * res['stages'].get(k, 0) / max(res['wall'], 1e-9):.0f}%"
        secs, pass_name = res["slowest"]
        print(f"| {name} | {res['wall']:.2f} | {res['rss']} | {share('import')} | "
              f"{share('passes')} | {share('emit')} | {share('library')} | "
              f"{pass_name} {secs:.2f} s | {res['weights'] / 1e6:.1f} |")
    print()
    print(f"slowest: {worst:.2f} s; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
