//===- Enums.td - enums shared by the nn and kernel dialects -*- tablegen -*-===//
#ifndef EDGEC_ENUMS
#define EDGEC_ENUMS

include "mlir/IR/EnumAttr.td"

def PoolKind : I32EnumAttr<"PoolKind", "pooling reduction", [
  I32EnumAttrCase<"max", 0>, I32EnumAttrCase<"avg", 1>]> {
  let cppNamespace = "::edgec";
}

def BinaryKind : I32EnumAttr<"BinaryKind", "element-wise binary op", [
  I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>,
  I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"div", 3>]> {
  let cppNamespace = "::edgec";
}

def ConvVariant : I32EnumAttr<"ConvVariant", "convolution C kernel", [
  I32EnumAttrCase<"generic", 0>, I32EnumAttrCase<"depthwise", 1>]> {
  let cppNamespace = "::edgec";
}

#endif // EDGEC_ENUMS
