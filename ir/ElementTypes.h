//===- ElementTypes.h - bytes and storage of element types ------*- C++ -*-===//
//
// Every byte count (live bytes, arena sizes, copy bytes, weights) comes from
// the element type: f32 is 4 bytes, i8 and quantized int8 1, i1 one byte.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_ELEMENTTYPES_H
#define EDGEC_IR_ELEMENTTYPES_H

#include "mlir/IR/BuiltinTypes.h"

namespace edgec {

/// The type an element is stored as: the storage integer of a quantized
/// type, the type itself otherwise.
mlir::Type storageType(mlir::Type elementType);

/// Bytes one element takes in memory (i1: one byte).
int64_t elementBytes(mlir::Type elementType);

/// Bytes of a statically shaped tensor or memref.
int64_t byteSize(mlir::ShapedType type);

/// Bytes of a value of statically shaped tensor or memref type (0 for
/// anything else).
int64_t byteSize(mlir::Value value);

} // namespace edgec

#endif // EDGEC_IR_ELEMENTTYPES_H
