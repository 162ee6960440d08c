//===- Constants.h - weight constants -----------------------*- C++ -*-===//
//
// Weights live in `arith.constant` ops holding dense resource attributes, so
// large blobs are kept once, out of line, in IR dumps.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_CONSTANTS_H
#define EDGEC_IR_CONSTANTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include <optional>
#include <vector>

namespace edgec {

/// An attribute holding `data` with type tensor<shape x f32>: a dense
/// resource for weights, a plain dense attribute for small values.
mlir::ElementsAttr makeF32Attr(mlir::MLIRContext *ctx,
                               llvm::ArrayRef<int64_t> shape,
                               llvm::ArrayRef<float> data,
                               llvm::StringRef nameHint = "w");

/// An attribute holding `data` as the 8-bit or 32-bit integer elements of
/// `type` (i8, i32, or a quantized type with such storage), as a dense
/// resource (quantized types have no other dense form).
mlir::ElementsAttr makeIntAttr(mlir::ShapedType type,
                               llvm::ArrayRef<int64_t> data,
                               llvm::StringRef nameHint = "w");

/// The f32 values of a constant attribute (dense or dense resource).
std::optional<std::vector<float>> getF32Values(mlir::Attribute attr);

/// The values of a constant attribute of integer (or quantized integer)
/// elements, sign- or zero-extended as the element type says.
std::optional<std::vector<int64_t>> getIntValues(mlir::Attribute attr);

/// The f32 values of `value` when it is defined by a constant op.
std::optional<std::vector<float>> getConstantF32(mlir::Value value);

/// Creates an `arith.constant` for `data` of type tensor<shape x f32>.
mlir::Value createF32Constant(mlir::OpBuilder &b, mlir::Location loc,
                              llvm::ArrayRef<int64_t> shape,
                              llvm::ArrayRef<float> data,
                              llvm::StringRef nameHint = "w");

/// Applies an ONNX-style transpose to row-major data.
std::vector<float> transposeData(llvm::ArrayRef<float> data,
                                 llvm::ArrayRef<int64_t> shape,
                                 llvm::ArrayRef<int64_t> perm);

} // namespace edgec

#endif // EDGEC_IR_CONSTANTS_H
