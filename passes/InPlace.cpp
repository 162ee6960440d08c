//===- InPlace.cpp - element-wise kernels reuse a dying input -------------===//
#include "ir/Views.h"
#include "passes/Passes.h"

#include "llvm/ADT/DenseMap.h"

namespace edgec {
#define GEN_PASS_DEF_INPLACE
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct InPlacePass : edgec::impl::InPlaceBase<InPlacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    int64_t n = 0;
    for (Operation &op : body)
      position[&op] = n++;

    for (Operation &op : llvm::make_early_inc_range(body)) {
      if (!isa<kernel::BinaryOp, kernel::UnaryOp, kernel::ClampOp>(op))
        continue;
      Value out = op.getOperands().back();
      auto outAlloc = out.getDefiningOp<memref::AllocOp>();
      if (!outAlloc)
        continue;
      // The output is written by this kernel only, and read after it.
      SmallVector<BufferAccess> outAccesses;
      if (!collectAccesses(out, outAccesses) ||
          llvm::any_of(outAccesses, [&](const BufferAccess &a) {
            return a.use->getOwner() != &op &&
                   (a.writes || position[a.use->getOwner()] < position[&op]);
          }))
        continue;
      for (Value in : op.getOperands().drop_back()) {
        Value root = rootBuffer(in);
        if (in.getType() != out.getType() || !root.getDefiningOp<memref::AllocOp>())
          continue;
        // The input's buffer is used for the last time here.
        SmallVector<BufferAccess> inAccesses;
        if (!collectAccesses(root, inAccesses) ||
            llvm::any_of(inAccesses, [&](const BufferAccess &a) {
              return position[a.use->getOwner()] > position[&op];
            }))
          continue;
        out.replaceAllUsesWith(in);
        outAlloc.erase();
        break;
      }
    }
  }
};

} // namespace
