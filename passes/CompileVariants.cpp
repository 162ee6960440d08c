//===- CompileVariants.cpp - compile in variants, keep the best ------------===//
//
// The compile policy lives here, not in the driver, so that edgec-opt's
// `--edgec-compile` reproduces what `edgec` emits. Each variant is a copy of
// the optimized graph nested in the module as `module @<variant>`, compiled
// by a dynamic pass pipeline (so timing, IR printing and dumps see it); the
// winner's body then replaces the module's.
//
//===----------------------------------------------------------------------===//
#include "ir/ElementTypes.h"
#include "passes/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace edgec {
#define GEN_PASS_DEF_COMPILEVARIANTS
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// The planned function of a compiled module.
func::FuncOp plannedFunction(ModuleOp module) {
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal())
      return f;
  return nullptr;
}

/// Bytes written per run by copies.
int64_t copiedBytes(ModuleOp module) {
  int64_t bytes = 0;
  module.walk([&](kernel::CopyOp copy) { bytes += byteSize(copy.getOutput()); });
  return bytes;
}

struct CompileVariantsPass
    : edgec::impl::CompileVariantsBase<CompileVariantsPass> {
  using CompileVariantsBase::CompileVariantsBase;

  EdgecDialect *edgecDialect() {
    return getContext().getOrLoadDialect<EdgecDialect>();
  }

  int64_t arenaOf(ModuleOp m) {
    auto attr = edgecDialect()->getArenaSizeAttrHelper().getAttr(
        plannedFunction(m));
    return attr ? attr.getInt() : 0;
  }

  /// A copy of `graph` (the module's ops before any variant) nested in the
  /// module as `module @name`.
  ModuleOp nestCopy(ArrayRef<Operation *> graph, StringRef name) {
    ModuleOp module = getOperation();
    auto variant = ModuleOp::create(module.getLoc(), name);
    IRMapping mapping;
    for (Operation *op : graph)
      variant.getBody()->push_back(op->clone(mapping));
    module.getBody()->push_back(variant);
    return variant;
  }

  /// Compiles a copy of `graph` to planned kernels; null on failure.
  ModuleOp compile(ArrayRef<Operation *> graph, StringRef name,
                   bool scheduled, bool expandQuadratic) {
    ModuleOp variant = nestCopy(graph, name);
    OpPassManager pm(ModuleOp::getOperationName());
    if (expandQuadratic)
      pm.nest<func::FuncOp>().addPass(createExpandQuadraticConv());
    if (scheduled)
      pm.nest<func::FuncOp>().addPass(createSchedule());
    buildKernelPipeline(pm, disabledPasses, keepPeak);
    if (failed(runPipeline(pm, variant))) {
      variant.erase();
      return nullptr;
    }
    return variant;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    EdgecDialect *dialect = edgecDialect();
    Builder b(&getContext());
    SmallVector<Operation *> graph;
    for (Operation &op : *module.getBody())
      graph.push_back(&op);

    bool search = !llvm::is_contained(disabledPasses, "edgec-schedule");
    ModuleOp winner;
    bool scheduledWon = false;
    if (search) {
      // With the searched schedule, and in ONNX's node order: the smaller
      // arena, then the fewer bytes copied, then ONNX's order.
      ModuleOp scheduled = compile(graph, "scheduled", true, false);
      if (!scheduled)
        return signalPassFailure();
      ModuleOp onnxOrder = compile(graph, "onnx_order", false, false);
      if (!onnxOrder)
        return signalPassFailure();
      func::FuncOp sf = plannedFunction(scheduled);
      func::FuncOp of = plannedFunction(onnxOrder);
      auto searchAttr = dialect->getScheduleSearchAttrHelper().getAttr(sf);
      std::string how = searchAttr ? searchAttr.str() : "";
      bool keepPlain =
          std::make_pair(arenaOf(onnxOrder), copiedBytes(onnxOrder)) <=
          std::make_pair(arenaOf(scheduled), copiedBytes(scheduled));
      IntegerAttr onnxBound = dialect->getArenaLowerBoundAttrHelper().getAttr(of);
      winner = keepPlain ? onnxOrder : scheduled;
      (keepPlain ? scheduled : onnxOrder).erase();
      scheduledWon = !keepPlain;
      func::FuncOp f = plannedFunction(winner);
      dialect->getOnnxOrderLowerBoundAttrHelper().setAttr(f, onnxBound);
      dialect->getScheduleAttrHelper().setAttr(
          f, b.getStringAttr(keepPlain
                                 ? "ONNX node order (the searched order's "
                                   "arena is not smaller; " +
                                       how + ")"
                                 : "searched order (" + how + ")"));
    } else {
      winner = compile(graph, "onnx_order", false, false);
      if (!winner)
        return signalPassFailure();
    }

    // What the quadratic-conv fusion saves: the same compile without it.
    bool fused = false;
    winner.walk([&](kernel::QuadraticDWConv2DOp) { fused = true; });
    if (fused) {
      // A failure here only loses the number; its errors stay quiet.
      ScopedDiagnosticHandler quiet(&getContext(),
                                    [](Diagnostic &) { return success(); });
      if (ModuleOp unfused = compile(graph, "unfused", scheduledWon, true)) {
        dialect->getQuadraticFusionArenaSavedAttrHelper().setAttr(
            plannedFunction(winner),
            b.getI64IntegerAttr(arenaOf(unfused) - arenaOf(winner)));
        unfused.erase();
      }
    }

    // The winner's body becomes the module's.
    for (Operation *op : graph)
      op->erase();
    module.getBody()->getOperations().splice(
        module.getBody()->end(), winner.getBody()->getOperations());
    winner.erase();

    if (memoryBudget > 0 &&
        failed(checkArenaBudget(plannedFunction(module), memoryBudget)))
      return signalPassFailure();
  }
};

} // namespace
