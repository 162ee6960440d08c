//===- InPlace.cpp - element-wise kernels reuse a dying input -------------===//
#include "ir/Views.h"
#include "ir/ElementTypes.h"
#include "passes/Passes.h"
#include "targets/KernelTable.h"

#include "llvm/ADT/DenseMap.h"

namespace edgec {
#define GEN_PASS_DEF_INPLACE
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// Pixels (of C floats) by which a depthwise conv's output must start
/// before its input in one buffer so that no output pixel is written where
/// that pixel or a later one still reads: the kernel accumulates into each
/// output pixel while it reads, in raster order. Checked pixel by pixel.
int64_t overlapDistance(kernel::Conv2DOp conv) {
  auto x = cast<MemRefType>(conv.getInput().getType()).getShape();
  auto y = cast<MemRefType>(conv.getOutput().getType()).getShape();
  auto k = conv.getFilterShapeHWIO();
  auto s = conv.getStrides(), d = conv.getDilations(), pads = conv.getPads();
  int64_t outPixels = y[0] * y[1] * y[2];
  // The first input pixel each output pixel reads (none: past the end).
  std::vector<int64_t> firstRead(outPixels, x[0] * x[1] * x[2]);
  for (int64_t n = 0, p = 0; n < y[0]; ++n)
    for (int64_t oy = 0; oy < y[1]; ++oy)
      for (int64_t ox = 0; ox < y[2]; ++ox, ++p)
        for (int64_t ky = 0; ky < k[0]; ++ky)
          for (int64_t kx = 0; kx < k[1]; ++kx) {
            int64_t iy = oy * s[0] - pads[0] + ky * d[0];
            int64_t ix = ox * s[1] - pads[1] + kx * d[1];
            if (iy >= 0 && iy < x[1] && ix >= 0 && ix < x[2])
              firstRead[p] = std::min(firstRead[p], (n * x[1] + iy) * x[2] + ix);
          }
  // Output pixel p lands at p; its input pixel i at distance + i. Every
  // read of pixel p or later must come after p.
  int64_t distance = 0, later = std::numeric_limits<int64_t>::max();
  for (int64_t p = outPixels - 1; p >= 0; --p) {
    later = std::min(later, firstRead[p]);
    distance = std::max(distance, p - later + 1);
  }
  return distance;
}

/// Moves every access of `root` (through views) to `into` at element
/// offset `base`, and erases the old buffer and its views.
void moveBuffer(Value root, Value into, int64_t base) {
  SmallVector<BufferAccess> accesses;
  SmallVector<Operation *> views;
  collectAccesses(root, accesses, &views);
  for (const BufferAccess &a : accesses) {
    Value v = a.use->get();
    auto [strides, offset] = getLayout(v);
    OpBuilder b(a.use->getOwner());
    a.use->set(createView(b, a.use->getOwner()->getLoc(), into,
                          cast<MemRefType>(v.getType()).getShape(), strides,
                          offset + base));
  }
  for (Operation *view : llvm::reverse(views))
    if (view->use_empty())
      view->erase();
  if (root.use_empty())
    root.getDefiningOp()->erase();
}

struct InPlacePass : edgec::impl::InPlaceBase<InPlacePass> {
  /// The schedule: kernel calls in order.
  DenseMap<Operation *, int64_t> position;

  /// `buffer` is written by `op` only and read after it.
  bool writtenOnlyBy(Value buffer, Operation *op) {
    SmallVector<BufferAccess> accesses;
    return collectAccesses(buffer, accesses) &&
           llvm::none_of(accesses, [&](const BufferAccess &a) {
             return a.use->getOwner() != op &&
                    (a.writes || position[a.use->getOwner()] < position[op]);
           });
  }

  /// The position of the last kernel that touches `root` (through views);
  /// INT64_MAX when its accesses cannot be followed.
  int64_t lastAccess(Value root) {
    SmallVector<BufferAccess> accesses;
    if (!collectAccesses(root, accesses))
      return std::numeric_limits<int64_t>::max();
    int64_t last = -1;
    for (const BufferAccess &a : accesses)
      last = std::max(last, position.lookup(a.use->getOwner()));
    return last;
  }

  /// lastAccess of the buffers merged so far, kept as chains of in-place
  /// kernels grow one buffer (so each query does not walk the whole chain).
  DenseMap<Value, int64_t> lastAccessOf;

  /// Nothing touches `root` after `op`.
  bool diesAt(Value root, Operation *op) {
    auto [it, inserted] = lastAccessOf.try_emplace(root, 0);
    if (inserted)
      it->second = lastAccess(root);
    return it->second <= position[op];
  }

  /// An int8 output of another scale than its dying input takes the
  /// input's bytes: both become views of one raw buffer (`memref.view` at
  /// byte 0), each with its own element type. Needs the input to be its
  /// whole buffer and both to have one shape and element size.
  bool shareBytes(Value in, Value out, memref::AllocOp outAlloc) {
    auto inAlloc = in.getDefiningOp<memref::AllocOp>();
    auto inType = cast<MemRefType>(in.getType());
    auto outType = cast<MemRefType>(out.getType());
    if (!inAlloc || inType.getShape() != outType.getShape() ||
        !inType.getLayout().isIdentity() ||
        elementBytes(inType.getElementType()) !=
            elementBytes(outType.getElementType()))
      return false;
    OpBuilder b(inAlloc);
    Location loc = inAlloc.getLoc();
    Value raw = memref::AllocOp::create(
        b, loc, MemRefType::get({byteSize(inType)}, b.getI8Type()));
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value asIn = memref::ViewOp::create(b, loc, inType, raw, zero, ValueRange{});
    Value asOut =
        memref::ViewOp::create(b, loc, outType, raw, zero, ValueRange{});
    inAlloc.getResult().replaceAllUsesWith(asIn);
    outAlloc.getResult().replaceAllUsesWith(asOut);
    inAlloc.erase();
    outAlloc.erase();
    return true;
  }

  /// A depthwise conv whose input dies there may share one buffer with its
  /// output, the output starting `overlapDistance` pixels before the input,
  /// when its kernel computes each output pixel before writing it, in
  /// raster order (the kernel table says which do).
  /// The shared buffer lives as long as both did, a little larger than
  /// either, so it is used only where it lowers the peak of live bytes.
  bool overlapDepthwise(kernel::Conv2DOp conv) {
    Value in = conv.getInput(), out = conv.getOutput();
    auto inAlloc = in.getDefiningOp<memref::AllocOp>();
    auto outAlloc = out.getDefiningOp<memref::AllocOp>();
    const KernelEntry *kernel = selectedKernel(conv);
    if (!kernel || !kernel->rasterInPlace || !conv.isDepthwise() ||
        conv.isMapped() ||
        !inAlloc || !outAlloc || !isContiguous(in) || !isContiguous(out) ||
        !diesAt(in, conv) || !writtenOnlyBy(out, conv))
      return false;
    auto inType = cast<MemRefType>(in.getType());
    auto outType = cast<MemRefType>(out.getType());
    int64_t channels = inType.getDimSize(3);
    // One buffer holds one element type (an int8 output keeps its own scale).
    if (outType.getDimSize(3) != channels ||
        outType.getElementType() != inType.getElementType())
      return false;
    int64_t base = overlapDistance(conv) * channels;
    int64_t size = std::max(base + inType.getNumElements(),
                            outType.getNumElements());
    if (size >= inType.getNumElements() + outType.getNumElements())
      return false;
    // The peak of live bytes with the two buffers replaced by the shared one.
    auto inRange = liveRange(in, position), outRange = liveRange(out, position);
    if (!inRange || !outRange)
      return false;
    Block &body = getOperation().getBody().front();
    LiveRange both{std::min(inRange->first, outRange->first),
                   std::max(inRange->last, outRange->last),
                   size * elementBytes(inType.getElementType())};
    if (peakLiveBytes(body, position, {in, out}, both) >=
        peakLiveBytes(body, position))
      return false;
    OpBuilder b(inAlloc);
    Value shared = memref::AllocOp::create(
        b, inAlloc.getLoc(), MemRefType::get({size}, inType.getElementType()));
    moveBuffer(in, shared, base);
    moveBuffer(out, shared, 0);
    return true;
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    int64_t n = 0;
    for (Operation &op : body)
      if (isa<kernel::KernelDialect>(op.getDialect()))
        position[&op] = n++;

    for (Operation &op : llvm::make_early_inc_range(body)) {
      if (!isa<kernel::BinaryOp, kernel::UnaryOp, kernel::ClampOp,
               kernel::LookupOp, kernel::RequantizeOp>(op))
        continue;
      Value out = cast<DestinationStyleOpInterface>(&op).getDpsInits()[0];
      auto outAlloc = out.getDefiningOp<memref::AllocOp>();
      if (!outAlloc || !writtenOnlyBy(out, &op))
        continue;
      for (Value in : cast<DestinationStyleOpInterface>(&op).getDpsInputs()) {
        Value root = rootBuffer(in);
        if (!root.getDefiningOp<memref::AllocOp>() || !diesAt(root, &op))
          continue;
        if (in.getType() == out.getType()) {
          int64_t outLast = lastAccess(out);
          out.replaceAllUsesWith(in);
          outAlloc.erase();
          int64_t &rootLast = lastAccessOf[root];
          rootLast = std::max(rootLast, outLast);
          break;
        }
        if (shareBytes(in, out, outAlloc)) {
          lastAccessOf.erase(root);
          break;
        }
      }
    }
    // After the element-wise ones, whose buffers must still be allocs; one
    // at a time while one lowers the peak.
    bool changed = true;
    while (changed) {
      changed = false;
      lastAccessOf.clear(); // buffers moved: recompute
      for (auto conv : body.getOps<kernel::Conv2DOp>())
        if (overlapDepthwise(conv)) {
          changed = true;
          break;
        }
    }
  }
};

} // namespace
