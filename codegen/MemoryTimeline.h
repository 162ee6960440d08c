//===- MemoryTimeline.h - SVG picture of a memory plan ----------*- C++ -*-===//
#ifndef EDGEC_CODEGEN_MEMORYTIMELINE_H
#define EDGEC_CODEGEN_MEMORYTIMELINE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace edgec {

/// An SVG drawing every arena buffer of the planned `func` as a box: time
/// (the schedule's steps) across, arena offset down, with the step where
/// the most bytes are live marked. Hovering a box names the layer that
/// writes it and its size.
std::string renderMemoryTimeline(mlir::func::FuncOp func);

} // namespace edgec

#endif // EDGEC_CODEGEN_MEMORYTIMELINE_H
