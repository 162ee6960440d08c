//===- Pool.cpp - MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool --===//
#include "frontend/ops/Layout.h"
#include "ir/ShapeUtils.h"

using namespace mlir;

namespace edgec {

static LogicalResult buildPool(NodeImporter &ni, PoolKind kind, bool global) {
  if (ni.numUsedOutputs() > 1)
    return ni.fail("the Indices output of MaxPool is not supported");
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = ni.b;
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  if (rank != 3 && rank != 4)
    return ni.fail("only 1-D and 2-D pooling is supported (input rank " +
                   Twine(rank) + ")");
  bool oneD = rank == 3;
  if (oneD)
    *x = liftTo2D(b, ni.loc, *x);
  auto xShape = cast<RankedTensorType>(x->getType()).getShape();
  SmallVector<int64_t> kernel, strides, dilations, pads;
  bool countIncludePad = false;
  if (global) {
    kernel = {xShape[2], xShape[3]};
    strides = {1, 1};
    dilations = {1, 1};
    pads = {0, 0, 0, 0};
  } else {
    std::vector<int64_t> ones(oneD ? 1 : 2, 1);
    auto k = windowAttr(ni, "kernel_shape", {}, oneD, 1);
    auto s = windowAttr(ni, "strides", ones, oneD, 1);
    auto d = windowAttr(ni, "dilations", ones, oneD, 1);
    if (failed(k) || failed(s) || failed(d))
      return failure();
    kernel = *k;
    strides = *s;
    dilations = *d;
    if (ni.attrInt("storage_order", 0) != 0)
      return ni.fail("storage_order=1 is not supported");
    auto p = windowPads(ni, xShape.drop_front(2), kernel, strides, dilations,
                        oneD);
    if (failed(p))
      return failure();
    pads = *p;
    countIncludePad = ni.attrInt("count_include_pad", 0) != 0;
  }
  Value xt = transpose(b, ni.loc, *x, kNCHWtoNHWC);
  // With ceil_mode the last window may start in the end padding, but not
  // past it (the rule ONNX Runtime applies).
  bool ceil = !global && ni.attrInt("ceil_mode", 0) != 0;
  SmallVector<int64_t> nhwcShape = {xShape[0], 0, 0, xShape[1]};
  for (int i = 0; i < 2; ++i) {
    int64_t span = dilations[i] * (kernel[i] - 1) + 1;
    int64_t padded = xShape[2 + i] + pads[i] + pads[2 + i];
    int64_t out = padded < span ? 0
                  : ceil ? (padded - span + strides[i] - 1) / strides[i] + 1
                         : (padded - span) / strides[i] + 1;
    if (ceil && out > 0 && (out - 1) * strides[i] >= xShape[2 + i] + pads[i])
      --out;
    nhwcShape[1 + i] = out;
  }
  auto nhwc = nhwcResultType(ni, nhwcShape, oneD);
  if (failed(nhwc))
    return failure();
  Value y = nn::Pool2DOp::create(
      b, ni.loc, *nhwc, xt, PoolKindAttr::get(b.getContext(), kind),
      b.getDenseI64ArrayAttr(kernel),
      b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(pads),
      b.getDenseI64ArrayAttr(dilations), b.getBoolAttr(countIncludePad));
  setNHWCResult(ni, y, oneD);
  return success();
}

void registerPoolImporters(OpRegistry &r) {
  auto maxPool = [](NodeImporter &ni) {
    return buildPool(ni, PoolKind::max, false);
  };
  auto avgPool = [](NodeImporter &ni) {
    return buildPool(ni, PoolKind::avg, false);
  };
  for (int v : {1, 8, 10, 11, 12})
    r.add("MaxPool", v, maxPool);
  for (int v : {1, 7, 10, 11})
    r.add("AveragePool", v, avgPool);
  r.add("GlobalAveragePool", 1, [](NodeImporter &ni) {
    return buildPool(ni, PoolKind::avg, true);
  });
  r.add("GlobalMaxPool", 1, [](NodeImporter &ni) {
    return buildPool(ni, PoolKind::max, true);
  });
}

} // namespace edgec
