//===- Target.h - target descriptions ---------------------------*- C++ -*-===//
//
// A target is data: ISA features, floating-point unit, memory sizes, buffer
// alignment, the C compiler and flags `--emit=lib` uses, and cost-model
// numbers. The compiler puts it on the module as an `#edgec.target`
// attribute, and every pass and the emitter read it from there.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_TARGETS_TARGET_H
#define EDGEC_TARGETS_TARGET_H

#include "ir/EdgecDialect.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace edgec {

/// One row of the target table.
struct TargetDesc {
  llvm::StringRef name;
  llvm::StringRef description;
  /// ISA features, sorted: dsp, fpu (a Cortex-M floating-point unit),
  /// mve, mve-fp, neon, dotprod, sse2, ...
  std::vector<llvm::StringRef> features;
  FpuKind fpu;
  /// On-chip RAM and flash in bytes of a typical part (0: no limit known).
  int64_t sramBytes, flashBytes;
  /// Byte alignment of weights and of every arena buffer.
  int64_t alignment;
  /// C compiler, archiver and flags for `--emit=lib`.
  llvm::StringRef cc, ar;
  std::vector<llvm::StringRef> cflags;
  /// Cost model: clock of a typical part (0: unknown).
  int64_t clockMhz;
};

/// Every target edgec knows, in a stable order.
llvm::ArrayRef<TargetDesc> allTargets();

/// The target called `name`, or nullptr.
const TargetDesc *findTarget(llvm::StringRef name);

/// The known target closest to a mistyped `name` ("cortex-m4f",
/// "Cortex-M4"), or "" when none is close.
llvm::StringRef suggestTarget(llvm::StringRef name);

/// The description as the attribute the module carries.
TargetAttr getTargetAttr(mlir::MLIRContext *ctx, const TargetDesc &desc);

/// The target of the module enclosing `op`; the host's when none is set
/// (IR written by hand for edgec-opt).
TargetAttr targetOf(mlir::Operation *op);

} // namespace edgec

#endif // EDGEC_TARGETS_TARGET_H
