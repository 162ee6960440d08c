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
#include "llvm/ADT/bit.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SwapByteOrder.h"

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
  header += "/* The edgec that wrote this, and the model file's SHA-256. */\n"
            "#define " + upper + "_EDGEC_VERSION \"" EDGEC_VERSION "\"\n";
  if (!e.opts.sourceSha256.empty())
    header += "#define " + upper + "_MODEL_SHA256 \"" + e.opts.sourceSha256 + "\"\n";
  header += llvm::formatv("#define {0}_NUM_INPUTS {1}\n#define {0}_NUM_OUTPUTS "
                          "{2}\n",
                          upper, io.inputs.size(), io.outputs.size());
  // Float models keep the float interface; others state each C type.
  auto typeNote = [&](MemRefType type) {
    if (e.floatInterface)
      return std::string();
    return type.getElementType().isInteger(1) ? " bool as uint8_t 0 or 1"
                                              : " " + elementC(type);
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
  if (!e.floatInterface) {
    // The C element type of each input and output, for code that sizes
    // buffers or dispatches on it.
    header += "#define " + upper + "_TYPED_INTERFACE 1\n";
    for (auto [i, in] : llvm::enumerate(io.inputs))
      header += llvm::formatv("#define {0}_INPUT{1}_TYPE {2}\n", upper, i,
                              elementC(in.second));
    for (auto [i, out] : llvm::enumerate(io.outputs))
      header += llvm::formatv("#define {0}_OUTPUT{1}_TYPE {2}\n", upper, i,
                              elementC(out.second));
  }
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
  if (e.opts.layerHooks)
    header += "/* --layer-hooks: " + e.opts.name +
              "_run calls these (which the application defines)\n   around "
              "every layer, with its index in report.json's layers and its "
              "ONNX node. */\nvoid " +
              e.opts.name + "_layer_begin(int index, const char *name);\nvoid " +
              e.opts.name + "_layer_end(int index, const char *name);\n\n";
  header += "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " + upper + "_H */\n";
  return header;
}

namespace {

/// One weight as the C holds it.
struct Weight {
  std::string name, ctype, comment;
  /// The attribute's own data when it is laid out as the targets store it
  /// (little-endian), else empty and `owned` holds it.
  ArrayRef<uint8_t> view;
  std::vector<uint8_t> owned;
  ArrayRef<uint8_t> bytes() const {
    return owned.empty() ? view : ArrayRef<uint8_t>(owned);
  }
  int64_t count = 0;
  unsigned width = 0; // bytes per element
  bool isFloat = false;
};

void appendLittleEndian(std::vector<uint8_t> &out, uint64_t v, unsigned width) {
  for (unsigned i = 0; i < width; ++i)
    out.push_back(uint8_t(v >> (8 * i)));
}

/// The data of `attr` as it is in memory, when that is `count` elements of
/// `width` little-endian bytes (not for splats or packed i1).
std::optional<ArrayRef<uint8_t>> rawData(Attribute attr, int64_t count,
                                         unsigned width) {
  if (!llvm::sys::IsLittleEndianHost)
    return std::nullopt;
  ArrayRef<char> data;
  if (auto res = dyn_cast_or_null<DenseResourceElementsAttr>(attr)) {
    if (AsmResourceBlob *blob = res.getRawHandle().getBlob())
      data = blob->getData();
  } else if (auto dense = dyn_cast_or_null<DenseElementsAttr>(attr)) {
    if (!dense.isSplat())
      data = dense.getRawData();
  }
  if (count == 0 || int64_t(data.size()) != count * width)
    return std::nullopt;
  return ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(data.data()),
                           data.size());
}

/// Above this size of one weight, --weights=auto writes them with .incbin:
/// a C compiler needs about ten times a string literal's size in memory.
constexpr int64_t kLargestCWeight = int64_t(16) << 20;

/// `global`'s data, a view of the attribute where possible (the weights of a
/// large model are not copied).
FailureOr<Weight> collectWeight(CEmitter &e, memref::GlobalOp global) {
  MemRefType type = global.getType();
  Attribute attr = global.getInitialValueAttr();
  Weight w;
  w.name = e.sym(global.getSymName());
  w.ctype = elementC(type);
  w.comment = shapeToString(type.getShape()) + " " + w.ctype;
  w.count = type.getNumElements();
  if (auto res = dyn_cast_or_null<DenseResourceElementsAttr>(attr);
      res && !res.getRawHandle().getBlob())
    return global.emitError("the data of weight '")
           << global.getSymName()
           << "' is missing (IR printed without --print-weights)";
  Type storage = storageType(type.getElementType());
  if (type.getElementType().isF32()) {
    w.isFloat = true;
    w.width = 4;
  } else if (!w.ctype.empty() && storage.isIntOrIndex()) {
    w.width = std::max<unsigned>(1, storage.getIntOrFloatBitWidth() / 8);
  } else {
    return global.emitError("weight '")
           << global.getSymName() << "' has no data edgec can write as "
           << type.getElementType();
  }
  if (storage.getIntOrFloatBitWidth() == 8 * w.width)
    if (auto raw = rawData(attr, w.count, w.width)) {
      w.view = *raw;
      return w;
    }
  if (w.isFloat) {
    auto values = getF32Values(attr);
    if (!values || int64_t(values->size()) != w.count)
      return global.emitError("weight '")
             << global.getSymName() << "' has no f32 data";
    w.owned.reserve(values->size() * 4);
    for (float v : *values)
      appendLittleEndian(w.owned, llvm::bit_cast<uint32_t>(v), 4);
  } else {
    auto values = getIntValues(attr);
    if (!values || int64_t(values->size()) != w.count)
      return global.emitError("weight '")
             << global.getSymName() << "' has no data edgec can write as "
             << type.getElementType();
    w.owned.reserve(values->size() * w.width);
    for (int64_t v : *values)
      appendLittleEndian(w.owned, uint64_t(v), w.width);
  }
  return w;
}

/// The bits of element `i` of `w` (little-endian bytes).
uint64_t elementBits(const Weight &w, int64_t i) {
  uint64_t bits = 0;
  for (unsigned b = 0; b < w.width; ++b)
    bits |= uint64_t(w.bytes()[i * w.width + b]) << (8 * b);
  return bits;
}

/// The element at `i` of `w` as a C literal.
std::string elementLiteral(const Weight &w, int64_t i) {
  uint64_t bits = elementBits(w, i);
  if (w.isFloat)
    return floatLiteral(llvm::bit_cast<float>(uint32_t(bits)));
  bool isUnsigned = StringRef(w.ctype).starts_with("u");
  int64_t v = int64_t(bits);
  if (!isUnsigned && w.width < 8) // sign-extend
    v = llvm::SignExtend64(bits, 8 * w.width);
  return intLiteral(v, w.ctype);
}

/// Rows of a byte-string weight: ISO C99 compilers need only read string
/// literals of up to 4095 characters (-Woverlength-strings).
constexpr int64_t kRowBytes = 4080;
/// Bytes of one row written on one source line.
constexpr int64_t kLineBytes = 48;

/// The union type NAME_weights.h declares for `w` (without its name) and its
/// byte-string initializer, or its element initializer.
std::string unionFields(const Weight &w, WeightsFormat format) {
  std::string count = std::to_string(std::max<int64_t>(w.count, 1));
  std::string elements = w.ctype + " v[" + count + "];";
  if (format != WeightsFormat::Bytes || w.bytes().empty())
    return "{ " + elements + " }";
  std::string rows = "struct {";
  int64_t n = w.bytes().size();
  for (int64_t r = 0; r * kRowBytes < n; ++r)
    rows += std::string(r % 4 == 0 ? "\n   " : "") + " unsigned char r" +
            std::to_string(r) + "[" +
            std::to_string(std::min(kRowBytes, n - r * kRowBytes)) +
            "] EC_NONSTRING;";
  return "{\n  " + rows + "\n  } b;\n  " + elements + "\n}";
}

/// Appends the initializer of `w`'s union.
void appendInitializer(std::string &out, const Weight &w, WeightsFormat format) {
  out += "{{";
  if (w.bytes().empty()) {
    out += "0}}";
    return;
  }
  if (format == WeightsFormat::Bytes) {
    int64_t n = w.bytes().size();
    out.reserve(out.size() + 4 * n + 8 * (n / kLineBytes + 1));
    for (int64_t r = 0; r * kRowBytes < n; ++r) {
      int64_t rowEnd = std::min(n, (r + 1) * kRowBytes);
      for (int64_t l = r * kRowBytes; l < rowEnd; l += kLineBytes) {
        out += "\n  \"";
        appendCStringBody(out, w.bytes().slice(l, std::min(kLineBytes, rowEnd - l)));
        out += '"';
      }
      if (rowEnd < n)
        out += ',';
    }
    out += "\n}}";
    return;
  }
  for (int64_t i = 0; i < w.count; ++i) {
    out += i % 8 == 0 ? "\n  " : " ";
    out += elementLiteral(w, i);
    out += ',';
  }
  out += "\n}}";
}

/// NAME_weights.S: each weight a symbol over its bytes in NAME_weights.bin.
std::string assemblerWrapper(CEmitter &e, StringRef banner,
                             ArrayRef<Weight> weights, StringRef binName) {
  std::string s = banner.str();
  s += "/* Includes " + binName.str() + ": assemble with -I set to this folder. */\n";
  std::string section = ".rodata." + e.opts.name + "_weights";
  s += "  .section " + section + ",\"a\"\n";
  int64_t offset = 0, align = e.target.getAlignment();
  for (const Weight &w : weights) {
    int64_t size = std::max<int64_t>(w.bytes().size(), 1);
    s += llvm::formatv("\n  .balign {0}\n  .global {1}\n  .type {1}, %object\n"
                       "  .size {1}, {2}\n{1}:\n",
                       align, w.name, size);
    if (w.bytes().empty())
      s += "  .byte 0\n";
    else
      s += llvm::formatv("  .incbin \"{0}\", {1}, {2}\n", binName, offset,
                         w.bytes().size());
    offset += w.bytes().size();
  }
  // No executable stack for the image that links this object.
  s += "\n  .section .note.GNU-stack,\"\",%progbits\n";
  return s;
}

} // namespace

LogicalResult emitWeightsFiles(CEmitter &e, StringRef banner,
                               std::vector<EmittedFile> &files,
                               int64_t &weightsBytes) {
  WeightsFormat format = e.opts.weights;
  if (format == WeightsFormat::Auto &&
      !e.target.getCc().getValue().contains("gcc") &&
      e.target.getCc().getValue() != "cc")
    format = WeightsFormat::Bytes; // .incbin is for GNU assemblers
  std::vector<Weight> weights;
  for (auto global : e.module.getOps<memref::GlobalOp>()) {
    auto w = collectWeight(e, global);
    if (failed(w))
      return failure();
    weightsBytes += byteSize(global.getType());
    weights.push_back(std::move(*w));
  }
  if (format == WeightsFormat::Auto) {
    format = WeightsFormat::Bytes;
    auto largest = llvm::max_element(weights, [](const Weight &a, const Weight &b) {
      return a.bytes().size() < b.bytes().size();
    });
    if (largest != weights.end() &&
        int64_t(largest->bytes().size()) > kLargestCWeight) {
      format = WeightsFormat::Incbin;
      llvm::errs() << llvm::formatv(
          "edgec: note: weight '{0}' has {1} MB, more than C compilers read "
          "quickly as a literal: the weights are {2}_weights.bin under an "
          ".incbin wrapper (--weights=bytes for C)\n",
          largest->name, largest->bytes().size() / 1000000, e.opts.name);
    }
  }

  // NAME_weights.h: each weight a union of its elements (`v`, what the
  // kernels read) and, as bytes, how it is initialized.
  std::string upper = StringRef(e.opts.name).upper();
  std::string header = banner.str() + "#ifndef " + upper +
                       "_WEIGHTS_H\n#define " + upper +
                       "_WEIGHTS_H\n\n#include \"ec_common.h\"\n\n";
  if (format != WeightsFormat::Decimal)
    header += "#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == "
              "__ORDER_BIG_ENDIAN__\n#error \"the weights are stored "
              "little-endian\"\n#endif\n\n";
  int64_t align = e.target.getAlignment();
  std::string addressMacro = upper + "_WEIGHTS_ADDRESS";
  // With --weights=address: each weight's offset in NAME_weights.bin, every
  // one aligned and at least one byte long.
  std::vector<int64_t> offsets;
  int64_t total = 0;
  for (const Weight &w : weights) {
    offsets.push_back(llvm::alignTo(total, align));
    total = offsets.back() + std::max<int64_t>(w.bytes().size(), 1);
  }
  if (format == WeightsFormat::Address) {
    header += llvm::formatv(
        "/* The weights are not in the program: {0}_weights.bin ({1} bytes) "
        "must be\n   readable at {2}, {3}-byte aligned (for example in "
        "memory-mapped\n   external flash). */\n#define {4}_WEIGHTS_SIZE {1}\n",
        e.opts.name, total, addressMacro, align, upper);
    header += "#ifndef " + addressMacro + "\n";
    header += e.opts.weightsAddress.empty()
                  ? "#error \"define " + addressMacro +
                        ": where " + e.opts.name + "_weights.bin is\"\n"
                  : "#define " + addressMacro + " " + e.opts.weightsAddress +
                        "\n";
    header += "#endif\n\n";
  }
  std::string sizes;
  for (auto [w, offset] : llvm::zip(weights, offsets)) {
    header += "/* " + w.comment + " */\nunion " + w.name + " " +
              unionFields(w, format) + ";\n";
    if (format == WeightsFormat::Address) {
      header += "#define " + w.name + " (*(const union " + w.name +
                " *)((uintptr_t)(" + addressMacro + ") + " +
                std::to_string(offset) + "u))\n";
    } else {
      header += "extern const union " + w.name + " " + w.name + ";\n";
    }
    sizes += "\n    sizeof(union " + w.name +
             ") == " + std::to_string(std::max<size_t>(w.bytes().size(), w.width)) +
             " &&";
  }
  // The bytes of a weight are its elements only if no padding comes between
  // the rows (none does on any ABI edgec targets).
  if (format == WeightsFormat::Bytes && !weights.empty())
    header += "\ntypedef char " + e.opts.name + "_weights_layout[(" + sizes +
              " 1) ? 1 : -1];\n";
  header += "\n#endif /* " + upper + "_WEIGHTS_H */\n";
  files.push_back({e.opts.name + "_weights.h", header});

  if (format == WeightsFormat::Address) {
    std::string bin(total, '\0');
    for (auto [w, offset] : llvm::zip(weights, offsets))
      llvm::copy(w.bytes(), bin.begin() + offset);
    files.push_back({e.opts.name + "_weights.bin", std::move(bin)});
    return success();
  }
  if (format == WeightsFormat::Incbin) {
    std::string bin;
    for (const Weight &w : weights)
      bin.append(w.bytes().begin(), w.bytes().end());
    std::string binName = e.opts.name + "_weights.bin";
    files.push_back({e.opts.name + "_weights.S",
                     assemblerWrapper(e, banner, weights, binName)});
    files.push_back({binName, std::move(bin)});
    return success();
  }

  // One named section for the weights, which a linker script can place (in
  // external flash, say); the build may define the macro otherwise.
  std::string section = upper + "_WEIGHTS_SECTION";
  std::string sectionMacro =
      "/* The weights' section: place it with the linker script, or define " +
      section + "\n   (e.g. to nothing) when compiling. */\n#ifndef " + section +
      "\n#if defined(__GNUC__) && defined(__ELF__)\n#define " + section +
      " __attribute__((section(\".rodata." + e.opts.name +
      "_weights\")))\n#else\n#define " + section + "\n#endif\n#endif\n\n";

  // Files of about weightsFileBytes each, so they compile in parallel.
  std::string text;
  int64_t textBytes = 0, fileCount = 0;
  bool usesMath = false;
  auto flush = [&] {
    if (text.empty() && fileCount > 0)
      return;
    std::string name = e.opts.name + "_weights" +
                       (fileCount ? "_" + std::to_string(fileCount + 1) : "") +
                       ".c";
    std::string head = banner.str();
    if (usesMath) // NAN and INFINITY
      head += "#include <math.h>\n";
    head += "#include \"ec_common.h\"\n\n" + sectionMacro;
    text.insert(0, head);
    files.push_back({name, std::move(text)});
    ++fileCount;
    text.clear();
    textBytes = 0;
    usesMath = false;
  };
  for (const Weight &w : weights) {
    if (textBytes > 0 && format == WeightsFormat::Bytes &&
        textBytes + int64_t(w.bytes().size()) > e.opts.weightsFileBytes)
      flush();
    if (format == WeightsFormat::Decimal && w.isFloat)
      for (int64_t i = 0; i < w.count; ++i) {
        float v = llvm::bit_cast<float>(uint32_t(elementBits(w, i)));
        usesMath |= std::isnan(v) || std::isinf(v);
      }
    // The union again (as in NAME_weights.h, which every file would
    // otherwise parse whole).
    text += "/* " + w.comment + " */\nunion " + w.name + " " +
            unionFields(w, format) + ";\nconst union " + w.name + " " +
            w.name + " EC_ALIGNED(" + std::to_string(align) + ") " + section +
            " = ";
    appendInitializer(text, w, format);
    text += ";\n\n";
    textBytes += w.bytes().size();
  }
  flush();
  return success();
}

std::string emitSourceFile(CEmitter &e, StringRef banner) {
  std::string src = banner.str();
  src += "#include \"" + e.opts.name + ".h\"\n\n#include <math.h>\n";
  for (const std::string &h : e.headers)
    src += "#include \"" + h + "\"\n";
  src += "#include \"" + e.opts.name + "_weights.h\"\n\n";
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
