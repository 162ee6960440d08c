//===- OpVerifiers.h - checks shared by nn and kernel ops -------*- C++ -*-===//
//
// A kernel op has the semantics of the nn op it lowers from, so both verify
// their shapes with the same functions.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_OPVERIFIERS_H
#define EDGEC_IR_OPVERIFIERS_H

#include "ir/NNDialect.h"
#include "mlir/IR/Operation.h"
#include <optional>

namespace edgec {

/// Sliding-window attributes and the NHWC output size they imply.
mlir::LogicalResult verifyWindow(mlir::Operation *op,
                                 llvm::ArrayRef<int64_t> in,
                                 llvm::ArrayRef<int64_t> out,
                                 llvm::ArrayRef<int64_t> kernel,
                                 llvm::ArrayRef<int64_t> strides,
                                 llvm::ArrayRef<int64_t> dilations,
                                 llvm::ArrayRef<int64_t> pads,
                                 bool ceilAllowed);

/// NHWC input, HWIO filter, optional [O] bias, NHWC output.
mlir::LogicalResult verifyConv(mlir::Operation *op, llvm::ArrayRef<int64_t> in,
                               llvm::ArrayRef<int64_t> filter,
                               std::optional<llvm::ArrayRef<int64_t>> bias,
                               llvm::ArrayRef<int64_t> out, int64_t groups,
                               llvm::ArrayRef<int64_t> strides,
                               llvm::ArrayRef<int64_t> dilations,
                               llvm::ArrayRef<int64_t> pads);

/// [..., M, K] x [..., K, N] (+ [N]) -> [..., M, N] with batch broadcasting.
mlir::LogicalResult verifyMatMul(mlir::Operation *op, llvm::ArrayRef<int64_t> a,
                                 llvm::ArrayRef<int64_t> b,
                                 std::optional<llvm::ArrayRef<int64_t>> bias,
                                 llvm::ArrayRef<int64_t> out);

/// A conv's or matmul's output activation is a clamp or hard_swish.
mlir::LogicalResult verifyActivation(mlir::Operation *op);

/// The value of an element-wise unary function at compile time.
float evalUnary(UnaryKind kind, float x, float alpha, float beta);

} // namespace edgec

#endif // EDGEC_IR_OPVERIFIERS_H
