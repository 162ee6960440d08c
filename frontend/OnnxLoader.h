//===- OnnxLoader.h - read and normalize an ONNX model ----------*- C++ -*-===//
#ifndef EDGEC_FRONTEND_ONNXLOADER_H
#define EDGEC_FRONTEND_ONNXLOADER_H

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace edgec {

/// The opset every model is converted to before import.
inline constexpr int kTargetOpset = 17;

struct LoadOptions {
  /// Fixed shapes for graph inputs, by name (`--input-shape`).
  std::map<std::string, std::vector<int64_t>> inputShapes;
};

/// Reads `path` (binary protobuf, or ONNX text format when the file name
/// ends in `.onnxtxt`), loads external tensor data stored beside it,
/// converts it to kTargetOpset and runs ONNX shape inference. On failure
/// returns false with a one-line reason in `error`.
bool loadOnnxModel(const std::string &path, const LoadOptions &options,
                   onnx::ModelProto &model, std::string &error);

} // namespace edgec

#endif // EDGEC_FRONTEND_ONNXLOADER_H
