//===- MatMul.cpp - Gemm, MatMul ------------------------------------------===//
#include "frontend/ops/Layout.h"
#include "ir/Constants.h"
#include "ir/ShapeUtils.h"

using namespace mlir;

namespace edgec {

static RankedTensorType f32(OpBuilder &b, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

static Value scale(OpBuilder &b, Location loc, Value v, float s) {
  if (s == 1.0f)
    return v;
  Value c = createF32Constant(b, loc, {}, {s}, "scale");
  return nn::MulOp::create(b, loc, v.getType(), v, c);
}

/// Gemm: Y = alpha * A' * B' + beta * C with A' = transA ? A^T : A, etc.
static LogicalResult importGemm(NodeImporter &ni) {
  auto a = ni.input(0);
  auto bIn = ni.input(1);
  if (failed(a) || failed(bIn))
    return failure();
  OpBuilder &b = ni.b;
  Value lhs = *a, rhs = *bIn;
  if (cast<RankedTensorType>(lhs.getType()).getRank() != 2 ||
      cast<RankedTensorType>(rhs.getType()).getRank() != 2)
    return ni.fail("Gemm expects rank-2 A and B");
  if (ni.attrInt("transA", 0))
    lhs = transpose(b, ni.loc, lhs, {1, 0});
  if (ni.attrInt("transB", 0))
    rhs = transpose(b, ni.loc, rhs, {1, 0});
  auto l = cast<RankedTensorType>(lhs.getType()).getShape();
  auto r = cast<RankedTensorType>(rhs.getType()).getShape();
  if (l[1] != r[0])
    return ni.fail("Gemm contraction sizes differ: " + Twine(l[1]) + " vs " +
                   Twine(r[0]));
  auto outType = ni.checkedOutputType(0, {l[0], r[1]});
  if (failed(outType))
    return failure();
  float alpha = ni.attrFloat("alpha", 1.0f), beta = ni.attrFloat("beta", 1.0f);
  int64_t n = outType->getShape()[1];

  // A constant C of N values becomes the kernel's bias.
  Value bias, addend;
  if (ni.hasInput(2) && beta != 0.0f) {
    const ConstTensor *c = ni.constant(2);
    if (c && c->isFloat() && c->numElements() == n &&
        (c->dims.size() == 1 || (c->dims.size() == 2 && c->dims[0] == 1))) {
      std::vector<float> values = c->floats;
      for (float &v : values)
        v *= beta;
      bias = createF32Constant(b, ni.loc, {n}, values, "bias");
    } else {
      auto cIn = ni.input(2);
      if (failed(cIn))
        return failure();
      addend = scale(b, ni.loc, *cIn, beta);
    }
  }
  // alpha folds into a constant B; otherwise it scales the product.
  // (The transposed B is a constant too; the folder evaluates it.)
  bool alphaInB = alpha != 1.0f && ni.constant(1) && ni.constant(1)->isFloat();
  if (alphaInB)
    rhs = scale(b, ni.loc, rhs, alpha);
  Value y;
  if (alpha != 1.0f && !alphaInB) {
    y = nn::MatMulOp::create(b, ni.loc, *outType, lhs, rhs, Value(),
                             FloatAttr(), FloatAttr(), /*hard_swish=*/nullptr);
    y = scale(b, ni.loc, y, alpha);
    if (bias)
      y = nn::AddOp::create(b, ni.loc, *outType, y, bias);
  } else {
    y = nn::MatMulOp::create(b, ni.loc, *outType, lhs, rhs, bias, FloatAttr(),
                             FloatAttr(), /*hard_swish=*/nullptr);
  }
  if (addend)
    y = nn::AddOp::create(b, ni.loc, *outType, y, addend);
  ni.setOutput(0, y);
  return success();
}

/// MatMul with numpy semantics, including rank-1 operands.
static LogicalResult importMatMul(NodeImporter &ni) {
  auto a = ni.input(0);
  auto bIn = ni.input(1);
  if (failed(a) || failed(bIn))
    return failure();
  OpBuilder &b = ni.b;
  Value lhs = *a, rhs = *bIn;
  auto aShape = cast<RankedTensorType>(lhs.getType()).getShape();
  auto bShape = cast<RankedTensorType>(rhs.getType()).getShape();
  if (aShape.empty() || bShape.empty())
    return ni.fail("MatMul operands must have rank >= 1");
  if (aShape.size() == 1)
    lhs = nn::ReshapeOp::create(b, ni.loc, f32(b, {1, aShape[0]}), lhs);
  if (bShape.size() == 1)
    rhs = nn::ReshapeOp::create(b, ni.loc, f32(b, {bShape[0], 1}), rhs);
  auto l = cast<RankedTensorType>(lhs.getType()).getShape();
  auto r = cast<RankedTensorType>(rhs.getType()).getShape();
  if (l.back() != r[r.size() - 2])
    return ni.fail("MatMul contraction sizes differ: " + Twine(l.back()) +
                   " vs " + Twine(r[r.size() - 2]));
  auto batch = broadcastShapes(l.drop_back(2), r.drop_back(2));
  if (!batch)
    return ni.fail("MatMul batch dimensions do not broadcast");
  SmallVector<int64_t> shape = *batch;
  shape.push_back(l[l.size() - 2]);
  shape.push_back(r.back());
  Value y = nn::MatMulOp::create(b, ni.loc, f32(b, shape), lhs, rhs, Value(),
                                 FloatAttr(), FloatAttr(),
                                 /*hard_swish=*/nullptr);
  // numpy drops the dimensions a rank-1 operand was given.
  SmallVector<int64_t> onnxShape(*batch);
  if (aShape.size() > 1)
    onnxShape.push_back(l[l.size() - 2]);
  if (bShape.size() > 1)
    onnxShape.push_back(r.back());
  auto outType = ni.checkedOutputType(0, onnxShape);
  if (failed(outType))
    return failure();
  if (y.getType() != *outType)
    y = nn::ReshapeOp::create(b, ni.loc, *outType, y);
  ni.setOutput(0, y);
  return success();
}

void registerMatMulImporters(OpRegistry &r) {
  for (int v : {1, 6, 7, 9, 11, 13})
    r.add("Gemm", v, importGemm);
  for (int v : {1, 9, 13})
    r.add("MatMul", v, importMatMul);
}

} // namespace edgec
