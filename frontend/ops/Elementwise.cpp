//===- Elementwise.cpp - Add, Sub, Mul, Div, Relu, Clip -------------------===//
#include "frontend/OpImporter.h"

#include <cmath>

using namespace mlir;

namespace edgec {

template <typename OpTy>
static LogicalResult importBinary(NodeImporter &ni) {
  auto a = ni.input(0);
  auto b = ni.input(1);
  auto outType = ni.outputType(0);
  if (failed(a) || failed(b) || failed(outType))
    return failure();
  ni.setOutput(0, OpTy::create(ni.b, ni.loc, *outType, *a, *b));
  return success();
}

static LogicalResult buildClamp(NodeImporter &ni, std::optional<float> lo,
                                std::optional<float> hi) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = ni.b;
  auto attr = [&](std::optional<float> v) {
    return v ? b.getF32FloatAttr(*v) : FloatAttr();
  };
  ni.setOutput(0, nn::ClampOp::create(b, ni.loc, x->getType(), *x, attr(lo),
                                      attr(hi)));
  return success();
}

/// Clip-11+: min and max are optional inputs, which must be constants.
static LogicalResult importClip(NodeImporter &ni) {
  std::optional<float> bounds[2];
  for (int i = 1; i <= 2; ++i) {
    if (!ni.hasInput(i))
      continue;
    const ConstTensor *c = ni.constant(i);
    if (!c || c->numElements() != 1)
      return ni.fail("Clip bounds must be constant scalars");
    bounds[i - 1] = c->isFloat() ? c->floats[0] : (float)c->ints[0];
  }
  return buildClamp(ni, bounds[0], bounds[1]);
}

/// Clip-1/6: min and max are attributes.
static LogicalResult importClipAttr(NodeImporter &ni) {
  std::optional<float> lo, hi;
  if (ni.hasAttr("min"))
    lo = ni.attrFloat("min", 0);
  if (ni.hasAttr("max"))
    hi = ni.attrFloat("max", 0);
  return buildClamp(ni, lo, hi);
}

void registerElementwiseImporters(OpRegistry &r) {
  for (int v : {7, 13, 14}) {
    r.add("Add", v, importBinary<nn::AddOp>);
    r.add("Sub", v, importBinary<nn::SubOp>);
    r.add("Mul", v, importBinary<nn::MulOp>);
    r.add("Div", v, importBinary<nn::DivOp>);
  }
  for (int v : {6, 13, 14})
    r.add("Relu", v, [](NodeImporter &ni) {
      return buildClamp(ni, 0.0f, std::nullopt);
    });
  r.add("Clip", 6, importClipAttr);
  for (int v : {11, 12, 13})
    r.add("Clip", v, importClip);
}

} // namespace edgec
