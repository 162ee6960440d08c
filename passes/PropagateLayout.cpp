//===- PropagateLayout.cpp - sink and cancel layout transposes ------------===//
//
// The importer keeps graph edges in ONNX's NCHW order and wraps each NHWC op
// in a pair of transposes. Moving every transpose past the ops that do not
// care about layout (element-wise ops, concat, softmax) brings the pairs
// together, where nn.transpose's folder cancels them.
//
//===----------------------------------------------------------------------===//
#include "ir/ShapeUtils.h"
#include "passes/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec {
#define GEN_PASS_DEF_PROPAGATELAYOUT
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// The transpose defining `v` when `v` has no other use, so that moving the
/// transpose below the user does not duplicate it.
nn::TransposeOp soleTranspose(Value v) {
  auto t = v.getDefiningOp<nn::TransposeOp>();
  return t && t->hasOneUse() ? t : nn::TransposeOp();
}

RankedTensorType withShape(Type type, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape,
                               cast<RankedTensorType>(type).getElementType());
}

/// Rewrites `v` (an operand of an op whose other input is transposed by
/// `perm`) into the pre-transpose layout: constants are reshaped to full
/// rank and transposed by the inverse permutation, which the folder
/// evaluates at compile time.
Value toInnerLayout(PatternRewriter &rewriter, Location loc, Value v,
                    ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> full(perm.size() - type.getRank(), 1);
  llvm::append_range(full, type.getShape());
  if ((int64_t)full.size() != type.getRank())
    v = nn::ReshapeOp::create(rewriter, loc, withShape(type, full), v);
  SmallVector<int64_t> inv = invertPermutation(perm);
  return nn::TransposeOp::create(rewriter, loc,
                                 withShape(type, permuteShape(full, inv)), v,
                                 inv);
}

/// Creates transpose(newOp result, perm) replacing `op`.
void replaceWithTransposed(PatternRewriter &rewriter, Operation *op,
                           Value inner, ArrayRef<int64_t> perm) {
  rewriter.replaceOpWithNewOp<nn::TransposeOp>(op, op->getResult(0).getType(),
                                               inner, perm);
}

/// f(transpose(x)) -> transpose(f(x)) for an element-wise op of one
/// operand (clamp, unary).
template <typename OpTy>
struct SinkThroughUnary : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto t = soleTranspose(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "input is not a sole transpose");
    Operation *inner = rewriter.clone(*op);
    inner->setOperand(0, t.getInput());
    inner->getResult(0).setType(t.getInput().getType());
    replaceWithTransposed(rewriter, op, inner->getResult(0), t.getPerm());
    return success();
  }
};

/// binary(transpose(a, p), transpose(b, p) or constant) ->
/// transpose(binary(a, b'), p).
template <typename OpTy>
struct SinkThroughBinary : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    int64_t rank = op.getType().getRank();
    Value operands[2] = {op.getLhs(), op.getRhs()};
    for (int side = 0; side < 2; ++side) {
      auto t = soleTranspose(operands[side]);
      if (!t || (int64_t)t.getPerm().size() != rank)
        continue;
      Value other = operands[1 - side];
      ArrayRef<int64_t> perm = t.getPerm();
      Value otherInner;
      if (auto ot = other.getDefiningOp<nn::TransposeOp>();
          ot && ot.getPerm() == perm && (ot->hasOneUse() || ot == t))
        otherInner = ot.getInput();
      else if (matchPattern(other, m_Constant()))
        otherInner = toInnerLayout(rewriter, op.getLoc(), other, perm);
      else
        continue;
      Value lhs = side == 0 ? t.getInput() : otherInner;
      Value rhs = side == 0 ? otherInner : t.getInput();
      auto shape = broadcastShapes(
          cast<RankedTensorType>(lhs.getType()).getShape(),
          cast<RankedTensorType>(rhs.getType()).getShape());
      if (!shape)
        return rewriter.notifyMatchFailure(op, "inner shapes do not broadcast");
      auto inner = OpTy::create(rewriter, op.getLoc(),
                                withShape(op.getType(), *shape), lhs, rhs);
      replaceWithTransposed(rewriter, op, inner, perm);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no transposed operand to sink");
  }
};

/// concat(transpose(x_i, p), axis) -> transpose(concat(x_i, p[axis]), p).
struct SinkThroughConcat : OpRewritePattern<nn::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> inners;
    ArrayRef<int64_t> perm;
    for (Value in : op.getInputs()) {
      auto t = soleTranspose(in);
      if (!t || (!perm.empty() && t.getPerm() != perm))
        return rewriter.notifyMatchFailure(op, "inputs not transposed alike");
      perm = t.getPerm();
      inners.push_back(t.getInput());
    }
    int64_t axis = perm[op.getAxis()];
    SmallVector<int64_t> shape = permuteShape(
        op.getType().getShape(), invertPermutation(perm));
    auto inner = nn::ConcatOp::create(rewriter, op.getLoc(),
                                      withShape(op.getType(), shape), inners,
                                      axis);
    replaceWithTransposed(rewriter, op, inner, perm);
    return success();
  }
};

/// softmax(transpose(x, p), axis) -> transpose(softmax(x, p[axis]), p).
struct SinkThroughSoftmax : OpRewritePattern<nn::SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    auto t = soleTranspose(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "input is not a sole transpose");
    auto inner = nn::SoftmaxOp::create(rewriter, op.getLoc(),
                                       t.getInput().getType(), t.getInput(),
                                       t.getPerm()[op.getAxis()]);
    replaceWithTransposed(rewriter, op, inner, t.getPerm());
    return success();
  }
};

/// A transpose that moves only size-1 dimensions is a reshape, which costs
/// nothing once lowered.
struct TransposeToReshape : OpRewritePattern<nn::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (!isLayoutPreservingTranspose(op.getInput().getType().getShape(),
                                     op.getPerm()))
      return rewriter.notifyMatchFailure(op, "moves data");
    rewriter.replaceOpWithNewOp<nn::ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};

struct PropagateLayoutPass
    : edgec::impl::PropagateLayoutBase<PropagateLayoutPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet sink(ctx);
    sink.add<SinkThroughUnary<nn::ClampOp>, SinkThroughUnary<nn::UnaryOp>,
             SinkThroughBinary<nn::AddOp>, SinkThroughBinary<nn::SubOp>,
             SinkThroughBinary<nn::MulOp>, SinkThroughBinary<nn::DivOp>,
             SinkThroughBinary<nn::MaxOp>, SinkThroughBinary<nn::MinOp>,
             SinkThroughBinary<nn::PowOp>, SinkThroughConcat,
             SinkThroughSoftmax>(ctx);
    nn::TransposeOp::getCanonicalizationPatterns(sink, ctx);
    nn::ReshapeOp::getCanonicalizationPatterns(sink, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(sink))))
      return signalPassFailure();
    // Only once nothing moves any more: a transpose turned into a reshape
    // early would stop the sinking.
    RewritePatternSet reshape(ctx);
    reshape.add<TransposeToReshape>(ctx);
    nn::ReshapeOp::getCanonicalizationPatterns(reshape, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(reshape))))
      return signalPassFailure();
  }
};

} // namespace
