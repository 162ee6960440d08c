//===- PackWeights.cpp - weights in the order the chosen kernel reads -----===//
//
// Kernel selection decides which C function runs a convolution; some read
// the filter output channel first (dot products along the input channels,
// as SIMD multiply-accumulate instructions want them) or want the input
// offset folded into the bias. This pass rewrites the weight globals to
// match, so the IR says exactly what the C reads.
//
//===----------------------------------------------------------------------===//
#include "ir/Constants.h"
#include "ir/KernelDialect.h"
#include "ir/Quantization.h"
#include "passes/Passes.h"
#include "targets/KernelTable.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/SymbolTable.h"

namespace edgec {
#define GEN_PASS_DEF_PACKWEIGHTS
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// [kh][kw][ci][co] data (row-major) as [co][kh][kw][ci].
template <typename T>
std::vector<T> toOHWI(ArrayRef<T> data, ArrayRef<int64_t> hwio) {
  int64_t kh = hwio[0], kw = hwio[1], ci = hwio[2], co = hwio[3];
  std::vector<T> out(data.size());
  for (int64_t y = 0; y < kh; ++y)
    for (int64_t x = 0; x < kw; ++x)
      for (int64_t i = 0; i < ci; ++i)
        for (int64_t o = 0; o < co; ++o)
          out[((o * kh + y) * kw + x) * ci + i] =
              data[((y * kw + x) * ci + i) * co + o];
  return out;
}

/// `type` with its per-axis quantization along `axis`.
Type withQuantizedAxis(Type type, int32_t axis) {
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
  if (!perAxis)
    return type;
  return quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), perAxis.getStorageType(), perAxis.getExpressedType(),
      perAxis.getScales(), perAxis.getZeroPoints(), axis,
      perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
}

struct PackWeightsPass : edgec::impl::PackWeightsBase<PackWeightsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    DenseMap<StringAttr, memref::GlobalOp> packed, blockedOf;
    SmallVector<memref::GlobalOp> replaced;
    WalkResult result = module.walk([&](kernel::Conv2DOp conv) {
      const KernelEntry *entry = selectedKernel(conv);
      if (!entry)
        return WalkResult::advance();
      // The filter rewritten into the order the kernel reads, once per
      // global: [C_out][kh][kw][C_in] or blocks of output channels.
      auto repack = [&](DenseMap<StringAttr, memref::GlobalOp> &cache,
                        llvm::function_ref<memref::GlobalOp(memref::GlobalOp)>
                            pack) -> LogicalResult {
        auto global = globalOf(symbols, conv.getFilter());
        if (!global)
          return conv.emitError("kernel '")
                 << entry->fn
                 << "' reads constant weights; the filter is not one";
        memref::GlobalOp &done = cache[global.getSymNameAttr()];
        if (!done)
          done = pack(global);
        if (!done)
          return conv.emitError("cannot read the weights of '")
                 << global.getSymName() << "'";
        replaced.push_back(global);
        readGlobal(conv.getFilterMutable(), done);
        return success();
      };
      if (entry->ohwiFilter && !conv.getOhwiFilter()) {
        if (failed(repack(packed, [&](memref::GlobalOp g) {
              return packFilter(symbols, g);
            })))
          return WalkResult::interrupt();
        conv.setOhwiFilter(true);
      }
      if (entry->filterBlock && !conv.getFilterBlock()) {
        if (failed(repack(blockedOf, [&](memref::GlobalOp g) {
              return blockFilter(symbols, g, entry->filterBlock,
                                 conv.getGroups());
            })))
          return WalkResult::interrupt();
        conv.setFilterBlock(entry->filterBlock);
      }
      if (entry->foldInputOffset && !conv.getInputOffsetInBias() &&
          (entry->foldPadded ||
           llvm::all_of(conv.getPads(), [](int64_t p) { return p == 0; })) &&
          int8ElementType(conv.getInput())) {
        if (failed(foldInputOffset(symbols, conv, replaced)))
          return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    // Globals nothing reads any more.
    for (memref::GlobalOp g : replaced)
      if (g->getBlock() && SymbolTable::symbolKnownUseEmpty(g, module)) {
        symbols.erase(g);
      }
  }

  static memref::GlobalOp globalOf(SymbolTable &symbols, Value v) {
    auto get = v.getDefiningOp<memref::GetGlobalOp>();
    if (!get)
      return {};
    auto global = symbols.lookup<memref::GlobalOp>(get.getName());
    if (!global || !global.getConstant() || !global.getInitialValue())
      return {};
    return global;
  }

  /// Makes `operand` read `global` (a `memref.get_global` next to its
  /// owner) and erases the read it replaces when nothing else uses it.
  static void readGlobal(OpOperand &operand, memref::GlobalOp global) {
    OpBuilder b(operand.getOwner());
    Value prev = operand.get();
    operand.set(memref::GetGlobalOp::create(
        b, operand.getOwner()->getLoc(), global.getType(), global.getSymName()));
    if (Operation *def = prev ? prev.getDefiningOp() : nullptr;
        def && def->use_empty())
      def->erase();
  }

  /// A new global holding `attrData` of `type`, named after `like`.
  static memref::GlobalOp newGlobal(SymbolTable &symbols, memref::GlobalOp like,
                                    StringRef suffix, MemRefType type,
                                    Attribute value) {
    OpBuilder b(like);
    auto g = memref::GlobalOp::create(
        b, like.getLoc(), b.getStringAttr(like.getSymName() + suffix),
        b.getStringAttr("private"), TypeAttr::get(type), value, b.getUnitAttr(),
        like.getAlignmentAttr());
    symbols.insert(g); // renames on collision
    return g;
  }

  static memref::GlobalOp packFilter(SymbolTable &symbols,
                                     memref::GlobalOp global) {
    MemRefType type = global.getType();
    auto hwio = type.getShape();
    if (hwio.size() != 4)
      return {};
    SmallVector<int64_t> ohwi = {hwio[3], hwio[0], hwio[1], hwio[2]};
    Type element = withQuantizedAxis(type.getElementType(), 0);
    auto tensor = RankedTensorType::get(ohwi, element);
    Attribute value;
    if (element.isF32()) {
      auto data = getF32Values(*global.getInitialValue());
      if (!data)
        return {};
      value = makeF32Attr(global.getContext(), ohwi,
                          toOHWI<float>(*data, hwio), "w_ohwi");
    } else {
      auto data = getIntValues(*global.getInitialValue());
      if (!data)
        return {};
      value = makeIntAttr(tensor, toOHWI<int64_t>(*data, hwio), "w_ohwi");
    }
    return newGlobal(symbols, global, "_ohwi",
                     MemRefType::get(ohwi, element), value);
  }

  /// f32 [kh][kw][ci][co] (ci per group) as [groups * ceil(co/groups/block)]
  /// [kh][kw][ci][block]: each group's output channels in blocks, the
  /// channels past its last one zero.
  static memref::GlobalOp blockFilter(SymbolTable &symbols,
                                      memref::GlobalOp global, int64_t block,
                                      int64_t groups) {
    MemRefType type = global.getType();
    auto hwio = type.getShape();
    if (hwio.size() != 4 || !type.getElementType().isF32())
      return {};
    auto data = getF32Values(*global.getInitialValue());
    if (!data)
      return {};
    int64_t kh = hwio[0], kw = hwio[1], ci = hwio[2], co = hwio[3];
    if (groups < 1 || co % groups)
      return {};
    int64_t perGroup = co / groups, groupBlocks = (perGroup + block - 1) / block;
    int64_t blocks = groups * groupBlocks;
    std::vector<float> out(blocks * kh * kw * ci * block, 0.0f);
    for (int64_t t = 0; t < kh * kw * ci; ++t)
      for (int64_t o = 0; o < co; ++o) {
        int64_t g = o / perGroup, l = o % perGroup;
        out[((g * groupBlocks + l / block) * kh * kw * ci + t) * block +
            l % block] = (*data)[t * co + o];
      }
    SmallVector<int64_t> shape = {blocks, kh, kw, ci, block};
    return newGlobal(symbols, global, "_blocked",
                     MemRefType::get(shape, type.getElementType()),
                     makeF32Attr(global.getContext(), shape, out, "w_blocked"));
  }

  /// bias[o] - zero_point(input) * sum of output channel o's weights.
  LogicalResult foldInputOffset(SymbolTable &symbols, kernel::Conv2DOp conv,
                                SmallVector<memref::GlobalOp> &replaced) {
    auto filter = globalOf(symbols, conv.getFilter());
    auto weights = filter ? getIntValues(*filter.getInitialValue())
                          : std::nullopt;
    if (!weights)
      return conv.emitError("cannot read the int8 weights to fold the input "
                            "offset into the bias");
    auto hwio = conv.getFilterShapeHWIO();
    int64_t channels = hwio[3], perChannel = hwio[0] * hwio[1] * hwio[2];
    std::vector<int64_t> bias(channels, 0);
    memref::GlobalOp old;
    if (conv.getBias()) {
      old = globalOf(symbols, conv.getBias());
      auto values = old ? getIntValues(*old.getInitialValue()) : std::nullopt;
      if (!values)
        return conv.emitError("cannot read the int32 bias");
      bias = *values;
      replaced.push_back(old);
    }
    int64_t zp = int8ElementType(conv.getInput()).getZeroPoint();
    for (int64_t o = 0; o < channels; ++o) {
      int64_t sum = 0;
      for (int64_t i = 0; i < perChannel; ++i)
        sum += conv.getOhwiFilter() ? (*weights)[o * perChannel + i]
                                    : (*weights)[i * channels + o];
      bias[o] -= zp * sum;
      if (bias[o] < INT32_MIN || bias[o] > INT32_MAX)
        return conv.emitError("the bias with the input offset folded in "
                              "overflows int32");
    }
    auto i32 = IntegerType::get(&getContext(), 32);
    auto type = MemRefType::get({channels}, i32);
    auto value = makeIntAttr(RankedTensorType::get({channels}, i32), bias, "bq");
    memref::GlobalOp g =
        newGlobal(symbols, old ? old : filter, old ? "_folded" : "_bias", type,
                  value);
    if (conv.getBias()) {
      readGlobal(conv.getBiasMutable()[0], g);
    } else {
      OpBuilder b(conv);
      conv.getBiasMutable().assign(memref::GetGlobalOp::create(
          b, conv.getLoc(), type, g.getSymName()));
    }
    conv.setInputOffsetInBias(true);
    return success();
  }
};

} // namespace
