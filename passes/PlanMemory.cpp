//===- PlanMemory.cpp - static placement of buffers in one arena ----------===//
//
// The schedule is the order of ops in the function body. A buffer is live
// from the first op that touches it (directly or through a view) to the last
// one. Buffers are placed by decreasing size at the lowest offset that does
// not overlap a placed buffer whose live range intersects its own.
//
//===----------------------------------------------------------------------===//
#include "ir/Views.h"
#include "passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace edgec {
#define GEN_PASS_DEF_PLANMEMORY
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;  // exact size
  int64_t padded = 0; // size rounded up to the alignment
  int64_t first = 0, last = 0;
  int64_t offset = -1;
};

/// Extends `buf`'s live range over every user of `v` and of views of `v`.
void extendOverUses(Value v, Buffer &buf,
                    const DenseMap<Operation *, int64_t> &step) {
  for (Operation *user : v.getUsers()) {
    if (isViewOp(user)) {
      extendOverUses(user->getResult(0), buf, step);
      continue;
    }
    auto it = step.find(user);
    if (it == step.end())
      continue;
    buf.first = std::min(buf.first, it->second);
    buf.last = std::max(buf.last, it->second);
  }
}

int64_t alignTo(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

bool livesOverlap(const Buffer &a, const Buffer &b) {
  return a.first <= b.last && b.first <= a.last;
}

struct PlanMemoryPass : edgec::impl::PlanMemoryBase<PlanMemoryPass> {
  using PlanMemoryBase::PlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    DenseMap<Operation *, int64_t> step;
    int64_t n = 0;
    for (Operation &op : body)
      if (!isViewOp(&op) && !isa<memref::AllocOp>(op))
        step[&op] = n++;

    std::vector<Buffer> buffers;
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      Buffer buf;
      buf.alloc = alloc;
      MemRefType type = alloc.getType();
      buf.bytes = type.getNumElements() * type.getElementTypeBitWidth() / 8;
      buf.padded = alignTo(buf.bytes, alignment);
      buf.first = n;
      buf.last = -1;
      extendOverUses(alloc.getResult(), buf, step);
      if (buf.last < 0) // never used: keep it out of the way
        buf.first = buf.last = 0;
      buffers.push_back(buf);
    }

    // Lower bound: the most bytes live at any one step.
    int64_t lowerBound = 0;
    for (int64_t s = 0; s < n; ++s) {
      int64_t live = 0;
      for (const Buffer &b : buffers)
        if (b.first <= s && s <= b.last)
          live += b.bytes;
      lowerBound = std::max(lowerBound, live);
    }

    // Greedy by size: each buffer at the lowest gap among the placed buffers
    // it is live with.
    std::vector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
    std::stable_sort(order.begin(), order.end(), [](Buffer *a, Buffer *b) {
      return a->padded > b->padded;
    });
    int64_t arenaSize = 0;
    std::vector<Buffer *> placed;
    for (Buffer *buf : order) {
      std::vector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *p : placed)
        if (livesOverlap(*p, *buf))
          busy.push_back({p->offset, p->offset + p->padded});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + buf->padded <= lo)
          break;
        offset = std::max(offset, hi);
      }
      buf->offset = offset;
      arenaSize = std::max(arenaSize, offset + buf->padded);
      placed.push_back(buf);
    }

    // Rewrite: every alloc becomes a view of the trailing arena argument.
    OpBuilder b(func.getContext());
    auto arenaType = MemRefType::get({arenaSize}, b.getI8Type());
    unsigned arenaIndex = func.getNumArguments();
    if (failed(func.insertArgument(
            arenaIndex, arenaType,
            b.getDictionaryAttr(b.getNamedAttr("edgec.arena", b.getUnitAttr())),
            func.getLoc())))
      return signalPassFailure();
    BlockArgument arena = body.getArgument(arenaIndex);
    for (Buffer &buf : buffers) {
      b.setInsertionPoint(buf.alloc);
      Value shift = arith::ConstantIndexOp::create(b, buf.alloc.getLoc(),
                                                   buf.offset);
      Value view = memref::ViewOp::create(b, buf.alloc.getLoc(),
                                          buf.alloc.getType(), arena, shift,
                                          ValueRange{});
      buf.alloc.getResult().replaceAllUsesWith(view);
      buf.alloc.erase();
    }
    func->setAttr("edgec.arena_size", b.getI64IntegerAttr(arenaSize));
    func->setAttr("edgec.arena_lower_bound", b.getI64IntegerAttr(lowerBound));
  }
};

} // namespace
