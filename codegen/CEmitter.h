//===- CEmitter.h - planned kernel IR to C99 --------------------*- C++ -*-===//
#ifndef EDGEC_CODEGEN_CEMITTER_H
#define EDGEC_CODEGEN_CEMITTER_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace edgec {

/// How the weights reach the C compiler.
enum class WeightsFormat {
  /// Bytes, or Incbin when one weight is too large for a C compiler to read
  /// quickly (more than 16 MiB) and the target's toolchain is GNU.
  Auto,
  /// String literals of their bytes, which C compilers read about ten times
  /// faster than numbers, split over NAME_weights*.c files of about
  /// EmitOptions::weightsFileBytes each (built in parallel).
  Bytes,
  /// Readable C literals (decimal floats) in one NAME_weights.c.
  Decimal,
  /// NAME_weights.bin with an assembler wrapper NAME_weights.S
  /// (`.incbin`, GNU toolchains).
  Incbin,
  /// Not in the program: NAME_weights.bin, each weight aligned, is read at
  /// NAME_WEIGHTS_ADDRESS (EmitOptions::weightsAddress, or -D), e.g. in
  /// memory-mapped external flash.
  Address,
};

struct EmitOptions {
  /// C identifier prefixing every generated symbol (`lenet_run`).
  std::string name;
  /// The ONNX file, named in comments and the report.
  std::string sourceName;
  /// SHA-256 of the model file (hex), in the header; "" when unknown.
  std::string sourceSha256;
  /// NAME.c calls NAME_layer_begin/NAME_layer_end (declared in NAME.h,
  /// defined by the user) around every layer.
  bool layerHooks = false;
  /// Fail when the weights need more bytes than this (0: no limit).
  int64_t flashBudget = 0;
  WeightsFormat weights = WeightsFormat::Auto;
  /// A weights file holds about this many bytes (a weight is never split).
  int64_t weightsFileBytes = int64_t(1) << 21;
  /// With WeightsFormat::Address: the default NAME_WEIGHTS_ADDRESS ("" for
  /// none: the build must define it).
  std::string weightsAddress;
};

struct EmittedFile {
  std::string name;
  std::string contents;
};

/// Writes the C sources for the planned kernel IR in `module` for the
/// target the module names: <name>.h, <name>.c, the weights (see
/// WeightsFormat) with their declarations in <name>_weights.h, the
/// runtime headers they include, report.json and memory.svg. Prints what
/// the IR says (each kernel op's `edgec.kernel`) and chooses nothing.
/// Emits a diagnostic and fails on IR it cannot express.
mlir::LogicalResult emitC(mlir::ModuleOp module, const EmitOptions &options,
                          std::vector<EmittedFile> &files);

} // namespace edgec

#endif // EDGEC_CODEGEN_CEMITTER_H
