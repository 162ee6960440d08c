//===- CEmitter.h - kernel IR to C99 ----------------------------*- C++ -*-===//
#ifndef EDGEC_CODEGEN_CEMITTER_H
#define EDGEC_CODEGEN_CEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace edgec {

struct Target;

struct EmitOptions {
  /// C identifier prefixing every generated symbol (`lenet_run`).
  std::string name;
  /// The ONNX file, named in comments and the report.
  std::string sourceName;
  const Target *target = nullptr;
};

struct EmittedFile {
  std::string name;
  std::string contents;
};

/// Writes the C sources for the planned kernel IR in `module`: <name>.h,
/// <name>.c, <name>_weights.c, the runtime headers they include, and
/// report.json. Emits a diagnostic and fails on IR it cannot express.
mlir::LogicalResult emitC(mlir::ModuleOp module, const EmitOptions &options,
                          std::vector<EmittedFile> &files);

} // namespace edgec

#endif // EDGEC_CODEGEN_CEMITTER_H
