//===- SetTarget.cpp - the target becomes an attribute of the module ------===//
#include "passes/Passes.h"
#include "targets/Target.h"

namespace edgec {
#define GEN_PASS_DEF_SETTARGET
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct SetTargetPass : edgec::impl::SetTargetBase<SetTargetPass> {
  using SetTargetBase::SetTargetBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto helper =
        getContext().getOrLoadDialect<EdgecDialect>()->getTargetAttrHelper();
    if (targetName.empty()) {
      if (!helper.isAttrPresent(module))
        helper.setAttr(module, targetOf(module));
      return;
    }
    const TargetDesc *desc = findTarget(targetName);
    if (!desc) {
      InFlightDiagnostic diag = module.emitError("unknown target '")
                                << targetName << "'";
      if (StringRef near = suggestTarget(targetName); !near.empty())
        diag << "; did you mean '" << near << "'?";
      return signalPassFailure();
    }
    helper.setAttr(module, getTargetAttr(&getContext(), *desc));
  }
};

} // namespace
