//===- RecognizeChannelShuffle.cpp - reshape/transpose/reshape -> shuffle -===//
#include "ir/ShapeUtils.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_RECOGNIZECHANNELSHUFFLE
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// reshape(transpose(reshape(x : [.., C, ..] -> [.., g, C/g, ..]),
///                   swap of those two) -> x's shape)
///   -> channel_shuffle(x, axis, g)
struct RecognizeShuffle : OpRewritePattern<nn::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto t = op.getInput().getDefiningOp<nn::TransposeOp>();
    auto split = t ? t.getInput().getDefiningOp<nn::ReshapeOp>() : nn::ReshapeOp();
    if (!split)
      return rewriter.notifyMatchFailure(op, "not reshape-transpose-reshape");
    Value x = split.getInput();
    if (x.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "does not reshape back");
    auto in = cast<RankedTensorType>(x.getType()).getShape();
    auto mid = split.getType().getShape();
    ArrayRef<int64_t> perm = t.getPerm();
    if (mid.size() != in.size() + 1)
      return rewriter.notifyMatchFailure(op, "does not split one axis");
    // The split axis a: in[a] = mid[a] * mid[a+1], everything else equal.
    for (size_t a = 0; a < in.size(); ++a) {
      bool same = true;
      for (size_t d = 0; d < a; ++d)
        same &= in[d] == mid[d];
      for (size_t d = a + 1; d < in.size(); ++d)
        same &= in[d] == mid[d + 1];
      if (!same || in[a] != mid[a] * mid[a + 1])
        continue;
      for (size_t d = 0; d < perm.size(); ++d) {
        int64_t want = d == a ? a + 1 : d == a + 1 ? a : d;
        if (perm[d] != want)
          return rewriter.notifyMatchFailure(op, "transpose is not the swap");
      }
      rewriter.replaceOpWithNewOp<nn::ChannelShuffleOp>(
          op, op.getType(), x, rewriter.getI64IntegerAttr(a),
          rewriter.getI64IntegerAttr(mid[a]));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no axis splits into two");
  }
};

struct RecognizeChannelShufflePass
    : edgec::impl::RecognizeChannelShuffleBase<RecognizeChannelShufflePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RecognizeShuffle>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
