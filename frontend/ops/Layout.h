//===- Layout.h - NCHW <-> NHWC helpers for importers -----------*- C++ -*-===//
#ifndef EDGEC_FRONTEND_OPS_LAYOUT_H
#define EDGEC_FRONTEND_OPS_LAYOUT_H

#include "frontend/OpImporter.h"

namespace edgec {

/// nn.transpose of `v` by `perm`.
mlir::Value transpose(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      llvm::ArrayRef<int64_t> perm);

/// Spatial padding [top, left, bottom, right] of a 2-D window op from ONNX's
/// `pads` ([h_begin, w_begin, h_end, w_end]) or `auto_pad`.
mlir::FailureOr<llvm::SmallVector<int64_t>>
windowPads(NodeImporter &ni, llvm::ArrayRef<int64_t> inHW,
           llvm::ArrayRef<int64_t> kernel, llvm::ArrayRef<int64_t> strides,
           llvm::ArrayRef<int64_t> dilations);

} // namespace edgec

#endif // EDGEC_FRONTEND_OPS_LAYOUT_H
