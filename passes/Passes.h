//===- Passes.h - edgec passes and pipelines --------------------*- C++ -*-===//
#ifndef EDGEC_PASSES_PASSES_H
#define EDGEC_PASSES_PASSES_H

#include "ir/KernelDialect.h"
#include "ir/NNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace edgec {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Options of the whole compilation, `--edgec-compile=target=T ...` in
/// edgec-opt; the edgec driver fills them from its flags.
struct CompileOptions : mlir::PassPipelineOptions<CompileOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("target name (default: the "
                                            "module's, else host)"),
                             llvm::cl::init("")};
  ListOption<std::string> disabledPasses{
      *this, "disable-passes",
      llvm::cl::desc("optimization passes to leave out")};
  Option<bool> keepPeak{*this, "keep-peak",
                        llvm::cl::desc("keep a copy whose removal would raise "
                                       "the peak of live bytes"),
                        llvm::cl::init(true)};
  Option<std::string> quantize{
      *this, "quantize",
      llvm::cl::desc("'int8': calibrated int8 quantization"),
      llvm::cl::init("")};
  ListOption<std::string> calib{
      *this, "calib",
      llvm::cl::desc("calibration samples: NAME=PATH per input, or PATH")};
  Option<std::string> observer{
      *this, "observer",
      llvm::cl::desc("range observer: minmax, percentile or mse"),
      llvm::cl::init("minmax")};
  Option<bool> portableKernels{
      *this, "portable-kernels",
      llvm::cl::desc("only the portable C kernels (no ISA-specific ones)"),
      llvm::cl::init(false)};
  Option<int64_t> memoryBudget{
      *this, "memory-budget",
      llvm::cl::desc("fail when the arena exceeds this many bytes"),
      llvm::cl::init(0)};
};

/// Flags of the optimization passes `--disable-pass` may name.
llvm::ArrayRef<llvm::StringRef> optionalPasses();

/// Adds `pass` to `pm` unless its flag is in `disabled`.
void addUnlessDisabled(mlir::OpPassManager &pm, std::unique_ptr<mlir::Pass> pass,
                       llvm::ArrayRef<std::string> disabled);

/// Graph-level passes on the nn dialect, up to (not including) scheduling;
/// with `quantize`, int8 quantization at the end.
void buildGraphPipeline(mlir::OpPassManager &pm, const CompileOptions &opts);

/// Lowering to kernels and the buffer-level passes, through memory
/// planning.
void buildKernelPipeline(mlir::OpPassManager &pm,
                         llvm::ArrayRef<std::string> disabled, bool keepPeak);

/// Everything from imported nn IR to planned kernel IR ready for C emission:
/// the target, the graph passes, and `edgec-compile-variants`.
void buildCompilePipeline(mlir::OpPassManager &pm, const CompileOptions &opts);

/// Registers `edgec-compile` with edgec-opt.
void registerCompilePipeline();

/// Fails with an error at the layer where the most bytes are live when the
/// planned arena of `func` needs more than `budget` bytes.
mlir::LogicalResult checkArenaBudget(mlir::func::FuncOp func, int64_t budget);

} // namespace edgec

#endif // EDGEC_PASSES_PASSES_H
