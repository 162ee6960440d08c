#!/usr/bin/python3
"""Host latency of edgec's C against ONNX Runtime, alternating in one run.

For every model directory given (default: examples/models/* and the
224x224 models in build/full-models/*, built by bench/full_models.sh), it
compiles the model with edgec, builds the C with `cc -O3 -march=native`
(bench/latency.c) and times it against onnxruntime-node (one intra-op
thread, all graph optimizations) on the same input shape: ROUNDS rounds,
each timing REPEAT runs of edgec then REPEAT runs of ONNX Runtime, so load
from other jobs hits both alike. Prints per model the median of the round
medians, the ratio edgec/ORT, and the model's GFLOP/s; then the geometric
mean of the ratios. `--edgec-before` adds a column for another edgec build
(the same C compiler and flags), for before/after tables. Where OpenBLAS is
installed (Debian's libopenblas-dev), it first measures the single-thread
sgemm peak (bench/sgemm_peak.c) and prints each model's GFLOP/s as a share
of it.

ONNX Runtime comes from npm (not Debian); install it once with
    mkdir -p build/ort && cd build/ort &&
    ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1.30
It is a reference for this benchmark only, never part of generated code.

    bench/host_vs_ort.py [--rounds N] [--repeat N] [--edgec-before PATH]
                         [--cflags "..."] [MODEL_DIR...]
"""
import argparse
import glob
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

ORT_RUNNER = r"""
const path = require('path');
const ort = require(path.join(process.argv[2], 'node_modules', 'onnxruntime-node'));
const readline = require('readline');
let session = null, feeds = null;
function median(a) { a.sort((x, y) => x - y); return a[Math.floor(a.length / 2)]; }
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const cmd = JSON.parse(line);
  try {
    if (cmd.load) {
      session = await ort.InferenceSession.create(cmd.load, {
        intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
        graphOptimizationLevel: 'all' });
      feeds = {};
      for (const inp of cmd.inputs) {
        const n = inp.shape.reduce((a, b) => a * b, 1);
        const data = new Float32Array(n);
        for (let i = 0; i < n; ++i) data[i] = ((i * 7919) % 1000) / 1000 - 0.5;
        feeds[inp.name] = new ort.Tensor('float32', data, inp.shape);
      }
      await session.run(feeds);
      console.log(JSON.stringify({ ok: true }));
    } else {
      const t = [];
      for (let i = 0; i < cmd.repeat; ++i) {
        const a = process.hrtime.bigint();
        await session.run(feeds);
        t.push(Number(process.hrtime.bigint() - a) / 1e3);
      }
      console.log(JSON.stringify({ us: median(t) }));
    }
  } catch (e) {
    console.log(JSON.stringify({ error: String(e) }));
  }
});
"""


class Ort:
    def __init__(self, ort_dir):
        self.script = tempfile.NamedTemporaryFile("w", suffix=".js", delete=False)
        self.script.write(ORT_RUNNER)
        self.script.close()
        self.proc = subprocess.Popen(["node", self.script.name, ort_dir],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def ask(self, cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()
        os.unlink(self.script.name)


def model_inputs(model):
    import onnx
    m = onnx.load(model, load_external_data=False)
    inits = {i.name for i in m.graph.initializer}
    out = []
    for i in m.graph.input:
        if i.name in inits:
            continue
        dims = [d.dim_value for d in i.type.tensor_type.shape.dim]
        out.append({"name": i.name, "shape": dims})
    return out


def build(edgec, model, out, cc, cflags):
    r = subprocess.run([edgec, model, "-o", out, "--name", "model"],
                       capture_output=True, text=True)
    if r.returncode:
        return None, r.stderr.strip().splitlines()[-1] if r.stderr else "edgec failed"
    exe = os.path.join(out, "latency")
    r = subprocess.run([cc, "-std=c99", *cflags, "-I", out,
                        *sorted(glob.glob(os.path.join(out, "*.c")) +
                                glob.glob(os.path.join(out, "*.S"))),
                        os.path.join(ROOT, "bench/latency.c"), "-o", exe, "-lm"],
                       capture_output=True, text=True)
    if r.returncode:
        return None, r.stderr.strip()[:200]
    rep = json.load(open(os.path.join(out, "report.json")))
    macs = sum(l.get("macs", 0) for l in rep["layers"])
    return (exe, macs), None


def sgemm_peak(cc, cflags, work):
    """OpenBLAS's single-thread sgemm GFLOP/s, or None without OpenBLAS."""
    exe = os.path.join(work, "sgemm_peak")
    r = subprocess.run([cc, *cflags, os.path.join(ROOT, "bench/sgemm_peak.c"), "-o", exe,
                        "-lopenblas"], capture_output=True, text=True)
    if r.returncode:
        return None
    r = subprocess.run([exe], capture_output=True, text=True)
    return float(r.stdout) if r.returncode == 0 else None


def time_exe(exe, repeat):
    r = subprocess.run([exe, str(repeat)], capture_output=True, text=True, check=True)
    return float(r.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build/bin/edgec"))
    ap.add_argument("--edgec-before", help="another edgec build, timed alongside")
    ap.add_argument("--ort-dir", default=os.path.join(ROOT, "build/ort"))
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--cflags", default="-O3 -march=native")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.ort_dir, "node_modules", "onnxruntime-node")):
        sys.exit(f"host_vs_ort.py: onnxruntime-node is not installed in {args.ort_dir} "
                 "(see the comment at the top of this script)")
    models = args.models or (sorted(glob.glob(os.path.join(ROOT, "examples/models/*"))) +
                             sorted(glob.glob(os.path.join(ROOT, "build/full-models/*"))))
    cflags = args.cflags.split()
    work = tempfile.mkdtemp(prefix="edgec-vs-ort-")
    peak = sgemm_peak(args.cc, cflags, work)
    ort = Ort(args.ort_dir)
    head = f"{'model':28s} {'GMAC':>7s} {'edgec ms':>9s} "
    if args.edgec_before:
        head += f"{'before ms':>9s} {'after/before':>12s} "
    head += f"{'ORT ms':>8s} {'edgec/ORT':>9s} {'GFLOP/s':>8s}"
    if peak:
        head += f" {'of peak':>7s}"
    print(f"cc {args.cc} {args.cflags}; ONNX Runtime one thread; "
          f"{args.rounds} rounds x {args.repeat} runs, medians")
    print(f"single-thread sgemm peak (OpenBLAS): {peak:.1f} GFLOP/s" if peak else
          "single-thread sgemm peak: OpenBLAS not installed (libopenblas-dev), not measured")
    print(head)
    ratios, before_ratios = [], []
    try:
        for d in models:
            model = os.path.join(d, "model.onnx")
            if not os.path.exists(model):
                continue
            name = os.path.relpath(d, ROOT)
            out = os.path.join(work, name.replace("/", "_"))
            built, err = build(args.edgec, model, out, args.cc, cflags)
            if not built:
                print(f"{name:28s} skipped: {err}")
                continue
            exe, macs = built
            old = None
            if args.edgec_before:
                old, err = build(args.edgec_before, model, out + "_before", args.cc, cflags)
            ort.ask({"load": os.path.abspath(model), "inputs": model_inputs(model)})
            ours, theirs, befores = [], [], []
            for _ in range(args.rounds):
                ours.append(time_exe(exe, args.repeat))
                if old:
                    befores.append(time_exe(old[0], args.repeat))
                theirs.append(ort.ask({"repeat": args.repeat})["us"])
            us, ort_us = statistics.median(ours), statistics.median(theirs)
            line = f"{name:28s} {macs / 1e9:7.3f} {us / 1e3:9.2f} "
            if args.edgec_before:
                if befores:
                    b = statistics.median(befores)
                    before_ratios.append(us / b)
                    line += f"{b / 1e3:9.2f} {us / b:12.2f} "
                else:
                    line += f"{'-':>9s} {'-':>12s} "
            ratios.append(us / ort_us)
            gflops = 2 * macs / us / 1e3
            line += f"{ort_us / 1e3:8.2f} {us / ort_us:9.2f} {gflops:8.1f}"
            if peak:
                line += f" {100 * gflops / peak:6.0f}%"
            print(line, flush=True)
    finally:
        ort.close()
    if ratios:
        g = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"geometric mean edgec/ORT over {len(ratios)} models: {g:.2f}; "
              f"slowest {max(ratios):.2f}")
    if before_ratios:
        g = math.exp(sum(math.log(r) for r in before_ratios) / len(before_ratios))
        print(f"geometric mean after/before: {g:.2f}")


if __name__ == "__main__":
    main()
