//===- edgec-opt.cpp - mlir-opt for the edgec dialects and passes ---------===//
#include "passes/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<edgec::nn::NNDialect, edgec::kernel::KernelDialect,
                  mlir::func::FuncDialect, mlir::arith::ArithDialect,
                  mlir::memref::MemRefDialect>();
  mlir::registerTransformsPasses();
  edgec::registerEdgecPasses();
  mlir::PassPipelineRegistration<>(
      "edgec-compile", "the whole edgec pipeline from nn to planned kernels",
      [](mlir::OpPassManager &pm) {
        edgec::buildCompilePipeline(pm, edgec::PipelineOptions());
      });
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "edgec optimizer driver\n", registry));
}
