//===- ShapeUtils.h - shape rules shared by ops and passes ------*- C++ -*-===//
#ifndef EDGEC_IR_SHAPEUTILS_H
#define EDGEC_IR_SHAPEUTILS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <string>

namespace edgec {

/// Output extent of a sliding window (convolution or pooling) along one axis,
/// rounding down as ONNX does without ceil_mode.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t dilation, int64_t padBegin, int64_t padEnd);

/// Numpy broadcast of two shapes, or nullopt when they are incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Row-major strides of a tensor of `shape` read as part of a broadcast to a
/// result of rank `rank`: 0 on the broadcast (missing or size-1) dimensions.
llvm::SmallVector<int64_t> broadcastStrides(llvm::ArrayRef<int64_t> shape,
                                            size_t rank);

/// Shape of `shape` permuted by `perm` (ONNX transpose semantics).
llvm::SmallVector<int64_t> permuteShape(llvm::ArrayRef<int64_t> shape,
                                        llvm::ArrayRef<int64_t> perm);

/// The inverse permutation of `perm`.
llvm::SmallVector<int64_t> invertPermutation(llvm::ArrayRef<int64_t> perm);

/// True when `perm` is a permutation of 0..n-1.
bool isPermutation(llvm::ArrayRef<int64_t> perm);

/// True when transposing `shape` by `perm` keeps every element at the same
/// row-major position (only dimensions of size 1 move): it is a reshape.
bool isLayoutPreservingTranspose(llvm::ArrayRef<int64_t> shape,
                                 llvm::ArrayRef<int64_t> perm);

int64_t numElements(llvm::ArrayRef<int64_t> shape);

/// `start` times the product of `factors` (all non-negative), or `limit` + 1
/// as soon as it passes `limit` (> 0): sizes read from a model are bounded
/// without signed overflow.
int64_t boundedProduct(llvm::ArrayRef<int64_t> factors, int64_t limit,
                       int64_t start = 1);

/// "1x3x224x224"
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

/// Permutations between ONNX's NCHW and the NHWC used inside the compiler.
inline constexpr int64_t kNCHWtoNHWC[4] = {0, 2, 3, 1};
inline constexpr int64_t kNHWCtoNCHW[4] = {0, 3, 1, 2};

} // namespace edgec

#endif // EDGEC_IR_SHAPEUTILS_H
