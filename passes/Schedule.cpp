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

#include <unordered_map>

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
  std::vector<bool> allocated(n, false);
  std::vector<int> ready; // in op order, as the scan over all ops was
  for (size_t i = 0; i < n; ++i)
    if (missing[i] == 0)
      ready.push_back(i);
  int64_t live = 0;
  for (size_t step = 0; step < n; ++step) {
    int best = -1;
    int64_t bestRun = 0, bestFreed = 0;
    for (int i : ready) {
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
    ready.erase(llvm::find(ready, best));
    allocated[g.owner[best]] = true;
    order.push_back(best);
    live = bestRun;
    for (int owner : g.reads[best])
      if (--remaining[owner] == 0 && !g.isOutput[owner])
        live -= g.bytes[owner];
    for (int s : g.succs[best])
      if (--missing[s] == 0)
        ready.insert(llvm::lower_bound(ready, s), s);
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

/// Candidate steps the search may evaluate in all (each is a few dozen
/// instructions): past it, the beam narrows, so the search's time is
/// bounded by the work and not only by its width.
constexpr int64_t kSearchWork = 10'000'000;

/// The search over sets of scheduled ops, one step (one more op) at a time.
/// Only the frontier of sets keeps its members (as bits) and its ready ops;
/// earlier steps keep the op and the parent, enough to read the order back.
/// Sets are told apart by a Zobrist hash (one random word per op, xor-ed),
/// confirmed on their bits.
SearchResult searchOrder(const Graph &g, size_t width) {
  size_t n = g.ops.size(), words = (n + 63) / 64;
  auto readers = readersOf(g);
  std::vector<std::vector<int>> ownedBy(n);
  for (size_t i = 0; i < n; ++i)
    ownedBy[g.owner[i]].push_back(i);
  std::vector<uint64_t> zobrist(n);
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  for (uint64_t &z : zobrist) { // splitmix64: fixed, so builds repeat
    seed += 0x9e3779b97f4a7c15ull;
    uint64_t x = seed;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    z = x ^ (x >> 31);
  }
  struct Step {
    int parent, op;
  };
  struct State {
    std::vector<uint64_t> done;
    std::vector<int> ready;
    int64_t live, peak;
    uint64_t hash;
  };
  auto has = [](const std::vector<uint64_t> &bits, int i) {
    return (bits[i / 64] >> (i % 64)) & 1;
  };
  std::vector<std::vector<Step>> steps(1, {{-1, -1}});
  std::vector<State> current(1);
  current[0].done.assign(words, 0);
  for (size_t v = 0; v < n; ++v)
    if (g.preds[v].empty())
      current[0].ready.push_back(v);
  current[0].live = current[0].peak = 0;
  current[0].hash = 0;
  SearchResult result{{}, true, 1};
  int64_t perStep = std::max<int64_t>(1, kSearchWork / std::max<size_t>(n, 1));
  struct Candidate {
    int parent, op;
    int64_t live, peak;
    uint64_t hash;
  };
  // Whether two candidates reach the same set of ops.
  auto sameSet = [&](const Candidate &a, const Candidate &b) {
    const std::vector<uint64_t> &da = current[a.parent].done,
                                &db = current[b.parent].done;
    for (size_t w = 0; w < words; ++w) {
      uint64_t ba = da[w] | (a.op / 64 == (int)w ? uint64_t(1) << (a.op % 64) : 0);
      uint64_t bb = db[w] | (b.op / 64 == (int)w ? uint64_t(1) << (b.op % 64) : 0);
      if (ba != bb)
        return false;
    }
    return true;
  };
  for (size_t step = 0; step < n; ++step) {
    std::unordered_map<uint64_t, int> seen;
    std::vector<Candidate> cands;
    for (size_t si = 0; si < current.size(); ++si) {
      const State &s = current[si];
      for (int v : s.ready) {
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
                return reader == v || has(s.done, reader);
              }))
            freed += g.bytes[r];
        }
        Candidate c{(int)si, v, run - freed, std::max(s.peak, run),
                    s.hash ^ zobrist[v]};
        uint64_t key = c.hash;
        for (;; ++key) { // a hash shared by another set: probe on
          auto [it, inserted] = seen.try_emplace(key, (int)cands.size());
          if (inserted) {
            cands.push_back(c);
            break;
          }
          Candidate &other = cands[it->second];
          if (sameSet(other, c)) {
            if (c.peak < other.peak)
              other = c;
            break;
          }
        }
      }
    }
    result.states += cands.size();
    // The width the work allows: each kept set costs its ready ops.
    size_t readySum = 0;
    for (const Candidate &c : cands)
      readySum += current[c.parent].ready.size() + g.succs[c.op].size();
    size_t avgReady = std::max<size_t>(1, readySum / std::max<size_t>(cands.size(), 1));
    size_t keep = std::min<size_t>(width, std::max<int64_t>(1, perStep / avgReady));
    if (cands.size() > keep) {
      result.exact = false;
      std::vector<int> rank(cands.size());
      for (size_t i = 0; i < rank.size(); ++i)
        rank[i] = i;
      std::sort(rank.begin(), rank.end(), [&](int a, int b) {
        return std::make_tuple(cands[a].peak, cands[a].live, a) <
               std::make_tuple(cands[b].peak, cands[b].live, b);
      });
      rank.resize(keep);
      std::vector<Candidate> kept;
      for (int i : rank)
        kept.push_back(cands[i]);
      cands = std::move(kept);
    }
    // The kept sets, with their members and ready ops.
    std::vector<State> next;
    std::vector<Step> links;
    for (const Candidate &c : cands) {
      const State &s = current[c.parent];
      State t{s.done, {}, c.live, c.peak, c.hash};
      t.done[c.op / 64] |= uint64_t(1) << (c.op % 64);
      for (int r : s.ready)
        if (r != c.op)
          t.ready.push_back(r);
      for (int u : g.succs[c.op])
        if (!has(t.done, u) && !llvm::is_contained(t.ready, u) &&
            llvm::all_of(g.preds[u], [&](int p) { return has(t.done, p); }))
          t.ready.insert(llvm::lower_bound(t.ready, u), u); // in op order
      next.push_back(std::move(t));
      links.push_back({c.parent, c.op});
    }
    steps.push_back(std::move(links));
    current = std::move(next);
  }
  // The best final set, back to the empty one.
  int best = 0;
  for (size_t i = 1; i < current.size(); ++i)
    if (current[i].peak < current[best].peak)
      best = i;
  for (size_t step = n; step > 0; --step) {
    const Step &s = steps[step][best];
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
