//===- SelectKernels.cpp - the C function of every kernel op --------------===//
//
// The only place where kernels are chosen: the emitter prints the function
// this pass records, and passes that depend on how a kernel walks its
// buffers (in-place reuse) ask the recorded entry.
//
//===----------------------------------------------------------------------===//
#include "passes/Passes.h"
#include "targets/KernelTable.h"
#include "targets/Target.h"

namespace edgec {
#define GEN_PASS_DEF_SELECTKERNELS
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct SelectKernelsPass
    : edgec::impl::SelectKernelsBase<SelectKernelsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    TargetAttr target = targetOf(func);
    auto helper =
        getContext().getOrLoadDialect<EdgecDialect>()->getKernelAttrHelper();
    WalkResult result = func.walk([&](Operation *op) {
      if (!isa<kernel::KernelDialect>(op->getDialect()))
        return WalkResult::advance();
      const KernelEntry *entry = selectKernel(op, target);
      if (!entry) {
        std::string types;
        llvm::raw_string_ostream os(types);
        llvm::interleaveComma(op->getOperandTypes(), os, [&](Type t) {
          os << cast<ShapedType>(t).getElementType();
        });
        op->emitError("no C kernel runs '")
            << op->getName() << "' on element types (" << types
            << ") for target '" << target.getName().getValue() << "'";
        return WalkResult::interrupt();
      }
      helper.setAttr(op, getKernelAttr(&getContext(), *entry));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
