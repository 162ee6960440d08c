//===- Quantization.cpp - int8 quantized types and their arithmetic -------===//
#include "ir/Quantization.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;

namespace edgec {

quant::UniformQuantizedType asInt8(Type t) {
  auto q = dyn_cast<quant::UniformQuantizedType>(t);
  if (!q || !q.isSigned() || q.getStorageTypeIntegralWidth() != 8)
    return nullptr;
  return q;
}

quant::UniformQuantizedType int8ElementType(Value v) {
  return asInt8(getElementTypeOrSelf(v.getType()));
}

quant::UniformQuantizedType int8TypeForRange(MLIRContext *ctx, double lo,
                                             double hi) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (hi - lo < 1e-8)
    hi = lo + 1e-8;
  double scale = (hi - lo) / 255.0;
  // lo maps to -128; the zero point is where 0.0 lands, an integer.
  double zp = std::round(-128.0 - lo / scale);
  zp = std::min(127.0, std::max(-128.0, zp));
  auto i8 = IntegerType::get(ctx, 8);
  return quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed, i8,
                                          Float32Type::get(ctx), scale,
                                          (int64_t)zp, -128, 127);
}

quant::UniformQuantizedPerAxisType int8WeightType(MLIRContext *ctx,
                                                  ArrayRef<double> scales,
                                                  int32_t axis) {
  SmallVector<int64_t> zeros(scales.size(), 0);
  auto i8 = IntegerType::get(ctx, 8);
  return quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, i8, Float32Type::get(ctx), scales,
      zeros, axis, -127, 127);
}

SmallVector<double> weightScales(Type elementType) {
  if (auto axis = dyn_cast<quant::UniformQuantizedPerAxisType>(elementType))
    return SmallVector<double>(axis.getScales());
  if (auto q = dyn_cast<quant::UniformQuantizedType>(elementType))
    return {q.getScale()};
  return {};
}

FixedPoint toFixedPoint(double real) {
  FixedPoint f;
  if (real == 0.0)
    return f;
  int exponent;
  double mantissa = std::frexp(real, &exponent); // in [0.5, 1)
  int64_t q = (int64_t)std::llround(mantissa * (double)(1ll << 31));
  if (q == (1ll << 31)) {
    q /= 2;
    ++exponent;
  }
  if (exponent < -31) { // too small to matter: everything rounds to 0
    q = 0;
    exponent = 0;
  }
  f.multiplier = (int32_t)q;
  f.shift = exponent;
  return f;
}

int32_t quantizeValue(double x, quant::UniformQuantizedType type) {
  // To nearest, ties to even (the default rounding mode), as ONNX's
  // QuantizeLinear and the C kernels round.
  double v = std::nearbyint(x / type.getScale()) + type.getZeroPoint();
  v = std::min<double>(type.getStorageTypeMax(),
                       std::max<double>(type.getStorageTypeMin(), v));
  return (int32_t)v;
}

double dequantizeValue(int32_t q, quant::UniformQuantizedType type) {
  return type.getScale() * (q - type.getZeroPoint());
}

static bool isF32(Value v) { return getElementTypeOrSelf(v.getType()).isF32(); }

LogicalResult verifyWeightedTypes(Operation *op, Value input, Value filter,
                                  Value bias, Value output,
                                  int64_t weightAxis) {
  if (isF32(input) && isF32(filter) && isF32(output) && (!bias || isF32(bias)))
    return success();
  auto fail = [&]() {
    return op->emitOpError(
        "expects f32 operands, or int8 quantized input and output with "
        "symmetric int8 weights and an int32 bias");
  };
  if (!int8ElementType(input) || !int8ElementType(output))
    return fail();
  Type w = getElementTypeOrSelf(filter.getType());
  if (auto axis = dyn_cast<quant::UniformQuantizedPerAxisType>(w)) {
    if (axis.getQuantizedDimension() != weightAxis ||
        axis.getStorageTypeIntegralWidth() != 8 || !axis.isSigned() ||
        llvm::any_of(axis.getZeroPoints(), [](int64_t z) { return z != 0; }))
      return fail();
    auto shape = cast<ShapedType>(filter.getType()).getShape();
    if ((int64_t)axis.getScales().size() != shape[weightAxis])
      return op->emitOpError("has ")
             << axis.getScales().size() << " weight scales for "
             << shape[weightAxis] << " output channels";
  } else if (auto t = asInt8(w)) {
    if (t.getZeroPoint() != 0)
      return fail();
  } else {
    return fail();
  }
  if (bias && !getElementTypeOrSelf(bias.getType()).isInteger(32))
    return fail();
  return success();
}

LogicalResult verifySameKind(Operation *op, ValueRange values) {
  if (llvm::all_of(values, [](Value v) { return (bool)int8ElementType(v); }))
    return success();
  Type first = getElementTypeOrSelf(values.front().getType());
  if (!isa<quant::QuantizedType>(first) &&
      llvm::all_of(values, [&](Value v) {
        return getElementTypeOrSelf(v.getType()) == first;
      }))
    return success();
  return op->emitOpError("expects operands of one element type, or all int8 "
                         "quantized");
}

} // namespace edgec
