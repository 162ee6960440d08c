//===- Quant.cpp - QuantizeLinear, DequantizeLinear -----------------------===//
//
// QDQ models: a QuantizeLinear / DequantizeLinear pair on an activation is
// an nn.fake_quantize (the float value rounded to an int8 type), which the
// float graph passes move like any element-wise op and edgec-quantize turns
// into the tensor's int8 type. Quantized weights and biases (constants) are
// evaluated at import (ConstantFolding.cpp). uint8 maps to int8 by moving
// the zero point by 128.
//
//===----------------------------------------------------------------------===//
#include "frontend/OpImporter.h"
#include "ir/Quantization.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;

namespace edgec {

/// The int8 type of a per-tensor scale and zero point.
static FailureOr<quant::UniformQuantizedType> scalarType(NodeImporter &ni) {
  const ConstTensor *scale = ni.constant(1);
  const ConstTensor *zp = ni.hasInput(2) ? ni.constant(2) : nullptr;
  if (!scale || (ni.hasInput(2) && !zp))
    return ni.fail("needs a constant scale and zero point");
  if (scale->numElements() != 1 || (zp && zp->numElements() != 1))
    return ni.fail("per-axis quantization of an activation is not supported");
  int32_t type = zp ? zp->dtype : onnx::TensorProto::UINT8;
  if (type != onnx::TensorProto::INT8 && type != onnx::TensorProto::UINT8)
    return ni.fail("quantizes to " +
                   onnx::TensorProto::DataType_Name(
                       (onnx::TensorProto::DataType)type) +
                   "; edgec handles int8 and uint8");
  int64_t z = zp ? zp->ints[0] : 0;
  if (type == onnx::TensorProto::UINT8)
    z -= 128;
  double s = scale->floats[0];
  if (!(s > 0))
    return ni.fail("the scale must be positive");
  MLIRContext *ctx = ni.b.getContext();
  return quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(ctx, 8),
      Float32Type::get(ctx), s, z, -128, 127);
}

static LogicalResult importQuantize(NodeImporter &ni) {
  auto x = ni.input(0);
  auto type = scalarType(ni);
  if (failed(x) || failed(type))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  ni.setOutput(0, nn::QuantizeOp::create(
                      ni.b, ni.loc, RankedTensorType::get(shape, *type), *x));
  return success();
}

static LogicalResult importDequantize(NodeImporter &ni) {
  auto q = ni.input(0);
  auto type = scalarType(ni);
  if (failed(q) || failed(type))
    return failure();
  auto tensor = cast<RankedTensorType>(q->getType());
  auto f32 = RankedTensorType::get(tensor.getShape(), ni.b.getF32Type());
  // A QuantizeLinear to the same type and back: the rounding alone.
  if (auto quantize = q->getDefiningOp<nn::QuantizeOp>();
      quantize && tensor.getElementType() == Type(*type)) {
    ni.setOutput(0, nn::FakeQuantizeOp::create(ni.b, ni.loc, f32,
                                               quantize.getInput(),
                                               TypeAttr::get(*type)));
    return success();
  }
  if (tensor.getElementType() != Type(*type))
    return ni.fail("dequantizes with another scale or zero point than the "
                   "tensor was quantized with");
  ni.setOutput(0, nn::DequantizeOp::create(ni.b, ni.loc, f32, *q));
  return success();
}

void registerQuantImporters(OpRegistry &r) {
  for (int v : {10, 13}) {
    r.add("QuantizeLinear", v, importQuantize);
    r.add("DequantizeLinear", v, importDequantize);
  }
}

} // namespace edgec
