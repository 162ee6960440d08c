//===- OutputFolder.cpp - writing generated files and the library ---------===//
#include "codegen/OutputFolder.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace edgec {

namespace {

/// Runs `program args...`; false with `error` set when it fails.
bool runTool(llvm::StringRef program, llvm::ArrayRef<std::string> args,
             std::string &error) {
  std::vector<llvm::StringRef> argv{program};
  for (const std::string &a : args)
    argv.push_back(a);
  int rc = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, {}, 0, 0,
                                     &error);
  if (rc != 0 && error.empty())
    error = program.str() + " exited with status " + std::to_string(rc);
  return rc == 0;
}

/// Compiles every .c in `dir` with the target's compiler into lib<name>.a.
bool buildLibrary(TargetAttr target, llvm::StringRef dir, llvm::StringRef name,
                  std::string &error) {
  std::string ccName = target.getCc().str(), arName = target.getAr().str();
  auto cc = llvm::sys::findProgramByName(ccName);
  auto ar = llvm::sys::findProgramByName(arName);
  if (!cc || !ar) {
    error = "--emit=lib for target '" + target.getName().str() + "' needs " +
            (cc ? arName : ccName) + ", which is not installed";
    return false;
  }
  std::vector<std::string> objects;
  std::error_code ec;
  std::vector<std::string> sources;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::StringRef(it->path()).ends_with(".c"))
      sources.push_back(it->path());
  llvm::sort(sources);
  for (const std::string &src : sources) {
    std::string obj = src.substr(0, src.size() - 2) + ".o";
    std::vector<std::string> args = target.getCFlagList();
    for (const char *a : {"-std=c99", "-Wall", "-Wextra", "-c"})
      args.push_back(a);
    args.insert(args.end(), {src, "-o", obj});
    if (!runTool(*cc, args, error))
      return false;
    objects.push_back(obj);
  }
  llvm::SmallString<256> lib(dir);
  llvm::sys::path::append(lib, "lib" + name.str() + ".a");
  std::vector<std::string> args{"rcs", std::string(lib)};
  args.insert(args.end(), objects.begin(), objects.end());
  if (!runTool(*ar, args, error))
    return false;
  for (const std::string &obj : objects)
    llvm::sys::fs::remove(obj);
  return true;
}

} // namespace

bool writeOutputFolder(llvm::StringRef dir, llvm::ArrayRef<EmittedFile> files,
                       TargetAttr target, llvm::StringRef name, bool library,
                       std::string &error) {
  std::string pid = std::to_string(llvm::sys::Process::getProcessId());
  std::string tmp = (dir + ".tmp-" + pid).str();
  llvm::sys::fs::remove_directories(tmp);
  if (auto ec = llvm::sys::fs::create_directories(tmp)) {
    error = "cannot create '" + tmp + "': " + ec.message();
    return false;
  }
  auto fail = [&](std::string msg) {
    llvm::sys::fs::remove_directories(tmp);
    error = std::move(msg);
    return false;
  };
  for (const EmittedFile &f : files) {
    llvm::SmallString<256> path(tmp);
    llvm::sys::path::append(path, f.name);
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec)
      return fail("cannot write '" + std::string(path) + "': " + ec.message());
    os << f.contents;
  }
  if (library && !buildLibrary(target, tmp, name, error))
    return fail(error);
  std::string old;
  if (llvm::sys::fs::exists(dir)) {
    if (!llvm::sys::fs::is_directory(dir))
      return fail("'" + dir.str() + "' exists and is not a folder");
    old = (dir + ".old-" + pid).str();
    if (auto ec = llvm::sys::fs::rename(dir, old))
      return fail("cannot replace '" + dir.str() + "': " + ec.message());
  }
  if (auto ec = llvm::sys::fs::rename(tmp, dir)) {
    if (!old.empty())
      llvm::sys::fs::rename(old, dir);
    return fail("cannot create '" + dir.str() + "': " + ec.message());
  }
  if (!old.empty())
    llvm::sys::fs::remove_directories(old);
  return true;
}

} // namespace edgec
