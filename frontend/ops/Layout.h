//===- Layout.h - NCHW <-> NHWC helpers for importers -----------*- C++ -*-===//
#ifndef EDGEC_FRONTEND_OPS_LAYOUT_H
#define EDGEC_FRONTEND_OPS_LAYOUT_H

#include "frontend/OpImporter.h"

namespace edgec {

/// nn.transpose of `v` by `perm`.
mlir::Value transpose(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      llvm::ArrayRef<int64_t> perm);

/// Spatial padding [top, left, bottom, right] of a 2-D window op from ONNX's
/// `pads` ([h_begin, w_begin, h_end, w_end], or [begin, end] for a 1-D op
/// lifted to 2-D) or `auto_pad`.
mlir::FailureOr<llvm::SmallVector<int64_t>>
windowPads(NodeImporter &ni, llvm::ArrayRef<int64_t> inHW,
           llvm::ArrayRef<int64_t> kernel, llvm::ArrayRef<int64_t> strides,
           llvm::ArrayRef<int64_t> dilations, bool oneD);

/// A 1-D window attribute lifted to 2-D by prepending `lead`; 2-D ones are
/// returned as they are. Failure when the count fits neither.
mlir::FailureOr<llvm::SmallVector<int64_t>>
windowAttr(NodeImporter &ni, llvm::StringRef name, std::vector<int64_t> dflt,
           bool oneD, int64_t lead);

/// The NHWC type of a window op's result, after checking its ONNX (NCHW,
/// or NCL for a lifted 1-D op) shape against ONNX's shape inference.
mlir::FailureOr<mlir::RankedTensorType>
nhwcResultType(NodeImporter &ni, llvm::ArrayRef<int64_t> nhwcShape, bool oneD);

/// Sets output 0 to the NHWC result `y` in ONNX's layout: transposed back
/// to NCHW, and to NCL for a lifted 1-D op.
void setNHWCResult(NodeImporter &ni, mlir::Value y, bool oneD);

/// `v` ([N, C, L] when lifting a 1-D op) reshaped to [N, C, 1, L].
mlir::Value liftTo2D(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v);

} // namespace edgec

#endif // EDGEC_FRONTEND_OPS_LAYOUT_H
