//===- OutputFolder.h - writing generated files -----------------*- C++ -*-===//
#ifndef EDGEC_CODEGEN_OUTPUTFOLDER_H
#define EDGEC_CODEGEN_OUTPUTFOLDER_H

#include "codegen/CEmitter.h"
#include "ir/EdgecDialect.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace edgec {

/// Writes `files` into a fresh temporary folder beside `dir`, with
/// `library` also builds lib<name>.a there with `target`'s compiler and
/// archiver, and only when all of that succeeded puts the folder in
/// `dir`'s place. False with `error` set otherwise; nothing is left behind.
bool writeOutputFolder(llvm::StringRef dir, llvm::ArrayRef<EmittedFile> files,
                       TargetAttr target, llvm::StringRef name, bool library,
                       std::string &error);

} // namespace edgec

#endif // EDGEC_CODEGEN_OUTPUTFOLDER_H
