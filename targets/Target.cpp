//===- Target.cpp - target descriptions -----------------------------------===//
#include "targets/Target.h"

namespace edgec {

static std::vector<Target> makeTargets() {
  auto cortexM = [](std::string name, std::string desc,
                    std::vector<std::string> flags, int64_t sram) {
    Target t;
    t.name = std::move(name);
    t.description = std::move(desc);
    t.cc = "arm-none-eabi-gcc";
    t.ar = "arm-none-eabi-ar";
    t.cflags = {"-O2", "-mthumb", "-ffunction-sections", "-fdata-sections"};
    t.cflags.insert(t.cflags.end(), flags.begin(), flags.end());
    t.sramBytes = sram;
    return t;
  };
  auto cortexA = [](std::string name, std::string cpu) {
    Target t;
    t.name = name;
    t.description = "Arm " + name + " (AArch64 Linux)";
    t.cc = "aarch64-linux-gnu-gcc";
    t.ar = "aarch64-linux-gnu-ar";
    t.cflags = {"-O3", "-mcpu=" + cpu};
    t.blockedConv = true; // NEON
    return t;
  };
  Target host;
  host.name = "host";
  host.description = "the machine edgec runs on (cc)";
  host.cc = "cc";
  host.ar = "ar";
  host.cflags = {"-O3"};
  host.blockedConv = true; // SSE/AVX or NEON
  return {
      host,
      cortexM("cortex-m0plus", "Arm Cortex-M0+ (no FPU)",
              {"-mcpu=cortex-m0plus", "-mfloat-abi=soft"}, 32 * 1024),
      cortexM("cortex-m3", "Arm Cortex-M3 (no FPU)",
              {"-mcpu=cortex-m3", "-mfloat-abi=soft"}, 64 * 1024),
      cortexM("cortex-m4", "Arm Cortex-M4F (DSP, single-precision FPU)",
              {"-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"},
              256 * 1024),
      cortexM("cortex-m7", "Arm Cortex-M7 (DSP, double-precision FPU)",
              {"-mcpu=cortex-m7", "-mfloat-abi=hard", "-mfpu=fpv5-d16"},
              512 * 1024),
      cortexM("cortex-m33", "Arm Cortex-M33 (DSP, FPU)",
              {"-mcpu=cortex-m33", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"},
              256 * 1024),
      cortexM("cortex-m55", "Arm Cortex-M55 (Helium MVE)",
              {"-mcpu=cortex-m55", "-mfloat-abi=hard"}, 512 * 1024),
      cortexA("cortex-a53", "cortex-a53"),
      cortexA("cortex-a72", "cortex-a72"),
      cortexA("cortex-a76", "cortex-a76"),
  };
}

llvm::ArrayRef<Target> allTargets() {
  static const std::vector<Target> targets = makeTargets();
  return targets;
}

const Target *findTarget(llvm::StringRef name) {
  for (const Target &t : allTargets())
    if (t.name == name)
      return &t;
  return nullptr;
}

} // namespace edgec
