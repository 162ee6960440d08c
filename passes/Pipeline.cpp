//===- Pipeline.cpp - the edgec pass pipelines ----------------------------===//
#include "passes/Passes.h"

#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace edgec {

void buildGraphPipeline(OpPassManager &pm, const PipelineOptions &opts) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createDecompose());
  fpm.addPass(createCanonicalizerPass());
  fpm.addPass(createPropagateLayout());
  fpm.addPass(createCanonicalizerPass());
}

void buildKernelPipeline(OpPassManager &pm, const PipelineOptions &opts) {
  pm.addPass(createLowerToKernel(LowerToKernelOptions{opts.target}));
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createOutputsToParams());
  fpm.addPass(createPlanMemory(PlanMemoryOptions{opts.alignment}));
}

void buildCompilePipeline(OpPassManager &pm, const PipelineOptions &opts) {
  buildGraphPipeline(pm, opts);
  buildKernelPipeline(pm, opts);
}

} // namespace edgec
