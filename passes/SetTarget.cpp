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
    TargetAttr target;
    if (targetName.empty()) {
      target = targetOf(module);
    } else if (const TargetDesc *desc = findTarget(targetName)) {
      target = getTargetAttr(&getContext(), *desc);
    } else {
      InFlightDiagnostic diag = module.emitError("unknown target '")
                                << targetName << "'";
      if (StringRef near = suggestTarget(targetName); !near.empty())
        diag << "; did you mean '" << near << "'?";
      return signalPassFailure();
    }
    if (portable)
      target = TargetAttr::get(
          &getContext(), target.getName(), ArrayAttr::get(&getContext(), {}),
          target.getFpu(), target.getSram(), target.getFlash(),
          target.getAlignment(), target.getCc(), target.getAr(),
          target.getCflags(), target.getCost());
    helper.setAttr(module, target);
  }
};

} // namespace
