//===- Decompose.cpp - composite nn ops into primitive ones ---------------===//
#include "ir/Constants.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace edgec {
#define GEN_PASS_DEF_DECOMPOSE
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// batch_norm(x) = x * s' + b' with s' = scale / sqrt(var + eps) and
/// b' = bias - mean * s', broadcasting over axis 1. With constant
/// parameters s' and b' are computed here; otherwise they are nn ops.
struct DecomposeBatchNorm : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    auto scale = getConstantF32(op.getScale());
    auto bias = getConstantF32(op.getBias());
    auto mean = getConstantF32(op.getMean());
    auto var = getConstantF32(op.getVar());
    float eps = op.getEpsilon().convertToFloat();
    auto type = op.getType();
    int64_t c = type.getDimSize(1);
    SmallVector<int64_t> paramShape(type.getRank() - 1, 1);
    paramShape[0] = c;
    Location loc = op.getLoc();
    Value m, a;
    if (scale && bias && mean && var) {
      std::vector<float> mul(c), add(c);
      for (int64_t i = 0; i < c; ++i) {
        mul[i] = (*scale)[i] / std::sqrt((*var)[i] + eps);
        add[i] = (*bias)[i] - (*mean)[i] * mul[i];
      }
      m = createF32Constant(rewriter, loc, paramShape, mul, "bn_scale");
      a = createF32Constant(rewriter, loc, paramShape, add, "bn_shift");
    } else {
      auto vecType = op.getScale().getType();
      Value epsilon = createF32Constant(rewriter, loc, {}, {eps}, "bn_eps");
      Value v = nn::AddOp::create(rewriter, loc, vecType, op.getVar(), epsilon);
      v = nn::UnaryOp::create(rewriter, loc, v, UnaryKind::sqrt);
      Value s = nn::DivOp::create(rewriter, loc, vecType, op.getScale(), v);
      Value shift = nn::SubOp::create(
          rewriter, loc, vecType, op.getBias(),
          nn::MulOp::create(rewriter, loc, vecType, op.getMean(), s));
      auto paramType = RankedTensorType::get(paramShape, rewriter.getF32Type());
      m = nn::ReshapeOp::create(rewriter, loc, paramType, s);
      a = nn::ReshapeOp::create(rewriter, loc, paramType, shift);
    }
    Value scaled = nn::MulOp::create(rewriter, loc, type, op.getInput(), m);
    rewriter.replaceOpWithNewOp<nn::AddOp>(op, type, scaled, a);
    return success();
  }
};

struct DecomposePass : edgec::impl::DecomposeBase<DecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeBatchNorm>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
