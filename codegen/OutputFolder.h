//===- OutputFolder.h - writing generated files -----------------*- C++ -*-===//
#ifndef EDGEC_CODEGEN_OUTPUTFOLDER_H
#define EDGEC_CODEGEN_OUTPUTFOLDER_H

#include "codegen/CEmitter.h"
#include "ir/EdgecDialect.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace edgec {

/// Writes `files` into the folder `dir` (made if missing; `dir/` is the
/// same folder), with `library` also lib<name>.a built with `target`'s
/// compiler and archiver (and `cflags` after the target's flags). Files of
/// those names are replaced; nothing else
/// in the folder is touched. All of it is staged in a private folder inside
/// `dir` first and renamed into place only when everything succeeded; on
/// failure (or SIGINT/SIGTERM/SIGHUP) the staging folder is removed. A
/// destination that is one of `inputs` (the model, calibration data) or a
/// folder is an error. False with `error` set otherwise.
bool writeOutputFolder(llvm::StringRef dir, llvm::ArrayRef<EmittedFile> files,
                       TargetAttr target, llvm::StringRef name, bool library,
                       llvm::ArrayRef<std::string> cflags,
                       llvm::ArrayRef<std::string> inputs, std::string &error);

/// Writes `contents` to `path` through a new file of a random name beside
/// it (created exclusively, removed on a signal) renamed over `path`.
bool writeFileSafely(llvm::StringRef path, llvm::StringRef contents,
                     std::string &error);

} // namespace edgec

#endif // EDGEC_CODEGEN_OUTPUTFOLDER_H
