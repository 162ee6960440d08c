//===- EdgecAttrs.td - attributes of the edgec dialect -----*- tablegen -*-===//
#ifndef EDGEC_ATTRS
#define EDGEC_ATTRS

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "ir/EdgecDialect.td"
include "ir/Enums.td"

// Enums print by name: `nn.pool2d max ...`, or `#edgec<pool_kind max>` in
// an attribute dictionary.
def Edgec_PoolKindAttr : EnumAttr<Edgec_Dialect, PoolKind, "pool_kind">;
def Edgec_BinaryKindAttr : EnumAttr<Edgec_Dialect, BinaryKind, "binary_kind">;
def Edgec_UnaryKindAttr : EnumAttr<Edgec_Dialect, UnaryKind, "unary_kind">;
def Edgec_ReduceKindAttr : EnumAttr<Edgec_Dialect, ReduceKind, "reduce_kind">;
def Edgec_PadModeAttr : EnumAttr<Edgec_Dialect, PadMode, "pad_mode">;

def Edgec_TargetAttr : AttrDef<Edgec_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "what the C is generated for";
  let description = [{
    A target as data: its name, ISA features (`dsp`, `mve`, `mve-fp`,
    `neon`, `dotprod`, `sse2`, `avx2`, `avx512`, ... sorted), floating-point
    unit, on-chip RAM and flash in bytes (0: unknown), the byte alignment of
    weights and arena buffers, the C compiler, archiver and flags that
    `--emit=lib` uses, and cost-model numbers (`cost`, e.g. `clock_mhz`).
    Set on the module once (`edgec --target`, or `edgec-set-target`); passes
    and the emitter read it from there.

    ```mlir
    module attributes {edgec.target = #edgec.target<name = "cortex-m4",
        features = ["dsp"], fpu = sp, sram = 262144, flash = 1048576,
        alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar",
        cflags = ["-O2", "-mthumb", "-mcpu=cortex-m4"], cost = {clock_mhz = 168 : i64}>} {
    }
    ```
  }];
  let parameters = (ins "::mlir::StringAttr":$name,
                        "::mlir::ArrayAttr":$features,
                        EnumParameter<FpuKind>:$fpu,
                        "int64_t":$sram,
                        "int64_t":$flash,
                        "int64_t":$alignment,
                        "::mlir::StringAttr":$cc,
                        "::mlir::StringAttr":$ar,
                        "::mlir::ArrayAttr":$cflags,
                        "::mlir::DictionaryAttr":$cost);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// True when the target has ISA feature `feature`.
    bool hasFeature(::llvm::StringRef feature) const;
    /// True when it has one of `alternatives`, written "neon|sse2".
    bool hasAnyFeature(::llvm::StringRef alternatives) const;
    /// The C compiler flags as strings.
    std::vector<std::string> getCFlagList() const;
  }];
}

def Edgec_KernelAttr : AttrDef<Edgec_Dialect, "Kernel"> {
  let mnemonic = "kernel";
  let summary = "the C function that runs a kernel op";
  let description = [{
    Recorded on each kernel op by `edgec-select-kernels`: the runtime
    function the emitted C calls and the runtime headers the call needs
    (those headers' own includes are shipped too).

    ```mlir
    kernel.conv2d %x, %w, %b, %y {edgec.kernel = #edgec.kernel<"ec_dwconv2d_f32" in ["ec_conv.h"]>, ...}
    ```
  }];
  let parameters = (ins "::mlir::StringAttr":$fn, "::mlir::ArrayAttr":$headers);
  let assemblyFormat = "`<` $fn `in` $headers `>`";
}

#endif // EDGEC_ATTRS
