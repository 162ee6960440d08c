//===- Views.cpp - memref views over one buffer ---------------------------===//
#include "ir/Views.h"

#include "ir/ElementTypes.h"
#include "ir/KernelDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

namespace edgec {

SmallVector<int64_t> contiguousStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int i = (int)shape.size() - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

MemRefType stridedType(Type elementType, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> strides, int64_t offset) {
  if (offset == 0 && ArrayRef<int64_t>(contiguousStrides(shape)) == strides)
    return MemRefType::get(shape, elementType);
  auto layout =
      StridedLayoutAttr::get(elementType.getContext(), offset, strides);
  return MemRefType::get(shape, elementType, layout);
}

std::pair<SmallVector<int64_t>, int64_t> getLayout(Value memref) {
  return cast<MemRefType>(memref.getType()).getStridesAndOffset();
}

Value createView(OpBuilder &b, Location loc, Value source,
                 ArrayRef<int64_t> shape, ArrayRef<int64_t> strides,
                 int64_t offset) {
  auto type = stridedType(cast<MemRefType>(source.getType()).getElementType(),
                          shape, strides, offset);
  if (type == source.getType())
    return source;
  return memref::ReinterpretCastOp::create(b, loc, type, source, offset, shape,
                                           strides);
}

Value expandRank(OpBuilder &b, Location loc, Value source, int64_t rank) {
  auto type = cast<MemRefType>(source.getType());
  if (type.getRank() == rank)
    return source;
  auto [strides, offset] = getLayout(source);
  SmallVector<int64_t> shape(rank - type.getRank(), 1);
  SmallVector<int64_t> newStrides(rank - type.getRank(),
                                  type.getNumElements());
  llvm::append_range(shape, type.getShape());
  llvm::append_range(newStrides, strides);
  return createView(b, loc, source, shape, newStrides, offset);
}

/// A `memref.view` at byte 0 of a buffer (not of the arena argument): the
/// same bytes seen with another element type.
static bool isRetypingView(Operation *op) {
  auto view = dyn_cast<memref::ViewOp>(op);
  if (!view || isa<BlockArgument>(view.getSource()))
    return false;
  auto shift = getConstantIntValue(view.getByteShift());
  return shift && *shift == 0;
}

bool isViewOp(Operation *op) {
  return isa<memref::ReinterpretCastOp, memref::SubViewOp,
             memref::TransposeOp, memref::ExpandShapeOp,
             memref::CollapseShapeOp, memref::CastOp>(op) ||
         isRetypingView(op);
}

Value rootBuffer(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (!isViewOp(def))
      break;
    v = def->getOperand(0);
  }
  return v;
}

bool isContiguous(Value v) {
  return cast<MemRefType>(v.getType()).getLayout().isIdentity();
}

bool collectAccesses(Value v, SmallVectorImpl<BufferAccess> &out,
                     SmallVectorImpl<Operation *> *views) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isViewOp(user)) {
      if (!isa<memref::ReinterpretCastOp, memref::ViewOp>(user))
        return false;
      if (views)
        views->push_back(user);
      if (!collectAccesses(user->getResult(0), out, views))
        return false;
      continue;
    }
    if (!isa<kernel::KernelDialect>(user->getDialect()))
      return false;
    out.push_back({&use, cast<DestinationStyleOpInterface>(user).isDpsInit(&use)});
  }
  return true;
}

static void extendOverUses(Value v, LiveRange &range,
                           const DenseMap<Operation *, int64_t> &position) {
  for (Operation *user : v.getUsers()) {
    if (isViewOp(user)) {
      extendOverUses(user->getResult(0), range, position);
      continue;
    }
    auto it = position.find(user);
    if (it == position.end())
      continue;
    range.first = std::min(range.first, it->second);
    range.last = std::max(range.last, it->second);
  }
}

std::optional<LiveRange>
liveRange(Value root, const DenseMap<Operation *, int64_t> &position) {
  LiveRange range{std::numeric_limits<int64_t>::max(), -1, byteSize(root)};
  extendOverUses(root, range, position);
  if (range.last < 0)
    return std::nullopt;
  return range;
}

int64_t peakLiveBytes(Block &block,
                      const DenseMap<Operation *, int64_t> &position,
                      ArrayRef<Value> gone, ArrayRef<LiveRange> added) {
  SmallVector<LiveRange> ranges(added);
  for (auto alloc : block.getOps<memref::AllocOp>())
    if (!llvm::is_contained(gone, alloc.getResult()))
      if (auto range = liveRange(alloc, position))
        ranges.push_back(*range);
  int64_t steps = 0;
  for (const LiveRange &r : ranges)
    steps = std::max(steps, r.last + 1);
  std::vector<int64_t> live(steps, 0);
  for (const LiveRange &r : ranges)
    for (int64_t t = r.first; t <= r.last; ++t)
      live[t] += r.bytes;
  return live.empty() ? 0 : *llvm::max_element(live);
}

} // namespace edgec
