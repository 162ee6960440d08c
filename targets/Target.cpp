//===- Target.cpp - the target table --------------------------------------===//
#include "targets/Target.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace edgec {

namespace {
/// The host's vector unit as its C compiler sees it without -march flags.
std::vector<StringRef> hostFeatures() {
#if defined(__x86_64__)
  return {"sse2"};
#elif defined(__aarch64__)
  return {"neon"};
#else
  return {};
#endif
}

#define CORTEX_M_FLAGS "-O2", "-mthumb", "-ffunction-sections", "-fdata-sections"

const std::vector<TargetDesc> &table() {
  static const std::vector<TargetDesc> targets = {
      {"host", "the machine edgec runs on (cc)", hostFeatures(), FpuKind::dp,
       0, 0, 16, "cc", "ar", {"-O3"}, 0},
      {"cortex-m0plus", "Arm Cortex-M0+ (no FPU)", {}, FpuKind::none,
       32 * 1024, 256 * 1024, 16, "arm-none-eabi-gcc", "arm-none-eabi-ar",
       {CORTEX_M_FLAGS, "-mcpu=cortex-m0plus", "-mfloat-abi=soft"}, 48},
      {"cortex-m3", "Arm Cortex-M3 (no FPU)", {}, FpuKind::none, 64 * 1024,
       512 * 1024, 16, "arm-none-eabi-gcc", "arm-none-eabi-ar",
       {CORTEX_M_FLAGS, "-mcpu=cortex-m3", "-mfloat-abi=soft"}, 72},
      {"cortex-m4", "Arm Cortex-M4F (DSP, single-precision FPU)", {"dsp", "fpu"},
       FpuKind::sp, 256 * 1024, 1024 * 1024, 16, "arm-none-eabi-gcc",
       "arm-none-eabi-ar",
       {CORTEX_M_FLAGS, "-mcpu=cortex-m4", "-mfloat-abi=hard",
        "-mfpu=fpv4-sp-d16"},
       168},
      {"cortex-m7", "Arm Cortex-M7 (DSP, double-precision FPU)", {"dsp", "fpu"},
       FpuKind::dp, 512 * 1024, 2048 * 1024, 16, "arm-none-eabi-gcc",
       "arm-none-eabi-ar",
       {CORTEX_M_FLAGS, "-mcpu=cortex-m7", "-mfloat-abi=hard",
        "-mfpu=fpv5-d16"},
       480},
      {"cortex-m33", "Arm Cortex-M33 (DSP, FPU)", {"dsp", "fpu"}, FpuKind::sp,
       256 * 1024, 1024 * 1024, 16, "arm-none-eabi-gcc", "arm-none-eabi-ar",
       {CORTEX_M_FLAGS, "-mcpu=cortex-m33", "-mfloat-abi=hard",
        "-mfpu=fpv5-sp-d16"},
       160},
      {"cortex-m55", "Arm Cortex-M55 (Helium MVE)", {"dsp", "fpu", "mve", "mve-fp"},
       FpuKind::dp, 512 * 1024, 2048 * 1024, 16, "arm-none-eabi-gcc",
       "arm-none-eabi-ar",
       {CORTEX_M_FLAGS, "-mcpu=cortex-m55", "-mfloat-abi=hard"}, 400},
      {"cortex-a53", "Arm cortex-a53 (AArch64 Linux)", {"neon"}, FpuKind::dp,
       0, 0, 16, "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-ar",
       {"-O3", "-mcpu=cortex-a53"}, 1200},
      {"cortex-a72", "Arm cortex-a72 (AArch64 Linux)", {"neon"}, FpuKind::dp,
       0, 0, 16, "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-ar",
       {"-O3", "-mcpu=cortex-a72"}, 1800},
      {"cortex-a76", "Arm cortex-a76 (AArch64 Linux, dot product)",
       {"dotprod", "neon"}, FpuKind::dp, 0, 0, 16, "aarch64-linux-gnu-gcc",
       "aarch64-linux-gnu-ar", {"-O3", "-mcpu=cortex-a76"}, 2400},
  };
  return targets;
}
} // namespace

ArrayRef<TargetDesc> allTargets() { return table(); }

const TargetDesc *findTarget(StringRef name) {
  for (const TargetDesc &t : allTargets())
    if (t.name == name)
      return &t;
  return nullptr;
}

StringRef suggestTarget(StringRef name) {
  std::string lower = name.lower();
  StringRef best;
  unsigned bestDistance = 3; // more edits than this is a different word
  for (const TargetDesc &t : allTargets()) {
    unsigned d = StringRef(lower).edit_distance(t.name, true, bestDistance);
    // A known name with a suffix ("cortex-m4f") is close too.
    if (StringRef(lower).starts_with(t.name) && lower.size() - t.name.size() <= 2)
      d = std::min<unsigned>(d, lower.size() - t.name.size());
    if (d < bestDistance || (d == bestDistance && best.empty() && d < 3)) {
      bestDistance = d;
      best = t.name;
    }
  }
  return best;
}

TargetAttr getTargetAttr(MLIRContext *ctx, const TargetDesc &desc) {
  Builder b(ctx);
  auto strings = [&](ArrayRef<StringRef> list) {
    SmallVector<Attribute> attrs;
    for (StringRef s : list)
      attrs.push_back(b.getStringAttr(s));
    return b.getArrayAttr(attrs);
  };
  SmallVector<StringRef> features(desc.features.begin(), desc.features.end());
  llvm::sort(features);
  SmallVector<NamedAttribute> cost;
  if (desc.clockMhz)
    cost.push_back(b.getNamedAttr("clock_mhz", b.getI64IntegerAttr(desc.clockMhz)));
  return TargetAttr::get(ctx, b.getStringAttr(desc.name), strings(features),
                         desc.fpu, desc.sramBytes, desc.flashBytes,
                         desc.alignment, b.getStringAttr(desc.cc),
                         b.getStringAttr(desc.ar), strings(desc.cflags),
                         b.getDictionaryAttr(cost));
}

TargetAttr targetOf(Operation *op) {
  if (TargetAttr t = lookupTarget(op))
    return t;
  return getTargetAttr(op->getContext(), *findTarget("host"));
}

} // namespace edgec
