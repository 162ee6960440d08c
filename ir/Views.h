//===- Views.h - memref views over one buffer -------------------*- C++ -*-===//
//
// Reshapes, transposes, rank expansions and concat slices are all expressed
// as `memref.reinterpret_cast` of a root buffer with static sizes, strides
// and offset (in elements from the root's start).
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_VIEWS_H
#define EDGEC_IR_VIEWS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace edgec {

/// Row-major strides of `shape`.
llvm::SmallVector<int64_t> contiguousStrides(llvm::ArrayRef<int64_t> shape);

/// A memref type of `shape` with the given strides and offset; the identity
/// layout when they are row-major with offset 0.
mlir::MemRefType stridedType(mlir::Type elementType,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<int64_t> strides, int64_t offset);

/// Strides and offset of a memref with a static strided layout.
std::pair<llvm::SmallVector<int64_t>, int64_t> getLayout(mlir::Value memref);

/// A view of `source`'s root buffer with the given layout.
mlir::Value createView(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value source, llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<int64_t> strides, int64_t offset);

/// `source` with leading dimensions of size 1 added up to `rank`.
mlir::Value expandRank(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value source, int64_t rank);

/// True for ops whose result aliases their first operand: strided views,
/// and `memref.view`s at byte 0 of a buffer (one buffer holding int8 values
/// of two scales, after in-place reuse).
bool isViewOp(mlir::Operation *op);

/// The buffer `v` is a view of (itself when it is not a view).
mlir::Value rootBuffer(mlir::Value v);

/// True when `v` is row-major with offset 0.
bool isContiguous(mlir::Value v);

/// A non-view use of a buffer, reached through any chain of views.
struct BufferAccess {
  mlir::OpOperand *use;
  /// A kernel op writes its destination (DestinationStyleOpInterface);
  /// every other use reads.
  bool writes;
};

/// Collects every non-view use of `v` and of the views of it (appending
/// the view ops to `views` when given). False when a user is neither a
/// kernel op nor a `memref.reinterpret_cast` (a return, an unknown op).
bool collectAccesses(mlir::Value v, llvm::SmallVectorImpl<BufferAccess> &out,
                     llvm::SmallVectorImpl<mlir::Operation *> *views = nullptr);

/// Where a buffer is live in a schedule and its bytes.
struct LiveRange {
  int64_t first, last, bytes;
};

/// The live range of `root` in the schedule `position`: from the first to
/// the last op there that uses it, directly or through views (ops missing
/// from `position` are skipped); nullopt when none does.
std::optional<LiveRange>
liveRange(mlir::Value root,
          const llvm::DenseMap<mlir::Operation *, int64_t> &position);

/// The most bytes live at one position of `position` over the
/// `memref.alloc` buffers of `block`, leaving out the buffers `gone` and
/// counting the ranges `added` as well.
int64_t peakLiveBytes(mlir::Block &block,
                      const llvm::DenseMap<mlir::Operation *, int64_t> &position,
                      llvm::ArrayRef<mlir::Value> gone = {},
                      llvm::ArrayRef<LiveRange> added = {});

} // namespace edgec

#endif // EDGEC_IR_VIEWS_H
