//===- OnnxLoader.cpp - read and normalize an ONNX model ------------------===//
#include "frontend/OnnxLoader.h"
#include "ir/ShapeUtils.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include "google/protobuf/io/coded_stream.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

#include <mutex>

namespace edgec {

namespace {

std::string dimsToString(const std::vector<int64_t> &dims) {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i)
    s += (i ? "x" : "") + std::to_string(dims[i]);
  return s;
}

/// Replaces external data references by the bytes they point to. Only files
/// inside the model's own folder may be read.
bool loadExternalData(onnx::GraphProto &graph, const std::string &modelPath,
                      std::string &error) {
  llvm::SmallString<256> dir(modelPath);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty())
    dir = ".";
  llvm::SmallString<256> realDir;
  if (llvm::sys::fs::real_path(dir, realDir)) {
    error = "cannot resolve the folder of '" + modelPath + "'";
    return false;
  }
  for (onnx::TensorProto &t : *graph.mutable_initializer()) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL)
      continue;
    std::string location;
    int64_t offset = 0, length = -1;
    for (const auto &kv : t.external_data()) {
      if (kv.key() == "location") {
        location = kv.value();
        continue;
      }
      if (kv.key() != "offset" && kv.key() != "length")
        continue;
      int64_t value = 0;
      if (llvm::StringRef(kv.value()).getAsInteger(10, value) || value < 0) {
        error = "initializer '" + t.name() + "': external data " + kv.key() +
                " '" + kv.value() + "' is not a byte count";
        return false;
      }
      (kv.key() == "offset" ? offset : length) = value;
    }
    llvm::SmallString<256> file(realDir);
    llvm::sys::path::append(file, location);
    llvm::SmallString<256> realFile;
    if (location.empty() || llvm::sys::path::is_absolute(location) ||
        llvm::sys::fs::real_path(file, realFile) ||
        !llvm::StringRef(realFile).starts_with(std::string(realDir) + "/")) {
      error = "initializer '" + t.name() + "': external data path '" +
              location + "' is missing or outside the model's folder";
      return false;
    }
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(realFile, status) ||
        status.type() != llvm::sys::fs::file_type::regular_file) {
      error = "initializer '" + t.name() + "': external data '" + location +
              "' is not a regular file";
      return false;
    }
    auto buffer = llvm::MemoryBuffer::getFile(realFile, /*IsText=*/false);
    if (!buffer) {
      error = "initializer '" + t.name() + "': cannot read external data '" +
              location + "'";
      return false;
    }
    llvm::StringRef bytes = (*buffer)->getBuffer();
    if (offset > (int64_t)bytes.size() ||
        (length >= 0 && length > (int64_t)bytes.size() - offset)) {
      error = "initializer '" + t.name() + "': external data range is past "
              "the end of '" + location + "'";
      return false;
    }
    bytes = bytes.drop_front(offset);
    if (length >= 0)
      bytes = bytes.take_front(length);
    t.set_raw_data(bytes.str());
    t.clear_external_data();
    t.set_data_location(onnx::TensorProto::DEFAULT);
  }
  return true;
}

/// ONNX's exception text as one line: the first line, where ONNX ends it
/// with "node:" and prints the node below, the node's name instead; source
/// locations of ONNX's own assertions dropped.
std::string onnxMessage(const std::string &what) {
  llvm::StringRef text(what), first = text.take_until([](char c) { return c == '\n'; });
  std::string line = first.trim().str();
  llvm::StringRef rest = text.drop_front(first.size());
  if (llvm::StringRef(line).ends_with("node:")) {
    size_t at = rest.find("name: \"");
    std::string name = at == llvm::StringRef::npos
                           ? std::string("?")
                           : rest.drop_front(at + 7).take_until([](char c) { return c == '"'; }).str();
    line += " '" + name + "'";
  }
  // Inference errors: "[ShapeInferenceError] Shape inference error(s):
  // (op_type:Conv, node name: c1): [ShapeInferenceError] text" (or without
  // "Shape inference error(s): ") reads as "node 'c1' (Conv): text".
  static const llvm::Regex inference(
      R"(^(\[[A-Za-z]+\] )?(Shape inference error\(s\): )?\(op_type:([^,)]*)(, node name: ([^)]*))?\): (\[[A-Za-z]+\] )?)");
  llvm::SmallVector<llvm::StringRef, 7> m;
  if (inference.match(line, &m)) {
    std::string node = m[5].empty() ? "an unnamed " + m[3].str() + " node"
                                    : "node '" + m[5].str() + "' (" + m[3].str() + ")";
    line = node + ": " + line.substr(m[0].size());
  }
  // "/build/onnx/onnx/defs/shape_inference.h:123: fn: Assertion `x' failed."
  size_t assertion = line.find("Assertion");
  if (assertion != std::string::npos)
    line = "ONNX rejected the model (an internal check failed: " +
           line.substr(assertion) + ")";
  return line;
}

/// The name a message gives a node: its own, or its first output's.
std::string nodeLabel(const onnx::NodeProto &node) {
  std::string name = !node.name().empty()         ? node.name()
                     : node.output_size() > 0 ? node.output(0)
                                              : std::string("?");
  return "node '" + name + "' (" + node.op_type() + ")";
}

/// Largest value of a size-like attribute (strides, kernel sizes, pads):
/// within int32, as the generated C indexes.
constexpr int64_t kMaxAttrValue = INT32_MAX;

/// Checks what ONNX's checker, shape inference and version converter take
/// on trust (and crash on when it does not hold): size-like attributes in
/// range, group > 0, every value defined before it is read and exactly
/// once, graph outputs that exist, no subgraphs, positive input dims.
bool validateGraph(const onnx::GraphProto &graph, std::string &error) {
  llvm::StringSet<> defined, produced;
  for (const onnx::TensorProto &t : graph.initializer())
    defined.insert(t.name());
  for (const onnx::ValueInfoProto &in : graph.input()) {
    defined.insert(in.name());
    if (!in.type().has_tensor_type())
      continue;
    const auto &dims = in.type().tensor_type().shape().dim();
    int64_t bytes = 4; // float32, the widest element the C holds
    for (int i = 0; i < dims.size(); ++i) {
      if (!dims[i].has_dim_value())
        continue;
      int64_t d = dims[i].dim_value();
      if (d <= 0) {
        error = "input '" + in.name() + "' has dimension " +
                std::to_string(d) + " at axis " + std::to_string(i) +
                "; dimensions must be positive";
        return false;
      }
      // Checked here too: ONNX's inference takes a very long time on
      // dimensions near 2^63.
      bytes = boundedProduct(d, INT32_MAX, bytes);
      if (bytes > INT32_MAX) {
        error = "input '" + in.name() + "' is too large: the generated C "
                "addresses at most " + std::to_string(INT32_MAX) +
                " bytes per tensor";
        return false;
      }
    }
  }
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &out : node.output())
      if (!out.empty())
        produced.insert(out);
  static const llvm::StringSet<> windowOps = {
      "Conv",    "ConvTranspose", "ConvInteger", "QLinearConv", "MaxPool",
      "AveragePool", "LpPool",    "MaxUnpool"};
  for (const onnx::NodeProto &node : graph.node()) {
    bool window = windowOps.contains(node.op_type());
    for (const onnx::AttributeProto &a : node.attribute()) {
      if (a.type() == onnx::AttributeProto::GRAPH ||
          a.type() == onnx::AttributeProto::GRAPHS) {
        error = nodeLabel(node) + ": subgraphs (control flow) are not supported";
        return false;
      }
      llvm::StringRef name = a.name();
      bool positive = name == "strides" || name == "dilations" ||
                      name == "kernel_shape" || (name == "group" && window);
      bool nonNegative = window && (name == "pads" || name == "output_padding");
      if (!positive && !nonNegative)
        continue;
      std::vector<int64_t> values(a.ints().begin(), a.ints().end());
      if (a.type() == onnx::AttributeProto::INT)
        values.push_back(a.i());
      for (int64_t v : values)
        if (v < (positive ? 1 : 0) || v > kMaxAttrValue) {
          error = nodeLabel(node) + ": attribute '" + name.str() + "' value " +
                  std::to_string(v) + " is out of range (" +
                  (positive ? "1" : "0") + " to " +
                  std::to_string(kMaxAttrValue) + ")";
          return false;
        }
    }
    for (const std::string &in : node.input()) {
      if (in.empty() || defined.contains(in))
        continue;
      error = nodeLabel(node) + " reads '" + in + "', " +
              (produced.contains(in)
                   ? "which a later node produces: the graph has a cycle or "
                     "is not in topological order"
                   : "which no node, graph input or initializer defines");
      return false;
    }
    for (const std::string &out : node.output()) {
      if (out.empty())
        continue;
      if (!defined.insert(out).second) {
        error = nodeLabel(node) + " writes '" + out +
                "', which is already defined (a graph input, initializer or "
                "an earlier node's output)";
        return false;
      }
    }
  }
  for (const onnx::ValueInfoProto &out : graph.output())
    if (!defined.contains(out.name())) {
      error = "graph output '" + out.name() +
              "' is not produced by any node, input or initializer";
      return false;
    }
  return true;
}

/// Checks, inside ONNX's inference where the ranks are known, what the
/// Conv family's inference in ONNX 1.12 takes on trust: it sizes dilations
/// and pads by the input's rank but loops over the weight's, and reads the
/// weight's type without checking that it has one. A weight of another rank
/// than the input (a rank-2 MatMul output fed to a Conv, say) reads past
/// those vectors and crashes. `weight` is the weight operand's index.
void checkConvOperands(onnx::InferenceContext &ctx, size_t weight) {
  const onnx::TypeProto *x = ctx.getInputType(0);
  if (!x || !x->has_tensor_type() || !x->tensor_type().has_shape())
    return; // ONNX infers nothing either
  int rank = x->tensor_type().shape().dim_size();
  if (rank < 3)
    fail_shape_inference("the input has rank ", rank,
                         "; it needs a batch, a channel and at least one "
                         "spatial axis");
  if (const onnx::AttributeProto *k = ctx.getAttribute("kernel_shape"))
    if (k->ints_size() != rank - 2)
      fail_shape_inference("kernel_shape has ", k->ints_size(),
                           " values for an input of rank ", rank);
  const onnx::TypeProto *w =
      weight < ctx.getNumInputs() ? ctx.getInputType(weight) : nullptr;
  if (!w || !w->has_tensor_type() || !w->tensor_type().has_shape())
    fail_shape_inference("the weight's shape is unknown");
  int wRank = w->tensor_type().shape().dim_size();
  if (wRank != rank)
    fail_shape_inference("the weight has rank ", wRank,
                         " but the input has rank ", rank);
}

/// Wraps the inference function of every version of the guarded ONNX
/// schemas, once per process, so that the checks above run before ONNX's
/// own (in the version converter's inference and in ours alike).
void guardOnnxInference() {
  static std::once_flag once;
  std::call_once(once, [] {
    static const std::pair<llvm::StringRef, size_t> guarded[] = {
        {"Conv", 1}, {"ConvInteger", 1}, {"ConvTranspose", 1},
        {"QLinearConv", 3}};
    for (const onnx::OpSchema &copy :
         onnx::OpSchemaRegistry::get_all_schemas_with_history()) {
      if (!copy.domain().empty() && copy.domain() != "ai.onnx")
        continue;
      for (const auto &[name, weight] : guarded) {
        if (copy.Name() != name)
          continue;
        // The registry holds its schemas as mutable objects; it hands out
        // const pointers only.
        auto *schema = const_cast<onnx::OpSchema *>(onnx::OpSchemaRegistry::Schema(
            copy.Name(), copy.SinceVersion(), copy.domain()));
        if (!schema || schema->SinceVersion() != copy.SinceVersion() ||
            !schema->has_type_and_shape_inference_function())
          continue;
        onnx::InferenceFunction original =
            schema->GetTypeAndShapeInferenceFunction();
        size_t w = weight;
        schema->TypeAndShapeInferenceFunction(
            [original, w](onnx::InferenceContext &ctx) {
              checkConvOperands(ctx, w);
              original(ctx);
            });
      }
    }
  });
}

/// Parses a binary ModelProto; on failure says whether it nests too deeply
/// (protobuf's recursion limit) rather than being truncated.
bool parseModel(llvm::StringRef bytes, onnx::ModelProto &model,
                std::string &error) {
  constexpr int kNesting = 100;
  auto parse = [&](onnx::ModelProto &m, int limit) {
    google::protobuf::io::CodedInputStream in(
        reinterpret_cast<const uint8_t *>(bytes.data()), (int)bytes.size());
    in.SetRecursionLimit(limit);
    return m.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
  };
  if (parse(model, kNesting) && model.has_graph() &&
      model.opset_import_size() > 0)
    return true;
  onnx::ModelProto deeper;
  if (parse(deeper, 100 * kNesting))
    error = "the model nests messages more than " + std::to_string(kNesting) +
            " levels deep";
  else
    error = "not an ONNX model (truncated, or not a ModelProto)";
  return false;
}

int defaultOpset(const onnx::ModelProto &model) {
  for (const auto &op : model.opset_import())
    if (op.domain().empty() || op.domain() == "ai.onnx")
      return op.version();
  return -1;
}

/// ONNX's version converter, without the copies it would make of the large
/// initializers (its graph and the new model each hold all of them): their
/// data waits outside and is put back by name. No adapter reads a tensor of
/// that size (they read shapes, axes and scales).
void convertKeepingWeights(onnx::ModelProto &model) {
  constexpr size_t kSetAsideBytes = 1 << 16;
  std::map<std::string, std::string> setAside;
  for (onnx::TensorProto &t : *model.mutable_graph()->mutable_initializer())
    if (t.has_raw_data() && t.raw_data().size() >= kSetAsideBytes &&
        !setAside.count(t.name())) {
      setAside[t.name()].swap(*t.mutable_raw_data());
      t.set_raw_data(""); // still raw: the converter keeps the type
    }
  onnx::ModelProto converted =
      onnx::version_conversion::ConvertVersion(model, kTargetOpset);
  bool allThere = true;
  std::map<std::string, onnx::TensorProto *> byName;
  for (onnx::TensorProto &t : *converted.mutable_graph()->mutable_initializer())
    byName[t.name()] = &t;
  for (const auto &entry : setAside) {
    auto it = byName.find(entry.first);
    allThere &= it != byName.end() && it->second->raw_data().empty();
  }
  if (!allThere) {
    // Not as expected: convert with the data in place.
    for (onnx::TensorProto &t : *model.mutable_graph()->mutable_initializer())
      if (auto it = setAside.find(t.name()); it != setAside.end())
        t.mutable_raw_data()->swap(it->second);
    model = onnx::version_conversion::ConvertVersion(model, kTargetOpset);
    return;
  }
  for (auto &entry : setAside)
    byName[entry.first]->mutable_raw_data()->swap(entry.second);
  model.Swap(&converted);
}

} // namespace

bool loadOnnxModel(const std::string &path, const LoadOptions &options,
                   onnx::ModelProto &model, std::string &error) {
  guardOnnxInference();
  llvm::sys::fs::file_status status;
  if (auto ec = llvm::sys::fs::status(path, status)) {
    error = "cannot read the file: " + ec.message();
    return false;
  }
  if (status.type() != llvm::sys::fs::file_type::regular_file) {
    error = "not a regular file";
    return false;
  }
  if (status.getSize() > (uint64_t)INT32_MAX) {
    error = "the file is larger than 2 GiB, protobuf's limit for a model "
            "(store the weights as external data)";
    return false;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    error = "cannot read the file: " + buffer.getError().message();
    return false;
  }
  llvm::StringRef bytes = (*buffer)->getBuffer();
  if (llvm::StringRef(path).ends_with(".onnxtxt")) {
    std::string text = bytes.str(); // the parser keeps a pointer into it
    try {
      onnx::OnnxParser parser(text.c_str());
      auto parsed = parser.Parse(model);
      if (!parsed.IsOK()) {
        error = "not valid ONNX text: " + onnxMessage(parsed.ErrorMessage());
        return false;
      }
    } catch (const std::exception &e) {
      // The parser's std::stoll and friends throw on numbers out of range.
      error = "not valid ONNX text: a number is out of range (" +
              onnxMessage(e.what()) + ")";
      return false;
    }
  } else if (!parseModel(bytes, model, error)) {
    return false;
  }
  buffer->reset(); // parsed: the weights are held once
  if (!loadExternalData(*model.mutable_graph(), path, error) ||
      !validateGraph(model.graph(), error))
    return false;

  int opset = defaultOpset(model);
  if (opset <= 0) {
    error = "the model does not import the default ONNX opset";
    return false;
  }
  if (opset > kTargetOpset) {
    error = "the model uses opset " + std::to_string(opset) +
            "; edgec supports opsets up to " + std::to_string(kTargetOpset);
    return false;
  }
  try {
    onnx::checker::check_model(model);
    if (opset != kTargetOpset) {
      // Some adapters (Softmax 12->13) need the shapes of their inputs.
      onnx::shape_inference::InferShapes(model);
      convertKeepingWeights(model);
    }
  } catch (const std::exception &e) {
    error = "cannot convert the model to opset " +
            std::to_string(kTargetOpset) + ": " + onnxMessage(e.what());
    return false;
  }

  // Fix the requested input shapes before inference.
  for (const auto &[name, dims] : options.inputShapes) {
    bool found = false;
    for (onnx::ValueInfoProto &in : *model.mutable_graph()->mutable_input()) {
      if (in.name() != name)
        continue;
      found = true;
      auto *shape = in.mutable_type()->mutable_tensor_type()->mutable_shape();
      if (shape->dim_size() != (int)dims.size()) {
        error = "--input-shape " + name + "=" + dimsToString(dims) +
                ": the input has rank " + std::to_string(shape->dim_size());
        return false;
      }
      for (size_t i = 0; i < dims.size(); ++i)
        shape->mutable_dim(i)->set_dim_value(dims[i]);
    }
    if (!found) {
      error = "--input-shape names '" + name + "', which is not a graph input";
      return false;
    }
  }

  try {
    onnx::ShapeInferenceOptions opts(/*check_type=*/true, /*error_mode=*/1,
                                     /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       opts);
  } catch (const std::exception &e) {
    error = "shape inference failed: " + onnxMessage(e.what());
    return false;
  }
  return true;
}

} // namespace edgec
