//===- Passes.h - edgec passes and pipelines --------------------*- C++ -*-===//
#ifndef EDGEC_PASSES_PASSES_H
#define EDGEC_PASSES_PASSES_H

#include "ir/KernelDialect.h"
#include "ir/NNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace edgec {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Options of the whole compilation pipeline.
struct PipelineOptions {
  std::string target = "host";
  int64_t alignment = 16;
  /// Fail when the arena needs more bytes (0: no limit).
  int64_t memoryBudget = 0;
  /// Flags of optimization passes to leave out (`--disable-pass`).
  std::vector<std::string> disabledPasses;
  /// `edgec-elide-copies{keep-peak}`.
  bool keepPeak = true;
};

/// Flags of the optimization passes `--disable-pass` may name.
llvm::ArrayRef<llvm::StringRef> optionalPasses();

/// Graph-level passes on the nn dialect.
void buildGraphPipeline(mlir::OpPassManager &pm, const PipelineOptions &opts);

/// Lowering to kernels and buffer-level passes.
void buildKernelPipeline(mlir::OpPassManager &pm, const PipelineOptions &opts);

/// Everything from imported nn IR to planned kernel IR ready for C emission.
void buildCompilePipeline(mlir::OpPassManager &pm, const PipelineOptions &opts);

} // namespace edgec

#endif // EDGEC_PASSES_PASSES_H
