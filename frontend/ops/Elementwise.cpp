//===- Elementwise.cpp - arithmetic, Relu, Clip and other activations -----===//
#include "frontend/OpImporter.h"
#include "ir/Constants.h"
#include "ir/OpVerifiers.h"
#include "ir/ShapeUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;

namespace edgec {

static bool isF32(Value v) { return getElementTypeOrSelf(v.getType()).isF32(); }

/// An nn.elementwise of `kind` on `a` and `b` (one element type), the
/// result shaped by broadcasting.
static FailureOr<Value> buildElementwise(NodeImporter &ni, BinaryKind kind,
                                         Value a, Value b) {
  Type ta = getElementTypeOrSelf(a.getType());
  Type tb = getElementTypeOrSelf(b.getType());
  if (ta != tb) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "operands have different element types (" << ta << " and " << tb
       << ")";
    return ni.fail(text);
  }
  auto shape =
      broadcastShapes(cast<RankedTensorType>(a.getType()).getShape(),
                      cast<RankedTensorType>(b.getType()).getShape());
  if (!shape)
    return ni.fail("operand shapes do not broadcast");
  Type result = isComparison(kind) ? ni.b.getI1Type() : ta;
  auto type = RankedTensorType::get(*shape, result);
  auto op = nn::ElementwiseOp::create(ni.b, ni.loc, type, a, b, kind);
  if (failed(verifyBinaryTypes(op, kind, ta, result))) {
    op->erase();
    return failure();
  }
  return Value(op);
}

/// Sets output 0 to `y` after checking its shape against ONNX's.
static LogicalResult setChecked(NodeImporter &ni, FailureOr<Value> y) {
  if (failed(y) ||
      failed(ni.checkedOutputType(0, cast<RankedTensorType>(y->getType()).getShape())))
    return failure();
  ni.setOutput(0, *y);
  return success();
}

/// Add, Sub, Mul, Div: the float op on f32, nn.elementwise on integers.
template <typename OpTy, BinaryKind kind>
static LogicalResult importBinary(NodeImporter &ni) {
  auto a = ni.input(0);
  auto b = ni.input(1);
  if (failed(a) || failed(b))
    return failure();
  if (!isF32(*a) || !isF32(*b))
    return setChecked(ni, buildElementwise(ni, kind, *a, *b));
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

/// Comparisons, And, Or, Xor, Mod, BitShift: nn.elementwise of `kind`.
static LogicalResult importElementwise(NodeImporter &ni, BinaryKind kind) {
  auto a = ni.input(0);
  auto b = ni.input(1);
  if (failed(a) || failed(b))
    return failure();
  return setChecked(ni, buildElementwise(ni, kind, *a, *b));
}

static LogicalResult importMod(NodeImporter &ni) {
  auto a = ni.input(0);
  if (failed(a))
    return failure();
  if (isF32(*a) && !ni.attrInt("fmod", 0))
    return ni.fail("Mod of float tensors needs fmod=1");
  return importElementwise(ni, ni.attrInt("fmod", 0) ? BinaryKind::fmod
                                                     : BinaryKind::mod);
}

static LogicalResult importBitShift(NodeImporter &ni) {
  std::string dir = ni.attrString("direction", "");
  if (dir != "LEFT" && dir != "RIGHT")
    return ni.fail("direction must be LEFT or RIGHT, not '" + dir + "'");
  return importElementwise(ni, dir == "LEFT" ? BinaryKind::shl
                                             : BinaryKind::shr);
}

static LogicalResult importWhere(NodeImporter &ni) {
  auto c = ni.input(0);
  auto a = ni.input(1);
  auto b = ni.input(2);
  if (failed(c) || failed(a) || failed(b))
    return failure();
  auto shapeOfV = [](Value v) { return cast<RankedTensorType>(v.getType()).getShape(); };
  auto ab = broadcastShapes(shapeOfV(*a), shapeOfV(*b));
  auto all = ab ? broadcastShapes(shapeOfV(*c), *ab) : std::nullopt;
  if (!all)
    return ni.fail("operand shapes do not broadcast");
  auto outType = ni.checkedOutputType(0, *all);
  if (failed(outType))
    return failure();
  ni.setOutput(0, nn::WhereOp::create(ni.b, ni.loc, *outType, *c, *a, *b));
  return success();
}

/// ArgMax, ArgMin: nn.arg_reduce, then a reshape without the axis unless
/// keepdims.
static LogicalResult importArgReduce(NodeImporter &ni, ReduceKind kind) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  auto axis = normalizeAxis(ni.attrInt("axis", 0), shape.size());
  if (!axis)
    return ni.fail("axis is out of range");
  Type element = getElementTypeOrSelf(x->getType());
  if (!element.isF32() && !(element.isInteger() && !element.isInteger(1)))
    return ni.fail("takes float32 or integer tensors");
  SmallVector<int64_t> kept(shape);
  kept[*axis] = 1;
  SmallVector<int64_t> out(kept);
  if (!ni.attrInt("keepdims", 1))
    out.erase(out.begin() + *axis);
  auto outType = ni.checkedOutputType(0, out);
  if (failed(outType))
    return failure();
  Value y = nn::ArgReduceOp::create(
      ni.b, ni.loc, RankedTensorType::get(kept, ni.b.getI64Type()), *x, kind,
      *axis, ni.attrInt("select_last_index", 0) != 0);
  if (out.size() != kept.size())
    y = nn::ReshapeOp::create(ni.b, ni.loc, *outType, y);
  ni.setOutput(0, y);
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
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  bool isInt = getElementTypeOrSelf(*x).isInteger();
  if (!isInt) {
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
  }
  // Run-time (or integer) bounds: max with the lower, min with the upper.
  Value y = *x;
  for (int i = 1; i <= 2; ++i) {
    if (!ni.hasInput(i))
      continue;
    auto bound = ni.input(i);
    if (failed(bound))
      return failure();
    if (isInt) {
      auto clamped = buildElementwise(
          ni, i == 1 ? BinaryKind::max : BinaryKind::min, y, *bound);
      if (failed(clamped))
        return failure();
      y = *clamped;
    } else {
      y = i == 1 ? Value(nn::MaxOp::create(ni.b, ni.loc, y.getType(), y, *bound))
                 : Value(nn::MinOp::create(ni.b, ni.loc, y.getType(), y, *bound));
    }
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

/// Max, Min, Sum: variadic with broadcasting, as a chain of binary ops
/// (nn.elementwise of `kind` on integers).
template <typename OpTy, BinaryKind kind>
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
    if (!isF32(acc) || !isF32(*v)) {
      auto y = buildElementwise(ni, kind, acc, *v);
      if (failed(y))
        return failure();
      acc = *y;
      continue;
    }
    acc = OpTy::create(ni.b, ni.loc,
                       RankedTensorType::get(*shape, ni.b.getF32Type()), acc,
                       *v);
  }
  if (failed(ni.checkedOutputType(
          0, cast<RankedTensorType>(acc.getType()).getShape())))
    return failure();
  return acc;
}

template <typename OpTy, BinaryKind kind>
static LogicalResult importVariadic(NodeImporter &ni) {
  auto y = buildVariadic<OpTy, kind>(ni);
  if (failed(y))
    return failure();
  ni.setOutput(0, *y);
  return success();
}

/// Pow: x^2 (LayerNorm's variance) is a multiply.
/// `v` converted to element type `to` (itself when it has that type).
static Value castTo(NodeImporter &ni, Value v, Type to) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getElementType() == to)
    return v;
  return nn::CastOp::create(ni.b, ni.loc, type.clone(to), v);
}

/// Pow(T, T1) -> T: a float base takes any exponent (converted to float);
/// an integer base raised to an integer exponent stays integer, to a float
/// one is computed in float and truncated back.
static LogicalResult importPow(NodeImporter &ni) {
  const ConstTensor *e = ni.constant(1);
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (isF32(*x) && e && e->numElements() == 1 &&
      (e->isFloat() ? e->floats[0] == 2.0f : e->ints[0] == 2) &&
      (e->dims.empty() || cast<RankedTensorType>(x->getType()).getRank() >= 1)) {
    ni.setOutput(0, nn::MulOp::create(ni.b, ni.loc, x->getType(), *x, *x));
    return success();
  }
  auto y = ni.input(1);
  if (failed(y))
    return failure();
  Type tx = getElementTypeOrSelf(*x), f32 = ni.b.getF32Type();
  if (isa<quant::QuantizedType>(tx) ||
      isa<quant::QuantizedType>(getElementTypeOrSelf(*y)))
    return ni.fail("Pow of quantized tensors is not supported");
  if (tx.isInteger(1))
    return ni.fail("Pow takes numbers, not bool tensors");
  FailureOr<Value> result;
  if (tx.isF32() || isF32(*y)) {
    Value base = castTo(ni, *x, f32), exponent = castTo(ni, *y, f32);
    auto shape = broadcastShapes(cast<RankedTensorType>(base.getType()).getShape(),
                                 cast<RankedTensorType>(exponent.getType()).getShape());
    if (!shape)
      return ni.fail("operand shapes do not broadcast");
    Value p = nn::PowOp::create(ni.b, ni.loc, RankedTensorType::get(*shape, f32),
                                base, exponent);
    result = castTo(ni, p, tx);
  } else {
    result = buildElementwise(ni, BinaryKind::pow, *x, castTo(ni, *y, tx));
  }
  return setChecked(ni, result);
}

/// Clip-1/6: min and max are attributes.
static LogicalResult importClipAttr(NodeImporter &ni) {
  std::optional<float> lo, hi;
  if (auto x = ni.input(0); failed(x) || !isF32(*x))
    return failed(x) ? failure() : ni.fail("Clip-6 takes float32 tensors only");
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


//===----------------------------------------------------------------------===//
// Operators written as masks and selections
//===----------------------------------------------------------------------===//

/// A constant of `element` type and `shape` holding `values` (one per
/// element).
static Value constantOf(NodeImporter &ni, Type element, ArrayRef<int64_t> shape,
                        ArrayRef<double> values) {
  if (element.isF32()) {
    std::vector<float> floats(values.begin(), values.end());
    return createF32Constant(ni.b, ni.loc, shape, floats, "c");
  }
  std::vector<int64_t> ints;
  for (double v : values)
    ints.push_back((int64_t)v);
  return arith::ConstantOp::create(
      ni.b, ni.loc,
      cast<TypedAttr>(makeIntAttr(RankedTensorType::get(shape, element), ints, "c")));
}

/// A scalar constant of `like`'s element type shaped to broadcast with it.
static Value scalarLike(NodeImporter &ni, Value like, double v) {
  auto type = cast<RankedTensorType>(like.getType());
  SmallVector<int64_t> ones(type.getRank(), 1);
  return constantOf(ni, type.getElementType(), ones, {v});
}

static FailureOr<Value> buildWhere(NodeImporter &ni, Value c, Value a, Value b) {
  auto shapeOfV = [](Value v) { return cast<RankedTensorType>(v.getType()).getShape(); };
  auto ab = broadcastShapes(shapeOfV(a), shapeOfV(b));
  auto all = ab ? broadcastShapes(shapeOfV(c), *ab) : std::nullopt;
  if (!all)
    return ni.fail("operand shapes do not broadcast");
  return Value(nn::WhereOp::create(
      ni.b, ni.loc, RankedTensorType::get(*all, getElementTypeOrSelf(a)), c, a, b));
}

/// Trilu: x where the compile-time mask of the last two axes keeps it
/// (j - i >= k for the upper triangle, <= k for the lower), else 0.
static LogicalResult importTrilu(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  int64_t k = 0;
  if (ni.hasInput(1)) {
    const ConstTensor *c = ni.constant(1);
    if (!c)
      return ni.fail("k must be a constant");
    if (c->numElements() != 1 || c->isFloat())
      return ni.fail("k must be one integer");
    k = c->ints[0];
  }
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  if (shape.size() < 2)
    return ni.fail("Trilu needs a tensor of rank 2 or more");
  int64_t rows = shape[shape.size() - 2], cols = shape.back();
  bool upper = ni.attrInt("upper", 1) != 0;
  std::vector<double> mask;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      mask.push_back(upper ? j - i >= k : j - i <= k);
  Value m = constantOf(ni, ni.b.getI1Type(), {rows, cols}, mask);
  return setChecked(ni, buildWhere(ni, m, *x, scalarLike(ni, *x, 0)));
}

/// Hardmax: 1 where x is the first largest along the axis, else 0; the
/// arg max compared with the axis's indices.
static LogicalResult importHardmax(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  auto axis = normalizeAxis(ni.attrInt("axis", ni.opset >= 13 ? -1 : 1),
                            shape.size());
  if (!axis)
    return ni.fail("axis is out of range");
  SmallVector<int64_t> kept(shape), iotaShape(shape.size(), 1);
  kept[*axis] = 1;
  iotaShape[*axis] = shape[*axis];
  Type i64 = ni.b.getI64Type();
  Value arg = nn::ArgReduceOp::create(ni.b, ni.loc, RankedTensorType::get(kept, i64),
                                      *x, ReduceKind::max, *axis, false);
  std::vector<double> iota;
  for (int64_t i = 0; i < shape[*axis]; ++i)
    iota.push_back((double)i);
  auto hit = buildElementwise(ni, BinaryKind::eq, arg,
                              constantOf(ni, i64, iotaShape, iota));
  if (failed(hit))
    return failure();
  return setChecked(ni, Value(nn::CastOp::create(
                            ni.b, ni.loc, cast<RankedTensorType>(x->getType()), *hit)));
}

/// ThresholdedRelu: x where x > alpha, else 0.
static LogicalResult importThresholdedRelu(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto keep = buildElementwise(ni, BinaryKind::gt, *x,
                               scalarLike(ni, *x, ni.attrFloat("alpha", 1.0f)));
  if (failed(keep))
    return failure();
  return setChecked(ni, buildWhere(ni, *keep, *x, scalarLike(ni, *x, 0)));
}

/// Shrink: x + bias below -lambd, x - bias above lambd, else 0.
static LogicalResult importShrink(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (!isF32(*x))
    return ni.fail("Shrink takes float32 tensors");
  float lambd = ni.attrFloat("lambd", 0.5f), bias = ni.attrFloat("bias", 0.0f);
  auto type = cast<RankedTensorType>(x->getType());
  Value plus = nn::AddOp::create(ni.b, ni.loc, type, *x, scalarLike(ni, *x, bias));
  Value minus = nn::SubOp::create(ni.b, ni.loc, type, *x, scalarLike(ni, *x, bias));
  auto below = buildElementwise(ni, BinaryKind::lt, *x, scalarLike(ni, *x, -lambd));
  auto above = buildElementwise(ni, BinaryKind::gt, *x, scalarLike(ni, *x, lambd));
  if (failed(below) || failed(above))
    return failure();
  auto outer = buildWhere(ni, *above, minus, scalarLike(ni, *x, 0));
  if (failed(outer))
    return failure();
  return setChecked(ni, buildWhere(ni, *below, plus, *outer));
}

/// IsNaN: x != x. IsInf: x == +inf or x == -inf, as detect_* select.
static LogicalResult importIsNaN(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (!isF32(*x))
    return ni.fail("takes float32 tensors");
  auto same = buildElementwise(ni, BinaryKind::eq, *x, *x);
  if (failed(same))
    return failure();
  return setChecked(ni, Value(nn::UnaryOp::create(
                            ni.b, ni.loc, same->getType(), *same,
                            UnaryKindAttr::get(ni.b.getContext(), UnaryKind::logical_not),
                            ni.b.getF32FloatAttr(1.0f), ni.b.getF32FloatAttr(0.0f))));
}

static LogicalResult importIsInf(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (!isF32(*x))
    return ni.fail("takes float32 tensors");
  const double inf = std::numeric_limits<double>::infinity();
  SmallVector<Value> hits;
  for (auto [attr, value] : {std::pair{"detect_positive", inf}, {"detect_negative", -inf}}) {
    if (!ni.attrInt(attr, 1))
      continue;
    auto hit = buildElementwise(ni, BinaryKind::eq, *x, scalarLike(ni, *x, value));
    if (failed(hit))
      return failure();
    hits.push_back(*hit);
  }
  if (hits.empty()) {
    // Neither sign is detected: all false (x < x is, NaN included).
    return setChecked(ni, buildElementwise(ni, BinaryKind::lt, *x, *x));
  }
  FailureOr<Value> y = hits[0];
  if (hits.size() == 2)
    y = buildElementwise(ni, BinaryKind::logical_or, hits[0], hits[1]);
  return setChecked(ni, y);
}

/// OneHot: values[1] where the index (negative ones counted from depth)
/// equals the position along the new axis, values[0] elsewhere. A depth
/// given at run time is the output's inferred size along the axis.
static LogicalResult importOneHot(NodeImporter &ni) {
  auto idx = ni.input(0);
  auto values = ni.input(2);
  if (failed(idx) || failed(values))
    return failure();
  auto inShape = cast<RankedTensorType>(idx->getType()).getShape();
  int64_t rank = inShape.size() + 1;
  auto axis = normalizeAxis(ni.attrInt("axis", -1), rank);
  if (!axis)
    return ni.fail("axis is out of range");
  int64_t depth;
  if (const ConstTensor *d = ni.constant(1)) {
    if (d->numElements() != 1)
      return ni.fail("depth must be one value");
    depth = d->isFloat() ? (int64_t)d->floats[0] : d->ints[0];
  } else if (auto known = ni.knownOutputShape(0);
             known && (int64_t)known->size() == rank) {
    depth = (*known)[*axis];
  } else {
    return ni.fail("depth is computed at run time and shape inference does "
                   "not fix the output's shape");
  }
  if (depth < 1 || depth > INT32_MAX)
    return ni.fail("depth must be positive");
  auto vType = cast<RankedTensorType>(values->getType());
  if (vType.getNumElements() != 2 || vType.getRank() != 1)
    return ni.fail("values must hold two elements [off, on]");
  Type i64 = ni.b.getI64Type(), element = vType.getElementType();
  // Indices as i64 (float ones truncated), negative ones plus depth.
  Value k = castTo(ni, *idx, i64);
  SmallVector<int64_t> out(inShape.begin(), inShape.end()), kShape(out);
  out.insert(out.begin() + *axis, depth);
  kShape.insert(kShape.begin() + *axis, 1);
  k = nn::ReshapeOp::create(ni.b, ni.loc, RankedTensorType::get(kShape, i64), k);
  auto negative = buildElementwise(ni, BinaryKind::lt, k, scalarLike(ni, k, 0));
  auto shifted = buildElementwise(ni, BinaryKind::add, k, scalarLike(ni, k, (double)depth));
  if (failed(negative) || failed(shifted))
    return failure();
  auto wrapped = buildWhere(ni, *negative, *shifted, k);
  if (failed(wrapped))
    return failure();
  SmallVector<int64_t> iotaShape(rank, 1);
  iotaShape[*axis] = depth;
  std::vector<double> iota;
  for (int64_t i = 0; i < depth; ++i)
    iota.push_back((double)i);
  auto hit = buildElementwise(ni, BinaryKind::eq, *wrapped,
                              constantOf(ni, i64, iotaShape, iota));
  if (failed(hit))
    return failure();
  // values[0] and values[1] as views, rank-matched scalars.
  SmallVector<int64_t> ones(rank, 1);
  auto pick = [&](int64_t i) -> Value {
    Value s = nn::SliceOp::create(ni.b, ni.loc, RankedTensorType::get({1}, element),
                                  *values, ni.b.getDenseI64ArrayAttr({i}),
                                  ni.b.getDenseI64ArrayAttr({1}));
    return nn::ReshapeOp::create(ni.b, ni.loc, RankedTensorType::get(ones, element), s);
  };
  return setChecked(ni, buildWhere(ni, *hit, pick(1), pick(0)));
}

/// MeanVarianceNormalization: (x - mean) / sqrt(variance + 1e-9) over
/// `axes` (N, H, W by default).
static LogicalResult importMeanVarianceNormalization(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (!isF32(*x))
    return ni.fail("takes float32 tensors");
  auto type = cast<RankedTensorType>(x->getType());
  SmallVector<int64_t> axes, kept(type.getShape());
  for (int64_t a : ni.attrInts("axes", {0, 2, 3})) {
    auto n = normalizeAxis(a, type.getRank());
    if (!n)
      return ni.fail("axis " + Twine(a) + " is out of range");
    axes.push_back(*n);
    kept[*n] = 1;
  }
  auto mean = [&](Value v) -> Value {
    return nn::ReduceOp::create(ni.b, ni.loc, type.clone(kept), v,
                                ReduceKindAttr::get(ni.b.getContext(), ReduceKind::mean),
                                ni.b.getDenseI64ArrayAttr(axes));
  };
  Value d = nn::SubOp::create(ni.b, ni.loc, type, *x, mean(*x));
  Value var = mean(nn::MulOp::create(ni.b, ni.loc, type, d, d));
  Value eps = createF32Constant(ni.b, ni.loc, SmallVector<int64_t>(kept.size(), 1),
                                {1e-9f}, "c");
  Value sd = nn::UnaryOp::create(
      ni.b, ni.loc, nn::AddOp::create(ni.b, ni.loc, var.getType(), var, eps),
      UnaryKind::sqrt);
  return setChecked(ni, Value(nn::DivOp::create(ni.b, ni.loc, type, d, sd)));
}

/// DynamicQuantizeLinear: uint8 quantization with the scale and zero point
/// of the tensor's own range (widened to hold 0), as ONNX defines it:
/// scale = (max - min) / 255, zero point = saturate(round(-min / scale)),
/// y = saturate(round(x / scale) + zero point); rounding half to even.
static LogicalResult importDynamicQuantizeLinear(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (!isF32(*x))
    return ni.fail("takes float32 tensors");
  auto type = cast<RankedTensorType>(x->getType());
  SmallVector<int64_t> axes, ones(type.getRank(), 1);
  for (int64_t d = 0; d < type.getRank(); ++d)
    axes.push_back(d);
  auto scalarType = type.clone(ones);
  auto reduce = [&](ReduceKind kind) -> Value {
    return nn::ReduceOp::create(ni.b, ni.loc, scalarType, *x,
                                ReduceKindAttr::get(ni.b.getContext(), kind),
                                ni.b.getDenseI64ArrayAttr(axes));
  };
  Value zero = scalarLike(ni, *x, 0.0);
  Value lo = nn::MinOp::create(ni.b, ni.loc, scalarType, reduce(ReduceKind::min), zero);
  Value hi = nn::MaxOp::create(ni.b, ni.loc, scalarType, reduce(ReduceKind::max), zero);
  Value scale = nn::DivOp::create(
      ni.b, ni.loc, scalarType,
      nn::SubOp::create(ni.b, ni.loc, scalarType, hi, lo), scalarLike(ni, *x, 255.0));
  auto u8 = [&](Value v) -> Value {
    Value r = nn::UnaryOp::create(ni.b, ni.loc, v, UnaryKind::round);
    r = nn::ClampOp::create(ni.b, ni.loc, r.getType(), r, ni.b.getF32FloatAttr(0.0f),
                            ni.b.getF32FloatAttr(255.0f));
    auto t = cast<RankedTensorType>(r.getType());
    return nn::CastOp::create(
        ni.b, ni.loc, t.clone(IntegerType::get(ni.b.getContext(), 8, IntegerType::Unsigned)), r);
  };
  Value negLo = nn::UnaryOp::create(ni.b, ni.loc, lo, UnaryKind::neg);
  Value zpFloat = nn::UnaryOp::create(
      ni.b, ni.loc, nn::DivOp::create(ni.b, ni.loc, scalarType, negLo, scale),
      UnaryKind::round);
  zpFloat = nn::ClampOp::create(ni.b, ni.loc, scalarType, zpFloat,
                                ni.b.getF32FloatAttr(0.0f), ni.b.getF32FloatAttr(255.0f));
  Value y = u8(nn::AddOp::create(
      ni.b, ni.loc, type,
      nn::UnaryOp::create(ni.b, ni.loc,
                          nn::DivOp::create(ni.b, ni.loc, type, *x, scale),
                          UnaryKind::round),
      zpFloat));
  auto scalar = [&](Value v) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    return nn::ReshapeOp::create(ni.b, ni.loc, t.clone(ArrayRef<int64_t>{}), v);
  };
  if (failed(setChecked(ni, y)))
    return failure();
  ni.setOutput(1, scalar(scale));
  ni.setOutput(2, scalar(u8(zpFloat)));
  return success();
}

/// Range with a start, limit or delta computed at run time (constant ones
/// fold at import): start + i * delta over the output's inferred length.
static LogicalResult importRange(NodeImporter &ni) {
  auto start = ni.input(0);
  auto delta = ni.input(2);
  if (failed(start) || failed(delta))
    return failure();
  auto known = ni.knownOutputShape(0);
  if (!known || known->size() != 1)
    return ni.fail("the length depends on values computed at run time and "
                   "shape inference does not fix it");
  Type element = getElementTypeOrSelf(*start);
  if (element.isInteger(1) || getElementTypeOrSelf(*delta) != element)
    return ni.fail("start, limit and delta must be numbers of one type");
  std::vector<double> iota;
  for (int64_t i = 0; i < (*known)[0]; ++i)
    iota.push_back((double)i);
  Value steps = constantOf(ni, element, *known, iota);
  auto scaled = buildElementwise(ni, BinaryKind::mul, steps, *delta);
  if (failed(scaled))
    return failure();
  auto y = buildElementwise(ni, BinaryKind::add, *scaled, *start);
  return setChecked(ni, y);
}

/// HannWindow, HammingWindow, BlackmanWindow: constants of the window's
/// length (a run-time length is the output's inferred one), sum_k
/// a_k cos(2 pi k n / N) with N the length (periodic) or the length - 1.
static LogicalResult importWindow(NodeImporter &ni, ArrayRef<double> coeffs) {
  int64_t size;
  if (const ConstTensor *c = ni.constant(0)) {
    if (c->numElements() != 1)
      return ni.fail("size must be one value");
    size = c->isFloat() ? (int64_t)c->floats[0] : c->ints[0];
  } else if (auto known = ni.knownOutputShape(0); known && known->size() == 1) {
    size = (*known)[0];
  } else {
    return ni.fail("size is computed at run time and shape inference does "
                   "not fix the output's length");
  }
  if (size < 1 || size > (1 << 24))
    return ni.fail("size must be positive");
  int32_t dtype = (int32_t)ni.attrInt("output_datatype", onnx::TensorProto::FLOAT);
  if (!elementTypeOf(ni.b.getContext(), dtype))
    return ni.fail("output_datatype has no C type edgec writes");
  double n = ni.attrInt("periodic", 1) ? (double)size : (double)(size - 1);
  ConstTensor c;
  c.dtype = dtype;
  c.dims = {size};
  for (int64_t i = 0; i < size; ++i) {
    double v = 0;
    for (auto [k, a] : llvm::enumerate(coeffs))
      v += a * std::cos(2.0 * M_PI * (double)k * (double)i / (n > 0 ? n : 1.0));
    if (c.isFloat())
      c.floats.push_back((float)v);
    else
      c.ints.push_back((int64_t)v);
  }
  ni.setOutputConstant(0, std::move(c));
  return success();
}

/// TopK: the indices (nn.top_k) and the values gathered at them. A k
/// given at run time is the outputs' inferred size along the axis.
static LogicalResult importTopK(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  auto axis = normalizeAxis(ni.attrInt("axis", -1), shape.size());
  if (!axis)
    return ni.fail("axis is out of range");
  Type element = getElementTypeOrSelf(*x);
  if (!element.isF32() && !(element.isInteger() && !element.isInteger(1)))
    return ni.fail("takes float32 or integer tensors");
  int64_t k;
  if (const ConstTensor *c = ni.constant(1)) {
    if (c->numElements() != 1 || c->isFloat())
      return ni.fail("k must be one integer");
    k = c->ints[0];
  } else if (auto known = ni.knownOutputShape(0);
             known && known->size() == shape.size()) {
    k = (*known)[*axis];
  } else {
    return ni.fail("k is computed at run time and shape inference does not "
                   "fix the outputs' shapes");
  }
  if (k < 1 || k > shape[*axis])
    return ni.fail("k = " + Twine(k) + " is outside 1.." + Twine(shape[*axis]));
  SmallVector<int64_t> out(shape);
  out[*axis] = k;
  Value idx = nn::TopKOp::create(
      ni.b, ni.loc, RankedTensorType::get(out, ni.b.getI64Type()), *x, *axis,
      ni.attrInt("largest", 1) == 0);
  Value values = nn::GatherElementsOp::create(
      ni.b, ni.loc, RankedTensorType::get(out, element), *x, idx, *axis);
  if (failed(ni.checkedOutputType(0, out)))
    return failure();
  ni.setOutput(0, values);
  if (ni.numUsedOutputs() > 1)
    ni.setOutput(1, idx);
  return success();
}

/// EyeLike: a constant of x's shape with ones on diagonal k.
static LogicalResult importEyeLike(NodeImporter &ni) {
  auto shape = ni.inputShape(0);
  if (failed(shape))
    return failure();
  if (shape->size() != 2)
    return ni.fail("EyeLike takes a 2-D tensor");
  int32_t dtype = (int32_t)ni.attrInt("dtype", -1);
  if (dtype < 0) {
    auto x = ni.input(0);
    if (failed(x))
      return failure();
    Type element = getElementTypeOrSelf(*x);
    dtype = element.isF32() ? onnx::TensorProto::FLOAT
            : element.isInteger(1) ? onnx::TensorProto::BOOL
            : element.isUnsignedInteger(8) ? onnx::TensorProto::UINT8
            : element.isUnsignedInteger(16) ? onnx::TensorProto::UINT16
            : element.isUnsignedInteger(32) ? onnx::TensorProto::UINT32
            : element.isUnsignedInteger(64) ? onnx::TensorProto::UINT64
            : element.isInteger(8) ? onnx::TensorProto::INT8
            : element.isInteger(16) ? onnx::TensorProto::INT16
            : element.isInteger(32) ? onnx::TensorProto::INT32
                                    : onnx::TensorProto::INT64;
  }
  if (!elementTypeOf(ni.b.getContext(), dtype))
    return ni.fail("EyeLike's dtype has no C type edgec writes");
  int64_t k = ni.attrInt("k", 0);
  ConstTensor c;
  c.dtype = dtype;
  c.dims.assign(shape->begin(), shape->end());
  for (int64_t i = 0; i < (*shape)[0]; ++i)
    for (int64_t j = 0; j < (*shape)[1]; ++j) {
      if (c.isFloat())
        c.floats.push_back(j - i == k ? 1.0f : 0.0f);
      else
        c.ints.push_back(j - i == k ? 1 : 0);
    }
  ni.setOutputConstant(0, std::move(c));
  return success();
}


//===----------------------------------------------------------------------===//
// Losses on run-time targets (NegativeLogLikelihoodLoss, SoftmaxCrossEntropy)
//===----------------------------------------------------------------------===//

/// A gather of `x` along axis 1 viewed as [outer, n, inner] by `idx`
/// viewed as [outer or 1, m, inner or 1], giving `shape`.
static Value gatherMiddle(NodeImporter &ni, Value x, Value idx,
                          ArrayRef<int64_t> xView, ArrayRef<int64_t> idxView,
                          ArrayRef<int64_t> shape) {
  auto view = [&](Value v, ArrayRef<int64_t> s) -> Value {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getShape() == s)
      return v;
    return nn::ReshapeOp::create(ni.b, ni.loc, t.clone(s), v);
  };
  SmallVector<int64_t> out{xView[0], idxView[1], xView[2]};
  Value y = nn::GatherElementsOp::create(
      ni.b, ni.loc, RankedTensorType::get(out, getElementTypeOrSelf(x)),
      view(x, xView), view(idx, idxView), int64_t(1));
  return view(y, shape);
}

/// The sum of every element of an f32 tensor, as a scalar.
static Value sumAll(NodeImporter &ni, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> axes, ones(type.getRank(), 1);
  for (int64_t d = 0; d < type.getRank(); ++d)
    axes.push_back(d);
  Value s = nn::ReduceOp::create(
      ni.b, ni.loc, type.clone(ones), v,
      ReduceKindAttr::get(ni.b.getContext(), ReduceKind::sum),
      ni.b.getDenseI64ArrayAttr(axes));
  return nn::ReshapeOp::create(ni.b, ni.loc, type.clone(ArrayRef<int64_t>{}), s);
}

/// -logp[n, t, d...] * weight[t] for log-probabilities [N, C, d...] and
/// targets [N, d...] (inputs `targetIn` and `weightIn` of the node), zero
/// where t is ignore_index, then reduced: none, sum, or mean (divided by
/// the summed weights of the targets counted).
static FailureOr<Value> buildNLLLoss(NodeImporter &ni, Value logp,
                                     int targetIn, int weightIn) {
  auto shape = cast<RankedTensorType>(logp.getType()).getShape();
  if (shape.size() < 2)
    return ni.fail("the input must have rank 2 or more ([N, C, ...])");
  auto target = ni.input(targetIn);
  if (failed(target))
    return failure();
  Type ti = getElementTypeOrSelf(*target), i64 = ni.b.getI64Type();
  if (!ti.isSignlessInteger(32) && !ti.isSignlessInteger(64))
    return ni.fail("the target must be int32 or int64");
  Value t = castTo(ni, *target, i64);
  SmallVector<int64_t> tShape(shape.begin(), shape.end());
  tShape.erase(tShape.begin() + 1);
  if (cast<RankedTensorType>(t.getType()).getShape() != ArrayRef<int64_t>(tShape))
    return ni.fail("the target must have the input's shape without axis 1");
  int64_t n = shape[0], c = shape[1], inner = 1, count = 1;
  for (size_t d = 2; d < shape.size(); ++d)
    inner *= shape[d];
  for (int64_t d : tShape)
    count *= d;
  std::string reduction = ni.attrString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return ni.fail("reduction '" + reduction + "' is not none, sum or mean");

  // Ignored targets read index 0 and are zeroed afterwards.
  Value valid;
  if (ni.hasAttr("ignore_index")) {
    auto same = buildElementwise(ni, BinaryKind::eq, t,
                                 scalarLike(ni, t, (double)ni.attrInt("ignore_index", 0)));
    if (failed(same))
      return failure();
    valid = nn::UnaryOp::create(ni.b, ni.loc, same->getType(), *same,
                                UnaryKindAttr::get(ni.b.getContext(), UnaryKind::logical_not),
                                ni.b.getF32FloatAttr(1.0f), ni.b.getF32FloatAttr(0.0f));
    auto safe = buildWhere(ni, valid, t, scalarLike(ni, t, 0));
    if (failed(safe))
      return failure();
    t = *safe;
  }
  auto f32 = RankedTensorType::get(tShape, ni.b.getF32Type());
  Value picked = gatherMiddle(ni, logp, t, {n, c, inner}, {n, 1, inner}, tShape);
  Value loss = nn::UnaryOp::create(ni.b, ni.loc, picked, UnaryKind::neg);
  Value weight;
  if (ni.hasInput(weightIn)) {
    auto w = ni.input(weightIn);
    if (failed(w))
      return failure();
    if (!isF32(*w) || cast<RankedTensorType>(w->getType()).getShape() != ArrayRef<int64_t>{c})
      return ni.fail("the weight must be float32 of shape [C]");
    weight = gatherMiddle(ni, *w, t, {1, c, 1}, {1, count, 1}, tShape);
  }
  if (valid) {
    Value v = nn::CastOp::create(ni.b, ni.loc, f32, valid);
    weight = weight ? Value(nn::MulOp::create(ni.b, ni.loc, f32, weight, v)) : v;
  }
  if (weight)
    loss = nn::MulOp::create(ni.b, ni.loc, f32, loss, weight);
  if (reduction == "none")
    return loss;
  Value total = sumAll(ni, loss);
  if (reduction == "sum")
    return total;
  Value denom = weight ? sumAll(ni, weight)
                       : createF32Constant(ni.b, ni.loc, {}, {(float)count}, "c");
  return Value(nn::DivOp::create(ni.b, ni.loc, total.getType(), total, denom));
}

static LogicalResult importNLLLoss(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (!isF32(*x))
    return ni.fail("takes float32 log-probabilities");
  return setChecked(ni, buildNLLLoss(ni, *x, 1, 2));
}

/// SoftmaxCrossEntropyLoss: LogSoftmax over axis 1 (output 1 when asked
/// for), then the NLL loss of it.
static LogicalResult importSoftmaxCrossEntropy(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (!isF32(*x) || cast<RankedTensorType>(x->getType()).getRank() < 2)
    return ni.fail("takes float32 scores of rank 2 or more ([N, C, ...])");
  Value logp = buildLogSoftmax(ni.b, ni.loc, *x, 1);
  if (failed(setChecked(ni, buildNLLLoss(ni, logp, 1, 2))))
    return failure();
  if (ni.numUsedOutputs() > 1 && !ni.node.output(1).empty())
    ni.setOutput(1, logp);
  return success();
}
} // namespace

void registerElementwiseImporters(OpRegistry &r) {
  for (int v : {7, 13, 14}) {
    r.add("Add", v, importBinary<nn::AddOp, BinaryKind::add>);
    r.add("Sub", v, importBinary<nn::SubOp, BinaryKind::sub>);
    r.add("Mul", v, importBinary<nn::MulOp, BinaryKind::mul>);
    r.add("Div", v, importBinary<nn::DivOp, BinaryKind::div>);
  }
  for (int v : {6, 13, 14})
    r.add("Relu", v, [](NodeImporter &ni) {
      return buildClamp(ni, 0.0f, std::nullopt);
    });
  for (int v : {8, 12, 13}) {
    r.add("Max", v, importVariadic<nn::MaxOp, BinaryKind::max>);
    r.add("Min", v, importVariadic<nn::MinOp, BinaryKind::min>);
  }
  for (int v : {7, 12, 13, 15})
    r.add("Pow", v, importPow);
  // Sum and Mean: variadic with broadcasting; Mean divides by the count.
  for (int v : {6, 8, 13}) {
    r.add("Sum", v, importVariadic<nn::AddOp, BinaryKind::add>);
    r.add("Mean", v, [](NodeImporter &ni) {
      auto sum = buildVariadic<nn::AddOp, BinaryKind::add>(ni);
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
  unary("Sin", {7}, UnaryKind::sin);
  unary("Cos", {7}, UnaryKind::cos);
  unary("Tan", {7}, UnaryKind::tan);
  unary("Asin", {7}, UnaryKind::asin);
  unary("Acos", {7}, UnaryKind::acos);
  unary("Atan", {7}, UnaryKind::atan);
  unary("Sinh", {9}, UnaryKind::sinh);
  unary("Cosh", {9}, UnaryKind::cosh);
  unary("Asinh", {9}, UnaryKind::asinh);
  unary("Acosh", {9}, UnaryKind::acosh);
  unary("Atanh", {9}, UnaryKind::atanh);
  unary("Sigmoid", {6, 13}, UnaryKind::sigmoid);
  unary("Neg", {6, 13}, UnaryKind::neg);
  unary("Abs", {6, 13}, UnaryKind::abs);
  unary("Reciprocal", {6, 13}, UnaryKind::reciprocal);
  unary("Floor", {6, 13}, UnaryKind::floor);
  unary("Ceil", {6, 13}, UnaryKind::ceil);
  unary("Round", {11}, UnaryKind::round);
  unary("Sign", {9, 13}, UnaryKind::sign);
  unary("Not", {1}, UnaryKind::logical_not);

  auto elementwise = [&](StringRef op, std::initializer_list<int> versions,
                         BinaryKind kind) {
    for (int v : versions)
      r.add(op, v, [kind](NodeImporter &ni) {
        return importElementwise(ni, kind);
      });
  };
  elementwise("Equal", {7, 11, 13}, BinaryKind::eq);
  elementwise("Less", {7, 9, 13}, BinaryKind::lt);
  elementwise("LessOrEqual", {12, 16}, BinaryKind::le);
  elementwise("Greater", {7, 9, 13}, BinaryKind::gt);
  elementwise("GreaterOrEqual", {12, 16}, BinaryKind::ge);
  elementwise("And", {7}, BinaryKind::logical_and);
  elementwise("Or", {7}, BinaryKind::logical_or);
  elementwise("Xor", {7}, BinaryKind::logical_xor);
  for (int v : {10, 13})
    r.add("Mod", v, importMod);
  r.add("BitShift", 11, importBitShift);
  for (int v : {9, 16})
    r.add("Where", v, importWhere);
  for (int v : {1, 11, 12, 13}) {
    r.add("ArgMax", v, [](NodeImporter &ni) {
      return importArgReduce(ni, ReduceKind::max);
    });
    r.add("ArgMin", v, [](NodeImporter &ni) {
      return importArgReduce(ni, ReduceKind::min);
    });
  }
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
  r.add("Trilu", 14, importTrilu);
  r.add("Hardmax", 13, importHardmax);
  r.add("ThresholdedRelu", 10, importThresholdedRelu);
  r.add("Shrink", 9, importShrink);
  r.add("IsNaN", 9, importIsNaN);
  r.add("IsNaN", 13, importIsNaN);
  r.add("IsInf", 10, importIsInf);
  r.add("EyeLike", 9, importEyeLike);
  r.add("OneHot", 11, importOneHot);
  r.add("Range", 11, importRange);
  for (int v : {10, 11})
    r.add("TopK", v, importTopK);
  r.add("HannWindow", 17, [](NodeImporter &ni) {
    return importWindow(ni, {0.5, -0.5});
  });
  r.add("HammingWindow", 17, [](NodeImporter &ni) {
    return importWindow(ni, {25.0 / 46.0, -21.0 / 46.0});
  });
  r.add("BlackmanWindow", 17, [](NodeImporter &ni) {
    return importWindow(ni, {0.42, -0.5, 0.08});
  });
  for (int v : {9, 13})
    r.add("MeanVarianceNormalization", v, importMeanVarianceNormalization);
  r.add("DynamicQuantizeLinear", 11, importDynamicQuantizeLinear);
  for (int v : {12, 13})
    r.add("NegativeLogLikelihoodLoss", v, importNLLLoss);
  for (int v : {12, 13})
    r.add("SoftmaxCrossEntropyLoss", v, importSoftmaxCrossEntropy);
  // The importers that build integer and bool ops too.
  for (StringRef op :
       {"Add", "Sub", "Mul", "Div", "Max", "Min", "Sum", "Neg", "Abs", "Sign",
        "Not", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
        "And", "Or", "Xor", "Mod", "BitShift", "Where", "ArgMax", "ArgMin",
        "Pow", "Clip", "Trilu", "EyeLike", "IsInf", "IsNaN",
        "NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss", "OneHot",
        "DynamicQuantizeLinear", "Range", "HannWindow", "HammingWindow",
        "BlackmanWindow", "TopK"})
    r.allowAnyElementType(op);
}

} // namespace edgec
