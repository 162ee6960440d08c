//===- Interpreter.h - runs an f32 nn function inside the compiler -*- C++ -*-===//
//
// Calibration runs the optimized float graph on the user's samples to see
// the range of every tensor. Plain reference loops, one per nn op, on
// row-major tensors (NHWC where the op is).
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_PASSES_INTERPRETER_H
#define EDGEC_PASSES_INTERPRETER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace edgec {

/// A row-major f32 tensor.
struct Tensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;
};

/// Runs `func` (nn ops on f32 tensors) on `inputs`, one per argument.
/// `observe` sees every op result as it is computed; the results of the
/// function go to `outputs` when given. Fails with an error at an op it
/// cannot run.
mlir::LogicalResult
interpret(mlir::func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
          llvm::function_ref<void(mlir::Value, const Tensor &)> observe,
          std::vector<Tensor> *outputs = nullptr);

} // namespace edgec

#endif // EDGEC_PASSES_INTERPRETER_H
