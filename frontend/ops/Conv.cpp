//===- Conv.cpp - Conv --------------------------------------------------===//
#include "frontend/ops/Layout.h"
#include "ir/Constants.h"
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

/// ConvTranspose: X [N,C,H,W], W [C, M/group, kH, kW], optional B [M]. Per
/// spatial axis with stride s and the kernel dilated to k taps, output
/// t = q*s + r takes sum_m x[q-m] * w[m*s + r]: for each phase r a plain
/// stride-1 convolution of x with every s-th tap, flipped (ceil(k/s) taps).
/// The s_h*s_w phase convolutions are concatenated into the interleaved
/// output, then cropped by the pads. No zero is inserted into the input, no
/// multiply is spent on one, and the concatenations are written in place.
/// Constant weights are rearranged at compile time (the IR ops fold).
static LogicalResult importConvTranspose(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto wIn = ni.inputShape(1);
  if (failed(wIn))
    return failure();
  OpBuilder &b = ni.b;
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  if ((rank != 3 && rank != 4) || (int64_t)wIn->size() != rank)
    return ni.fail("only 1-D and 2-D transposed convolutions are supported "
                   "(input rank " + Twine(rank) + ")");
  bool oneD = rank == 3;
  if (oneD)
    *x = liftTo2D(b, ni.loc, *x);
  auto xShape = cast<RankedTensorType>(x->getType()).getShape();
  SmallVector<int64_t> wDims(*wIn);
  if (oneD)
    wDims.insert(wDims.begin() + 2, 1);
  int64_t groups = ni.attrInt("group", 1);
  int64_t cin = xShape[1];
  if (groups <= 0 || cin % groups != 0 || wDims[0] != cin)
    return ni.fail("the weight has " + Twine(wDims[0]) + " input channels, "
                   "group " + Twine(groups) + ", for an input with " +
                   Twine(cin));
  int64_t cg = wDims[1], cout = cg * groups, cinG = cin / groups;
  auto kernel = windowAttr(ni, "kernel_shape",
                           oneD ? std::vector<int64_t>{wDims[3]}
                                : std::vector<int64_t>{wDims[2], wDims[3]},
                           oneD, 1);
  auto strides = windowAttr(ni, "strides", oneD ? std::vector<int64_t>{1}
                                                : std::vector<int64_t>{1, 1},
                            oneD, 1);
  auto dilations = windowAttr(ni, "dilations", oneD ? std::vector<int64_t>{1}
                                                    : std::vector<int64_t>{1, 1},
                              oneD, 1);
  auto outPad = windowAttr(ni, "output_padding",
                           oneD ? std::vector<int64_t>{0}
                                : std::vector<int64_t>{0, 0},
                           oneD, 0);
  if (failed(kernel) || failed(strides) || failed(dilations) || failed(outPad))
    return failure();
  if ((*kernel)[0] != wDims[2] || (*kernel)[1] != wDims[3])
    return ni.fail("kernel_shape does not match the weight shape");
  int64_t s[2], d[2], k[2], in[2], padB[2], padE[2], out[2];
  for (int i = 0; i < 2; ++i) {
    s[i] = (*strides)[i];
    d[i] = (*dilations)[i];
    k[i] = d[i] * ((*kernel)[i] - 1) + 1; // dilated extent
    in[i] = xShape[2 + i];
    if ((*outPad)[i] >= std::max(s[i], d[i]))
      return ni.fail("output_padding must be less than the stride or the "
                     "dilation");
  }
  // Padding: explicit, or from output_shape / auto_pad (ONNX: the odd unit
  // goes to the end for SAME_UPPER, to the start otherwise).
  std::string autoPad = ni.attrString("auto_pad", "NOTSET");
  std::vector<int64_t> outputShape = ni.attrInts("output_shape", {});
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return ni.fail("unsupported auto_pad '" + autoPad + "'");
  if (!outputShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    if (!outputShape.empty()) {
      if (outputShape.size() == (size_t)rank)
        outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
      if (outputShape.size() != (oneD ? 1u : 2u))
        return ni.fail("output_shape has " + Twine(outputShape.size()) +
                       " values for " + Twine(oneD ? 1 : 2) + " spatial axes");
      if (oneD)
        outputShape.insert(outputShape.begin(), 1);
    }
    for (int i = 0; i < 2; ++i) {
      int64_t want = outputShape.empty() ? in[i] * s[i] : outputShape[i];
      int64_t total = s[i] * (in[i] - 1) + (*outPad)[i] + k[i] - want;
      if (want <= 0)
        return ni.fail("output_shape must be positive");
      // A larger output_shape than the input makes (negative total) extends
      // the output at its end.
      int64_t half = llvm::divideFloorSigned(total, 2);
      padB[i] = autoPad == "SAME_UPPER" ? half : total - half;
      padE[i] = total - padB[i];
    }
  } else {
    auto pads = windowPads(ni, in, *kernel, *strides, *dilations, oneD);
    if (failed(pads))
      return failure();
    for (int i = 0; i < 2; ++i) {
      padB[i] = autoPad == "VALID" ? 0 : (*pads)[i];
      padE[i] = autoPad == "VALID" ? 0 : (*pads)[2 + i];
    }
  }
  int64_t taps[2], convPadB[2], convPadE[2], rows[2], crop[2];
  for (int i = 0; i < 2; ++i) {
    out[i] = s[i] * (in[i] - 1) + (*outPad)[i] + k[i] - padB[i] - padE[i];
    if (out[i] <= 0)
      return ni.fail("the pads leave no output");
    taps[i] = (k[i] + s[i] - 1) / s[i];
    // Phase rows q in [q0, q1) cover outputs [padB, padB + out).
    int64_t q0 = llvm::divideFloorSigned(padB[i], s[i]);
    int64_t q1 = llvm::divideCeilSigned(padB[i] + out[i], s[i]);
    convPadB[i] = std::max<int64_t>(taps[i] - 1 - q0, 0);
    convPadE[i] = std::max<int64_t>(q1 - in[i], 0);
    int64_t first = taps[i] - 1 - convPadB[i]; // q of the conv's first row
    rows[i] = in[i] + convPadB[i] + convPadE[i] - taps[i] + 1;
    crop[i] = padB[i] - first * s[i];
  }
  // The phase filters, [sH * sW, tH, tW, C/group, M] (HWIO per phase),
  // from W [C, M/group, kH, kW] by IR ops (constant weights fold): taps
  // spread by the dilation, zero-extended to t*s, split into (t, s), the
  // taps reversed, and the axes permuted.
  int64_t phases = s[0] * s[1];
  auto f32 = [&](ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getF32Type());
  };
  auto reshape = [&](Value v, ArrayRef<int64_t> shape) -> Value {
    if (cast<RankedTensorType>(v.getType()).getShape() == shape)
      return v;
    return nn::ReshapeOp::create(b, ni.loc, f32(shape), v);
  };
  auto padEnd = [&](Value v, ArrayRef<int64_t> ends) -> Value {
    auto shape = cast<RankedTensorType>(v.getType()).getShape();
    SmallVector<int64_t> pads(shape.size(), 0), outShape(shape);
    for (size_t a = 0; a < shape.size(); ++a)
      outShape[a] += ends[a];
    pads.append(ends.begin(), ends.end());
    if (llvm::all_of(ends, [](int64_t e) { return e == 0; }))
      return v;
    return nn::PadOp::create(b, ni.loc, f32(outShape), v, PadModeAttr::get(b.getContext(), PadMode::constant),
                             b.getDenseI64ArrayAttr(pads), b.getF32FloatAttr(0));
  };
  auto wv = ni.input(1);
  if (failed(wv))
    return failure();
  Value w = reshape(*wv, wDims);
  int64_t kh = wDims[2], kw = wDims[3];
  if (d[0] > 1 || d[1] > 1) { // [C, M/g, kH, 1, kW, 1] padded to d, cut to k
    w = reshape(w, {cin, cg, kh, 1, kw, 1});
    w = padEnd(w, {0, 0, 0, d[0] - 1, 0, d[1] - 1});
    w = reshape(w, {cin, cg, kh * d[0], kw * d[1]});
    w = nn::SliceOp::create(b, ni.loc, f32({cin, cg, k[0], k[1]}), w,
                            b.getDenseI64ArrayAttr({0, 0, 0, 0}),
                            b.getDenseI64ArrayAttr({1, 1, 1, 1}));
  }
  w = padEnd(w, {0, 0, taps[0] * s[0] - k[0], taps[1] * s[1] - k[1]});
  w = reshape(w, {cin, cg, taps[0], s[0], taps[1], s[1]});
  for (int axis : {2, 4}) { // reverse the taps: slices concatenated backwards
    int64_t t = taps[axis / 2 - 1];
    if (t == 1)
      continue;
    auto shape = cast<RankedTensorType>(w.getType()).getShape();
    SmallVector<int64_t> one(shape);
    one[axis] = 1;
    SmallVector<Value> parts;
    for (int64_t u = t - 1; u >= 0; --u) {
      SmallVector<int64_t> offsets(6, 0);
      offsets[axis] = u;
      parts.push_back(nn::SliceOp::create(b, ni.loc, f32(one), w,
                                          b.getDenseI64ArrayAttr(offsets),
                                          b.getDenseI64ArrayAttr({1, 1, 1, 1, 1, 1})));
    }
    w = nn::ConcatOp::create(b, ni.loc, f32(shape), parts,
                             b.getI64IntegerAttr(axis));
  }
  // [C, M/g, tH, sH, tW, sW] -> [sH, sW, tH, tW, C, M/g], then the group
  // moves behind C/group: one HWIO filter per phase.
  w = transpose(b, ni.loc, w, {3, 5, 2, 4, 0, 1});
  w = reshape(w, {phases * taps[0] * taps[1], groups, cinG, cg});
  w = transpose(b, ni.loc, w, {0, 2, 1, 3});
  w = reshape(w, {phases, taps[0], taps[1], cinG, cout});
  Value bias;
  if (ni.hasInput(2)) {
    auto bv = ni.input(2);
    if (failed(bv))
      return failure();
    if (numElements(cast<RankedTensorType>(bv->getType()).getShape()) != cout)
      return ni.fail("the bias must have " + Twine(cout) + " values");
    bias = reshape(*bv, {cout});
  }
  // One stride-1 convolution per phase (rH, rW), writing output rows
  // q*sH + rH and columns p*sW + rW: the phases are stacked as
  // [N, Q, sH, P, sW, M], which is the spaced output's memory order, so
  // the concatenations write each phase in place.
  int64_t n = xShape[0];
  Value xt = transpose(b, ni.loc, *x, kNCHWtoNHWC);
  auto phaseType = f32({n, rows[0], rows[1], cout});
  SmallVector<Value> rowsOfPhases;
  for (int64_t rh = 0; rh < s[0]; ++rh) {
    SmallVector<Value> cols;
    for (int64_t rw = 0; rw < s[1]; ++rw) {
      Value f = nn::SliceOp::create(
          b, ni.loc, f32({1, taps[0], taps[1], cinG, cout}), w,
          b.getDenseI64ArrayAttr({rh * s[1] + rw, 0, 0, 0, 0}),
          b.getDenseI64ArrayAttr({1, 1, 1, 1, 1}));
      f = reshape(f, {taps[0], taps[1], cinG, cout});
      Value y = nn::Conv2DOp::create(
          b, ni.loc, phaseType, xt, f, bias, b.getDenseI64ArrayAttr({1, 1}),
          b.getDenseI64ArrayAttr({1, 1}),
          b.getDenseI64ArrayAttr(
              {convPadB[0], convPadB[1], convPadE[0], convPadE[1]}),
          b.getI64IntegerAttr(groups), FloatAttr(), FloatAttr(),
          /*hard_swish=*/nullptr);
      cols.push_back(reshape(y, {n, rows[0], 1, rows[1], 1, cout}));
    }
    rowsOfPhases.push_back(
        cols.size() == 1
            ? cols[0]
            : Value(nn::ConcatOp::create(
                  b, ni.loc, f32({n, rows[0], 1, rows[1], s[1], cout}), cols,
                  b.getI64IntegerAttr(4))));
  }
  Value y = rowsOfPhases.size() == 1
                ? rowsOfPhases[0]
                : Value(nn::ConcatOp::create(
                      b, ni.loc, f32({n, rows[0], s[0], rows[1], s[1], cout}),
                      rowsOfPhases, b.getI64IntegerAttr(2)));
  SmallVector<int64_t> spaced = {n, rows[0] * s[0], rows[1] * s[1], cout};
  y = reshape(y, spaced);
  auto nhwc = nhwcResultType(ni, {n, out[0], out[1], cout}, oneD);
  if (failed(nhwc))
    return failure();
  if (crop[0] || crop[1] || spaced[1] != out[0] || spaced[2] != out[1])
    y = nn::SliceOp::create(b, ni.loc, *nhwc, y,
                            b.getDenseI64ArrayAttr({0, crop[0], crop[1], 0}),
                            b.getDenseI64ArrayAttr({1, 1, 1, 1}));
  setNHWCResult(ni, y, oneD);
  return success();
}

void registerConvImporters(OpRegistry &r) {
  r.add("Conv", 1, importConv);
  r.add("Conv", 11, importConv);
  r.add("ConvTranspose", 1, importConvTranspose);
  r.add("ConvTranspose", 11, importConvTranspose);
}

} // namespace edgec
