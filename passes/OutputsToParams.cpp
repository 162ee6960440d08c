//===- OutputsToParams.cpp - results become caller-provided buffers -------===//
#include "ir/Views.h"
#include "passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace edgec {
#define GEN_PASS_DEF_OUTPUTSTOPARAMS
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// True when every op between `v` and its root buffer is a view that keeps
/// the root's row-major order, so the root may live in an output buffer of
/// `v`'s shape.
bool isRowMajorAlias(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (!isViewOp(def))
      return true;
    if (!isContiguous(v))
      return false;
    v = def->getOperand(0);
  }
  return true;
}

struct OutputsToParamsPass : edgec::impl::OutputsToParamsBase<OutputsToParamsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    OpBuilder b(func.getContext());
    // The ONNX output names travel as a function attribute once the
    // results are gone.
    SmallVector<Attribute> names;
    for (unsigned i = 0; i < func.getNumResults(); ++i) {
      auto name = func.getResultAttrOfType<StringAttr>(
          i, EdgecDialect::NameAttrHelper::getNameStr());
      names.push_back(name ? name : b.getStringAttr(""));
    }
    getContext().getOrLoadDialect<EdgecDialect>()->getOutputNamesAttrHelper()
        .setAttr(func, b.getArrayAttr(names));
    SmallPtrSet<Operation *, 4> taken;
    for (auto [i, result] : llvm::enumerate(ret.getOperands())) {
      auto type = cast<MemRefType>(result.getType());
      unsigned n = func.getNumArguments();
      auto attrs = b.getDictionaryAttr(
          b.getNamedAttr(EdgecDialect::OutputAttrHelper::getNameStr(),
                         b.getI64IntegerAttr(i)));
      if (failed(func.insertArgument(n, type, attrs, func.getLoc())))
        return signalPassFailure();
      BlockArgument out = body.getArgument(n);
      Value root = rootBuffer(result);
      auto alloc = root.getDefiningOp<memref::AllocOp>();
      if (alloc && isRowMajorAlias(result) && isContiguous(root) &&
          taken.insert(alloc).second) {
        // The producer writes the caller's buffer directly.
        b.setInsertionPoint(alloc);
        auto shape = alloc.getType().getShape();
        Value view = createView(b, alloc.getLoc(), out, shape,
                                contiguousStrides(shape), 0);
        alloc.getResult().replaceAllUsesWith(view);
        alloc.erase();
        continue;
      }
      b.setInsertionPoint(ret);
      kernel::CopyOp::create(b, ret.getLoc(), result, out);
    }
    ret->setOperands({});
    if (failed(func.eraseResults(
            llvm::BitVector(func.getNumResults(), /*t=*/true))))
      signalPassFailure();
  }
};

} // namespace
