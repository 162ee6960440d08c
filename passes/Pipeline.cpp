//===- Pipeline.cpp - the edgec pass pipelines ----------------------------===//
#include "passes/Passes.h"

#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace edgec {

/// Adds `pass` unless the user disabled it by its flag.
static void addUnlessDisabled(OpPassManager &pm, std::unique_ptr<Pass> pass,
                              const PipelineOptions &opts) {
  if (llvm::is_contained(opts.disabledPasses, pass->getArgument()))
    return;
  pm.addPass(std::move(pass));
}

void buildGraphPipeline(OpPassManager &pm, const PipelineOptions &opts) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createDecompose());
  fpm.addPass(createCanonicalizerPass());
  addUnlessDisabled(fpm, createRecognizeChannelShuffle(), opts);
  addUnlessDisabled(fpm, createPropagateLayout(), opts);
  fpm.addPass(createCanonicalizerPass());
  // Identical layout transposes of one tensor (each conv of a graph input
  // gets its own at import) become one, so its readers see one value.
  fpm.addPass(createCSEPass());
  addUnlessDisabled(fpm, createFoldBatchNorm(), opts);
  addUnlessDisabled(fpm, createFoldPad(), opts);
  addUnlessDisabled(fpm, createFuseActivation(), opts);
  addUnlessDisabled(fpm, createFuseQuadraticConv(), opts);
  fpm.addPass(createCanonicalizerPass());
  addUnlessDisabled(fpm, createSchedule(), opts);
}

llvm::ArrayRef<llvm::StringRef> optionalPasses() {
  static const llvm::StringRef passes[] = {
      "edgec-recognize-channel-shuffle", "edgec-propagate-layout",
      "edgec-fold-batchnorm", "edgec-fold-pad", "edgec-fuse-activation",
      "edgec-fuse-quadratic-conv", "edgec-schedule", "edgec-elide-copies",
      "edgec-in-place"};
  return passes;
}

void buildKernelPipeline(OpPassManager &pm, const PipelineOptions &opts) {
  pm.addPass(createLowerToKernel(LowerToKernelOptions{opts.target}));
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createOutputsToParams());
  ElideCopiesOptions elide;
  elide.keepPeak = opts.keepPeak;
  addUnlessDisabled(fpm, createElideCopies(elide), opts);
  addUnlessDisabled(fpm, createInPlace(), opts);
  fpm.addPass(
      createPlanMemory(PlanMemoryOptions{opts.alignment, opts.memoryBudget}));
}

void buildCompilePipeline(OpPassManager &pm, const PipelineOptions &opts) {
  buildGraphPipeline(pm, opts);
  buildKernelPipeline(pm, opts);
}

} // namespace edgec
