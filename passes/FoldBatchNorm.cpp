//===- FoldBatchNorm.cpp - per-channel affine ops into conv / matmul ------===//
#include "ir/Constants.h"
#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// The per-output-channel values of constant `v` when it broadcasts along
/// the last dimension only (shape [..1.., C] or [C], or a scalar), expanded
/// to `channels` values.
std::optional<std::vector<float>> perChannel(Value v, int64_t channels) {
  auto values = getConstantF32(v);
  if (!values)
    return std::nullopt;
  auto shape = cast<RankedTensorType>(v.getType()).getShape();
  for (size_t d = 0; d + 1 < shape.size(); ++d)
    if (shape[d] != 1)
      return std::nullopt;
  if (values->size() == 1)
    return std::vector<float>(channels, (*values)[0]);
  if ((int64_t)values->size() != channels)
    return std::nullopt;
  return values;
}

/// Scales (mul) or shifts (add, sub) the output channels of a conv2d or
/// matmul with constant weights: the op's operand is `producer`, the other
/// operand the per-channel constant.
template <typename OpTy>
struct FoldIntoProducer : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    Operation *producer = lhs.getDefiningOp();
    Value constant = rhs;
    if (!isa_and_nonnull<nn::Conv2DOp, nn::MatMulOp>(producer) &&
        !std::is_same_v<OpTy, nn::SubOp>) {
      producer = rhs.getDefiningOp();
      constant = lhs;
    }
    if (!isa_and_nonnull<nn::Conv2DOp, nn::MatMulOp>(producer))
      return rewriter.notifyMatchFailure(op, "no conv or matmul operand");
    if (op.getClampMin() || op.getClampMax())
      return rewriter.notifyMatchFailure(op, "the op has a fused clamp");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(op, "producer has other users");
    if (op.getType() != producer->getResult(0).getType())
      return rewriter.notifyMatchFailure(op, "the constant broadcasts the result");
    // A fused clamp must stay last.
    if (producer->getAttr("clamp_min") || producer->getAttr("clamp_max"))
      return rewriter.notifyMatchFailure(op, "producer has a fused clamp");
    Value weights = producer->getOperand(1);
    auto wShape = cast<RankedTensorType>(weights.getType()).getShape();
    if (isa<nn::MatMulOp>(producer) && wShape.size() != 2)
      return rewriter.notifyMatchFailure(op, "batched matmul");
    int64_t channels = wShape.back();
    auto c = perChannel(constant, channels);
    auto w = getConstantF32(weights);
    if (!c || !w)
      return rewriter.notifyMatchFailure(op, "not per-channel constants");
    Value biasValue = producer->getNumOperands() > 2 ? producer->getOperand(2)
                                                     : Value();
    std::vector<float> bias(channels, 0.0f);
    if (biasValue) {
      auto b = getConstantF32(biasValue);
      if (!b)
        return rewriter.notifyMatchFailure(op, "bias is not constant");
      bias = *b;
    }
    Location loc = producer->getLoc();
    if constexpr (std::is_same_v<OpTy, nn::MulOp>) {
      // Weights are [..., channels] in both HWIO and [K, N] layouts.
      for (size_t i = 0; i < w->size(); ++i)
        (*w)[i] *= (*c)[i % channels];
      for (int64_t o = 0; o < channels; ++o)
        bias[o] *= (*c)[o];
      weights = createF32Constant(rewriter, loc, wShape, *w, "w_folded");
    } else {
      float sign = std::is_same_v<OpTy, nn::SubOp> ? -1.0f : 1.0f;
      for (int64_t o = 0; o < channels; ++o)
        bias[o] += sign * (*c)[o];
    }
    Value newBias = createF32Constant(rewriter, loc, {channels}, bias, "b_folded");
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setOperand(1, weights);
      if (biasValue)
        producer->setOperand(2, newBias);
      else
        producer->insertOperands(2, newBias);
    });
    rewriter.replaceOp(op, producer->getResult(0));
    return success();
  }
};

struct FoldBatchNormPass : edgec::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoProducer<nn::MulOp>, FoldIntoProducer<nn::AddOp>,
                 FoldIntoProducer<nn::SubOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
