//===- Importer.h - ONNX to the nn dialect ----------------------*- C++ -*-===//
#ifndef EDGEC_FRONTEND_IMPORTER_H
#define EDGEC_FRONTEND_IMPORTER_H

#include "frontend/OnnxLoader.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace edgec {

/// Loads `path` and builds a module holding `func.func @<funcName>` in the
/// nn dialect: one argument per graph input and one result per graph
/// output, in ONNX's order and layout. Errors are emitted as diagnostics;
/// returns null after any.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxFile(mlir::MLIRContext &ctx, const std::string &path,
               const LoadOptions &options, llvm::StringRef funcName);

} // namespace edgec

#endif // EDGEC_FRONTEND_IMPORTER_H
