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

/// True for ops a transpose can move below (each has a pattern here) or
/// fold into.
bool absorbsTranspose(Operation *op) {
  return isa<nn::ClampOp, nn::UnaryOp, nn::FakeQuantizeOp, nn::AddOp, nn::SubOp, nn::MulOp,
             nn::DivOp, nn::MaxOp, nn::MinOp, nn::PowOp, nn::ConcatOp,
             nn::SoftmaxOp, nn::ReduceOp, nn::PadOp, nn::SliceOp,
             nn::ChannelShuffleOp, nn::TransposeOp>(op);
}

/// The transpose defining `v` when it may move below its users: it has one
/// user, or every user can absorb it, so moving it never duplicates a copy
/// that stays (SiLU's x * sigmoid(x) reads the same transposed value twice).
nn::TransposeOp soleTranspose(Value v) {
  auto t = v.getDefiningOp<nn::TransposeOp>();
  if (!t)
    return t;
  if (t->hasOneUse() || llvm::all_of(t->getUsers(), absorbsTranspose))
    return t;
  return nn::TransposeOp();
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
      if (auto ot = soleTranspose(other); ot && ot.getPerm() == perm)
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
      inner->setAttrs(op->getAttrDictionary()); // a fused clamp
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

/// reduce(transpose(x, p), axes) -> transpose(reduce(x, p[axes]), p); the
/// reduced dimensions stay as 1, so the permutation still applies.
struct SinkThroughReduce : OpRewritePattern<nn::ReduceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ReduceOp op,
                                PatternRewriter &rewriter) const override {
    auto t = soleTranspose(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "input is not a sole transpose");
    SmallVector<int64_t> axes;
    for (int64_t a : op.getAxes())
      axes.push_back(t.getPerm()[a]);
    llvm::sort(axes);
    SmallVector<int64_t> shape =
        permuteShape(op.getType().getShape(), invertPermutation(t.getPerm()));
    auto inner = nn::ReduceOp::create(rewriter, op.getLoc(),
                                      withShape(op.getType(), shape),
                                      t.getInput(), op.getKindAttr(),
                                      rewriter.getDenseI64ArrayAttr(axes));
    replaceWithTransposed(rewriter, op, inner, t.getPerm());
    return success();
  }
};

/// pad(transpose(x, p)) -> transpose(pad(x, pads permuted back), p).
struct SinkThroughPad : OpRewritePattern<nn::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::PadOp op,
                                PatternRewriter &rewriter) const override {
    auto t = soleTranspose(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "input is not a sole transpose");
    ArrayRef<int64_t> perm = t.getPerm(), pads = op.getPads();
    size_t r = perm.size();
    SmallVector<int64_t> inner(2 * r);
    for (size_t i = 0; i < r; ++i) {
      inner[perm[i]] = pads[i];
      inner[r + perm[i]] = pads[r + i];
    }
    SmallVector<int64_t> shape =
        permuteShape(op.getType().getShape(), invertPermutation(perm));
    auto padded = nn::PadOp::create(
        rewriter, op.getLoc(), withShape(op.getType(), shape), t.getInput(),
        op.getModeAttr(), rewriter.getDenseI64ArrayAttr(inner),
        op.getValueAttr());
    replaceWithTransposed(rewriter, op, padded, perm);
    return success();
  }
};

/// slice(transpose(x, p)) -> transpose(slice(x, offsets and steps permuted
/// back), p).
struct SinkThroughSlice : OpRewritePattern<nn::SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto t = soleTranspose(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "input is not a sole transpose");
    ArrayRef<int64_t> perm = t.getPerm();
    SmallVector<int64_t> offsets(perm.size()), steps(perm.size());
    for (size_t i = 0; i < perm.size(); ++i) {
      offsets[perm[i]] = op.getOffsets()[i];
      steps[perm[i]] = op.getSteps()[i];
    }
    SmallVector<int64_t> shape =
        permuteShape(op.getType().getShape(), invertPermutation(perm));
    auto sliced = nn::SliceOp::create(
        rewriter, op.getLoc(), withShape(op.getType(), shape), t.getInput(),
        rewriter.getDenseI64ArrayAttr(offsets),
        rewriter.getDenseI64ArrayAttr(steps));
    replaceWithTransposed(rewriter, op, sliced, perm);
    return success();
  }
};

/// shuffle(transpose(x, p), axis) -> transpose(shuffle(x, p[axis]), p).
struct SinkThroughShuffle : OpRewritePattern<nn::ChannelShuffleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ChannelShuffleOp op,
                                PatternRewriter &rewriter) const override {
    auto t = soleTranspose(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "input is not a sole transpose");
    auto inner = nn::ChannelShuffleOp::create(
        rewriter, op.getLoc(), t.getInput().getType(), t.getInput(),
        rewriter.getI64IntegerAttr(t.getPerm()[op.getAxis()]),
        op.getGroupsAttr());
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
             SinkThroughUnary<nn::FakeQuantizeOp>,
             SinkThroughBinary<nn::AddOp>, SinkThroughBinary<nn::SubOp>,
             SinkThroughBinary<nn::MulOp>, SinkThroughBinary<nn::DivOp>,
             SinkThroughBinary<nn::MaxOp>, SinkThroughBinary<nn::MinOp>,
             SinkThroughBinary<nn::PowOp>, SinkThroughConcat,
             SinkThroughSoftmax, SinkThroughReduce, SinkThroughPad,
             SinkThroughSlice, SinkThroughShuffle>(ctx);
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
