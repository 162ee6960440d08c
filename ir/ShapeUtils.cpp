//===- ShapeUtils.cpp - shape rules shared by ops and passes --------------===//
#include "ir/ShapeUtils.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace edgec {

int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t dilation, int64_t padBegin, int64_t padEnd) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t padded = in + padBegin + padEnd;
  if (padded < span || stride <= 0)
    return 0;
  return (padded - span) / stride + 1;
}

std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape, size_t rank) {
  SmallVector<int64_t> strides(rank, 0);
  int64_t acc = 1;
  for (int i = (int)shape.size() - 1; i >= 0; --i) {
    strides[rank - shape.size() + i] = shape[i] == 1 ? 0 : acc;
    acc *= shape[i];
  }
  return strides;
}

SmallVector<int64_t> permuteShape(ArrayRef<int64_t> shape,
                                  ArrayRef<int64_t> perm) {
  SmallVector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(shape[p]);
  return out;
}

SmallVector<int64_t> invertPermutation(ArrayRef<int64_t> perm) {
  SmallVector<int64_t> inv(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inv[p] = i;
  return inv;
}

bool isPermutation(ArrayRef<int64_t> perm) {
  SmallVector<bool> seen(perm.size(), false);
  for (int64_t p : perm) {
    if (p < 0 || p >= (int64_t)perm.size() || seen[p])
      return false;
    seen[p] = true;
  }
  return true;
}

bool isLayoutPreservingTranspose(ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> perm) {
  // Dimensions of size > 1 must keep their relative order.
  int64_t last = -1;
  for (int64_t p : perm) {
    if (shape[p] == 1)
      continue;
    if (p < last)
      return false;
    last = p;
  }
  return true;
}

int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t boundedProduct(ArrayRef<int64_t> factors, int64_t limit,
                       int64_t start) {
  assert(limit > 0 && start >= 0 && "limit and start out of range");
  int64_t n = start;
  for (int64_t f : factors) {
    assert(f >= 0 && "negative factor");
    if (f != 0 && n > limit / f)
      return limit + 1;
    n *= f;
  }
  return n > limit ? limit + 1 : n;
}

std::string shapeToString(ArrayRef<int64_t> shape) {
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += 'x';
    s += std::to_string(d);
  }
  return s;
}

} // namespace edgec
