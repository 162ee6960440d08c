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

static SmallVector<int64_t> onnxShapeOf(ArrayRef<int64_t> nhwc, bool oneD) {
  SmallVector<int64_t> shape = permuteShape(nhwc, kNHWCtoNCHW);
  if (oneD)
    shape.erase(shape.begin() + 2);
  return shape;
}

FailureOr<RankedTensorType> nhwcResultType(NodeImporter &ni,
                                           ArrayRef<int64_t> nhwcShape,
                                           bool oneD) {
  if (failed(ni.checkedOutputType(0, onnxShapeOf(nhwcShape, oneD))))
    return failure();
  return RankedTensorType::get(nhwcShape, ni.b.getF32Type());
}

void setNHWCResult(NodeImporter &ni, Value y, bool oneD) {
  auto nhwc = cast<RankedTensorType>(y.getType()).getShape();
  y = transpose(ni.b, ni.loc, y, kNHWCtoNCHW);
  if (oneD)
    y = nn::ReshapeOp::create(
        ni.b, ni.loc,
        RankedTensorType::get(onnxShapeOf(nhwc, true), ni.b.getF32Type()), y);
  ni.setOutput(0, y);
}

Value liftTo2D(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  auto s = type.getShape();
  auto lifted = RankedTensorType::get({s[0], s[1], 1, s[2]},
                                      type.getElementType());
  return nn::ReshapeOp::create(b, loc, lifted, v);
}

FailureOr<SmallVector<int64_t>> windowAttr(NodeImporter &ni, StringRef name,
                                           std::vector<int64_t> dflt,
                                           bool oneD, int64_t lead) {
  auto v = ni.attrInts(name, dflt);
  size_t want = oneD ? 1 : 2;
  if (v.size() != want)
    return ni.fail("expects " + Twine(want) + " values in '" + name +
                   "', got " + Twine(v.size()));
  SmallVector<int64_t> out;
  if (oneD)
    out.push_back(lead);
  out.append(v.begin(), v.end());
  return out;
}

FailureOr<SmallVector<int64_t>> windowPads(NodeImporter &ni,
                                           ArrayRef<int64_t> inHW,
                                           ArrayRef<int64_t> kernel,
                                           ArrayRef<int64_t> strides,
                                           ArrayRef<int64_t> dilations,
                                           bool oneD) {
  std::string autoPad = ni.attrString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    auto pads = ni.attrInts("pads", oneD ? std::vector<int64_t>{0, 0}
                                         : std::vector<int64_t>{0, 0, 0, 0});
    if (pads.size() != (oneD ? 2u : 4u))
      return ni.fail("expects " + Twine(oneD ? 2 : 4) + " pads, got " +
                     Twine(pads.size()));
    if (oneD)
      return SmallVector<int64_t>{0, pads[0], 0, pads[1]};
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
  if (failed(x) || failed(w))
    return failure();
  OpBuilder &b = ni.b;
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  if ((rank != 3 && rank != 4) ||
      cast<RankedTensorType>(w->getType()).getRank() != rank)
    return ni.fail("only 1-D and 2-D convolutions are supported (input rank " +
                   Twine(rank) + ")");
  bool oneD = rank == 3;
  if (oneD) {
    *x = liftTo2D(b, ni.loc, *x);
    *w = liftTo2D(b, ni.loc, *w);
  }
  auto xShape = cast<RankedTensorType>(x->getType()).getShape();
  auto wShape = cast<RankedTensorType>(w->getType()).getShape();
  int64_t groups = ni.attrInt("group", 1);
  if (groups <= 0 || xShape[1] % groups != 0)
    return ni.fail("group " + Twine(groups) + " does not divide " +
                   Twine(xShape[1]) + " input channels");
  if (wShape[1] * groups != xShape[1])
    return ni.fail("weight has " + Twine(wShape[1]) +
                   " input channels per group, expected " +
                   Twine(xShape[1] / groups));
  auto kernel = windowAttr(ni, "kernel_shape",
                           oneD ? std::vector<int64_t>{wShape[3]}
                                : std::vector<int64_t>{wShape[2], wShape[3]},
                           oneD, 1);
  auto strides = windowAttr(ni, "strides", oneD ? std::vector<int64_t>{1}
                                                : std::vector<int64_t>{1, 1},
                            oneD, 1);
  auto dilations = windowAttr(ni, "dilations", oneD ? std::vector<int64_t>{1}
                                                    : std::vector<int64_t>{1, 1},
                              oneD, 1);
  if (failed(kernel) || failed(strides) || failed(dilations))
    return failure();
  if ((*kernel)[0] != wShape[2] || (*kernel)[1] != wShape[3])
    return ni.fail("kernel_shape does not match the weight shape");
  auto pads = windowPads(ni, xShape.drop_front(2), *kernel, *strides,
                         *dilations, oneD);
  if (failed(pads))
    return failure();

  auto bias = ni.optionalInput(2);
  if (failed(bias))
    return failure();
  Value xt = transpose(b, ni.loc, *x, kNCHWtoNHWC);
  Value wt = transpose(b, ni.loc, *w, {2, 3, 1, 0}); // OIHW -> HWIO
  SmallVector<int64_t> nhwcShape = {xShape[0], 0, 0, wShape[0]};
  for (int i = 0; i < 2; ++i)
    nhwcShape[1 + i] =
        windowOutputSize(xShape[2 + i], (*kernel)[i], (*strides)[i],
                         (*dilations)[i], (*pads)[i], (*pads)[2 + i]);
  auto nhwc = nhwcResultType(ni, nhwcShape, oneD);
  if (failed(nhwc))
    return failure();
  Value y = nn::Conv2DOp::create(
      b, ni.loc, *nhwc, xt, wt, *bias, b.getDenseI64ArrayAttr(*strides),
      b.getDenseI64ArrayAttr(*dilations), b.getDenseI64ArrayAttr(*pads),
      b.getI64IntegerAttr(groups), FloatAttr(), FloatAttr(),
      /*hard_swish=*/nullptr);
  setNHWCResult(ni, y, oneD);
  return success();
}

void registerConvImporters(OpRegistry &r) {
  r.add("Conv", 1, importConv);
  r.add("Conv", 11, importConv);
}

} // namespace edgec
