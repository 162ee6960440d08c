//===- Norm.cpp - BatchNormalization, Softmax -----------------------------===//
#include "frontend/OpImporter.h"

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

void registerNormImporters(OpRegistry &r) {
  for (int v : {7, 9, 14, 15})
    r.add("BatchNormalization", v, importBatchNorm);
  r.add("Softmax", 13, importSoftmax);
}

} // namespace edgec
