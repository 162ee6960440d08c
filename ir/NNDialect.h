//===- NNDialect.h - nn dialect ---------------------------------*- C++ -*-===//
//
// The graph-level dialect: value-semantics ops on static tensors.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_NNDIALECT_H
#define EDGEC_IR_NNDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ir/EdgecDialect.h"
#include "ir/NNDialect.h.inc"

#define GET_OP_CLASSES
#include "ir/NNOps.h.inc"

#endif // EDGEC_IR_NNDIALECT_H
