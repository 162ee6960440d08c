//===- LowerToKernel.cpp - nn on tensors to kernel ops on memrefs ---------===//
//
// Each nn op becomes one destination-passing kernel op that writes a fresh
// `memref.alloc` (placed later by the memory planner). Reshapes are views;
// transposes and concatenations are strided copies; constants become
// `memref.global`s that the emitter writes as const arrays.
//
//===----------------------------------------------------------------------===//
#include "ir/ShapeUtils.h"
#include "ir/Views.h"
#include "passes/Passes.h"
#include "targets/Target.h"

#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/DialectConversion.h"

namespace edgec {
#define GEN_PASS_DEF_LOWERTOKERNEL
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct TensorToMemRef : TypeConverter {
  TensorToMemRef() {
    addConversion([](Type t) { return t; });
    addConversion([](RankedTensorType t) -> Type {
      return MemRefType::get(t.getShape(), t.getElementType());
    });
  }
};

template <typename OpTy>
struct NNPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  /// A fresh buffer for the op's result.
  Value allocResult(ConversionPatternRewriter &rewriter, OpTy op) const {
    auto type = cast<MemRefType>(
        this->getTypeConverter()->convertType(op->getResult(0).getType()));
    return memref::AllocOp::create(rewriter, op.getLoc(), type);
  }

  /// A fresh buffer for the result, written by a copy from `view`.
  Value copyToResult(ConversionPatternRewriter &rewriter, OpTy op,
                     Value view) const {
    Value out = allocResult(rewriter, op);
    kernel::CopyOp::create(rewriter, op.getLoc(), view, out);
    return out;
  }
};

/// nn ops whose kernel op takes the same operands followed by the output
/// buffer, with the same attributes.
template <typename NNOp, typename KernelOp>
struct LowerOneToOne : NNPattern<NNOp> {
  using NNPattern<NNOp>::NNPattern;
  using OpAdaptor = typename NNOp::Adaptor;
  LogicalResult
  matchAndRewrite(NNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = this->allocResult(rewriter, op);
    OperationState state(op.getLoc(), KernelOp::getOperationName());
    state.addOperands(adaptor.getOperands());
    state.addOperands(out);
    state.addAttributes(op->getAttrs());
    rewriter.create(state);
    rewriter.replaceOp(op, out);
    return success();
  }
};

struct LowerConstant : OpConversionPattern<arith::ConstantOp> {
  LowerConstant(const TypeConverter &tc, MLIRContext *ctx,
                SymbolTable &symbols, int64_t alignment)
      : OpConversionPattern(tc, ctx), symbols(symbols), alignment(alignment) {}

  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto tensorType = dyn_cast<RankedTensorType>(op.getType());
    if (!tensorType)
      return rewriter.notifyMatchFailure(op, "not a tensor constant");
    auto type = cast<MemRefType>(getTypeConverter()->convertType(tensorType));
    auto module = op->getParentOfType<ModuleOp>();
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    auto global = memref::GlobalOp::create(
        rewriter, op.getLoc(), rewriter.getStringAttr(globalName(op)),
        rewriter.getStringAttr("private"), TypeAttr::get(type), op.getValue(),
        rewriter.getUnitAttr(), rewriter.getI64IntegerAttr(alignment));
    symbols.insert(global); // renames on collision
    rewriter.setInsertionPoint(op);
    rewriter.replaceOpWithNewOp<memref::GetGlobalOp>(op, type,
                                                     global.getSymName());
    return success();
  }

  /// A C-friendly name derived from the ONNX node that owns the weight.
  static std::string globalName(arith::ConstantOp op) {
    std::string name = "w";
    if (auto loc = dyn_cast<NameLoc>(op.getLoc())) {
      name += "_";
      for (char c : loc.getName().strref())
        name += isalnum((unsigned char)c) ? c : '_';
    }
    return name;
  }

  SymbolTable &symbols;
  int64_t alignment;
};

struct LowerConv : NNPattern<nn::Conv2DOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    kernel::Conv2DOp::create(
        rewriter, op.getLoc(), adaptor.getInput(), adaptor.getFilter(),
        adaptor.getBias(), out, op.getStrides(), op.getDilations(),
        op.getPads(), op.getGroups(), op.getClampMinAttr(),
        op.getClampMaxAttr(), /*input_channels=*/nullptr,
        /*output_channels=*/nullptr, op.getHardSwish(), /*ohwi_filter=*/false,
        /*input_offset_in_bias=*/false, /*filter_block=*/nullptr);
    rewriter.replaceOp(op, out);
    return success();
  }
};

struct LowerMatMul : NNPattern<nn::MatMulOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    int64_t rank = op.getType().getRank();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs(), result = out;
    if (auto rows = collapsedRows(lhs);
        rows && cast<MemRefType>(rhs.getType()).getRank() == 2 && rank > 2) {
      auto [count, rowStride] = *rows;
      // [..., M, K] x [K, N]: one [B*M, K] x [K, N] product over views (the
      // weight keeps its rank, and with it a per-channel quantized axis).
      auto a = cast<MemRefType>(lhs.getType());
      auto [aStrides, aOffset] = getLayout(lhs);
      int64_t k = a.getShape().back();
      lhs = createView(rewriter, op.getLoc(), lhs, {count, k},
                       {rowStride, aStrides[rank - 1]}, aOffset);
      int64_t n = op.getType().getShape().back();
      result = createView(rewriter, op.getLoc(), out, {count, n}, {n, 1}, 0);
    } else {
      lhs = expandRank(rewriter, op.getLoc(), lhs, rank);
      rhs = expandRank(rewriter, op.getLoc(), rhs, rank);
    }
    kernel::MatMulOp::create(rewriter, op.getLoc(), lhs, rhs, adaptor.getBias(),
                             result, op.getClampMinAttr(), op.getClampMaxAttr(),
                             op.getHardSwishAttr());
    rewriter.replaceOp(op, out);
    return success();
  }

  /// `lhs` [..., M, K] seen as [rows, K]: the row count and row stride,
  /// when its leading dimensions collapse into one strided dimension.
  static std::optional<std::pair<int64_t, int64_t>> collapsedRows(Value lhs) {
    auto type = cast<MemRefType>(lhs.getType());
    int64_t rank = type.getRank();
    if (rank < 2)
      return std::nullopt;
    auto [strides, offset] = getLayout(lhs);
    auto shape = type.getShape();
    int64_t rows = 1, stride = 0;
    for (int64_t d = rank - 2; d >= 0; --d) {
      if (shape[d] == 1)
        continue; // any stride
      if (rows == 1)
        stride = strides[d];
      else if (strides[d] != stride * rows)
        return std::nullopt;
      rows *= shape[d];
    }
    return std::make_pair(rows, rows == 1 ? shape[rank - 1] : stride);
  }
};

template <typename OpTy, BinaryKind kind>
struct LowerBinary : NNPattern<OpTy> {
  using NNPattern<OpTy>::NNPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = this->allocResult(rewriter, op);
    int64_t rank = op.getType().getRank();
    Value lhs = expandRank(rewriter, op.getLoc(), adaptor.getLhs(), rank);
    Value rhs = expandRank(rewriter, op.getLoc(), adaptor.getRhs(), rank);
    kernel::BinaryOp::create(rewriter, op.getLoc(), lhs, rhs, out, kind,
                             op.getClampMinAttr(), op.getClampMaxAttr());
    rewriter.replaceOp(op, out);
    return success();
  }
};

/// nn.elementwise: kernel.binary of the op's kind.
struct LowerElementwise : NNPattern<nn::ElementwiseOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::ElementwiseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    int64_t rank = op.getType().getRank();
    Value lhs = expandRank(rewriter, op.getLoc(), adaptor.getLhs(), rank);
    Value rhs = expandRank(rewriter, op.getLoc(), adaptor.getRhs(), rank);
    kernel::BinaryOp::create(rewriter, op.getLoc(), lhs, rhs, out,
                             op.getKind(), FloatAttr(), FloatAttr());
    rewriter.replaceOp(op, out);
    return success();
  }
};

struct LowerWhere : NNPattern<nn::WhereOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::WhereOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    int64_t rank = op.getType().getRank();
    Value c = expandRank(rewriter, op.getLoc(), adaptor.getCondition(), rank);
    Value a = expandRank(rewriter, op.getLoc(), adaptor.getLhs(), rank);
    Value b = expandRank(rewriter, op.getLoc(), adaptor.getRhs(), rank);
    kernel::WhereOp::create(rewriter, op.getLoc(), c, a, b, out);
    rewriter.replaceOp(op, out);
    return success();
  }
};

struct LowerArgReduce : NNPattern<nn::ArgReduceOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::ArgReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    kernel::ArgReduceOp::create(rewriter, op.getLoc(), adaptor.getInput(), out,
                                op.getKind(), op.getAxis(),
                                op.getSelectLastIndex());
    rewriter.replaceOp(op, out);
    return success();
  }
};

struct LowerTopK : NNPattern<nn::TopKOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    kernel::TopKOp::create(rewriter, op.getLoc(), adaptor.getInput(), out,
                           op.getAxis(), op.getSmallest());
    rewriter.replaceOp(op, out);
    return success();
  }
};

struct LowerGatherElements : NNPattern<nn::GatherElementsOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    kernel::GatherElementsOp::create(rewriter, op.getLoc(), adaptor.getInput(),
                                     adaptor.getIndices(), out, op.getAxis());
    rewriter.replaceOp(op, out);
    return success();
  }
};

/// The kernel states alpha and beta even where nn.unary leaves them at
/// their defaults.
struct LowerUnary : NNPattern<nn::UnaryOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::UnaryOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    kernel::UnaryOp::create(rewriter, op.getLoc(), adaptor.getInput(), out,
                            op.getKind(), op.getAlpha(), op.getBeta());
    rewriter.replaceOp(op, out);
    return success();
  }
};

/// A transpose reads its input through a permuted view and copies it.
struct LowerTranspose : NNPattern<nn::TransposeOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value in = adaptor.getInput();
    auto [strides, offset] = getLayout(in);
    auto shape = cast<MemRefType>(in.getType()).getShape();
    Value view = createView(rewriter, op.getLoc(), in,
                            permuteShape(shape, op.getPerm()),
                            permuteShape(strides, op.getPerm()), offset);
    rewriter.replaceOp(op, copyToResult(rewriter, op, view));
    return success();
  }
};

/// A reshape of a row-major buffer is a view of it.
struct LowerReshape : NNPattern<nn::ReshapeOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value in = adaptor.getInput();
    auto shape = op.getType().getShape();
    if (!isContiguous(in)) {
      auto inType = cast<MemRefType>(in.getType());
      Value copy = memref::AllocOp::create(
          rewriter, op.getLoc(),
          MemRefType::get(inType.getShape(), inType.getElementType()));
      kernel::CopyOp::create(rewriter, op.getLoc(), in, copy);
      in = copy;
    }
    rewriter.replaceOp(op, createView(rewriter, op.getLoc(), in, shape,
                                      contiguousStrides(shape), 0));
    return success();
  }
};

/// Each input is copied into its slice of the result.
struct LowerConcat : NNPattern<nn::ConcatOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value out = allocResult(rewriter, op);
    auto outShape = op.getType().getShape();
    SmallVector<int64_t> strides = contiguousStrides(outShape);
    int64_t axis = op.getAxis(), start = 0;
    for (Value in : adaptor.getInputs()) {
      auto shape = cast<MemRefType>(in.getType()).getShape();
      Value slice = createView(rewriter, op.getLoc(), out, shape, strides,
                               start * strides[axis]);
      kernel::CopyOp::create(rewriter, op.getLoc(), in, slice);
      start += shape[axis];
    }
    rewriter.replaceOp(op, out);
    return success();
  }
};

/// A slice is a strided view of its input, copied out.
struct LowerSlice : NNPattern<nn::SliceOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value in = adaptor.getInput();
    auto [strides, offset] = getLayout(in);
    SmallVector<int64_t> viewStrides;
    for (auto [d, stride] : llvm::enumerate(strides)) {
      offset += op.getOffsets()[d] * stride;
      viewStrides.push_back(stride * op.getSteps()[d]);
    }
    Value view = createView(rewriter, op.getLoc(), in,
                            op.getType().getShape(), viewStrides, offset);
    rewriter.replaceOp(op, copyToResult(rewriter, op, view));
    return success();
  }
};

/// Expand reads its input through a view with stride 0 on broadcast
/// dimensions.
struct LowerBroadcastTo : NNPattern<nn::BroadcastToOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outShape = op.getType().getShape();
    Value in = expandRank(rewriter, op.getLoc(), adaptor.getInput(),
                          outShape.size());
    auto inShape = cast<MemRefType>(in.getType()).getShape();
    auto [strides, offset] = getLayout(in);
    for (size_t d = 0; d < outShape.size(); ++d)
      if (inShape[d] == 1 && outShape[d] != 1)
        strides[d] = 0;
    Value view = createView(rewriter, op.getLoc(), in, outShape, strides, offset);
    rewriter.replaceOp(op, copyToResult(rewriter, op, view));
    return success();
  }
};

/// A reduction over axes that are not adjacent runs once per adjacent run
/// (the C kernel collapses one run of dimensions).
struct LowerReduce : NNPattern<nn::ReduceOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<int64_t> axes(op.getAxes());
    llvm::sort(axes);
    SmallVector<SmallVector<int64_t>> runs;
    for (int64_t a : axes) {
      if (runs.empty() || runs.back().back() + 1 != a)
        runs.emplace_back();
      runs.back().push_back(a);
    }
    Value cur = adaptor.getInput();
    SmallVector<int64_t> shape(cast<MemRefType>(cur.getType()).getShape());
    for (auto [i, run] : llvm::enumerate(runs)) {
      for (int64_t a : run)
        shape[a] = 1;
      Value out = memref::AllocOp::create(
          rewriter, op.getLoc(),
          MemRefType::get(shape, op.getType().getElementType()));
      kernel::ReduceOp::create(rewriter, op.getLoc(), cur, out, op.getKind(),
                               run);
      cur = out;
    }
    rewriter.replaceOp(op, cur);
    return success();
  }
};

/// A channel shuffle is one strided copy: the input seen as
/// [.., groups, k, ..] read in [.., k, groups, ..] order.
struct LowerChannelShuffle : NNPattern<nn::ChannelShuffleOp> {
  using NNPattern::NNPattern;
  LogicalResult
  matchAndRewrite(nn::ChannelShuffleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value in = adaptor.getInput();
    auto [strides, offset] = getLayout(in);
    auto shape = op.getType().getShape();
    int64_t a = op.getAxis(), g = op.getGroups(), k = shape[a] / g;
    SmallVector<int64_t> splitShape, inStrides;
    for (int64_t d = 0; d < (int64_t)shape.size(); ++d) {
      if (d == a) {
        splitShape.append({k, g});
        inStrides.append({strides[d], k * strides[d]});
      } else {
        splitShape.push_back(shape[d]);
        inStrides.push_back(strides[d]);
      }
    }
    Value src = createView(rewriter, op.getLoc(), in, splitShape, inStrides,
                           offset);
    Value out = allocResult(rewriter, op);
    Value dst = createView(rewriter, op.getLoc(), out, splitShape,
                           contiguousStrides(splitShape), 0);
    kernel::CopyOp::create(rewriter, op.getLoc(), src, dst);
    rewriter.replaceOp(op, out);
    return success();
  }
};

/// Kernels take buffers of rank 1 to 6: an nn op on scalars only (rank-0
/// operands and results, as ONNX's scalar arithmetic gives) runs on one
/// element of rank 1 between reshapes, which lower to views.
void promoteScalarOps(ModuleOp module) {
  auto isScalar = [](Type t) {
    auto r = dyn_cast<RankedTensorType>(t);
    return r && r.getRank() == 0;
  };
  SmallVector<Operation *> scalarOps;
  module.walk([&](Operation *op) {
    if (!isa<nn::NNDialect>(op->getDialect()) || isa<nn::ReshapeOp>(op) ||
        op->getNumResults() == 0)
      return;
    if (llvm::all_of(op->getOperandTypes(), isScalar) &&
        llvm::all_of(op->getResultTypes(), isScalar))
      scalarOps.push_back(op);
  });
  for (Operation *op : scalarOps) {
    OpBuilder b(op);
    auto one = [](Type t) {
      return RankedTensorType::get({1}, cast<RankedTensorType>(t).getElementType());
    };
    for (OpOperand &operand : op->getOpOperands())
      operand.set(nn::ReshapeOp::create(b, op->getLoc(), one(operand.get().getType()),
                                        operand.get()));
    b.setInsertionPointAfter(op);
    for (OpResult result : op->getResults()) {
      Type scalar = result.getType();
      result.setType(one(scalar));
      auto back = nn::ReshapeOp::create(b, op->getLoc(), scalar, result);
      result.replaceAllUsesExcept(back, back);
    }
  }
}

struct LowerToKernelPass : edgec::impl::LowerToKernelBase<LowerToKernelPass> {
  using LowerToKernelBase::LowerToKernelBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ModuleOp module = getOperation();
    promoteScalarOps(module);
    // Views (reshapes) may have any rank; computed tensors need a kernel.
    WalkResult ranks = module.walk([&](Operation *op) {
      if (!isa<nn::NNDialect>(op->getDialect()) || isa<nn::ReshapeOp>(op))
        return WalkResult::advance();
      for (Type t : op->getResultTypes())
        if (auto r = dyn_cast<RankedTensorType>(t); r && r.getRank() > 6) {
          op->emitError("gives a tensor of rank ")
              << r.getRank() << "; edgec's kernels take ranks 1 to 6";
          return WalkResult::interrupt();
        }
      return WalkResult::advance();
    });
    if (ranks.wasInterrupted())
      return signalPassFailure();
    TensorToMemRef converter;
    SymbolTable symbols(module);
    ConversionTarget legality(*ctx);
    legality.addLegalDialect<kernel::KernelDialect, memref::MemRefDialect>();
    legality.addIllegalDialect<nn::NNDialect>();
    legality.addLegalOp<ModuleOp>();
    legality.addDynamicallyLegalOp<arith::ConstantOp>(
        [](arith::ConstantOp op) { return !isa<TensorType>(op.getType()); });
    legality.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType());
    });
    legality.addDynamicallyLegalOp<func::ReturnOp>(
        [&](func::ReturnOp op) { return converter.isLegal(op); });

    RewritePatternSet patterns(ctx);
    patterns.add<LowerConstant>(converter, ctx, symbols,
                                targetOf(module).getAlignment());
    patterns.add<LowerConv, LowerMatMul,
                 LowerBinary<nn::AddOp, BinaryKind::add>,
                 LowerBinary<nn::SubOp, BinaryKind::sub>,
                 LowerBinary<nn::MulOp, BinaryKind::mul>,
                 LowerBinary<nn::DivOp, BinaryKind::div>,
                 LowerBinary<nn::MaxOp, BinaryKind::max>,
                 LowerBinary<nn::MinOp, BinaryKind::min>,
                 LowerBinary<nn::PowOp, BinaryKind::pow>, LowerUnary,
                 LowerElementwise, LowerWhere, LowerArgReduce,
                 LowerGatherElements, LowerTopK,
                 LowerOneToOne<nn::CastOp, kernel::CastOp>,
                 LowerTranspose,
                 LowerReshape, LowerConcat, LowerSlice, LowerBroadcastTo,
                 LowerReduce, LowerChannelShuffle,
                 LowerOneToOne<nn::Pool2DOp, kernel::Pool2DOp>,
                 LowerOneToOne<nn::ClampOp, kernel::ClampOp>,
                 LowerOneToOne<nn::SoftmaxOp, kernel::SoftmaxOp>,
                 LowerOneToOne<nn::PadOp, kernel::PadOp>,
                 LowerOneToOne<nn::LayerNormOp, kernel::LayerNormOp>,
                 LowerOneToOne<nn::LRNOp, kernel::LRNOp>,
                 LowerOneToOne<nn::QuadraticDWConv2DOp,
                               kernel::QuadraticDWConv2DOp>,
                 LowerOneToOne<nn::QuantizeOp, kernel::QuantizeOp>,
                 LowerOneToOne<nn::DequantizeOp, kernel::DequantizeOp>,
                 LowerOneToOne<nn::RequantizeOp, kernel::RequantizeOp>,
                 LowerOneToOne<nn::LookupOp, kernel::LookupOp>>(
        converter, ctx);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    if (failed(applyFullConversion(module, legality, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
