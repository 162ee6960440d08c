//===- Quantize.cpp - calibrated post-training int8 quantization ----------===//
//
// 1. Calibrate: run the float graph on the samples, keep every tensor's
//    range (passes/Calibration).
// 2. Choose: the ops with int8 kernels; values that must share one type
//    (through pooling, reshapes, transposes, slices, shuffles, concats)
//    form classes, each with one int8 type covering all its members.
// 3. Rewrite in op order: quantized ops take int8 types and int8/int32
//    constants; element-wise functions become lookup tables; f32 ops get
//    nn.dequantize before and nn.quantize after them.
//
//===----------------------------------------------------------------------===//
#include "ir/Constants.h"
#include "ir/OpVerifiers.h"
#include "ir/Quantization.h"
#include "ir/ShapeUtils.h"
#include "passes/Calibration.h"
#include "passes/Passes.h"

#include "llvm/ADT/EquivalenceClasses.h"

#include <cmath>
#include <map>

namespace edgec {
#define GEN_PASS_DEF_QUANTIZE
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

using QType = quant::UniformQuantizedType;

bool isF32Tensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.getElementType().isF32();
}

/// Ops whose result holds the values of their (first) input, rearranged:
/// one int8 type serves both, and the C moves bytes.
bool keepsType(Operation *op) {
  return isa<nn::Pool2DOp, nn::TransposeOp, nn::ReshapeOp, nn::SliceOp,
             nn::ChannelShuffleOp, nn::ConcatOp, nn::BroadcastToOp>(op);
}

struct QuantizePass : edgec::impl::QuantizeBase<QuantizePass> {
  using QuantizeBase::QuantizeBase;

  DenseMap<Value, RangeStats> stats;
  llvm::EquivalenceClasses<void *> classes;
  DenseMap<void *, QType> classType;
  /// Classes with a type the QDQ model gives.
  DenseSet<void *> knownClasses;
  DenseSet<Operation *> quantized;
  /// nn.quantize / nn.dequantize already made for a value.
  DenseMap<Value, Value> quantizedOf, floatOf;
  /// Marks the operands of an op that a QDQ model rounds (operand number ->
  /// int8 type), between takeGivenTypes and rewrite.
  static constexpr llvm::StringLiteral kRoundedOperands = "qdq_rounded_operands";
  /// The int8 types a QDQ model gives its tensors (nn.fake_quantize).
  DenseMap<Value, QType> given;
  Observer observerKind = Observer::minmax;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (observer == "minmax")
      observerKind = Observer::minmax;
    else if (observer == "percentile")
      observerKind = Observer::percentile;
    else if (observer == "mse")
      observerKind = Observer::mse;
    else {
      func.emitError("unknown observer '")
          << observer << "' (minmax, percentile or mse)";
      return signalPassFailure();
    }
    // A float model without calibration samples is left alone.
    bool qdq = false;
    func.walk([&](nn::FakeQuantizeOp) { qdq = true; });
    if (calib.empty() && !qdq)
      return;
    takeGivenTypes(func);
    splitHardSwish(func);
    spatialReducesToPools(func);
    if (!calib.empty() && failed(calibrate(func)))
      return signalPassFailure();
    choose(func);
    assignTypes(func);
    if (calib.empty())
      dropUnknown(func);
    rewrite(func);
  }

  /// A QDQ model's roundings name the int8 type of the tensor they round;
  /// they go, their types stay.
  ///
  /// Each op reading a rounding is marked with the operand and its type:
  /// one that stays f32 still gets that rounding (see rewrite).
  void takeGivenTypes(func::FuncOp func) {
    func.walk([&](nn::FakeQuantizeOp fq) {
      QType type = edgec::asInt8(fq.getType());
      given.try_emplace(fq.getInput(), type);
      for (OpOperand &use : fq.getOutput().getUses()) {
        Operation *user = use.getOwner();
        NamedAttrList marks;
        if (auto old = user->getAttrOfType<DictionaryAttr>(kRoundedOperands))
          marks.append(old.getValue());
        marks.set(std::to_string(use.getOperandNumber()), TypeAttr::get(type));
        user->setAttr(kRoundedOperands, marks.getDictionary(&getContext()));
      }
      fq.getOutput().replaceAllUsesWith(fq.getInput());
      fq.erase();
    });
  }

  /// Without calibration, an op whose output the QDQ model gives no type
  /// (directly or through the ops that keep it) stays f32.
  void dropUnknown(func::FuncOp func) {
    auto *dialect = getContext().getOrLoadDialect<EdgecDialect>();
    Builder b(&getContext());
    SmallVector<Attribute> floats(
        dialect->getFloatLayersAttrHelper().getAttr(func).getValue());
    for (Operation *op : llvm::to_vector(quantized)) {
      if (isa<nn::SoftmaxOp>(op) ||
          knownClasses.contains(classes.getLeaderValue(
              op->getResult(0).getAsOpaquePointer())))
        continue;
      quantized.erase(op);
      StringRef why = "the QDQ model gives no scale for its output";
      dialect->getFloatReasonAttrHelper().setAttr(op, b.getStringAttr(why));
      std::string name;
      if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
        name = loc.getName().str();
      floats.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("name", b.getStringAttr(name)),
           b.getNamedAttr("op", b.getStringAttr(op->getName().getStringRef())),
           b.getNamedAttr("reason", b.getStringAttr(why))}));
    }
    dialect->getFloatLayersAttrHelper().setAttr(func, b.getArrayAttr(floats));
  }

  /// A HardSwish fused into a conv or matmul becomes a table after it; its
  /// input must be observed, so it is a separate op again.
  void splitHardSwish(func::FuncOp func) {
    func.walk([&](Operation *op) {
      if (!isa<nn::Conv2DOp, nn::MatMulOp>(op) || !op->hasAttr("hard_swish"))
        return;
      op->removeAttr("hard_swish");
      OpBuilder b(op->getContext());
      b.setInsertionPointAfter(op);
      Value out = op->getResult(0);
      auto hs = nn::UnaryOp::create(b, op->getLoc(), out.getType(), out,
                                    UnaryKind::hard_swish,
                                    APFloat(1.0f / 6.0f), APFloat(0.5f));
      out.replaceAllUsesExcept(hs, hs);
    });
  }

  /// A mean or max over the spatial axes of an NHWC tensor (a global
  /// average or max pool exported as ReduceMean / ReduceMax) is that pool,
  /// which has an int8 kernel.
  void spatialReducesToPools(func::FuncOp func) {
    func.walk([&](nn::ReduceOp r) {
      auto in = cast<RankedTensorType>(r.getInput().getType());
      if (in.getRank() != 4 || !in.getElementType().isF32() ||
          ArrayRef<int64_t>(r.getAxes()) != ArrayRef<int64_t>{1, 2} ||
          (r.getKind() != ReduceKind::mean && r.getKind() != ReduceKind::max))
        return;
      OpBuilder b(r);
      auto pool = nn::Pool2DOp::create(
          b, r.getLoc(), r.getType(), r.getInput(),
          PoolKindAttr::get(&getContext(), r.getKind() == ReduceKind::mean
                                               ? PoolKind::avg
                                               : PoolKind::max),
          b.getDenseI64ArrayAttr({in.getDimSize(1), in.getDimSize(2)}),
          b.getDenseI64ArrayAttr({1, 1}), b.getDenseI64ArrayAttr({0, 0, 0, 0}),
          b.getDenseI64ArrayAttr({1, 1}), b.getBoolAttr(false));
      r.replaceAllUsesWith(pool.getResult());
      r.erase();
    });
  }

  //===--------------------------------------------------------------------===//
  // Calibration
  //===--------------------------------------------------------------------===//

  LogicalResult calibrate(func::FuncOp func) {
    Block &body = func.getBody().front();
    unsigned n = body.getNumArguments();
    std::vector<std::string> paths(n);
    for (const std::string &spec : calib) {
      auto [name, path] = StringRef(spec).split('=');
      if (path.empty()) { // a bare PATH
        if (n != 1)
          return func.emitError("the model has ")
                 << n << " inputs: give --calib=NAME=PATH for each";
        paths[0] = spec;
        continue;
      }
      bool found = false;
      for (unsigned i = 0; i < n; ++i) {
        auto attr = func.getArgAttrOfType<StringAttr>(
            i, EdgecDialect::NameAttrHelper::getNameStr());
        if (attr && attr.getValue() == name) {
          paths[i] = path.str();
          found = true;
        }
      }
      if (!found)
        return func.emitError("--calib names '") << name
                                                << "', which is no graph input";
    }
    std::vector<std::vector<Tensor>> samples(n);
    size_t count = 0;
    for (unsigned i = 0; i < n; ++i) {
      if (paths[i].empty())
        return func.emitError("no calibration samples for graph input ") << i;
      std::string error;
      if (!loadSamples(paths[i], shapeOf(body.getArgument(i)), samples[i],
                       error))
        return func.emitError("calibration: ") << error;
      count = i == 0 ? samples[i].size() : std::min(count, samples[i].size());
    }
    if (maxSamples > 0)
      count = std::min<size_t>(count, maxSamples);
    for (size_t s = 0; s < count; ++s) {
      std::vector<Tensor> inputs;
      for (unsigned i = 0; i < n; ++i)
        inputs.push_back(samples[i][s]);
      if (failed(interpret(func, inputs, [&](Value v, const Tensor &t) {
            stats[v].add(t);
          })))
        return failure();
    }
    return success();
  }

  static ArrayRef<int64_t> shapeOf(Value v) {
    return cast<ShapedType>(v.getType()).getShape();
  }

  //===--------------------------------------------------------------------===//
  // Which ops, which types
  //===--------------------------------------------------------------------===//

  /// Why `op` stays f32, or "" when it has an int8 kernel.
  std::string floatReason(Operation *op) {
    if (op->getNumResults() != 1 || !isF32Tensor(op->getResult(0)))
      return "not an f32 op";
    if (auto conv = dyn_cast<nn::Conv2DOp>(op)) {
      if (!conv.getFilter().getDefiningOp<arith::ConstantOp>() ||
          (conv.getBias() && !conv.getBias().getDefiningOp<arith::ConstantOp>()))
        return "weights computed at run time";
      return "";
    }
    if (auto mm = dyn_cast<nn::MatMulOp>(op)) {
      auto rhs = cast<RankedTensorType>(mm.getRhs().getType());
      if (!mm.getRhs().getDefiningOp<arith::ConstantOp>() ||
          (mm.getBias() && !mm.getBias().getDefiningOp<arith::ConstantOp>()))
        return "a product of two activations";
      if (llvm::any_of(rhs.getShape().drop_back(2),
                       [](int64_t d) { return d != 1; }))
        return "batched weights";
      return "";
    }
    if (isa<nn::AddOp, nn::SubOp, nn::MulOp, nn::SoftmaxOp>(op) ||
        keepsType(op) || isa<nn::UnaryOp, nn::ClampOp>(op))
      return "";
    return "no int8 kernel for '" + op->getName().getStringRef().str() + "'";
  }

  void choose(func::FuncOp func) {
    auto *dialect = getContext().getOrLoadDialect<EdgecDialect>();
    Builder b(&getContext());
    SmallVector<Attribute> floats;
    for (Operation &op : func.getBody().front()) {
      if (isa<arith::ConstantOp, func::ReturnOp>(op))
        continue;
      std::string why = floatReason(&op);
      if (why.empty()) {
        quantized.insert(&op);
        continue;
      }
      dialect->getFloatReasonAttrHelper().setAttr(&op, b.getStringAttr(why));
      std::string name;
      if (auto loc = dyn_cast<NameLoc>(op.getLoc()))
        name = loc.getName().str();
      floats.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("name", b.getStringAttr(name)),
           b.getNamedAttr("op", b.getStringAttr(op.getName().getStringRef())),
           b.getNamedAttr("reason", b.getStringAttr(why))}));
    }
    dialect->getFloatLayersAttrHelper().setAttr(func, b.getArrayAttr(floats));
  }

  /// The range a value is quantized to: what calibration saw, within the
  /// clamp of the op that produces it (a ReLU6 output covers [0, 6]).
  std::pair<double, double> rangeOf(Value v) {
    auto [lo, hi] = stats[v].empty() ? std::make_pair(0.0, 0.0)
                                     : stats[v].range(observerKind);
    if (Operation *def = v.getDefiningOp()) {
      auto clampLo = def->getAttrOfType<FloatAttr>("clamp_min");
      auto clampHi = def->getAttrOfType<FloatAttr>("clamp_max");
      if (clampLo && clampHi)
        return {clampLo.getValueAsDouble(), clampHi.getValueAsDouble()};
      if (clampLo)
        lo = std::max(lo, clampLo.getValueAsDouble());
      if (clampHi)
        hi = std::min(hi, clampHi.getValueAsDouble());
    }
    return {lo, hi};
  }

  void assignTypes(func::FuncOp func) {
    for (Operation *op : quantized) {
      Value out = op->getResult(0);
      classes.insert(out.getAsOpaquePointer());
      if (keepsType(op))
        for (Value in : op->getOperands())
          if (!in.getDefiningOp<arith::ConstantOp>())
            classes.unionSets(out.getAsOpaquePointer(),
                              in.getAsOpaquePointer());
    }
    // Each class covers the ranges of all its members.
    std::map<void *, std::pair<double, double>> ranges;
    SmallVector<Value> members;
    func.walk([&](Operation *op) {
      for (Value v : op->getResults())
        members.push_back(v);
    });
    for (BlockArgument arg : func.getArguments())
      members.push_back(arg);
    for (Value v : members) {
      void *key = v.getAsOpaquePointer();
      if (!classes.contains(key))
        continue;
      void *leader = classes.getLeaderValue(key);
      auto r = rangeOf(v);
      auto [it, inserted] = ranges.try_emplace(leader, r);
      if (!inserted)
        it->second = {std::min(it->second.first, r.first),
                      std::max(it->second.second, r.second)};
    }
    for (auto &[leader, r] : ranges)
      classType[leader] = int8TypeForRange(&getContext(), r.first, r.second);
    // A type the QDQ model gives wins over calibration.
    for (Value v : members) {
      void *key = v.getAsOpaquePointer();
      auto it = given.find(v);
      if (it == given.end() || !classes.contains(key))
        continue;
      void *leader = classes.getLeaderValue(key);
      if (knownClasses.insert(leader).second)
        classType[leader] = it->second;
    }
    // A softmax output has TFLite's fixed type: [0, 1) in steps of 1/256.
    for (Operation *op : quantized)
      if (isa<nn::SoftmaxOp>(op))
        classType[classes.getLeaderValue(
            op->getResult(0).getAsOpaquePointer())] = softmaxType();
  }

  QType softmaxType() {
    return QType::get(quant::QuantizationFlags::Signed,
                      IntegerType::get(&getContext(), 8),
                      Float32Type::get(&getContext()), 1.0 / 256, -128, -128,
                      127);
  }

  /// The int8 type of a value that is or will be quantized.
  QType typeOf(Value v) {
    void *key = v.getAsOpaquePointer();
    if (classes.contains(key))
      return classType[classes.getLeaderValue(key)];
    if (auto it = given.find(v); it != given.end())
      return it->second;
    auto r = rangeOf(v);
    return int8TypeForRange(&getContext(), r.first, r.second);
  }

  static Type withElement(Value v, Type element) {
    return RankedTensorType::get(shapeOf(v), element);
  }

  //===--------------------------------------------------------------------===//
  // Rewrite
  //===--------------------------------------------------------------------===//

  /// Where a boundary op of `v` is: named after v's ONNX node or graph input
  /// ("conv_3/quantize", "input/quantize").
  Location boundaryLoc(Value v, StringRef what) {
    std::string name;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      auto func = cast<func::FuncOp>(arg.getOwner()->getParentOp());
      if (auto attr = func.getArgAttrOfType<StringAttr>(
              arg.getArgNumber(), EdgecDialect::NameAttrHelper::getNameStr()))
        name = attr.str();
    } else if (auto loc = dyn_cast<NameLoc>(v.getLoc())) {
      name = loc.getName().str();
    }
    if (name.empty())
      return v.getLoc();
    return NameLoc::get(StringAttr::get(&getContext(), name + "/" + what),
                        v.getLoc());
  }

  /// `v` as int8 for a quantized op: itself when its producer is quantized,
  /// else a (shared) nn.quantize of it.
  Value asInt8(OpBuilder &b, Value v) {
    if (int8ElementType(v))
      return v;
    if (Value q = quantizedOf.lookup(v))
      return q;
    OpBuilder::InsertionGuard guard(b);
    if (Operation *def = v.getDefiningOp())
      b.setInsertionPointAfter(def);
    else
      b.setInsertionPointToStart(v.getParentBlock());
    Value q = nn::QuantizeOp::create(b, boundaryLoc(v, "quantize"),
                                     withElement(v, typeOf(v)), v);
    quantizedOf[v] = q;
    return q;
  }

  /// `v` as f32 for a float op: a (shared) nn.dequantize of an int8 value.
  Value asFloat(OpBuilder &b, Value v) {
    if (!int8ElementType(v))
      return v;
    if (Value f = floatOf.lookup(v))
      return f;
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointAfter(v.getDefiningOp());
    Value f = nn::DequantizeOp::create(
        b, boundaryLoc(v, "dequantize"),
        withElement(v, Float32Type::get(&getContext())), v);
    floatOf[v] = f;
    return f;
  }

  /// A constant operand as an int8 activation of its own range.
  Value constantAsInt8(OpBuilder &b, arith::ConstantOp cst) {
    auto values = getF32Values(cst.getValue());
    double lo = 0.0, hi = 0.0;
    for (float v : *values) {
      lo = std::min<double>(lo, v);
      hi = std::max<double>(hi, v);
    }
    QType type = int8TypeForRange(&getContext(), lo, hi);
    std::vector<int64_t> q;
    for (float v : *values)
      q.push_back(quantizeValue(v, type));
    auto tensorType = cast<ShapedType>(withElement(cst, type));
    return arith::ConstantOp::create(b, cst.getLoc(),
                                     cast<TypedAttr>(makeIntAttr(tensorType, q, "q")));
  }

  /// Per-channel symmetric int8 weights along `axis`, and the int32 bias
  /// in units of `inputScale` x each channel's weight scale.
  std::pair<Value, Value> quantizeWeights(OpBuilder &b, Location loc,
                                          Value filter, Value bias,
                                          int64_t axis, double inputScale) {
    auto w = *getConstantF32(filter);
    auto shape = shapeOf(filter);
    int64_t channels = shape[axis], inner = 1;
    for (size_t d = axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
    auto channelOf = [&](size_t i) { return (i / inner) % channels; };
    std::vector<double> absMax(channels, 0.0);
    for (size_t i = 0; i < w.size(); ++i)
      absMax[channelOf(i)] = std::max<double>(absMax[channelOf(i)], std::fabs(w[i]));
    // Weights already on an int8 grid (a QDQ or QLinear model's) keep it:
    // the finest step absMax / m, m <= 127, that every weight of the
    // channel is a whole multiple of. Float weights fail within a few
    // elements for every m and take absMax / 127.
    std::vector<SmallVector<float>> byChannel(channels);
    for (size_t i = 0; i < w.size(); ++i)
      byChannel[channelOf(i)].push_back(w[i]);
    SmallVector<double> scales;
    for (int64_t c = 0; c < channels; ++c) {
      double top = absMax[c];
      int m = 127;
      for (; top > 0 && m > 1; --m) {
        double step = top / m;
        if (llvm::all_of(byChannel[c], [&](float v) {
              double k = v / step;
              return std::fabs(k - std::round(k)) < 1e-3;
            }))
          break;
      }
      scales.push_back(top > 0 ? top / (m > 1 ? m : 127) : 1.0);
    }
    auto wType = int8WeightType(&getContext(), scales, axis);
    std::vector<int64_t> q(w.size());
    for (size_t i = 0; i < w.size(); ++i)
      q[i] = (int64_t)std::max(-127.0, std::min(127.0, std::round(w[i] / scales[channelOf(i)])));
    Value qw = arith::ConstantOp::create(
        b, loc,
        cast<TypedAttr>(makeIntAttr(
            cast<ShapedType>(withElement(filter, wType)), q, "wq")));
    if (!bias)
      return {qw, Value()};
    auto bv = *getConstantF32(bias);
    std::vector<int64_t> qb(bv.size());
    for (size_t c = 0; c < bv.size(); ++c) {
      double v = std::round(bv[c] / (inputScale * scales[c]));
      qb[c] = (int64_t)std::max<double>(INT32_MIN, std::min<double>(INT32_MAX, v));
    }
    Value qbias = arith::ConstantOp::create(
        b, loc,
        cast<TypedAttr>(makeIntAttr(
            cast<ShapedType>(withElement(bias, IntegerType::get(&getContext(), 32))),
            qb, "bq")));
    return {qw, qbias};
  }

  /// A 256-entry table: f applied to every int8 value of `in`, quantized to
  /// `out`.
  Value lookupTable(OpBuilder &b, Location loc, QType in, QType out,
                    llvm::function_ref<double(double)> f) {
    SmallVector<int8_t> table;
    for (int q = -128; q < 128; ++q)
      table.push_back((int8_t)quantizeValue(f(dequantizeValue(q, in)), out));
    auto type = RankedTensorType::get({256}, IntegerType::get(&getContext(), 8));
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef<int8_t>(table)));
  }

  void rewrite(func::FuncOp func) {
    OpBuilder b(&getContext());
    Block &body = func.getBody().front();
    for (Operation &op : llvm::make_early_inc_range(body)) {
      b.setInsertionPoint(&op);
      if (isa<arith::ConstantOp, nn::QuantizeOp, nn::DequantizeOp>(op))
        continue;
      auto rounded = op.getAttrOfType<DictionaryAttr>(kRoundedOperands);
      op.removeAttr(kRoundedOperands);
      if (!quantized.contains(&op)) {
        // f32 ops (and the return) read f32, rounded where the QDQ model
        // rounds (a quantize and dequantize pair, unless the value is
        // already int8 of that type).
        for (OpOperand &use : op.getOpOperands()) {
          Value v = use.get();
          auto type = rounded ? rounded.getAs<TypeAttr>(
                                    std::to_string(use.getOperandNumber()))
                              : TypeAttr();
          QType roundTo = type ? cast<QType>(type.getValue()) : QType();
          if (!roundTo || int8ElementType(v) == roundTo) {
            use.set(asFloat(b, v));
            continue;
          }
          Value f = asFloat(b, v);
          Location loc = boundaryLoc(f, "round");
          Value q = nn::QuantizeOp::create(b, loc, withElement(f, roundTo), f);
          use.set(nn::DequantizeOp::create(
              b, loc, withElement(f, Float32Type::get(&getContext())), q));
        }
        continue;
      }
      rewriteQuantized(b, &op);
    }
    // The float weights the int8 ones replaced.
    for (Operation &op : llvm::make_early_inc_range(body))
      if (isa<arith::ConstantOp>(op) && op.use_empty())
        op.erase();
  }

  void rewriteQuantized(OpBuilder &b, Operation *op) {
    Value out = op->getResult(0);
    QType outType = typeOf(out);
    Location loc = op->getLoc();
    if (auto conv = dyn_cast<nn::Conv2DOp>(op)) {
      Value x = asInt8(b, conv.getInput());
      auto [w, bias] = quantizeWeights(b, loc, conv.getFilter(), conv.getBias(),
                                       3, int8ElementType(x).getScale());
      conv.getInputMutable().assign(x);
      conv.getFilterMutable().assign(w);
      if (bias)
        conv.getBiasMutable().assign(bias);
    } else if (auto mm = dyn_cast<nn::MatMulOp>(op)) {
      Value x = asInt8(b, mm.getLhs());
      int64_t axis = shapeOf(mm.getRhs()).size() - 1;
      auto [w, bias] = quantizeWeights(b, loc, mm.getRhs(), mm.getBias(), axis,
                                       int8ElementType(x).getScale());
      mm.getLhsMutable().assign(x);
      mm.getRhsMutable().assign(w);
      if (bias)
        mm.getBiasMutable().assign(bias);
    } else if (isa<nn::UnaryOp, nn::ClampOp>(op)) {
      Value x = asInt8(b, op->getOperand(0));
      QType inType = int8ElementType(x);
      std::function<double(double)> f;
      if (auto u = dyn_cast<nn::UnaryOp>(op)) {
        float alpha = u.getAlpha().convertToFloat(),
              beta = u.getBeta().convertToFloat();
        UnaryKind kind = u.getKind();
        f = [=](double v) { return evalUnary(kind, (float)v, alpha, beta); };
      } else {
        auto c = cast<nn::ClampOp>(op);
        double lo = c.getClampMin() ? c.getClampMin()->convertToDouble() : -INFINITY;
        double hi = c.getClampMax() ? c.getClampMax()->convertToDouble() : INFINITY;
        f = [=](double v) { return std::min(hi, std::max(lo, v)); };
      }
      Value table = lookupTable(b, loc, inType, outType, f);
      auto lookup = nn::LookupOp::create(b, loc, withElement(out, outType), x,
                                         table);
      out.replaceAllUsesWith(lookup.getResult());
      op->erase();
      return;
    } else {
      // Element-wise arithmetic and the type-keeping ops: int8 operands
      // (constants quantized to their own range).
      for (OpOperand &use : op->getOpOperands()) {
        if (auto cst = use.get().getDefiningOp<arith::ConstantOp>())
          use.set(keepsType(op) ? asInt8(b, use.get()) : constantAsInt8(b, cst));
        else
          use.set(asInt8(b, use.get()));
      }
    }
    out.setType(withElement(out, outType));
  }
};

} // namespace
