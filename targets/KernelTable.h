//===- KernelTable.h - which C function runs a kernel op --------*- C++ -*-===//
//
// The table `edgec-select-kernels` reads: per kernel op, the C functions of
// the runtime that can run it, in order of preference, each with the
// element types and shapes it handles and the ISA features it needs. The
// first entry that matches an op on the module's target wins. A new kernel
// with an existing calling convention is one entry here, its runtime header
// and its reference test.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_TARGETS_KERNELTABLE_H
#define EDGEC_TARGETS_KERNELTABLE_H

#include "ir/EdgecDialect.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace edgec {

struct KernelEntry {
  /// The kernel op it runs ("kernel.conv2d").
  llvm::StringRef op;
  /// The C function and the runtime headers a call needs.
  llvm::StringRef fn;
  llvm::ArrayRef<llvm::StringRef> headers;
  /// ISA features the target must have: "" for none, else alternatives
  /// separated by '|' ("neon|sse2").
  llvm::StringRef features;
  /// Element types, shapes and attributes of the ops it handles.
  bool (*matches)(mlir::Operation *op);
  /// The same, for people (`edgec --list-kernels`).
  llvm::StringRef when;
  /// Computes each output pixel from its window, in raster order, before
  /// writing it: the output may start before the input in one buffer by
  /// the distance `edgec-in-place` checks.
  bool rasterInPlace = false;
  /// Reads the filter as [C_out][kh][kw][C_in/groups] (`ohwi_filter`):
  /// edgec-pack-weights stores it so.
  bool ohwiFilter = false;
  /// Wants the input offset folded into the bias where the convolution
  /// has no padding (`input_offset_in_bias`).
  bool foldInputOffset = false;
  /// Reads taps in the padding as the input's zero point, so the offset
  /// folds into the bias with padding too.
  bool foldPadded = false;
  /// Reads the filter in blocks of this many output channels
  /// (`filter_block`, f32): edgec-pack-weights stores it so. 0: no blocks.
  int64_t filterBlock = 0;
};

/// The runtime's code of a plain element type (EC_T_* of ec_eltwise_int.h:
/// 0 f32, 1-4 int8-int64, 5-8 uint8-uint64, 9 bool), -1 for others.
int elementCode(mlir::Type element);

/// Every entry, grouped by op, preferred first.
llvm::ArrayRef<KernelEntry> kernelTable();

/// The entry that runs `op` on `target`, or nullptr when none does.
const KernelEntry *selectKernel(mlir::Operation *op, TargetAttr target);

/// The entry of C function `fn`, or nullptr.
const KernelEntry *findKernel(llvm::StringRef fn);

/// The entry recorded on `op` by edgec-select-kernels, or nullptr.
const KernelEntry *selectedKernel(mlir::Operation *op);

/// `entry` as the attribute recorded on an op.
KernelAttr getKernelAttr(mlir::MLIRContext *ctx, const KernelEntry &entry);

} // namespace edgec

#endif // EDGEC_TARGETS_KERNELTABLE_H
