//===- Shape.cpp - Flatten, Reshape, Concat, Identity, Dropout, Constant --===//
#include "frontend/OpImporter.h"
#include "ir/ShapeUtils.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace edgec {

static LogicalResult reshapeTo(NodeImporter &ni, ArrayRef<int64_t> shape) {
  if (const ConstTensor *c = ni.constant(0)) {
    ConstTensor out = *c;
    out.dims.assign(shape.begin(), shape.end());
    ni.setOutputConstant(0, std::move(out));
    return success();
  }
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  auto type =
      RankedTensorType::get(shape, getElementTypeOrSelf(x->getType()));
  ni.setOutput(0, nn::ReshapeOp::create(ni.b, ni.loc, type, *x));
  return success();
}

static LogicalResult importFlatten(NodeImporter &ni) {
  auto shape = ni.inputShape(0);
  if (failed(shape))
    return failure();
  // Flatten's axis ranges over [-r, r]: a negative one counts from r.
  int64_t rank = shape->size();
  int64_t a = ni.attrInt("axis", 1);
  std::optional<int64_t> axis;
  if (a >= -rank && a <= rank)
    axis = a < 0 ? a + rank : a;
  if (!axis)
    return ni.fail("axis " + Twine(a) + " is out of range for rank " +
                   Twine(rank));
  int64_t outer = numElements(ArrayRef<int64_t>(*shape).take_front(*axis));
  return reshapeTo(ni, {outer, numElements(*shape) / std::max<int64_t>(outer, 1)});
}

static LogicalResult importReshape(NodeImporter &ni) {
  auto inShape = ni.inputShape(0);
  if (failed(inShape))
    return failure();
  const ConstTensor *target = ni.constant(1);
  if (!target) {
    // A shape known only at run time: the output's inferred shape, which
    // the data keeps its order under.
    auto known = ni.knownOutputShape(0);
    if (!known || numElements(*known) != numElements(*inShape))
      return ni.fail("the shape is computed at run time and shape inference "
                     "does not fix the output's shape");
    return reshapeTo(ni, *known);
  }
  if (target->isFloat())
    return ni.fail("Reshape needs an int64 shape");
  bool allowZero = ni.attrInt("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < target->ints.size(); ++i) {
    int64_t d = target->ints[i];
    if (d == 0 && !allowZero) {
      if (i >= inShape->size())
        return ni.fail("shape copies dimension " + Twine(i) +
                       " the input does not have");
      d = (*inShape)[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return ni.fail("shape has more than one -1");
      inferred = (int64_t)i;
      shape.push_back(1);
      continue;
    }
    if (d < 0)
      return ni.fail("invalid dimension " + Twine(d) + " in shape");
    shape.push_back(d);
    known *= d;
  }
  int64_t total = numElements(*inShape);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return ni.fail("cannot infer the -1 dimension of the shape");
    shape[inferred] = total / known;
  }
  if (numElements(shape) != total)
    return ni.fail("cannot reshape " + Twine(total) + " elements to " +
                   shapeToString(shape));
  return reshapeTo(ni, shape);
}

static LogicalResult importConcat(NodeImporter &ni) {
  auto first = ni.inputShape(0);
  if (failed(first))
    return failure();
  auto axis = normalizeAxis(ni.attrInt("axis", 0), first->size());
  if (!axis)
    return ni.fail("axis is out of range");
  SmallVector<Value> inputs;
  SmallVector<int64_t> shape(*first);
  shape[*axis] = 0;
  for (int i = 0; i < ni.numInputs(); ++i) {
    auto v = ni.input(i);
    if (failed(v))
      return failure();
    auto s = cast<RankedTensorType>(v->getType()).getShape();
    if (s.size() != shape.size())
      return ni.fail("inputs differ in rank");
    shape[*axis] += s[*axis];
    if (s[*axis] == 0)
      continue;
    inputs.push_back(*v);
  }
  auto outType = ni.checkedOutputType(0, shape);
  if (failed(outType))
    return failure();
  if (inputs.size() == 1) {
    ni.setOutput(0, inputs[0]);
    return success();
  }
  ni.setOutput(0, nn::ConcatOp::create(ni.b, ni.loc, *outType, inputs, *axis));
  return success();
}

static LogicalResult passThrough(NodeImporter &ni) {
  if (const ConstTensor *c = ni.constant(0)) {
    ni.setOutputConstant(0, *c);
    return success();
  }
  auto x = ni.input(0);
  if (failed(x))
    return failure();
  ni.setOutput(0, *x);
  return success();
}

static LogicalResult importDropout(NodeImporter &ni) {
  if (ni.numUsedOutputs() > 1)
    return ni.fail("the mask output of Dropout is not supported");
  if (ni.hasInput(2)) {
    const ConstTensor *training = ni.constant(2);
    if (!training || training->ints.empty() || training->ints[0] != 0)
      return ni.fail("Dropout in training mode is not supported");
  }
  return passThrough(ni);
}

static LogicalResult importConstant(NodeImporter &ni) {
  ConstTensor c;
  std::string error;
  if (const auto *a = ni.attr("value")) {
    if (!decodeTensor(a->t(), c, error))
      return ni.fail(error);
  } else if (const auto *a = ni.attr("value_float")) {
    c.floats = {a->f()};
  } else if (const auto *a = ni.attr("value_floats")) {
    c.floats.assign(a->floats().begin(), a->floats().end());
    c.dims = {(int64_t)c.floats.size()};
  } else if (const auto *a = ni.attr("value_int")) {
    c.dtype = onnx::TensorProto::INT64;
    c.ints = {a->i()};
  } else if (const auto *a = ni.attr("value_ints")) {
    c.dtype = onnx::TensorProto::INT64;
    c.ints.assign(a->ints().begin(), a->ints().end());
    c.dims = {(int64_t)c.ints.size()};
  } else {
    return ni.fail("Constant without a supported value attribute");
  }
  ni.setOutputConstant(0, std::move(c));
  return success();
}

void registerShapeImporters(OpRegistry &r) {

  for (int v : {1, 9, 11, 13})
    r.add("Flatten", v, importFlatten);
  for (int v : {5, 13, 14})
    r.add("Reshape", v, importReshape);
  for (int v : {4, 11, 13})
    r.add("Concat", v, importConcat);
  for (int v : {1, 13, 14, 16})
    r.add("Identity", v, passThrough);
  for (int v : {1, 6, 7, 10, 12, 13})
    r.add("Dropout", v, importDropout);
  for (int v : {1, 9, 11, 12, 13})
    r.add("Constant", v, importConstant);
  for (StringRef op : {"Flatten", "Reshape", "Concat", "Identity", "Constant"})
    r.allowAnyElementType(op);
}

} // namespace edgec
