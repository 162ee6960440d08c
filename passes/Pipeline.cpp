//===- Pipeline.cpp - the edgec pass pipelines ----------------------------===//
#include "passes/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace edgec {

void addUnlessDisabled(OpPassManager &pm, std::unique_ptr<Pass> pass,
                       ArrayRef<std::string> disabled) {
  if (llvm::is_contained(disabled, pass->getArgument()))
    return;
  pm.addPass(std::move(pass));
}

void buildGraphPipeline(OpPassManager &pm, const CompileOptions &opts) {
  ArrayRef<std::string> disabled = opts.disabledPasses;
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createDecompose());
  fpm.addPass(createCanonicalizerPass());
  addUnlessDisabled(fpm, createRecognizeChannelShuffle(), disabled);
  addUnlessDisabled(fpm, createPropagateLayout(), disabled);
  fpm.addPass(createCanonicalizerPass());
  // Identical layout transposes of one tensor (each conv of a graph input
  // gets its own at import) become one, so its readers see one value.
  fpm.addPass(createCSEPass());
  addUnlessDisabled(fpm, createFoldBatchNorm(), disabled);
  addUnlessDisabled(fpm, createFoldPad(), disabled);
  addUnlessDisabled(fpm, createFuseActivation(), disabled);
  addUnlessDisabled(fpm, createFuseQuadraticConv(), disabled);
  fpm.addPass(createCanonicalizerPass());
  // int8: calibrated (--quantize=int8) or as a QDQ model says; a float
  // model passes through unchanged.
  if (!opts.quantize.empty())
    // No fused quadratic kernel in int8: its three convolutions, product
    // and sum are quantized one by one.
    fpm.addPass(createExpandQuadraticConv());
  QuantizeOptions q;
  q.calib.assign(opts.calib.begin(), opts.calib.end());
  q.observer = opts.observer;
  fpm.addPass(createQuantize(q));
  if (!opts.quantize.empty())
    fpm.addPass(createCanonicalizerPass());
}

llvm::ArrayRef<llvm::StringRef> optionalPasses() {
  static const llvm::StringRef passes[] = {
      "edgec-recognize-channel-shuffle", "edgec-propagate-layout",
      "edgec-fold-batchnorm", "edgec-fold-pad", "edgec-fuse-activation",
      "edgec-fuse-quadratic-conv", "edgec-schedule", "edgec-elide-copies",
      "edgec-in-place"};
  return passes;
}

void buildKernelPipeline(OpPassManager &pm, ArrayRef<std::string> disabled,
                         bool keepPeak) {
  pm.addPass(createLowerToKernel());
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createOutputsToParams());
  ElideCopiesOptions elide;
  elide.keepPeak = keepPeak;
  addUnlessDisabled(fpm, createElideCopies(elide), disabled);
  // In-place reuse depends on how the chosen kernel walks its buffers.
  fpm.addPass(createSelectKernels());
  pm.addPass(createPackWeights());
  OpPassManager &late = pm.nest<func::FuncOp>();
  addUnlessDisabled(late, createInPlace(), disabled);
  late.addPass(createPlanMemory());
}

void buildCompilePipeline(OpPassManager &pm, const CompileOptions &opts) {
  pm.addPass(createSetTarget(SetTargetOptions{opts.target, opts.portableKernels}));
  buildGraphPipeline(pm, opts);
  CompileVariantsOptions variants;
  variants.disabledPasses.assign(opts.disabledPasses.begin(),
                                 opts.disabledPasses.end());
  variants.keepPeak = opts.keepPeak;
  variants.memoryBudget = opts.memoryBudget;
  pm.addPass(createCompileVariants(variants));
}

void registerCompilePipeline() {
  PassPipelineRegistration<CompileOptions>(
      "edgec-compile",
      "the whole edgec compilation from imported nn IR to planned kernels "
      "(what `edgec --emit=mlir` prints)",
      [](OpPassManager &pm, const CompileOptions &opts) {
        buildCompilePipeline(pm, opts);
      });
}

} // namespace edgec
