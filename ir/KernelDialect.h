//===- KernelDialect.h - kernel dialect -------------------------*- C++ -*-===//
//
// The buffer-level dialect: one destination-passing op per C kernel call.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_IR_KERNELDIALECT_H
#define EDGEC_IR_KERNELDIALECT_H

#include "ir/NNDialect.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

#include "ir/KernelDialect.h.inc"

#define GET_OP_CLASSES
#include "ir/KernelOps.h.inc"

#endif // EDGEC_IR_KERNELDIALECT_H
