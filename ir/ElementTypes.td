//===- ElementTypes.td - element types of nn and kernel values -*- tablegen -*-===//
#ifndef EDGEC_ELEMENT_TYPES
#define EDGEC_ELEMENT_TYPES

include "mlir/IR/CommonTypeConstraints.td"

def Edgec_QuantizedType : Type<
    CPred<"::llvm::isa<::mlir::quant::QuantizedType>($_self)">,
    "quantized type (quant dialect)">;

/// What a tensor or buffer element may be: f32, the integer and boolean
/// types ONNX has, and quantized types (`!quant.uniform<i8:f32, ...>`,
/// per-tensor or per-axis).
def Edgec_ElementType : AnyTypeOf<[F32, I1, I8, I16, I32, I64, UI8, UI16, UI32, UI64,
                                   Edgec_QuantizedType]>;

#endif // EDGEC_ELEMENT_TYPES
