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
  // A channel table is relative to the operand: a view would change it.
  if (auto conv = dyn_cast<kernel::Conv2DOp>(op))
    return !conv.isMapped();
  return isa<kernel::Conv2DOp, kernel::QuadraticDWConv2DOp, kernel::Pool2DOp,
             kernel::MatMulOp,
             kernel::BinaryOp, kernel::UnaryOp, kernel::ClampOp,
             kernel::CopyOp, kernel::PadOp, kernel::LRNOp, kernel::QuantizeOp,
             kernel::DequantizeOp, kernel::RequantizeOp, kernel::LookupOp>(op);
}

/// For a view that covers its root exactly once (a permutation of a
/// mixed-radix split, offset 0), the view index of root element `linear`.
struct Bijection {
  SmallVector<int64_t> order; // view dimensions by decreasing stride
  SmallVector<int64_t> strides;
  SmallVector<int64_t> sizes; // of the view's dimensions

  static std::optional<Bijection> of(Value view, int64_t rootElements) {
    auto type = cast<MemRefType>(view.getType());
    SmallVector<int64_t> strides;
    int64_t offset;
    std::tie(strides, offset) = getLayout(view);
    if (offset != 0 || type.getNumElements() != rootElements)
      return std::nullopt;
    Bijection b;
    b.strides = strides;
    b.sizes.assign(type.getShape().begin(), type.getShape().end());
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
struct ThroughCopy {
  const Bijection &side;
  SmallVector<int64_t> strides;
  int64_t offset;

  ThroughCopy(const Bijection &side, Value other) : side(side) {
    std::tie(strides, offset) = getLayout(other);
  }

  int64_t operator()(int64_t linear) const {
    SmallVector<int64_t, 6> idx(strides.size());
    side.invert(linear, idx);
    int64_t off = offset;
    for (size_t d = 0; d < idx.size(); ++d)
      off += idx[d] * strides[d];
    return off;
  }

  /// The other buffer's offsets of a view (`sizes`, `vStrides`, `vOffset`)
  /// of this side's buffer as one strided view, proven without visiting the
  /// elements: when the view's offset plus every index times its stride
  /// adds up digit by digit in the bijection's mixed radix with no carry,
  /// each copy index is an affine function of the view index. Nothing when
  /// that does not hold (the caller then checks element by element).
  std::optional<std::pair<SmallVector<int64_t>, int64_t>>
  affine(ArrayRef<int64_t> sizes, ArrayRef<int64_t> vStrides,
         int64_t vOffset) const {
    size_t k = side.order.size();
    if (vOffset < 0 || llvm::any_of(vStrides, [](int64_t x) { return x < 0; }))
      return std::nullopt;
    auto digits = [&](int64_t v, SmallVectorImpl<int64_t> &out) {
      out.assign(k, 0);
      for (size_t i = 0; i < k; ++i) {
        int64_t s = side.strides[side.order[i]];
        out[i] = v / s;
        v %= s;
      }
    };
    SmallVector<int64_t> sum, part;
    digits(vOffset, sum);
    // Base offset and strides through the digits, in the other buffer.
    int64_t base = offset;
    for (size_t i = 0; i < k; ++i)
      base += sum[i] * strides[side.order[i]];
    SmallVector<int64_t> outStrides(sizes.size(), 0);
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (sizes[d] <= 1)
        continue;
      digits(vStrides[d], part);
      for (size_t i = 0; i < k; ++i) {
        sum[i] += (sizes[d] - 1) * part[i];
        outStrides[d] += part[i] * strides[side.order[i]];
      }
    }
    // No digit but the top one may reach its radix.
    for (size_t i = 1; i < k; ++i)
      if (sum[i] >= side.sizes[side.order[i]])
        return std::nullopt;
    if (base < 0 || llvm::any_of(outStrides, [](int64_t x) { return x < 0; }))
      return std::nullopt;
    return std::make_pair(outStrides, base);
  }
};

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
planRewrites(ArrayRef<Access> accesses, const ThroughCopy &toD) {
  SmallVector<Rewrite> rewrites;
  for (const Access &a : accesses) {
    Value v = a.use->get();
    auto type = cast<MemRefType>(v.getType());
    SmallVector<int64_t> vStrides;
    int64_t vOffset;
    std::tie(vStrides, vOffset) = getLayout(v);
    auto fit = toD.affine(type.getShape(), vStrides, vOffset);
    if (!fit)
      fit = fitAffine(type.getShape(), [&](ArrayRef<int64_t> idx) {
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

/// The channel table a convolution applies to `use`, if any.
std::optional<ArrayRef<int64_t>> tableOf(OpOperand &use) {
  auto conv = dyn_cast<kernel::Conv2DOp>(use.getOwner());
  if (!conv)
    return std::nullopt;
  if (use.getOperandNumber() == 0)
    return conv.getInputChannels();
  if (conv.isDpsInit(&use))
    return conv.getOutputChannels();
  return std::nullopt;
}

/// The channels of the 4-D buffer `root` that `use` reaches, in the order
/// the kernel sees them, when it reaches whole pixels of it: the view keeps
/// the root's batch and spatial sizes and strides and picks channels
/// (through the kernel's channel table, if it has one).
std::optional<SmallVector<int64_t>> channelsOf(OpOperand &use, Value root) {
  auto rootType = cast<MemRefType>(root.getType());
  auto type = cast<MemRefType>(use.get().getType());
  if (rootType.getRank() != 4 || type.getRank() != 4 ||
      !rootType.getLayout().isIdentity())
    return std::nullopt;
  auto rootStrides = contiguousStrides(rootType.getShape());
  SmallVector<int64_t> strides;
  int64_t offset;
  std::tie(strides, offset) = getLayout(use.get());
  int64_t count = rootType.getDimSize(3);
  for (int d = 0; d < 3; ++d)
    if (type.getDimSize(d) != rootType.getDimSize(d) ||
        (type.getDimSize(d) != 1 && strides[d] != rootStrides[d]))
      return std::nullopt;
  if (offset < 0 || offset >= count)
    return std::nullopt;
  SmallVector<int64_t> channels;
  auto physical = [&](int64_t i) { return offset + i * strides[3]; };
  if (auto table = tableOf(use)) {
    for (int64_t i : *table)
      channels.push_back(physical(i));
  } else {
    for (int64_t i = 0; i < type.getDimSize(3); ++i)
      channels.push_back(physical(i));
  }
  if (llvm::any_of(channels, [&](int64_t c) { return c < 0 || c >= count; }))
    return std::nullopt;
  return channels;
}

/// The step of an increasing arithmetic sequence (1 for one element).
std::optional<int64_t> arithmeticStep(ArrayRef<int64_t> seq) {
  if (seq.size() < 2)
    return 1;
  int64_t step = seq[1] - seq[0];
  if (step <= 0)
    return std::nullopt;
  for (size_t i = 1; i < seq.size(); ++i)
    if (seq[i] - seq[i - 1] != step)
      return std::nullopt;
  return step;
}

/// Whether the kernel `owner` can reach the channels `physical` of a 4-D
/// buffer: a convolution through a view or a channel table, another kernel
/// through a view only, when they form a strided sequence and its C takes
/// any layout.
bool reachesChannels(Operation *owner, ArrayRef<int64_t> physical,
                     std::string &why) {
  if (isa<kernel::Conv2DOp>(owner))
    return true;
  if (!arithmeticStep(physical))
    return (why = "a kernel other than a convolution would need a channel "
                  "table"), false;
  if (!takesAnyLayout(owner))
    return (why = "a kernel using the copy needs a plain layout"), false;
  return true;
}

struct ElideCopiesPass : edgec::impl::ElideCopiesBase<ElideCopiesPass> {
  using ElideCopiesBase::ElideCopiesBase;
  DenseMap<Operation *, int64_t> position;

  int64_t pos(Operation *op) const { return position.lookup(op); }

  /// Eliding a copy removes buffer `removed` and makes `kept` live over both
  /// ranges. True when that does not raise the peak of live bytes over the
  /// model's own buffers: a copy is kept rather than cost arena bytes.
  bool keepsPeak(Value removed, Value kept, std::string &why) {
    if (!keepPeak)
      return true;
    Block &body = getOperation().getBody().front();
    int64_t before = peakLiveBytes(body, position);
    SmallVector<Value> gone{removed};
    SmallVector<LiveRange> grown;
    auto r = liveRange(removed, position), k = liveRange(kept, position);
    // `kept`, if in the arena, grows to cover `removed`'s range too.
    if (r && k && kept.getDefiningOp<memref::AllocOp>()) {
      gone.push_back(kept);
      grown.push_back({std::min(r->first, k->first),
                       std::max(r->last, k->last), k->bytes});
    }
    int64_t after = peakLiveBytes(body, position, gone, grown);
    if (after <= before)
      return true;
    why = "removing it would raise the peak of live bytes from " +
          std::to_string(before) + " to " + std::to_string(after);
    return false;
  }

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
    eraseUnused(aAlloc);
  }

  /// Erases the views and the buffer `alloc` once nothing uses them.
  void eraseUnused(Operation *alloc) {
    Block &body = getOperation().getBody().front();
    bool changed = true;
    while (changed) {
      changed = false;
      for (Operation &op : llvm::make_early_inc_range(body))
        if ((isViewOp(&op) || &op == alloc) && op.use_empty()) {
          if (&op == alloc)
            alloc = nullptr;
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
        planRewrites(otherThan(accesses, copy), ThroughCopy(*srcMap, dst));
    if (!rewrites)
      return (why = "an access of the source is no strided view of the "
                    "destination"), false;
    if (!keepsPeak(aRoot, dRoot, why))
      return false;
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
        planRewrites(otherThan(accesses, copy), ThroughCopy(*dstMap, src));
    if (!rewrites)
      return (why = "a reader of the copy is no strided view of the source"),
             false;
    if (!keepsPeak(aRoot, dRoot, why))
      return false;
    apply(*rewrites, dRoot, copy, aAlloc);
    return true;
  }

  /// copy(channels of A, channels of D), both 4-D buffers of one type,
  /// used by convolutions only (ShuffleNet V2's pass-through half, copied
  /// from one unit's shuffled buffer into the next's): D's channels move
  /// into A. The copied ones are the channels they were copied from; the
  /// others take channels of A that nothing touches any more by the time
  /// they are first written. Convolutions reach D's channels through views
  /// of A where the channels form a strided sequence and through channel
  /// tables otherwise. Copies are tried last to first, so that a buffer's
  /// accesses are remapped only while they are all convolutions.
  bool elideThroughChannels(kernel::CopyOp copy, std::string &why) {
    Value src = copy.getInput(), dst = copy.getOutput();
    Value aRoot = rootBuffer(src), dRoot = rootBuffer(dst);
    auto aAlloc = aRoot.getDefiningOp<memref::AllocOp>();
    auto dAlloc = dRoot.getDefiningOp<memref::AllocOp>();
    if (!aAlloc || !dAlloc || aRoot == dRoot ||
        aRoot.getType() != dRoot.getType())
      return (why = "the buffers differ in shape or are not both the "
                    "model's own"), false;
    auto srcChannels = channelsOf(copy->getOpOperand(0), aRoot);
    auto dstChannels = channelsOf(copy->getOpOperand(1), dRoot);
    if (!srcChannels || !dstChannels)
      return (why = "the copy does not move whole channels"), false;
    SmallVector<Access> aAccesses, dAccesses;
    if (!collectAccesses(aRoot, aAccesses) ||
        !collectAccesses(dRoot, dAccesses))
      return (why = "a buffer is used outside the kernels"), false;

    int64_t count = aAlloc.getType().getDimSize(3);
    // The last step at which each channel of A is touched (-1: never).
    SmallVector<int64_t> lastA(count, -1);
    for (const Access &a : otherThan(aAccesses, copy)) {
      auto channels = channelsOf(*a.use, aRoot);
      if (!channels)
        return (why = "a kernel reaches the source in parts of pixels"), false;
      if (a.writes && pos(a.use->getOwner()) > pos(copy))
        return (why = "the source is written again after the copy"), false;
      for (int64_t c : *channels)
        lastA[c] = std::max(lastA[c], pos(a.use->getOwner()));
    }
    // D's channel -> A's channel; the copied ones first.
    SmallVector<int64_t> toA(count, -1);
    SmallVector<bool> taken(count, false);
    for (auto [d, a] : llvm::zip(*dstChannels, *srcChannels)) {
      toA[d] = a;
      taken[a] = true;
    }
    // The first step at which each other channel of D is touched.
    SmallVector<int64_t> firstD(count, std::numeric_limits<int64_t>::max());
    SmallVector<SmallVector<int64_t>> dChannels;
    for (const Access &a : otherThan(dAccesses, copy)) {
      auto channels = channelsOf(*a.use, dRoot);
      if (!channels)
        return (why = "a kernel reaches the destination in parts of pixels"),
               false;
      for (int64_t c : *channels) {
        // A copied channel may take a new value once both copies of the
        // old one are dead.
        if (a.writes && toA[c] >= 0 &&
            (pos(a.use->getOwner()) < pos(copy) ||
             pos(a.use->getOwner()) <= lastA[toA[c]]))
          return (why = "the copied channels are written while still read"),
                 false;
        firstD[c] = std::min(firstD[c], pos(a.use->getOwner()));
      }
      dChannels.push_back(std::move(*channels));
    }
    SmallVector<int64_t> order;
    for (int64_t d = 0; d < count; ++d)
      if (toA[d] < 0 && firstD[d] != std::numeric_limits<int64_t>::max())
        order.push_back(d);
    llvm::stable_sort(order, [&](int64_t x, int64_t y) {
      return firstD[x] < firstD[y];
    });
    for (int64_t d : order) {
      int64_t a = 0;
      while (a < count && (taken[a] || lastA[a] >= firstD[d]))
        ++a;
      if (a == count)
        return (why = "no channel of the source is free when the "
                      "destination's are written"), false;
      toA[d] = a;
      taken[a] = true;
    }
    SmallVector<SmallVector<int64_t>> remapped;
    for (auto [a, channels] : llvm::zip(otherThan(dAccesses, copy), dChannels)) {
      SmallVector<int64_t> physical;
      for (int64_t c : channels)
        physical.push_back(toA[c]);
      if (!reachesChannels(a.use->getOwner(), physical, why))
        return false;
      remapped.push_back(std::move(physical));
    }

    if (!keepsPeak(dRoot, aRoot, why))
      return false;
    Block &body = getOperation().getBody().front();
    aAlloc->moveBefore(&body, body.begin());
    for (auto [a, physical] : llvm::zip(otherThan(dAccesses, copy), remapped))
      useChannels(*a.use, aRoot, physical);
    copy.erase();
    eraseUnused(dAlloc);
    return true;
  }

  /// copy(view of D, A) where A and D are 4-D buffers over the same pixels
  /// and the copy moves whole channels: channel c of A is channel f(c) of D
  /// at every pixel (ShuffleNet V1's shuffle before the depthwise conv).
  /// A's readers read D through views or channel tables.
  bool elideForwardThroughChannels(kernel::CopyOp copy, std::string &why) {
    Value src = copy.getInput(), dst = copy.getOutput();
    Value aRoot = rootBuffer(dst), dRoot = rootBuffer(src);
    auto aAlloc = aRoot.getDefiningOp<memref::AllocOp>();
    auto aType = cast<MemRefType>(aRoot.getType());
    auto dType = cast<MemRefType>(dRoot.getType());
    if (!aAlloc || aRoot == dRoot || aType.getRank() != 4 ||
        dType.getRank() != 4 || !dType.getLayout().isIdentity() ||
        aType.getShape().drop_back() != dType.getShape().drop_back() ||
        aType.getNumElements() > kMaxCheckedElements)
      return (why = "the buffers are not channels of the same pixels"), false;
    auto dstMap = Bijection::of(dst, aType.getNumElements());
    if (!dstMap)
      return (why = "the destination is only a part of its buffer"), false;
    // Channel c of A is channel f[c] of D, at every pixel.
    int64_t channels = aType.getDimSize(3), dChannels = dType.getDimSize(3);
    ThroughCopy toD(*dstMap, src);
    SmallVector<int64_t> f(channels);
    for (int64_t c = 0; c < channels; ++c)
      f[c] = toD(c);
    for (int64_t e = 0, n = aType.getNumElements(); e < n; ++e) {
      int64_t pixel = e / channels, c = e % channels;
      if (f[c] < 0 || f[c] >= dChannels ||
          toD(e) != pixel * dChannels + f[c])
        return (why = "the copy does not move whole channels"), false;
    }
    SmallVector<Access> accesses, dAccesses;
    if (!collectAccesses(aRoot, accesses) || !collectAccesses(dRoot, dAccesses))
      return (why = "a buffer is used outside the kernels"), false;
    for (const Access &d : dAccesses)
      if (d.writes && pos(d.use->getOwner()) > pos(copy))
        return (why = "the source is overwritten while the copy is still "
                      "read"), false;
    SmallVector<SmallVector<int64_t>> remapped;
    for (const Access &a : otherThan(accesses, copy)) {
      auto read = channelsOf(*a.use, aRoot);
      if (a.writes || pos(a.use->getOwner()) < pos(copy) || !read)
        return (why = "the copy is written by another kernel too, or read in "
                      "parts of pixels"), false;
      SmallVector<int64_t> physical;
      for (int64_t c : *read)
        physical.push_back(f[c]);
      if (!reachesChannels(a.use->getOwner(), physical, why))
        return false;
      remapped.push_back(std::move(physical));
    }
    if (!keepsPeak(aRoot, dRoot, why))
      return false;
    for (auto [a, physical] : llvm::zip(otherThan(accesses, copy), remapped))
      useChannels(*a.use, dRoot, physical);
    copy.erase();
    eraseUnused(aAlloc);
    return true;
  }

  /// Points `use` (a read or a write) at the given channels of the 4-D
  /// buffer `root`: a view when they form a strided sequence, a channel
  /// table otherwise.
  void useChannels(OpOperand &use, Value root, ArrayRef<int64_t> physical) {
    Operation *owner = use.getOwner();
    OpBuilder b(owner);
    auto rootType = cast<MemRefType>(root.getType());
    std::optional<ArrayRef<int64_t>> table;
    Value operand = root;
    if (auto step = arithmeticStep(physical)) {
      SmallVector<int64_t> shape(rootType.getShape());
      shape[3] = physical.size();
      SmallVector<int64_t> strides = contiguousStrides(rootType.getShape());
      strides[3] = *step;
      operand = createView(b, owner->getLoc(), root, shape, strides,
                           physical.front());
    } else {
      table = physical;
    }
    use.set(operand);
    if (auto conv = dyn_cast<kernel::Conv2DOp>(owner)) {
      auto attr = table ? b.getDenseI64ArrayAttr(*table) : nullptr;
      if (use.getOperandNumber() == 0)
        conv.setInputChannelsAttr(attr);
      else
        conv.setOutputChannelsAttr(attr);
    }
  }

  /// Two consecutive copies between the same buffers whose sources and
  /// destinations are adjacent ranges of the innermost dimension become one
  /// (a concatenation copying each part of an earlier one), so that the
  /// copy can cover its source whole.
  void mergeAdjacentCopies() {
    Block &body = getOperation().getBody().front();
    kernel::CopyOp previous;
    for (Operation &op : llvm::make_early_inc_range(body)) {
      if (isViewOp(&op))
        continue;
      auto copy = dyn_cast<kernel::CopyOp>(op);
      if (previous && copy) {
        if (auto merged = merge(previous, copy)) {
          previous.erase();
          copy.erase();
          previous = merged;
          continue;
        }
      }
      previous = copy;
    }
  }

  /// The view covering `a` and then `b` along the innermost dimension.
  static std::optional<std::pair<SmallVector<int64_t>, int64_t>>
  concatenated(Value a, Value b, SmallVectorImpl<int64_t> &shape) {
    auto ta = cast<MemRefType>(a.getType()), tb = cast<MemRefType>(b.getType());
    if (rootBuffer(a) != rootBuffer(b) || ta.getRank() != tb.getRank() ||
        ta.getShape().drop_back() != tb.getShape().drop_back())
      return std::nullopt;
    auto [sa, oa] = getLayout(a);
    auto [sb, ob] = getLayout(b);
    int64_t last = ta.getRank() - 1;
    for (int64_t d = 0; d < last; ++d)
      if (ta.getDimSize(d) != 1 && sa[d] != sb[d])
        return std::nullopt;
    int64_t step = ta.getDimSize(last) == 1 ? sb[last] : sa[last];
    if (tb.getDimSize(last) != 1 && sb[last] != step)
      return std::nullopt;
    if (ob != oa + ta.getDimSize(last) * step)
      return std::nullopt;
    shape.assign(ta.getShape().begin(), ta.getShape().end());
    shape[last] += tb.getDimSize(last);
    SmallVector<int64_t> strides(sa);
    strides[last] = step;
    return std::make_pair(strides, oa);
  }

  kernel::CopyOp merge(kernel::CopyOp first, kernel::CopyOp second) {
    SmallVector<int64_t> srcShape, dstShape;
    auto src = concatenated(first.getInput(), second.getInput(), srcShape);
    auto dst = concatenated(first.getOutput(), second.getOutput(), dstShape);
    if (!src || !dst || srcShape != dstShape)
      return nullptr;
    OpBuilder b(second);
    Location loc = second.getLoc();
    Value in = createView(b, loc, rootBuffer(first.getInput()), srcShape,
                          src->first, src->second);
    Value out = createView(b, loc, rootBuffer(first.getOutput()), dstShape,
                           dst->first, dst->second);
    return kernel::CopyOp::create(b, loc, in, out);
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    bool changed = true;
    while (changed) {
      changed = false;
      if (mergeCopies)
        mergeAdjacentCopies();
      position.clear();
      int64_t n = 0;
      for (Operation &op : body)
        position[&op] = n++;
      auto copies = llvm::to_vector(body.getOps<kernel::CopyOp>());
      SmallVector<std::string> reasons(copies.size());
      for (auto [copy, reason] : llvm::zip(copies, reasons)) {
        std::string backward, forward;
        if (elideBackward(copy, backward) || elideForward(copy, forward)) {
          changed = true;
          break;
        }
        reason = "writing in place: " + backward + "; reading in place: " +
                 forward;
      }
      if (changed)
        continue;
      for (auto [copy, reason] :
           llvm::reverse(llvm::zip(copies, reasons))) {
        std::string channels, forward;
        if (elideThroughChannels(copy, channels) ||
            elideForwardThroughChannels(copy, forward)) {
          changed = true;
          break;
        }
        // Kept: the report tells the user why.
        getContext().getOrLoadDialect<EdgecDialect>()
            ->getCopyReasonAttrHelper()
            .setAttr(copy, StringAttr::get(&getContext(),
                                           reason + "; sharing channels: " +
                                               channels +
                                               "; reading channels: " +
                                               forward));
      }
    }
  }
};

} // namespace
