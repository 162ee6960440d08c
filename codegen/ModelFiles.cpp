//===- ModelFiles.cpp - NAME.h, NAME_weights.c and NAME.c -----------------===//
#include "codegen/Emitter.h"

#include "ir/Constants.h"
#include "ir/ElementTypes.h"
#include "ir/ShapeUtils.h"

#include "ir/Quantization.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;

namespace edgec {

namespace {

/// A C literal of integer `v` stored as `type` (the minimum of a signed
/// 32- or 64-bit type has no literal of its own).
std::string intLiteral(int64_t v, StringRef type) {
  if (type == "int64_t" && v == std::numeric_limits<int64_t>::min())
    return "(-9223372036854775807LL - 1)";
  if (type == "int32_t" && v == std::numeric_limits<int32_t>::min())
    return "(-2147483647 - 1)";
  if (type == "uint32_t" || type == "uint64_t")
    return std::to_string((uint64_t)v) + "u";
  return std::to_string(v);
}

/// The interface's element type names: "float" everywhere for float models.
std::string elementC(MemRefType type) { return cTypeOf(type.getElementType()); }

} // namespace

std::string emitHeaderFile(CEmitter &e, StringRef banner) {
  std::string upper = StringRef(e.opts.name).upper();
  Interface io = interfaceOf(e.func);
  int64_t arenaSize = e.dialect->getArenaSizeAttrHelper().getAttr(e.func).getInt();
  int64_t align = e.target.getAlignment();
  std::string header = banner.str();
  header += "#ifndef " + upper + "_H\n#define " + upper + "_H\n\n";
  if (e.int8Entry)
    header += "#include <stdint.h>\n\n";
  header += "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  header += llvm::formatv("/* Bytes of scratch RAM the caller provides, {0}-byte "
                          "aligned. */\n#define {1}_ARENA_SIZE {2}\n",
                          align, upper, std::max<int64_t>(arenaSize, align));
  header += llvm::formatv("#define {0}_NUM_INPUTS {1}\n#define {0}_NUM_OUTPUTS "
                          "{2}\n",
                          upper, io.inputs.size(), io.outputs.size());
  // Float models keep the float interface; others state each C type.
  auto typeNote = [&](MemRefType type) {
    return e.floatInterface ? std::string() : " " + elementC(type);
  };
  for (auto [i, in] : llvm::enumerate(io.inputs))
    header += llvm::formatv("#define {0}_INPUT{1}_SIZE {2} /* \"{3}\": {4}{5} */\n",
                            upper, i, in.second.getNumElements(), commentText(in.first),
                            shapeToString(in.second.getShape()),
                            typeNote(in.second));
  for (auto [i, out] : llvm::enumerate(io.outputs))
    header += llvm::formatv("#define {0}_OUTPUT{1}_SIZE {2} /* \"{3}\": {4}{5} */\n",
                            upper, i, out.second.getNumElements(), commentText(out.first),
                            shapeToString(out.second.getShape()),
                            typeNote(out.second));
  if (e.int8Entry) {
    header += "\n/* The int8 interface of NAME_run_int8: real value = SCALE * "
              "(q - ZERO_POINT). */\n";
    auto macros = [&](StringRef kind,
                      ArrayRef<quant::UniformQuantizedType> types) {
      for (auto [i, t] : llvm::enumerate(types))
        header += llvm::formatv(
            "#define {0}_{1}{2}_SCALE {3}\n#define {0}_{1}{2}_ZERO_POINT ({4})\n",
            upper, kind, i, floatLiteral((float)t.getScale()), t.getZeroPoint());
    };
    macros("INPUT", e.int8Inputs);
    macros("OUTPUT", e.int8Outputs);
  }
  if (e.floatInterface) {
    header += "\n/* Runs the model. inputs and outputs are float32, in the ONNX "
              "graph's order,\n   row-major in ONNX's shapes; arena holds " +
              upper + "_ARENA_SIZE bytes. Returns 0. */\n";
    header += "int " + e.opts.name +
              "_run(const float *const *inputs, float *const *outputs, "
              "void *arena);\n\n";
    if (e.int8Entry) {
      header += "/* The same on the int8 values of the inputs and outputs "
                "(their types above). */\n";
      header += "int " + e.opts.name +
                "_run_int8(const int8_t *const *inputs, int8_t *const "
                "*outputs, void *arena);\n\n";
    }
  } else {
    header += "\n/* Runs the model. inputs and outputs point to arrays of the "
              "C types above, in\n   the ONNX graph's order, row-major in "
              "ONNX's shapes; arena holds " +
              upper + "_ARENA_SIZE bytes.\n   Returns 0. */\n";
    header += "int " + e.opts.name +
              "_run(const void *const *inputs, void *const *outputs, "
              "void *arena);\n\n";
  }
  header += "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " + upper + "_H */\n";
  return header;
}

LogicalResult emitWeightsFile(CEmitter &e, StringRef banner,
                              std::string &weights, std::string &externs,
                              int64_t &weightsBytes) {
  weights = banner.str() + "#include \"ec_common.h\"\n\n";
  bool usesMath = false;
  int64_t align = e.target.getAlignment();
  for (auto global : e.module.getOps<memref::GlobalOp>()) {
    MemRefType type = global.getType();
    std::string ctype = elementC(type);
    std::string name = e.sym(global.getSymName());
    SmallVector<std::string> literals;
    if (auto res = dyn_cast_or_null<DenseResourceElementsAttr>(
            global.getInitialValueAttr());
        res && !res.getRawHandle().getBlob())
      return global.emitError("the data of weight '")
             << global.getSymName()
             << "' is missing (IR printed without --print-weights)";
    if (type.getElementType().isF32()) {
      auto values = getF32Values(global.getInitialValueAttr());
      if (!values)
        return global.emitError("weight '")
               << global.getSymName() << "' has no f32 data";
      for (float v : *values) {
        usesMath |= std::isnan(v) || std::isinf(v);
        literals.push_back(floatLiteral(v));
      }
    } else {
      auto values = getIntValues(global.getInitialValueAttr());
      if (!values || ctype.empty())
        return global.emitError("weight '")
               << global.getSymName() << "' has no data edgec can write as "
               << type.getElementType();
      for (int64_t v : *values)
        literals.push_back(intLiteral(v, ctype));
    }
    std::string decl = llvm::formatv("const {0} {1}[{2}]", ctype, name,
                                     std::max<size_t>(literals.size(), 1));
    externs += "extern " + decl + ";\n";
    weights += "/* " + shapeToString(type.getShape()) + " */\n";
    weights += decl + " EC_ALIGNED(" + std::to_string(align) + ") = {";
    for (auto [i, literal] : llvm::enumerate(literals))
      weights += (i % 8 == 0 ? "\n  " : " ") + literal + ",";
    if (literals.empty())
      weights += ctype == "float" ? "0.0f" : "0";
    weights += "\n};\n\n";
    weightsBytes += byteSize(type);
  }
  if (usesMath) // NAN and INFINITY
    weights.insert(weights.find("#include"), "#include <math.h>\n");
  return success();
}

std::string emitSourceFile(CEmitter &e, StringRef banner, StringRef externs) {
  std::string src = banner.str();
  src += "#include \"" + e.opts.name + ".h\"\n\n#include <math.h>\n";
  for (const std::string &h : e.headers)
    src += "#include \"" + h + "\"\n";
  src += "\n/* Weights, in " + e.opts.name + "_weights.c. */\n" + externs.str() +
         "\n";
  src += "/* Layer parameters. */\n" + e.params + "\n";
  if (e.int8Entry)
    src += "/* Both entry points: float arrays (quantized here), or int8 ones. "
           "*/\nstatic int " + e.opts.name +
           "_body(const float *const *inputs, float *const *outputs,\n"
           "    const int8_t *const *inputs_int8, int8_t *const *outputs_int8, "
           "void *arena) {\n";
  else
    src += "int " + e.opts.name +
           (e.floatInterface
                ? "_run(const float *const *inputs, float *const *outputs, "
                : "_run(const void *const *inputs, void *const *outputs, ") +
           "void *arena) {\n";
  if (e.usesArena)
    src += "  unsigned char *ar = (unsigned char *)arena;\n";
  else
    src += "  (void)arena;\n";
  if (!e.usesInputs)
    src += "  (void)inputs;\n";
  if (!e.usesOutputs)
    src += "  (void)outputs;\n";
  e.body.flush();
  src += e.bodyText + "  return 0;\n}\n";
  if (e.int8Entry) {
    src += "\nint " + e.opts.name +
           "_run(const float *const *inputs, float *const *outputs, void "
           "*arena) {\n  return " + e.opts.name +
           "_body(inputs, outputs, NULL, NULL, arena);\n}\n";
    src += "\nint " + e.opts.name +
           "_run_int8(const int8_t *const *inputs, int8_t *const *outputs, "
           "void *arena) {\n  return " + e.opts.name +
           "_body(NULL, NULL, inputs, outputs, arena);\n}\n";
  }
  return src;
}

} // namespace edgec
