//===- Pool.cpp - MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool --===//
#include "frontend/ops/Layout.h"
#include "ir/ShapeUtils.h"

using namespace mlir;

namespace edgec {

static LogicalResult buildPool(NodeImporter &ni, PoolKind kind, bool global) {
  if (ni.numUsedOutputs() > 1)
    return ni.fail("the Indices output of MaxPool is not supported");
  auto x = ni.input(0);
  auto outType = ni.outputType(0);
  if (failed(x) || failed(outType))
    return failure();
  auto xShape = cast<RankedTensorType>(x->getType()).getShape();
  if (xShape.size() != 4)
    return ni.fail("only 2-D pooling is supported (input rank " +
                   Twine(xShape.size()) + ")");
  SmallVector<int64_t> kernel, strides, dilations, pads;
  bool countIncludePad = false;
  if (global) {
    kernel = {xShape[2], xShape[3]};
    strides = {1, 1};
    dilations = {1, 1};
    pads = {0, 0, 0, 0};
  } else {
    auto k = ni.attrInts("kernel_shape");
    if (k.size() != 2)
      return ni.fail("expects a 2-D kernel_shape");
    kernel.assign(k.begin(), k.end());
    auto s = ni.attrInts("strides", {1, 1});
    auto d = ni.attrInts("dilations", {1, 1});
    if (s.size() != 2 || d.size() != 2)
      return ni.fail("expects 2 strides and 2 dilations");
    strides.assign(s.begin(), s.end());
    dilations.assign(d.begin(), d.end());
    if (ni.attrInt("storage_order", 0) != 0)
      return ni.fail("storage_order=1 is not supported");
    auto p = windowPads(ni, xShape.drop_front(2), kernel, strides, dilations);
    if (failed(p))
      return failure();
    pads = *p;
    countIncludePad = ni.attrInt("count_include_pad", 0) != 0;
  }
  OpBuilder &b = ni.b;
  Value xt = transpose(b, ni.loc, *x, kNCHWtoNHWC);
  auto nhwc = RankedTensorType::get(
      permuteShape(outType->getShape(), kNCHWtoNHWC), b.getF32Type());
  Value y = nn::Pool2DOp::create(
      b, ni.loc, nhwc, xt, PoolKindAttr::get(b.getContext(), kind),
      b.getDenseI64ArrayAttr(kernel),
      b.getDenseI64ArrayAttr(strides), b.getDenseI64ArrayAttr(pads),
      b.getDenseI64ArrayAttr(dilations), b.getBoolAttr(countIncludePad));
  ni.setOutput(0, transpose(b, ni.loc, y, kNHWCtoNCHW));
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
