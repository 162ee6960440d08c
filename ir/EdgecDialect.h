//===- EdgecDialect.h - the edgec dialect -----------------------*- C++ -*-===//
//
// Attributes shared by the nn and kernel dialects and the passes: the
// target, the chosen kernel, enums, and the declared discardable attributes.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_EDGECDIALECT_H
#define EDGEC_IR_EDGECDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/Operation.h"

#include <string>
#include <vector>

#include "ir/Enums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/EdgecAttrs.h.inc"

#include "ir/EdgecDialect.h.inc"

namespace edgec {

/// The target of the module enclosing `op` (or `op` itself when it is one),
/// or null when none is set.
TargetAttr lookupTarget(mlir::Operation *op);

/// Registers every dialect edgec's IR uses (nn, kernel, edgec, func, arith,
/// memref, quant), and lets memrefs hold quantized elements.
void registerDialects(mlir::DialectRegistry &registry);

} // namespace edgec

#endif // EDGEC_IR_EDGECDIALECT_H
