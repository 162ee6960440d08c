//===- edgec.cpp - the edgec compiler driver ------------------------------===//
//
// edgec MODEL.onnx -o OUTDIR [--name N] [--target T] [--emit=c|mlir|lib]
//
// Parses flags, loads the model, runs the pass pipeline (all compile policy
// is in it: see buildCompilePipeline), and emits. Exit codes: 0 success,
// 1 bad input or model, 2 bad usage. Outputs are written to a temporary
// folder that replaces OUTDIR only when everything succeeded.
//
//===----------------------------------------------------------------------===//
#include "codegen/CEmitter.h"
#include "codegen/OutputFolder.h"
#include "frontend/Importer.h"
#include "frontend/OpImporter.h"
#include "passes/Passes.h"
#include "targets/KernelTable.h"
#include "targets/Target.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/StringSaver.h"
#include "onnx/common/version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <sys/resource.h>

using namespace mlir;
using namespace edgec;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("edgec options");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<model.onnx | model.onnxtxt | ir.mlir>"),
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
constexpr const char *kStopAfterHelp =
    "With --emit=mlir: import, graph (nn passes), kernel (lowered), plan "
    "(memory planned; the default)";
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
cl::opt<std::string> quantizeKind(
    "quantize",
    cl::desc("int8: calibrated post-training quantization (needs --calib)"),
    cl::value_desc("int8"), cl::cat(category));
cl::list<std::string> calibPaths(
    "calib",
    cl::desc("Calibration samples: a .npy with samples along its first axis, "
             "or a folder of .npy files (NAME=PATH per input for several "
             "inputs)"),
    cl::value_desc("[NAME=]PATH"), cl::cat(category));
cl::opt<std::string> observerKind(
    "observer",
    cl::desc("How calibration picks each range: minmax, percentile or mse"),
    cl::init("minmax"), cl::cat(category));
cl::opt<std::string> kernelChoice(
    "kernels",
    cl::desc("fast: the target's ISA-specific kernels where there are "
             "(default); portable: only the portable C kernels"),
    cl::init("fast"), cl::cat(category));
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
cl::opt<WeightsFormat> weightsFormat(
    "weights", cl::desc("How the weights are written"),
    cl::values(clEnumValN(WeightsFormat::Auto, "auto",
                          "bytes, or incbin when one weight has more than "
                          "16 MiB (the default)"),
               clEnumValN(WeightsFormat::Bytes, "bytes",
                          "C string literals of their bytes, split over "
                          "NAME_weights*.c files"),
               clEnumValN(WeightsFormat::Decimal, "decimal",
                          "readable C numbers in NAME_weights.c"),
               clEnumValN(WeightsFormat::Incbin, "incbin",
                          "NAME_weights.bin and an .incbin wrapper "
                          "NAME_weights.S (GNU toolchains)"),
               clEnumValN(WeightsFormat::Address, "address",
                          "NAME_weights.bin only, read at "
                          "NAME_WEIGHTS_ADDRESS (see --weights-address)")),
    cl::init(WeightsFormat::Auto), cl::cat(category));
cl::opt<std::string> weightsAddress(
    "weights-address",
    cl::desc("With --weights=address: the address the weights are read at "
             "(else the build defines NAME_WEIGHTS_ADDRESS)"),
    cl::value_desc("0xADDRESS"), cl::cat(category));
cl::opt<int64_t> weightsFileBytes(
    "weights-file-bytes",
    cl::desc("With --weights=bytes, start a new weights file after about "
             "this many bytes (a weight is never split)"),
    cl::init(int64_t(1) << 21), cl::cat(category));
cl::opt<bool> printWeights(
    "print-weights",
    cl::desc("Keep large weights in --emit=mlir and --dump-ir output (elided "
             "by default); needed to compile such IR again"),
    cl::cat(category));
cl::opt<bool> layerHooks(
    "layer-hooks",
    cl::desc("NAME_run calls NAME_layer_begin(index, name) and "
             "NAME_layer_end(index, name), which the application defines, "
             "around every layer (to time layers on a board)"),
    cl::cat(category));
cl::opt<std::string> flashBudget(
    "flash-budget",
    cl::desc("Fail when the weights need more than BYTES of flash, or than "
             "the target's flash with 'target'"),
    cl::value_desc("BYTES|target"), cl::cat(category));
cl::opt<std::string> extraCFlags(
    "cflags",
    cl::desc("More flags for the C compiler of --emit=lib, after the "
             "target's (e.g. \"-mfloat-abi=softfp -Os\")"),
    cl::value_desc("flags"), cl::cat(category));
cl::opt<bool> verbose(
    "v", cl::desc("Print each stage with its time and the peak memory (also "
                  "done for a stage of more than a second when stderr is a "
                  "terminal)"),
    cl::cat(category));
cl::opt<bool> listTargets("list-targets", cl::desc("List the targets and exit"),
                          cl::cat(category));
cl::opt<bool> listKernels(
    "list-kernels",
    cl::desc("List the C kernels and when each is chosen, and exit"),
    cl::cat(category));
cl::opt<bool> listOps("list-ops",
                      cl::desc("Print the supported ONNX operators and their "
                               "opsets as a Markdown table, and exit"),
                      cl::cat(category));

/// `--stop-after`. libLLVM registers an option of that name for its code
/// generator (a string); edgec gives that one its own meaning rather than
/// register a second, which cl refuses.
cl::opt<std::string> &stopAfterOption() {
  static std::unique_ptr<cl::opt<std::string>> own;
  auto &registered = cl::getRegisteredOptions();
  auto *opt = registered.count("stop-after")
                  ? dynamic_cast<cl::opt<std::string> *>(registered["stop-after"])
                  : nullptr;
  if (!opt) {
    own = std::make_unique<cl::opt<std::string>>("stop-after", cl::init(""));
    opt = own.get();
  }
  opt->setDescription(kStopAfterHelp);
  opt->setValueStr("stage");
  opt->setHiddenFlag(cl::NotHidden);
  opt->addCategory(category);
  return *opt;
}
std::string stopAfter = "plan";

/// --help lists edgec's options and MLIR's (--mlir-*), not every option of
/// the LLVM library it links.
void hideUnrelatedOptions() {
  for (auto &[name, opt] : cl::getRegisteredOptions()) {
    StringRef key = name;
    bool ours = llvm::is_contained(opt->Categories, &category);
    if (!ours && !key.starts_with("mlir-") && key != "help" &&
        key != "help-hidden" && key != "version" && key != "color")
      opt->setHiddenFlag(cl::ReallyHidden);
  }
}

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

/// How IR is printed for people: with the ONNX node names (locations),
/// large weights elided unless --print-weights.
OpPrintingFlags irPrintingFlags() {
  OpPrintingFlags flags;
  flags.enableDebugInfo(true, /*prettyForm=*/false);
  if (!printWeights)
    flags.elideLargeResourceString();
  return flags;
}

/// Writes the IR after every pass to DIR/NN_<pass>.mlir; passes on a
/// variant module of edgec-compile-variants to DIR/NN_<variant>_<pass>.mlir.
struct DumpAfterEachPass : PassInstrumentation {
  DumpAfterEachPass(std::string dir) : dir(std::move(dir)) {}

  void write(Operation *op, llvm::StringRef stage) {
    auto module = dyn_cast<ModuleOp>(op);
    if (!module)
      module = op->getParentOfType<ModuleOp>();
    std::string name = stage.str();
    if (module && module.getSymName())
      name = module.getSymName()->str() + "_" + name;
    else
      while (Operation *parent = op->getParentOp())
        op = parent;
    Operation *printed = module && module.getSymName() ? module : op;
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path,
                            llvm::formatv("{0:2}_{1}.mlir", index++, name).str());
    std::string text, error;
    llvm::raw_string_ostream os(text);
    printed->print(os, irPrintingFlags());
    os << "\n";
    if (!writeFileSafely(path, text, error) && failures++ == 0)
      llvm::errs() << "edgec: warning: --dump-ir: " << error << "\n";
  }
  void runAfterPass(Pass *pass, Operation *op) override {
    // Pass-manager adaptors (nesting) have no flag and change nothing.
    if (!pass->getArgument().empty())
      write(op, pass->getArgument());
  }

  std::string dir;
  int index = 0;
  int failures = 0;
};

/// Peak resident memory of the process so far, in MiB.
int64_t peakRssMiB() {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_maxrss / 1024; // KiB on Linux
}

/// One line per stage on stderr: with -v every stage, else (on a terminal)
/// those that took more than a second.
struct Progress {
  bool all = verbose;
  bool slowOnes = llvm::sys::Process::StandardErrIsDisplayed();

  void report(llvm::StringRef stage, double seconds) const {
    if (!all && !(slowOnes && seconds > 1.0))
      return;
    llvm::errs() << llvm::formatv("edgec: {0,-34} {1,7:f2} s {2,6} MiB peak\n",
                                  stage, seconds, peakRssMiB());
  }
};

/// Times a stage for the progress lines and for --mlir-timing.
class Stage {
public:
  Stage(const Progress &progress, TimingScope &parent, llvm::StringRef name)
      : progress(progress), scope(parent.nest(name)), name(name.str()),
        start(std::chrono::steady_clock::now()) {}
  ~Stage() { finish(); }
  TimingScope &timing() { return scope; }
  void finish() {
    if (done)
      return;
    done = true;
    scope.stop();
    progress.report(name, std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - start)
                              .count());
  }

private:
  const Progress &progress;
  TimingScope scope;
  std::string name;
  std::chrono::steady_clock::time_point start;
  bool done = false;
};

/// Reports each pass run on the model itself (the variants that
/// edgec-compile-variants tries count in its time).
struct PassProgress : PassInstrumentation {
  explicit PassProgress(const Progress &progress) : progress(progress) {}

  static bool onModel(Operation *op) {
    auto module = dyn_cast<ModuleOp>(op);
    if (!module)
      module = op->getParentOfType<ModuleOp>();
    return module && !module.getSymName();
  }
  void runBeforePass(Pass *pass, Operation *op) override {
    if (!pass->getArgument().empty() && onModel(op))
      starts[pass] = std::chrono::steady_clock::now();
  }
  void runAfterPass(Pass *pass, Operation *) override { finish(pass); }
  void runAfterPassFailed(Pass *pass, Operation *) override { finish(pass); }
  void finish(Pass *pass) {
    auto it = starts.find(pass);
    if (it == starts.end())
      return;
    progress.report(pass->getArgument(),
                    std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - it->second)
                        .count());
    starts.erase(it);
  }

  const Progress &progress;
  llvm::DenseMap<Pass *, std::chrono::steady_clock::time_point> starts;
};

/// The importer registry as a Markdown table: one row per operator with the
/// opset versions whose semantics edgec implements.
void printOperatorTable(llvm::raw_ostream &os) {
  std::map<std::string, std::vector<int>> ops;
  std::set<std::string> anyType;
  for (const OpRegistry::Entry &e : OpRegistry::get().entries()) {
    std::string name = (e.domain.empty() ? "" : e.domain + ".") + e.opType;
    ops[name].push_back(e.sinceVersion);
    if (e.anyElementType)
      anyType.insert(name);
  }
  os << "# Supported ONNX operators\n\n"
     << "Generated by `edgec --list-ops` from the importer registry. Models "
        "are converted to opset "
     << kTargetOpset
     << " before import, so an operator is accepted from the first opset "
        "listed up to "
     << kTargetOpset
     << ". The versions are the opsets whose semantics the importer "
        "implements. Runtime tensors are float32 (or int8 after quantization) "
        "for every operator; those marked \"any\" also take bool and the 8- "
        "to 64-bit integer types where ONNX allows them.\n\n"
     << "| operator | opsets | versions | element types |\n|---|---|---|---|\n";
  for (auto &[name, versions] : ops) {
    llvm::sort(versions);
    os << "| " << name << " | " << versions.front() << "-" << kTargetOpset
       << " | ";
    for (auto [i, v] : llvm::enumerate(versions))
      os << (i ? ", " : "") << v;
    os << " | " << (anyType.count(name) ? "any" : "float32") << " |\n";
  }
  os << "\n" << ops.size() << " operators.\n";
}

void printTargetTable(llvm::raw_ostream &os) {
  auto kib = [](int64_t bytes) {
    return bytes ? std::to_string(bytes / 1024) + " KiB" : std::string("-");
  };
  os << llvm::formatv("{0,-14} {1,-20} {2,-4} {3,-9} {4,-9} {5}\n", "target",
                      "features", "fpu", "sram", "flash", "description");
  for (const TargetDesc &t : allTargets())
    os << llvm::formatv("{0,-14} {1,-20} {2,-4} {3,-9} {4,-9} {5}\n", t.name,
                        t.features.empty() ? std::string("-")
                                           : llvm::join(t.features, ","),
                        stringifyFpuKind(t.fpu), kib(t.sramBytes),
                        kib(t.flashBytes), t.description);
}

void printKernelTable(llvm::raw_ostream &os) {
  os << llvm::formatv("{0,-26} {1,-24} {2,-10} {3}\n", "op", "C function",
                      "needs", "when");
  for (const KernelEntry &k : kernelTable())
    os << llvm::formatv("{0,-26} {1,-24} {2,-10} {3}\n", k.op, k.fn,
                        k.features.empty() ? StringRef("-") : k.features,
                        k.when);
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

/// True when `module` is planned kernel IR (`edgec --emit=mlir`).
bool isPlanned(ModuleOp module) {
  auto *dialect = module.getContext()->getOrLoadDialect<EdgecDialect>();
  bool planned = false;
  module.walk([&](func::FuncOp f) {
    planned |= dialect->getArenaSizeAttrHelper().isAttrPresent(f);
  });
  return planned;
}

/// The passes that take the loaded IR as far as --stop-after says.
void buildPipeline(PassManager &pm, const CompileOptions &options) {
  if (stopAfter == "plan")
    return buildCompilePipeline(pm, options);
  if (stopAfter == "import")
    return;
  pm.addPass(createSetTarget(SetTargetOptions{options.target}));
  buildGraphPipeline(pm, options);
  addUnlessDisabled(pm.nest<func::FuncOp>(), createSchedule(),
                    options.disabledPasses);
  if (stopAfter == "kernel")
    pm.addPass(createLowerToKernel());
}

/// What the flags ask for, once checked.
struct Invocation {
  std::string name;
  const TargetDesc *target = nullptr;
  int64_t flashBudget = 0;
  std::vector<std::string> cflags;
  LoadOptions load;
  CompileOptions compile;
};

/// Checks the flags into `inv`; a usage error's exit code, or kOk.
int checkFlags(Invocation &inv) {
  if (inputFile.empty())
    return usageError("no input model");
  if (emitKind != "c" && emitKind != "lib" && emitKind != "mlir")
    return usageError("--emit must be c, lib or mlir, not '" + emitKind + "'");
  if (stopAfter != "import" && stopAfter != "graph" && stopAfter != "kernel" &&
      stopAfter != "plan")
    return usageError("--stop-after must be import, graph, kernel or plan");
  if (!weightsAddress.empty()) {
    uint64_t address;
    if (weightsFormat != WeightsFormat::Address ||
        llvm::StringRef(weightsAddress).getAsInteger(0, address))
      return usageError("--weights-address takes a number (0x... for hex) "
                        "and goes with --weights=address");
    // A C constant in hex, the same for any spelling.
    weightsAddress = llvm::formatv("{0:x}u", address).str();
  }
  if (weightsFileBytes <= 0)
    return usageError("--weights-file-bytes must be positive");
  if (emitKind != "mlir" && outputDir.empty())
    return usageError("-o <dir> is required for --emit=" + emitKind);
  if (emitKind != "mlir" && stopAfter != "plan")
    return usageError("--stop-after=" + stopAfter +
                      " stops before C can be written; use it with "
                      "--emit=mlir");
  inv.target = findTarget(targetName);
  if (!inv.target) {
    StringRef near = suggestTarget(targetName);
    llvm::errs() << "edgec: error: unknown target '" << targetName << "'";
    if (!near.empty())
      llvm::errs() << "; did you mean '" << near << "'?";
    llvm::errs() << " (see edgec --list-targets)\n";
    return kUsage;
  }
  for (const std::string &p : disabledPasses)
    if (!llvm::is_contained(optionalPasses(), p))
      return usageError("--disable-pass: '" + p +
                        "' is not an optimization pass edgec can leave out");
  for (const std::string &spec : inputShapes) {
    std::string name;
    std::vector<int64_t> dims;
    if (!parseShape(spec, name, dims))
      return usageError("--input-shape expects name=1x3x224x224, got '" + spec +
                        "'");
    inv.load.inputShapes[name] = dims;
  }
  inv.name = modelName.empty()
                 ? identifierFrom(llvm::sys::path::stem(inputFile))
                 : modelName.getValue();
  if (inv.name != identifierFrom(inv.name))
    return usageError("--name '" + inv.name + "' is not a C identifier");
  inv.compile.target = inv.target->name.str();
  inv.compile.disabledPasses = std::vector<std::string>(disabledPasses.begin(),
                                                        disabledPasses.end());
  inv.compile.keepPeak = !elideAllCopies;
  if (!quantizeKind.empty() && quantizeKind != "int8")
    return usageError("--quantize takes int8, not '" + quantizeKind + "'");
  if (!quantizeKind.empty() && calibPaths.empty())
    return usageError("--quantize=int8 needs calibration samples: --calib=PATH");
  if (observerKind != "minmax" && observerKind != "percentile" &&
      observerKind != "mse")
    return usageError("--observer must be minmax, percentile or mse");
  inv.compile.quantize = quantizeKind.getValue();
  inv.compile.calib =
      std::vector<std::string>(calibPaths.begin(), calibPaths.end());
  inv.compile.observer = observerKind.getValue();
  if (kernelChoice != "fast" && kernelChoice != "portable")
    return usageError("--kernels must be fast or portable");
  inv.compile.portableKernels = kernelChoice == "portable";
  int64_t budget = 0;
  if (memoryBudget == "target")
    budget = inv.target->sramBytes;
  else if (!memoryBudget.empty() &&
           (llvm::StringRef(memoryBudget).getAsInteger(10, budget) ||
            budget <= 0))
    return usageError("--memory-budget expects a byte count or 'target'");
  inv.compile.memoryBudget = budget;
  if (flashBudget == "target") {
    inv.flashBudget = inv.target->flashBytes;
    if (inv.flashBudget == 0)
      return usageError("--flash-budget=target: target '" +
                        std::string(inv.target->name) +
                        "' has no flash size; give a byte count");
  } else if (!flashBudget.empty() &&
             (llvm::StringRef(flashBudget).getAsInteger(10, inv.flashBudget) ||
              inv.flashBudget <= 0)) {
    return usageError("--flash-budget expects a byte count or 'target'");
  }
  if (!extraCFlags.empty()) {
    if (emitKind != "lib")
      return usageError("--cflags is for the compiler of --emit=lib");
    llvm::BumpPtrAllocator alloc;
    llvm::StringSaver saver(alloc);
    llvm::SmallVector<const char *> args;
    llvm::cl::TokenizeGNUCommandLine(extraCFlags, saver, args);
    for (const char *a : args)
      inv.cflags.push_back(a);
  }
  return kOk;
}

/// SHA-256 of the file at `path` in hex, read in pieces ("" if unreadable).
std::string sha256Of(const std::string &path) {
  int fd;
  if (llvm::sys::fs::openFileForRead(path, fd))
    return "";
  llvm::SHA256 hash;
  std::vector<char> buf(1 << 20);
  while (true) {
    auto n = llvm::sys::fs::readNativeFile(
        llvm::sys::fs::convertFDToNativeFile(fd),
        llvm::MutableArrayRef<char>(buf.data(), buf.size()));
    if (!n) {
      llvm::consumeError(n.takeError());
      llvm::sys::Process::SafelyCloseFileDescriptor(fd);
      return "";
    }
    if (*n == 0)
      break;
    hash.update(llvm::StringRef(buf.data(), *n));
  }
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  return llvm::toHex(hash.final(), /*LowerCase=*/true);
}

/// The model as imported nn IR, or the IR of a .mlir file.
OwningOpRef<ModuleOp> loadModel(MLIRContext &ctx, const Invocation &inv) {
  if (StringRef(inputFile).ends_with(".mlir")) {
    llvm::SourceMgr sources;
    return parseSourceFile<ModuleOp>(inputFile, sources, ParserConfig(&ctx));
  }
  return importOnnxFile(ctx, inputFile, inv.load, inv.name);
}

/// Runs the pipeline (with MLIR's pass-manager flags and --dump-ir) on IR
/// that is not planned yet; an exit code.
int compile(ModuleOp module, const Invocation &inv, TimingScope &timing,
            const Progress &progress) {
  PassManager pm(module.getContext());
  if (failed(applyPassManagerCLOptions(pm)))
    return kUsage;
  pm.enableTiming(timing);
  pm.addInstrumentation(std::make_unique<PassProgress>(progress));
  if (!dumpIR.empty()) {
    if (auto ec = llvm::sys::fs::create_directories(dumpIR)) {
      llvm::errs() << "edgec: error: cannot create '" << dumpIR
                   << "': " << ec.message() << "\n";
      return kBadInput;
    }
    auto dumper = std::make_unique<DumpAfterEachPass>(dumpIR);
    dumper->write(module, "import");
    pm.addInstrumentation(std::move(dumper));
  }
  if (!isPlanned(module))
    buildPipeline(pm, inv.compile);
  return failed(pm.run(module)) ? kBadInput : kOk;
}

/// Writes the IR or the C (and the library) as --emit says; an exit code.
int emit(ModuleOp module, const Invocation &inv, TimingScope &timing,
         const Progress &progress) {
  std::vector<EmittedFile> files;
  std::optional<Stage> stage;
  stage.emplace(progress, timing,
                emitKind == "mlir" ? "print the IR" : "emit the C");
  if (emitKind == "mlir") {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os, irPrintingFlags());
    os << "\n";
    if (outputDir.empty()) {
      llvm::outs() << text;
      return kOk;
    }
    files.push_back({inv.name + ".mlir", text});
  } else {
    EmitOptions emitOptions;
    emitOptions.name = inv.name;
    emitOptions.sourceName = llvm::sys::path::filename(inputFile).str();
    emitOptions.weights = weightsFormat;
    emitOptions.layerHooks = layerHooks;
    emitOptions.flashBudget = inv.flashBudget;
    if (!StringRef(inputFile).ends_with(".mlir"))
      emitOptions.sourceSha256 = sha256Of(inputFile);
    emitOptions.weightsFileBytes = weightsFileBytes;
    emitOptions.weightsAddress = weightsAddress;
    if (failed(emitC(module, emitOptions, files)))
      return kBadInput;
  }
  stage.emplace(progress, timing,
                emitKind == "lib" ? "write the files, build the library"
                                  : "write the files");
  std::string error;
  std::vector<std::string> inputs{inputFile};
  for (const std::string &calib : calibPaths)
    inputs.push_back(llvm::sys::fs::exists(calib)
                         ? calib
                         : llvm::StringRef(calib).split('=').second.str());
  if (!writeOutputFolder(outputDir, files, lookupTarget(module), inv.name,
                         emitKind == "lib", inv.cflags, inputs, error)) {
    llvm::errs() << "edgec: error: " << error << "\n";
    return kBadInput;
  }
  return kOk;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "edgec " EDGEC_VERSION "\n  MLIR " LLVM_VERSION_STRING ", ONNX "
       << onnx::LAST_RELEASE_VERSION << "\n";
  });
  cl::opt<std::string> &stopAfterFlag = stopAfterOption();
  hideUnrelatedOptions();
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
  if (!stopAfterFlag.empty())
    stopAfter = stopAfterFlag;
  if (listTargets || listKernels || listOps) {
    if (listTargets)
      printTargetTable(llvm::outs());
    if (listKernels)
      printKernelTable(llvm::outs());
    if (listOps)
      printOperatorTable(llvm::outs());
    return kOk;
  }
  Invocation inv;
  if (int rc = checkFlags(inv))
    return rc;

  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  ctx.disableMultithreading(); // deterministic dumps and diagnostics
  ScopedDiagnosticHandler handler(&ctx, [](Diagnostic &diag) {
    printDiagnostic(diag);
    return success();
  });
  // --mlir-timing covers the whole compile, each stage and each pass.
  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope root = timingManager.getRootScope();
  Progress progress;
  OwningOpRef<ModuleOp> module;
  {
    Stage stage(progress, root, "read and import the model");
    module = loadModel(ctx, inv);
  }
  if (!module)
    return kBadInput;
  {
    Stage stage(progress, root, "passes");
    if (int rc = compile(*module, inv, stage.timing(), progress))
      return rc;
  }
  return emit(*module, inv, root, progress);
}
