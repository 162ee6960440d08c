#!/usr/bin/python3
"""Work, flash and RAM per inference on Arm cores.

Compiles each model for each core (float and int8, with the portable C
kernels and with the core's fast ones), links it into a firmware image
(examples/cortex-m: Cortex-M4 on QEMU's mps2-an386, Cortex-M55 on
mps3-an547) or a Linux program (Cortex-A53 under qemu-aarch64), runs it on
one stored input and counts the guest instructions model_run executes with
qemu-insncount (the shared tools' TCG plugin; QEMU has no cycle model, the
instruction count is repeatable to the instruction). Every run also checks
its outputs: within 1e-5 of the host build for float, bit for bit for int8.

Prints per model, element type, core and kernel choice: MACs, instructions,
instructions per MAC, flash (code: .text of the model without its weights;
weights: the weights' .rodata), RAM (arena, and on Cortex-M the stack
model_run used).

    bench/arm_table.py [--cores m4,m55,a53] [--types f32,int8]
                       [--kernels portable,fast] [--mlperf-tiny] [MODEL_DIR...]

Without MODEL_DIRs: the two trained digits models (examples/digits);
--mlperf-tiny adds the MLPerf Tiny reference architectures (built into
build/mlperf-tiny by examples/make_models.py --mlperf-tiny if missing). Needs
the plugin source: --insncount-src (default ../shared/tools/qemu-insncount/
insncount.c next to the project).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FW = os.path.join(ROOT, "examples", "cortex-m")
HARNESS = os.path.join(ROOT, "test", "e2e", "harness.c")

CORES = {
    "m4": dict(target="cortex-m4", board="mps2-an386", ld="mps2.ld",
               flags=["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"]),
    "m55": dict(target="cortex-m55", board="mps3-an547", ld="mps3.ld",
                flags=["-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard"]),
    "a53": dict(target="cortex-a53"),
}


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    return r.stdout + r.stderr


def model_input(case):
    """The model's first stored test input (digits: the first held-out image)."""
    pb = os.path.join(case, "test_data_set_0", "input_0.pb")
    if os.path.exists(pb):
        t = onnx.TensorProto()
        t.ParseFromString(open(pb, "rb").read())
        return numpy_helper.to_array(t).astype(np.float32)
    x = np.load(os.path.join(ROOT, "examples", "digits", "test_x.npy"))[:1]
    return x.astype(np.float32)


def calibration(case, x, work):
    digits = os.path.join(ROOT, "examples", "digits", "calib.npy")
    if "digits" in os.path.basename(case.rstrip("/")):
        return digits
    rng = np.random.default_rng(3)
    path = os.path.join(work, "calib.npy")
    np.save(path, (rng.standard_normal((16,) + x.shape[1:]) * x.std() + x.mean())
            .astype(np.float32))
    return path


def c_array(name, a):
    body = ",\n".join(", ".join(float(v).hex() + "f" for v in a[i:i + 8])
                      for i in range(0, len(a), 8))
    return f"static const float {name}[{len(a)}] = {{\n{body}\n}};\n"


def section_bytes(size_a_output, prefix):
    total = 0
    for line in size_a_output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(prefix) and parts[1].isdigit():
            total += int(parts[1])
    return total


def flash(tool, lib_dir):
    """(code, weights): .text of the model's object; .rodata of the weights'
    objects (model_weights*.o, extracted from libmodel.a)."""
    objs = glob.glob(os.path.join(lib_dir, "model*.o"))
    weights = sum(section_bytes(sh([tool, "-A", o]), ".rodata")
                  for o in objs if "_weights" in os.path.basename(o))
    code = sum(section_bytes(sh([tool, "-A", o]), ".text")
               for o in objs if "_weights" not in os.path.basename(o))
    return code, weights


def region(elf, nm):
    syms = {}
    for line in sh([nm, elf]).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in ("edgec_region_start", "edgec_region_stop"):
            syms[parts[2]] = int(parts[0], 16) & ~1
    return f"start={syms['edgec_region_start']:#x},stop={syms['edgec_region_stop']:#x}"


def insns(text):
    m = re.search(r"region insns: (\d+)", text)
    if not m:
        raise RuntimeError("no instruction count in:\n" + text[-2000:])
    return int(m.group(1))


def run_core(args, plugin, case, core, dtype, kernels, x, expected, work):
    c = CORES[core]
    out = os.path.join(work, f"{core}_{dtype}_{kernels}")
    quant = ["--quantize=int8", f"--calib={args.calib}"] if dtype == "int8" else []
    sh([args.edgec, os.path.join(case, "model.onnx"), "-o", out, "--name", "model",
        "--target", c["target"], "--emit=lib", f"--kernels={kernels}", *quant])
    report = json.load(open(os.path.join(out, "report.json")))
    macs = sum(layer.get("macs", 0) for layer in report["layers"])
    row = dict(macs=macs, arena=report["arena_bytes"], stack=None)
    if core == "a53":
        exe = os.path.join(out, "run")
        # -no-pie: the marker addresses nm prints are the ones that run.
        sh(["aarch64-linux-gnu-gcc", "-std=c99", "-O3", "-mcpu=cortex-a53", "-no-pie",
            "-I", out, HARNESS, os.path.join(out, "libmodel.a"), "-o", exe])
        x.astype("<f4").tofile(os.path.join(work, "x.bin"))
        y = os.path.join(out, "y.bin")
        log = sh(["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", "-plugin",
                  f"{plugin},{region(exe, 'aarch64-linux-gnu-nm')}", "-d", "plugin",
                  exe, os.path.join(work, "x.bin"), "--", f"{y}:{expected.size}"])
        got = np.fromfile(y, dtype="<f4")
        ok = (np.array_equal(got, expected) if dtype == "int8" else
              np.abs(got - expected).max() <= 1e-5 * max(1.0, np.abs(expected).max()))
        if not ok:
            raise RuntimeError(f"{core} {dtype} {kernels}: output differs from the host's")
        sh(["aarch64-linux-gnu-ar", "x", "libmodel.a"], cwd=out)
        row["code"], row["weights"] = flash("aarch64-linux-gnu-size", out)
    else:
        flags = c["flags"] + ["-O2", "-std=c99", "-DEDGEC_BENCH"]
        if dtype == "int8":
            flags.append("-DEDGEC_EXACT")
        with open(os.path.join(out, "data.h"), "w") as f:
            f.write(c_array("model_input", x.reshape(-1)) +
                    c_array("model_expected", expected))
        elf = os.path.join(out, "model.elf")
        sh(["arm-none-eabi-gcc", *flags, "-I", out, "-I", FW, "-c",
            os.path.join(FW, "main.c"), "-o", os.path.join(out, "main.o")])
        sh(["arm-none-eabi-gcc", *flags, "-I", FW, "-c", os.path.join(FW, "startup.c"),
            "-o", os.path.join(out, "startup.o")])
        sh(["arm-none-eabi-gcc", *flags, "-nostartfiles", "--specs=nano.specs", "-T",
            os.path.join(FW, c["ld"]), os.path.join(out, "startup.o"),
            os.path.join(out, "main.o"), os.path.join(out, "libmodel.a"), "-o", elf])
        log = sh(["qemu-system-arm", "-M", c["board"], "-nographic", "-monitor", "none",
                  "-semihosting-config", "enable=on,target=native", "-kernel", elf,
                  "-plugin", f"{plugin},{region(elf, 'arm-none-eabi-nm')}", "-d", "plugin"])
        row["stack"] = int(re.search(r"stack bytes: (\d+)", log).group(1))
        sh(["arm-none-eabi-ar", "x", "libmodel.a"], cwd=out)
        row["code"], row["weights"] = flash("arm-none-eabi-size", out)
    row["insns"] = insns(log)
    return row


def host_expected(args, case, dtype, x, work):
    out = os.path.join(work, f"host_{dtype}")
    quant = ["--quantize=int8", f"--calib={args.calib}"] if dtype == "int8" else []
    sh([args.edgec, os.path.join(case, "model.onnx"), "-o", out, "--name", "model", *quant])
    report = json.load(open(os.path.join(out, "report.json")))
    n = int(np.prod(report["outputs"][0]["shape"]))
    exe = os.path.join(out, "run")
    sh(["gcc", "-std=c99", "-O2", "-I", out, *glob.glob(os.path.join(out, "*.c")),
        HARNESS, "-o", exe])
    x.astype("<f4").tofile(os.path.join(work, "x.bin"))
    y = os.path.join(out, "y.bin")
    sh([exe, os.path.join(work, "x.bin"), "--", f"{y}:{n}"])
    return np.fromfile(y, dtype="<f4")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edgec", default=os.path.join(ROOT, "build", "bin", "edgec"))
    ap.add_argument("--insncount-src", default=os.path.join(
        ROOT, "..", "shared", "tools", "qemu-insncount", "insncount.c"))
    ap.add_argument("--cores", default="m4,m55,a53")
    ap.add_argument("--types", default="f32,int8")
    ap.add_argument("--kernels", default="portable,fast")
    ap.add_argument("--mlperf-tiny", action="store_true")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    models = args.models or [os.path.join(ROOT, "examples", "digits", d)
                             for d in ("digits_mobilenet_v2", "digits_shufflenet_v2")]
    if args.mlperf_tiny:
        tiny = os.path.join(ROOT, "build", "mlperf-tiny")
        names = ["ds_cnn", "resnet8", "mobilenet_v1_vww", "toycar_autoencoder"]
        if not all(os.path.exists(os.path.join(tiny, n, "model.onnx")) for n in names):
            sh(["/usr/bin/python3", os.path.join(ROOT, "examples", "make_models.py"),
                "--mlperf-tiny"])
        models += [os.path.join(tiny, n) for n in names
                   if os.path.join(tiny, n) not in map(os.path.abspath, models)]
    if not os.path.exists(args.insncount_src):
        sys.exit(f"arm_table: no plugin source at {args.insncount_src} (--insncount-src)")
    with tempfile.TemporaryDirectory() as tmp:
        plugin = os.path.join(tmp, "libinsncount.so")
        sh(["gcc", "-O2", "-shared", "-fPIC", "-o", plugin, args.insncount_src])
        print("| model | type | core | kernels | MACs | instructions | per MAC "
              "| code B | weights B | arena B | stack B |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for case in models:
            name = os.path.basename(case.rstrip("/"))
            work = os.path.join(tmp, name)
            os.makedirs(work)
            x = model_input(case)
            args.calib = calibration(case, x, work)
            for dtype in args.types.split(","):
                expected = host_expected(args, case, dtype, x, work)
                for core in args.cores.split(","):
                    for kernels in args.kernels.split(","):
                        try:
                            r = run_core(args, plugin, case, core, dtype, kernels, x,
                                         expected, work)
                        except (RuntimeError, AttributeError) as e:
                            print(f"| {name} | {dtype} | {core} | {kernels} | failed: "
                                  f"{str(e).splitlines()[0][:120]} |||||||")
                            continue
                        stack = "-" if r["stack"] is None else r["stack"]
                        print(f"| {name} | {dtype} | {core} | {kernels} | {r['macs']} | "
                              f"{r['insns']} | {r['insns'] / max(r['macs'], 1):.2f} | "
                              f"{r['code']} | {r['weights']} | {r['arena']} | {stack} |",
                              flush=True)


if __name__ == "__main__":
    main()
