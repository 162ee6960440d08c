//===- NNDialect.cpp - nn dialect ops, verifiers and folders --------------===//
#include "ir/NNDialect.h"

#include "ir/Constants.h"
#include "ir/OpVerifiers.h"
#include "ir/Quantization.h"
#include "ir/ShapeUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace edgec;
using namespace edgec::nn;

#include "ir/NNDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/NNOps.cpp.inc"
      >();
}

Operation *NNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, typed);
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

//===----------------------------------------------------------------------===//
// Window ops
//===----------------------------------------------------------------------===//

/// Checks the attributes shared by convolution and pooling and the NHWC
/// output spatial size they imply.
LogicalResult edgec::verifyWindow(Operation *op, ArrayRef<int64_t> in,
                                  ArrayRef<int64_t> out,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> dilations,
                                  ArrayRef<int64_t> pads, bool ceilAllowed) {
  if (in.size() != 4 || out.size() != 4)
    return op->emitOpError("expects rank-4 NHWC input and output");
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4)
    return op->emitOpError(
        "expects 2 strides, 2 dilations and 4 pads [top, left, bottom, right]");
  if (llvm::any_of(strides, [](int64_t s) { return s <= 0; }) ||
      llvm::any_of(dilations, [](int64_t d) { return d <= 0; }))
    return op->emitOpError("strides and dilations must be positive");
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return op->emitOpError("pads must be non-negative");
  if (in[0] != out[0])
    return op->emitOpError("batch size changes from ") << in[0] << " to "
                                                        << out[0];
  for (int i = 0; i < 2; ++i) {
    int64_t expected = windowOutputSize(in[1 + i], kernel[i], strides[i],
                                        dilations[i], pads[i], pads[2 + i]);
    // With ceil_mode a pooling window may start inside the padding end;
    // such layouts arrive with the extra pad folded into `pads` already.
    if (out[1 + i] != expected && !(ceilAllowed && out[1 + i] == expected + 1))
      return op->emitOpError("spatial dimension ")
             << i << " of the result is " << out[1 + i] << ", expected "
             << expected;
  }
  return success();
}

LogicalResult edgec::verifyConv(Operation *op, ArrayRef<int64_t> in,
                                ArrayRef<int64_t> filter,
                                std::optional<ArrayRef<int64_t>> bias,
                                ArrayRef<int64_t> out, int64_t groups,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> dilations,
                                ArrayRef<int64_t> pads) {
  if (filter.size() != 4)
    return op->emitOpError("expects a rank-4 HWIO filter");
  if (groups <= 0 || in.size() != 4 || in[3] % groups != 0)
    return op->emitOpError("group count ")
           << groups << " does not divide the input channels";
  if (filter[2] * groups != in[3])
    return op->emitOpError("filter has ")
           << filter[2] << " input channels per group, expected "
           << in[3] / groups;
  if (filter[3] % groups != 0)
    return op->emitOpError("group count ")
           << groups << " does not divide " << filter[3]
           << " output channels";
  if (out.size() == 4 && out[3] != filter[3])
    return op->emitOpError("result has ")
           << out[3] << " channels, filter produces " << filter[3];
  if (bias && (bias->size() != 1 || (*bias)[0] != filter[3]))
    return op->emitOpError("bias must have shape [") << filter[3] << "]";
  return verifyWindow(op, in, out, filter.take_front(2), strides, dilations,
                      pads, /*ceilAllowed=*/false);
}

LogicalResult Conv2DOp::verify() {
  if (failed(verifyActivation(*this)))
    return failure();
  std::optional<ArrayRef<int64_t>> bias;
  if (getBias())
    bias = shapeOf(getBias());
  if (failed(verifyWeightedTypes(*this, getInput(), getFilter(), getBias(),
                                 getOutput(), /*weightAxis=*/3)))
    return failure();
  return verifyConv(*this, shapeOf(getInput()), shapeOf(getFilter()), bias,
                    shapeOf(getOutput()), getGroups(), getStrides(),
                    getDilations(), getPads());
}

LogicalResult Pool2DOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (getElementTypeOrSelf(getInput()) != getElementTypeOrSelf(getOutput()))
    return emitOpError("pooling keeps the element type (for int8: the scale "
                       "and zero point)");
  if (getKernel().size() != 2)
    return emitOpError("expects a 2-D kernel");
  if (in.size() == 4 && out.size() == 4 && in[3] != out[3])
    return emitOpError("pooling changes the channel count");
  return verifyWindow(*this, in, out, getKernel(), getStrides(),
                      getDilations(), getPads(), /*ceilAllowed=*/true);
}

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

LogicalResult edgec::verifyActivation(Operation *op) {
  if (op->hasAttr("hard_swish") &&
      (op->hasAttr("clamp_min") || op->hasAttr("clamp_max")))
    return op->emitOpError("takes an output clamp or hard_swish, not both");
  return success();
}

LogicalResult edgec::verifyMatMul(Operation *op, ArrayRef<int64_t> a,
                                  ArrayRef<int64_t> b,
                                  std::optional<ArrayRef<int64_t>> bias,
                                  ArrayRef<int64_t> out) {
  if (a.size() < 2 || b.size() < 2)
    return op->emitOpError("operands must have rank >= 2");
  if (a.back() != b[b.size() - 2])
    return op->emitOpError("contraction sizes differ: ")
           << a.back() << " vs " << b[b.size() - 2];
  auto batch = broadcastShapes(a.drop_back(2), b.drop_back(2));
  if (!batch)
    return op->emitOpError("batch dimensions do not broadcast");
  SmallVector<int64_t> expected = *batch;
  expected.push_back(a[a.size() - 2]);
  expected.push_back(b.back());
  if (ArrayRef<int64_t>(expected) != out)
    return op->emitOpError("result shape is ")
           << shapeToString(out) << ", expected " << shapeToString(expected);
  if (bias && (bias->size() != 1 || (*bias)[0] != b.back()))
    return op->emitOpError("bias must have shape [") << b.back() << "]";
  return success();
}

LogicalResult MatMulOp::verify() {
  if (failed(verifyActivation(*this)))
    return failure();
  std::optional<ArrayRef<int64_t>> bias;
  if (getBias())
    bias = shapeOf(getBias());
  if (failed(verifyWeightedTypes(*this, getLhs(), getRhs(), getBias(),
                                 getOutput(),
                                 shapeOf(getRhs()).size() - 1)))
    return failure();
  return verifyMatMul(*this, shapeOf(getLhs()), shapeOf(getRhs()), bias,
                      shapeOf(getOutput()));
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

static LogicalResult verifyBroadcast(Operation *op) {
  if (failed(verifySameKind(op, op->getOperands())) ||
      failed(verifySameKind(op, {op->getOperand(0), op->getResult(0)})))
    return failure();
  auto a = shapeOf(op->getOperand(0)), b = shapeOf(op->getOperand(1));
  auto expected = broadcastShapes(a, b);
  if (!expected)
    return op->emitOpError("operand shapes ")
           << shapeToString(a) << " and " << shapeToString(b)
           << " do not broadcast";
  if (ArrayRef<int64_t>(*expected) != shapeOf(op->getResult(0)))
    return op->emitOpError("result shape must be ")
           << shapeToString(*expected);
  return success();
}

/// Folds a binary op whose operands are both constants.
template <typename Fn>
static OpFoldResult foldBinary(Operation *op, ArrayRef<Attribute> operands,
                               Fn fn) {
  if (op->getAttr("clamp_min") || op->getAttr("clamp_max"))
    return {}; // a fused activation: left to the kernel
  auto a = getF32Values(operands[0]), b = getF32Values(operands[1]);
  if (!a || !b)
    return {};
  auto outShape = shapeOf(op->getResult(0));
  auto aShape = shapeOf(op->getOperand(0)), bShape = shapeOf(op->getOperand(1));
  size_t rank = outShape.size();
  auto sa = broadcastStrides(aShape, rank), sb = broadcastStrides(bShape, rank);
  std::vector<float> out(numElements(outShape));
  SmallVector<int64_t> idx(rank, 0);
  for (size_t o = 0; o < out.size(); ++o) {
    int64_t ia = 0, ib = 0;
    for (size_t d = 0; d < rank; ++d) {
      ia += idx[d] * sa[d];
      ib += idx[d] * sb[d];
    }
    out[o] = fn((*a)[ia], (*b)[ib]);
    for (int d = (int)rank - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return makeF32Attr(op->getContext(), outShape, out);
}

/// Folds a data-movement op whose output element at multi-index `idx` is
/// element `source(idx)` of the f32 constant `values` (or `fill` when that
/// is -1).
template <typename Fn>
static OpFoldResult foldMove(Operation *op, ArrayRef<float> values, Fn source,
                             float fill = 0.0f) {
  auto outShape = shapeOf(op->getResult(0));
  std::vector<float> out(numElements(outShape));
  SmallVector<int64_t> idx(outShape.size(), 0);
  for (size_t o = 0; o < out.size(); ++o) {
    int64_t at = source(ArrayRef<int64_t>(idx));
    out[o] = at < 0 ? fill : values[at];
    for (int d = (int)outShape.size() - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return makeF32Attr(op->getContext(), outShape, out);
}

bool edgec::isComparison(BinaryKind kind) {
  return kind == BinaryKind::eq || kind == BinaryKind::lt ||
         kind == BinaryKind::le || kind == BinaryKind::gt ||
         kind == BinaryKind::ge;
}

LogicalResult edgec::verifyBinaryTypes(Operation *op, BinaryKind kind,
                                       Type operand, Type result) {
  bool isInt = operand.isInteger() && !operand.isInteger(1);
  bool ok;
  switch (kind) {
  case BinaryKind::add:
  case BinaryKind::sub:
  case BinaryKind::mul:
  case BinaryKind::div:
  case BinaryKind::max:
  case BinaryKind::min:
  case BinaryKind::pow:
    ok = operand.isF32() || isInt;
    break;
  case BinaryKind::mod:
    ok = isInt;
    break;
  case BinaryKind::fmod:
    ok = isInt || operand.isF32();
    break;
  case BinaryKind::shl:
  case BinaryKind::shr:
    // ONNX's BitShift is defined on unsigned types only.
    ok = operand.isUnsignedInteger();
    break;
  case BinaryKind::logical_and:
  case BinaryKind::logical_or:
  case BinaryKind::logical_xor:
    ok = operand.isInteger(1);
    break;
  default: // comparisons
    ok = operand.isF32() || operand.isInteger();
    break;
  }
  if (!ok)
    return op->emitOpError("'") << stringifyBinaryKind(kind)
                                << "' does not take " << operand << " operands";
  Type expected = isComparison(kind) ? IntegerType::get(op->getContext(), 1)
                                     : operand;
  if (result != expected)
    return op->emitOpError("'") << stringifyBinaryKind(kind) << "' gives "
                                << expected << ", not " << result;
  return success();
}

LogicalResult edgec::verifyUnaryType(Operation *op, UnaryKind kind,
                                     Type element) {
  bool ok = element.isF32() ? kind != UnaryKind::logical_not
            : element.isInteger(1)
                ? kind == UnaryKind::logical_not
                : element.isInteger() &&
                      (kind == UnaryKind::neg || kind == UnaryKind::abs ||
                       kind == UnaryKind::sign);
  if (!ok && !isa<quant::QuantizedType>(element))
    return op->emitOpError("'") << stringifyUnaryKind(kind)
                                << "' does not take " << element;
  return success();
}

LogicalResult UnaryOp::verify() {
  return verifyUnaryType(*this, getKind(), getElementTypeOrSelf(getInput()));
}

LogicalResult ElementwiseOp::verify() {
  auto a = shapeOf(getLhs()), b = shapeOf(getRhs());
  Type ta = getElementTypeOrSelf(getLhs()), tb = getElementTypeOrSelf(getRhs());
  if (ta != tb)
    return emitOpError("operands have element types ") << ta << " and " << tb;
  if (failed(verifyBinaryTypes(*this, getKind(), ta,
                               getElementTypeOrSelf(getOutput()))))
    return failure();
  auto expected = broadcastShapes(a, b);
  if (!expected || ArrayRef<int64_t>(*expected) != shapeOf(getOutput()))
    return emitOpError("operand shapes ")
           << shapeToString(a) << " and " << shapeToString(b)
           << " do not broadcast to " << shapeToString(shapeOf(getOutput()));
  return success();
}

LogicalResult WhereOp::verify() {
  if (!getElementTypeOrSelf(getCondition()).isInteger(1))
    return emitOpError("condition must be i1");
  Type t = getElementTypeOrSelf(getLhs());
  if (t != getElementTypeOrSelf(getRhs()) ||
      t != getElementTypeOrSelf(getOutput()))
    return emitOpError("lhs, rhs and result must share an element type");
  auto ab = broadcastShapes(shapeOf(getLhs()), shapeOf(getRhs()));
  auto all = ab ? broadcastShapes(shapeOf(getCondition()), *ab) : std::nullopt;
  if (!all || ArrayRef<int64_t>(*all) != shapeOf(getOutput()))
    return emitOpError("operands do not broadcast to the result shape");
  return success();
}

LogicalResult edgec::verifyTopK(Operation *op, Value input, Value output,
                                int64_t axis) {
  auto in = shapeOf(input), out = shapeOf(output);
  Type t = getElementTypeOrSelf(input);
  if (!t.isF32() && !(t.isInteger() && !t.isInteger(1)))
    return op->emitOpError("takes f32 or integer elements");
  if (!getElementTypeOrSelf(output).isInteger(64))
    return op->emitOpError("gives i64 indices");
  if (axis < 0 || axis >= (int64_t)in.size() || out.size() != in.size())
    return op->emitOpError("axis out of range, or rank changed");
  for (size_t d = 0; d < in.size(); ++d)
    if ((int64_t)d == axis ? out[d] > in[d] : out[d] != in[d])
      return op->emitOpError("result dimension ") << d << " is wrong";
  return success();
}

LogicalResult TopKOp::verify() {
  return verifyTopK(*this, getInput(), getOutput(), getAxis());
}

/// The shapes of a gather along `axis`: one rank; off the axis the result
/// is at most the input and each index dimension is 1 or the result's.
LogicalResult edgec::verifyGatherElements(Operation *op, Value input,
                                         Value indices, Value output,
                                         int64_t axis) {
  auto in = shapeOf(input), idx = shapeOf(indices), out = shapeOf(output);
  if (!getElementTypeOrSelf(indices).isInteger(64))
    return op->emitOpError("takes i64 indices");
  if (getElementTypeOrSelf(input) != getElementTypeOrSelf(output))
    return op->emitOpError("input and result must share an element type");
  if (in.size() != idx.size() || in.size() != out.size())
    return op->emitOpError("input, indices and result must have one rank");
  if (axis < 0 || axis >= (int64_t)in.size())
    return op->emitOpError("axis ") << axis << " is out of range";
  for (size_t d = 0; d < in.size(); ++d) {
    if (idx[d] != out[d] && idx[d] != 1)
      return op->emitOpError("index shape ")
             << shapeToString(idx) << " does not broadcast to "
             << shapeToString(out);
    if ((int64_t)d != axis && out[d] > in[d])
      return op->emitOpError("result dimension ")
             << d << " exceeds the input's";
  }
  return success();
}

LogicalResult GatherElementsOp::verify() {
  return verifyGatherElements(*this, getInput(), getIndices(), getOutput(),
                              getAxis());
}

LogicalResult edgec::verifyArgReduce(Operation *op, ReduceKind kind,
                                     Value input, Value output, int64_t axis) {
  if (kind != ReduceKind::max && kind != ReduceKind::min)
    return op->emitOpError("kind must be max or min");
  if (failed(verifyTopK(op, input, output, axis)))
    return failure();
  if (shapeOf(output)[axis] != 1)
    return op->emitOpError("result dimension ") << axis << " must be 1";
  return success();
}

LogicalResult ArgReduceOp::verify() {
  return verifyArgReduce(*this, getKind(), getInput(), getOutput(), getAxis());
}

LogicalResult AddOp::verify() { return verifyBroadcast(*this); }
LogicalResult MaxOp::verify() { return verifyBroadcast(*this); }
LogicalResult MinOp::verify() { return verifyBroadcast(*this); }
LogicalResult PowOp::verify() { return verifyBroadcast(*this); }
LogicalResult SubOp::verify() { return verifyBroadcast(*this); }
LogicalResult MulOp::verify() { return verifyBroadcast(*this); }
LogicalResult DivOp::verify() { return verifyBroadcast(*this); }

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](float x, float y) { return x + y; });
}
OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](float x, float y) { return x - y; });
}
OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](float x, float y) { return x * y; });
}
OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](float x, float y) { return x / y; });
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](float x, float y) { return std::fmax(x, y); });
}
OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](float x, float y) { return std::fmin(x, y); });
}
OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](float x, float y) { return std::pow(x, y); });
}

float edgec::evalUnary(UnaryKind kind, float x, float alpha, float beta) {
  switch (kind) {
  case UnaryKind::exp:
    return std::exp(x);
  case UnaryKind::log:
    return std::log(x);
  case UnaryKind::sqrt:
    return std::sqrt(x);
  case UnaryKind::tanh:
    return std::tanh(x);
  case UnaryKind::erf:
    return std::erf(x);
  case UnaryKind::sigmoid:
    return 1.0f / (1.0f + std::exp(-x));
  case UnaryKind::neg:
    return -x;
  case UnaryKind::abs:
    return std::fabs(x);
  case UnaryKind::reciprocal:
    return 1.0f / x;
  case UnaryKind::hard_sigmoid:
    return std::fmax(0.0f, std::fmin(1.0f, alpha * x + beta));
  case UnaryKind::hard_swish:
    return x * std::fmax(0.0f, std::fmin(1.0f, alpha * x + beta));
  case UnaryKind::floor:
    return std::floor(x);
  case UnaryKind::ceil:
    return std::ceil(x);
  case UnaryKind::round: // half to even, the default rounding mode
    return std::nearbyint(x);
  case UnaryKind::sign:
    return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : x;
  case UnaryKind::logical_not:
    return x == 0.0f ? 1.0f : 0.0f;
  case UnaryKind::sin:
    return std::sin(x);
  case UnaryKind::cos:
    return std::cos(x);
  case UnaryKind::tan:
    return std::tan(x);
  case UnaryKind::asin:
    return std::asin(x);
  case UnaryKind::acos:
    return std::acos(x);
  case UnaryKind::atan:
    return std::atan(x);
  case UnaryKind::sinh:
    return std::sinh(x);
  case UnaryKind::cosh:
    return std::cosh(x);
  case UnaryKind::asinh:
    return std::asinh(x);
  case UnaryKind::acosh:
    return std::acosh(x);
  case UnaryKind::atanh:
    return std::atanh(x);
  }
  llvm_unreachable("unknown unary kind");
}

OpFoldResult UnaryOp::fold(FoldAdaptor adaptor) {
  auto values = getF32Values(adaptor.getInput());
  if (!values)
    return {};
  float alpha = getAlpha().convertToFloat(), beta = getBeta().convertToFloat();
  for (float &v : *values)
    v = evalUnary(getKind(), v, alpha, beta);
  return makeF32Attr(getContext(), shapeOf(getOutput()), *values);
}

OpFoldResult ClampOp::fold(FoldAdaptor adaptor) {
  if (!getClampMin() && !getClampMax())
    return getInput();
  auto values = getF32Values(adaptor.getInput());
  if (!values)
    return {};
  float lo = getClampMin() ? getClampMin()->convertToFloat() : -INFINITY;
  float hi = getClampMax() ? getClampMax()->convertToFloat() : INFINITY;
  for (float &v : *values)
    v = std::fmin(std::fmax(v, lo), hi);
  return makeF32Attr(getContext(), shapeOf(getOutput()), *values);
}

LogicalResult SoftmaxOp::verify() {
  Type in = getElementTypeOrSelf(getInput()), out = getElementTypeOrSelf(getOutput());
  if (!(in.isF32() && out.isF32())) {
    auto q = int8ElementType(getOutput());
    if (!int8ElementType(getInput()) || !q || q.getScale() != 1.0 / 256 ||
        q.getZeroPoint() != -128)
      return emitOpError("takes f32 to f32, or int8 to int8 of scale 1/256 "
                         "and zero point -128");
  }
  int64_t rank = shapeOf(getInput()).size();
  if ((int64_t)getAxis() >= rank)
    return emitOpError("axis ") << getAxis() << " is out of range for rank "
                                << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::verify() {
  auto in = shapeOf(getInput());
  if (getPerm().size() != in.size() || !isPermutation(getPerm()))
    return emitOpError("perm is not a permutation of the input's ")
           << in.size() << " dimensions";
  if (ArrayRef<int64_t>(permuteShape(in, getPerm())) != shapeOf(getOutput()))
    return emitOpError("result shape must be ")
           << shapeToString(permuteShape(in, getPerm()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  if (llvm::equal(getPerm(), llvm::seq<int64_t>(0, getPerm().size())))
    return getInput();
  // transpose(transpose(x, p1), p2) == transpose(x, p1[p2[i]]).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : getPerm())
      composed.push_back(inner.getPerm()[p]);
    getInputMutable().assign(inner.getInput());
    setPerm(composed);
    return getResult();
  }
  if (auto values = getF32Values(adaptor.getInput()))
    return makeF32Attr(getContext(), shapeOf(getOutput()),
                       transposeData(*values, shapeOf(getInput()), getPerm()));
  return {};
}

LogicalResult ReshapeOp::verify() {
  if (numElements(shapeOf(getInput())) != numElements(shapeOf(getOutput())))
    return emitOpError("reshape changes the element count from ")
           << numElements(shapeOf(getInput())) << " to "
           << numElements(shapeOf(getOutput()));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  if (auto values = getF32Values(adaptor.getInput()))
    return makeF32Attr(getContext(), shapeOf(getOutput()), *values);
  return {};
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto out = shapeOf(getOutput());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= (int64_t)out.size())
    return emitOpError("axis ") << axis << " is out of range";
  int64_t total = 0;
  for (Value in : getInputs()) {
    auto s = shapeOf(in);
    if (s.size() != out.size())
      return emitOpError("inputs must have the result's rank");
    for (size_t d = 0; d < s.size(); ++d)
      if ((int64_t)d != axis && s[d] != out[d])
        return emitOpError("input shape ")
               << shapeToString(s) << " does not match "
               << shapeToString(out) << " off the axis";
    total += s[axis];
  }
  if (total != out[axis])
    return emitOpError("inputs add up to ")
           << total << " along the axis, result has " << out[axis];
  return success();
}

LogicalResult BatchNormOp::verify() {
  auto in = shapeOf(getInput());
  if (in.size() < 2 || in != shapeOf(getOutput()))
    return emitOpError("expects rank >= 2 and the result shaped as the input");
  for (Value p : {getScale(), getBias(), getMean(), getVar()})
    if (shapeOf(p).size() != 1 || shapeOf(p)[0] != in[1])
      return emitOpError("parameters must have shape [") << in[1] << "]";
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (getOffsets().size() != in.size() || getSteps().size() != in.size() ||
      out.size() != in.size())
    return emitOpError("expects one offset and step per dimension");
  for (size_t d = 0; d < in.size(); ++d) {
    int64_t off = getOffsets()[d], step = getSteps()[d];
    if (step <= 0 || off < 0 || (out[d] > 0 && off + (out[d] - 1) * step >= in[d]))
      return emitOpError("dimension ") << d << " slices outside the input";
  }
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  auto values = getF32Values(adaptor.getInput());
  if (!values)
    return {};
  auto in = shapeOf(getInput());
  auto strides = broadcastStrides(in, in.size());
  auto offsets = getOffsets(), steps = getSteps();
  return foldMove(*this, *values, [&](ArrayRef<int64_t> idx) {
    int64_t at = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      at += (offsets[d] + idx[d] * steps[d]) * strides[d];
    return at;
  });
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  auto values = getF32Values(adaptor.getInput());
  if (!values)
    return {};
  auto strides = broadcastStrides(shapeOf(getInput()), shapeOf(getOutput()).size());
  return foldMove(*this, *values, [&](ArrayRef<int64_t> idx) {
    int64_t at = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      at += idx[d] * strides[d];
    return at;
  });
}

OpFoldResult PadOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  auto values = getF32Values(adaptor.getInput());
  if (!values || getMode() != PadMode::constant)
    return {};
  auto in = shapeOf(getInput());
  auto strides = broadcastStrides(in, in.size());
  auto pads = getPads();
  return foldMove(*this, *values, [&](ArrayRef<int64_t> idx) -> int64_t {
    int64_t at = 0;
    for (size_t d = 0; d < idx.size(); ++d) {
      int64_t i = idx[d] - pads[d];
      if (i < 0 || i >= in[d])
        return -1;
      at += i * strides[d];
    }
    return at;
  }, getValue().convertToFloat());
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getOutput().getType())
    return getInputs()[0];
  // All inputs constant: one table of their values, input after input.
  std::vector<float> all;
  SmallVector<int64_t> base, extent;
  for (auto [value, attr] : llvm::zip(getInputs(), adaptor.getInputs())) {
    auto values = getF32Values(attr);
    if (!values)
      return {};
    base.push_back(all.size());
    extent.push_back(shapeOf(value)[getAxis()]);
    all.insert(all.end(), values->begin(), values->end());
  }
  int64_t axis = getAxis();
  return foldMove(*this, all, [&](ArrayRef<int64_t> idx) {
    int64_t i = idx[axis];
    size_t k = 0;
    while (i >= extent[k])
      i -= extent[k++];
    auto shape = shapeOf(getInputs()[k]);
    auto strides = broadcastStrides(shape, shape.size());
    int64_t at = base[k];
    for (size_t d = 0; d < idx.size(); ++d)
      at += ((int64_t)d == axis ? i : idx[d]) * strides[d];
    return at;
  });
}

LogicalResult BroadcastToOp::verify() {
  auto expected = broadcastShapes(shapeOf(getInput()), shapeOf(getOutput()));
  if (!expected || ArrayRef<int64_t>(*expected) != shapeOf(getOutput()))
    return emitOpError("cannot broadcast ")
           << shapeToString(shapeOf(getInput())) << " to "
           << shapeToString(shapeOf(getOutput()));
  return success();
}

LogicalResult PadOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  size_t r = in.size();
  if (getPads().size() != 2 * r || out.size() != r)
    return emitOpError("expects ") << 2 * r << " pads";
  for (size_t d = 0; d < r; ++d) {
    int64_t b = getPads()[d], e = getPads()[r + d];
    if (b < 0 || e < 0)
      return emitOpError("negative pads are not supported");
    if (in[d] + b + e != out[d])
      return emitOpError("dimension ") << d << " of the result must be "
                                       << in[d] + b + e;
    if (getMode() == PadMode::reflect && (b >= in[d] || e >= in[d]))
      return emitOpError("reflect padding must be smaller than the input");
  }
  return success();
}

LogicalResult ReduceOp::verify() {
  auto in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (in.size() != out.size())
    return emitOpError("keeps the rank (reduced dimensions become 1)");
  for (size_t d = 0; d < in.size(); ++d) {
    bool reduced = llvm::is_contained(getAxes(), (int64_t)d);
    if (out[d] != (reduced ? 1 : in[d]))
      return emitOpError("result dimension ") << d << " is wrong";
  }
  return success();
}

LogicalResult LayerNormOp::verify() {
  auto in = shapeOf(getInput());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= (int64_t)in.size() ||
      getOutput().getType() != getInput().getType())
    return emitOpError("axis out of range, or result not shaped as the input");
  int64_t n = numElements(in.drop_front(axis));
  if (numElements(shapeOf(getScale())) != n ||
      (getBias() && numElements(shapeOf(getBias())) != n))
    return emitOpError("scale and bias must have ") << n << " elements";
  return success();
}

LogicalResult QuadraticDWConv2DOp::verify() {
  auto in = shapeOf(getInput());
  for (Value f : {getFilterA(), getFilterB(), getFilterC()})
    if (shapeOf(f) != shapeOf(getFilterA()))
      return emitOpError("the three filters differ in shape");
  for (Value b : {getBiasA(), getBiasB(), getBiasC()})
    if (shapeOf(b).size() != 1)
      return emitOpError("biases must be rank 1");
  if (in.size() != 4 || shapeOf(getFilterA())[2] != 1)
    return emitOpError("expects NHWC input and depthwise [KH, KW, 1, C] filters");
  return verifyConv(*this, in, shapeOf(getFilterA()), shapeOf(getBiasA()),
                    shapeOf(getOutput()), in[3], getStrides(), getDilations(),
                    getPads());
}

LogicalResult ChannelShuffleOp::verify() {
  auto shape = shapeOf(getInput());
  int64_t axis = getAxis(), groups = getGroups();
  if (axis < 0 || axis >= (int64_t)shape.size())
    return emitOpError("axis is out of range");
  if (groups <= 0 || shape[axis] % groups != 0)
    return emitOpError("groups ") << groups << " do not divide "
                                  << shape[axis] << " channels";
  return success();
}

#define GET_OP_CLASSES
#include "ir/NNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  if (!getElementTypeOrSelf(getInput()).isF32() || !int8ElementType(getOutput()))
    return emitOpError("quantizes f32 to a per-tensor int8 type");
  return success();
}

LogicalResult DequantizeOp::verify() {
  if (!int8ElementType(getInput()) || !getElementTypeOrSelf(getOutput()).isF32())
    return emitOpError("dequantizes a per-tensor int8 type to f32");
  return success();
}

LogicalResult RequantizeOp::verify() {
  if (!int8ElementType(getInput()) || !int8ElementType(getOutput()))
    return emitOpError("requantizes between per-tensor int8 types");
  return success();
}

LogicalResult LookupOp::verify() {
  auto table = cast<RankedTensorType>(getTable().getType());
  if (!int8ElementType(getInput()) || !int8ElementType(getOutput()) ||
      table.getShape() != ArrayRef<int64_t>{256} ||
      !table.getElementType().isInteger(8))
    return emitOpError("maps int8 to int8 through a tensor<256xi8> table");
  if (shapeOf(getInput()) != shapeOf(getOutput()))
    return emitOpError("keeps the shape");
  return success();
}

LogicalResult FakeQuantizeOp::verify() {
  if (!getElementTypeOrSelf(getInput()).isF32() || !asInt8(getType()))
    return emitOpError("rounds f32 to a per-tensor int8 type");
  return success();
}

OpFoldResult FakeQuantizeOp::fold(FoldAdaptor) {
  // Rounding twice to one type is rounding once.
  if (auto inner = getInput().getDefiningOp<FakeQuantizeOp>())
    if (inner.getType() == getType())
      return getInput();
  return {};
}
