//===- Schedule.cpp - memory-aware reordering of nn ops -------------------===//
//
// On branchy graphs (Inception, Fire, DenseNet, ShuffleNet, residuals) the
// order in which independent branches run changes how many tensors are live
// at once. This pass estimates live bytes per op (results are live from
// their producer to their last consumer; reshapes alias their input; graph
// inputs, constants and outputs live outside the arena) and schedules
// greedily.
//
//===----------------------------------------------------------------------===//
#include "passes/Passes.h"

#include "llvm/ADT/DenseMap.h"

namespace edgec {
#define GEN_PASS_DEF_SCHEDULE
#include "passes/Passes.h.inc"
} // namespace edgec

using namespace mlir;
using namespace edgec;

namespace {

struct Graph {
  std::vector<Operation *> ops;              // schedulable ops, original order
  DenseMap<Operation *, int> index;
  std::vector<std::vector<int>> preds, succs; // op dependencies
  std::vector<int64_t> bytes;                 // bytes an op's result adds
  /// For each op, the buffers (by owner op) it keeps alive.
  std::vector<std::vector<int>> reads;
  /// The op whose buffer an op writes: itself, or the concatenation its
  /// result feeds only (its producers write their slice of that buffer).
  std::vector<int> owner;
  std::vector<bool> isOutput;
};

int64_t tensorBytes(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t ? t.getNumElements() * 4 : 0;
}

/// The op whose buffer `v` lives in (reshapes share their input's).
Operation *storageOwner(Value v) {
  Operation *def = v.getDefiningOp();
  while (auto r = dyn_cast_or_null<nn::ReshapeOp>(def))
    def = r.getInput().getDefiningOp();
  return def;
}

Graph buildGraph(Block &body) {
  Graph g;
  for (Operation &op : body)
    if (isa<nn::NNDialect>(op.getDialect())) {
      g.index[&op] = g.ops.size();
      g.ops.push_back(&op);
    }
  size_t n = g.ops.size();
  g.preds.resize(n);
  g.succs.resize(n);
  g.reads.resize(n);
  g.bytes.assign(n, 0);
  g.isOutput.assign(n, false);
  g.owner.resize(n);
  for (size_t i = 0; i < n; ++i) {
    int o = i;
    // Follow single-use chains into concatenations.
    while (g.ops[o]->hasOneUse() && isa<nn::ConcatOp>(*g.ops[o]->user_begin()))
      o = g.index[*g.ops[o]->user_begin()];
    g.owner[i] = o;
  }
  for (size_t i = 0; i < n; ++i) {
    Operation *op = g.ops[i];
    if (!isa<nn::ReshapeOp>(op) && g.owner[i] == (int)i)
      for (Value r : op->getResults())
        g.bytes[i] += tensorBytes(r);
    for (Value in : op->getOperands()) {
      if (Operation *def = in.getDefiningOp(); def && g.index.count(def)) {
        g.preds[i].push_back(g.index[def]);
        g.succs[g.index[def]].push_back(i);
      }
      if (Operation *owner = storageOwner(in); owner && g.index.count(owner))
        if (int o = g.owner[g.index[owner]]; o != (int)i)
          g.reads[i].push_back(o);
    }
    for (Operation *user : op->getUsers())
      if (isa<func::ReturnOp>(user))
        if (Operation *owner = storageOwner(op->getResult(0));
            owner && g.index.count(owner))
          g.isOutput[g.owner[g.index[owner]]] = true;
  }
  return g;
}

/// The peak of live bytes when the ops run in `order`.
int64_t peakOf(const Graph &g, ArrayRef<int> order) {
  size_t n = g.ops.size();
  std::vector<int> remaining(n, 0), position(n, 0);
  for (size_t i = 0; i < n; ++i)
    for (int owner : g.reads[i])
      ++remaining[owner];
  int64_t live = 0, peak = 0;
  std::vector<bool> allocated(n, false);
  for (int i : order) {
    int o = g.owner[i];
    if (!allocated[o] && !g.isOutput[o])
      live += g.bytes[o];
    allocated[o] = true;
    peak = std::max(peak, live);
    for (int owner : g.reads[i])
      if (--remaining[owner] == 0 && !g.isOutput[owner])
        live -= g.bytes[owner];
  }
  return peak;
}

/// Greedy list scheduling by live bytes while an op runs.
std::vector<int> greedyOrder(const Graph &g) {
  size_t n = g.ops.size();
  std::vector<int> missing(n), remaining(n, 0), order;
  for (size_t i = 0; i < n; ++i) {
    missing[i] = g.preds[i].size();
    for (int owner : g.reads[i])
      ++remaining[owner];
  }
  std::vector<bool> done(n, false), allocated(n, false);
  int64_t live = 0;
  for (size_t step = 0; step < n; ++step) {
    int best = -1;
    int64_t bestRun = 0, bestFreed = 0;
    for (size_t i = 0; i < n; ++i) {
      if (done[i] || missing[i] != 0)
        continue;
      int o = g.owner[i];
      int64_t run = live + (allocated[o] || g.isOutput[o] ? 0 : g.bytes[o]);
      int64_t freed = 0;
      for (int owner : g.reads[i])
        if (remaining[owner] == 1 && !g.isOutput[owner])
          freed += g.bytes[owner];
      if (best < 0 || run - freed < bestRun - bestFreed ||
          (run - freed == bestRun - bestFreed && run < bestRun)) {
        best = i;
        bestRun = run;
        bestFreed = freed;
      }
    }
    done[best] = true;
    allocated[g.owner[best]] = true;
    order.push_back(best);
    live = bestRun;
    for (int owner : g.reads[best])
      if (--remaining[owner] == 0 && !g.isOutput[owner])
        live -= g.bytes[owner];
    for (int s : g.succs[best])
      --missing[s];
  }
  return order;
}

struct SchedulePass : edgec::impl::ScheduleBase<SchedulePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    Graph g = buildGraph(body);
    if (g.ops.size() < 3)
      return;
    std::vector<int> original(g.ops.size());
    for (size_t i = 0; i < original.size(); ++i)
      original[i] = i;
    std::vector<int> order = greedyOrder(g);
    if (peakOf(g, order) >= peakOf(g, original))
      return;
    // Constants stay where they are (first); ops move before the return in
    // the new order, which respects every dependency.
    Operation *terminator = body.getTerminator();
    for (int i : order)
      g.ops[i]->moveBefore(terminator);
  }
};

} // namespace
