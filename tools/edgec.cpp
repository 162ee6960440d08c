//===- edgec.cpp - the edgec compiler driver ------------------------------===//
//
// edgec MODEL.onnx -o OUTDIR [--name N] [--target T] [--emit=c|mlir|lib]
//
// Exit codes: 0 success, 1 bad input or model, 2 bad usage. Outputs are
// written to a temporary folder that replaces OUTDIR only when everything
// succeeded.
//
//===----------------------------------------------------------------------===//
#include "codegen/CEmitter.h"
#include "frontend/Importer.h"
#include "frontend/OpImporter.h"
#include "passes/Passes.h"
#include "targets/Target.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace mlir;
using namespace edgec;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("edgec options");

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                               cl::cat(category));
cl::opt<std::string> outputDir("o", cl::desc("Output folder"),
                               cl::value_desc("dir"), cl::cat(category));
cl::opt<std::string> modelName(
    "name",
    cl::desc("Prefix of every generated symbol (default: the file's stem)"),
    cl::cat(category));
cl::opt<std::string> targetName("target", cl::desc("Target (see --list-targets)"),
                                cl::init("host"), cl::cat(category));
cl::opt<std::string>
    emitKind("emit",
             cl::desc("What to produce: c (sources, header, report), lib "
                      "(also lib<name>.a), mlir (the IR after --stop-after)"),
             cl::init("c"), cl::cat(category));
cl::opt<std::string> stopAfter(
    "stop-after",
    cl::desc("With --emit=mlir: import, graph (nn passes), kernel (lowered), "
             "plan (memory planned; the default)"),
    cl::init("plan"), cl::cat(category));
cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Fix a graph input's shape: name=1x3x224x224 (repeatable)"),
    cl::cat(category));
cl::list<std::string> disabledPasses(
    "disable-pass",
    cl::desc("Leave out optimization passes by flag: "
             "edgec-recognize-channel-shuffle, edgec-propagate-layout, "
             "edgec-fold-batchnorm, edgec-fold-pad, edgec-fuse-activation, "
             "edgec-fuse-quadratic-conv, edgec-schedule, edgec-elide-copies, "
             "edgec-in-place"),
    cl::CommaSeparated, cl::cat(category));
cl::opt<std::string> memoryBudget(
    "memory-budget",
    cl::desc("Fail when the arena needs more than BYTES, or than the "
             "target's SRAM with 'target'"),
    cl::value_desc("BYTES|target"), cl::cat(category));
cl::opt<bool> elideAllCopies(
    "elide-all-copies",
    cl::desc("Remove every copy the compiler can, also where that raises "
             "the arena (by default such a copy stays: RAM first)"),
    cl::cat(category));
cl::opt<std::string>
    dumpIR("dump-ir", cl::desc("Write the IR after every pass to numbered files"),
           cl::value_desc("dir"), cl::cat(category));
cl::opt<bool> listTargets("list-targets", cl::desc("List the targets and exit"),
                          cl::cat(category));
cl::opt<bool> listOps("list-ops",
                      cl::desc("Print the supported ONNX operators and their "
                               "opsets as a Markdown table, and exit"),
                      cl::cat(category));

enum ExitCode { kOk = 0, kBadInput = 1, kUsage = 2 };

int usageError(const llvm::Twine &msg) {
  llvm::errs() << "edgec: error: " << msg << " (see edgec --help)\n";
  return kUsage;
}

/// `lenet-5.onnx` -> `lenet_5`: a C identifier.
std::string identifierFrom(llvm::StringRef s) {
  std::string id;
  for (char c : s)
    id += llvm::isAlnum(c) ? c : '_';
  if (id.empty() || llvm::isDigit(id[0]))
    id = "m_" + id;
  return id;
}

/// One line per diagnostic: "file: node 'name': message".
void printDiagnostic(Diagnostic &diag) {
  std::string where;
  Location loc = diag.getLocation();
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (auto file = dyn_cast<FileLineColLoc>(name.getChildLoc()))
      where = file.getFilename().str() + ": ";
    where += "node '" + name.getName().str() + "': ";
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    where = file.getFilename().str() + ": ";
  }
  StringRef severity = diag.getSeverity() == DiagnosticSeverity::Error ? "error"
                       : diag.getSeverity() == DiagnosticSeverity::Warning
                           ? "warning"
                           : "note";
  llvm::errs() << "edgec: " << severity << ": " << where << diag.str() << "\n";
}

/// Writes the module after every pass to DIR/NN_<pass>.mlir.
struct DumpAfterEachPass : PassInstrumentation {
  DumpAfterEachPass(std::string dir) : dir(std::move(dir)) {}

  void write(Operation *op, llvm::StringRef stage) {
    while (Operation *parent = op->getParentOp())
      op = parent;
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, llvm::formatv("{0:2}_{1}.mlir", index++, stage)
                                      .str());
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (!ec)
      op->print(os);
  }
  void runAfterPass(Pass *pass, Operation *op) override {
    // Pass-manager adaptors (nesting) have no flag and change nothing.
    if (!pass->getArgument().empty())
      write(op, pass->getArgument());
  }

  std::string dir;
  int index = 0;
};

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
bool buildLibrary(const Target &target, llvm::StringRef dir,
                  llvm::StringRef name, std::string &error) {
  auto cc = llvm::sys::findProgramByName(target.cc);
  auto ar = llvm::sys::findProgramByName(target.ar);
  if (!cc || !ar) {
    error = "--emit=lib for target '" + target.name + "' needs " +
            (cc ? target.ar : target.cc) + ", which is not installed";
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
    std::vector<std::string> args = target.cflags;
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

/// Writes `files` to a fresh temporary folder beside `dir` and, when all is
/// well, puts it in `dir`'s place.
bool writeOutputs(llvm::StringRef dir, const std::vector<EmittedFile> &files,
                  const Target &target, llvm::StringRef name, bool lib,
                  std::string &error) {
  std::string tmp = (dir + ".tmp-" + llvm::Twine(llvm::sys::Process::getProcessId()))
                        .str();
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
  if (lib && !buildLibrary(target, tmp, name, error))
    return fail(error);
  std::string old;
  if (llvm::sys::fs::exists(dir)) {
    if (!llvm::sys::fs::is_directory(dir))
      return fail("'" + dir.str() + "' exists and is not a folder");
    old = (dir + ".old-" + llvm::Twine(llvm::sys::Process::getProcessId())).str();
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

/// The importer registry as a Markdown table: one row per operator with the
/// opset versions whose semantics edgec implements.
void printOperatorTable(llvm::raw_ostream &os) {
  std::map<std::string, std::vector<int>> ops;
  for (const OpRegistry::Entry &e : OpRegistry::get().entries())
    ops[(e.domain.empty() ? "" : e.domain + ".") + e.opType].push_back(
        e.sinceVersion);
  os << "# Supported ONNX operators\n\n"
     << "Generated by `edgec --list-ops` from the importer registry. Models "
        "are converted to opset "
     << kTargetOpset
     << " before import, so an operator is accepted from the first opset "
        "listed up to "
     << kTargetOpset
     << ". The versions are the opsets whose semantics the importer "
        "implements.\n\n"
     << "| operator | opsets | versions |\n|---|---|---|\n";
  for (auto &[name, versions] : ops) {
    llvm::sort(versions);
    os << "| " << name << " | " << versions.front() << "-" << kTargetOpset
       << " | ";
    for (auto [i, v] : llvm::enumerate(versions))
      os << (i ? ", " : "") << v;
    os << " |\n";
  }
  os << "\n" << ops.size() << " operators.\n";
}

bool parseShape(llvm::StringRef spec, std::string &name,
                std::vector<int64_t> &dims) {
  auto [lhs, rhs] = spec.rsplit('=');
  if (lhs.empty() || rhs.empty())
    return false;
  name = lhs.str();
  llvm::SmallVector<llvm::StringRef> parts;
  rhs.split(parts, 'x');
  for (llvm::StringRef p : parts) {
    int64_t d;
    if (p.getAsInteger(10, d) || d <= 0)
      return false;
    dims.push_back(d);
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  std::string parseErrors;
  llvm::raw_string_ostream errs(parseErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "edgec: compiles an ONNX model into dependency-free C99\n\n"
          "  edgec model.onnx -o out/ [--target cortex-m4] [--emit=lib]\n",
          &errs)) {
    llvm::errs() << parseErrors;
    return kUsage;
  }
  if (listTargets) {
    for (const Target &t : allTargets())
      llvm::outs() << llvm::formatv("{0,-14} {1}\n", t.name, t.description);
    return kOk;
  }
  if (listOps) {
    printOperatorTable(llvm::outs());
    return kOk;
  }
  if (inputFile.empty())
    return usageError("no input model");
  if (emitKind != "c" && emitKind != "lib" && emitKind != "mlir")
    return usageError("--emit must be c, lib or mlir, not '" + emitKind + "'");
  if (stopAfter != "import" && stopAfter != "graph" && stopAfter != "kernel" &&
      stopAfter != "plan")
    return usageError("--stop-after must be import, graph, kernel or plan");
  if (emitKind != "mlir" && outputDir.empty())
    return usageError("-o <dir> is required for --emit=" + emitKind);
  const Target *target = findTarget(targetName);
  if (!target)
    return usageError("unknown target '" + targetName +
                      "' (see edgec --list-targets)");
  for (const std::string &p : disabledPasses)
    if (!llvm::is_contained(optionalPasses(), p))
      return usageError("--disable-pass: '" + p +
                        "' is not an optimization pass edgec can leave out");
  LoadOptions loadOptions;
  for (const std::string &spec : inputShapes) {
    std::string name;
    std::vector<int64_t> dims;
    if (!parseShape(spec, name, dims))
      return usageError("--input-shape expects name=1x3x224x224, got '" + spec +
                        "'");
    loadOptions.inputShapes[name] = dims;
  }
  std::string name =
      modelName.empty()
          ? identifierFrom(llvm::sys::path::stem(inputFile))
          : modelName.getValue();
  if (name != identifierFrom(name))
    return usageError("--name '" + name + "' is not a C identifier");

  DialectRegistry registry;
  registry.insert<nn::NNDialect, kernel::KernelDialect, func::FuncDialect,
                  arith::ArithDialect, memref::MemRefDialect>();
  MLIRContext ctx(registry);
  ctx.disableMultithreading(); // deterministic dumps and diagnostics
  ScopedDiagnosticHandler handler(&ctx, [](Diagnostic &diag) {
    printDiagnostic(diag);
    return success();
  });

  OwningOpRef<ModuleOp> module = importOnnxFile(
      ctx, inputFile, loadOptions, name);
  if (!module)
    return kBadInput;

  PipelineOptions options;
  options.disabledPasses.assign(disabledPasses.begin(), disabledPasses.end());
  options.target = target->name;
  if (memoryBudget == "target")
    options.memoryBudget = target->sramBytes;
  else if (!memoryBudget.empty() &&
           (llvm::StringRef(memoryBudget).getAsInteger(10, options.memoryBudget) ||
            options.memoryBudget <= 0))
    return usageError("--memory-budget expects a byte count or 'target'");
  options.alignment = target->alignment;
  options.keepPeak = !elideAllCopies;

  // The full pipeline runs twice when scheduling is on: with the schedule
  // and in ONNX's node order; the smaller arena wins (then the fewer bytes
  // copied), so a schedule is never worse than the model's own order. The
  // user's pass-manager flags and dumps follow the first run.
  bool both = stopAfter == "plan" &&
              !llvm::is_contained(options.disabledPasses, "edgec-schedule");
  OwningOpRef<ModuleOp> pristine = both ? module->clone() : nullptr;
  {
    PassManager pm(&ctx);
    if (failed(applyPassManagerCLOptions(pm)))
      return kUsage;
    applyDefaultTimingPassManagerCLOptions(pm);
    if (!dumpIR.empty()) {
      if (auto ec = llvm::sys::fs::create_directories(dumpIR)) {
        llvm::errs() << "edgec: error: cannot create '" << dumpIR
                     << "': " << ec.message() << "\n";
        return kBadInput;
      }
      auto dumper = std::make_unique<DumpAfterEachPass>(dumpIR);
      dumper->write(module->getOperation(), "import");
      pm.addInstrumentation(std::move(dumper));
    }
    if (stopAfter != "import")
      buildGraphPipeline(pm, options);
    if (stopAfter == "kernel")
      pm.addPass(createLowerToKernel(LowerToKernelOptions{options.target}));
    if (stopAfter == "plan")
      buildKernelPipeline(pm, options);
    if (failed(pm.run(*module)))
      return kBadInput;
  }
  if (both) {
    auto attr = [](ModuleOp m, StringRef name) -> int64_t {
      for (auto f : m.getOps<func::FuncOp>())
        if (auto a = f->getAttrOfType<IntegerAttr>(name))
          return a.getInt();
      return 0;
    };
    auto copiedBytes = [](ModuleOp m) {
      int64_t bytes = 0;
      m.walk([&](kernel::CopyOp copy) {
        bytes += cast<MemRefType>(copy.getOutput().getType()).getNumElements() * 4;
      });
      return bytes;
    };
    // The whole pipeline on a fresh copy of the imported model.
    auto compile = [&](bool scheduled,
                       StringRef alsoDisabled) -> OwningOpRef<ModuleOp> {
      PipelineOptions variant = options;
      if (!scheduled)
        variant.disabledPasses.push_back("edgec-schedule");
      if (!alsoDisabled.empty())
        variant.disabledPasses.push_back(alsoDisabled.str());
      OwningOpRef<ModuleOp> m = pristine->clone();
      PassManager pm(&ctx);
      buildCompilePipeline(pm, variant);
      if (failed(pm.run(*m)))
        return nullptr;
      return m;
    };
    OwningOpRef<ModuleOp> onnxOrder = compile(/*scheduled=*/false, "");
    if (!onnxOrder)
      return kBadInput;
    std::string search;
    for (auto f : module->getOps<func::FuncOp>())
      if (auto a = f->getAttrOfType<StringAttr>("edgec.schedule_search"))
        search = a.str();
    int64_t plainBound = attr(*onnxOrder, "edgec.arena_lower_bound");
    // Smaller arena, then fewer bytes copied, then ONNX's order.
    bool keepPlain =
        std::make_pair(attr(*onnxOrder, "edgec.arena_size"),
                       copiedBytes(*onnxOrder)) <=
        std::make_pair(attr(*module, "edgec.arena_size"), copiedBytes(*module));
    if (keepPlain)
      std::swap(module, onnxOrder);
    int64_t arena = attr(*module, "edgec.arena_size");
    for (auto f : module->getOps<func::FuncOp>()) {
      f->setAttr("edgec.onnx_order_lower_bound",
                 IntegerAttr::get(IntegerType::get(&ctx, 64), plainBound));
      f->setAttr("edgec.schedule",
                 StringAttr::get(&ctx, keepPlain
                                           ? "ONNX node order (the searched "
                                             "order's arena is not smaller; " +
                                                 search + ")"
                                           : "searched order (" + search + ")"));
    }
    // What the quadratic-conv fusion saves: the same compile without it.
    bool fusedQuadratic = false;
    module->walk([&](kernel::QuadraticDWConv2DOp) { fusedQuadratic = true; });
    if (fusedQuadratic)
      if (OwningOpRef<ModuleOp> m =
              compile(!keepPlain, "edgec-fuse-quadratic-conv"))
        for (auto f : module->getOps<func::FuncOp>())
          f->setAttr("edgec.quadratic_fusion_arena_saved",
                     IntegerAttr::get(IntegerType::get(&ctx, 64),
                                      attr(*m, "edgec.arena_size") - arena));
  }

  if (emitKind == "mlir") {
    if (outputDir.empty()) {
      module->print(llvm::outs());
      return kOk;
    }
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    std::string error;
    if (!writeOutputs(outputDir, {{name + ".mlir", text}}, *target, name,
                      false, error)) {
      llvm::errs() << "edgec: error: " << error << "\n";
      return kBadInput;
    }
    return kOk;
  }

  std::vector<EmittedFile> files;
  EmitOptions emitOptions;
  emitOptions.name = name;
  emitOptions.sourceName = llvm::sys::path::filename(inputFile).str();
  emitOptions.target = target;
  if (failed(emitC(*module, emitOptions, files)))
    return kBadInput;
  std::string error;
  if (!writeOutputs(outputDir, files, *target, name, emitKind == "lib",
                    error)) {
    llvm::errs() << "edgec: error: " << error << "\n";
    return kBadInput;
  }
  return kOk;
}
