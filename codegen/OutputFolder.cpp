//===- OutputFolder.cpp - writing generated files and the library ---------===//
//
// The output folder belongs to the user: edgec adds or replaces its own
// files there and touches nothing else. Everything is first written into a
// private staging folder made inside it with a random name (mkdtemp: no
// other process can have planted anything there), the library is built
// there, and only when all of it succeeded each file is renamed into
// place (rename(2) replaces a directory entry and never follows a symlink
// at the destination). SIGINT, SIGTERM and SIGHUP while that runs remove
// the staging folder before the process ends.
//
//===----------------------------------------------------------------------===//
#include "codegen/OutputFolder.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <map>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#endif

namespace edgec {

namespace {

//===----------------------------------------------------------------------===//
// Removing the staging folder on a signal
//===----------------------------------------------------------------------===//

/// What the signal handler removes: files, then the folder. Filled in
/// before the handler is armed and left unchanged while it is.
struct Cleanup {
  std::vector<std::string> files;
  std::string folder;
  std::vector<const char *> paths; // files' c_str(), then the folder's
};
Cleanup *armed = nullptr;
/// The compilers or the archiver running for the library (0: a free slot),
/// ended with us.
constexpr int kMaxJobs = 16;
volatile sig_atomic_t childPids[kMaxJobs];
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction previous[3];

extern "C" void removeStagingOnSignal(int sig) {
  for (int i = 0; i < kMaxJobs; ++i)
    if (pid_t pid = childPids[i]; pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  if (Cleanup *c = armed) {
    for (size_t i = 0; i + 1 < c->paths.size(); ++i)
      ::unlink(c->paths[i]);
#ifdef __linux__
    // Files the archiver made there too (read with the raw system call:
    // readdir is not safe in a signal handler).
    int dir = ::open(c->paths.back(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
      alignas(8) char buf[4096];
      long n;
      while ((n = ::syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0)
        for (long at = 0; at < n;) {
          auto *entry = reinterpret_cast<struct dirent64 *>(buf + at);
          const char *f = entry->d_name;
          if (!(f[0] == '.' && (f[1] == 0 || (f[1] == '.' && f[2] == 0))))
            ::unlinkat(dir, f, 0);
          at += entry->d_reclen;
        }
      ::close(dir);
    }
#endif
    ::rmdir(c->paths.back());
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

/// Arms the handler for `c` while alive; restores the previous handlers.
class SignalGuard {
public:
  explicit SignalGuard(Cleanup &c) {
    c.paths.clear();
    for (const std::string &f : c.files)
      c.paths.push_back(f.c_str());
    c.paths.push_back(c.folder.c_str());
    armed = &c;
    struct sigaction action = {};
    action.sa_handler = removeStagingOnSignal;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 3; ++i)
      ::sigaction(kSignals[i], &action, &previous[i]);
  }
  ~SignalGuard() {
    for (int i = 0; i < 3; ++i)
      ::sigaction(kSignals[i], &previous[i], nullptr);
    armed = nullptr;
  }
};

//===----------------------------------------------------------------------===//
// The library
//===----------------------------------------------------------------------===//

/// One run of a tool: its arguments, and what an error names ("on 'x.c'").
struct Command {
  std::vector<std::string> args;
  std::string what;
};

/// Runs `program` once per command, as many at a time as the machine has
/// hardware threads; false with `error` set when one fails (the others still
/// running are waited for).
bool runParallel(llvm::StringRef program, llvm::ArrayRef<Command> commands,
                 std::string &error) {
  int jobs = std::clamp<int>(llvm::hardware_concurrency().compute_thread_count(),
                             1, kMaxJobs);
  size_t next = 0;
  int running = 0;
  std::map<pid_t, size_t> commandOf;
  bool ok = true;
  while (running > 0 || (ok && next < commands.size())) {
    while (ok && running < jobs && next < commands.size()) {
      std::vector<llvm::StringRef> argv{program};
      for (const std::string &a : commands[next].args)
        argv.push_back(a);
      bool failed = false;
      llvm::sys::ProcessInfo child = llvm::sys::ExecuteNoWait(
          program, argv, std::nullopt, {}, 0, &error, &failed);
      if (failed) {
        ok = false;
        break;
      }
      for (int i = 0; i < kMaxJobs; ++i)
        if (childPids[i] == 0) {
          childPids[i] = child.Pid;
          break;
        }
      commandOf[child.Pid] = next;
      ++running;
      ++next;
    }
    if (running == 0)
      break;
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      error = "waiting for " + program.str() + " failed";
      return false;
    }
    for (int i = 0; i < kMaxJobs; ++i)
      if (childPids[i] == pid)
        childPids[i] = 0;
    --running;
    if (ok && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      ok = false;
      const std::string &what = commands[commandOf[pid]].what;
      error = program.str() + (what.empty() ? "" : " " + what) +
              (WIFEXITED(status)
                   ? " exited with status " + std::to_string(WEXITSTATUS(status))
                   : " was killed by signal " + std::to_string(WTERMSIG(status)));
    }
  }
  return ok;
}

std::string pathIn(llvm::StringRef dir, llvm::StringRef name) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, name);
  return std::string(path);
}

/// Compiles `sources` (in `dir`) with the target's compiler into `lib`.
/// The objects are `objects`, removed afterwards.
bool buildLibrary(TargetAttr target, llvm::ArrayRef<std::string> cflags,
                  llvm::ArrayRef<std::string> sources,
                  llvm::ArrayRef<std::string> objects, const std::string &lib,
                  std::string &error) {
  std::string ccName = target.getCc().str(), arName = target.getAr().str();
  auto cc = llvm::sys::findProgramByName(ccName);
  auto ar = llvm::sys::findProgramByName(arName);
  if (!cc || !ar) {
    error = "--emit=lib for target '" + target.getName().str() + "' needs " +
            (cc ? arName : ccName) + ", which is not installed";
    return false;
  }
  std::vector<Command> commands;
  for (size_t i = 0; i < sources.size(); ++i) {
    std::vector<std::string> args = target.getCFlagList();
    args.insert(args.end(), cflags.begin(), cflags.end());
    // -I: NAME_weights.S finds NAME_weights.bin.
    for (const char *a : {"-std=c99", "-Wall", "-Wextra", "-c", "-I"})
      args.push_back(a);
    args.insert(args.end(), {llvm::sys::path::parent_path(sources[i]).str(),
                             sources[i], "-o", objects[i]});
    commands.push_back(
        {std::move(args),
         "on '" + llvm::sys::path::filename(sources[i]).str() + "'"});
  }
  if (!runParallel(*cc, commands, error))
    return false;
  std::vector<std::string> args{"rcs", lib};
  args.insert(args.end(), objects.begin(), objects.end());
  bool ok = runParallel(*ar, {Command{args, ""}}, error);
  for (const std::string &obj : objects)
    llvm::sys::fs::remove(obj);
  return ok;
}

} // namespace

bool writeOutputFolder(llvm::StringRef dirArg, llvm::ArrayRef<EmittedFile> files,
                       TargetAttr target, llvm::StringRef name, bool library,
                       llvm::ArrayRef<std::string> cflags,
                       llvm::ArrayRef<std::string> inputs, std::string &error) {
  // `out/` and `out` are one folder.
  std::string dir = dirArg.str();
  while (dir.size() > 1 && dir.back() == '/')
    dir.pop_back();
  bool created = false;
  if (llvm::sys::fs::exists(dir)) {
    if (!llvm::sys::fs::is_directory(dir)) {
      error = "'" + dir + "' exists and is not a folder";
      return false;
    }
  } else {
    if (auto ec = llvm::sys::fs::create_directories(dir)) {
      error = "cannot create '" + dir + "': " + ec.message();
      return false;
    }
    created = true;
  }
  auto removeCreated = [&] {
    if (created)
      llvm::sys::fs::remove(dir); // only if still empty
  };

  // What goes where, and nothing that would replace a folder or an input.
  std::vector<std::string> finalNames;
  for (const EmittedFile &f : files)
    finalNames.push_back(f.name);
  if (library)
    finalNames.push_back("lib" + name.str() + ".a");
  for (const std::string &f : finalNames) {
    std::string dest = pathIn(dir, f);
    llvm::sys::fs::file_status st;
    if (llvm::sys::fs::status(dest, st, /*follow=*/false))
      continue; // not there yet
    if (st.type() == llvm::sys::fs::file_type::directory_file) {
      error = "cannot write '" + dest + "': a folder of that name is in the way";
      return false;
    }
    for (const std::string &in : inputs)
      if (llvm::sys::fs::equivalent(dest, in)) {
        error = "writing '" + dest + "' would replace the input '" + in +
                "'; choose another -o or --name";
        return false;
      }
  }

  // Inside `dir` (a relative prefix would be taken as one in /tmp).
  llvm::SmallString<256> staging, prefix(pathIn(dir, ".edgec"));
  std::error_code absolute = llvm::sys::fs::make_absolute(prefix);
  if (auto ec = absolute ? absolute
                         : llvm::sys::fs::createUniqueDirectory(prefix, staging)) {
    removeCreated();
    error = "cannot write into '" + dir + "': " + ec.message();
    return false;
  }
  // Only edgec writes there, whatever the umask lets its group do.
  llvm::sys::fs::setPermissions(staging, llvm::sys::fs::owner_all);
  Cleanup cleanup;
  cleanup.folder = std::string(staging);
  std::vector<std::string> sources, objects;
  for (const EmittedFile &f : files) {
    cleanup.files.push_back(pathIn(staging, f.name));
    if (library && (llvm::StringRef(f.name).ends_with(".c") ||
                    llvm::StringRef(f.name).ends_with(".S"))) {
      sources.push_back(cleanup.files.back());
      objects.push_back(cleanup.files.back() + ".o");
    }
  }
  std::string lib = pathIn(staging, "lib" + name.str() + ".a");
  if (library) {
    cleanup.files.insert(cleanup.files.end(), objects.begin(), objects.end());
    cleanup.files.push_back(lib);
  }
  SignalGuard guard(cleanup);
  auto fail = [&](std::string msg) {
    for (const std::string &f : cleanup.files)
      llvm::sys::fs::remove(f);
    llvm::sys::fs::remove(cleanup.folder);
    removeCreated();
    error = std::move(msg);
    return false;
  };

  for (size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    llvm::raw_fd_ostream os(cleanup.files[i], ec, llvm::sys::fs::OF_None);
    if (ec)
      return fail("cannot write '" + cleanup.files[i] + "': " + ec.message());
    os << files[i].contents;
    os.close();
    if (os.has_error())
      return fail("cannot write '" + cleanup.files[i] +
                  "': " + os.error().message());
  }
  if (library) {
    // The archiver adds to an existing archive: start from an empty one.
    std::error_code ec;
    llvm::raw_fd_ostream os(lib, ec, llvm::sys::fs::OF_None);
    os << "!<arch>\n";
    os.close();
    if (ec || os.has_error())
      return fail("cannot write '" + lib + "'");
    std::string buildError;
    if (!buildLibrary(target, cflags, sources, objects, lib, buildError))
      return fail(buildError);
  }
  for (size_t i = 0; i < finalNames.size(); ++i) {
    std::string from = i < files.size() ? cleanup.files[i] : lib;
    if (auto ec = llvm::sys::fs::rename(from, pathIn(dir, finalNames[i])))
      return fail("cannot write '" + pathIn(dir, finalNames[i]) +
                  "': " + ec.message());
  }
  llvm::sys::fs::remove(cleanup.folder);
  return true;
}

bool writeFileSafely(llvm::StringRef path, llvm::StringRef contents,
                     std::string &error) {
  llvm::SmallString<256> model(path);
  model += ".%%%%%%.tmp";
  int fd = -1;
  llvm::SmallString<256> tmp;
  if (auto ec = llvm::sys::fs::createUniqueFile(model, fd, tmp)) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  llvm::sys::RemoveFileOnSignal(tmp);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
    os.close();
    if (os.has_error()) {
      llvm::sys::fs::remove(tmp);
      llvm::sys::DontRemoveFileOnSignal(tmp);
      error = "cannot write '" + path.str() + "': " + os.error().message();
      return false;
    }
  }
  std::error_code ec = llvm::sys::fs::rename(tmp, path);
  if (ec)
    llvm::sys::fs::remove(tmp);
  llvm::sys::DontRemoveFileOnSignal(tmp);
  if (ec) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  return true;
}

} // namespace edgec
