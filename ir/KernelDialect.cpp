//===- KernelDialect.cpp - kernel dialect ops and verifiers ---------------===//
#include "ir/KernelDialect.h"

#include "ir/OpVerifiers.h"
#include "ir/Quantization.h"
#include "ir/ShapeUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace edgec;
using namespace edgec::kernel;

#include "ir/KernelDialect.cpp.inc"

void KernelDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/KernelOps.cpp.inc"
      >();
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<MemRefType>(v.getType()).getShape();
}

/// `shape` with the channel count of `channels`, when given.
static SmallVector<int64_t> withChannels(ArrayRef<int64_t> shape,
                                         std::optional<ArrayRef<int64_t>> channels) {
  SmallVector<int64_t> s(shape);
  if (channels && s.size() == 4)
    s[3] = channels->size();
  return s;
}

SmallVector<int64_t> Conv2DOp::getFilterShapeHWIO() {
  auto f = shapeOf(getFilter());
  if (getOhwiFilter() && f.size() == 4)
    return {f[1], f[2], f[3], f[0]};
  if (f.size() == 5)
    return {f[1], f[2], f[3], getLogicalOutputShape()[3]};
  return SmallVector<int64_t>(f);
}

bool Conv2DOp::isDepthwise() {
  auto filter = getFilterShapeHWIO();
  return filter[2] == 1 && filter[3] == (int64_t)getGroups();
}

SmallVector<int64_t> Conv2DOp::getLogicalInputShape() {
  return withChannels(shapeOf(getInput()), getInputChannels());
}

SmallVector<int64_t> Conv2DOp::getLogicalOutputShape() {
  return withChannels(shapeOf(getOutput()), getOutputChannels());
}

/// A channel table names distinct channels of the operand.
static LogicalResult verifyChannelTable(Operation *op, StringRef name,
                                        std::optional<ArrayRef<int64_t>> table,
                                        Value operand) {
  if (!table)
    return success();
  int64_t count = shapeOf(operand)[3];
  llvm::SmallDenseSet<int64_t> seen;
  for (int64_t c : *table)
    if (c < 0 || c >= count || !seen.insert(c).second)
      return op->emitOpError(name)
             << " must name distinct channels in [0, " << count << ")";
  return success();
}

LogicalResult Conv2DOp::verify() {
  if (failed(verifyActivation(*this)))
    return failure();
  std::optional<ArrayRef<int64_t>> bias;
  if (getBias())
    bias = shapeOf(getBias());
  if (failed(verifyChannelTable(*this, "input_channels", getInputChannels(),
                                getInput())) ||
      failed(verifyChannelTable(*this, "output_channels", getOutputChannels(),
                                getOutput())))
    return failure();
  if (failed(verifyWeightedTypes(*this, getInput(), getFilter(), getBias(),
                                 getOutput(), getFilterOutputAxis())))
    return failure();
  auto f = shapeOf(getFilter());
  if (std::optional<int64_t> block = getFilterBlock()) {
    int64_t oc = getLogicalOutputShape()[3], groups = getGroups();
    int64_t perGroup = groups > 0 ? oc / groups : 0;
    if (*block < 1 || f.size() != 5 || f[4] != *block || groups < 1 ||
        f[0] != groups * ((perGroup + *block - 1) / *block) ||
        getOhwiFilter() || !getElementTypeOrSelf(getFilter().getType()).isF32())
      return emitOpError("filter_block ")
             << *block << " needs an f32 filter of shape [" << groups
             << " * ceil(" << perGroup << "/" << *block
             << "), kh, kw, C_in/groups, " << *block << "]";
  } else if (f.size() != 4) {
    return emitOpError("a rank-5 filter needs filter_block");
  }
  if (getInputOffsetInBias() && (!getBias() || !int8ElementType(getInput())))
    return emitOpError("input_offset_in_bias needs an int8 convolution with "
                       "a bias");
  if (failed(verifyConv(*this, getLogicalInputShape(), getFilterShapeHWIO(),
                        bias, getLogicalOutputShape(), getGroups(),
                        getStrides(), getDilations(), getPads())))
    return failure();
  return success();
}

LogicalResult Pool2DOp::verify() {
  if (getKernel().size() != 2)
    return emitOpError("expects a 2-D kernel");
  if (shapeOf(getInput())[3] != shapeOf(getOutput())[3])
    return emitOpError("pooling changes the channel count");
  return verifyWindow(*this, shapeOf(getInput()), shapeOf(getOutput()),
                      getKernel(), getStrides(), getDilations(), getPads(),
                      /*ceilAllowed=*/true);
}

LogicalResult MatMulOp::verify() {
  if (failed(verifyActivation(*this)))
    return failure();
  auto a = shapeOf(getLhs()), b = shapeOf(getRhs()), y = shapeOf(getOutput());
  if (a.size() != y.size() || b.size() != y.size())
    return emitOpError("operands must have the output's rank");
  std::optional<ArrayRef<int64_t>> bias;
  if (getBias())
    bias = shapeOf(getBias());
  if (failed(verifyWeightedTypes(*this, getLhs(), getRhs(), getBias(),
                                 getOutput(), b.size() - 1)))
    return failure();
  return verifyMatMul(*this, a, b, bias, y);
}

/// Each operand has the output's rank and broadcasts to its shape (a
/// dimension equal to the output's or 1).
static LogicalResult verifyBroadcastsTo(Operation *op, ValueRange operands,
                                        ArrayRef<int64_t> y) {
  for (Value v : operands) {
    auto s = shapeOf(v);
    if (s.size() != y.size())
      return op->emitOpError("operands must have the output's rank");
    for (size_t d = 0; d < s.size(); ++d)
      if (s[d] != y[d] && s[d] != 1)
        return op->emitOpError("operand shape ")
               << shapeToString(s) << " does not broadcast to "
               << shapeToString(y);
  }
  return success();
}

LogicalResult BinaryOp::verify() {
  auto y = shapeOf(getOutput());
  Type ta = getElementTypeOrSelf(getLhs()), ty = getElementTypeOrSelf(getOutput());
  if (!isa<quant::QuantizedType>(ta) && !isa<quant::QuantizedType>(ty)) {
    if (ta != getElementTypeOrSelf(getRhs()))
      return emitOpError("operands differ in element type");
    if (failed(verifyBinaryTypes(*this, getKind(), ta, ty)))
      return failure();
  }
  return verifyBroadcastsTo(*this, {getLhs(), getRhs()}, y);
}

static LogicalResult verifySameShape(Operation *op, Value a, Value b) {
  if (shapeOf(a) != shapeOf(b))
    return op->emitOpError("input shape ")
           << shapeToString(shapeOf(a)) << " differs from output shape "
           << shapeToString(shapeOf(b));
  return success();
}

LogicalResult ClampOp::verify() {
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult UnaryOp::verify() {
  if (getElementTypeOrSelf(getInput()) != getElementTypeOrSelf(getOutput()))
    return emitOpError("input and output differ in element type");
  if (failed(verifyUnaryType(*this, getKind(), getElementTypeOrSelf(getInput()))))
    return failure();
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult CastOp::verify() {
  for (Value v : {getInput(), getOutput()})
    if (isa<quant::QuantizedType>(getElementTypeOrSelf(v)))
      return emitOpError("converts plain (not quantized) element types");
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult WhereOp::verify() {
  if (!getElementTypeOrSelf(getCondition()).isInteger(1))
    return emitOpError("condition must be i1");
  Type t = getElementTypeOrSelf(getOutput());
  if (getElementTypeOrSelf(getLhs()) != t || getElementTypeOrSelf(getRhs()) != t)
    return emitOpError("lhs, rhs and output must share an element type");
  return verifyBroadcastsTo(*this, {getCondition(), getLhs(), getRhs()},
                            shapeOf(getOutput()));
}

LogicalResult TopKOp::verify() {
  return verifyTopK(*this, getInput(), getOutput(), getAxis());
}

LogicalResult GatherElementsOp::verify() {
  return verifyGatherElements(*this, getInput(), getIndices(), getOutput(),
                              getAxis());
}

LogicalResult ArgReduceOp::verify() {
  return verifyArgReduce(*this, getKind(), getInput(), getOutput(), getAxis());
}

LogicalResult CopyOp::verify() {
  if (getElementTypeOrSelf(getInput()) != getElementTypeOrSelf(getOutput()))
    return emitOpError("copies between element types ")
           << getElementTypeOrSelf(getInput()) << " and "
           << getElementTypeOrSelf(getOutput());
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult SoftmaxOp::verify() {
  if ((int64_t)getAxis() >= (int64_t)shapeOf(getInput()).size())
    return emitOpError("axis is out of range");
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult QuantizeOp::verify() {
  if (!getElementTypeOrSelf(getInput()).isF32() || !int8ElementType(getOutput()))
    return emitOpError("quantizes f32 to a per-tensor int8 type");
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult DequantizeOp::verify() {
  if (!int8ElementType(getInput()) || !getElementTypeOrSelf(getOutput()).isF32())
    return emitOpError("dequantizes a per-tensor int8 type to f32");
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult RequantizeOp::verify() {
  if (!int8ElementType(getInput()) || !int8ElementType(getOutput()))
    return emitOpError("requantizes between per-tensor int8 types");
  return verifySameShape(*this, getInput(), getOutput());
}

LogicalResult LookupOp::verify() {
  auto table = cast<MemRefType>(getTable().getType());
  if (!int8ElementType(getInput()) || !int8ElementType(getOutput()) ||
      table.getShape() != ArrayRef<int64_t>{256} ||
      !table.getElementType().isInteger(8))
    return emitOpError("maps int8 to int8 through a 256-entry i8 table");
  return verifySameShape(*this, getInput(), getOutput());
}

#define GET_OP_CLASSES
#include "ir/KernelOps.cpp.inc"
