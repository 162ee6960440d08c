//===- Enums.td - enums shared by the nn and kernel dialects -*- tablegen -*-===//
//
// The C++ enums; their attributes (printed by name) are in EdgecAttrs.td.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_ENUMS
#define EDGEC_ENUMS

include "mlir/IR/EnumAttr.td"

def PoolKind : I32Enum<"PoolKind", "pooling reduction", [
  I32EnumCase<"max", 0>, I32EnumCase<"avg", 1>]> {
  let cppNamespace = "::edgec";
}

def BinaryKind : I32Enum<"BinaryKind", "element-wise binary op", [
  I32EnumCase<"add", 0>, I32EnumCase<"sub", 1>,
  I32EnumCase<"mul", 2>, I32EnumCase<"div", 3>,
  I32EnumCase<"max", 4>, I32EnumCase<"min", 5>,
  I32EnumCase<"pow", 6>, I32EnumCase<"mod", 7>, I32EnumCase<"fmod", 8>,
  I32EnumCase<"logical_and", 9>, I32EnumCase<"logical_or", 10>,
  I32EnumCase<"logical_xor", 11>, I32EnumCase<"shl", 12>,
  I32EnumCase<"shr", 13>, I32EnumCase<"eq", 14>, I32EnumCase<"lt", 15>,
  I32EnumCase<"le", 16>, I32EnumCase<"gt", 17>, I32EnumCase<"ge", 18>]> {
  let cppNamespace = "::edgec";
}

def UnaryKind : I32Enum<"UnaryKind", "element-wise unary function", [
  I32EnumCase<"exp", 0>, I32EnumCase<"log", 1>,
  I32EnumCase<"sqrt", 2>, I32EnumCase<"tanh", 3>,
  I32EnumCase<"erf", 4>, I32EnumCase<"sigmoid", 5>,
  I32EnumCase<"neg", 6>, I32EnumCase<"abs", 7>,
  I32EnumCase<"reciprocal", 8>, I32EnumCase<"hard_sigmoid", 9>,
  I32EnumCase<"hard_swish", 10>, I32EnumCase<"floor", 11>,
  I32EnumCase<"ceil", 12>, I32EnumCase<"round", 13>,
  I32EnumCase<"sign", 14>, I32EnumCase<"logical_not", 15>,
  I32EnumCase<"sin", 16>, I32EnumCase<"cos", 17>, I32EnumCase<"tan", 18>,
  I32EnumCase<"asin", 19>, I32EnumCase<"acos", 20>, I32EnumCase<"atan", 21>,
  I32EnumCase<"sinh", 22>, I32EnumCase<"cosh", 23>, I32EnumCase<"asinh", 24>,
  I32EnumCase<"acosh", 25>, I32EnumCase<"atanh", 26>]> {
  let cppNamespace = "::edgec";
}

def ReduceKind : I32Enum<"ReduceKind", "reduction", [
  I32EnumCase<"sum", 0>, I32EnumCase<"mean", 1>,
  I32EnumCase<"max", 2>, I32EnumCase<"min", 3>, I32EnumCase<"prod", 4>]> {
  let cppNamespace = "::edgec";
}

def PadMode : I32Enum<"PadMode", "padding mode", [
  I32EnumCase<"constant", 0>, I32EnumCase<"reflect", 1>,
  I32EnumCase<"edge", 2>]> {
  let cppNamespace = "::edgec";
}

def FpuKind : I32Enum<"FpuKind", "floating-point unit of a target", [
  I32EnumCase<"none", 0>, I32EnumCase<"sp", 1>, I32EnumCase<"dp", 2>]> {
  let cppNamespace = "::edgec";
}

#endif // EDGEC_ENUMS
