//===- FoldPad.cpp - zero padding into the following conv or pool ---------===//
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_FOLDPAD
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// The [top, left, bottom, right] padding of an NHWC pad that pads only H
/// and W with zeros, or nullopt.
std::optional<SmallVector<int64_t>> spatialZeroPads(nn::PadOp pad) {
  if (pad.getMode() != PadMode::constant || !pad.getValue().isZero() ||
      pad.getType().getRank() != 4)
    return std::nullopt;
  ArrayRef<int64_t> p = pad.getPads();
  if (p[0] || p[3] || p[4] || p[7])
    return std::nullopt; // batch or channels
  return SmallVector<int64_t>{p[1], p[2], p[5], p[6]};
}

SmallVector<int64_t> addPads(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]};
}

struct FoldPadIntoConv : OpRewritePattern<nn::Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    auto pad = op.getInput().getDefiningOp<nn::PadOp>();
    if (!pad)
      return rewriter.notifyMatchFailure(op, "input is not a pad");
    auto pads = spatialZeroPads(pad);
    if (!pads)
      return rewriter.notifyMatchFailure(op, "not a spatial zero pad");
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(pad.getInput());
      op.setPads(addPads(op.getPads(), *pads));
    });
    return success();
  }
};

struct FoldPadIntoAvgPool : OpRewritePattern<nn::Pool2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::Pool2DOp op,
                                PatternRewriter &rewriter) const override {
    auto pad = op.getInput().getDefiningOp<nn::PadOp>();
    if (!pad || op.getKind() != PoolKind::avg)
      return rewriter.notifyMatchFailure(op, "not an average pool of a pad");
    auto pads = spatialZeroPads(pad);
    if (!pads)
      return rewriter.notifyMatchFailure(op, "not a spatial zero pad");
    // The padded zeros are elements the pool divides by; that is
    // count_include_pad, which only works when the pool adds no padding
    // of its own that should not count.
    if (llvm::any_of(op.getPads(), [](int64_t p) { return p != 0; }) &&
        !op.getCountIncludePad())
      return rewriter.notifyMatchFailure(op, "pool pads that must not count");
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(pad.getInput());
      op.setPads(addPads(op.getPads(), *pads));
      op.setCountIncludePad(true);
    });
    return success();
  }
};

struct FoldPadPass : edgec::impl::FoldPadBase<FoldPadPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldPadIntoConv, FoldPadIntoAvgPool>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
