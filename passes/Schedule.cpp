//===- Schedule.cpp - memory-aware reordering of nn ops -------------------===//
//
// On branchy graphs (Inception, Fire, DenseNet, ShuffleNet, residuals) the
// order in which independent branches run changes how many tensors are live
// at once. This pass estimates live bytes per op (results are live from
// their producer to their last consumer; reshapes alias their input; graph
// inputs, constants and outputs live outside the arena) and searches the
// orders: a dynamic program over the sets of ops already run (what is live
// after a set depends on the set only, so the lowest peak reaching each set
// is all that needs keeping). It is exact while no step has more than
// `search-width` distinct sets; beyond that it keeps the best sets of each
// step (a beam). Greedy list scheduling runs too; the lowest peak wins.
//
//===----------------------------------------------------------------------===//
#include "ir/ElementTypes.h"
#include "passes/Passes.h"

#include "llvm/ADT/DenseMap.h"

#include <map>

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
        g.bytes[i] += byteSize(r);
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

/// Readers of each buffer (by owner op), without repeats.
std::vector<std::vector<int>> readersOf(const Graph &g) {
  std::vector<std::vector<int>> readers(g.ops.size());
  for (size_t i = 0; i < g.ops.size(); ++i)
    for (int owner : g.reads[i])
      if (readers[owner].empty() || readers[owner].back() != (int)i)
        readers[owner].push_back(i);
  return readers;
}

struct SearchResult {
  std::vector<int> order;
  bool exact;
  size_t states;
};

/// The search over sets of scheduled ops, one step (one more op) at a time.
SearchResult searchOrder(const Graph &g, size_t width) {
  size_t n = g.ops.size(), words = (n + 63) / 64;
  auto readers = readersOf(g);
  std::vector<std::vector<int>> ownedBy(n);
  for (size_t i = 0; i < n; ++i)
    ownedBy[g.owner[i]].push_back(i);
  struct State {
    std::vector<uint64_t> done;
    int64_t live, peak;
    int parent, op;
  };
  auto has = [](const std::vector<uint64_t> &bits, int i) {
    return (bits[i / 64] >> (i % 64)) & 1;
  };
  std::vector<std::vector<State>> steps(1);
  steps[0].push_back({std::vector<uint64_t>(words, 0), 0, 0, -1, -1});
  SearchResult result{{}, true, 1};
  for (size_t step = 0; step < n; ++step) {
    std::map<std::vector<uint64_t>, int> seen;
    std::vector<State> next;
    const std::vector<State> &current = steps.back();
    for (size_t si = 0; si < current.size(); ++si) {
      const State &s = current[si];
      for (size_t v = 0; v < n; ++v) {
        if (has(s.done, v) ||
            llvm::any_of(g.preds[v], [&](int p) { return !has(s.done, p); }))
          continue;
        int o = g.owner[v];
        bool allocated = llvm::any_of(ownedBy[o], [&](int i) {
          return has(s.done, i);
        });
        int64_t run = s.live + (allocated || g.isOutput[o] ? 0 : g.bytes[o]);
        // Buffers whose last reader this is.
        int64_t freed = 0;
        SmallVector<int> counted;
        for (int r : g.reads[v]) {
          if (g.isOutput[r] || llvm::is_contained(counted, r))
            continue;
          counted.push_back(r);
          if (llvm::all_of(readers[r], [&](int reader) {
                return reader == (int)v || has(s.done, reader);
              }))
            freed += g.bytes[r];
        }
        State t{s.done, run - freed, std::max(s.peak, run), (int)si, (int)v};
        t.done[v / 64] |= uint64_t(1) << (v % 64);
        auto [it, inserted] = seen.try_emplace(t.done, next.size());
        if (inserted)
          next.push_back(std::move(t));
        else if (t.peak < next[it->second].peak)
          next[it->second] = std::move(t);
      }
    }
    result.states += next.size();
    if (next.size() > width) {
      result.exact = false;
      std::stable_sort(next.begin(), next.end(),
                       [](const State &a, const State &b) {
                         return std::make_pair(a.peak, a.live) <
                                std::make_pair(b.peak, b.live);
                       });
      next.resize(width);
    }
    steps.push_back(std::move(next));
  }
  // The best final set, back to the empty one.
  const std::vector<State> &last = steps.back();
  int best = 0;
  for (size_t i = 1; i < last.size(); ++i)
    if (last[i].peak < last[best].peak)
      best = i;
  for (size_t step = n; step > 0; --step) {
    const State &s = steps[step][best];
    result.order.push_back(s.op);
    best = s.parent;
  }
  std::reverse(result.order.begin(), result.order.end());
  return result;
}

struct SchedulePass : edgec::impl::ScheduleBase<SchedulePass> {
  using ScheduleBase::ScheduleBase;

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
    SearchResult searched = searchOrder(g, searchWidth);
    if (peakOf(g, searched.order) <= peakOf(g, order))
      order = searched.order;
    // How the order was found, for the report.
    getContext().getOrLoadDialect<EdgecDialect>()
        ->getScheduleSearchAttrHelper()
        .setAttr(func, StringAttr::get(func.getContext(),
                                       (searched.exact ? "exact, " : "beam, ") +
                                           std::to_string(searched.states) +
                                           " sets of ops"));
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
