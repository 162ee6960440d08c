//===- Norm.cpp - normalizations, Softmax and LogSoftmax ------------------===//
#include "frontend/OpImporter.h"
#include "ir/Constants.h"
#include "ir/ShapeUtils.h"

using namespace mlir;

namespace edgec {

static LogicalResult importBatchNorm(NodeImporter &ni) {
  if (ni.numUsedOutputs() > 1 || ni.attrInt("training_mode", 0) != 0)
    return ni.fail("only inference BatchNormalization is supported "
                   "(training_mode=1 or running statistics outputs)");
  SmallVector<Value> in;
  for (int i = 0; i < 5; ++i) {
    auto v = ni.input(i);
    if (failed(v))
      return failure();
    in.push_back(*v);
  }
  auto shape = cast<RankedTensorType>(in[0].getType()).getShape();
  if (shape.size() < 2)
    return ni.fail("BatchNormalization input must have rank >= 2");
  for (int i = 1; i < 5; ++i) {
    auto p = cast<RankedTensorType>(in[i].getType()).getShape();
    if (p.size() != 1 || p[0] != shape[1])
      return ni.fail("BatchNormalization parameter " + Twine(i) +
                     " must have shape [" + Twine(shape[1]) + "]");
  }
  ni.setOutput(0, nn::BatchNormOp::create(
                      ni.b, ni.loc, in[0].getType(), in[0], in[1], in[2],
                      in[3], in[4],
                      ni.b.getF32FloatAttr(ni.attrFloat("epsilon", 1e-5f))));
  return success();
}

static LogicalResult importSoftmax(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  auto axis = normalizeAxis(ni.attrInt("axis", -1), rank);
  if (!axis)
    return ni.fail("axis is out of range for rank " + Twine(rank));
  ni.setOutput(0, nn::SoftmaxOp::create(ni.b, ni.loc, x->getType(), *x, *axis));
  return success();
}

Value buildLogSoftmax(OpBuilder &b, Location loc, Value x,
                      int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> keptShape(type.getShape());
  keptShape[axis] = 1;
  auto kept = RankedTensorType::get(keptShape, b.getF32Type());
  auto reduce = [&](Value v, ReduceKind kind) -> Value {
    return nn::ReduceOp::create(b, loc, kept, v,
                                ReduceKindAttr::get(b.getContext(), kind),
                                b.getDenseI64ArrayAttr({axis}));
  };
  auto unary = [&](Value v, UnaryKind kind) -> Value {
    return nn::UnaryOp::create(b, loc, v, kind);
  };
  Value shifted = nn::SubOp::create(b, loc, type, x, reduce(x, ReduceKind::max));
  Value logSum = unary(reduce(unary(shifted, UnaryKind::exp), ReduceKind::sum),
                       UnaryKind::log);
  return nn::SubOp::create(b, loc, type, shifted, logSum);
}

/// LogSoftmax-13.
static LogicalResult importLogSoftmax(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  auto axis = normalizeAxis(ni.attrInt("axis", -1), type.getRank());
  if (!axis)
    return ni.fail("axis is out of range for rank " + Twine(type.getRank()));
  ni.setOutput(0, buildLogSoftmax(ni.b, ni.loc, *x, *axis));
  return success();
}

/// InstanceNormalization: each (n, c) over its spatial dimensions, which
/// is a layer normalization from axis 2 (with unit scale), then scale[c]
/// and B[c].
static LogicalResult importInstanceNorm(NodeImporter &ni) {
  auto x = ni.input(0);
  auto scale = ni.input(1);
  auto bias = ni.input(2);
  if (failed(x) || failed(scale) || failed(bias))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  int64_t rank = type.getRank();
  if (rank < 3)
    return ni.fail("the input must have spatial dimensions (N, C, D1, ...)");
  int64_t channels = type.getDimSize(1);
  for (Value p : {*scale, *bias})
    if (cast<RankedTensorType>(p.getType()).getNumElements() != channels)
      return ni.fail("scale and B must have one value per channel");
  OpBuilder &b = ni.b;
  Location loc = ni.loc;
  auto spatial = RankedTensorType::get(type.getShape().drop_front(2), b.getF32Type());
  Value ones = nn::BroadcastToOp::create(b, loc, spatial,
                                         createF32Constant(b, loc, {}, {1.0f}));
  Value y = nn::LayerNormOp::create(b, loc, type, *x, ones, Value(),
                                    b.getI64IntegerAttr(2),
                                    b.getF32FloatAttr(ni.attrFloat("epsilon", 1e-5f)));
  SmallVector<int64_t> paramShape(rank - 1, 1);
  paramShape[0] = channels;
  auto paramType = RankedTensorType::get(paramShape, b.getF32Type());
  y = nn::MulOp::create(b, loc, type, y,
                        nn::ReshapeOp::create(b, loc, paramType, *scale));
  y = nn::AddOp::create(b, loc, type, y,
                        nn::ReshapeOp::create(b, loc, paramType, *bias));
  ni.setOutput(0, y);
  return success();
}

/// LayerNormalization-17: over dimensions axis..rank-1.
static LogicalResult importLayerNorm(NodeImporter &ni) {
  auto x = ni.input(0);
  auto scale = ni.input(1);
  if (failed(x) || failed(scale))
    return failure();
  auto bias = ni.optionalInput(2);
  if (failed(bias))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  auto axis = normalizeAxis(ni.attrInt("axis", -1), type.getRank());
  if (!axis)
    return ni.fail("axis is out of range");
  // Scale and bias broadcast over the normalized dimensions; make them
  // exactly that many elements.
  auto normalized = type.getShape().drop_front(*axis);
  auto paramType = RankedTensorType::get(normalized, ni.b.getF32Type());
  auto fit = [&](Value v) -> Value {
    if (v.getType() == paramType)
      return v;
    return nn::BroadcastToOp::create(ni.b, ni.loc, paramType, v);
  };
  float epsilon = ni.attrFloat("epsilon", 1e-5f);
  ni.setOutput(0, nn::LayerNormOp::create(
                      ni.b, ni.loc, type, *x, fit(*scale),
                      *bias ? fit(*bias) : Value(), ni.b.getI64IntegerAttr(*axis),
                      ni.b.getF32FloatAttr(epsilon)));
  if (ni.numUsedOutputs() > 1) {
    // The optional Mean and InvStdDev outputs, from primitive ops.
    SmallVector<int64_t> axes, kept(type.getShape());
    for (int64_t d = *axis; d < type.getRank(); ++d) {
      axes.push_back(d);
      kept[d] = 1;
    }
    OpBuilder &b = ni.b;
    auto keptType = RankedTensorType::get(kept, b.getF32Type());
    auto mean = [&](Value v) -> Value {
      return nn::ReduceOp::create(b, ni.loc, keptType, v,
                                  ReduceKindAttr::get(b.getContext(), ReduceKind::mean),
                                  b.getDenseI64ArrayAttr(axes));
    };
    auto unary = [&](Value v, UnaryKind k) -> Value {
      return nn::UnaryOp::create(b, ni.loc, v, k);
    };
    Value m = mean(*x);
    Value d = nn::SubOp::create(b, ni.loc, type, *x, m);
    Value var = mean(nn::MulOp::create(b, ni.loc, type, d, d));
    Value eps = createF32Constant(b, ni.loc, {}, {epsilon}, "eps");
    Value inv = unary(unary(nn::AddOp::create(b, ni.loc, keptType, var, eps),
                            UnaryKind::sqrt),
                      UnaryKind::reciprocal);
    ni.setOutput(1, m);
    if (ni.numUsedOutputs() > 2)
      ni.setOutput(2, inv);
  }
  return success();
}

/// LRN across channels, run on NHWC like the convolutions around it.
static LogicalResult importLRN(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.getRank() != 4)
    return ni.fail("only 4-D LRN is supported");
  auto nhwc = RankedTensorType::get(
      permuteShape(type.getShape(), kNCHWtoNHWC), ni.b.getF32Type());
  Value xt = nn::TransposeOp::create(ni.b, ni.loc, nhwc, *x, kNCHWtoNHWC);
  Value y = nn::LRNOp::create(ni.b, ni.loc, nhwc, xt,
                              ni.b.getI64IntegerAttr(ni.attrInt("size", 1)),
                              ni.b.getF32FloatAttr(ni.attrFloat("alpha", 1e-4f)),
                              ni.b.getF32FloatAttr(ni.attrFloat("beta", 0.75f)),
                              ni.b.getF32FloatAttr(ni.attrFloat("bias", 1.0f)));
  ni.setOutput(0, nn::TransposeOp::create(ni.b, ni.loc, type, y, kNHWCtoNCHW));
  return success();
}

void registerNormImporters(OpRegistry &r) {
  r.add("LayerNormalization", 17, importLayerNorm);
  for (int v : {1, 13})
    r.add("LRN", v, importLRN);
  for (int v : {7, 9, 14, 15})
    r.add("BatchNormalization", v, importBatchNorm);
  r.add("Softmax", 13, importSoftmax);
  r.add("LogSoftmax", 13, importLogSoftmax);
  r.add("InstanceNormalization", 6, importInstanceNorm);
}

} // namespace edgec
