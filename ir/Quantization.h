//===- Quantization.h - int8 quantized types and their arithmetic -*- C++ -*-===//
//
// Activations are per-tensor asymmetric int8 (`!quant.uniform<i8:f32, s:zp>`),
// weights per-channel symmetric int8 (`!quant.uniform<i8<-127:127>:f32:A,
// {s0, s1, ...}>`), biases int32 in units of input scale x weight scale.
// Rescaling is fixed point as TFLite and CMSIS-NN do it: a real factor M
// becomes an int32 multiplier in [2^30, 2^31) and a power-of-two shift.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_QUANTIZATION_H
#define EDGEC_IR_QUANTIZATION_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Operation.h"

#include <optional>

namespace edgec {

/// A per-tensor quantized type with 8-bit signed storage.
mlir::quant::UniformQuantizedType asInt8(mlir::Type t);

/// The element type of a value or type when it is such a type.
mlir::quant::UniformQuantizedType int8ElementType(mlir::Value v);

/// The int8 type covering [lo, hi] (widened to hold 0): scale (hi - lo) /
/// 255 and the zero point that maps lo to -128.
mlir::quant::UniformQuantizedType int8TypeForRange(mlir::MLIRContext *ctx,
                                                   double lo, double hi);

/// Symmetric int8 weights with one scale per slice of `axis` (storage
/// [-127, 127]); `scales` from the largest magnitude of each slice.
mlir::quant::UniformQuantizedPerAxisType
int8WeightType(mlir::MLIRContext *ctx, llvm::ArrayRef<double> scales,
               int32_t axis);

/// The scales of a weight type (one for per-tensor).
llvm::SmallVector<double> weightScales(mlir::Type elementType);

/// A real factor as an int32 fixed-point multiplier and a shift:
/// real = multiplier * 2^(shift - 31), multiplier in [2^30, 2^31) (0 for 0).
struct FixedPoint {
  int32_t multiplier = 0;
  int32_t shift = 0;
};
FixedPoint toFixedPoint(double real);

/// The quantized value of `x` in `type`: rounded to nearest, ties to even
/// (ONNX's QuantizeLinear), saturated.
int32_t quantizeValue(double x, mlir::quant::UniformQuantizedType type);

/// The real value of `q` in `type`.
double dequantizeValue(int32_t q, mlir::quant::UniformQuantizedType type);

/// nn and kernel ops take f32 operands, or int8: per-tensor int8
/// activations, symmetric int8 weights (per tensor or per slice of
/// `weightAxis` of the filter), int32 bias. Checks which one `op` has.
mlir::LogicalResult verifyWeightedTypes(mlir::Operation *op, mlir::Value input,
                                        mlir::Value filter, mlir::Value bias,
                                        mlir::Value output, int64_t weightAxis);

/// All of `values` have one element type, or all are per-tensor int8
/// quantized (each its own scale).
mlir::LogicalResult verifySameKind(mlir::Operation *op,
                                   mlir::ValueRange values);

} // namespace edgec

#endif // EDGEC_IR_QUANTIZATION_H
