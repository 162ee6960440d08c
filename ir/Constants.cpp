//===- Constants.cpp - weight constants -------------------------------===//
#include "ir/Constants.h"

#include "ir/ShapeUtils.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace edgec {

/// Constants at or below this many elements stay inline in the IR, where
/// tests and dumps can read them.
static constexpr int64_t kInlineElements = 16;

ElementsAttr makeF32Attr(MLIRContext *ctx, ArrayRef<int64_t> shape,
                         ArrayRef<float> data, StringRef nameHint) {
  auto type = RankedTensorType::get(shape, Float32Type::get(ctx));
  if ((int64_t)data.size() <= kInlineElements)
    return DenseElementsAttr::get(type, data);
  DenseResourceElementsAttr attr = DenseF32ResourceElementsAttr::get(
      type, nameHint, HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
  return cast<ElementsAttr>(attr);
}

ElementsAttr makeIntAttr(ShapedType type, ArrayRef<int64_t> data,
                        StringRef nameHint) {
  Type element = type.getElementType();
  if (auto q = dyn_cast<quant::QuantizedType>(element))
    element = q.getStorageType();
  unsigned bytes = (element.getIntOrFloatBitWidth() + 7) / 8;
  std::vector<char> raw(data.size() * bytes);
  for (size_t i = 0; i < data.size(); ++i)
    for (unsigned b = 0; b < bytes; ++b) // little-endian, as the emitter reads
      raw[i * bytes + b] = (char)((uint64_t)data[i] >> (8 * b));
  return DenseResourceElementsAttr::get(
      type, nameHint,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(int64_t)));
}

std::optional<std::vector<float>> getF32Values(Attribute attr) {
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(attr)) {
    if (!dense.getElementType().isF32())
      return std::nullopt;
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto res = dyn_cast_or_null<DenseF32ResourceElementsAttr>(attr)) {
    auto data = res.tryGetAsArrayRef();
    if (!data)
      return std::nullopt;
    return std::vector<float>(data->begin(), data->end());
  }
  return std::nullopt;
}

std::optional<std::vector<int64_t>> getIntValues(Attribute attr) {
  auto shaped = dyn_cast_or_null<TypedAttr>(attr);
  if (!shaped)
    return std::nullopt;
  Type element = getElementTypeOrSelf(shaped.getType());
  bool isSigned = true;
  if (auto q = dyn_cast<quant::QuantizedType>(element)) {
    isSigned = q.isSigned();
    element = q.getStorageType();
  }
  auto intType = dyn_cast<IntegerType>(element);
  if (!intType)
    return std::nullopt;
  isSigned &= !intType.isUnsigned() && intType.getWidth() > 1;
  unsigned width = intType.getWidth();
  auto extend = [&](const APInt &v) {
    return isSigned ? v.getSExtValue() : (int64_t)v.getZExtValue();
  };
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (dense.getElementType() != element)
      return std::nullopt;
    std::vector<int64_t> out;
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(extend(v));
    return out;
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    // Little-endian elements of whole bytes (i1: one byte each).
    ArrayRef<char> data = blob->getData();
    size_t bytes = (width + 7) / 8;
    int64_t count = res.getType().getNumElements();
    if (data.size() != bytes * count)
      return std::nullopt;
    std::vector<int64_t> out;
    for (int64_t i = 0; i < count; ++i) {
      uint64_t raw = 0;
      for (size_t b = 0; b < bytes; ++b)
        raw |= uint64_t((unsigned char)data[i * bytes + b]) << (8 * b);
      out.push_back(extend(APInt(bytes * 8, raw)));
    }
    return out;
  }
  return std::nullopt;
}

std::optional<std::vector<float>> getConstantF32(Value value) {
  auto cst = value.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  return getF32Values(cst.getValue());
}

Value createF32Constant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                        ArrayRef<float> data, StringRef nameHint) {
  auto attr = makeF32Attr(b.getContext(), shape, data, nameHint);
  return arith::ConstantOp::create(b, loc, cast<TypedAttr>(attr));
}

std::vector<float> transposeData(ArrayRef<float> data, ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> perm) {
  size_t rank = shape.size();
  SmallVector<int64_t> inStrides(rank, 1);
  for (int i = (int)rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * shape[i + 1];
  SmallVector<int64_t> outShape = permuteShape(shape, perm);
  std::vector<float> out(data.size());
  SmallVector<int64_t> idx(rank, 0);
  for (size_t o = 0; o < out.size(); ++o) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d)
      src += idx[d] * inStrides[perm[d]];
    out[o] = data[src];
    for (int d = (int)rank - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

} // namespace edgec
