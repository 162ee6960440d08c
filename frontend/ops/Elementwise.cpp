//===- Elementwise.cpp - arithmetic, Relu, Clip and other activations -----===//
#include "frontend/OpImporter.h"
#include "ir/Constants.h"
#include "ir/ShapeUtils.h"

#include <cmath>

using namespace mlir;

namespace edgec {

template <typename OpTy>
static LogicalResult importBinary(NodeImporter &ni) {
  auto a = ni.input(0);
  auto b = ni.input(1);
  if (failed(a) || failed(b))
    return failure();
  auto shape =
      broadcastShapes(cast<RankedTensorType>(a->getType()).getShape(),
                      cast<RankedTensorType>(b->getType()).getShape());
  if (!shape)
    return ni.fail("operand shapes do not broadcast");
  auto outType = ni.checkedOutputType(0, *shape);
  if (failed(outType))
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

/// Clip-11+: min and max are optional inputs. Constant bounds become a
/// clamp (fusable into the producer); runtime ones max and min ops.
static LogicalResult importClip(NodeImporter &ni) {
  bool constantBounds = true;
  std::optional<float> bounds[2];
  for (int i = 1; i <= 2; ++i) {
    if (!ni.hasInput(i))
      continue;
    const ConstTensor *c = ni.constant(i);
    if (!c) {
      constantBounds = false;
      continue;
    }
    if (c->numElements() != 1)
      return ni.fail("Clip bounds must be scalars");
    bounds[i - 1] = c->isFloat() ? c->floats[0] : (float)c->ints[0];
  }
  if (constantBounds)
    return buildClamp(ni, bounds[0], bounds[1]);
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  Value y = *x;
  for (int i = 1; i <= 2; ++i) {
    if (!ni.hasInput(i))
      continue;
    auto bound = ni.input(i);
    if (failed(bound))
      return failure();
    y = i == 1 ? Value(nn::MaxOp::create(ni.b, ni.loc, y.getType(), y, *bound))
               : Value(nn::MinOp::create(ni.b, ni.loc, y.getType(), y, *bound));
  }
  ni.setOutput(0, y);
  return success();
}

static LogicalResult buildUnary(NodeImporter &ni, UnaryKind kind,
                                float alpha = 1.0f, float beta = 0.0f) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  ni.setOutput(0, nn::UnaryOp::create(ni.b, ni.loc, x->getType(), *x,
                                      UnaryKindAttr::get(ni.b.getContext(), kind),
                                      ni.b.getF32FloatAttr(alpha),
                                      ni.b.getF32FloatAttr(beta)));
  return success();
}

/// Max, Min, Sum: variadic with broadcasting, as a chain of binary ops.
template <typename OpTy>
static FailureOr<Value> buildVariadic(NodeImporter &ni) {
  auto first = ni.input(0);
  if (failed(first))
    return failure();
  Value acc = *first;
  for (int i = 1; i < ni.numInputs(); ++i) {
    auto v = ni.input(i);
    if (failed(v))
      return failure();
    auto shape = broadcastShapes(
        cast<RankedTensorType>(acc.getType()).getShape(),
        cast<RankedTensorType>(v->getType()).getShape());
    if (!shape)
      return ni.fail("inputs do not broadcast");
    acc = OpTy::create(ni.b, ni.loc,
                       RankedTensorType::get(*shape, ni.b.getF32Type()), acc,
                       *v);
  }
  if (failed(ni.checkedOutputType(
          0, cast<RankedTensorType>(acc.getType()).getShape())))
    return failure();
  return acc;
}

template <typename OpTy>
static LogicalResult importVariadic(NodeImporter &ni) {
  auto y = buildVariadic<OpTy>(ni);
  if (failed(y))
    return failure();
  ni.setOutput(0, *y);
  return success();
}

/// Pow: x^2 (LayerNorm's variance) is a multiply.
static LogicalResult importPow(NodeImporter &ni) {
  const ConstTensor *e = ni.constant(1);
  if (e && e->numElements() == 1 &&
      (e->isFloat() ? e->floats[0] == 2.0f : e->ints[0] == 2)) {
    auto x = ni.input(0);
    if (failed(x))
      return failure();
    if (e->dims.empty() ||
        cast<RankedTensorType>(x->getType()).getRank() >= 1) {
      ni.setOutput(0, nn::MulOp::create(ni.b, ni.loc, x->getType(), *x, *x));
      return success();
    }
  }
  return importBinary<nn::PowOp>(ni);
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

//===----------------------------------------------------------------------===//
// Activations written with the ops above (exact where ONNX's definition is)
//===----------------------------------------------------------------------===//

namespace {

/// Builds element-wise expressions on values of one shape (constants are
/// rank-matched scalars, which broadcast).
struct Expr {
  NodeImporter &ni;
  RankedTensorType type;

  Value scalar(float v) {
    SmallVector<int64_t> ones(type.getRank(), 1);
    return createF32Constant(ni.b, ni.loc, ones, {v});
  }
  template <typename OpTy> Value binary(Value a, Value b) {
    return OpTy::create(ni.b, ni.loc, type, a, b);
  }
  Value add(Value a, Value b) { return binary<nn::AddOp>(a, b); }
  Value sub(Value a, Value b) { return binary<nn::SubOp>(a, b); }
  Value mul(Value a, Value b) { return binary<nn::MulOp>(a, b); }
  Value div(Value a, Value b) { return binary<nn::DivOp>(a, b); }
  Value clamp(Value x, std::optional<float> lo, std::optional<float> hi) {
    auto attr = [&](std::optional<float> v) {
      return v ? ni.b.getF32FloatAttr(*v) : FloatAttr();
    };
    return nn::ClampOp::create(ni.b, ni.loc, type, x, attr(lo), attr(hi));
  }
  Value unary(UnaryKind kind, Value x) {
    return nn::UnaryOp::create(ni.b, ni.loc, x, kind);
  }
  /// alpha * (exp(min(x, 0)) - 1) + max(x, 0): ELU.
  Value elu(Value x, float alpha) {
    Value neg = sub(unary(UnaryKind::exp, clamp(x, std::nullopt, 0.0f)),
                    scalar(1.0f));
    return add(clamp(x, 0.0f, std::nullopt), mul(scalar(alpha), neg));
  }
};

/// Imports a one-input activation written by `build` on the input.
LogicalResult importActivation(NodeImporter &ni,
                               llvm::function_ref<Value(Expr &, Value)> build) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  Expr e{ni, cast<RankedTensorType>(x->getType())};
  ni.setOutput(0, build(e, *x));
  return success();
}

/// PRelu: max(x, 0) + slope * min(x, 0), the slope broadcast to x.
LogicalResult importPRelu(NodeImporter &ni) {
  auto x = ni.input(0);
  auto slope = ni.input(1);
  if (failed(x) || failed(slope))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  auto shape = broadcastShapes(
      type.getShape(), cast<RankedTensorType>(slope->getType()).getShape());
  if (!shape || *shape != type.getShape())
    return ni.fail("the slope does not broadcast to the input");
  Expr e{ni, type};
  ni.setOutput(0, e.add(e.clamp(*x, 0.0f, std::nullopt),
                        e.mul(*slope, e.clamp(*x, std::nullopt, 0.0f))));
  return success();
}

} // namespace

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
  for (int v : {8, 12, 13}) {
    r.add("Max", v, importVariadic<nn::MaxOp>);
    r.add("Min", v, importVariadic<nn::MinOp>);
  }
  for (int v : {7, 12, 13, 15})
    r.add("Pow", v, importPow);
  // Sum and Mean: variadic with broadcasting; Mean divides by the count.
  for (int v : {6, 8, 13}) {
    r.add("Sum", v, importVariadic<nn::AddOp>);
    r.add("Mean", v, [](NodeImporter &ni) {
      auto sum = buildVariadic<nn::AddOp>(ni);
      if (failed(sum))
        return failure();
      Expr e{ni, cast<RankedTensorType>(sum->getType())};
      ni.setOutput(0, e.div(*sum, e.scalar((float)ni.numInputs())));
      return success();
    });
  }
  auto unary = [&](StringRef op, std::initializer_list<int> versions,
                   UnaryKind kind) {
    for (int v : versions)
      r.add(op, v, [kind](NodeImporter &ni) { return buildUnary(ni, kind); });
  };
  unary("Exp", {6, 13}, UnaryKind::exp);
  unary("Log", {6, 13}, UnaryKind::log);
  unary("Sqrt", {6, 13}, UnaryKind::sqrt);
  unary("Tanh", {6, 13}, UnaryKind::tanh);
  unary("Erf", {9, 13}, UnaryKind::erf);
  unary("Sigmoid", {6, 13}, UnaryKind::sigmoid);
  unary("Neg", {6, 13}, UnaryKind::neg);
  unary("Abs", {6, 13}, UnaryKind::abs);
  unary("Reciprocal", {6, 13}, UnaryKind::reciprocal);
  unary("Floor", {6, 13}, UnaryKind::floor);
  unary("Ceil", {6, 13}, UnaryKind::ceil);
  unary("Round", {11}, UnaryKind::round);
  unary("Sign", {9, 13}, UnaryKind::sign);
  r.add("HardSigmoid", 6, [](NodeImporter &ni) {
    return buildUnary(ni, UnaryKind::hard_sigmoid, ni.attrFloat("alpha", 0.2f),
                      ni.attrFloat("beta", 0.5f));
  });
  r.add("HardSwish", 14, [](NodeImporter &ni) {
    return buildUnary(ni, UnaryKind::hard_swish, 1.0f / 6.0f, 0.5f);
  });
  r.add("Clip", 6, importClipAttr);
  for (int v : {11, 12, 13})
    r.add("Clip", v, importClip);

  // LeakyRelu: max(x, alpha x) for alpha <= 1, min(x, alpha x) above.
  for (int v : {6, 16})
    r.add("LeakyRelu", v, [](NodeImporter &ni) {
      float alpha = ni.attrFloat("alpha", 0.01f);
      return importActivation(ni, [&](Expr &e, Value x) {
        Value scaled = e.mul(x, e.scalar(alpha));
        return alpha <= 1.0f ? e.binary<nn::MaxOp>(x, scaled)
                             : e.binary<nn::MinOp>(x, scaled);
      });
    });
  for (int v : {7, 9, 16})
    r.add("PRelu", v, importPRelu);
  r.add("Elu", 6, [](NodeImporter &ni) {
    float alpha = ni.attrFloat("alpha", 1.0f);
    return importActivation(ni, [&](Expr &e, Value x) { return e.elu(x, alpha); });
  });
  r.add("Selu", 6, [](NodeImporter &ni) {
    float alpha = ni.attrFloat("alpha", 1.67326319217681884765625f);
    float gamma = ni.attrFloat("gamma", 1.05070102214813232421875f);
    return importActivation(ni, [&](Expr &e, Value x) {
      return e.mul(e.scalar(gamma), e.elu(x, alpha));
    });
  });
  // Celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
  r.add("Celu", 12, [](NodeImporter &ni) {
    float alpha = ni.attrFloat("alpha", 1.0f);
    if (alpha == 0.0f)
      return ni.fail("Celu's alpha must not be 0");
    return importActivation(ni, [&](Expr &e, Value x) {
      Value t = e.sub(e.unary(UnaryKind::exp, e.div(x, e.scalar(alpha))),
                      e.scalar(1.0f));
      return e.add(e.clamp(x, 0.0f, std::nullopt),
                   e.clamp(e.mul(e.scalar(alpha), t), std::nullopt, 0.0f));
    });
  });
  // Softplus: log(exp(x) + 1); Softsign: x / (1 + |x|).
  r.add("Softplus", 1, [](NodeImporter &ni) {
    return importActivation(ni, [](Expr &e, Value x) {
      return e.unary(UnaryKind::log,
                     e.add(e.unary(UnaryKind::exp, x), e.scalar(1.0f)));
    });
  });
  r.add("Softsign", 1, [](NodeImporter &ni) {
    return importActivation(ni, [](Expr &e, Value x) {
      return e.div(x, e.add(e.unary(UnaryKind::abs, x), e.scalar(1.0f)));
    });
  });
}

} // namespace edgec
