//===- FuseActivation.cpp - clamps into the producing conv / matmul -------===//
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace edgec {
#define GEN_PASS_DEF_FUSEACTIVATION
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct FuseClamp : OpRewritePattern<nn::ClampOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ClampOp op,
                                PatternRewriter &rewriter) const override {
    Operation *producer = op.getInput().getDefiningOp();
    if (!isa_and_nonnull<nn::Conv2DOp, nn::MatMulOp, nn::AddOp, nn::SubOp,
                         nn::MulOp>(producer))
      return rewriter.notifyMatchFailure(op,
                                         "input is not a conv, matmul or add");
    if (producer->getResult(0).getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "types differ");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(op, "producer has other users");
    if (producer->hasAttr("hard_swish"))
      return rewriter.notifyMatchFailure(op, "producer ends in a hard swish");
    // Intersect with a clamp the producer already has.
    auto bound = [&](StringRef name, std::optional<APFloat> mine, bool isMin) {
      std::optional<float> v;
      if (mine)
        v = mine->convertToFloat();
      if (auto old = producer->getAttrOfType<FloatAttr>(name)) {
        float o = old.getValueAsDouble();
        v = v ? (isMin ? std::fmax(*v, o) : std::fmin(*v, o)) : o;
      }
      return v;
    };
    auto lo = bound("clamp_min", op.getClampMin(), true);
    auto hi = bound("clamp_max", op.getClampMax(), false);
    rewriter.modifyOpInPlace(producer, [&] {
      if (lo)
        producer->setAttr("clamp_min", rewriter.getF32FloatAttr(*lo));
      if (hi)
        producer->setAttr("clamp_max", rewriter.getF32FloatAttr(*hi));
    });
    rewriter.replaceOp(op, producer->getResult(0));
    return success();
  }
};

/// ONNX's HardSwish after a conv or matmul becomes its output activation.
struct FuseHardSwish : OpRewritePattern<nn::UnaryOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::UnaryOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getKind() != UnaryKind::hard_swish ||
        op.getAlpha().convertToFloat() != 1.0f / 6.0f ||
        op.getBeta().convertToFloat() != 0.5f)
      return rewriter.notifyMatchFailure(op, "not ONNX's HardSwish");
    Operation *producer = op.getInput().getDefiningOp();
    if (!isa_and_nonnull<nn::Conv2DOp, nn::MatMulOp>(producer) ||
        !producer->hasOneUse() ||
        producer->getResult(0).getType() != op.getType() ||
        producer->hasAttr("clamp_min") || producer->hasAttr("clamp_max") ||
        producer->hasAttr("hard_swish"))
      return rewriter.notifyMatchFailure(
          op, "input is no conv or matmul of this result only, without an "
              "activation");
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setAttr("hard_swish", rewriter.getUnitAttr());
    });
    rewriter.replaceOp(op, producer->getResult(0));
    return success();
  }
};

struct FuseActivationPass
    : edgec::impl::FuseActivationBase<FuseActivationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseClamp, FuseHardSwish>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
