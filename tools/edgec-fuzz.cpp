//===- edgec-fuzz.cpp - libFuzzer target: load, import, compile, emit -----===//
//
// Each input is an ONNX model (binary protobuf). It is loaded, imported and
// compiled with the whole pipeline for the host (and, by the input's first
// byte, for cortex-m4 or cortex-m55), and its C is emitted in memory.
// Errors are fine; crashes, sanitizer reports, hangs and runaway memory are
// what the fuzzer looks for.
//
// The mutator knows the structure that matters: it parses the model and
// changes an attribute, a dimension, a node's wiring, an op type, the
// opset, or an initializer's shape, so mutants stay models rather than
// random bytes (which the byte mutator still makes some of the time).
//
//===----------------------------------------------------------------------===//
#include "codegen/CEmitter.h"
#include "frontend/Importer.h"
#include "passes/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/onnx_pb.h"

#include <random>

using namespace mlir;
using namespace edgec;

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {

/// One model file reused for every input (the loader reads paths).
const std::string &scratchPath() {
  static std::string path = [] {
    llvm::SmallString<128> dir;
    llvm::sys::fs::createUniqueDirectory("edgec-fuzz", dir);
    return std::string(dir) + "/model.onnx";
  }();
  return path;
}

/// The dialects, registered once; each input gets a fresh context so the
/// uniqued attributes of one (weights among them) do not pile up.
const DialectRegistry &dialects() {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    registerDialects(*r);
    return r;
  }();
  return *registry;
}

const char *const kOps[] = {
    "Conv",     "Relu",      "Add",         "Mul",        "MaxPool",
    "AveragePool", "GlobalAveragePool", "Gemm", "MatMul", "Concat",
    "Reshape",  "Transpose", "Flatten",     "Softmax",    "Clip",
    "Sigmoid",  "BatchNormalization", "Split", "Slice",   "Pad",
    "ReduceMean", "Resize",  "QuantizeLinear", "DequantizeLinear",
    "ConstantOfShape", "Range", "Expand", "Gather", "Squeeze", "Unsqueeze"};

int64_t interesting(std::mt19937 &rng) {
  static const int64_t values[] = {0, -1, 1, 2, 3, 7, -2, 255, 65536,
                                   (int64_t)1 << 31, (int64_t)1 << 32,
                                   INT64_MAX, INT64_MIN};
  return values[rng() % (sizeof values / sizeof values[0])];
}

/// One structural change to `m`; false when the model offers nothing to
/// change of the kind picked.
bool mutate(onnx::ModelProto &m, std::mt19937 &rng) {
  onnx::GraphProto &g = *m.mutable_graph();
  auto pick = [&](int n) { return n > 0 ? (int)(rng() % n) : -1; };
  switch (rng() % 7) {
  case 0: { // an attribute's value
    int n = pick(g.node_size());
    if (n < 0 || g.node(n).attribute_size() == 0)
      return false;
    onnx::AttributeProto &a =
        *g.mutable_node(n)->mutable_attribute(pick(g.node(n).attribute_size()));
    if (a.ints_size() > 0)
      a.set_ints(pick(a.ints_size()), interesting(rng));
    else if (a.type() == onnx::AttributeProto::INT)
      a.set_i(interesting(rng));
    else if (a.type() == onnx::AttributeProto::FLOAT)
      a.set_f((float)interesting(rng));
    else
      return false;
    return true;
  }
  case 1: { // a graph input's dimension
    int i = pick(g.input_size());
    if (i < 0)
      return false;
    auto *shape = g.mutable_input(i)->mutable_type()->mutable_tensor_type()->mutable_shape();
    if (shape->dim_size() == 0)
      return false;
    shape->mutable_dim(pick(shape->dim_size()))->set_dim_value(interesting(rng));
    return true;
  }
  case 2: { // a node reads another value (or one nobody defines)
    int n = pick(g.node_size());
    if (n < 0 || g.node(n).input_size() == 0)
      return false;
    std::string name = "undefined";
    int src = pick(g.node_size());
    if (rng() % 4 && src >= 0 && g.node(src).output_size() > 0)
      name = g.node(src).output(0);
    g.mutable_node(n)->set_input(pick(g.node(n).input_size()), name);
    return true;
  }
  case 3: { // another op type
    int n = pick(g.node_size());
    if (n < 0)
      return false;
    g.mutable_node(n)->set_op_type(kOps[rng() % (sizeof kOps / sizeof kOps[0])]);
    return true;
  }
  case 4: { // the opset
    if (m.opset_import_size() == 0)
      return false;
    m.mutable_opset_import(0)->set_version(1 + rng() % 18);
    return true;
  }
  case 5: { // an initializer's shape, keeping its data
    int i = pick(g.initializer_size());
    if (i < 0 || g.initializer(i).dims_size() == 0)
      return false;
    onnx::TensorProto &t = *g.mutable_initializer(i);
    t.set_dims(pick(t.dims_size()), interesting(rng));
    return true;
  }
  default: { // drop or repeat a node
    int n = pick(g.node_size());
    if (n < 0)
      return false;
    if (rng() % 2) {
      g.mutable_node()->DeleteSubrange(n, 1);
    } else {
      onnx::NodeProto copy = g.node(n);
      *g.add_node() = copy;
    }
    return true;
  }
  }
}

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned seed) {
  std::mt19937 rng(seed);
  onnx::ModelProto model;
  if (rng() % 8 == 0 || !model.ParseFromArray(data, (int)size))
    return LLVMFuzzerMutate(data, size, maxSize);
  bool changed = false;
  for (int tries = 0; tries < 8 && !changed; ++tries)
    changed = mutate(model, rng);
  std::string bytes;
  if (!changed || !model.SerializeToString(&bytes) || bytes.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  memcpy(data, bytes.data(), bytes.size());
  return bytes.size();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(scratchPath(), ec);
    if (ec)
      return 0;
    os.write(reinterpret_cast<const char *>(data), size);
  }
  MLIRContext ctx(dialects());
  ctx.loadAllAvailableDialects();
  ctx.disableMultithreading();
  ctx.printOpOnDiagnostic(false);
  ctx.printStackTraceOnDiagnostic(false);
  ScopedDiagnosticHandler quiet(&ctx, [](Diagnostic &) { return success(); });
  OwningOpRef<ModuleOp> module =
      importOnnxFile(ctx, scratchPath(), LoadOptions(), "model");
  if (!module)
    return 0;
  static const char *const targets[] = {"host", "cortex-m4", "cortex-m55"};
  CompileOptions options;
  options.target = targets[size > 0 ? data[0] % 3 : 0];
  PassManager pm(&ctx);
  buildCompilePipeline(pm, options);
  if (failed(pm.run(*module)))
    return 0;
  EmitOptions emit;
  emit.name = "model";
  emit.sourceName = "model.onnx";
  std::vector<EmittedFile> files;
  (void)emitC(*module, emit, files);
  return 0;
}
