#!/usr/bin/python3
"""Where the instructions of one inference go, layer by layer, on an Arm core.

Compiles a model for a Cortex-M core (as bench/arm_table.py does, plus -g),
runs it on its stored input in QEMU with the insnprofile plugin
(bench/tools/insnprofile.c), and prints per layer: its kernel, MACs,
instructions and instructions per MAC, and per C function the instructions
spent in it (inlined helpers count in their own name). The model's own
instructions between kernel calls are the plugin's markers, so a layer's
count is everything from its call to the next layer's, whether its kernel
was inlined or called.

    bench/arm_profile.py [--core m4|m55] [--type int8|f32]
                         [--kernels fast|portable] [--top N] MODEL_DIR
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arm_table  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sh = arm_table.sh


def functions_of(elf, source):
    """(start, end) of every function whose line info points into source."""
    out = []
    for line in sh(["arm-none-eabi-nm", "-S", "--defined-only", "-l", elf]).splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[2] in "tT" and os.path.basename(parts[4].split(":")[0]) == source:
            start = int(parts[0], 16) & ~1
            out.append((start, start + int(parts[1], 16)))
    return out


def instructions(elf, lo, hi):
    text = sh(["arm-none-eabi-objdump", "-d", f"--start-address={lo:#x}",
               f"--stop-address={hi:#x}", elf])
    return [int(m.group(1), 16) for m in re.finditer(r"^\s*([0-9a-f]+):\s", text, re.M)]


def frames(elf, addresses):
    """address -> [(function, file, line)], innermost first."""
    if not addresses:
        return {}
    text = subprocess.run(["arm-none-eabi-addr2line", "-a", "-f", "-i", "-e", elf],
                          input="\n".join(f"{a:#x}" for a in addresses),
                          capture_output=True, text=True, check=True).stdout
    result, current = {}, None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("0x"):
            current = int(lines[i], 16)
            result[current] = []
            i += 1
            continue
        fn = lines[i]
        loc = lines[i + 1] if i + 1 < len(lines) else "??:0"
        path, _, rest = loc.rpartition(":")
        num = re.match(r"\d+", rest)
        result[current].append((fn, os.path.basename(path), int(num.group(0)) if num else 0))
        i += 2
    return result


def layer_lines(model_c):
    """Sorted (line, layer name) of the generated layer comments."""
    out = []
    for n, text in enumerate(open(model_c).read().splitlines(), 1):
        m = re.match(r"\s*/\* (.*): [a-z_0-9 ]+ [0-9x]+ -> [0-9x]+ \*/$", text)
        if m:
            out.append((n, m.group(1)))
    return out


def layer_at(table, line):
    name = "(entry and exit)"
    for n, layer in table:
        if n > line:
            break
        name = layer
    return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--core", default="m55", choices=["m4", "m55"])
    ap.add_argument("--type", default="int8", choices=["int8", "f32"])
    ap.add_argument("--kernels", default="fast", choices=["fast", "portable"])
    ap.add_argument("--top", type=int, default=15, help="functions to list")
    ap.add_argument("--edgec", default=os.path.join(arm_table.ROOT, "build", "bin", "edgec"))
    args = ap.parse_args()
    case = args.model_dir
    core = arm_table.CORES[args.core]
    with tempfile.TemporaryDirectory() as work:
        plugin = os.path.join(work, "libinsnprofile.so")
        sh(["gcc", "-O2", "-shared", "-fPIC", "-o", plugin,
            os.path.join(HERE, "tools", "insnprofile.c")])
        x = arm_table.model_input(case)
        args.calib = arm_table.calibration(case, x, work)
        expected = arm_table.host_expected(args, case, args.type, x, work)
        out = os.path.join(work, "model")
        quant = ["--quantize=int8", f"--calib={args.calib}"] if args.type == "int8" else []
        sh([args.edgec, os.path.join(case, "model.onnx"), "-o", out, "--name", "model",
            "--target", core["target"], f"--kernels={args.kernels}", *quant])
        report = json.load(open(os.path.join(out, "report.json")))
        flags = core["flags"] + ["-O2", "-g", "-std=c99", "-DEDGEC_BENCH", "-I", out,
                                 "-I", arm_table.FW]
        if args.type == "int8":
            flags.append("-DEDGEC_EXACT")
        with open(os.path.join(out, "data.h"), "w") as f:
            f.write(arm_table.c_array("model_input", x.reshape(-1)) +
                    arm_table.c_array("model_expected", expected))
        objs = []
        for src in [*sorted(glob.glob(os.path.join(out, "model*.c"))),
                    os.path.join(arm_table.FW, "main.c"), os.path.join(arm_table.FW, "startup.c")]:
            obj = os.path.join(work, os.path.basename(src) + ".o")
            sh(["arm-none-eabi-gcc", *flags, "-c", src, "-o", obj])
            objs.append(obj)
        elf = os.path.join(work, "model.elf")
        sh(["arm-none-eabi-gcc", *flags, "-nostartfiles", "--specs=nano.specs", "-T",
            os.path.join(arm_table.FW, core["ld"]), *objs, "-o", elf])

        # Markers: every instruction of the model's own functions (a kernel
        # inlined there included: its outermost frame is the call's line in
        # model.c) and of the harness's. A called kernel's instructions go to
        # the last marker that ran.
        body = []
        for lo, hi in functions_of(elf, "model.c"):
            body += instructions(elf, lo, hi)
        harness = []
        for source in ("main.c", "startup.c"):
            for lo, hi in functions_of(elf, source):
                harness += instructions(elf, lo, hi)
        where = frames(elf, body)
        markers = body + harness
        marker_file = os.path.join(work, "markers.txt")
        open(marker_file, "w").write("".join(f"{a:x}\n" for a in markers))
        profile = os.path.join(work, "profile.txt")
        env = dict(os.environ, INSNPROFILE_OUT=profile)
        subprocess.run(["qemu-system-arm", "-M", core["board"], "-nographic", "-monitor", "none",
                        "-semihosting-config", "enable=on,target=native", "-kernel", elf,
                        "-plugin", f"{plugin},markers={marker_file}", "-d", "plugin"],
                       env=env, check=True, capture_output=True)
        per_insn, per_marker = {}, {}
        for line in open(profile):
            kind, addr, count = line.split()
            (per_insn if kind == "i" else per_marker)[int(addr, 16)] = int(count)

        table = layer_lines(os.path.join(out, "model.c"))
        by_layer = collections.Counter()
        outside = "(outside the model)"
        for addr, count in per_marker.items():
            model_frames = [f for f in where.get(addr, []) if f[1] == "model.c"]
            by_layer[layer_at(table, model_frames[-1][2]) if model_frames else outside] += count
        by_layer.pop(outside, None)
        info = {layer["name"]: layer for layer in report["layers"]}
        total_macs = sum(layer.get("macs", 0) for layer in report["layers"])
        total = sum(by_layer.values())
        print(f"{os.path.basename(case.rstrip('/'))} {args.type} on {args.core} "  # noqa
              f"({args.kernels} kernels): {total} instructions from the first layer to "
              f"the last, {total_macs} MACs, {total / max(total_macs, 1):.2f} per MAC")
        print()
        print("| layer | kernel | MACs | instructions | per MAC | share |")
        print("|---|---|---|---|---|---|")
        for _, name in [(0, "(entry and exit)")] + table:
            if name not in by_layer:
                continue
            layer = info.get(name, {})
            macs = layer.get("macs", 0)
            n = by_layer[name]
            print(f"| {name} | {layer.get('kernel', '')} | {macs} | {n} | "
                  f"{n / macs:.2f} | {100 * n / max(total, 1):.1f}% |" if macs else
                  f"| {name} | {layer.get('kernel', '')} | 0 | {n} | | "
                  f"{100 * n / max(total, 1):.1f}% |")
        # Per C function (innermost frame).
        where_all = frames(elf, sorted(per_insn))
        by_fn = collections.Counter()
        for addr, count in per_insn.items():
            f = where_all.get(addr)
            by_fn[f[0][0] if f else "??"] += count
        print()
        print("| function | instructions | share |")
        print("|---|---|---|")
        everything = sum(by_fn.values())
        for fn, n in by_fn.most_common(args.top):
            print(f"| {fn} | {n} | {100 * n / max(everything, 1):.1f}% |")


if __name__ == "__main__":
    main()
