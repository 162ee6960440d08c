//===- CEmitter.cpp - kernel IR to C99 ------------------------------------===//
//
// Walks the planned function once: every kernel op becomes a call with a
// `static const` parameter struct (flash, not RAM), every buffer a pointer
// expression: `inputs[i]`, `outputs[i]`, an offset into the arena, or a
// weight array, plus the element offset of the view.
//
//===----------------------------------------------------------------------===//
#include "codegen/CEmitter.h"

#include "codegen/MemoryTimeline.h"
#include "codegen/RuntimeFiles.h"
#include "ir/Constants.h"
#include "ir/KernelDialect.h"
#include "ir/ShapeUtils.h"
#include "ir/Views.h"
#include "targets/Target.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

using namespace mlir;

namespace edgec {
namespace {

constexpr int kMaxRank = 6; // EC_MAX_RANK in ec_common.h

/// A C float literal that reads back to exactly `v`.
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

/// The ONNX node an op came from.
std::string nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(l))
        return name.getName().str();
  return "";
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<MemRefType>(v.getType()).getShape();
}

/// Dimensions walked by an element-wise kernel: sizes plus the strides of
/// up to three operands, coalesced so the inner loop is as long as possible.
struct NdWalk {
  SmallVector<int64_t> shape;
  SmallVector<int64_t> strides[3];
};

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

/// Collapses dimensions [lo, hi) of view `v` (of `shape`) into one loop:
/// its element count and stride. False when they do not form one stride.
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

class CEmitter {
public:
  CEmitter(ModuleOp module, const EmitOptions &options)
      : module(module), opts(options) {}

  LogicalResult run(std::vector<EmittedFile> &files);

private:
  std::string sym(StringRef s) const { return opts.name + "_" + s.str(); }
  FailureOr<std::string> pointer(Value v, Operation *user, bool written);
  std::string view4(Value v, std::optional<ArrayRef<int64_t>> channels = {});
  std::string channelTable(std::optional<ArrayRef<int64_t>> channels);
  std::string ndInit(const NdWalk &w);
  std::string clampInit(std::optional<APFloat> lo, std::optional<APFloat> hi);
  std::string activationInit(Operation *op, std::optional<APFloat> lo,
                             std::optional<APFloat> hi);
  /// Adds `static const TYPE NAME = INIT;` and returns "&NAME".
  std::string addParams(StringRef type, const std::string &init);
  LogicalResult emitKernel(Operation *op);
  void recordLayer(Operation *op, StringRef kernel, Value output, int64_t macs,
                   ArrayRef<int64_t> logicalShape = {});

  ModuleOp module;
  const EmitOptions &opts;
  func::FuncOp func;
  std::string params, body;
  /// Channel tables already emitted, by their values.
  std::map<std::string, std::string> channelTables;
  std::set<std::string> headers{"ec_common.h"};
  bool usesArena = false, usesInputs = false, usesOutputs = false;
  int paramCount = 0;
  int64_t copyBytes = 0, weightsBytes = 0;
  llvm::json::Array layers;
};

FailureOr<std::string> CEmitter::pointer(Value v, Operation *user,
                                         bool written) {
  Value root = rootBuffer(v);
  int64_t offset = getLayout(v).second;
  std::string base;
  if (auto arg = dyn_cast<BlockArgument>(root)) {
    unsigned n = arg.getArgNumber();
    if (auto out = func.getArgAttrOfType<IntegerAttr>(n, "edgec.output")) {
      base = "outputs[" + std::to_string(out.getInt()) + "]";
      usesOutputs = true;
    } else if (func.getArgAttr(n, "edgec.arena")) {
      return user->emitError("kernel operand is the untyped arena");
    } else {
      if (written)
        return user->emitError("kernel writes into graph input ") << n;
      base = "inputs[" + std::to_string(n) + "]";
      usesInputs = true;
    }
  } else if (auto view = root.getDefiningOp<memref::ViewOp>()) {
    auto shift = getConstantIntValue(view.getByteShift());
    if (!shift)
      return user->emitError("arena offset is not a constant");
    base = "(float *)(ar + " + std::to_string(*shift) + ")";
    usesArena = true;
  } else if (auto global = root.getDefiningOp<memref::GetGlobalOp>()) {
    if (written)
      return user->emitError("kernel writes into constant ")
             << global.getName();
    base = sym(global.getName());
  } else {
    return user->emitError("no C expression for a buffer defined by ")
           << (root.getDefiningOp() ? root.getDefiningOp()->getName()
                                          .getStringRef()
                                    : StringRef("a block argument"));
  }
  if (offset != 0)
    base += " + " + std::to_string(offset);
  return base;
}

/// A 4-D view; with a channel table its channel count is the table's.
std::string CEmitter::view4(Value v, std::optional<ArrayRef<int64_t>> channels) {
  SmallVector<int64_t> shape(shapeOf(v));
  if (channels)
    shape[3] = channels->size();
  auto strides = getLayout(v).first;
  return "{" + joinInts(shape) + ", " + joinInts(strides) + "}";
}

/// A static channel table for ec_conv2d_mapped_f32, or NULL.
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

/// A conv's or matmul's output activation: its clamp, or ONNX's HardSwish.
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

void CEmitter::recordLayer(Operation *op, StringRef kernel, Value output,
                           int64_t macs, ArrayRef<int64_t> logicalShape) {
  llvm::json::Object layer;
  std::string name = nodeName(op->getLoc());
  layer["name"] = name;
  layer["op"] = op->getName().stripDialect().str();
  layer["kernel"] = kernel.str();
  layer["macs"] = macs;
  ArrayRef<int64_t> shape =
      logicalShape.empty() ? shapeOf(output) : logicalShape;
  layer["output_shape"] = llvm::json::Array(shape);
  layer["output_bytes"] = numElements(shape) * 4;
  if (auto live = op->getAttrOfType<IntegerAttr>("edgec.live_bytes"))
    layer["live_bytes"] = live.getInt();
  if (auto why = op->getAttrOfType<StringAttr>("edgec.copy_reason"))
    layer["copy_reason"] = why.str();
  Value root = rootBuffer(output);
  if (auto view = root.getDefiningOp<memref::ViewOp>())
    layer["arena_offset"] = *getConstantIntValue(view.getByteShift()) +
                            getLayout(output).second * 4;
  else
    layer["arena_offset"] = nullptr; // a caller-provided output buffer
  layers.push_back(std::move(layer));

  std::string in;
  if (op->getNumOperands() > 1)
    in = shapeToString(shapeOf(op->getOperand(0))) + " -> ";
  body += llvm::formatv("  /* {0}: {1} {2}{3} */\n",
                        name.empty() ? std::string("(unnamed)") : name,
                        op->getName().stripDialect(), in,
                        shapeToString(shape));
}

LogicalResult CEmitter::emitKernel(Operation *op) {
  auto ptr = [&](Value v, bool written = false) {
    return pointer(v, op, written);
  };
  auto call = [&](StringRef fn, ArrayRef<std::string> args) {
    body += "  " + fn.str() + "(";
    for (auto [i, a] : llvm::enumerate(args))
      body += (i ? ", " : "") + a;
    body += ");\n";
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](kernel::Conv2DOp conv) -> LogicalResult {
        auto x = ptr(conv.getInput()), w = ptr(conv.getFilter()),
             y = ptr(conv.getOutput(), true);
        FailureOr<std::string> b = std::string("NULL");
        if (conv.getBias())
          b = ptr(conv.getBias());
        if (failed(x) || failed(w) || failed(y) || failed(b))
          return failure();
        auto k = shapeOf(conv.getFilter());
        auto s = conv.getStrides(), d = conv.getDilations(),
             p = conv.getPads();
        auto inChannels = conv.getInputChannels(),
             outChannels = conv.getOutputChannels();
        std::string init = llvm::formatv(
            "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}}",
            view4(conv.getInput(), inChannels),
            view4(conv.getOutput(), outChannels), k[0], k[1], s[0], s[1], d[0],
            d[1], p[0], p[1], conv.getGroups(),
            activationInit(conv, conv.getClampMin(), conv.getClampMax()));
        bool dw = conv.getVariant() == ConvVariant::depthwise;
        bool blocked = !opts.target || opts.target->blockedConv;
        StringRef fn = conv.isMapped() ? "ec_conv2d_mapped_f32"
                       : dw            ? "ec_dwconv2d_f32"
                       : blocked       ? "ec_conv2d_blocked_f32"
                                       : "ec_conv2d_f32";
        auto out = conv.getLogicalOutputShape();
        recordLayer(op, fn, conv.getOutput(),
                    numElements(out) * k[0] * k[1] * k[2], out);
        headers.insert("ec_conv.h");
        std::string paramsRef = addParams("ec_conv2d_params", init);
        if (conv.isMapped())
          call(fn, {paramsRef, channelTable(inChannels),
                    channelTable(outChannels), *x, *w, *b, *y});
        else
          call(fn, {paramsRef, *x, *w, *b, *y});
        return success();
      })
      .Case([&](kernel::QuadraticDWConv2DOp q) -> LogicalResult {
        SmallVector<std::string> args;
        for (Value v : {q.getInput(), q.getFilterA(), q.getFilterB(),
                        q.getFilterC(), q.getBiasA(), q.getBiasB(),
                        q.getBiasC(), q.getOutput()}) {
          auto p = ptr(v, v == q.getOutput());
          if (failed(p))
            return failure();
          args.push_back(*p);
        }
        auto k = shapeOf(q.getFilterA());
        auto s = q.getStrides(), d = q.getDilations(), p = q.getPads();
        std::string init = llvm::formatv(
            "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}}",
            view4(q.getInput()), view4(q.getOutput()), k[0], k[1], s[0], s[1],
            d[0], d[1], p[0], p[1], k[3], "{0, 0.0f, 0.0f}");
        recordLayer(op, "ec_qdwconv2d_f32", q.getOutput(),
                    3 * numElements(shapeOf(q.getOutput())) * k[0] * k[1]);
        // Unfused, dwA, dwB, dwC and dwA * dwB were tensors of this size.
        layers.back().getAsObject()->insert(
            {"intermediate_bytes_removed",
             4 * numElements(shapeOf(q.getOutput())) * 4});
        headers.insert("ec_conv.h");
        args.insert(args.begin(), addParams("ec_conv2d_params", init));
        call("ec_qdwconv2d_f32", args);
        return success();
      })
      .Case([&](kernel::Pool2DOp pool) -> LogicalResult {
        auto x = ptr(pool.getInput()), y = ptr(pool.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        auto k = pool.getKernel(), s = pool.getStrides(),
             d = pool.getDilations(), p = pool.getPads();
        std::string init = llvm::formatv(
            "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, "
            "{12}, {13}}",
            view4(pool.getInput()), view4(pool.getOutput()),
            pool.getKind() == PoolKind::avg ? 1 : 0, k[0], k[1], s[0], s[1],
            d[0], d[1], p[0], p[1], p[2], p[3],
            pool.getCountIncludePad() ? 1 : 0);
        recordLayer(op, "ec_pool2d_f32", pool.getOutput(), 0);
        headers.insert("ec_pool.h");
        call("ec_pool2d_f32", {addParams("ec_pool2d_params", init), *x, *y});
        return success();
      })
      .Case([&](kernel::MatMulOp mm) -> LogicalResult {
        auto a = ptr(mm.getLhs()), w = ptr(mm.getRhs()),
             y = ptr(mm.getOutput(), true);
        FailureOr<std::string> b = std::string("NULL");
        if (mm.getBias())
          b = ptr(mm.getBias());
        if (failed(a) || failed(w) || failed(y) || failed(b))
          return failure();
        auto ys = shapeOf(mm.getOutput()), as = shapeOf(mm.getLhs()),
             bs = shapeOf(mm.getRhs());
        auto sa = getLayout(mm.getLhs()).first, sb = getLayout(mm.getRhs()).first,
             sy = getLayout(mm.getOutput()).first;
        int64_t r = ys.size(), batchRank = r - 2;
        if (batchRank > 4)
          return op->emitError("matmul with more than 4 batch dimensions");
        SmallVector<int64_t> batch(4, 1), bsa(4, 0), bsb(4, 0), bsy(4, 0);
        for (int64_t i = 0; i < batchRank; ++i) {
          batch[i] = ys[i];
          bsa[i] = as[i] == 1 ? 0 : sa[i];
          bsb[i] = bs[i] == 1 ? 0 : sb[i];
          bsy[i] = sy[i];
        }
        std::string init = llvm::formatv(
            "{{{0}, {{{1}}, {{{2}}, {{{3}}, {{{4}}, {5}, {6}, {7}, {8}, {9}, "
            "{10}, {11}, {12}, {13}, {14}}",
            batchRank, joinInts(batch), joinInts(bsa), joinInts(bsb),
            joinInts(bsy), ys[r - 2], ys[r - 1], as[r - 1], sa[r - 2],
            sa[r - 1], sb[r - 2], sb[r - 1], sy[r - 2], sy[r - 1],
            activationInit(mm, mm.getClampMin(), mm.getClampMax()));
        recordLayer(op, "ec_matmul_f32", mm.getOutput(),
                    numElements(ys) * as[r - 1]);
        headers.insert("ec_matmul.h");
        call("ec_matmul_f32",
             {addParams("ec_matmul_params", init), *a, *w, *b, *y});
        return success();
      })
      .Case([&](kernel::BinaryOp bin) -> LogicalResult {
        auto a = ptr(bin.getLhs()), b = ptr(bin.getRhs()),
             y = ptr(bin.getOutput(), true);
        if (failed(a) || failed(b) || failed(y))
          return failure();
        auto shape = shapeOf(bin.getOutput());
        auto strides = [&](Value v) {
          auto s = getLayout(v).first;
          auto vs = shapeOf(v);
          for (size_t d = 0; d < s.size(); ++d)
            if (vs[d] == 1)
              s[d] = 0; // broadcast
          return s;
        };
        NdWalk w = coalesce(shape, {strides(bin.getLhs()), strides(bin.getRhs()),
                                    strides(bin.getOutput())});
        if (w.shape.size() > kMaxRank)
          return op->emitError("element-wise op of rank > 6 after coalescing");
        static const char *kinds[] = {"EC_ADD", "EC_SUB", "EC_MUL", "EC_DIV",
                                      "EC_MAX", "EC_MIN", "EC_POW"};
        recordLayer(op, "ec_binary_f32", bin.getOutput(), 0);
        headers.insert("ec_eltwise.h");
        if (bin.getKind() == BinaryKind::pow)
          headers.insert("ec_math.h");
        std::string act =
            "(ec_clamp)" + clampInit(bin.getClampMin(), bin.getClampMax());
        call("ec_binary_f32", {addParams("ec_nd", ndInit(w)),
                               kinds[(int)bin.getKind()], act, *a, *b, *y});
        return success();
      })
      .Case([&](kernel::ClampOp clamp) -> LogicalResult {
        auto x = ptr(clamp.getInput()), y = ptr(clamp.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        NdWalk w = coalesce(shapeOf(clamp.getOutput()),
                            {getLayout(clamp.getInput()).first,
                             SmallVector<int64_t>(shapeOf(clamp.getOutput()).size(), 0),
                             getLayout(clamp.getOutput()).first});
        if (w.shape.size() > kMaxRank)
          return op->emitError("element-wise op of rank > 6 after coalescing");
        recordLayer(op, "ec_clamp_f32", clamp.getOutput(), 0);
        headers.insert("ec_eltwise.h");
        std::string act = "(ec_clamp)" +
                          clampInit(clamp.getClampMin(), clamp.getClampMax());
        // Compound literals are C99; the clamp travels by value.
        call("ec_clamp_f32", {addParams("ec_nd", ndInit(w)), act, *x, *y});
        return success();
      })
      .Case([&](kernel::UnaryOp un) -> LogicalResult {
        auto x = ptr(un.getInput()), y = ptr(un.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        auto shape = shapeOf(un.getOutput());
        NdWalk w = coalesce(shape, {getLayout(un.getInput()).first,
                                    SmallVector<int64_t>(shape.size(), 0),
                                    getLayout(un.getOutput()).first});
        if (w.shape.size() > kMaxRank)
          return op->emitError("element-wise op of rank > 6 after coalescing");
        std::string kind = "EC_" + StringRef(stringifyUnaryKind(un.getKind())).upper();
        recordLayer(op, "ec_unary_f32", un.getOutput(), 0);
        headers.insert("ec_eltwise.h");
        headers.insert("ec_math.h");
        call("ec_unary_f32",
             {addParams("ec_nd", ndInit(w)), kind,
              floatLiteral(un.getAlpha().convertToFloat()),
              floatLiteral(un.getBeta().convertToFloat()), *x, *y});
        return success();
      })
      .Case([&](kernel::CopyOp copy) -> LogicalResult {
        auto x = ptr(copy.getInput()), y = ptr(copy.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        auto shape = shapeOf(copy.getOutput());
        NdWalk w = coalesce(shape, {getLayout(copy.getInput()).first,
                                    SmallVector<int64_t>(shape.size(), 0),
                                    getLayout(copy.getOutput()).first});
        if (w.shape.size() > kMaxRank)
          return op->emitError("copy of rank > 6 after coalescing");
        copyBytes += numElements(shape) * 4;
        recordLayer(op, "ec_copy_f32", copy.getOutput(), 0);
        headers.insert("ec_eltwise.h");
        call("ec_copy_f32", {addParams("ec_nd", ndInit(w)), *x, *y});
        return success();
      })
      .Case([&](kernel::SoftmaxOp sm) -> LogicalResult {
        auto x = ptr(sm.getInput()), y = ptr(sm.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        auto shape = shapeOf(sm.getOutput());
        int64_t axis = sm.getAxis();
        // Outer and inner dimensions each collapse into one loop.
        auto collapse = [&](Value v, int64_t lo, int64_t hi, int64_t &size,
                            int64_t &stride) {
          return collapseRange(v, shape, lo, hi, size, stride);
        };
        int64_t outer, inner, sxo, sxi, syo, syi;
        int64_t r = shape.size();
        if (!collapse(sm.getInput(), 0, axis, outer, sxo) ||
            !collapse(sm.getInput(), axis + 1, r, inner, sxi) ||
            !collapse(sm.getOutput(), 0, axis, outer, syo) ||
            !collapse(sm.getOutput(), axis + 1, r, inner, syi))
          return op->emitError("softmax over a non-collapsible view");
        std::string init = llvm::formatv(
            "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}", outer,
            shape[axis], inner, sxo, getLayout(sm.getInput()).first[axis], sxi,
            syo, getLayout(sm.getOutput()).first[axis], syi);
        recordLayer(op, "ec_softmax_f32", sm.getOutput(), 0);
        headers.insert("ec_softmax.h");
        headers.insert("ec_math.h");
        call("ec_softmax_f32",
             {addParams("ec_softmax_params", init), *x, *y});
        return success();
      })
      .Case([&](kernel::PadOp pad) -> LogicalResult {
        auto x = ptr(pad.getInput()), y = ptr(pad.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        auto in = shapeOf(pad.getInput()), out = shapeOf(pad.getOutput());
        if ((int64_t)in.size() > kMaxRank)
          return op->emitError("pad of rank > 6");
        auto pad6 = [](ArrayRef<int64_t> v) {
          SmallVector<int64_t> p(v.begin(), v.end());
          p.resize(kMaxRank, 0);
          return "{" + joinInts(p) + "}";
        };
        std::string init = llvm::formatv(
            "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}}", in.size(), pad6(out),
            pad6(in), pad6(pad.getPads().take_front(in.size())),
            pad6(getLayout(pad.getInput()).first),
            pad6(getLayout(pad.getOutput()).first), (int)pad.getMode(),
            floatLiteral(pad.getValue().convertToFloat()));
        recordLayer(op, "ec_pad_f32", pad.getOutput(), 0);
        headers.insert("ec_pad.h");
        copyBytes += numElements(out) * 4;
        call("ec_pad_f32", {addParams("ec_pad_params", init), *x, *y});
        return success();
      })
      .Case([&](kernel::ReduceOp red) -> LogicalResult {
        auto x = ptr(red.getInput()), y = ptr(red.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        auto in = shapeOf(red.getInput());
        auto outShape = shapeOf(red.getOutput());
        int64_t a0 = red.getAxes().front(), a1 = red.getAxes().back() + 1,
                r = in.size();
        int64_t outer, reduced, inner, sxo, sxr, sxi, syo, syi, unused;
        if (!collapseRange(red.getInput(), in, 0, a0, outer, sxo) ||
            !collapseRange(red.getInput(), in, a0, a1, reduced, sxr) ||
            !collapseRange(red.getInput(), in, a1, r, inner, sxi) ||
            !collapseRange(red.getOutput(), outShape, 0, a0, unused, syo) ||
            !collapseRange(red.getOutput(), outShape, a1, r, unused, syi))
          return op->emitError("reduction over a non-collapsible view");
        std::string init = llvm::formatv(
            "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}", outer, reduced,
            inner, sxo, sxr, sxi, syo, syi, (int)red.getKind());
        recordLayer(op, "ec_reduce_f32", red.getOutput(), 0);
        headers.insert("ec_norm.h");
        call("ec_reduce_f32", {addParams("ec_reduce_params", init), *x, *y});
        return success();
      })
      .Case([&](kernel::LayerNormOp ln) -> LogicalResult {
        auto x = ptr(ln.getInput()), s = ptr(ln.getScale()),
             y = ptr(ln.getOutput(), true);
        FailureOr<std::string> b = std::string("NULL");
        if (ln.getBias())
          b = ptr(ln.getBias());
        if (failed(x) || failed(s) || failed(y) || failed(b))
          return failure();
        if (!isContiguous(ln.getScale()) ||
            (ln.getBias() && !isContiguous(ln.getBias())))
          return op->emitError("layer norm parameters must be contiguous");
        auto shape = shapeOf(ln.getInput());
        int64_t axis = ln.getAxis(), r = shape.size();
        int64_t outer, n, sxo, sxn, syo, syn;
        if (!collapseRange(ln.getInput(), shape, 0, axis, outer, sxo) ||
            !collapseRange(ln.getInput(), shape, axis, r, n, sxn) ||
            !collapseRange(ln.getOutput(), shape, 0, axis, outer, syo) ||
            !collapseRange(ln.getOutput(), shape, axis, r, n, syn))
          return op->emitError("layer norm over a non-collapsible view");
        std::string init = llvm::formatv("{{{0}, {1}, {2}, {3}, {4}, {5}, {6}}",
                                         outer, n, sxo, sxn, syo, syn,
                                         floatLiteral(ln.getEpsilon().convertToFloat()));
        recordLayer(op, "ec_layernorm_f32", ln.getOutput(), 0);
        headers.insert("ec_norm.h");
        call("ec_layernorm_f32",
             {addParams("ec_layernorm_params", init), *x, *s, *b, *y});
        return success();
      })
      .Case([&](kernel::LRNOp lrn) -> LogicalResult {
        auto x = ptr(lrn.getInput()), y = ptr(lrn.getOutput(), true);
        if (failed(x) || failed(y))
          return failure();
        std::string init = llvm::formatv(
            "{{{0}, {1}, {2}, {3}, {4}, {5}}", view4(lrn.getInput()),
            view4(lrn.getOutput()), lrn.getSize(),
            floatLiteral(lrn.getAlpha().convertToFloat()),
            floatLiteral(lrn.getBeta().convertToFloat()),
            floatLiteral(lrn.getBias().convertToFloat()));
        recordLayer(op, "ec_lrn_f32", lrn.getOutput(), 0);
        headers.insert("ec_norm.h");
        call("ec_lrn_f32", {addParams("ec_lrn_params", init), *x, *y});
        return success();
      })
      .Case<memref::ViewOp, memref::GetGlobalOp, memref::ReinterpretCastOp,
            memref::SubViewOp, memref::TransposeOp, memref::ExpandShapeOp,
            memref::CollapseShapeOp, memref::CastOp, arith::ConstantOp,
            func::ReturnOp>([](Operation *) { return success(); })
      .Default([](Operation *op) {
        return op->emitError("no C emitter for op '")
               << op->getName() << "'";
      });
}

LogicalResult CEmitter::run(std::vector<EmittedFile> &files) {
  for (auto f : module.getOps<func::FuncOp>())
    if (!f.isExternal())
      func = f;
  if (!func)
    return module.emitError("no function to emit");
  auto arenaAttr = func->getAttrOfType<IntegerAttr>("edgec.arena_size");
  auto boundAttr = func->getAttrOfType<IntegerAttr>("edgec.arena_lower_bound");
  if (!arenaAttr || !boundAttr)
    return func.emitError("memory is not planned (run edgec-plan-memory)");

  for (Operation &op : func.getBody().front())
    if (failed(emitKernel(&op)))
      return failure();

  std::string upper = StringRef(opts.name).upper();
  std::string source = opts.sourceName;
  std::string targetName = opts.target ? opts.target->name : "host";
  std::string banner = "/* Generated by edgec from " + source +
                       " for target " + targetName + ". Do not edit. */\n";

  // Inputs and outputs in ONNX order.
  SmallVector<std::pair<std::string, MemRefType>> inputs, outputs;
  for (BlockArgument arg : func.getArguments()) {
    unsigned n = arg.getArgNumber();
    if (func.getArgAttr(n, "edgec.arena"))
      continue;
    auto type = cast<MemRefType>(arg.getType());
    if (func.getArgAttr(n, "edgec.output")) {
      outputs.push_back({"", type});
      continue;
    }
    auto name = func.getArgAttrOfType<StringAttr>(n, "edgec.name");
    inputs.push_back({name ? name.str() : "", type});
  }
  if (auto names = func->getAttrOfType<ArrayAttr>("edgec.output_names"))
    for (auto [i, n] : llvm::enumerate(names))
      if (i < outputs.size())
        outputs[i].first = cast<StringAttr>(n).str();

  int64_t arenaSize = arenaAttr.getInt();
  int64_t align = opts.target ? opts.target->alignment : 16;
  std::string header = banner;
  header += "#ifndef " + upper + "_H\n#define " + upper + "_H\n\n";
  header += "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  header += llvm::formatv("/* Bytes of scratch RAM the caller provides, {0}-byte "
                          "aligned. */\n#define {1}_ARENA_SIZE {2}\n",
                          align, upper, std::max<int64_t>(arenaSize, align));
  header += llvm::formatv("#define {0}_NUM_INPUTS {1}\n#define {0}_NUM_OUTPUTS "
                          "{2}\n",
                          upper, inputs.size(), outputs.size());
  for (auto [i, in] : llvm::enumerate(inputs))
    header += llvm::formatv("#define {0}_INPUT{1}_SIZE {2} /* \"{3}\": {4} */\n",
                            upper, i, in.second.getNumElements(), in.first,
                            shapeToString(in.second.getShape()));
  for (auto [i, out] : llvm::enumerate(outputs))
    header += llvm::formatv("#define {0}_OUTPUT{1}_SIZE {2} /* \"{3}\": {4} */\n",
                            upper, i, out.second.getNumElements(), out.first,
                            shapeToString(out.second.getShape()));
  header += "\n/* Runs the model. inputs and outputs are float32, in the ONNX "
            "graph's order,\n   row-major in ONNX's shapes; arena holds " +
            upper + "_ARENA_SIZE bytes. Returns 0. */\n";
  header += "int " + opts.name +
            "_run(const float *const *inputs, float *const *outputs, "
            "void *arena);\n\n";
  header += "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " + upper + "_H */\n";

  // Weights.
  std::string weights = banner + "#include \"ec_common.h\"\n\n";
  std::string externs;
  for (auto global : module.getOps<memref::GlobalOp>()) {
    auto values = getF32Values(global.getInitialValueAttr());
    if (!values)
      return global.emitError("weight '") << global.getSymName()
                                          << "' has no f32 data";
    std::string name = sym(global.getSymName());
    std::string decl = llvm::formatv("const float {0}[{1}]", name,
                                     std::max<size_t>(values->size(), 1));
    externs += "extern " + decl + ";\n";
    weights += "/* " + shapeToString(global.getType().getShape()) + " */\n";
    weights += decl + " EC_ALIGNED(16) = {";
    for (size_t i = 0; i < values->size(); ++i) {
      if (std::isnan((*values)[i]) || std::isinf((*values)[i]))
        weights.insert(weights.find("#include"), "#include <math.h>\n");
      weights += (i % 8 == 0 ? "\n  " : " ") + floatLiteral((*values)[i]) + ",";
    }
    if (values->empty())
      weights += "0.0f";
    weights += "\n};\n\n";
    weightsBytes += values->size() * 4;
  }

  std::string src = banner;
  src += "#include \"" + opts.name + ".h\"\n\n#include <math.h>\n";
  for (const std::string &h : headers)
    src += "#include \"" + h + "\"\n";
  src += "\n/* Weights, in " + opts.name + "_weights.c. */\n" + externs + "\n";
  src += "/* Layer parameters. */\n" + params + "\n";
  src += "int " + opts.name +
         "_run(const float *const *inputs, float *const *outputs, "
         "void *arena) {\n";
  if (usesArena)
    src += "  unsigned char *ar = (unsigned char *)arena;\n";
  else
    src += "  (void)arena;\n";
  if (!usesInputs)
    src += "  (void)inputs;\n";
  if (!usesOutputs)
    src += "  (void)outputs;\n";
  src += body + "  return 0;\n}\n";

  // Runtime headers include each other; ship what they include.
  static const std::pair<const char *, const char *> includes[] = {
      {"ec_eltwise.h", "ec_math.h"}, {"ec_softmax.h", "ec_math.h"},
      {"ec_norm.h", "ec_math.h"}};
  for (auto [user, used] : includes)
    if (headers.count(user))
      headers.insert(used);

  files.push_back({opts.name + ".h", header});
  files.push_back({opts.name + ".c", src});
  files.push_back({opts.name + "_weights.c", weights});
  for (const RuntimeFile &f : runtimeFiles())
    if (headers.count(f.name.str()))
      files.push_back({f.name.str(), f.contents.str()});

  llvm::json::Object report;
  report["model"] = source;
  report["name"] = opts.name;
  report["target"] = targetName;
  report["arena_bytes"] = arenaSize;
  report["arena_lower_bound_bytes"] = boundAttr.getInt();
  // Without a second compile in ONNX's order, the schedule is that order.
  auto onnxBound = func->getAttrOfType<IntegerAttr>("edgec.onnx_order_lower_bound");
  report["arena_lower_bound_onnx_order_bytes"] =
      onnxBound ? onnxBound.getInt() : boundAttr.getInt();
  if (auto noReuse = func->getAttrOfType<IntegerAttr>("edgec.no_reuse_bytes"))
    report["no_reuse_bytes"] = noReuse.getInt();
  if (auto saved = func->getAttrOfType<IntegerAttr>(
          "edgec.quadratic_fusion_arena_saved"))
    report["quadratic_fusion_arena_saved_bytes"] = saved.getInt();
  if (auto schedule = func->getAttrOfType<StringAttr>("edgec.schedule"))
    report["schedule"] = schedule.str();
  if (auto placement = func->getAttrOfType<StringAttr>("edgec.placement"))
    report["placement"] = placement.str();
  report["weights_bytes"] = weightsBytes;
  report["copy_bytes"] = copyBytes;
  auto io = [](ArrayRef<std::pair<std::string, MemRefType>> list) {
    llvm::json::Array a;
    for (auto &[name, type] : list)
      a.push_back(llvm::json::Object{
          {"name", name}, {"shape", llvm::json::Array(type.getShape())}});
    return a;
  };
  report["inputs"] = io(inputs);
  report["outputs"] = io(outputs);
  report["layers"] = std::move(layers);
  std::string json;
  llvm::raw_string_ostream os(json);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
  files.push_back({"report.json", json});
  files.push_back({"memory.svg", renderMemoryTimeline(func)});
  return success();
}

} // namespace

LogicalResult emitC(ModuleOp module, const EmitOptions &options,
                    std::vector<EmittedFile> &files) {
  return CEmitter(module, options).run(files);
}

} // namespace edgec
