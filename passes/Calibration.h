//===- Calibration.h - samples and range observers for quantization -*- C++ -*-===//
#ifndef EDGEC_PASSES_CALIBRATION_H
#define EDGEC_PASSES_CALIBRATION_H

#include "passes/Interpreter.h"

#include "llvm/ADT/StringRef.h"

#include <random>
#include <string>
#include <vector>

namespace edgec {

/// Reads a .npy file (little-endian f4, f8, i1, u1, i2, i4, i8; C order)
/// as f32. False with `error` set when it cannot.
bool readNpy(const std::string &path, Tensor &out, std::string &error);

/// The calibration samples of one graph input of `shape` from PATH: one
/// .npy whose first axis indexes the samples (each of `shape`, or of
/// `shape` without its leading 1), or a folder of .npy files, one sample
/// each, in name order.
bool loadSamples(const std::string &path, llvm::ArrayRef<int64_t> shape,
                 std::vector<Tensor> &samples, std::string &error);

/// How a tensor's range is chosen from what calibration saw.
enum class Observer { minmax, percentile, mse };

/// What calibration sees of one tensor over all samples: the exact
/// minimum and maximum, and a uniform sample of its values (a fixed-seed
/// reservoir, so the result is the same on every run).
class RangeStats {
public:
  void add(const Tensor &t);
  bool empty() const { return count == 0; }
  /// The range [lo, hi] `observer` picks.
  std::pair<double, double> range(Observer observer) const;

private:
  static constexpr size_t kReservoir = 1 << 16;
  double lo = 0.0, hi = 0.0;
  uint64_t count = 0;
  std::vector<float> reservoir;
  std::mt19937_64 rng{0x5eed};
};

} // namespace edgec

#endif // EDGEC_PASSES_CALIBRATION_H
