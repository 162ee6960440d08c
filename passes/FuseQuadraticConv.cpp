//===- FuseQuadraticConv.cpp - dwA(x) * dwB(x) + dwC(x) -> one op ---------===//
#include "ir/Constants.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_FUSEQUADRATICCONV
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// A depthwise conv with one user and no fused clamp.
nn::Conv2DOp depthwise(Value v) {
  auto conv = v.getDefiningOp<nn::Conv2DOp>();
  if (!conv || !conv->hasOneUse() || conv.getClampMin() || conv.getClampMax())
    return nn::Conv2DOp();
  auto f = conv.getFilter().getType().getShape();
  if (f[2] != 1 || f[3] != (int64_t)conv.getGroups())
    return nn::Conv2DOp();
  return conv;
}

bool sameWindow(nn::Conv2DOp a, nn::Conv2DOp b) {
  return a.getInput() == b.getInput() &&
         a.getFilter().getType() == b.getFilter().getType() &&
         a.getStrides() == b.getStrides() &&
         a.getDilations() == b.getDilations() && a.getPads() == b.getPads() &&
         a.getType() == b.getType();
}

struct FuseQuadratic : OpRewritePattern<nn::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::AddOp add,
                                PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side) {
      auto mul = add->getOperand(side).getDefiningOp<nn::MulOp>();
      nn::Conv2DOp c = depthwise(add->getOperand(1 - side));
      if (!mul || !mul->hasOneUse() || !c || mul.getClampMin() ||
          mul.getClampMax() || add.getClampMin() || add.getClampMax())
        continue;
      nn::Conv2DOp a = depthwise(mul.getLhs()), b = depthwise(mul.getRhs());
      if (!a || !b || a == b || !sameWindow(a, b) || !sameWindow(a, c) ||
          add.getType() != c.getType())
        continue;
      Location loc = add.getLoc();
      int64_t channels = c.getType().getDimSize(3);
      auto bias = [&](nn::Conv2DOp conv) -> Value {
        if (conv.getBias())
          return conv.getBias();
        return createF32Constant(rewriter, loc, {channels},
                                 std::vector<float>(channels, 0.0f), "zero");
      };
      rewriter.replaceOpWithNewOp<nn::QuadraticDWConv2DOp>(
          add, add.getType(), a.getInput(), a.getFilter(), b.getFilter(),
          c.getFilter(), bias(a), bias(b), bias(c), a.getStridesAttr(),
          a.getDilationsAttr(), a.getPadsAttr());
      return success();
    }
    return rewriter.notifyMatchFailure(add, "not dwA(x) * dwB(x) + dwC(x)");
  }
};

struct FuseQuadraticConvPass
    : edgec::impl::FuseQuadraticConvBase<FuseQuadraticConvPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseQuadratic>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
