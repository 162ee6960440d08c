//===- Interpreter.cpp - runs an f32 nn function inside the compiler ------===//
#include "passes/Interpreter.h"

#include "ir/Constants.h"
#include "ir/OpVerifiers.h"
#include "ir/Quantization.h"
#include "ir/ShapeUtils.h"
#include "passes/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;

namespace edgec {
namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

/// Calls fn(index, linear offset) for every index of `shape`, row-major.
template <typename Fn> void forEachIndex(ArrayRef<int64_t> shape, Fn fn) {
  int64_t total = numElements(shape);
  SmallVector<int64_t> idx(shape.size(), 0);
  for (int64_t e = 0; e < total; ++e) {
    fn(ArrayRef<int64_t>(idx), e);
    for (int d = (int)shape.size() - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
}

Tensor make(ArrayRef<int64_t> shape, float fill = 0.0f) {
  Tensor t;
  t.shape.assign(shape.begin(), shape.end());
  t.data.assign(numElements(shape), fill);
  return t;
}

int64_t at4(const Tensor &t, int64_t n, int64_t h, int64_t w, int64_t c) {
  return ((n * t.shape[1] + h) * t.shape[2] + w) * t.shape[3] + c;
}

/// The output activation an op carries (hard-swish or a clamp), read from
/// its attributes once rather than per element.
struct Activation {
  explicit Activation(Operation *op) : hardSwish(op->hasAttr("hard_swish")) {
    if (auto a = op->getAttrOfType<FloatAttr>("clamp_min"))
      lo = (float)a.getValueAsDouble();
    if (auto a = op->getAttrOfType<FloatAttr>("clamp_max"))
      hi = (float)a.getValueAsDouble();
  }
  float operator()(float v) const {
    if (hardSwish)
      return v * std::fmax(0.0f, std::fmin(1.0f, v / 6.0f + 0.5f));
    if (lo)
      v = std::fmax(v, *lo);
    if (hi)
      v = std::fmin(v, *hi);
    return v;
  }
  bool hardSwish;
  std::optional<float> lo, hi;
};

/// NHWC convolution with HWIO filters. Each output pixel accumulates all
/// its channels at once (the filter's output channels are contiguous), in
/// double, summing every channel in the order ky, kx, ci.
Tensor conv(Operation *op, const Tensor &x, const Tensor &w, const Tensor *b,
            ArrayRef<int64_t> outShape, int64_t groups,
            ArrayRef<int64_t> s, ArrayRef<int64_t> d, ArrayRef<int64_t> p) {
  Tensor y = make(outShape);
  int64_t cinG = w.shape[2], cout = w.shape[3], coutG = cout / groups;
  int64_t kh = w.shape[0], kw = w.shape[1];
  bool depthwise = cinG == 1 && coutG == 1;
  std::vector<double> acc(cout);
  Activation activate(op);
  for (int64_t n = 0; n < y.shape[0]; ++n)
    for (int64_t oy = 0; oy < y.shape[1]; ++oy)
      for (int64_t ox = 0; ox < y.shape[2]; ++ox) {
        for (int64_t co = 0; co < cout; ++co)
          acc[co] = b ? b->data[co] : 0.0;
        for (int64_t ky = 0; ky < kh; ++ky) {
          int64_t iy = oy * s[0] - p[0] + ky * d[0];
          if (iy < 0 || iy >= x.shape[1])
            continue;
          for (int64_t kx = 0; kx < kw; ++kx) {
            int64_t ix = ox * s[1] - p[1] + kx * d[1];
            if (ix < 0 || ix >= x.shape[2])
              continue;
            const float *xp = &x.data[at4(x, n, iy, ix, 0)];
            const float *wk = &w.data[(ky * kw + kx) * cinG * cout];
            if (depthwise) {
              for (int64_t c = 0; c < cout; ++c)
                acc[c] += (double)xp[c] * wk[c];
              continue;
            }
            for (int64_t g = 0; g < groups; ++g)
              for (int64_t ci = 0; ci < cinG; ++ci) {
                double xv = xp[g * cinG + ci];
                const float *wp = wk + ci * cout + g * coutG;
                double *ap = acc.data() + g * coutG;
                for (int64_t co = 0; co < coutG; ++co)
                  ap[co] += xv * wp[co];
              }
          }
        }
        float *yp = &y.data[at4(y, n, oy, ox, 0)];
        for (int64_t co = 0; co < cout; ++co)
          yp[co] = activate((float)acc[co]);
      }
  return y;
}

/// Offset of `idx` (of the result's rank) in a tensor of `shape`
/// broadcast to it.
int64_t broadcastOffset(ArrayRef<int64_t> idx, ArrayRef<int64_t> shape) {
  int64_t off = 0, lead = idx.size() - shape.size();
  for (size_t d = 0; d < shape.size(); ++d)
    off = off * shape[d] + (shape[d] == 1 ? 0 : idx[lead + d]);
  return off;
}

template <typename Fn>
Tensor binary(Operation *op, const Tensor &a, const Tensor &b, Fn fn) {
  Tensor y = make(shapeOf(op->getResult(0)));
  Activation activate(op);
  forEachIndex(y.shape, [&](ArrayRef<int64_t> idx, int64_t e) {
    y.data[e] = activate(fn(a.data[broadcastOffset(idx, a.shape)],
                                b.data[broadcastOffset(idx, b.shape)]));
  });
  return y;
}

struct Interpreter {
  DenseMap<Value, Tensor> values;

  const Tensor *get(Value v) {
    auto it = values.find(v);
    return it == values.end() ? nullptr : &it->second;
  }

  LogicalResult run(Operation *op) {
    auto in = [&](unsigned i) -> const Tensor & { return *get(op->getOperand(i)); };
    for (Value operand : op->getOperands())
      if (!get(operand))
        return op->emitError("calibration cannot compute an operand of this "
                             "op");
    if (op->getNumResults() == 1 &&
        !getElementTypeOrSelf(op->getResult(0).getType()).isF32())
      return op->emitError("calibration runs f32 graphs only");
    std::optional<Tensor> result =
        llvm::TypeSwitch<Operation *, std::optional<Tensor>>(op)
            .Case([&](arith::ConstantOp c) -> std::optional<Tensor> {
              auto values = getF32Values(c.getValue());
              if (!values)
                return std::nullopt;
              Tensor t = make(shapeOf(c));
              t.data = *values;
              return t;
            })
            .Case([&](nn::Conv2DOp c) {
              const Tensor *b = c.getBias() ? get(c.getBias()) : nullptr;
              return conv(c, in(0), in(1), b, shapeOf(c), c.getGroups(),
                          c.getStrides(), c.getDilations(), c.getPads());
            })
            .Case([&](nn::QuadraticDWConv2DOp q) {
              int64_t ch = shapeOf(q)[3];
              Tensor a = conv(q, in(0), in(1), &in(4), shapeOf(q), ch,
                              q.getStrides(), q.getDilations(), q.getPads());
              Tensor b = conv(q, in(0), in(2), &in(5), shapeOf(q), ch,
                              q.getStrides(), q.getDilations(), q.getPads());
              Tensor c = conv(q, in(0), in(3), &in(6), shapeOf(q), ch,
                              q.getStrides(), q.getDilations(), q.getPads());
              for (size_t i = 0; i < a.data.size(); ++i)
                a.data[i] = a.data[i] * b.data[i] + c.data[i];
              return a;
            })
            .Case([&](nn::Pool2DOp pool) { return poolOp(pool, in(0)); })
            .Case([&](nn::MatMulOp mm) {
              return matmul(mm, in(0), in(1),
                            mm.getBias() ? get(mm.getBias()) : nullptr);
            })
            .Case([&](nn::AddOp o) {
              return binary(o, in(0), in(1), [](float a, float b) { return a + b; });
            })
            .Case([&](nn::SubOp o) {
              return binary(o, in(0), in(1), [](float a, float b) { return a - b; });
            })
            .Case([&](nn::MulOp o) {
              return binary(o, in(0), in(1), [](float a, float b) { return a * b; });
            })
            .Case([&](nn::DivOp o) {
              return binary(o, in(0), in(1), [](float a, float b) { return a / b; });
            })
            .Case([&](nn::MaxOp o) {
              return binary(o, in(0), in(1), [](float a, float b) { return std::fmax(a, b); });
            })
            .Case([&](nn::MinOp o) {
              return binary(o, in(0), in(1), [](float a, float b) { return std::fmin(a, b); });
            })
            .Case([&](nn::PowOp o) {
              return binary(o, in(0), in(1), [](float a, float b) { return std::pow(a, b); });
            })
            .Case([&](nn::UnaryOp u) {
              Tensor y = in(0);
              float alpha = u.getAlpha().convertToFloat(),
                    beta = u.getBeta().convertToFloat();
              for (float &v : y.data)
                v = evalUnary(u.getKind(), v, alpha, beta);
              return y;
            })
            .Case([&](nn::FakeQuantizeOp fq) {
              Tensor y = in(0);
              auto type = asInt8(fq.getType());
              for (float &v : y.data)
                v = (float)dequantizeValue(quantizeValue(v, type), type);
              return y;
            })
            .Case([&](nn::ClampOp c) {
              Tensor y = in(0);
              Activation activate(c);
              for (float &v : y.data)
                v = activate(v);
              return y;
            })
            .Case([&](nn::SoftmaxOp sm) { return softmax(sm, in(0)); })
            .Case([&](nn::TransposeOp t) {
              Tensor y = make(shapeOf(t));
              y.data = transposeData(in(0).data, in(0).shape, t.getPerm());
              return y;
            })
            .Case([&](nn::ReshapeOp r) {
              Tensor y = in(0);
              y.shape.assign(shapeOf(r).begin(), shapeOf(r).end());
              return y;
            })
            .Case([&](nn::ConcatOp c) { return concat(c); })
            .Case([&](nn::SliceOp sl) {
              Tensor y = make(shapeOf(sl));
              const Tensor &x = in(0);
              auto strides = contiguousStridesOf(x.shape);
              forEachIndex(y.shape, [&](ArrayRef<int64_t> idx, int64_t e) {
                int64_t off = 0;
                for (size_t d = 0; d < idx.size(); ++d)
                  off += (sl.getOffsets()[d] + idx[d] * sl.getSteps()[d]) *
                         strides[d];
                y.data[e] = x.data[off];
              });
              return y;
            })
            .Case([&](nn::BroadcastToOp b) {
              Tensor y = make(shapeOf(b));
              const Tensor &x = in(0);
              forEachIndex(y.shape, [&](ArrayRef<int64_t> idx, int64_t e) {
                y.data[e] = x.data[broadcastOffset(idx, x.shape)];
              });
              return y;
            })
            .Case([&](nn::PadOp p) { return pad(p, in(0)); })
            .Case([&](nn::ReduceOp r) { return reduce(r, in(0)); })
            .Case([&](nn::LayerNormOp ln) {
              return layerNorm(ln, in(0), in(1),
                               ln.getBias() ? get(ln.getBias()) : nullptr);
            })
            .Case([&](nn::LRNOp lrn) { return lrnOp(lrn, in(0)); })
            .Case([&](nn::ChannelShuffleOp cs) {
              Tensor y = make(shapeOf(cs));
              const Tensor &x = in(0);
              int64_t a = cs.getAxis(), g = cs.getGroups(),
                      k = x.shape[a] / g;
              auto strides = contiguousStridesOf(x.shape);
              forEachIndex(y.shape, [&](ArrayRef<int64_t> idx, int64_t e) {
                int64_t off = 0;
                for (size_t d = 0; d < idx.size(); ++d) {
                  int64_t i = idx[d];
                  if ((int64_t)d == a) // output i*g+j is input j*k+i
                    i = (i % g) * k + i / g;
                  off += i * strides[d];
                }
                y.data[e] = x.data[off];
              });
              return y;
            })
            .Default([](Operation *) { return std::nullopt; });
    if (!result)
      return op->emitError("calibration cannot run '")
             << op->getName() << "'";
    values[op->getResult(0)] = std::move(*result);
    return success();
  }

  static SmallVector<int64_t> contiguousStridesOf(ArrayRef<int64_t> shape) {
    SmallVector<int64_t> s(shape.size(), 1);
    for (int i = (int)shape.size() - 2; i >= 0; --i)
      s[i] = s[i + 1] * shape[i + 1];
    return s;
  }

  Tensor poolOp(nn::Pool2DOp pool, const Tensor &x) {
    Tensor y = make(shapeOf(pool));
    auto k = pool.getKernel(), s = pool.getStrides(), d = pool.getDilations(),
         p = pool.getPads();
    bool avg = pool.getKind() == PoolKind::avg;
    for (int64_t n = 0; n < y.shape[0]; ++n)
      for (int64_t oy = 0; oy < y.shape[1]; ++oy)
        for (int64_t ox = 0; ox < y.shape[2]; ++ox)
          for (int64_t c = 0; c < y.shape[3]; ++c) {
            double acc = 0.0;
            float mx = 0.0f;
            int64_t valid = 0, padded = 0;
            for (int64_t ky = 0; ky < k[0]; ++ky)
              for (int64_t kx = 0; kx < k[1]; ++kx) {
                int64_t iy = oy * s[0] - p[0] + ky * d[0];
                int64_t ix = ox * s[1] - p[1] + kx * d[1];
                if (iy < -p[0] || iy >= x.shape[1] + p[2] || ix < -p[1] ||
                    ix >= x.shape[2] + p[3])
                  continue;
                ++padded;
                if (iy < 0 || iy >= x.shape[1] || ix < 0 || ix >= x.shape[2])
                  continue;
                float v = x.data[at4(x, n, iy, ix, c)];
                mx = valid == 0 || v > mx ? v : mx;
                acc += v;
                ++valid;
              }
            y.data[at4(y, n, oy, ox, c)] =
                valid == 0 ? 0.0f
                : avg ? (float)(acc / (pool.getCountIncludePad() ? padded : valid))
                      : mx;
          }
    return y;
  }

  Tensor matmul(nn::MatMulOp mm, const Tensor &a, const Tensor &b,
                const Tensor *bias) {
    Tensor y = make(shapeOf(mm));
    Activation activate(mm);
    int64_t r = y.shape.size(), m = y.shape[r - 2], n = y.shape[r - 1],
            k = a.shape.back();
    SmallVector<int64_t> batch(y.shape.begin(), y.shape.end() - 2);
    forEachIndex(batch, [&](ArrayRef<int64_t> bidx, int64_t bi) {
      SmallVector<int64_t> ia(bidx), ib(bidx);
      ia.append({0, 0});
      ib.append({0, 0});
      int64_t oa = broadcastOffset(ia, a.shape), ob = broadcastOffset(ib, b.shape);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
          double acc = bias ? bias->data[j] : 0.0;
          for (int64_t t = 0; t < k; ++t)
            acc += (double)a.data[oa + i * k + t] * b.data[ob + t * n + j];
          y.data[(bi * m + i) * n + j] = activate((float)acc);
        }
    });
    return y;
  }

  Tensor softmax(nn::SoftmaxOp sm, const Tensor &x) {
    Tensor y = x;
    int64_t axis = sm.getAxis(), len = x.shape[axis];
    int64_t inner = 1;
    for (size_t d = axis + 1; d < x.shape.size(); ++d)
      inner *= x.shape[d];
    int64_t outer = numElements(x.shape) / (len * inner);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        auto idx = [&](int64_t j) { return (o * len + j) * inner + i; };
        float mx = x.data[idx(0)];
        for (int64_t j = 1; j < len; ++j)
          mx = std::fmax(mx, x.data[idx(j)]);
        double sum = 0.0;
        for (int64_t j = 0; j < len; ++j)
          sum += std::exp((double)x.data[idx(j)] - mx);
        for (int64_t j = 0; j < len; ++j)
          y.data[idx(j)] = (float)(std::exp((double)x.data[idx(j)] - mx) / sum);
      }
    return y;
  }

  Tensor concat(nn::ConcatOp c) {
    Tensor y = make(shapeOf(c));
    int64_t axis = c.getAxis(), start = 0;
    auto ys = contiguousStridesOf(y.shape);
    for (Value v : c.getInputs()) {
      const Tensor &x = *get(v);
      forEachIndex(x.shape, [&](ArrayRef<int64_t> idx, int64_t e) {
        int64_t off = 0;
        for (size_t d = 0; d < idx.size(); ++d)
          off += (idx[d] + ((int64_t)d == axis ? start : 0)) * ys[d];
        y.data[off] = x.data[e];
      });
      start += x.shape[axis];
    }
    return y;
  }

  Tensor pad(nn::PadOp p, const Tensor &x) {
    Tensor y = make(shapeOf(p));
    auto strides = contiguousStridesOf(x.shape);
    int64_t rank = x.shape.size();
    float value = p.getValue().convertToFloat();
    forEachIndex(y.shape, [&](ArrayRef<int64_t> idx, int64_t e) {
      int64_t off = 0;
      bool fill = false;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t i = idx[d] - p.getPads()[d], n = x.shape[d];
        if (i < 0 || i >= n) {
          if (p.getMode() == PadMode::constant)
            fill = true;
          else if (p.getMode() == PadMode::edge)
            i = i < 0 ? 0 : n - 1;
          else
            i = i < 0 ? -i : 2 * n - 2 - i;
        }
        off += i * strides[d];
      }
      y.data[e] = fill ? value : x.data[off];
    });
    return y;
  }

  Tensor reduce(nn::ReduceOp r, const Tensor &x) {
    Tensor y = make(shapeOf(r));
    auto axes = r.getAxes();
    ReduceKind kind = r.getKind();
    std::vector<double> acc(y.data.size(),
                            kind == ReduceKind::max    ? -HUGE_VAL
                            : kind == ReduceKind::min  ? HUGE_VAL
                            : kind == ReduceKind::prod ? 1.0
                                                       : 0.0);
    auto ys = contiguousStridesOf(y.shape);
    forEachIndex(x.shape, [&](ArrayRef<int64_t> idx, int64_t e) {
      int64_t off = 0;
      for (size_t d = 0; d < idx.size(); ++d)
        if (!llvm::is_contained(axes, (int64_t)d))
          off += idx[d] * ys[d];
      double v = x.data[e];
      acc[off] = kind == ReduceKind::max    ? std::fmax(acc[off], v)
                 : kind == ReduceKind::min  ? std::fmin(acc[off], v)
                 : kind == ReduceKind::prod ? acc[off] * v
                                            : acc[off] + v;
    });
    int64_t count = numElements(x.shape) / std::max<int64_t>(1, y.data.size());
    for (size_t i = 0; i < acc.size(); ++i)
      y.data[i] = (float)(kind == ReduceKind::mean ? acc[i] / count : acc[i]);
    return y;
  }

  Tensor layerNorm(nn::LayerNormOp ln, const Tensor &x, const Tensor &scale,
                   const Tensor *bias) {
    Tensor y = make(x.shape);
    int64_t n = 1;
    for (size_t d = ln.getAxis(); d < x.shape.size(); ++d)
      n *= x.shape[d];
    int64_t outer = numElements(x.shape) / n;
    double eps = ln.getEpsilon().convertToDouble();
    for (int64_t o = 0; o < outer; ++o) {
      double mean = 0.0, var = 0.0;
      for (int64_t k = 0; k < n; ++k)
        mean += x.data[o * n + k];
      mean /= n;
      for (int64_t k = 0; k < n; ++k)
        var += (x.data[o * n + k] - mean) * (x.data[o * n + k] - mean);
      var /= n;
      for (int64_t k = 0; k < n; ++k) {
        double v = (x.data[o * n + k] - mean) / std::sqrt(var + eps) *
                   scale.data[k];
        y.data[o * n + k] = (float)(bias ? v + bias->data[k] : v);
      }
    }
    return y;
  }

  Tensor lrnOp(nn::LRNOp lrn, const Tensor &x) {
    Tensor y = make(x.shape);
    int64_t size = lrn.getSize(), channels = x.shape[3];
    double alpha = lrn.getAlpha().convertToDouble(),
           beta = lrn.getBeta().convertToDouble(),
           bias = lrn.getBias().convertToDouble();
    for (int64_t p = 0; p < numElements(x.shape) / channels; ++p)
      for (int64_t c = 0; c < channels; ++c) {
        double sum = 0.0;
        for (int64_t j = c - (size - 1) / 2; j <= c + size / 2; ++j)
          if (j >= 0 && j < channels)
            sum += (double)x.data[p * channels + j] * x.data[p * channels + j];
        y.data[p * channels + c] = (float)(x.data[p * channels + c] /
                                           std::pow(bias + alpha / size * sum, beta));
      }
    return y;
  }
};

} // namespace

LogicalResult interpret(func::FuncOp func, ArrayRef<Tensor> inputs,
                        function_ref<void(Value, const Tensor &)> observe,
                        std::vector<Tensor> *outputs) {
  Interpreter interp;
  Block &body = func.getBody().front();
  if (inputs.size() != body.getNumArguments())
    return func.emitError("calibration has ")
           << inputs.size() << " inputs for " << body.getNumArguments()
           << " graph inputs";
  for (auto [arg, t] : llvm::zip(body.getArguments(), inputs)) {
    interp.values[arg] = t;
    observe(arg, t);
  }
  for (Operation &op : body) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      if (outputs)
        for (Value v : ret.getOperands())
          outputs->push_back(*interp.get(v));
      break;
    }
    if (failed(interp.run(&op)))
      return failure();
    if (!isa<arith::ConstantOp>(op))
      observe(op.getResult(0), *interp.get(op.getResult(0)));
  }
  return success();
}

} // namespace edgec
