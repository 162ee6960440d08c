//===- EdgecDialect.td - the edgec dialect: shared attributes -*- tablegen -*-===//
//
// The edgec dialect has no ops. It owns what the nn and kernel dialects and
// the passes share: the target description, the kernel a kernel op runs, the
// enums, and every discardable attribute the compiler records on modules,
// functions, arguments and ops (declared here, so each has a typed helper
// and the dialect verifies where it may appear).
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_DIALECT
#define EDGEC_DIALECT

include "mlir/IR/DialectBase.td"

def Edgec_Dialect : Dialect {
  let name = "edgec";
  let summary = "Targets, kernel choices, enums and the compiler's annotations";
  let description = [{
    A module compiled by edgec carries its target as `edgec.target`; every
    pass and the C emitter read it from there. After `edgec-select-kernels`
    each kernel op names the C function that runs it in `edgec.kernel`.
    Memory planning records its results on the function (`edgec.arena_size`,
    `edgec.arena_lower_bound`, ...) and on each kernel op
    (`edgec.live_bytes`, `edgec.step`).
  }];
  let cppNamespace = "::edgec";
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let discardableAttrs = (ins
    // On the module.
    "::edgec::TargetAttr":$target,
    // On a kernel op: the C function that runs it.
    "::edgec::KernelAttr":$kernel,
    // On function arguments: the ONNX name of a graph input (or, on the
    // results of an imported function, of a graph output), the index of
    // the graph output a caller's buffer receives, and the arena.
    "::mlir::StringAttr":$name,
    "::mlir::IntegerAttr":$output,
    "::mlir::UnitAttr":$arena,
    // On the function once outputs are caller buffers: the ONNX output names.
    "::mlir::ArrayAttr":$output_names,
    // On the function, from scheduling and memory planning.
    "::mlir::StringAttr":$schedule_search,
    "::mlir::StringAttr":$schedule,
    "::mlir::IntegerAttr":$arena_size,
    "::mlir::IntegerAttr":$arena_lower_bound,
    "::mlir::IntegerAttr":$onnx_order_lower_bound,
    "::mlir::IntegerAttr":$no_reuse_bytes,
    "::mlir::StringAttr":$placement,
    "::mlir::IntegerAttr":$quadratic_fusion_arena_saved,
    // On kernel ops: schedule step and bytes live while it runs; on a copy
    // the compiler kept, why.
    "::mlir::IntegerAttr":$step,
    "::mlir::IntegerAttr":$live_bytes,
    "::mlir::StringAttr":$copy_reason,
    // On an op left in f32 by int8 quantization: why; on the function, the
    // list of those ops ({name, op, reason} each).
    "::mlir::StringAttr":$float_reason,
    "::mlir::ArrayAttr":$float_layers,
    // On an arena view: its live range [first, last] over the steps.
    "::mlir::DenseI64ArrayAttr":$live
  );
}

#endif // EDGEC_DIALECT
