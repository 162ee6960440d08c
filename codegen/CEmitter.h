//===- CEmitter.h - planned kernel IR to C99 --------------------*- C++ -*-===//
#ifndef EDGEC_CODEGEN_CEMITTER_H
#define EDGEC_CODEGEN_CEMITTER_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace edgec {

struct EmitOptions {
  /// C identifier prefixing every generated symbol (`lenet_run`).
  std::string name;
  /// The ONNX file, named in comments and the report.
  std::string sourceName;
};

struct EmittedFile {
  std::string name;
  std::string contents;
};

/// Writes the C sources for the planned kernel IR in `module` for the
/// target the module names: <name>.h, <name>.c, <name>_weights.c, the
/// runtime headers they include, report.json and memory.svg. Prints what
/// the IR says (each kernel op's `edgec.kernel`) and chooses nothing.
/// Emits a diagnostic and fails on IR it cannot express.
mlir::LogicalResult emitC(mlir::ModuleOp module, const EmitOptions &options,
                          std::vector<EmittedFile> &files);

} // namespace edgec

#endif // EDGEC_CODEGEN_CEMITTER_H
