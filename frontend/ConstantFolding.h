//===- ConstantFolding.h - evaluate ONNX nodes on constants -----*- C++ -*-===//
//
// Exporters compute shapes at run time (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape, Div for channel splits, ...). With static shapes all of
// it is known at compile time; the importer evaluates such nodes here so
// none of it reaches the IR or the C.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_FRONTEND_CONSTANTFOLDING_H
#define EDGEC_FRONTEND_CONSTANTFOLDING_H

#include "frontend/OpImporter.h"

namespace edgec {

/// Evaluates `node` when every input is a constant and the op is one this
/// evaluator knows. Returns false (and leaves `outputs` empty) when it does
/// not apply; `error` is set when the node is malformed.
bool foldConstantNode(const onnx::NodeProto &node,
                      llvm::ArrayRef<const ConstTensor *> inputs,
                      std::vector<ConstTensor> &outputs, std::string &error);

/// Start, size and step per dimension of an ONNX Slice on `shape`, from its
/// starts/ends/axes/steps (axes and steps may be empty).
bool sliceBounds(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> starts,
                 llvm::ArrayRef<int64_t> ends, llvm::ArrayRef<int64_t> axes,
                 llvm::ArrayRef<int64_t> steps,
                 llvm::SmallVectorImpl<int64_t> &offsets,
                 llvm::SmallVectorImpl<int64_t> &sizes,
                 llvm::SmallVectorImpl<int64_t> &strides, std::string &error);

/// The result shape of Unsqueeze with `axes` (possibly negative).
bool unsqueezeShape(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> axes,
                    llvm::SmallVectorImpl<int64_t> &out, std::string &error);

/// The result shape of Squeeze with `axes` (all size-1 dimensions if empty).
bool squeezeShape(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> axes,
                  llvm::SmallVectorImpl<int64_t> &out, std::string &error);

} // namespace edgec

#endif // EDGEC_FRONTEND_CONSTANTFOLDING_H
