//===- Conv.cpp - Conv --------------------------------------------------===//
#include "frontend/ops/Layout.h"
#include "ir/ShapeUtils.h"

using namespace mlir;

namespace edgec {

Value transpose(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  auto outType = RankedTensorType::get(permuteShape(type.getShape(), perm),
                                       type.getElementType());
  return nn::TransposeOp::create(b, loc, outType, v, perm);
}

FailureOr<SmallVector<int64_t>> windowPads(NodeImporter &ni,
                                           ArrayRef<int64_t> inHW,
                                           ArrayRef<int64_t> kernel,
                                           ArrayRef<int64_t> strides,
                                           ArrayRef<int64_t> dilations) {
  std::string autoPad = ni.attrString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    auto pads = ni.attrInts("pads", {0, 0, 0, 0});
    if (pads.size() != 4)
      return ni.fail("expects 4 pads for a 2-D window, got " +
                     Twine(pads.size()));
    return SmallVector<int64_t>{pads[0], pads[1], pads[2], pads[3]};
  }
  if (autoPad == "VALID")
    return SmallVector<int64_t>{0, 0, 0, 0};
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return ni.fail("unsupported auto_pad '" + autoPad + "'");
  SmallVector<int64_t> pads(4);
  for (int i = 0; i < 2; ++i) {
    int64_t out = (inHW[i] + strides[i] - 1) / strides[i];
    int64_t span = (kernel[i] - 1) * dilations[i] + 1;
    int64_t total = std::max<int64_t>((out - 1) * strides[i] + span - inHW[i], 0);
    int64_t small = total / 2, big = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : big;
    pads[2 + i] = total - pads[i];
  }
  return pads;
}

/// Conv: X [N,C,H,W], W [M,C/group,kH,kW], optional B [M].
static LogicalResult importConv(NodeImporter &ni) {
  auto x = ni.input(0);
  auto w = ni.input(1);
  auto outType = ni.outputType(0);
  if (failed(x) || failed(w) || failed(outType))
    return failure();
  auto xShape = cast<RankedTensorType>(x->getType()).getShape();
  auto wShape = cast<RankedTensorType>(w->getType()).getShape();
  if (xShape.size() != 4 || wShape.size() != 4)
    return ni.fail("only 2-D convolutions are supported (input rank " +
                   Twine(xShape.size()) + ")");
  int64_t groups = ni.attrInt("group", 1);
  if (groups <= 0 || xShape[1] % groups != 0)
    return ni.fail("group " + Twine(groups) + " does not divide " +
                   Twine(xShape[1]) + " input channels");
  if (wShape[1] * groups != xShape[1])
    return ni.fail("weight has " + Twine(wShape[1]) +
                   " input channels per group, expected " +
                   Twine(xShape[1] / groups));
  auto kernel = ni.attrInts("kernel_shape", {wShape[2], wShape[3]});
  auto strides = ni.attrInts("strides", {1, 1});
  auto dilations = ni.attrInts("dilations", {1, 1});
  if (kernel.size() != 2 || kernel[0] != wShape[2] || kernel[1] != wShape[3])
    return ni.fail("kernel_shape does not match the weight shape");
  if (strides.size() != 2 || dilations.size() != 2)
    return ni.fail("expects 2 strides and 2 dilations");
  auto pads = windowPads(ni, xShape.drop_front(2), kernel, strides, dilations);
  if (failed(pads))
    return failure();

  Value bias;
  if (ni.hasInput(2)) {
    auto b = ni.input(2);
    if (failed(b))
      return failure();
    bias = *b;
  }
  OpBuilder &b = ni.b;
  Value xt = transpose(b, ni.loc, *x, kNCHWtoNHWC);
  Value wt = transpose(b, ni.loc, *w, {2, 3, 1, 0}); // OIHW -> HWIO
  auto nhwc = RankedTensorType::get(
      permuteShape(outType->getShape(), kNCHWtoNHWC), b.getF32Type());
  Value y = nn::Conv2DOp::create(
      b, ni.loc, nhwc, xt, wt, bias, b.getDenseI64ArrayAttr(strides),
      b.getDenseI64ArrayAttr(dilations), b.getDenseI64ArrayAttr(*pads),
      b.getI64IntegerAttr(groups), FloatAttr(), FloatAttr());
  ni.setOutput(0, transpose(b, ni.loc, y, kNHWCtoNCHW));
  return success();
}

void registerConvImporters(OpRegistry &r) {
  r.add("Conv", 1, importConv);
  r.add("Conv", 11, importConv);
}

} // namespace edgec
