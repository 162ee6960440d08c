//===- Reduce.cpp - ReduceMean, ReduceSum, ReduceMax, ReduceMin and kin ---===//
#include "frontend/OpImporter.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace edgec {

/// An element-wise step before or after a reduction (ReduceL2 is the square
/// root of the sum of squares, ...).
enum class Step { none, square, abs, exp, sqrt, log };

static Value applyStep(NodeImporter &ni, Step step, Value v) {
  auto unary = [&](UnaryKind kind) {
    return Value(nn::UnaryOp::create(ni.b, ni.loc, v, kind));
  };
  switch (step) {
  case Step::none:
    return v;
  case Step::square:
    return nn::MulOp::create(ni.b, ni.loc, v.getType(), v, v);
  case Step::abs:
    return unary(UnaryKind::abs);
  case Step::exp:
    return unary(UnaryKind::exp);
  case Step::sqrt:
    return unary(UnaryKind::sqrt);
  case Step::log:
    return unary(UnaryKind::log);
  }
  llvm_unreachable("unknown step");
}

/// Reductions keep the reduced dimensions as 1 in the nn dialect; keepdims=0
/// is a reshape after. `pre` applies to every element first, `post` to the
/// reduced values.
static LogicalResult importReduce(NodeImporter &ni, ReduceKind kind,
                                  Step pre = Step::none, Step post = Step::none) {
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  if (getElementTypeOrSelf(*x).isInteger())
    return ni.fail("input '" + ni.node.input(0) + "' is an integer or bool "
                   "tensor; edgec's " + ni.node.op_type() +
                   " takes float32 tensors only");
  auto shape = cast<RankedTensorType>(x->getType()).getShape();
  int64_t rank = shape.size();
  std::vector<int64_t> axes = ni.attrInts("axes");
  if (ni.hasInput(1)) {
    const ConstTensor *c = ni.constant(1);
    auto known = ni.knownOutputShape(0);
    if (!c && ni.attrInt("keepdims", 1) && known && (int64_t)known->size() == rank) {
      // Axes known only at run time: with kept dimensions the output shows
      // which shrink (reducing a dimension of 1 changes nothing).
      axes.clear();
      for (int64_t d = 0; d < rank; ++d)
        if ((*known)[d] != shape[d]) {
          if ((*known)[d] != 1)
            return ni.fail("the output's shape is not a reduction of the input's");
          axes.push_back(d);
        }
      if (axes.empty()) {
        // Nothing shrinks: every reduced dimension has size 1.
        ni.setOutput(0, applyStep(ni, post, applyStep(ni, pre, *x)));
        return success();
      }
    } else if (!c || c->isFloat()) {
      return ni.fail("axes must be a constant (or, with keepdims, fixed by "
                     "the output's inferred shape)");
    } else {
      axes = c->ints;
    }
  }
  if (axes.empty()) {
    if (ni.attrInt("noop_with_empty_axes", 0)) {
      ni.setOutput(0, *x);
      return success();
    }
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  SmallVector<int64_t> kept(shape);
  for (int64_t &a : axes) {
    auto n = normalizeAxis(a, rank);
    if (!n)
      return ni.fail("axis " + Twine(a) + " is out of range");
    a = *n;
    kept[a] = 1;
  }
  SmallVector<int64_t> outShape;
  bool keep = ni.attrInt("keepdims", 1) != 0;
  for (int64_t d = 0; d < rank; ++d)
    if (keep || !llvm::is_contained(axes, d))
      outShape.push_back(kept[d]);
  auto outType = ni.checkedOutputType(0, outShape);
  if (failed(outType))
    return failure();
  Value y = nn::ReduceOp::create(
      ni.b, ni.loc, RankedTensorType::get(kept, ni.b.getF32Type()),
      applyStep(ni, pre, *x), ReduceKindAttr::get(ni.b.getContext(), kind),
      ni.b.getDenseI64ArrayAttr(axes));
  y = applyStep(ni, post, y);
  if (y.getType() != *outType)
    y = nn::ReshapeOp::create(ni.b, ni.loc, *outType, y);
  ni.setOutput(0, y);
  return success();
}

void registerReduceImporters(OpRegistry &r) {
  auto add = [&](StringRef op, ReduceKind kind) {
    for (int v : {1, 11, 13})
      r.add(op, v, [kind](NodeImporter &ni) { return importReduce(ni, kind); });
  };
  add("ReduceMean", ReduceKind::mean);
  add("ReduceSum", ReduceKind::sum);
  add("ReduceMax", ReduceKind::max);
  add("ReduceMin", ReduceKind::min);
  add("ReduceProd", ReduceKind::prod);
  auto composite = [&](StringRef op, Step pre, Step post) {
    for (int v : {1, 11, 13})
      r.add(op, v, [pre, post](NodeImporter &ni) {
        return importReduce(ni, ReduceKind::sum, pre, post);
      });
  };
  composite("ReduceSumSquare", Step::square, Step::none);
  composite("ReduceL1", Step::abs, Step::none);
  composite("ReduceL2", Step::square, Step::sqrt);
  composite("ReduceLogSum", Step::none, Step::log);
  composite("ReduceLogSumExp", Step::exp, Step::log);
  // Integer data is refused in importReduce; the axes may be a run-time
  // int64 tensor there.
  for (StringRef op : {"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin",
                       "ReduceProd", "ReduceSumSquare", "ReduceL1", "ReduceL2",
                       "ReduceLogSum", "ReduceLogSumExp"})
    r.allowAnyElementType(op);
}

} // namespace edgec
