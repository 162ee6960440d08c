//===- PlanMemory.cpp - static placement of buffers in one arena ----------===//
//
// The schedule is the order of ops in the function body. A buffer is live
// from the first op that touches it (directly or through a view) to the last
// one. Buffers are placed by decreasing size at the lowest offset that does
// not overlap a placed buffer whose live range intersects its own.
//
//===----------------------------------------------------------------------===//
#include "ir/ElementTypes.h"
#include "ir/Views.h"
#include "passes/Passes.h"
#include "targets/Target.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>

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

int64_t alignTo(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

bool livesOverlap(const Buffer &a, const Buffer &b) {
  return a.first <= b.last && b.first <= a.last;
}

/// Places the buffers one by one in `order`, each at the lowest gap among
/// the already placed buffers it is live with (or, with `bestFit`, at the
/// smallest gap that holds it). Returns the arena size.
int64_t placeInOrder(const std::vector<Buffer> &buffers,
                     const std::vector<size_t> &idx, bool bestFit,
                     std::vector<int64_t> &offsets) {
  offsets.assign(buffers.size(), -1);
  std::vector<size_t> placed;
  int64_t arena = 0;
  for (size_t i : idx) {
    const Buffer &buf = buffers[i];
    std::vector<std::pair<int64_t, int64_t>> busy;
    for (size_t p : placed)
      if (livesOverlap(buffers[p], buf))
        busy.push_back({offsets[p], offsets[p] + buffers[p].padded});
    llvm::sort(busy);
    int64_t best = -1, bestGap = INT64_MAX, cursor = 0;
    for (auto [lo, hi] : busy) {
      if (lo - cursor >= buf.padded) {
        if (!bestFit) {
          best = cursor;
          break;
        }
        if (lo - cursor < bestGap) {
          bestGap = lo - cursor;
          best = cursor;
        }
      }
      cursor = std::max(cursor, hi);
    }
    if (best < 0)
      best = cursor;
    offsets[i] = best;
    arena = std::max(arena, best + buf.padded);
    placed.push_back(i);
  }
  return arena;
}

/// The buffers sorted by `order`.
std::vector<size_t> sortedBy(size_t n,
                             const std::function<bool(size_t, size_t)> &order) {
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; ++i)
    idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), order);
  return idx;
}

struct PlanMemoryPass : edgec::impl::PlanMemoryBase<PlanMemoryPass> {
  using PlanMemoryBase::PlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    EdgecDialect *dialect = getContext().getOrLoadDialect<EdgecDialect>();
    int64_t alignment =
        this->alignment > 0 ? (int64_t)this->alignment
                            : targetOf(func).getAlignment();
    Block &body = func.getBody().front();
    DenseMap<Operation *, int64_t> step;
    int64_t n = 0;
    // The schedule's steps are the kernel calls; nothing else touches a
    // buffer's contents.
    for (Operation &op : body)
      if (isa<kernel::KernelDialect>(op.getDialect()))
        step[&op] = n++;

    std::vector<Buffer> buffers;
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      Buffer buf;
      buf.alloc = alloc;
      MemRefType type = alloc.getType();
      buf.bytes = byteSize(type);
      buf.padded = alignTo(buf.bytes, alignment);
      if (auto range = liveRange(alloc, step)) {
        buf.first = range->first;
        buf.last = range->last;
      } else { // never used: keep it out of the way
        buf.first = buf.last = 0;
      }
      buffers.push_back(buf);
    }

    // Lower bound: the most bytes live at any one step.
    std::vector<int64_t> liveAt(n, 0);
    int64_t lowerBound = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (const Buffer &b : buffers)
        if (b.first <= s && s <= b.last)
          liveAt[s] += b.bytes;
      lowerBound = std::max(lowerBound, liveAt[s]);
    }

    // Several orders and gap choices; keep the smallest arena.
    SmallVector<int64_t> conflicts(buffers.size(), 0);
    for (size_t a = 0; a < buffers.size(); ++a)
      for (size_t b = 0; b < buffers.size(); ++b)
        if (a != b && livesOverlap(buffers[a], buffers[b]))
          conflicts[a] += buffers[b].padded;
    auto bySize = [&](size_t a, size_t b) {
      return buffers[a].padded > buffers[b].padded;
    };
    auto byConflicts = [&](size_t a, size_t b) {
      return conflicts[a] + buffers[a].padded > conflicts[b] + buffers[b].padded;
    };
    auto byStart = [&](size_t a, size_t b) {
      return buffers[a].first < buffers[b].first;
    };
    struct Strategy {
      const char *name;
      std::function<bool(size_t, size_t)> order;
      bool bestFit;
    };
    Strategy strategies[] = {{"first-fit by size", bySize, false},
                             {"best-fit by size", bySize, true},
                             {"first-fit by conflicts", byConflicts, false},
                             {"first-fit by start", byStart, false}};
    int64_t arenaSize = -1;
    std::vector<int64_t> bestOffsets;
    std::string winner;
    std::vector<size_t> bestOrder;
    bool bestFitOfWinner = false;
    for (const Strategy &strategy : strategies) {
      std::vector<int64_t> offsets;
      std::vector<size_t> order = sortedBy(buffers.size(), strategy.order);
      int64_t size = placeInOrder(buffers, order, strategy.bestFit, offsets);
      if (arenaSize < 0 || size < arenaSize) {
        arenaSize = size;
        bestOffsets = offsets;
        bestOrder = order;
        bestFitOfWinner = strategy.bestFit;
        winner = strategy.name;
      }
    }
    // Above the bound, a local search: swap two buffers in the winner's
    // order and keep the swap when the arena does not grow (a fixed
    // pseudo-random sequence, so the output is the same on every run).
    int64_t target = alignTo(lowerBound, alignment);
    size_t count = buffers.size();
    if (arenaSize > target && count > 2) {
      int64_t tries = std::min<int64_t>(4000, 40000000 / int64_t(count * count));
      uint64_t state = 0x9e3779b97f4a7c15ull;
      auto next = [&]() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return state >> 33;
      };
      std::vector<int64_t> offsets;
      bool improved = false;
      for (int64_t t = 0; t < tries && arenaSize > target; ++t) {
        size_t a = next() % count, b = next() % count;
        if (a == b)
          continue;
        std::swap(bestOrder[a], bestOrder[b]);
        int64_t size = placeInOrder(buffers, bestOrder, bestFitOfWinner, offsets);
        if (size <= arenaSize) {
          improved |= size < arenaSize;
          arenaSize = size;
          bestOffsets = offsets;
        } else {
          std::swap(bestOrder[a], bestOrder[b]);
        }
      }
      if (improved)
        winner = "local search from " + winner;
    }
    for (size_t k = 0; k < buffers.size(); ++k)
      buffers[k].offset = bestOffsets[k];

    int64_t noReuse = 0;
    for (const Buffer &b : buffers)
      noReuse += b.bytes;
    OpBuilder attrs(func.getContext());
    for (auto [op, s] : step) {
      dialect->getLiveBytesAttrHelper().setAttr(
          op, attrs.getI64IntegerAttr(liveAt[s]));
      dialect->getStepAttrHelper().setAttr(op, attrs.getI64IntegerAttr(s));
    }

    // Rewrite: every alloc becomes a view of the trailing arena argument.
    OpBuilder b(func.getContext());
    auto arenaType = MemRefType::get({arenaSize}, b.getI8Type());
    unsigned arenaIndex = func.getNumArguments();
    if (failed(func.insertArgument(
            arenaIndex, arenaType,
            b.getDictionaryAttr(b.getNamedAttr(
                EdgecDialect::ArenaAttrHelper::getNameStr(), b.getUnitAttr())),
            func.getLoc())))
      return signalPassFailure();
    BlockArgument arena = body.getArgument(arenaIndex);
    for (Buffer &buf : buffers) {
      b.setInsertionPoint(buf.alloc);
      Value shift = arith::ConstantIndexOp::create(b, buf.alloc.getLoc(),
                                                   buf.offset);
      auto view = memref::ViewOp::create(b, buf.alloc.getLoc(),
                                         buf.alloc.getType(), arena, shift,
                                         ValueRange{});
      // Live range over the schedule, for the memory timeline.
      dialect->getLiveAttrHelper().setAttr(
          view, b.getDenseI64ArrayAttr({buf.first, buf.last}));
      buf.alloc.getResult().replaceAllUsesWith(view);
      buf.alloc.erase();
    }
    dialect->getArenaSizeAttrHelper().setAttr(func,
                                              b.getI64IntegerAttr(arenaSize));
    dialect->getArenaLowerBoundAttrHelper().setAttr(
        func, b.getI64IntegerAttr(lowerBound));
    dialect->getNoReuseBytesAttrHelper().setAttr(func,
                                                 b.getI64IntegerAttr(noReuse));
    dialect->getPlacementAttrHelper().setAttr(func, b.getStringAttr(winner));
    if (budget > 0 && failed(checkArenaBudget(func, budget)))
      return signalPassFailure();
  }
};

} // namespace

LogicalResult edgec::checkArenaBudget(func::FuncOp func, int64_t budget) {
  EdgecDialect *dialect =
      func.getContext()->getOrLoadDialect<EdgecDialect>();
  int64_t arena = dialect->getArenaSizeAttrHelper().getAttr(func).getInt();
  if (arena <= budget)
    return success();
  int64_t bound = dialect->getArenaLowerBoundAttrHelper().getAttr(func).getInt();
  // The first layer at the peak of live bytes.
  Operation *peak = nullptr;
  func.walk([&](Operation *op) {
    auto live = dialect->getLiveBytesAttrHelper().getAttr(op);
    if (!peak && live && live.getInt() == bound)
      peak = op;
  });
  (peak ? peak->emitError() : func.emitError())
      << "the arena needs " << arena << " bytes, over the budget of " << budget
      << " bytes; " << bound << " bytes are live at this layer";
  return failure();
}
