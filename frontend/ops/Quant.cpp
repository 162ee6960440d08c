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

/// The int8 type of the per-tensor scale and zero point in inputs
/// `scaleIn` and `zpIn`.
static FailureOr<quant::UniformQuantizedType>
scalarType(NodeImporter &ni, int scaleIn = 1, int zpIn = 2) {
  const ConstTensor *scale = ni.constant(scaleIn);
  const ConstTensor *zp = ni.hasInput(zpIn) ? ni.constant(zpIn) : nullptr;
  if (!scale || (ni.hasInput(zpIn) && !zp))
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
  const ImportedValue *in = ni.raw(0);
  auto type = scalarType(ni);
  if (failed(type))
    return failure();
  if (!in || !in->value ||
      !isa<quant::UniformQuantizedType>(
          cast<RankedTensorType>(in->value.getType()).getElementType()))
    return ni.fail("input 0 must be a tensor quantized by QuantizeLinear or "
                   "a QLinear op");
  Value q0 = in->value;
  Value *q = &q0;
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

/// Input `i`, a quantized activation of `type`, as f32: the float value
/// a QuantizeLinear rounded, or a dequantize.
static FailureOr<Value> floatActivation(NodeImporter &ni, int i,
                                        quant::UniformQuantizedType type) {
  const ImportedValue *in = ni.raw(i);
  if (!in || !in->value)
    return ni.fail("input " + Twine(i) + " must be a quantized activation");
  Value q = in->value;
  auto tensor = cast<RankedTensorType>(q.getType());
  auto f32 = RankedTensorType::get(tensor.getShape(), ni.b.getF32Type());
  auto mismatch = [&] {
    return ni.fail("input " + Twine(i) +
                   " is quantized with another scale or zero point");
  };
  if (tensor.getElementType().isF32()) {
    // A quantized tensor moved by a float data op (Reshape, Flatten, ...):
    // its values are those of the dequantization it reads.
    for (Operation *op = q.getDefiningOp(); op && op->getNumOperands() == 1;
         op = op->getOperand(0).getDefiningOp()) {
      if (auto d = dyn_cast<nn::DequantizeOp>(op)) {
        if (cast<RankedTensorType>(d.getInput().getType()).getElementType() !=
            Type(type))
          return mismatch();
        break;
      }
      if (auto fq = dyn_cast<nn::FakeQuantizeOp>(op)) {
        if (fq.getType() != Type(type))
          return mismatch();
        break;
      }
    }
    return Value(nn::FakeQuantizeOp::create(ni.b, ni.loc, f32, q,
                                            TypeAttr::get(type)));
  }
  if (tensor.getElementType() != Type(type))
    return mismatch();
  if (auto quantize = q.getDefiningOp<nn::QuantizeOp>())
    return Value(nn::FakeQuantizeOp::create(ni.b, ni.loc, f32,
                                            quantize.getInput(),
                                            TypeAttr::get(type)));
  return Value(nn::DequantizeOp::create(ni.b, ni.loc, f32, q));
}

/// The float weights of quantized constant input `w` with scales `s` and
/// zero points `z` along `axis` (per tensor when the scale is one value).
static FailureOr<ConstTensor> floatWeights(NodeImporter &ni, int w, int s,
                                           int z, int64_t axis) {
  const ConstTensor *q = ni.constant(w), *scale = ni.constant(s);
  const ConstTensor *zp = ni.hasInput(z) ? ni.constant(z) : nullptr;
  if (!q || !scale || (ni.hasInput(z) && !zp) || q->isFloat())
    return ni.fail("input " + Twine(w) +
                   " must be constant quantized weights with constant scales");
  int64_t n = scale->numElements(), inner = 1;
  if (n > 1 && q->dims[axis] != n)
    return ni.fail("the weight scales do not match the output channels");
  for (size_t d = axis + 1; n > 1 && d < q->dims.size(); ++d)
    inner *= q->dims[d];
  ConstTensor out;
  out.dims = q->dims;
  for (int64_t i = 0; i < q->numElements(); ++i) {
    int64_t c = n > 1 ? (i / inner) % n : 0;
    double z0 = zp ? (double)zp->ints[zp->numElements() > 1 ? c : 0] : 0.0;
    out.floats.push_back((float)((q->ints[i] - z0) * scale->floats[c]));
  }
  return out;
}

/// The output of a QLinear op: its float result rounded to the output
/// type, as the quantized tensor the next op reads.
static void setQuantizedOutput(NodeImporter &ni, Value y,
                               quant::UniformQuantizedType type) {
  auto shape = cast<RankedTensorType>(y.getType()).getShape();
  Value rounded = nn::FakeQuantizeOp::create(ni.b, ni.loc, y.getType(), y,
                                             TypeAttr::get(type));
  ni.setOutput(0, nn::QuantizeOp::create(
                      ni.b, ni.loc, RankedTensorType::get(shape, type), rounded));
}

/// QLinearConv: Conv on the float values of its quantized operands, the
/// int32 bias in units of input scale x weight scale.
static LogicalResult importQLinearConv(NodeImporter &ni) {
  auto xType = scalarType(ni, 1, 2), yType = scalarType(ni, 6, 7);
  if (failed(xType) || failed(yType))
    return failure();
  auto x = floatActivation(ni, 0, *xType);
  auto w = floatWeights(ni, 3, 4, 5, 0);
  if (failed(x) || failed(w))
    return failure();
  SmallVector<ImportedValue> inputs = {ImportedValue{*x, std::nullopt},
                                       ImportedValue{Value(), *w}};
  if (ni.hasInput(8)) {
    const ConstTensor *bias = ni.constant(8), *ws = ni.constant(4);
    if (!bias || bias->isFloat())
      return ni.fail("the bias must be a constant int32 tensor");
    ConstTensor fb;
    fb.dims = bias->dims;
    for (int64_t c = 0; c < bias->numElements(); ++c)
      fb.floats.push_back((float)(bias->ints[c] * xType->getScale() *
                                  ws->floats[ws->numElements() > 1 ? c : 0]));
    inputs.push_back(ImportedValue{Value(), fb});
  }
  auto y = ni.importAs("Conv", inputs);
  if (failed(y))
    return failure();
  setQuantizedOutput(ni, *y, *yType);
  return success();
}

/// QLinearMatMul: MatMul on the float values; constant weights per column.
static LogicalResult importQLinearMatMul(NodeImporter &ni) {
  auto aType = scalarType(ni, 1, 2), yType = scalarType(ni, 6, 7);
  if (failed(aType) || failed(yType))
    return failure();
  auto a = floatActivation(ni, 0, *aType);
  if (failed(a))
    return failure();
  const ConstTensor *bq = ni.constant(3);
  if (!bq)
    return ni.fail("the second operand must be constant quantized weights");
  auto bw = floatWeights(ni, 3, 4, 5, (int64_t)bq->dims.size() - 1);
  if (failed(bw))
    return failure();
  auto y = ni.importAs("MatMul", {ImportedValue{*a, std::nullopt},
                                  ImportedValue{Value(), *bw}});
  if (failed(y))
    return failure();
  setQuantizedOutput(ni, *y, *yType);
  return success();
}

void registerQuantImporters(OpRegistry &r) {
  r.add("QLinearConv", 10, importQLinearConv);
  r.add("QLinearMatMul", 10, importQLinearMatMul);
  for (int v : {10, 13}) {
    r.add("QuantizeLinear", v, importQuantize);
    r.add("DequantizeLinear", v, importDequantize);
  }
}

} // namespace edgec
