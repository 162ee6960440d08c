#!/usr/bin/python3
"""Instructions per MAC of single int8 kernels on Arm cores.

Each case calls one runtime kernel once on a fixed shape typical of
MobileNet-style networks, in a bare firmware image run under QEMU
(Cortex-M4: mps2-an386, Cortex-M55: mps3-an547) with qemu-insncount
counting the guest instructions of that call. Prints instructions, MACs
and their ratio per kernel and core: the numbers behind bench/arm_table.py's
per-model totals.

    bench/arm_kernels.py [--cores m4,m55] [--insncount-src PATH]
                         [--annotate] [CASE...]

--annotate also prints, per case and core, the disassembly of every
instruction the run executed with its execution count (QEMU plugin
bench/tools/insnprofile.c): where a kernel's instructions go.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FW = os.path.join(ROOT, "examples", "cortex-m")
INCLUDE = os.path.join(ROOT, "runtime_c", "include")

CORES = {
    "m4": dict(board="mps2-an386", ld="mps2.ld",
               flags=["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"]),
    "m55": dict(board="mps3-an547", ld="mps3.ld",
                flags=["-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard"]),
}

# name: (kernel call, kh, kw, stride, pad, groups, H, W, IC, OC, filter layout)
CASES = {
    "1x1 generic": ("ec_conv2d_s8", 1, 1, 1, 0, 1, 8, 8, 32, 64, "hwio"),
    "1x1 ohwi": ("ec_conv2d_ohwi_s8", 1, 1, 1, 0, 1, 8, 8, 32, 64, "ohwi"),
    "1x1 dsp": ("ec_conv2d_ohwi_s8_dsp", 1, 1, 1, 0, 1, 8, 8, 32, 64, "ohwi"),
    "1x1 16->16 dsp": ("ec_conv2d_ohwi_s8_dsp", 1, 1, 1, 0, 1, 8, 8, 16, 16, "ohwi"),
    "3x3 dsp": ("ec_conv2d_ohwi_s8_dsp", 3, 3, 1, 1, 1, 8, 8, 16, 32, "ohwi"),
    "3x3 c1 s2 dsp": ("ec_conv2d_ohwi_s8_dsp", 3, 3, 2, 1, 1, 32, 32, 1, 16, "ohwi"),
    "3x3 generic": ("ec_conv2d_s8", 3, 3, 1, 1, 1, 8, 8, 16, 32, "hwio"),
    "3x3 ohwi": ("ec_conv2d_ohwi_s8", 3, 3, 1, 1, 1, 8, 8, 16, 32, "ohwi"),
    "dw3x3 generic": ("ec_dwconv2d_s8", 3, 3, 1, 1, 64, 16, 16, 64, 64, "hwio"),
    "dw3x3 s2 generic": ("ec_dwconv2d_s8", 3, 3, 2, 1, 64, 16, 16, 64, 64, "hwio"),
    "1x1 mve": ("ec_conv2d_ohwi_s8_mve", 1, 1, 1, 0, 1, 8, 8, 32, 64, "ohwi"),
    "1x1 16->16 mve": ("ec_conv2d_ohwi_s8_mve", 1, 1, 1, 0, 1, 8, 8, 16, 16, "ohwi"),
    "3x3 mve": ("ec_conv2d_ohwi_s8_mve", 3, 3, 1, 1, 1, 8, 8, 16, 32, "ohwi"),
    "3x3 c1 s2 mve": ("ec_conv2d_ohwi_s8_mve", 3, 3, 2, 1, 1, 32, 32, 1, 16, "ohwi"),
    "3x3 c1 s2 ohwi": ("ec_conv2d_ohwi_s8", 3, 3, 2, 1, 1, 32, 32, 1, 16, "ohwi"),
    "dw3x3 mve": ("ec_dwconv2d_s8_mve", 3, 3, 1, 1, 64, 16, 16, 64, 64, "hwio"),
    "dw3x3 s2 mve": ("ec_dwconv2d_s8_mve", 3, 3, 2, 1, 64, 16, 16, 64, 64, "hwio"),
    "dw3x3 dsp": ("ec_dwconv2d_s8_dsp", 3, 3, 1, 1, 64, 16, 16, 64, 64, "hwio"),
}

TEMPLATE = r"""
#include "ec_conv_s8_dsp.h"
#include "ec_conv_s8_mve.h"
#include "semihost.h"

#define H %(H)d
#define W %(W)d
#define IC %(IC)d
#define OC %(OC)d
#define KH %(KH)d
#define KW %(KW)d
#define S %(S)d
#define P %(P)d
#define G %(G)d
#define OH ((H + 2 * P - KH) / S + 1)
#define OW ((W + 2 * P - KW) / S + 1)

static int8_t x[H * W * IC], w[KH * KW * (IC / G) * OC], y[OH * OW * OC];
static int32_t bias[OC], mult[OC], shift[OC];

__attribute__((noipa)) void edgec_region_start(void) { __asm volatile(""); }
__attribute__((noipa)) void edgec_region_stop(void) { __asm volatile(""); }

int main(void) {
  ec_conv2d_s8_params p;
  uint32_t r = 1u;
  int i;
  for (i = 0; i < (int)sizeof x; ++i) { r = r * 1664525u + 1013904223u; x[i] = (int8_t)(r >> 24); }
  for (i = 0; i < (int)sizeof w; ++i) { r = r * 1664525u + 1013904223u; w[i] = (int8_t)((r >> 24) | 1); }
  for (i = 0; i < OC; ++i) { bias[i] = 100 * i - 3000; mult[i] = 1283457123 + i; shift[i] = -9; }
  p.c.x.n = 1; p.c.x.h = H; p.c.x.w = W; p.c.x.c = IC;
  p.c.x.sn = H * W * IC; p.c.x.sh = W * IC; p.c.x.sw = IC; p.c.x.sc = 1;
  p.c.y.n = 1; p.c.y.h = OH; p.c.y.w = OW; p.c.y.c = OC;
  p.c.y.sn = OH * OW * OC; p.c.y.sh = OW * OC; p.c.y.sw = OC; p.c.y.sc = 1;
  p.c.kh = KH; p.c.kw = KW; p.c.stride_h = S; p.c.stride_w = S;
  p.c.dil_h = 1; p.c.dil_w = 1; p.c.pad_t = P; p.c.pad_l = P; p.c.groups = G;
  p.input_offset = %(OFFSET)d; p.output_offset = -5; p.act_min = -128; p.act_max = 127;
  p.multiplier = mult; p.shift = shift;
  edgec_region_start();
  %(CALL)s(&p, x, w, bias, y);
  edgec_region_stop();
  return y[0] == 123 ? 1 : 0;
}
"""


def sh(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    return r.stdout + r.stderr


def annotate(elf, board, profiler, tmp):
    out = os.path.join(tmp, "profile.txt")
    subprocess.run(["qemu-system-arm", "-M", board, "-nographic", "-monitor", "none",
                    "-semihosting-config", "enable=on,target=native", "-kernel", elf,
                    "-plugin", profiler, "-d", "plugin"],
                   env=dict(os.environ, INSNPROFILE_OUT=out), capture_output=True)
    counts = {}
    for line in open(out):
        kind, addr, n = line.split()
        counts[int(addr, 16)] = int(n)
    function = ""
    for line in sh(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn", elf]).splitlines():
        m = re.match(r"^([0-9a-f]+) <(.*)>:", line)
        if m:
            function = m.group(2)
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s*(.*)", line)
        if m and counts.get(int(m.group(1), 16), 0) >= 64:
            print(f"  {counts[int(m.group(1), 16)]:>9} {function:<28} {m.group(2)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--insncount-src", default=os.path.join(
        ROOT, "..", "shared", "tools", "qemu-insncount", "insncount.c"))
    ap.add_argument("--cores", default="m4,m55")
    ap.add_argument("--annotate", action="store_true")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    if not os.path.exists(args.insncount_src):
        sys.exit(f"arm_kernels: no plugin source at {args.insncount_src} (--insncount-src)")
    cases = args.cases or list(CASES)
    with tempfile.TemporaryDirectory() as tmp:
        plugin = os.path.join(tmp, "libinsncount.so")
        sh(["gcc", "-O2", "-shared", "-fPIC", "-o", plugin, args.insncount_src])
        profiler = os.path.join(tmp, "libinsnprofile.so")
        if args.annotate:
            sh(["gcc", "-O2", "-shared", "-fPIC", "-o", profiler,
                os.path.join(HERE, "tools", "insnprofile.c")])
        print("| kernel | core | MACs | instructions | per MAC |")
        print("|---|---|---|---|---|")
        for name in cases:
            call, kh, kw, s, p, g, h, w, ic, oc, layout = CASES[name]
            oh, ow = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
            macs = oh * ow * oc * kh * kw * (ic // g)
            src = os.path.join(tmp, "k.c")
            open(src, "w").write(TEMPLATE % dict(
                H=h, W=w, IC=ic, OC=oc, KH=kh, KW=kw, S=s, P=p, G=g, CALL=call,
                OFFSET=0 if call.endswith("dsp") or p == 0 and call.endswith("mve") else 3))
            for core in args.cores.split(","):
                c = CORES[core]
                flags = c["flags"] + ["-O2", "-std=c99"]
                elf = os.path.join(tmp, f"{core}.elf")
                sh(["arm-none-eabi-gcc", *flags, "-I", INCLUDE, "-I", FW, "-c", src,
                    "-o", os.path.join(tmp, "k.o")])
                sh(["arm-none-eabi-gcc", *flags, "-I", FW, "-c",
                    os.path.join(FW, "startup.c"), "-o", os.path.join(tmp, "s.o")])
                sh(["arm-none-eabi-gcc", *flags, "-nostartfiles", "--specs=nano.specs",
                    "-T", os.path.join(FW, c["ld"]), os.path.join(tmp, "s.o"),
                    os.path.join(tmp, "k.o"), "-o", elf])
                syms = {}
                for line in sh(["arm-none-eabi-nm", elf]).splitlines():
                    parts = line.split()
                    if len(parts) == 3 and parts[2].startswith("edgec_region_"):
                        syms[parts[2]] = int(parts[0], 16) & ~1
                region = (f"start={syms['edgec_region_start']:#x},"
                          f"stop={syms['edgec_region_stop']:#x}")
                r = subprocess.run(
                    ["qemu-system-arm", "-M", c["board"], "-nographic", "-monitor", "none",
                     "-semihosting-config", "enable=on,target=native", "-kernel", elf,
                     "-plugin", f"{plugin},{region}", "-d", "plugin"],
                    capture_output=True, text=True)
                n = int(re.search(r"region insns: (\d+)", r.stdout + r.stderr).group(1))
                print(f"| {name} ({call}) | {core} | {macs} | {n} | {n / macs:.2f} |",
                      flush=True)
                if args.annotate:
                    annotate(elf, c["board"], profiler, tmp)


if __name__ == "__main__":
    main()
