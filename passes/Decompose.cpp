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
/// b' = bias - mean * s', as constants broadcasting over axis 1.
struct DecomposeBatchNorm : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    auto scale = getConstantF32(op.getScale());
    auto bias = getConstantF32(op.getBias());
    auto mean = getConstantF32(op.getMean());
    auto var = getConstantF32(op.getVar());
    if (!scale || !bias || !mean || !var)
      return rewriter.notifyMatchFailure(op, "parameters are not constants");
    float eps = op.getEpsilon().convertToFloat();
    size_t c = scale->size();
    std::vector<float> mul(c), add(c);
    for (size_t i = 0; i < c; ++i) {
      mul[i] = (*scale)[i] / std::sqrt((*var)[i] + eps);
      add[i] = (*bias)[i] - (*mean)[i] * mul[i];
    }
    auto type = op.getType();
    SmallVector<int64_t> paramShape(type.getRank() - 1, 1);
    paramShape[0] = c;
    Location loc = op.getLoc();
    Value m = createF32Constant(rewriter, loc, paramShape, mul, "bn_scale");
    Value a = createF32Constant(rewriter, loc, paramShape, add, "bn_shift");
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
    // A batch norm left over has runtime parameters, which no kernel takes.
    WalkResult result = getOperation().walk([](nn::BatchNormOp op) {
      op.emitError("BatchNormalization needs constant scale, bias, mean and "
                   "variance");
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
