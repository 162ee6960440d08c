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

/// `kind` compares (eq, lt, le, gt, ge): its result is i1.
bool isComparison(BinaryKind kind);

/// The element types a binary op of `kind` takes (one `operand` type for
/// both operands) and gives (`result`): arithmetic (pow too) on f32 or
/// integers, mod on integers, fmod on integers or f32, shifts on unsigned
/// integers, logical kinds on i1, comparisons of f32, integers or i1
/// giving i1.
mlir::LogicalResult verifyBinaryTypes(mlir::Operation *op, BinaryKind kind,
                                      mlir::Type operand, mlir::Type result);

/// The operands of a top-k along `axis`: f32 or integer input, i64 result
/// of the input's shape but at most the input's size along the axis.
mlir::LogicalResult verifyTopK(mlir::Operation *op, mlir::Value input,
                               mlir::Value output, int64_t axis);

/// The operands of an arg max/min along `axis` (a top-1 of kind max or min).
mlir::LogicalResult verifyArgReduce(mlir::Operation *op, ReduceKind kind,
                                    mlir::Value input, mlir::Value output,
                                    int64_t axis);

/// The operands of a gather along `axis` (nn and kernel gather_elements):
/// i64 indices; input, indices and result of one rank; off the axis the
/// result at most the input and each index dimension 1 or the result's.
mlir::LogicalResult verifyGatherElements(mlir::Operation *op, mlir::Value input,
                                         mlir::Value indices, mlir::Value output,
                                         int64_t axis);

/// The element types a unary function of `kind` takes: f32 for every kind;
/// integers for neg, abs and sign; i1 for logical_not (and only it).
mlir::LogicalResult verifyUnaryType(mlir::Operation *op, UnaryKind kind,
                                    mlir::Type element);

/// The value of an element-wise unary function at compile time.
float evalUnary(UnaryKind kind, float x, float alpha, float beta);

} // namespace edgec

#endif // EDGEC_IR_OPVERIFIERS_H
