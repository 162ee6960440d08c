//===- ExpandQuadraticConv.cpp - one quadratic conv -> three dw convs ------===//
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_EXPANDQUADRATICCONV
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct ExpandQuadratic : OpRewritePattern<nn::QuadraticDWConv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::QuadraticDWConv2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t channels = op.getType().getDimSize(3);
    auto conv = [&](Value filter, Value bias) -> Value {
      return nn::Conv2DOp::create(
          rewriter, loc, op.getType(), op.getInput(), filter, bias,
          op.getStridesAttr(), op.getDilationsAttr(), op.getPadsAttr(),
          rewriter.getI64IntegerAttr(channels), FloatAttr(), FloatAttr(),
          UnitAttr());
    };
    Value a = conv(op.getFilterA(), op.getBiasA());
    Value b = conv(op.getFilterB(), op.getBiasB());
    Value c = conv(op.getFilterC(), op.getBiasC());
    Value product = nn::MulOp::create(rewriter, loc, op.getType(), a, b);
    rewriter.replaceOpWithNewOp<nn::AddOp>(op, op.getType(), product, c);
    return success();
  }
};

struct ExpandQuadraticConvPass
    : edgec::impl::ExpandQuadraticConvBase<ExpandQuadraticConvPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandQuadratic>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
