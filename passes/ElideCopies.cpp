//===- ElideCopies.cpp - copies become addressing -------------------------===//
//
// kernel.copy(src, dst) moves the elements of one buffer into (a view of)
// another. When every other access of one side can be re-expressed as a
// strided view of the other, the copy is dropped and those accesses use the
// views: producers write straight into their concat slice or their shuffled
// channel positions (backward), and readers of a split read the source
// (forward). A re-expression is accepted only after checking, element by
// element, that it is an affine map over the access's whole box.
//
//===----------------------------------------------------------------------===//
#include "ir/ShapeUtils.h"
#include "ir/Views.h"
#include "passes/Passes.h"

#include "llvm/ADT/DenseMap.h"

#include <functional>

namespace edgec {
#define GEN_PASS_DEF_ELIDECOPIES
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

/// Accesses are checked element by element; beyond this many elements a
/// copy is kept rather than spend the compile time.
constexpr int64_t kMaxCheckedElements = int64_t(1) << 24;

using Access = BufferAccess;

/// Kernels whose C implementation takes any strided layout for every
/// operand, so a view may replace a plain buffer.
bool takesAnyLayout(Operation *op) {
  return isa<kernel::Conv2DOp, kernel::QuadraticDWConv2DOp, kernel::Pool2DOp,
             kernel::MatMulOp,
             kernel::BinaryOp, kernel::UnaryOp, kernel::ClampOp,
             kernel::CopyOp, kernel::PadOp, kernel::LRNOp>(op);
}

/// For a view that covers its root exactly once (a permutation of a
/// mixed-radix split, offset 0), the view index of root element `linear`.
struct Bijection {
  SmallVector<int64_t> order; // view dimensions by decreasing stride
  SmallVector<int64_t> strides;

  static std::optional<Bijection> of(Value view, int64_t rootElements) {
    auto type = cast<MemRefType>(view.getType());
    auto [strides, offset] = getLayout(view);
    if (offset != 0 || type.getNumElements() != rootElements)
      return std::nullopt;
    Bijection b;
    b.strides = strides;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.getDimSize(d) != 1)
        b.order.push_back(d);
    llvm::sort(b.order, [&](int64_t x, int64_t y) {
      return strides[x] > strides[y];
    });
    int64_t expect = 1;
    for (int i = (int)b.order.size() - 1; i >= 0; --i) {
      if (strides[b.order[i]] != expect)
        return std::nullopt;
      expect *= type.getDimSize(b.order[i]);
    }
    return b;
  }

  /// Writes the view index of `linear` into idx (size-1 dims get 0).
  void invert(int64_t linear, MutableArrayRef<int64_t> idx) const {
    std::fill(idx.begin(), idx.end(), 0);
    for (int64_t d : order) {
      idx[d] = linear / strides[d];
      linear %= strides[d];
    }
  }
};

/// Fits `map` (index -> element offset) over the box `sizes` as
/// offset + sum(index * strides), checking every element.
std::optional<std::pair<SmallVector<int64_t>, int64_t>>
fitAffine(ArrayRef<int64_t> sizes, function_ref<int64_t(ArrayRef<int64_t>)> map) {
  if (numElements(sizes) > kMaxCheckedElements)
    return std::nullopt;
  size_t rank = sizes.size();
  SmallVector<int64_t> idx(rank, 0), strides(rank, 0);
  int64_t base = map(idx);
  for (size_t d = 0; d < rank; ++d) {
    if (sizes[d] <= 1)
      continue;
    idx[d] = 1;
    strides[d] = map(idx) - base;
    idx[d] = 0;
    if (strides[d] < 0)
      return std::nullopt;
  }
  if (base < 0)
    return std::nullopt;
  for (int64_t e = 0, n = numElements(sizes); e < n; ++e) {
    int64_t expect = base;
    for (size_t d = 0; d < rank; ++d)
      expect += idx[d] * strides[d];
    if (map(idx) != expect)
      return std::nullopt;
    for (int d = (int)rank - 1; d >= 0; --d) {
      if (++idx[d] < sizes[d])
        break;
      idx[d] = 0;
    }
  }
  return std::make_pair(strides, base);
}

/// The element offset, in the other buffer of a copy, of element `linear`
/// of a buffer the copy sees through `side` (a bijection): the copy index of
/// that element, applied to the other side's strides and offset.
std::function<int64_t(int64_t)> throughCopy(const Bijection &side,
                                            Value other) {
  auto [strides, offset] = getLayout(other);
  return [&side, strides = std::move(strides), offset = offset](int64_t linear) {
    SmallVector<int64_t> idx(strides.size());
    side.invert(linear, idx);
    int64_t off = offset;
    for (size_t d = 0; d < idx.size(); ++d)
      off += idx[d] * strides[d];
    return off;
  };
}

/// The accesses other than `copy`'s own.
SmallVector<Access> otherThan(ArrayRef<Access> accesses, Operation *copy) {
  SmallVector<Access> others;
  for (const Access &a : accesses)
    if (a.use->getOwner() != copy)
      others.push_back(a);
  return others;
}

struct Rewrite {
  OpOperand *use;
  SmallVector<int64_t> sizes, strides;
  int64_t offset;
};

/// Re-expresses every access of buffer A as a view of root D: an access
/// reaching A's element `linear` reaches D's element `toD(linear)`.
std::optional<SmallVector<Rewrite>>
planRewrites(ArrayRef<Access> accesses,
             function_ref<int64_t(int64_t)> toD) {
  SmallVector<Rewrite> rewrites;
  for (const Access &a : accesses) {
    Value v = a.use->get();
    auto type = cast<MemRefType>(v.getType());
    auto [vStrides, vOffset] = getLayout(v);
    auto fit = fitAffine(type.getShape(), [&](ArrayRef<int64_t> idx) {
      int64_t linear = vOffset;
      for (size_t d = 0; d < idx.size(); ++d)
        linear += idx[d] * vStrides[d];
      return toD(linear);
    });
    if (!fit)
      return std::nullopt;
    rewrites.push_back({a.use, SmallVector<int64_t>(type.getShape()),
                        fit->first, fit->second});
  }
  return rewrites;
}

struct ElideCopiesPass : edgec::impl::ElideCopiesBase<ElideCopiesPass> {
  DenseMap<Operation *, int64_t> position;

  int64_t pos(Operation *op) const { return position.lookup(op); }

  /// All accesses of a buffer and whether every one may take a view.
  bool accessesOf(Value root, SmallVectorImpl<Access> &out) {
    if (!collectAccesses(root, out))
      return false;
    return llvm::all_of(out, [](const Access &a) {
      return takesAnyLayout(a.use->getOwner());
    });
  }

  void apply(ArrayRef<Rewrite> rewrites, Value dRoot, kernel::CopyOp copy,
             Operation *aAlloc) {
    // D must dominate every rewritten access: allocs move to the entry.
    Block &body = getOperation().getBody().front();
    if (auto alloc = dRoot.getDefiningOp<memref::AllocOp>())
      alloc->moveBefore(&body, body.begin());
    OpBuilder b(copy);
    for (const Rewrite &r : rewrites) {
      b.setInsertionPoint(r.use->getOwner());
      r.use->set(createView(b, r.use->getOwner()->getLoc(), dRoot, r.sizes,
                            r.strides, r.offset));
    }
    copy.erase();
    // Views and the buffer that nothing uses any more.
    bool changed = true;
    while (changed) {
      changed = false;
      for (Operation &op : llvm::make_early_inc_range(body))
        if ((isViewOp(&op) || &op == aAlloc) && op.use_empty()) {
          if (&op == aAlloc)
            aAlloc = nullptr;
          op.erase();
          changed = true;
        }
    }
  }

  /// copy(A, view of D): A's producers and readers use views of D. On
  /// failure `why` says what stops it.
  bool elideBackward(kernel::CopyOp copy, std::string &why) {
    Value src = copy.getInput(), dst = copy.getOutput();
    Value aRoot = rootBuffer(src), dRoot = rootBuffer(dst);
    auto aAlloc = aRoot.getDefiningOp<memref::AllocOp>();
    if (!aAlloc || aRoot == dRoot)
      return (why = "the source is a graph input, a weight or a part of the "
                    "destination"), false;
    int64_t aElems = aAlloc.getType().getNumElements();
    auto srcMap = Bijection::of(src, aElems);
    if (!srcMap)
      return (why = "the source is only a part of its buffer"), false;
    SmallVector<Access> accesses;
    if (!accessesOf(aRoot, accesses))
      return (why = "a kernel using the source needs a plain layout"), false;
    for (const Access &a : accesses)
      if (a.use->getOwner() != copy && a.writes &&
          pos(a.use->getOwner()) > pos(copy))
        return (why = "the source is written again after the copy"), false;
    // Readers of A after the copy read D: nothing but copies may write D
    // after it (the other slices of a concatenation).
    SmallVector<Access> dAccesses;
    if (!collectAccesses(dRoot, dAccesses))
      return false;
    for (const Access &d : dAccesses)
      if (d.writes && d.use->getOwner() != copy &&
          pos(d.use->getOwner()) > pos(copy) &&
          !isa<kernel::CopyOp>(d.use->getOwner()))
        return (why = "the destination is overwritten while the source is "
                      "still read"), false;
    auto rewrites =
        planRewrites(otherThan(accesses, copy), throughCopy(*srcMap, dst));
    if (!rewrites)
      return (why = "an access of the source is no strided view of the "
                    "destination"), false;
    apply(*rewrites, dRoot, copy, aAlloc);
    return true;
  }

  /// copy(view of D, A): A's readers read views of D.
  bool elideForward(kernel::CopyOp copy, std::string &why) {
    Value src = copy.getInput(), dst = copy.getOutput();
    Value aRoot = rootBuffer(dst), dRoot = rootBuffer(src);
    auto aAlloc = aRoot.getDefiningOp<memref::AllocOp>();
    if (!aAlloc || aRoot == dRoot)
      return (why = "the destination is a caller's output or a part of a "
                    "larger buffer"), false;
    auto dstMap = Bijection::of(dst, aAlloc.getType().getNumElements());
    if (!dstMap)
      return (why = "the destination is only a part of its buffer"), false;
    SmallVector<Access> accesses, dAccesses;
    if (!accessesOf(aRoot, accesses) || !collectAccesses(dRoot, dAccesses))
      return (why = "a kernel using the copy needs a plain layout"), false;
    for (const Access &a : accesses)
      if (a.use->getOwner() != copy && (a.writes || pos(a.use->getOwner()) < pos(copy)))
        return (why = "the copy is written by another kernel too"), false;
    for (const Access &d : dAccesses)
      if (d.writes && pos(d.use->getOwner()) > pos(copy))
        return (why = "the source is overwritten while the copy is still "
                      "read"), false;
    auto rewrites =
        planRewrites(otherThan(accesses, copy), throughCopy(*dstMap, src));
    if (!rewrites)
      return (why = "a reader of the copy is no strided view of the source"),
             false;
    apply(*rewrites, dRoot, copy, aAlloc);
    return true;
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    bool changed = true;
    while (changed) {
      changed = false;
      position.clear();
      int64_t n = 0;
      for (Operation &op : body)
        position[&op] = n++;
      for (auto copy : llvm::to_vector(body.getOps<kernel::CopyOp>())) {
        std::string backward, forward;
        if (elideBackward(copy, backward) || elideForward(copy, forward)) {
          changed = true;
          break;
        }
        // Kept: the report tells the user why.
        copy->setAttr("edgec.copy_reason",
                      StringAttr::get(&getContext(),
                                      "writing in place: " + backward +
                                          "; reading in place: " + forward));
      }
    }
  }
};

} // namespace
