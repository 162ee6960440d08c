//===- Data.cpp - Shape, Squeeze, Unsqueeze, Transpose, Slice, Split, -----===//
//===  Gather, Expand, ConstantOfShape, Cast, Pad, Resize, DepthToSpace ---===//
#include "frontend/ConstantFolding.h"
#include "frontend/ops/Layout.h"
#include "ir/Constants.h"
#include "ir/ShapeUtils.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;

namespace edgec {

static RankedTensorType f32(OpBuilder &b, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

/// A tensor of `shape` with the element type of `x` (data movement keeps
/// integer and bool elements as they are).
static RankedTensorType like(Value x, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, getElementTypeOrSelf(x.getType()));
}

/// Integer values of constant input `i` (empty when absent).
static FailureOr<std::vector<int64_t>> constInts(NodeImporter &ni, int i,
                                                 StringRef what) {
  if (!ni.hasInput(i))
    return std::vector<int64_t>();
  const ConstTensor *c = ni.constant(i);
  if (!c)
    return ni.fail(what + " must be a constant");
  if (c->isFloat())
    return std::vector<int64_t>(c->floats.begin(), c->floats.end());
  return c->ints;
}

static LogicalResult importShape(NodeImporter &ni) {
  auto shape = ni.inputShape(0);
  if (failed(shape))
    return failure();
  int64_t rank = shape->size();
  int64_t start = ni.attrInt("start", 0), end = ni.attrInt("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  ConstTensor c;
  c.dtype = onnx::TensorProto::INT64;
  c.ints.assign(shape->begin() + start, shape->begin() + end);
  c.dims = {(int64_t)c.ints.size()};
  ni.setOutputConstant(0, std::move(c));
  return success();
}

static LogicalResult reshapeInput(NodeImporter &ni, ArrayRef<int64_t> shape) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  ni.setOutput(0, nn::ReshapeOp::create(ni.b, ni.loc, like(*x, shape), *x));
  return success();
}

template <bool unsqueeze>
static LogicalResult importSqueeze(NodeImporter &ni) {
  auto shape = ni.inputShape(0);
  if (succeeded(shape) && ni.hasInput(1) && !ni.constant(1)) {
    // Axes known only at run time: the output's inferred shape (the same
    // elements in the same order).
    auto known = ni.knownOutputShape(0);
    int64_t in = 1, out = 1;
    for (int64_t d : *shape)
      in *= d;
    if (known)
      for (int64_t d : *known)
        out *= d;
    if (!known || in != out)
      return ni.fail("the axes are computed at run time and shape inference "
                     "does not fix the output's shape");
    return reshapeInput(ni, *known);
  }
  auto axes = ni.hasInput(1) ? constInts(ni, 1, "axes")
                             : FailureOr<std::vector<int64_t>>(ni.attrInts("axes"));
  if (failed(shape) || failed(axes))
    return failure();
  SmallVector<int64_t> out;
  std::string error;
  bool ok = unsqueeze ? unsqueezeShape(*shape, *axes, out, error)
                      : squeezeShape(*shape, *axes, out, error);
  if (!ok)
    return ni.fail(error);
  return reshapeInput(ni, out);
}

static LogicalResult importTranspose(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  std::vector<int64_t> dflt;
  for (int64_t i = rank - 1; i >= 0; --i)
    dflt.push_back(i);
  auto perm = ni.attrInts("perm", dflt);
  if ((int64_t)perm.size() != rank || !isPermutation(perm))
    return ni.fail("perm is not a permutation of the input's dimensions");
  ni.setOutput(0, transpose(ni.b, ni.loc, *x, perm));
  return success();
}

/// DepthToSpace and SpaceToDepth: a reshape to six dimensions, a transpose
/// and a reshape back (ONNX defines them so), which the layout passes and
/// copy elision treat like any other.
static LogicalResult importBlockRearrange(NodeImporter &ni, bool toSpace) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  int64_t bs = ni.attrInt("blocksize", 0);
  if (shape.size() != 4)
    return ni.fail("the input must be 4-D (NCHW)");
  if (bs <= 0 || bs > (1 << 15))
    return ni.fail("blocksize must be positive");
  int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3];
  SmallVector<int64_t> split, perm, out;
  if (toSpace) {
    if (c % (bs * bs))
      return ni.fail("the channels are not a multiple of blocksize^2");
    std::string mode = ni.attrString("mode", "DCR");
    if (mode == "DCR") {
      split = {n, bs, bs, c / (bs * bs), h, w};
      perm = {0, 3, 4, 1, 5, 2};
    } else if (mode == "CRD") {
      split = {n, c / (bs * bs), bs, bs, h, w};
      perm = {0, 1, 4, 2, 5, 3};
    } else {
      return ni.fail("mode must be DCR or CRD, not '" + mode + "'");
    }
    out = {n, c / (bs * bs), h * bs, w * bs};
  } else {
    if (h % bs || w % bs)
      return ni.fail("the height and width are not multiples of blocksize");
    split = {n, c, h / bs, bs, w / bs, bs};
    perm = {0, 3, 5, 1, 2, 4};
    out = {n, c * bs * bs, h / bs, w / bs};
  }
  auto outType = ni.checkedOutputType(0, out);
  if (failed(outType))
    return failure();
  Value y = nn::ReshapeOp::create(ni.b, ni.loc, like(*x, split), *x);
  y = transpose(ni.b, ni.loc, y, perm);
  ni.setOutput(0, nn::ReshapeOp::create(ni.b, ni.loc, *outType, y));
  return success();
}

/// Resize (and Upsample, which the converter turns into it), nearest
/// neighbour by integer factors where the coordinate mode picks input
/// floor(i / s) for output i: each spatial dimension gets a new size-1
/// dimension after it, a multiplication by ones broadcasts it to the
/// factor, and a reshape merges the pairs. Other modes and fractional
/// factors are refused.
/// Resize's interpolation along one axis as a matrix [out][in]: output
/// element o is sum_i A[o][i] * x[i]. The coordinate transformation, the
/// nearest rounding, the linear and cubic (Keys, coefficient `cubicA`)
/// weights and exclude_outside are ONNX's; taps outside the input take the
/// edge element (ONNX's reference pads by the edge), or drop out and the
/// rest renormalize with exclude_outside.
static std::vector<float> interpolationMatrix(int64_t in, int64_t out,
                                              double scale, StringRef mode,
                                              StringRef coords,
                                              StringRef rounding, double cubicA,
                                              bool excludeOutside) {
  std::vector<double> a(out * in, 0.0);
  for (int64_t o = 0; o < out; ++o) {
    double x;
    if (coords == "half_pixel")
      x = (o + 0.5) / scale - 0.5;
    else if (coords == "pytorch_half_pixel")
      x = out > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
    else if (coords == "align_corners") // ONNX's reference: in * scale
      x = out == 1 ? 0.0 : (double)o * (in - 1) / (in * scale - 1);
    else if (coords == "tf_half_pixel_for_nn")
      x = (o + 0.5) / scale;
    else // asymmetric
      x = o / scale;
    double *row = &a[o * in];
    auto clampIndex = [&](int64_t i) { return std::clamp<int64_t>(i, 0, in - 1); };
    if (mode == "nearest") {
      int64_t i = rounding == "round_prefer_ceil" ? (int64_t)std::floor(x + 0.5)
                  : rounding == "floor"           ? (int64_t)std::floor(x)
                  : rounding == "ceil"            ? (int64_t)std::ceil(x)
                  : (int64_t)std::ceil(x - 0.5); // round_prefer_floor
      row[clampIndex(i)] = 1.0;
      continue;
    }
    int64_t base = (int64_t)std::floor(x);
    double r = x - base;
    SmallVector<std::pair<int64_t, double>, 4> taps;
    if (mode == "linear") {
      taps = {{base, 1.0 - r}, {base + 1, r}};
    } else { // cubic
      double A = cubicA;
      auto far = [&](double t) { // |t| in [1, 2]
        return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A;
      };
      auto near = [&](double t) { // |t| in [0, 1]
        return ((A + 2) * t - (A + 3)) * t * t + 1;
      };
      taps = {{base - 1, far(r + 1)}, {base, near(r)},
              {base + 1, near(1 - r)}, {base + 2, far(2 - r)}};
    }
    double sum = 0.0;
    if (excludeOutside)
      for (auto &[i, w] : taps) {
        if (i < 0 || i >= in)
          w = 0.0;
        sum += w;
      }
    for (auto &[i, w] : taps)
      row[clampIndex(i)] += excludeOutside && sum != 0.0 ? w / sum : w;
  }
  return std::vector<float>(a.begin(), a.end());
}

static LogicalResult importResize(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (Type t = getElementTypeOrSelf(*x); t.isInteger())
    return ni.fail("input '" + ni.node.input(0) +
                   "' is an integer or bool tensor; edgec's Resize takes "
                   "float32 tensors only");
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  int64_t rank = shape.size();
  std::string mode = ni.attrString("mode", "nearest");
  std::string coords =
      ni.attrString("coordinate_transformation_mode", "half_pixel");
  std::string rounding = ni.attrString("nearest_mode", "round_prefer_floor");
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return ni.fail("unknown mode '" + mode + "'");
  if (coords == "tf_crop_and_resize")
    return ni.fail("coordinate_transformation_mode 'tf_crop_and_resize' "
                   "(a region of interest) is not supported");
  if (coords != "half_pixel" && coords != "pytorch_half_pixel" &&
      coords != "align_corners" && coords != "asymmetric" &&
      coords != "tf_half_pixel_for_nn")
    return ni.fail("unknown coordinate_transformation_mode '" + coords + "'");
  if (rounding != "round_prefer_floor" && rounding != "round_prefer_ceil" &&
      rounding != "floor" && rounding != "ceil")
    return ni.fail("unknown nearest_mode '" + rounding + "'");
  // Output sizes and the scales the coordinates divide by.
  SmallVector<int64_t> out;
  SmallVector<double> scale;
  if (ni.hasInput(3)) {
    const ConstTensor *sizes = ni.constant(3);
    std::vector<int64_t> values;
    if (sizes && !sizes->isFloat())
      values = sizes->ints;
    else if (auto known = ni.knownOutputShape(0); !sizes && known)
      values.assign(known->begin(), known->end()); // sizes given at run time
    if ((int64_t)values.size() != rank)
      return ni.fail("sizes must be a constant with one value per dimension "
                     "(or fixed by shape inference)");
    for (int64_t d = 0; d < rank; ++d) {
      if (values[d] <= 0 || values[d] > INT32_MAX)
        return ni.fail("sizes must be positive");
      out.push_back(values[d]);
      scale.push_back((double)values[d] / shape[d]);
    }
  } else if (ni.hasInput(2)) {
    const ConstTensor *scales = ni.constant(2);
    if (!scales || !scales->isFloat() || (int64_t)scales->floats.size() != rank)
      return ni.fail("scales must be a constant with one value per dimension");
    for (int64_t d = 0; d < rank; ++d) {
      float f = scales->floats[d];
      if (!(f > 0.0f && f <= 65536.0f))
        return ni.fail("scales must be positive (scale " +
                       llvm::formatv("{0}", f).str() + ")");
      out.push_back(std::max<int64_t>((int64_t)std::floor(shape[d] * (double)f), 1));
      scale.push_back(f);
    }
  } else {
    return ni.fail("needs scales or sizes");
  }
  auto outType = ni.checkedOutputType(0, out);
  if (failed(outType))
    return failure();
  bool identity = true;
  for (int64_t d = 0; d < rank; ++d)
    identity &= out[d] == shape[d] && scale[d] == 1.0;
  if (identity) {
    ni.setOutput(0, *x);
    return success();
  }
  if (rank < 3 || out[0] != shape[0] || out[1] != shape[1])
    return ni.fail("only the spatial dimensions (after N and C) may be scaled");

  // Nearest by integer factors where each output reads input floor(o / s):
  // a broadcast multiply by ones, no arithmetic on the values.
  bool halfPixel = coords == "half_pixel" || coords == "pytorch_half_pixel";
  bool floorOfQuotient =
      mode == "nearest" &&
      ((halfPixel && (rounding == "round_prefer_floor" ||
                      rounding == "round_prefer_ceil")) ||
       (coords == "asymmetric" && rounding == "floor"));
  for (int64_t d = 2; d < rank; ++d)
    floorOfQuotient &= out[d] % shape[d] == 0 && scale[d] == out[d] / shape[d];
  if (floorOfQuotient) {
    SmallVector<int64_t> split, onesShape, expanded;
    for (int64_t d = 0; d < rank; ++d) {
      split.push_back(shape[d]);
      onesShape.push_back(1);
      if (d >= 2) {
        split.push_back(1);
        onesShape.push_back(out[d] / shape[d]);
      }
    }
    for (size_t i = 0; i < split.size(); ++i)
      expanded.push_back(split[i] * onesShape[i]);
    Value y = nn::ReshapeOp::create(ni.b, ni.loc, f32(ni.b, split), *x);
    std::vector<float> ones(numElements(onesShape), 1.0f);
    y = nn::MulOp::create(ni.b, ni.loc, f32(ni.b, expanded), y,
                          createF32Constant(ni.b, ni.loc, onesShape, ones));
    ni.setOutput(0, nn::ReshapeOp::create(ni.b, ni.loc, *outType, y));
    return success();
  }

  // Every other case, one spatial axis at a time: a matrix product with the
  // transposed interpolation matrix A^T [in, out] on the last axis (the
  // axis swapped with the last one for the others), so that the constant
  // is the product's weight, as quantization wants it.
  double cubicA = ni.attrFloat("cubic_coeff_a", -0.75f);
  bool excludeOutside = ni.attrInt("exclude_outside", 0) != 0;
  Value y = *x;
  SmallVector<int64_t> cur(shape);
  for (int64_t d = rank - 1; d >= 2; --d) {
    if (out[d] == shape[d] && scale[d] == 1.0)
      continue;
    std::vector<float> a = interpolationMatrix(
        shape[d], out[d], scale[d], mode, coords, rounding, cubicA,
        excludeOutside);
    std::vector<float> t(a.size());
    for (int64_t o = 0; o < out[d]; ++o)
      for (int64_t i = 0; i < shape[d]; ++i)
        t[i * out[d] + o] = a[o * shape[d] + i];
    Value matrix;
    {
      OpBuilder::InsertionGuard guard(ni.b);
      ni.b.setInsertionPointToStart(ni.b.getInsertionBlock());
      matrix = createF32Constant(ni.b, ni.loc, {shape[d], out[d]}, t, "resize");
    }
    auto iota = llvm::seq<int64_t>(0, rank);
    SmallVector<int64_t> perm(iota.begin(), iota.end());
    std::swap(perm[d], perm[rank - 1]);
    if (d != rank - 1)
      y = transpose(ni.b, ni.loc, y, perm);
    SmallVector<int64_t> swapped = permuteShape(cur, perm);
    swapped[rank - 1] = out[d];
    y = nn::MatMulOp::create(ni.b, ni.loc, f32(ni.b, swapped), y, matrix,
                             Value(), FloatAttr(), FloatAttr(),
                             /*hard_swish=*/nullptr);
    if (d != rank - 1)
      y = transpose(ni.b, ni.loc, y, perm); // a swap is its own inverse
    cur[d] = out[d];
  }
  ni.setOutput(0, y);
  return success();
}

/// A slice of a runtime tensor: offsets and steps per dimension.
static Value buildSlice(NodeImporter &ni, Value x, ArrayRef<int64_t> offsets,
                        ArrayRef<int64_t> sizes, ArrayRef<int64_t> steps) {
  return nn::SliceOp::create(ni.b, ni.loc, like(x, sizes), x,
                             ni.b.getDenseI64ArrayAttr(offsets),
                             ni.b.getDenseI64ArrayAttr(steps));
}

static LogicalResult importSlice(NodeImporter &ni) {
  auto x = ni.input(0);
  auto starts = constInts(ni, 1, "starts");
  auto ends = constInts(ni, 2, "ends");
  auto axes = constInts(ni, 3, "axes");
  auto steps = constInts(ni, 4, "steps");
  if (failed(x) || failed(starts) || failed(ends) || failed(axes) ||
      failed(steps))
    return failure();
  SmallVector<int64_t> offsets, sizes, strides;
  std::string error;
  if (!sliceBounds(cast<RankedTensorType>(x->getType()).getShape(), *starts,
                   *ends, *axes, *steps, offsets, sizes, strides, error))
    return ni.fail(error);
  ni.setOutput(0, buildSlice(ni, *x, offsets, sizes, strides));
  return success();
}

static LogicalResult importSplit(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  auto axis = normalizeAxis(ni.attrInt("axis", 0), shape.size());
  if (!axis)
    return ni.fail("axis is out of range");
  int n = ni.node.output_size();
  std::vector<int64_t> known;
  if (ni.hasInput(1) && !ni.constant(1)) {
    // Sizes known only at run time: each output's inferred size.
    for (int i = 0; i < n; ++i) {
      auto s = ni.knownOutputShape(i);
      if (!s || s->size() != shape.size())
        return ni.fail("split is computed at run time and shape inference "
                       "does not fix the outputs' shapes");
      known.push_back((*s)[*axis]);
    }
  }
  auto split = !known.empty() ? FailureOr<std::vector<int64_t>>(known)
               : ni.hasInput(1) ? constInts(ni, 1, "split")
                                : FailureOr<std::vector<int64_t>>(ni.attrInts("split"));
  if (failed(split))
    return failure();
  std::vector<int64_t> parts = *split;
  if (parts.empty()) {
    int64_t chunk = (shape[*axis] + n - 1) / n;
    for (int i = 0; i < n; ++i)
      parts.push_back(std::min(chunk, shape[*axis] - chunk * i));
  }
  if ((int)parts.size() != n)
    return ni.fail("split has " + Twine(parts.size()) + " parts for " +
                   Twine(n) + " outputs");
  SmallVector<int64_t> offsets(shape.size(), 0), steps(shape.size(), 1);
  for (int i = 0; i < n; ++i) {
    SmallVector<int64_t> sizes(shape);
    sizes[*axis] = parts[i];
    if (!ni.node.output(i).empty())
      ni.setOutput(i, buildSlice(ni, *x, offsets, sizes, steps));
    offsets[*axis] += parts[i];
  }
  if (offsets[*axis] != shape[*axis])
    return ni.fail("split sizes do not add up to the dimension");
  return success();
}

/// Indices as an i64 tensor (int32 ones converted).
static FailureOr<Value> indicesI64(NodeImporter &ni, int i) {
  auto idx = ni.input(i);
  if (failed(idx))
    return failure();
  Type element = getElementTypeOrSelf(*idx);
  if (!element.isSignlessInteger(32) && !element.isSignlessInteger(64))
    return ni.fail("indices must be int32 or int64");
  if (element.isSignlessInteger(32))
    return Value(nn::CastOp::create(
        ni.b, ni.loc,
        cast<RankedTensorType>(idx->getType()).clone(ni.b.getI64Type()), *idx));
  return *idx;
}

/// GatherElements: nn.gather_elements (the output has the indices' shape).
static LogicalResult importGatherElements(NodeImporter &ni) {
  auto x = ni.input(0);
  auto idx = indicesI64(ni, 1);
  if (failed(x) || failed(idx))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  auto axis = normalizeAxis(ni.attrInt("axis", 0), shape.size());
  if (!axis)
    return ni.fail("axis is out of range");
  auto idxShape = cast<RankedTensorType>(idx->getType()).getShape();
  if (idxShape.size() != shape.size())
    return ni.fail("indices must have the data's rank");
  if (const ConstTensor *c = ni.constant(1))
    for (int64_t j : c->ints)
      if (j < -shape[*axis] || j >= shape[*axis])
        return ni.fail("GatherElements index " + Twine(j) + " is out of range");
  for (size_t d = 0; d < shape.size(); ++d)
    if ((int64_t)d != *axis && idxShape[d] > shape[d])
      return ni.fail("indices dimension " + Twine(d) + " exceeds the data's");
  auto outType = ni.checkedOutputType(0, idxShape);
  if (failed(outType))
    return failure();
  // Indices as large as the data off the axis: both viewed as [outer, n,
  // inner], which any rank reduces to.
  bool full = true;
  int64_t outer = 1, inner = 1;
  for (size_t d = 0; d < shape.size(); ++d) {
    full &= (int64_t)d == *axis || idxShape[d] == shape[d];
    ((int64_t)d < *axis ? outer : inner) *= (int64_t)d == *axis ? 1 : shape[d];
  }
  if (!full || shape.size() == 3) {
    ni.setOutput(0, nn::GatherElementsOp::create(
                        ni.b, ni.loc, like(*x, idxShape), *x, *idx, *axis));
    return success();
  }
  Value x3 = nn::ReshapeOp::create(ni.b, ni.loc,
                                   like(*x, {outer, shape[*axis], inner}), *x);
  Value i3 = nn::ReshapeOp::create(
      ni.b, ni.loc, like(*idx, {outer, idxShape[*axis], inner}), *idx);
  Value y = nn::GatherElementsOp::create(
      ni.b, ni.loc, like(*x, {outer, idxShape[*axis], inner}), x3, i3, int64_t(1));
  ni.setOutput(0, nn::ReshapeOp::create(ni.b, ni.loc, *outType, y));
  return success();
}

/// Gather at indices known only at run time (or too many to slice): the
/// data viewed as [outer, n, inner], the indices as [1, count, 1], one
/// nn.gather_elements along the middle axis, viewed as the output.
static LogicalResult importGatherRuntime(NodeImporter &ni, Value x,
                                         int64_t axis) {
  auto idx = indicesI64(ni, 1);
  if (failed(idx))
    return failure();
  auto shape = cast<RankedTensorType>(x.getType()).getShape();
  auto idxShape = cast<RankedTensorType>(idx->getType()).getShape();
  SmallVector<int64_t> gathered(shape.take_front(axis));
  gathered.append(idxShape.begin(), idxShape.end());
  gathered.append(shape.begin() + axis + 1, shape.end());
  auto outType = ni.checkedOutputType(0, gathered);
  if (failed(outType))
    return failure();
  int64_t outer = 1, inner = 1, count = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  for (int64_t d : idxShape)
    count *= d;
  auto view = [&](Value v, RankedTensorType type) -> Value {
    return v.getType() == type ? v
                               : nn::ReshapeOp::create(ni.b, ni.loc, type, v);
  };
  Value y = nn::GatherElementsOp::create(
      ni.b, ni.loc, like(x, {outer, count, inner}),
      view(x, like(x, {outer, shape[axis], inner})),
      view(*idx, like(*idx, {1, count, 1})), int64_t(1));
  ni.setOutput(0, view(y, *outType));
  return success();
}

/// Gather: at a few constant indices, slices stacked (views the planner
/// can elide); otherwise one gather kernel.
static LogicalResult importGather(NodeImporter &ni) {
  auto x = ni.input(0);
  const ConstTensor *idx = ni.constant(1);
  if (failed(x))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  auto axis = normalizeAxis(ni.attrInt("axis", 0), shape.size());
  if (!axis)
    return ni.fail("axis is out of range");
  if (idx && idx->isFloat())
    return ni.fail("Gather indices must be integers");
  if (idx)
    for (int64_t j : idx->ints)
      if (j < -shape[*axis] || j >= shape[*axis])
        return ni.fail("Gather index " + Twine(j) + " is out of range");
  constexpr int64_t kMaxSlicedIndices = 16;
  if (!idx || idx->numElements() > kMaxSlicedIndices)
    return importGatherRuntime(ni, *x, *axis);
  SmallVector<int64_t> gathered(shape.take_front(*axis));
  gathered.append(idx->dims.begin(), idx->dims.end());
  gathered.append(shape.begin() + *axis + 1, shape.end());
  auto outType = ni.checkedOutputType(0, gathered);
  if (failed(outType))
    return failure();
  SmallVector<Value> pieces;
  SmallVector<int64_t> offsets(shape.size(), 0), steps(shape.size(), 1);
  SmallVector<int64_t> sizes(shape);
  sizes[*axis] = 1;
  for (int64_t j : idx->ints) {
    if (j < 0)
      j += shape[*axis];
    if (j < 0 || j >= shape[*axis])
      return ni.fail("Gather index out of range");
    offsets[*axis] = j;
    pieces.push_back(buildSlice(ni, *x, offsets, sizes, steps));
  }
  Value y = pieces.front();
  if (pieces.size() > 1) {
    SmallVector<int64_t> cat(sizes);
    cat[*axis] = pieces.size();
    y = nn::ConcatOp::create(ni.b, ni.loc, like(*x, cat), pieces, *axis);
  }
  ni.setOutput(0, nn::ReshapeOp::create(ni.b, ni.loc, *outType, y));
  return success();
}

/// ConstantOfShape of a shape computed at run time (constant shapes fold
/// at import): the value over the output's inferred shape.
static LogicalResult importConstantOfShape(NodeImporter &ni) {
  auto known = ni.knownOutputShape(0);
  if (!known)
    return ni.fail("the shape is computed at run time and shape inference "
                   "does not fix the output's shape");
  ConstTensor value;
  value.floats = {0.0f};
  std::string error;
  if (const onnx::AttributeProto *a = ni.attr("value"))
    if (!decodeTensor(a->t(), value, error))
      return ni.fail(error);
  if (value.numElements() != 1)
    return ni.fail("value must hold exactly one element");
  int64_t n = 1;
  for (int64_t d : *known)
    n *= d;
  ConstTensor c;
  c.dtype = value.dtype;
  c.dims.assign(known->begin(), known->end());
  if (value.isFloat())
    c.floats.assign(n, value.floats[0]);
  else
    c.ints.assign(n, value.ints[0]);
  ni.setOutputConstant(0, std::move(c));
  return success();
}

/// Tile: the input viewed with a unit axis before each dimension,
/// broadcast along those to the repeats, viewed as the output. Repeats
/// known only at run time are the output's inferred shape over the input's.
static LogicalResult importTile(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  std::vector<int64_t> repeats;
  if (ni.constant(1)) {
    auto r = constInts(ni, 1, "repeats");
    if (failed(r))
      return failure();
    repeats = *r;
  } else if (auto known = ni.knownOutputShape(0);
             known && known->size() == shape.size()) {
    for (size_t d = 0; d < shape.size(); ++d) {
      if ((*known)[d] % shape[d])
        return ni.fail("the output's dimension " + Twine(d) +
                       " is not a multiple of the input's");
      repeats.push_back((*known)[d] / shape[d]);
    }
  } else {
    return ni.fail("the repeats are computed at run time and shape inference "
                   "does not fix the output's shape");
  }
  if (repeats.size() != shape.size())
    return ni.fail("repeats must have one value per dimension");
  // A unit axis before each repeated dimension only; runs of dimensions
  // that are not repeated merge, so the broadcast keeps a low rank.
  SmallVector<int64_t> split, wide, out;
  bool merge = false;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (repeats[d] < 1 || repeats[d] > INT32_MAX)
      return ni.fail("repeats must be positive");
    out.push_back(repeats[d] * shape[d]);
    if (repeats[d] == 1 && merge) {
      split.back() *= shape[d];
      wide.back() *= shape[d];
      continue;
    }
    if (repeats[d] > 1) {
      split.push_back(1);
      wide.push_back(repeats[d]);
    }
    split.push_back(shape[d]);
    wide.push_back(shape[d]);
    merge = repeats[d] == 1;
  }
  auto outType = ni.checkedOutputType(0, out);
  if (failed(outType))
    return failure();
  if (wide.size() <= 6) {
    Value y = nn::ReshapeOp::create(ni.b, ni.loc, like(*x, split), *x);
    if (split != wide)
      y = nn::BroadcastToOp::create(ni.b, ni.loc, like(*x, wide), y);
    ni.setOutput(0, nn::ReshapeOp::create(ni.b, ni.loc, *outType, y));
    return success();
  }
  // Too many repeated dimensions for one broadcast: one per dimension, each
  // on a [before, 1, d, after] view.
  Value y = *x;
  SmallVector<int64_t> cur(shape);
  for (size_t d = 0; d < shape.size(); ++d) {
    if (repeats[d] == 1)
      continue;
    int64_t before = 1, after = 1;
    for (size_t e = 0; e < d; ++e)
      before *= cur[e];
    for (size_t e = d + 1; e < cur.size(); ++e)
      after *= cur[e];
    y = nn::ReshapeOp::create(ni.b, ni.loc, like(y, {before, 1, cur[d], after}), y);
    y = nn::BroadcastToOp::create(ni.b, ni.loc,
                                  like(y, {before, repeats[d], cur[d], after}), y);
    cur[d] *= repeats[d];
    y = nn::ReshapeOp::create(ni.b, ni.loc, like(y, cur), y);
  }
  ni.setOutput(0, y);
  return success();
}

static LogicalResult importExpand(NodeImporter &ni) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  std::optional<SmallVector<int64_t>> known;
  if (ni.hasInput(1) && !ni.constant(1) && !(known = ni.knownOutputShape(0)))
    return ni.fail("the shape is computed at run time and shape inference "
                   "does not fix the output's shape");
  auto target = known ? FailureOr<std::vector<int64_t>>(
                            std::vector<int64_t>(known->begin(), known->end()))
                      : constInts(ni, 1, "shape");
  if (failed(target))
    return failure();
  auto shape = broadcastShapes(cast<RankedTensorType>(x->getType()).getShape(),
                               *target);
  if (!shape)
    return ni.fail("cannot expand to " + shapeToString(*target));
  auto outType = ni.checkedOutputType(0, *shape);
  if (failed(outType))
    return failure();
  Value y = *x;
  if (y.getType() != *outType)
    y = nn::BroadcastToOp::create(ni.b, ni.loc, *outType, y);
  ni.setOutput(0, y);
  return success();
}

/// Cast of a runtime tensor (constants fold at import): nn.cast, nothing
/// when the type stays.
static LogicalResult importCast(NodeImporter &ni) {
  int64_t to = ni.attrInt("to", onnx::TensorProto::FLOAT);
  Type element = elementTypeOf(ni.b.getContext(), (int32_t)to);
  if (!element)
    return ni.fail("Cast to " +
                   onnx::TensorProto::DataType_Name(
                       (onnx::TensorProto::DataType)to) +
                   ": edgec takes float32, bool and the 8- to 64-bit integer "
                   "types");
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.getElementType() == element) {
    ni.setOutput(0, *x);
    return success();
  }
  if (isa<quant::QuantizedType>(type.getElementType()))
    return ni.fail("Cast of a quantized tensor is not supported");
  ni.setOutput(0, nn::CastOp::create(ni.b, ni.loc, type.clone(element), *x));
  return success();
}

static LogicalResult importPad(NodeImporter &ni) {
  auto x = ni.input(0);
  auto pads = constInts(ni, 1, "pads");
  if (failed(x) || failed(pads))
    return failure();
  std::string mode = ni.attrString("mode", "constant");
  PadMode kind;
  if (mode == "constant")
    kind = PadMode::constant;
  else if (mode == "reflect")
    kind = PadMode::reflect;
  else if (mode == "edge")
    kind = PadMode::edge;
  else
    return ni.fail("unsupported pad mode '" + mode + "'");
  float value = 0.0f;
  if (ni.hasInput(2)) {
    const ConstTensor *v = ni.constant(2);
    if (!v || v->numElements() != 1)
      return ni.fail("the constant_value of Pad must be a constant scalar");
    value = v->isFloat() ? v->floats[0] : (float)v->ints[0];
  }
  if (ni.hasInput(3))
    return ni.fail("Pad with axes is not supported");
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  if (pads->size() != 2 * shape.size())
    return ni.fail("expects " + Twine(2 * shape.size()) + " pads");
  if (llvm::all_of(*pads, [](int64_t p) { return p == 0; })) {
    ni.setOutput(0, *x);
    return success();
  }
  if (llvm::any_of(*pads, [](int64_t p) { return p < 0; }))
    return ni.fail("negative pads (cropping) are not supported");
  SmallVector<int64_t> out(shape);
  for (size_t d = 0; d < shape.size(); ++d)
    out[d] += (*pads)[d] + (*pads)[shape.size() + d];
  ni.setOutput(0, nn::PadOp::create(ni.b, ni.loc, f32(ni.b, out), *x,
                                    PadModeAttr::get(ni.b.getContext(), kind),
                                    ni.b.getDenseI64ArrayAttr(*pads),
                                    ni.b.getF32FloatAttr(value)));
  return success();
}

static LogicalResult importSize(NodeImporter &ni) {
  auto shape = ni.inputShape(0);
  if (failed(shape))
    return failure();
  ConstTensor c;
  c.dtype = onnx::TensorProto::INT64;
  c.ints = {numElements(*shape)};
  ni.setOutputConstant(0, std::move(c));
  return success();
}

void registerDataImporters(OpRegistry &r) {
  for (int v : {10, 11, 13})
    r.add("Resize", v, importResize);
  for (int v : {1, 11, 13})
    r.add("DepthToSpace", v, [](NodeImporter &ni) {
      return importBlockRearrange(ni, true);
    });
  for (int v : {1, 13})
    r.add("SpaceToDepth", v, [](NodeImporter &ni) {
      return importBlockRearrange(ni, false);
    });
  for (int v : {1, 13})
    r.add("Size", v, importSize);
  for (int v : {1, 13, 15})
    r.add("Shape", v, importShape);
  for (int v : {1, 11, 13}) {
    r.add("Squeeze", v, importSqueeze<false>);
    r.add("Unsqueeze", v, importSqueeze<true>);
  }
  for (int v : {1, 13})
    r.add("Transpose", v, importTranspose);
  for (int v : {10, 11, 13})
    r.add("Slice", v, importSlice);
  for (int v : {2, 11, 13})
    r.add("Split", v, importSplit);
  for (int v : {1, 11, 13})
    r.add("Gather", v, importGather);
  for (int v : {11, 13})
    r.add("GatherElements", v, importGatherElements);
  for (int v : {8, 13})
    r.add("Expand", v, importExpand);
  for (int v : {6, 13})
    r.add("Tile", v, importTile);
  r.add("ConstantOfShape", 9, importConstantOfShape);
  for (int v : {6, 9, 13})
    r.add("Cast", v, importCast);
  for (int v : {11, 13})
    r.add("Pad", v, importPad);
  for (StringRef op : {"Shape", "Size", "Squeeze", "Unsqueeze", "Transpose",
                       "Slice", "Split", "Gather", "GatherElements", "Expand", "DepthToSpace",
                       "SpaceToDepth", "Cast", "ConstantOfShape", "Tile", "Resize"})
    r.allowAnyElementType(op);
}

} // namespace edgec
