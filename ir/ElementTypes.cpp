//===- ElementTypes.cpp - bytes and storage of element types --------------===//
#include "ir/ElementTypes.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;

namespace edgec {

Type storageType(Type elementType) {
  if (auto q = dyn_cast<quant::QuantizedType>(elementType))
    return q.getStorageType();
  return elementType;
}

int64_t elementBytes(Type elementType) {
  Type storage = storageType(elementType);
  if (storage.isIndex())
    return 8;
  if (storage.isIntOrFloat())
    return (storage.getIntOrFloatBitWidth() + 7) / 8;
  return 0;
}

int64_t byteSize(ShapedType type) {
  return type.getNumElements() * elementBytes(type.getElementType());
}

int64_t byteSize(Value value) {
  auto type = dyn_cast<ShapedType>(value.getType());
  return type && type.hasStaticShape() ? byteSize(type) : 0;
}

} // namespace edgec
