//===- Emitter.cpp - buffers, parameters and calls of the C emitter -------===//
#include "codegen/Emitter.h"

#include "ir/ElementTypes.h"
#include "ir/Quantization.h"
#include "ir/ShapeUtils.h"
#include "ir/KernelDialect.h"
#include "ir/Views.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <fmt/format.h>

using namespace mlir;

namespace edgec {

std::string floatLiteral(float v) {
  if (std::isnan(v))
    return "NAN";
  if (std::isinf(v))
    return v > 0 ? "INFINITY" : "-INFINITY";
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  return s + "f";
}

std::string joinInts(ArrayRef<int64_t> v) {
  std::string s;
  for (auto [i, x] : llvm::enumerate(v))
    s += (i ? ", " : "") + std::to_string(x);
  return s;
}

std::string cTypeOf(Type elementType) {
  bool isUnsigned = false;
  if (auto q = dyn_cast<quant::QuantizedType>(elementType))
    isUnsigned = !q.isSigned();
  Type t = storageType(elementType);
  if (t.isF32())
    return "float";
  if (t.isF64())
    return "double";
  if (t.isInteger(1))
    return "uint8_t";
  if (auto i = dyn_cast<IntegerType>(t)) {
    isUnsigned |= i.isUnsigned();
    return (isUnsigned ? "uint" : "int") + std::to_string(i.getWidth()) + "_t";
  }
  return "";
}

std::string nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(l))
        return name.getName().str();
  return "";
}

std::string printableText(StringRef s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f)
      out += (char)c;
    else
      out += llvm::formatv("\\x{0:x-2}", (unsigned)c).str();
  }
  return out;
}

namespace {

/// How a byte is written inside a C string literal: printable bytes as
/// themselves ('?' escaped: it could form a trigraph, which -std=c99
/// reads), the rest as octal escapes, as short as the next character
/// allows.
struct ByteText {
  char text[4];
  uint8_t size;
};
struct ByteTable {
  /// [0]: the next byte is not an octal digit; [1]: it is (3 digits).
  ByteText forms[2][256];
  ByteTable() {
    for (int c = 0; c < 256; ++c)
      for (int digitNext = 0; digitNext < 2; ++digitNext) {
        ByteText &t = forms[digitNext][c];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
          t = {{char(c)}, 1};
        } else if (c == '"' || c == '\\' || c == '?') {
          t = {{'\\', char(c)}, 2};
        } else {
          char digits[3] = {char('0' + (c >> 6)), char('0' + ((c >> 3) & 7)),
                            char('0' + (c & 7))};
          int first = digitNext ? 0 : c >= 64 ? 0 : c >= 8 ? 1 : 2;
          t.text[0] = '\\';
          t.size = 1;
          for (int i = first; i < 3; ++i)
            t.text[t.size++] = digits[i];
        }
      }
  }
};

} // namespace

void appendCStringBody(std::string &out, ArrayRef<uint8_t> bytes) {
  static const ByteTable table;
  for (size_t i = 0; i < bytes.size(); ++i) {
    bool digitNext =
        i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
    const ByteText &t = table.forms[digitNext][bytes[i]];
    out.append(t.text, t.size);
  }
}

std::string cStringLiteral(StringRef s) {
  std::string out = "\"";
  appendCStringBody(out, ArrayRef<uint8_t>(
                             reinterpret_cast<const uint8_t *>(s.data()), s.size()));
  return out + "\"";
}

std::string commentText(StringRef s) {
  std::string text = printableText(s), out;
  for (char c : text) {
    if (!out.empty() && ((out.back() == '*' && c == '/') ||
                         (out.back() == '/' && c == '*') ||
                         (out.back() == '?' && c == '?')))
      out += '\\';
    out += c;
  }
  return out;
}

NdWalk coalesce(ArrayRef<int64_t> shape, ArrayRef<SmallVector<int64_t>> ops) {
  NdWalk w;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1)
      continue;
    w.shape.push_back(shape[d]);
    for (size_t k = 0; k < 3; ++k)
      w.strides[k].push_back(k < ops.size() ? ops[k][d] : 0);
  }
  if (w.shape.empty()) {
    w.shape.push_back(1);
    for (auto &s : w.strides)
      s.push_back(0);
  }
  // Merge an outer dimension into the next inner one when every operand
  // steps over it exactly as a row-major continuation.
  for (int d = (int)w.shape.size() - 2; d >= 0; --d) {
    bool mergeable = true;
    for (auto &s : w.strides)
      mergeable &= s[d] == s[d + 1] * w.shape[d + 1];
    if (!mergeable)
      continue;
    w.shape[d + 1] *= w.shape[d];
    w.shape.erase(w.shape.begin() + d);
    for (auto &s : w.strides)
      s.erase(s.begin() + d);
  }
  return w;
}

bool collapseRange(Value v, ArrayRef<int64_t> shape, int64_t lo, int64_t hi,
                   int64_t &size, int64_t &stride) {
  auto s = getLayout(v).first;
  size = 1;
  stride = 0;
  for (int64_t d = lo; d < hi; ++d) {
    if (d + 1 < hi && s[d] != s[d + 1] * shape[d + 1] && shape[d + 1] != 1 &&
        shape[d] != 1)
      return false;
    size *= shape[d];
  }
  // The stride of the innermost dimension of size > 1 (any if all are 1).
  for (int64_t d = hi - 1; d >= lo; --d) {
    stride = s[d];
    if (shape[d] != 1)
      break;
  }
  return true;
}

CEmitter::CEmitter(ModuleOp module, func::FuncOp func,
                   const EmitOptions &options)
    : module(module), func(func), opts(options), target(lookupTarget(module)),
      dialect(module.getContext()->getOrLoadDialect<EdgecDialect>()) {
  body.indent();
}

FailureOr<std::string> CEmitter::pointer(Value v, Operation *user) {
  bool written = llvm::is_contained(
      cast<DestinationStyleOpInterface>(user).getDpsInits(), v);
  Value root = rootBuffer(v);
  int64_t offset = getLayout(v).second;
  std::string type = cTypeOf(cast<MemRefType>(v.getType()).getElementType());
  if (type.empty())
    return user->emitError("no C type for element type ")
           << cast<MemRefType>(v.getType()).getElementType();
  std::string base;
  if (auto arg = dyn_cast<BlockArgument>(root)) {
    unsigned n = arg.getArgNumber();
    if (auto out = func.getArgAttrOfType<IntegerAttr>(
            n, EdgecDialect::OutputAttrHelper::getNameStr())) {
      base = "outputs[" + std::to_string(out.getInt()) + "]";
      if (!floatInterface)
        base = "((" + type + " *)" + base + ")";
      usesOutputs = true;
    } else if (func.getArgAttr(n, EdgecDialect::ArenaAttrHelper::getNameStr())) {
      return user->emitError("kernel operand is the untyped arena");
    } else {
      if (written)
        return user->emitError("kernel writes into graph input ") << n;
      base = "inputs[" + std::to_string(n) + "]";
      if (!floatInterface)
        base = "((const " + type + " *)" + base + ")";
      usesInputs = true;
    }
  } else if (auto view = root.getDefiningOp<memref::ViewOp>()) {
    auto shift = getConstantIntValue(view.getByteShift());
    if (!shift)
      return user->emitError("arena offset is not a constant");
    base = "(" + type + " *)(ar + " + std::to_string(*shift) + ")";
    usesArena = true;
  } else if (auto global = root.getDefiningOp<memref::GetGlobalOp>()) {
    if (written)
      return user->emitError("kernel writes into constant ")
             << global.getName();
    base = sym(global.getName()) + ".v"; // NAME_weights.h's union
  } else {
    return user->emitError("no C expression for a buffer defined by ")
           << (root.getDefiningOp()
                   ? root.getDefiningOp()->getName().getStringRef()
                   : StringRef("a block argument"));
  }
  if (offset != 0)
    base += " + " + std::to_string(offset);
  return base;
}

std::string CEmitter::view4(Value v, std::optional<ArrayRef<int64_t>> channels) {
  SmallVector<int64_t> shape(cast<MemRefType>(v.getType()).getShape());
  if (channels)
    shape[3] = channels->size();
  auto strides = getLayout(v).first;
  return "{" + joinInts(shape) + ", " + joinInts(strides) + "}";
}

std::string CEmitter::channelTable(std::optional<ArrayRef<int64_t>> channels) {
  if (!channels)
    return "NULL";
  std::string values = joinInts(*channels);
  auto [it, inserted] = channelTables.try_emplace(values, std::string());
  if (!inserted)
    return it->second;
  std::string name = sym("ch" + std::to_string(paramCount++));
  it->second = name;
  params += "static const int32_t " + name + "[" +
            std::to_string(channels->size()) + "] = {" + values + "};\n";
  return name;
}

std::string CEmitter::ndInit(const NdWalk &w) {
  auto pad = [](ArrayRef<int64_t> v) {
    SmallVector<int64_t> p(v.begin(), v.end());
    p.resize(kMaxRank, 0);
    return "{" + joinInts(p) + "}";
  };
  return "{" + std::to_string(w.shape.size()) + ", " + pad(w.shape) + ", " +
         pad(w.strides[0]) + ", " + pad(w.strides[1]) + ", " +
         pad(w.strides[2]) + "}";
}

std::string CEmitter::activationInit(Operation *op, std::optional<APFloat> lo,
                                     std::optional<APFloat> hi) {
  if (op->hasAttr("hard_swish"))
    return "{2, " + floatLiteral(1.0f / 6.0f) + ", " + floatLiteral(0.5f) + "}";
  return clampInit(lo, hi);
}

std::string CEmitter::clampInit(std::optional<APFloat> lo,
                                std::optional<APFloat> hi) {
  if (!lo && !hi)
    return "{0, 0.0f, 0.0f}";
  return "{1, " +
         (lo ? floatLiteral(lo->convertToFloat()) : std::string("-INFINITY")) +
         ", " +
         (hi ? floatLiteral(hi->convertToFloat()) : std::string("INFINITY")) +
         "}";
}

std::string CEmitter::addParams(StringRef type, const std::string &init) {
  std::string name = sym("p" + std::to_string(paramCount++));
  params += "static const " + type.str() + " " + name + " = " + init + ";\n";
  return "&" + name;
}

std::string CEmitter::addTable(StringRef type, ArrayRef<int64_t> values) {
  std::string name = sym("t" + std::to_string(paramCount++));
  params += "static const " + type.str() + " " + name + "[" +
            std::to_string(std::max<size_t>(values.size(), 1)) + "] = {" +
            joinInts(values) + "};\n";
  return name;
}

std::string CEmitter::kernelName(Operation *op) {
  KernelAttr kernel = dialect->getKernelAttrHelper().getAttr(op);
  return kernel ? kernel.getFn().str() : "";
}

void CEmitter::recordLayer(Operation *op, Value output, int64_t macs,
                           ArrayRef<int64_t> logicalShape) {
  llvm::json::Object layer;
  std::string name = nodeName(op->getLoc());
  layer["name"] = name;
  layer["op"] = op->getName().stripDialect().str();
  layer["kernel"] = kernelName(op);
  layer["macs"] = macs;
  auto outType = cast<MemRefType>(output.getType());
  ArrayRef<int64_t> shape =
      logicalShape.empty() ? outType.getShape() : logicalShape;
  int64_t bytes = elementBytes(outType.getElementType());
  layer["output_shape"] = llvm::json::Array(shape);
  layer["output_bytes"] = numElements(shape) * bytes;
  // Quantized layers say how; float models keep today's report.
  if (auto q = int8ElementType(output)) {
    layer["element_type"] = "int8";
    layer["scale"] = q.getScale();
    layer["zero_point"] = q.getZeroPoint();
  } else if (!outType.getElementType().isF32() ||
             dialect->getFloatLayersAttrHelper().isAttrPresent(func)) {
    std::string type;
    llvm::raw_string_ostream os(type);
    os << outType.getElementType();
    layer["element_type"] = type;
  }
  if (auto live = dialect->getLiveBytesAttrHelper().getAttr(op))
    layer["live_bytes"] = live.getInt();
  if (auto why = dialect->getCopyReasonAttrHelper().getAttr(op))
    layer["copy_reason"] = why.str();
  Value root = rootBuffer(output);
  if (auto view = root.getDefiningOp<memref::ViewOp>())
    layer["arena_offset"] = *getConstantIntValue(view.getByteShift()) +
                            getLayout(output).second * bytes;
  else
    layer["arena_offset"] = nullptr; // a caller-provided output buffer
  // The weights the layer reads.
  int64_t weightBytes = 0;
  llvm::SmallPtrSet<Operation *, 4> seen;
  for (Value operand : op->getOperands())
    if (auto global = rootBuffer(operand).getDefiningOp<memref::GetGlobalOp>())
      if (seen.insert(global).second)
        weightBytes += byteSize(cast<MemRefType>(global.getType()));
  if (weightBytes > 0)
    layer["weights_bytes"] = weightBytes;
  int64_t index = layers.size();
  layers.push_back(std::move(layer));

  std::string in;
  if (op->getNumOperands() > 1)
    in = shapeToString(cast<MemRefType>(op->getOperand(0).getType()).getShape()) +
         " -> ";
  closeLayer();
  body << llvm::formatv("/* {0}: {1} {2}{3} */\n",
                        name.empty() ? std::string("(unnamed)") : commentText(name),
                        op->getName().stripDialect(), in,
                        shapeToString(shape));
  if (opts.layerHooks) {
    std::string args =
        "(" + std::to_string(index) + ", " + cStringLiteral(name) + ");\n";
    body << opts.name << "_layer_begin" << args;
    openLayerEnd = opts.name + "_layer_end" + args;
  }
}

void CEmitter::closeLayer() {
  if (openLayerEnd.empty())
    return;
  body << openLayerEnd;
  openLayerEnd.clear();
}

LogicalResult CEmitter::call(Operation *op, ArrayRef<std::string> args) {
  KernelAttr kernel = dialect->getKernelAttrHelper().getAttr(op);
  if (!kernel)
    return op->emitError("no C function chosen for '")
           << op->getName() << "' (run edgec-select-kernels)";
  for (Attribute h : kernel.getHeaders())
    headers.insert(cast<StringAttr>(h).str());
  body << kernel.getFn().getValue() << "(";
  llvm::interleaveComma(args, body);
  body << ");\n";
  return success();
}

void findInt8Interface(CEmitter &e) {
  Interface io = interfaceOf(e.func);
  if (!e.floatInterface)
    return;
  SmallVector<quant::UniformQuantizedType> ins(io.inputs.size()),
      outs(io.outputs.size());
  unsigned inputIndex = 0;
  for (BlockArgument arg : e.func.getArguments()) {
    unsigned n = arg.getArgNumber();
    if (e.func.getArgAttr(n, EdgecDialect::ArenaAttrHelper::getNameStr()))
      continue;
    SmallVector<BufferAccess> accesses;
    if (!collectAccesses(arg, accesses))
      return;
    if (auto out = e.func.getArgAttrOfType<IntegerAttr>(
            n, EdgecDialect::OutputAttrHelper::getNameStr())) {
      // Written by one dequantize, read by nothing else.
      if (accesses.size() != 1 ||
          !isa<kernel::DequantizeOp>(accesses[0].use->getOwner()))
        return;
      outs[out.getInt()] = int8ElementType(
          cast<kernel::DequantizeOp>(accesses[0].use->getOwner()).getInput());
      continue;
    }
    // Read by quantize kernels only, all to one type.
    quant::UniformQuantizedType type;
    for (const BufferAccess &a : accesses) {
      auto q = dyn_cast<kernel::QuantizeOp>(a.use->getOwner());
      if (!q || (type && int8ElementType(q.getOutput()) != type))
        return;
      type = int8ElementType(q.getOutput());
    }
    if (!type)
      return;
    ins[inputIndex++] = type;
  }
  e.int8Entry = true;
  e.int8Inputs = ins;
  e.int8Outputs = outs;
  e.headers.insert("ec_copy.h");
}

Interface interfaceOf(func::FuncOp func) {
  Interface io;
  for (BlockArgument arg : func.getArguments()) {
    unsigned n = arg.getArgNumber();
    if (func.getArgAttr(n, EdgecDialect::ArenaAttrHelper::getNameStr()))
      continue;
    auto type = cast<MemRefType>(arg.getType());
    if (func.getArgAttr(n, EdgecDialect::OutputAttrHelper::getNameStr())) {
      io.outputs.push_back({"", type});
      continue;
    }
    auto name = func.getArgAttrOfType<StringAttr>(
        n, EdgecDialect::NameAttrHelper::getNameStr());
    io.inputs.push_back({name ? name.str() : "", type});
  }
  auto *dialect = func.getContext()->getOrLoadDialect<EdgecDialect>();
  if (auto names = dialect->getOutputNamesAttrHelper().getAttr(func))
    for (auto [i, n] : llvm::enumerate(names))
      if (i < io.outputs.size())
        io.outputs[i].first = cast<StringAttr>(n).str();
  return io;
}

} // namespace edgec
