//===- ConstantFolding.cpp - evaluate ONNX nodes on constants -------------===//
#include "frontend/ConstantFolding.h"

#include "ir/ShapeUtils.h"

#include <cmath>

namespace edgec {

namespace {

using llvm::ArrayRef;
using llvm::SmallVector;

double at(const ConstTensor &t, int64_t i) {
  return t.isFloat() ? (double)t.floats[i] : (double)t.ints[i];
}

/// The most elements a folded constant may have (1 GiB of float32): models
/// can ask for any shape, the compiler's memory is not theirs to size.
constexpr int64_t kMaxFoldElements = int64_t(1) << 28;

/// True when a tensor of `dims` may be folded; otherwise false with `error`
/// saying why.
bool foldable(ArrayRef<int64_t> dims, std::string &error) {
  for (int64_t d : dims)
    if (d < 0) {
      error = "constant result has a negative dimension (" + std::to_string(d) + ")";
      return false;
    }
  int64_t n = boundedProduct(dims, kMaxFoldElements);
  if (n > kMaxFoldElements) {
    std::string shape;
    for (int64_t d : dims)
      shape += (shape.empty() ? "" : "x") + std::to_string(d);
    error = "constant result " + shape + " is too large to evaluate (limit " +
            std::to_string(kMaxFoldElements) + " elements)";
    return false;
  }
  return true;
}

ConstTensor makeLike(int32_t dtype, ArrayRef<int64_t> dims) {
  ConstTensor t;
  t.dtype = dtype;
  t.dims.assign(dims.begin(), dims.end());
  if (t.isFloat())
    t.floats.resize(t.numElements());
  else
    t.ints.resize(t.numElements());
  return t;
}

void set(ConstTensor &t, int64_t i, double v) {
  if (t.isFloat())
    t.floats[i] = (float)v;
  else
    t.ints[i] = (int64_t)v;
}

/// Applies `fn` element-wise over the numpy broadcast of the inputs.
template <typename Fn>
bool elementwise(ArrayRef<const ConstTensor *> in, int32_t dtype,
                 ConstTensor &out, std::string &error, Fn fn) {
  SmallVector<int64_t> shape(in[0]->dims.begin(), in[0]->dims.end());
  for (const ConstTensor *t : in.drop_front()) {
    auto b = broadcastShapes(shape, t->dims);
    if (!b) {
      error = "constant operands do not broadcast";
      return false;
    }
    shape = *b;
  }
  if (!foldable(shape, error))
    return false;
  out = makeLike(dtype, shape);
  SmallVector<SmallVector<int64_t>> strides;
  for (const ConstTensor *t : in)
    strides.push_back(broadcastStrides(t->dims, shape.size()));
  SmallVector<int64_t> idx(shape.size(), 0);
  SmallVector<double> args(in.size());
  for (int64_t o = 0; o < out.numElements(); ++o) {
    for (size_t k = 0; k < in.size(); ++k) {
      int64_t off = 0;
      for (size_t d = 0; d < shape.size(); ++d)
        off += idx[d] * strides[k][d];
      args[k] = at(*in[k], off);
    }
    set(out, o, fn(args));
    for (int d = (int)shape.size() - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
  return true;
}

std::vector<int64_t> intsOf(const ConstTensor *t) {
  if (!t)
    return {};
  if (!t->isFloat())
    return t->ints;
  return std::vector<int64_t>(t->floats.begin(), t->floats.end());
}

const onnx::AttributeProto *findAttr(const onnx::NodeProto &n,
                                     llvm::StringRef name) {
  for (const auto &a : n.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

/// Gathers elements of `data` at `offsets` into a tensor of `dims`.
ConstTensor gatherElements(const ConstTensor &data, ArrayRef<int64_t> dims,
                           ArrayRef<int64_t> offsets) {
  ConstTensor out = makeLike(data.dtype, dims);
  for (size_t i = 0; i < offsets.size(); ++i)
    set(out, i, at(data, offsets[i]));
  return out;
}

} // namespace

bool sliceBounds(ArrayRef<int64_t> shape, ArrayRef<int64_t> starts,
                 ArrayRef<int64_t> ends, ArrayRef<int64_t> axes,
                 ArrayRef<int64_t> steps, llvm::SmallVectorImpl<int64_t> &offsets,
                 llvm::SmallVectorImpl<int64_t> &sizes,
                 llvm::SmallVectorImpl<int64_t> &strides, std::string &error) {
  int64_t rank = shape.size();
  offsets.assign(rank, 0);
  sizes.assign(shape.begin(), shape.end());
  strides.assign(rank, 1);
  if (starts.size() != ends.size() || (!axes.empty() && axes.size() != starts.size()) ||
      (!steps.empty() && steps.size() != starts.size())) {
    error = "Slice starts, ends, axes and steps differ in length";
    return false;
  }
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = axes.empty() ? (int64_t)i : axes[i];
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank) {
      error = "Slice axis out of range";
      return false;
    }
    int64_t step = steps.empty() ? 1 : steps[i], n = shape[axis];
    if (step <= 0) {
      error = "Slice with a step of " + std::to_string(step) +
              " is not supported";
      return false;
    }
    int64_t s = starts[i], e = ends[i];
    if (s < 0)
      s += n;
    if (e < 0)
      e += n;
    s = std::clamp<int64_t>(s, 0, n);
    e = std::clamp<int64_t>(e, 0, n);
    offsets[axis] = s;
    sizes[axis] = e > s ? (e - s + step - 1) / step : 0;
    strides[axis] = step;
  }
  return true;
}

bool unsqueezeShape(ArrayRef<int64_t> shape, ArrayRef<int64_t> axes,
                    llvm::SmallVectorImpl<int64_t> &out, std::string &error) {
  int64_t rank = shape.size() + axes.size();
  SmallVector<bool> isNew(rank, false);
  for (int64_t a : axes) {
    if (a < 0)
      a += rank;
    if (a < 0 || a >= rank || isNew[a]) {
      error = "Unsqueeze axes are out of range or repeated";
      return false;
    }
    isNew[a] = true;
  }
  out.clear();
  size_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    out.push_back(isNew[d] ? 1 : shape[next++]);
  return true;
}

bool squeezeShape(ArrayRef<int64_t> shape, ArrayRef<int64_t> axes,
                  llvm::SmallVectorImpl<int64_t> &out, std::string &error) {
  int64_t rank = shape.size();
  SmallVector<bool> drop(rank, axes.empty());
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = shape[d] == 1;
  for (int64_t a : axes) {
    if (a < 0)
      a += rank;
    if (a < 0 || a >= rank || shape[a] != 1) {
      error = "Squeeze axis is out of range or not of size 1";
      return false;
    }
    drop[a] = true;
  }
  out.clear();
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      out.push_back(shape[d]);
  return true;
}

bool foldConstantNode(const onnx::NodeProto &node,
                      ArrayRef<const ConstTensor *> in,
                      std::vector<ConstTensor> &outputs, std::string &error) {
  const std::string &op = node.op_type();
  auto attrInts = [&](llvm::StringRef name) {
    const auto *a = findAttr(node, name);
    return a ? std::vector<int64_t>(a->ints().begin(), a->ints().end())
             : std::vector<int64_t>();
  };
  auto attrInt = [&](llvm::StringRef name, int64_t dflt) {
    const auto *a = findAttr(node, name);
    return a ? a->i() : dflt;
  };
  auto input = [&](size_t i) -> const ConstTensor * {
    return i < in.size() ? in[i] : nullptr;
  };
  ConstTensor out;
  bool ok = false;
  using Args = ArrayRef<double>;
  auto binary = [&](auto fn, int32_t dtype) {
    return in.size() == 2 && elementwise(in, dtype, out, error, fn);
  };
  if (in.empty() || !in[0])
    return false;
  int32_t dtype = in[0]->dtype;
  constexpr int32_t kBool = onnx::TensorProto::BOOL;
  if (op == "Add")
    ok = binary([](Args a) { return a[0] + a[1]; }, dtype);
  else if (op == "Sub")
    ok = binary([](Args a) { return a[0] - a[1]; }, dtype);
  else if (op == "Mul")
    ok = binary([](Args a) { return a[0] * a[1]; }, dtype);
  else if (op == "Div")
    ok = binary(
        [&](Args a) {
          return in[0]->isFloat() ? a[0] / a[1] : std::trunc(a[0] / a[1]);
        },
        dtype);
  else if (op == "Equal")
    ok = binary([](Args a) { return double(a[0] == a[1]); }, kBool);
  else if (op == "Less")
    ok = binary([](Args a) { return double(a[0] < a[1]); }, kBool);
  else if (op == "Greater")
    ok = binary([](Args a) { return double(a[0] > a[1]); }, kBool);
  else if (op == "Where" && in.size() == 3)
    ok = elementwise(in, in[1]->dtype, out, error,
                     [](Args a) { return a[0] != 0 ? a[1] : a[2]; });
  else if (op == "Neg")
    ok = elementwise(in, dtype, out, error, [](Args a) { return -a[0]; });
  else if (op == "Sqrt")
    ok = elementwise(in, dtype, out, error,
                     [](Args a) { return std::sqrt(a[0]); });
  else if (op == "Cast") {
    int32_t to = attrInt("to", dtype);
    ConstTensor probe;
    probe.dtype = to;
    if (!probe.isFloat() && to != onnx::TensorProto::INT64 &&
        to != onnx::TensorProto::INT32 && to != kBool)
      return false;
    ok = elementwise(in, to, out, error, [&](Args a) {
      return to == kBool ? double(a[0] != 0) : a[0];
    });
  } else if (op == "Unsqueeze" || op == "Squeeze") {
    auto axes = in.size() > 1 && in[1] ? intsOf(in[1]) : attrInts("axes");
    SmallVector<int64_t> shape;
    ok = op == "Unsqueeze" ? unsqueezeShape(in[0]->dims, axes, shape, error)
                           : squeezeShape(in[0]->dims, axes, shape, error);
    if (ok) {
      out = *in[0];
      out.dims.assign(shape.begin(), shape.end());
    }
  } else if (op == "Concat") {
    int64_t rank = in[0]->dims.size();
    int64_t axis = attrInt("axis", 0);
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank)
      return false;
    SmallVector<int64_t> dims(in[0]->dims.begin(), in[0]->dims.end());
    dims[axis] = 0;
    for (const ConstTensor *t : in) {
      if (!t || (int64_t)t->dims.size() != rank)
        return false;
      dims[axis] += t->dims[axis];
    }
    if (!foldable(dims, error))
      return false;
    out = makeLike(dtype, dims);
    int64_t outer = numElements(ArrayRef<int64_t>(dims).take_front(axis));
    int64_t o = 0;
    for (int64_t i = 0; i < outer; ++i)
      for (const ConstTensor *t : in) {
        int64_t chunk = t->numElements() / std::max<int64_t>(outer, 1);
        for (int64_t k = 0; k < chunk; ++k)
          set(out, o++, at(*t, i * chunk + k));
      }
    ok = true;
  } else if (op == "Gather" && in.size() == 2) {
    int64_t rank = in[0]->dims.size(), axis = attrInt("axis", 0);
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank)
      return false;
    auto idx = intsOf(in[1]);
    ArrayRef<int64_t> dims = in[0]->dims;
    int64_t outer = numElements(dims.take_front(axis)), n = dims[axis],
            inner = numElements(dims.drop_front(axis + 1));
    SmallVector<int64_t> outDims(dims.take_front(axis));
    outDims.append(in[1]->dims.begin(), in[1]->dims.end());
    outDims.append(dims.begin() + axis + 1, dims.end());
    if (!foldable(outDims, error))
      return false;
    SmallVector<int64_t> offsets;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j : idx) {
        if (j < 0)
          j += n;
        if (j < 0 || j >= n) {
          error = "Gather index out of range";
          return false;
        }
        for (int64_t k = 0; k < inner; ++k)
          offsets.push_back((o * n + j) * inner + k);
      }
    out = gatherElements(*in[0], outDims, offsets);
    ok = true;
  } else if (op == "Slice" && in.size() >= 3 && in[1] && in[2]) {
    SmallVector<int64_t> off, size, step;
    if (!sliceBounds(in[0]->dims, intsOf(in[1]), intsOf(in[2]),
                     intsOf(input(3)), intsOf(input(4)), off, size, step,
                     error))
      return false;
    SmallVector<int64_t> strides(in[0]->dims.size(), 1);
    for (int d = (int)strides.size() - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * in[0]->dims[d + 1];
    SmallVector<int64_t> offsets, idx(size.size(), 0);
    for (int64_t e = 0; e < numElements(size); ++e) {
      int64_t o = 0;
      for (size_t d = 0; d < size.size(); ++d)
        o += (off[d] + idx[d] * step[d]) * strides[d];
      offsets.push_back(o);
      for (int d = (int)size.size() - 1; d >= 0; --d) {
        if (++idx[d] < size[d])
          break;
        idx[d] = 0;
      }
    }
    out = gatherElements(*in[0], size, offsets);
    ok = true;
  } else if (op == "ConstantOfShape") {
    auto dims = intsOf(in[0]);
    ConstTensor value;
    value.floats = {0.0f};
    if (const auto *a = findAttr(node, "value"))
      if (!decodeTensor(a->t(), value, error))
        return false;
    if (value.numElements() != 1) {
      error = "ConstantOfShape's value must hold exactly one element";
      return false;
    }
    if (!foldable(dims, error))
      return false;
    out = makeLike(value.dtype, dims);
    for (int64_t i = 0; i < out.numElements(); ++i)
      set(out, i, at(value, 0));
    ok = true;
  } else if (op == "Range" && in.size() == 3) {
    double start = at(*in[0], 0), limit = at(*in[1], 0), delta = at(*in[2], 0);
    if (delta == 0 || !std::isfinite(start) || !std::isfinite(limit) ||
        !std::isfinite(delta))
      return false;
    double count = std::max(0.0, std::ceil((limit - start) / delta));
    if (count > (double)kMaxFoldElements) {
      error = "Range of " + std::to_string((int64_t)std::min(count, 9e18)) +
              " elements is too large to evaluate (limit " +
              std::to_string(kMaxFoldElements) + " elements)";
      return false;
    }
    int64_t n = (int64_t)count;
    out = makeLike(dtype, {n});
    for (int64_t i = 0; i < n; ++i)
      set(out, i, start + i * delta);
    ok = true;
  } else if ((op == "DequantizeLinear" || op == "QuantizeLinear") &&
             in.size() >= 2 && in[1] && in[1]->isFloat()) {
    // Per tensor, or per slice of `axis` when the scale is a vector
    // (quantized weights and biases of QDQ models).
    const ConstTensor &x = *in[0], &scale = *in[1];
    const ConstTensor *zp = input(2);
    int64_t rank = x.dims.size(), axis = attrInt("axis", 1);
    if (axis < 0)
      axis += rank;
    int64_t n = scale.numElements(), inner = 1;
    if (n > 1 && (axis < 0 || axis >= rank || x.dims[axis] != n)) {
      error = "the scales do not match the quantized axis";
      return false;
    }
    for (int64_t d = axis + 1; n > 1 && d < rank; ++d)
      inner *= x.dims[d];
    auto channel = [&](int64_t i) { return n > 1 ? (i / inner) % n : 0; };
    auto zeroPoint = [&](int64_t c) { return zp ? at(*zp, zp->numElements() > 1 ? c : 0) : 0.0; };
    if (op == "DequantizeLinear") {
      if (x.isFloat())
        return false;
      out = makeLike(onnx::TensorProto::FLOAT, x.dims);
      for (int64_t i = 0; i < x.numElements(); ++i)
        out.floats[i] = (float)((at(x, i) - zeroPoint(channel(i))) *
                                scale.floats[channel(i)]);
    } else {
      int32_t type = zp ? zp->dtype : onnx::TensorProto::UINT8;
      double lo = type == onnx::TensorProto::INT8 ? -128 : 0;
      double hi = type == onnx::TensorProto::INT8 ? 127 : 255;
      out = makeLike(type, x.dims);
      for (int64_t i = 0; i < x.numElements(); ++i) {
        double v = std::nearbyint(at(x, i) / scale.floats[channel(i)]) +
                   zeroPoint(channel(i)); // ties to even, as ONNX says
        out.ints[i] = (int64_t)std::min(hi, std::max(lo, v));
      }
    }
    ok = true;
  } else if (op == "Identity") {
    out = *in[0];
    ok = true;
  }
  if (!ok)
    return false;
  outputs.push_back(std::move(out));
  return true;
}

} // namespace edgec
