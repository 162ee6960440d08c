//===- Target.h - target descriptions ---------------------------*- C++ -*-===//
//
// A target is data: the C compiler and flags `--emit=lib` uses, memory
// sizes, buffer alignment, and which kernel variants it selects.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_TARGETS_TARGET_H
#define EDGEC_TARGETS_TARGET_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace edgec {

struct Target {
  std::string name;
  std::string description;
  /// C compiler and archiver for `--emit=lib`.
  std::string cc;
  std::string ar;
  std::vector<std::string> cflags;
  /// Byte alignment of every arena buffer.
  int64_t alignment = 16;
  /// On-chip RAM available for the arena (0: no limit known).
  int64_t sramBytes = 0;
  /// Selects ec_dwconv2d_f32 for depthwise convolutions.
  bool hasDepthwiseKernel = true;
  /// Generic convolutions accumulate blocks of output channels on the stack
  /// (ec_conv2d_blocked_f32), which pays where a SIMD unit holds a block in
  /// registers; elsewhere they accumulate in the output (ec_conv2d_f32).
  bool blockedConv = false;
};

/// Every target edgec knows, in a stable order.
llvm::ArrayRef<Target> allTargets();

/// The target called `name`, or nullptr.
const Target *findTarget(llvm::StringRef name);

} // namespace edgec

#endif // EDGEC_TARGETS_TARGET_H
