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
  I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"div", 3>,
  I32EnumAttrCase<"max", 4>, I32EnumAttrCase<"min", 5>,
  I32EnumAttrCase<"pow", 6>]> {
  let cppNamespace = "::edgec";
}

def UnaryKind : I32EnumAttr<"UnaryKind", "element-wise unary function", [
  I32EnumAttrCase<"exp", 0>, I32EnumAttrCase<"log", 1>,
  I32EnumAttrCase<"sqrt", 2>, I32EnumAttrCase<"tanh", 3>,
  I32EnumAttrCase<"erf", 4>, I32EnumAttrCase<"sigmoid", 5>,
  I32EnumAttrCase<"neg", 6>, I32EnumAttrCase<"abs", 7>,
  I32EnumAttrCase<"reciprocal", 8>, I32EnumAttrCase<"hard_sigmoid", 9>,
  I32EnumAttrCase<"hard_swish", 10>]> {
  let cppNamespace = "::edgec";
}

def ReduceKind : I32EnumAttr<"ReduceKind", "reduction", [
  I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"mean", 1>,
  I32EnumAttrCase<"max", 2>, I32EnumAttrCase<"min", 3>]> {
  let cppNamespace = "::edgec";
}

def PadMode : I32EnumAttr<"PadMode", "padding mode", [
  I32EnumAttrCase<"constant", 0>, I32EnumAttrCase<"reflect", 1>,
  I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::edgec";
}

def ConvVariant : I32EnumAttr<"ConvVariant", "convolution C kernel", [
  I32EnumAttrCase<"generic", 0>, I32EnumAttrCase<"depthwise", 1>]> {
  let cppNamespace = "::edgec";
}

#endif // EDGEC_ENUMS
