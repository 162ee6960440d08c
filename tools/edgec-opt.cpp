//===- edgec-opt.cpp - mlir-opt for the edgec dialects and passes ---------===//
#include "passes/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  edgec::registerDialects(registry);
  mlir::registerTransformsPasses();
  edgec::registerEdgecPasses();
  edgec::registerCompilePipeline();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "edgec optimizer driver\n", registry));
}
