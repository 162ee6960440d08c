//===- EmitKernels.cpp - one C call per kernel op -------------------------===//
//
// Each printOperation prints the call of one kernel op: a `static const`
// parameter struct with the shapes and strides of its views, then the call
// of the function edgec-select-kernels recorded on it, on pointer
// expressions of its buffers.
//
//===----------------------------------------------------------------------===//
#include "codegen/Emitter.h"

#include "ir/ElementTypes.h"
#include "ir/KernelDialect.h"
#include "ir/Quantization.h"
#include "ir/ShapeUtils.h"
#include "ir/Views.h"
#include "targets/KernelTable.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;

namespace edgec {
namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<MemRefType>(v.getType()).getShape();
}

/// Pointer expressions of `values`, in order; failure when one has none.
FailureOr<SmallVector<std::string>> pointers(CEmitter &e, Operation *op,
                                             ArrayRef<Value> values) {
  SmallVector<std::string> out;
  for (Value v : values) {
    if (!v) {
      out.push_back("NULL");
      continue;
    }
    FailureOr<std::string> p = e.pointer(v, op);
    if (failed(p))
      return failure();
    out.push_back(*p);
  }
  return out;
}

/// The strides of `v` with 0 on its size-1 (broadcast) dimensions.
SmallVector<int64_t> broadcastStridesOf(Value v) {
  auto s = getLayout(v).first;
  auto shape = shapeOf(v);
  for (size_t d = 0; d < s.size(); ++d)
    if (shape[d] == 1)
      s[d] = 0;
  return s;
}

/// An element-wise walk reading `in` and writing `out` (operand 1 unused).
FailureOr<NdWalk> unaryWalk(Operation *op, Value in, Value out) {
  auto shape = shapeOf(out);
  NdWalk w = coalesce(shape, {getLayout(in).first,
                              SmallVector<int64_t>(shape.size(), 0),
                              getLayout(out).first});
  if (w.shape.size() > kMaxRank)
    return op->emitError("element-wise op of rank > 6 after coalescing");
  return w;
}

//===----------------------------------------------------------------------===//
// int8 parameters
//===----------------------------------------------------------------------===//

/// The quantized output range [act_min, act_max] of an op's clamp.
std::pair<int32_t, int32_t> activationRange(Operation *op,
                                            quant::UniformQuantizedType out) {
  int32_t lo = -128, hi = 127;
  if (auto a = op->getAttrOfType<FloatAttr>("clamp_min"))
    lo = std::max(lo, quantizeValue(a.getValueAsDouble(), out));
  if (auto a = op->getAttrOfType<FloatAttr>("clamp_max"))
    hi = std::min(hi, quantizeValue(a.getValueAsDouble(), out));
  return {lo, hi};
}

/// `static const int32_t` tables of per-channel multipliers and shifts for
/// the factors input scale x weight scale[c] / output scale.
std::pair<std::string, std::string>
requantTables(CEmitter &e, Value input, Value filter, Value output,
              int64_t channels) {
  double sIn = int8ElementType(input).getScale();
  double sOut = int8ElementType(output).getScale();
  SmallVector<double> sW =
      weightScales(cast<ShapedType>(filter.getType()).getElementType());
  SmallVector<int64_t> mult, shift;
  for (int64_t c = 0; c < channels; ++c) {
    FixedPoint f = toFixedPoint(sIn * sW[sW.size() == 1 ? 0 : c] / sOut);
    mult.push_back(f.multiplier);
    shift.push_back(f.shift);
  }
  return {e.addTable("int32_t", mult), e.addTable("int32_t", shift)};
}

std::string requantInit(double real) {
  FixedPoint f = toFixedPoint(real);
  return "{" + std::to_string(f.multiplier) + ", " + std::to_string(f.shift) +
         "}";
}

std::string qparamsInit(quant::UniformQuantizedType t) {
  return "(ec_qparams){" + floatLiteral((float)t.getScale()) + ", " +
         std::to_string(t.getZeroPoint()) + "}";
}

LogicalResult printOperation(CEmitter &e, kernel::Conv2DOp conv) {
  auto ptrs = pointers(e, conv, {conv.getInput(), conv.getFilter(),
                                 conv.getBias(), conv.getOutput()});
  if (failed(ptrs))
    return failure();
  auto k = conv.getFilterShapeHWIO();
  auto s = conv.getStrides(), d = conv.getDilations(), p = conv.getPads();
  auto inChannels = conv.getInputChannels(),
       outChannels = conv.getOutputChannels();
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}}",
      e.view4(conv.getInput(), inChannels),
      e.view4(conv.getOutput(), outChannels), k[0], k[1], s[0], s[1], d[0],
      d[1], p[0], p[1], conv.getGroups(),
      e.activationInit(conv, conv.getClampMin(), conv.getClampMax()));
  auto out = conv.getLogicalOutputShape();
  e.recordLayer(conv, conv.getOutput(), numElements(out) * k[0] * k[1] * k[2],
                out);
  std::string params;
  if (auto outType = int8ElementType(conv.getOutput())) {
    auto [mult, shift] = requantTables(e, conv.getInput(), conv.getFilter(),
                                       conv.getOutput(), k[3]);
    auto [lo, hi] = activationRange(conv, outType);
    std::string window = llvm::formatv(
        "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}}",
        e.view4(conv.getInput(), inChannels),
        e.view4(conv.getOutput(), outChannels), k[0], k[1], s[0], s[1], d[0],
        d[1], p[0], p[1], conv.getGroups(), "{0, 0.0f, 0.0f}");
    params = e.addParams(
        "ec_conv2d_s8_params",
        llvm::formatv("{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}}", window,
                      -int8ElementType(conv.getInput()).getZeroPoint(),
                      outType.getZeroPoint(), lo, hi, mult, shift,
                      conv.getInputOffsetInBias() ? 1 : 0));
  } else {
    params = e.addParams("ec_conv2d_params", init);
  }
  auto [x, w, b, y] = std::tie((*ptrs)[0], (*ptrs)[1], (*ptrs)[2], (*ptrs)[3]);
  if (conv.isMapped())
    return e.call(conv, {params, e.channelTable(inChannels),
                         e.channelTable(outChannels), x, w, b, y});
  return e.call(conv, {params, x, w, b, y});
}

LogicalResult printOperation(CEmitter &e, kernel::QuadraticDWConv2DOp q) {
  auto args = pointers(e, q, {q.getInput(), q.getFilterA(), q.getFilterB(),
                              q.getFilterC(), q.getBiasA(), q.getBiasB(),
                              q.getBiasC(), q.getOutput()});
  if (failed(args))
    return failure();
  auto k = shapeOf(q.getFilterA());
  auto s = q.getStrides(), d = q.getDilations(), p = q.getPads();
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}}",
      e.view4(q.getInput()), e.view4(q.getOutput()), k[0], k[1], s[0], s[1],
      d[0], d[1], p[0], p[1], k[3], "{0, 0.0f, 0.0f}");
  e.recordLayer(q, q.getOutput(),
                3 * numElements(shapeOf(q.getOutput())) * k[0] * k[1]);
  // Unfused, dwA, dwB, dwC and dwA * dwB were tensors of this size.
  e.layers.back().getAsObject()->insert(
      {"intermediate_bytes_removed", 4 * byteSize(q.getOutput())});
  args->insert(args->begin(), e.addParams("ec_conv2d_params", init));
  return e.call(q, *args);
}

LogicalResult printOperation(CEmitter &e, kernel::Pool2DOp pool) {
  auto ptrs = pointers(e, pool, {pool.getInput(), pool.getOutput()});
  if (failed(ptrs))
    return failure();
  auto k = pool.getKernel(), s = pool.getStrides(), d = pool.getDilations(),
       p = pool.getPads();
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, "
      "{12}, {13}}",
      e.view4(pool.getInput()), e.view4(pool.getOutput()),
      pool.getKind() == PoolKind::avg ? 1 : 0, k[0], k[1], s[0], s[1], d[0],
      d[1], p[0], p[1], p[2], p[3], pool.getCountIncludePad() ? 1 : 0);
  e.recordLayer(pool, pool.getOutput(), 0);
  if (auto type = int8ElementType(pool.getOutput()))
    return e.call(pool, {e.addParams("ec_pool2d_params", init),
                         std::to_string(type.getZeroPoint()), (*ptrs)[0],
                         (*ptrs)[1]});
  return e.call(pool, {e.addParams("ec_pool2d_params", init), (*ptrs)[0],
                       (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::MatMulOp mm) {
  auto ptrs = pointers(
      e, mm, {mm.getLhs(), mm.getRhs(), mm.getBias(), mm.getOutput()});
  if (failed(ptrs))
    return failure();
  auto ys = shapeOf(mm.getOutput()), as = shapeOf(mm.getLhs()),
       bs = shapeOf(mm.getRhs());
  auto sa = getLayout(mm.getLhs()).first, sb = getLayout(mm.getRhs()).first,
       sy = getLayout(mm.getOutput()).first;
  int64_t r = ys.size(), batchRank = r - 2;
  if (batchRank > 4)
    return mm.emitError("matmul with more than 4 batch dimensions");
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
      batchRank, joinInts(batch), joinInts(bsa), joinInts(bsb), joinInts(bsy),
      ys[r - 2], ys[r - 1], as[r - 1], sa[r - 2], sa[r - 1], sb[r - 2],
      sb[r - 1], sy[r - 2], sy[r - 1],
      e.activationInit(mm, mm.getClampMin(), mm.getClampMax()));
  e.recordLayer(mm, mm.getOutput(), numElements(ys) * as[r - 1]);
  std::string params;
  if (auto outType = int8ElementType(mm.getOutput())) {
    auto [mult, shift] = requantTables(e, mm.getLhs(), mm.getRhs(),
                                       mm.getOutput(), ys[r - 1]);
    auto [lo, hi] = activationRange(mm, outType);
    params = e.addParams(
        "ec_matmul_s8_params",
        llvm::formatv("{{{0}, {1}, {2}, {3}, {4}, {5}, {6}}", init,
                      -int8ElementType(mm.getLhs()).getZeroPoint(),
                      outType.getZeroPoint(), lo, hi, mult, shift));
  } else {
    params = e.addParams("ec_matmul_params", init);
  }
  return e.call(mm, {params, (*ptrs)[0], (*ptrs)[1], (*ptrs)[2], (*ptrs)[3]});
}

LogicalResult printOperation(CEmitter &e, kernel::BinaryOp bin) {
  auto ptrs =
      pointers(e, bin, {bin.getLhs(), bin.getRhs(), bin.getOutput()});
  if (failed(ptrs))
    return failure();
  NdWalk w = coalesce(shapeOf(bin.getOutput()),
                      {broadcastStridesOf(bin.getLhs()),
                       broadcastStridesOf(bin.getRhs()),
                       broadcastStridesOf(bin.getOutput())});
  if (w.shape.size() > kMaxRank)
    return bin.emitError("element-wise op of rank > 6 after coalescing");
  if (auto outType = int8ElementType(bin.getOutput())) {
    auto a = int8ElementType(bin.getLhs()), b = int8ElementType(bin.getRhs());
    auto [lo, hi] = activationRange(bin, outType);
    e.recordLayer(bin, bin.getOutput(), 0);
    std::string nd = e.addParams("ec_nd", e.ndInit(w));
    if (bin.getKind() == BinaryKind::mul) {
      std::string init = llvm::formatv(
          "{{{0}, {1}, {2}, {3}, {4}, {5}}", -a.getZeroPoint(),
          -b.getZeroPoint(), outType.getZeroPoint(),
          requantInit(a.getScale() * b.getScale() / outType.getScale()), lo,
          hi);
      return e.call(bin, {nd, e.addParams("ec_mul_s8_params", init),
                          (*ptrs)[0], (*ptrs)[1], (*ptrs)[2]});
    }
    // TFLite's add: both inputs scaled to twice the larger input scale,
    // 20 bits of headroom.
    double twiceMax = 2.0 * std::max(a.getScale(), b.getScale());
    std::string init = llvm::formatv(
        "{{{0}, {1}, {2}, {3}, 20, {4}, {5}, {6}, {7}, {8}}",
        bin.getKind() == BinaryKind::sub ? 1 : 0, -a.getZeroPoint(),
        -b.getZeroPoint(), outType.getZeroPoint(),
        requantInit(a.getScale() / twiceMax),
        requantInit(b.getScale() / twiceMax),
        requantInit(twiceMax / ((1 << 20) * outType.getScale())), lo, hi);
    return e.call(bin, {nd, e.addParams("ec_add_s8_params", init), (*ptrs)[0],
                        (*ptrs)[1], (*ptrs)[2]});
  }
  std::string kind =
      "EC_" + StringRef(stringifyBinaryKind(bin.getKind())).upper();
  e.recordLayer(bin, bin.getOutput(), 0);
  if (!getElementTypeOrSelf(bin.getLhs()).isF32() ||
      !getElementTypeOrSelf(bin.getOutput()).isF32())
    // Integer, bool and comparison kernels: no fused activation.
    return e.call(bin, {e.addParams("ec_nd", e.ndInit(w)), kind, (*ptrs)[0],
                        (*ptrs)[1], (*ptrs)[2]});
  std::string act =
      "(ec_clamp)" + e.clampInit(bin.getClampMin(), bin.getClampMax());
  return e.call(bin, {e.addParams("ec_nd", e.ndInit(w)), kind, act,
                      (*ptrs)[0], (*ptrs)[1], (*ptrs)[2]});
}

LogicalResult printOperation(CEmitter &e, kernel::ClampOp clamp) {
  auto ptrs = pointers(e, clamp, {clamp.getInput(), clamp.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(clamp, clamp.getInput(), clamp.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  e.recordLayer(clamp, clamp.getOutput(), 0);
  // Compound literals are C99; the clamp travels by value.
  std::string act =
      "(ec_clamp)" + e.clampInit(clamp.getClampMin(), clamp.getClampMax());
  return e.call(clamp, {e.addParams("ec_nd", e.ndInit(*w)), act, (*ptrs)[0],
                        (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::UnaryOp un) {
  auto ptrs = pointers(e, un, {un.getInput(), un.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(un, un.getInput(), un.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  std::string kind =
      "EC_" + StringRef(stringifyUnaryKind(un.getKind())).upper();
  e.recordLayer(un, un.getOutput(), 0);
  Type element = getElementTypeOrSelf(un.getInput());
  if (element.isInteger(1))
    return e.call(un, {e.addParams("ec_nd", e.ndInit(*w)), (*ptrs)[0],
                       (*ptrs)[1]});
  if (!element.isF32())
    return e.call(un, {e.addParams("ec_nd", e.ndInit(*w)), kind, (*ptrs)[0],
                       (*ptrs)[1]});
  return e.call(un, {e.addParams("ec_nd", e.ndInit(*w)), kind,
                     floatLiteral(un.getAlpha().convertToFloat()),
                     floatLiteral(un.getBeta().convertToFloat()), (*ptrs)[0],
                     (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::CopyOp copy) {
  auto ptrs = pointers(e, copy, {copy.getInput(), copy.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(copy, copy.getInput(), copy.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  e.copyBytes += byteSize(copy.getOutput());
  e.recordLayer(copy, copy.getOutput(), 0);
  return e.call(copy,
                {e.addParams("ec_nd", e.ndInit(*w)), (*ptrs)[0], (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::SoftmaxOp sm) {
  auto ptrs = pointers(e, sm, {sm.getInput(), sm.getOutput()});
  if (failed(ptrs))
    return failure();
  auto shape = shapeOf(sm.getOutput());
  int64_t axis = sm.getAxis(), r = shape.size();
  // Outer and inner dimensions each collapse into one loop.
  int64_t outer, inner, sxo, sxi, syo, syi;
  if (!collapseRange(sm.getInput(), shape, 0, axis, outer, sxo) ||
      !collapseRange(sm.getInput(), shape, axis + 1, r, inner, sxi) ||
      !collapseRange(sm.getOutput(), shape, 0, axis, outer, syo) ||
      !collapseRange(sm.getOutput(), shape, axis + 1, r, inner, syi))
    return sm.emitError("softmax over a non-collapsible view");
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}", outer, shape[axis],
      inner, sxo, getLayout(sm.getInput()).first[axis], sxi, syo,
      getLayout(sm.getOutput()).first[axis], syi);
  e.recordLayer(sm, sm.getOutput(), 0);
  if (auto in = int8ElementType(sm.getInput())) {
    // 2^16 exp(scale * d) for every difference d from the row's maximum.
    SmallVector<int64_t> table;
    for (int d = -255; d <= 0; ++d)
      table.push_back((int64_t)std::floor(65536.0 * std::exp(in.getScale() * d) + 0.5));
    std::string exps = e.addTable("int32_t", table);
    return e.call(sm, {e.addParams("ec_softmax_params", init), exps,
                       (*ptrs)[0], (*ptrs)[1]});
  }
  return e.call(sm, {e.addParams("ec_softmax_params", init), (*ptrs)[0],
                     (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::PadOp pad) {
  auto ptrs = pointers(e, pad, {pad.getInput(), pad.getOutput()});
  if (failed(ptrs))
    return failure();
  auto in = shapeOf(pad.getInput()), out = shapeOf(pad.getOutput());
  if ((int64_t)in.size() > kMaxRank)
    return pad.emitError("pad of rank > 6");
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
  e.recordLayer(pad, pad.getOutput(), 0);
  e.copyBytes += byteSize(pad.getOutput());
  return e.call(pad, {e.addParams("ec_pad_params", init), (*ptrs)[0],
                      (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::ReduceOp red) {
  auto ptrs = pointers(e, red, {red.getInput(), red.getOutput()});
  if (failed(ptrs))
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
    return red.emitError("reduction over a non-collapsible view");
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}", outer, reduced, inner,
      sxo, sxr, sxi, syo, syi, (int)red.getKind());
  e.recordLayer(red, red.getOutput(), 0);
  return e.call(red, {e.addParams("ec_reduce_params", init), (*ptrs)[0],
                      (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::LayerNormOp ln) {
  auto ptrs = pointers(
      e, ln, {ln.getInput(), ln.getScale(), ln.getBias(), ln.getOutput()});
  if (failed(ptrs))
    return failure();
  if (!isContiguous(ln.getScale()) ||
      (ln.getBias() && !isContiguous(ln.getBias())))
    return ln.emitError("layer norm parameters must be contiguous");
  auto shape = shapeOf(ln.getInput());
  int64_t axis = ln.getAxis(), r = shape.size();
  int64_t outer, n, sxo, sxn, syo, syn;
  if (!collapseRange(ln.getInput(), shape, 0, axis, outer, sxo) ||
      !collapseRange(ln.getInput(), shape, axis, r, n, sxn) ||
      !collapseRange(ln.getOutput(), shape, 0, axis, outer, syo) ||
      !collapseRange(ln.getOutput(), shape, axis, r, n, syn))
    return ln.emitError("layer norm over a non-collapsible view");
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}, {6}}", outer, n, sxo, sxn, syo, syn,
      floatLiteral(ln.getEpsilon().convertToFloat()));
  e.recordLayer(ln, ln.getOutput(), 0);
  return e.call(ln, {e.addParams("ec_layernorm_params", init), (*ptrs)[0],
                     (*ptrs)[1], (*ptrs)[2], (*ptrs)[3]});
}

LogicalResult printOperation(CEmitter &e, kernel::LRNOp lrn) {
  auto ptrs = pointers(e, lrn, {lrn.getInput(), lrn.getOutput()});
  if (failed(ptrs))
    return failure();
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}}", e.view4(lrn.getInput()),
      e.view4(lrn.getOutput()), lrn.getSize(),
      floatLiteral(lrn.getAlpha().convertToFloat()),
      floatLiteral(lrn.getBeta().convertToFloat()),
      floatLiteral(lrn.getBias().convertToFloat()));
  e.recordLayer(lrn, lrn.getOutput(), 0);
  return e.call(lrn, {e.addParams("ec_lrn_params", init), (*ptrs)[0],
                      (*ptrs)[1]});
}

/// With an int8 entry point, a boundary kernel runs only for the float one:
/// NAME_run_int8 copies the caller's int8 values instead. Prints the copy
/// and opens the else branch.
void printInt8Bypass(CEmitter &e, StringRef which, const std::string &nd,
                     const std::string &from, const std::string &to) {
  e.body << "if (" << which << ")\n";
  e.body.indent();
  e.body << "ec_copy_b8(" << nd << ", " << from << ", " << to << ");\n";
  e.body.unindent();
  e.body << "else\n";
  e.body.indent();
}

/// The pointer `ptr` (an expression on `inputs[i]` or `outputs[i]`) moved
/// to the int8 interface's array of the same index.
std::string onInt8Interface(const std::string &ptr, StringRef array) {
  size_t at = ptr.find(array.str() + "[");
  std::string rest = ptr.substr(at + array.size());
  return array.str() + "_int8" + rest;
}

LogicalResult printOperation(CEmitter &e, kernel::QuantizeOp q) {
  auto ptrs = pointers(e, q, {q.getInput(), q.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(q, q.getInput(), q.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  e.recordLayer(q, q.getOutput(), 0);
  std::string nd = e.addParams("ec_nd", e.ndInit(*w));
  bool bypass = e.int8Entry && isa<BlockArgument>(rootBuffer(q.getInput()));
  if (bypass)
    printInt8Bypass(e, "inputs_int8", nd,
                    onInt8Interface((*ptrs)[0], "inputs"), (*ptrs)[1]);
  LogicalResult result =
      e.call(q, {nd, qparamsInit(int8ElementType(q.getOutput())), (*ptrs)[0],
                 (*ptrs)[1]});
  if (bypass)
    e.body.unindent();
  return result;
}

LogicalResult printOperation(CEmitter &e, kernel::DequantizeOp d) {
  auto ptrs = pointers(e, d, {d.getInput(), d.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(d, d.getInput(), d.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  e.recordLayer(d, d.getOutput(), 0);
  std::string nd = e.addParams("ec_nd", e.ndInit(*w));
  bool bypass = e.int8Entry && isa<BlockArgument>(rootBuffer(d.getOutput()));
  if (bypass)
    printInt8Bypass(e, "outputs_int8", nd, (*ptrs)[0],
                    onInt8Interface((*ptrs)[1], "outputs"));
  LogicalResult result =
      e.call(d, {nd, qparamsInit(int8ElementType(d.getInput())), (*ptrs)[0],
                 (*ptrs)[1]});
  if (bypass)
    e.body.unindent();
  return result;
}

LogicalResult printOperation(CEmitter &e, kernel::RequantizeOp r) {
  auto ptrs = pointers(e, r, {r.getInput(), r.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(r, r.getInput(), r.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  auto in = int8ElementType(r.getInput()), out = int8ElementType(r.getOutput());
  e.recordLayer(r, r.getOutput(), 0);
  std::string init = llvm::formatv("{{{0}, {1}, {2}}", in.getZeroPoint(),
                                   out.getZeroPoint(),
                                   requantInit(in.getScale() / out.getScale()));
  return e.call(r, {e.addParams("ec_nd", e.ndInit(*w)),
                    e.addParams("ec_requantize_params", init), (*ptrs)[0],
                    (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::LookupOp l) {
  auto ptrs = pointers(e, l, {l.getInput(), l.getTable(), l.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(l, l.getInput(), l.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  e.recordLayer(l, l.getOutput(), 0);
  return e.call(l, {e.addParams("ec_nd", e.ndInit(*w)), (*ptrs)[0], (*ptrs)[1],
                    (*ptrs)[2]});
}

LogicalResult printOperation(CEmitter &e, kernel::CastOp cast) {
  auto ptrs = pointers(e, cast, {cast.getInput(), cast.getOutput()});
  FailureOr<NdWalk> w = unaryWalk(cast, cast.getInput(), cast.getOutput());
  if (failed(ptrs) || failed(w))
    return failure();
  int from = elementCode(getElementTypeOrSelf(cast.getInput()));
  int to = elementCode(getElementTypeOrSelf(cast.getOutput()));
  if (from < 0 || to < 0)
    return cast.emitError("cast between element types the C has no code for");
  e.recordLayer(cast, cast.getOutput(), 0);
  return e.call(cast, {e.addParams("ec_nd", e.ndInit(*w)), std::to_string(from),
                       std::to_string(to), (*ptrs)[0], (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::WhereOp where) {
  Value c = where.getCondition(), a = where.getLhs(), b = where.getRhs(),
        y = where.getOutput();
  auto ptrs = pointers(e, where, {c, a, b, y});
  if (failed(ptrs))
    return failure();
  // One walk over the output for the values, one with the same shape for
  // the condition: dimensions of size 1 drop out, and neighbours merge
  // where all four operands step over them as one.
  auto shape = shapeOf(y);
  SmallVector<int64_t> strides[4] = {broadcastStridesOf(c), broadcastStridesOf(a),
                                     broadcastStridesOf(b), broadcastStridesOf(y)};
  NdWalk values, cond;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1)
      continue;
    values.shape.push_back(shape[d]);
    for (int k = 0; k < 3; ++k)
      values.strides[k].push_back(strides[k + 1][d]);
    cond.strides[0].push_back(strides[0][d]);
  }
  if (values.shape.empty()) {
    values.shape.push_back(1);
    for (auto &s : values.strides)
      s.push_back(0);
    cond.strides[0].push_back(0);
  }
  for (int d = (int)values.shape.size() - 2; d >= 0; --d) {
    int64_t inner = values.shape[d + 1];
    bool merge = cond.strides[0][d] == cond.strides[0][d + 1] * inner;
    for (auto &s : values.strides)
      merge &= s[d] == s[d + 1] * inner;
    if (!merge)
      continue;
    values.shape[d + 1] *= values.shape[d];
    values.shape.erase(values.shape.begin() + d);
    for (auto &s : values.strides)
      s.erase(s.begin() + d);
    cond.strides[0].erase(cond.strides[0].begin() + d);
  }
  if (values.shape.size() > kMaxRank)
    return where.emitError("Where of rank > 6 after coalescing");
  cond.shape = values.shape;
  cond.strides[1].assign(values.shape.size(), 0);
  cond.strides[2] = values.strides[2];
  e.recordLayer(where, y, 0);
  return e.call(where, {e.addParams("ec_nd", e.ndInit(values)),
                        e.addParams("ec_nd", e.ndInit(cond)), (*ptrs)[0],
                        (*ptrs)[1], (*ptrs)[2], (*ptrs)[3]});
}

LogicalResult printOperation(CEmitter &e, kernel::ArgReduceOp arg) {
  auto ptrs = pointers(e, arg, {arg.getInput(), arg.getOutput()});
  if (failed(ptrs))
    return failure();
  // The output walk reads the input at the start of the reduced axis.
  auto outShape = shapeOf(arg.getOutput());
  int64_t axis = arg.getAxis();
  auto inStrides = getLayout(arg.getInput()).first;
  SmallVector<int64_t> xs(inStrides);
  xs[axis] = 0;
  NdWalk w = coalesce(outShape, {xs, SmallVector<int64_t>(outShape.size(), 0),
                                 getLayout(arg.getOutput()).first});
  if (w.shape.size() > kMaxRank)
    return arg.emitError("arg max/min of rank > 6 after coalescing");
  int64_t n = shapeOf(arg.getInput())[axis];
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}}", e.ndInit(w), n, inStrides[axis],
      arg.getKind() == ReduceKind::max ? 1 : 0,
      arg.getSelectLastIndex() ? 1 : 0);
  e.recordLayer(arg, arg.getOutput(), 0);
  return e.call(arg, {e.addParams("ec_arg_params", init), (*ptrs)[0],
                      (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::TopKOp top) {
  auto ptrs = pointers(e, top, {top.getInput(), top.getOutput()});
  if (failed(ptrs))
    return failure();
  // One walk step per row along the axis (the axis kept at size 1); each
  // writes k indices at the output's axis stride.
  int64_t axis = top.getAxis();
  SmallVector<int64_t> rows(shapeOf(top.getOutput()));
  int64_t k = rows[axis];
  rows[axis] = 1;
  auto inStrides = getLayout(top.getInput()).first;
  auto outStrides = getLayout(top.getOutput()).first;
  NdWalk w = coalesce(rows, {inStrides, SmallVector<int64_t>(rows.size(), 0),
                             outStrides});
  if (w.shape.size() > kMaxRank)
    return top.emitError("top-k of rank > 6 after coalescing");
  std::string init = llvm::formatv(
      "{{{0}, {1}, {2}, {3}, {4}, {5}}", e.ndInit(w),
      shapeOf(top.getInput())[axis], inStrides[axis], k, outStrides[axis],
      top.getSmallest() ? 1 : 0);
  e.recordLayer(top, top.getOutput(), 0);
  return e.call(top, {e.addParams("ec_top_k_params", init), (*ptrs)[0],
                      (*ptrs)[1]});
}

LogicalResult printOperation(CEmitter &e, kernel::GatherElementsOp gather) {
  Value x = gather.getInput(), idx = gather.getIndices(),
        y = gather.getOutput();
  auto ptrs = pointers(e, gather, {x, idx, y});
  if (failed(ptrs))
    return failure();
  // The output walk reads the input at coordinate 0 of the axis and each
  // index where it broadcasts (stride 0 along its size-1 dimensions).
  auto outShape = shapeOf(y);
  int64_t axis = gather.getAxis();
  auto inStrides = getLayout(x).first;
  SmallVector<int64_t> xs(inStrides), is(getLayout(idx).first);
  xs[axis] = 0;
  for (auto [d, size] : llvm::enumerate(shapeOf(idx)))
    if (size == 1)
      is[d] = 0;
  NdWalk w = coalesce(outShape, {xs, is, getLayout(y).first});
  if (w.shape.size() > kMaxRank)
    return gather.emitError("gather of rank > 6 after coalescing");
  std::string init = llvm::formatv("{{{0}, {1}, {2}}", e.ndInit(w),
                                   shapeOf(x)[axis], inStrides[axis]);
  e.recordLayer(gather, y, 0);
  return e.call(gather, {e.addParams("ec_gather_params", init), (*ptrs)[0],
                         (*ptrs)[1], (*ptrs)[2]});
}

} // namespace

LogicalResult emitOperation(CEmitter &e, Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<kernel::Conv2DOp, kernel::QuadraticDWConv2DOp, kernel::Pool2DOp,
            kernel::MatMulOp, kernel::BinaryOp, kernel::ClampOp,
            kernel::UnaryOp, kernel::CopyOp, kernel::SoftmaxOp, kernel::PadOp,
            kernel::ReduceOp, kernel::LayerNormOp, kernel::LRNOp,
            kernel::QuantizeOp, kernel::DequantizeOp, kernel::RequantizeOp,
            kernel::LookupOp, kernel::CastOp, kernel::WhereOp,
            kernel::ArgReduceOp, kernel::GatherElementsOp, kernel::TopKOp>(
          [&](auto kernelOp) { return printOperation(e, kernelOp); })
      // Views, arena offsets and weights are pointer expressions.
      .Case<memref::ViewOp, memref::GetGlobalOp, memref::ReinterpretCastOp,
            memref::SubViewOp, memref::TransposeOp, memref::ExpandShapeOp,
            memref::CollapseShapeOp, memref::CastOp, arith::ConstantOp,
            func::ReturnOp>([](Operation *) { return success(); })
      .Default([](Operation *op) {
        return op->emitError("no C emitter for op '") << op->getName() << "'";
      });
}

} // namespace edgec
