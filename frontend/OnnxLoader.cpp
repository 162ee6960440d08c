//===- OnnxLoader.cpp - read and normalize an ONNX model ------------------===//
#include "frontend/OnnxLoader.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

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
      if (kv.key() == "location")
        location = kv.value();
      else if (kv.key() == "offset")
        offset = std::stoll(kv.value());
      else if (kv.key() == "length")
        length = std::stoll(kv.value());
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
    auto buffer = llvm::MemoryBuffer::getFile(realFile, /*IsText=*/false);
    if (!buffer) {
      error = "initializer '" + t.name() + "': cannot read external data '" +
              location + "'";
      return false;
    }
    llvm::StringRef bytes = (*buffer)->getBuffer();
    if (offset < 0 || offset > (int64_t)bytes.size() ||
        (length >= 0 && offset + length > (int64_t)bytes.size())) {
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

std::string firstLine(const std::string &s) { return s.substr(0, s.find('\n')); }

int defaultOpset(const onnx::ModelProto &model) {
  for (const auto &op : model.opset_import())
    if (op.domain().empty() || op.domain() == "ai.onnx")
      return op.version();
  return -1;
}

} // namespace

bool loadOnnxModel(const std::string &path, const LoadOptions &options,
                   onnx::ModelProto &model, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    error = "cannot read the file: " + buffer.getError().message();
    return false;
  }
  llvm::StringRef bytes = (*buffer)->getBuffer();
  if (llvm::StringRef(path).ends_with(".onnxtxt")) {
    std::string text = bytes.str(); // the parser keeps a pointer into it
    onnx::OnnxParser parser(text.c_str());
    auto status = parser.Parse(model);
    if (!status.IsOK()) {
      error = "not valid ONNX text: " + status.ErrorMessage();
      return false;
    }
  } else if (!model.ParseFromArray(bytes.data(), (int)bytes.size()) ||
             !model.has_graph() || model.opset_import_size() == 0) {
    error = "not an ONNX model (truncated, or not a ModelProto)";
    return false;
  }
  if (!loadExternalData(*model.mutable_graph(), path, error))
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
      model = onnx::version_conversion::ConvertVersion(model, kTargetOpset);
    }
  } catch (const std::exception &e) {
    error = "cannot convert the model to opset " +
            std::to_string(kTargetOpset) + ": " + firstLine(e.what());
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
    error = "shape inference failed: " + firstLine(e.what());
    return false;
  }
  return true;
}

} // namespace edgec
