//===- RuntimeFiles.h - the C runtime embedded in edgec ---------*- C++ -*-===//
#ifndef EDGEC_CODEGEN_RUNTIMEFILES_H
#define EDGEC_CODEGEN_RUNTIMEFILES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace edgec {

struct RuntimeFile {
  llvm::StringRef name;
  llvm::StringRef contents;
};

/// The headers of runtime_c/include, as built into this binary.
llvm::ArrayRef<RuntimeFile> runtimeFiles();

} // namespace edgec

#endif // EDGEC_CODEGEN_RUNTIMEFILES_H
