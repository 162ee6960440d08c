//===- Calibration.cpp - samples and range observers for quantization -----===//
#include "passes/Calibration.h"

#include "ir/ShapeUtils.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace edgec {

namespace {

/// The value of `key` in a .npy header dict: "'descr': '<f4'" -> "<f4".
std::string headerField(llvm::StringRef header, llvm::StringRef key) {
  size_t at = header.find("'" + key.str() + "'");
  if (at == llvm::StringRef::npos)
    return "";
  llvm::StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return "";
  rest = rest.ltrim();
  if (rest.starts_with("'"))
    return rest.drop_front().take_until([](char c) { return c == '\''; }).str();
  if (rest.starts_with("("))
    return rest.drop_front().take_until([](char c) { return c == ')'; }).str();
  return rest.take_until([](char c) { return c == ',' || c == '}'; }).trim().str();
}

template <typename T> float load(const char *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return (float)v;
}

} // namespace

bool readNpy(const std::string &path, Tensor &out, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = "cannot read '" + path + "': " + buffer.getError().message();
    return false;
  }
  llvm::StringRef data = (*buffer)->getBuffer();
  if (data.size() < 10 || !data.starts_with("\x93NUMPY")) {
    error = "'" + path + "' is not a .npy file";
    return false;
  }
  unsigned major = (unsigned char)data[6];
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = (unsigned char)data[8] | ((unsigned char)data[9] << 8);
    headerStart = 10;
  } else {
    if (data.size() < 12) {
      error = "'" + path + "' is truncated";
      return false;
    }
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t((unsigned char)data[8 + i]) << (8 * i);
    headerStart = 12;
  }
  if (headerStart + headerLen > data.size()) {
    error = "'" + path + "' is truncated";
    return false;
  }
  llvm::StringRef header = data.substr(headerStart, headerLen);
  std::string descr = headerField(header, "descr");
  if (headerField(header, "fortran_order") == "True") {
    error = "'" + path + "' is in Fortran order; save it in C order";
    return false;
  }
  out.shape.clear();
  llvm::SmallVector<llvm::StringRef> dims;
  llvm::StringRef(headerField(header, "shape")).split(dims, ',', -1, false);
  for (llvm::StringRef d : dims) {
    int64_t n;
    if (d.trim().getAsInteger(10, n) || n < 0) {
      error = "'" + path + "' has an unreadable shape";
      return false;
    }
    out.shape.push_back(n);
  }
  struct Kind {
    const char *descr;
    size_t bytes;
    float (*load)(const char *);
  };
  static const Kind kinds[] = {
      {"<f4", 4, load<float>},   {"<f8", 8, load<double>},
      {"|i1", 1, load<int8_t>},  {"|u1", 1, load<uint8_t>},
      {"<i2", 2, load<int16_t>}, {"<i4", 4, load<int32_t>},
      {"<i8", 8, load<int64_t>}, {"|b1", 1, load<uint8_t>}};
  const Kind *kind = nullptr;
  for (const Kind &k : kinds)
    if (descr == k.descr)
      kind = &k;
  if (!kind) {
    error = "'" + path + "' holds elements of type '" + descr +
            "'; edgec reads f4, f8, i1, u1, i2, i4, i8 and b1 (little-endian)";
    return false;
  }
  size_t count = numElements(out.shape);
  llvm::StringRef payload = data.drop_front(headerStart + headerLen);
  if (payload.size() < count * kind->bytes) {
    error = "'" + path + "' is truncated";
    return false;
  }
  out.data.resize(count);
  for (size_t i = 0; i < count; ++i)
    out.data[i] = kind->load(payload.data() + i * kind->bytes);
  return true;
}

bool loadSamples(const std::string &path, llvm::ArrayRef<int64_t> shape,
                 std::vector<Tensor> &samples, std::string &error) {
  int64_t elements = numElements(shape);
  auto fits = [&](llvm::ArrayRef<int64_t> s) {
    llvm::ArrayRef<int64_t> unbatched =
        !shape.empty() && shape[0] == 1 ? shape.drop_front() : shape;
    return s == shape || s == unbatched;
  };
  auto sample = [&](const float *p) {
    Tensor t;
    t.shape.assign(shape.begin(), shape.end());
    t.data.assign(p, p + elements);
    samples.push_back(std::move(t));
  };
  if (llvm::sys::fs::is_directory(path)) {
    std::vector<std::string> files;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec;
         it.increment(ec))
      if (llvm::StringRef(it->path()).ends_with(".npy"))
        files.push_back(it->path());
    llvm::sort(files);
    if (files.empty()) {
      error = "'" + path + "' holds no .npy files";
      return false;
    }
    for (const std::string &f : files) {
      Tensor t;
      if (!readNpy(f, t, error))
        return false;
      if (!fits(t.shape)) {
        error = "'" + f + "' has shape " + shapeToString(t.shape) +
                ", the input is " + shapeToString(shape);
        return false;
      }
      sample(t.data.data());
    }
    return true;
  }
  Tensor all;
  if (!readNpy(path, all, error))
    return false;
  if (all.shape.empty() || !fits(llvm::ArrayRef<int64_t>(all.shape).drop_front())) {
    error = "'" + path + "' has shape " + shapeToString(all.shape) +
            "; expected samples of shape " + shapeToString(shape) +
            " along its first axis";
    return false;
  }
  for (int64_t i = 0; i < all.shape[0]; ++i)
    sample(all.data.data() + i * elements);
  if (samples.empty()) {
    error = "'" + path + "' holds no samples";
    return false;
  }
  return true;
}

void RangeStats::add(const Tensor &t) {
  for (float v : t.data) {
    if (!std::isfinite(v))
      continue;
    if (count == 0) {
      lo = hi = v;
    } else {
      lo = std::min<double>(lo, v);
      hi = std::max<double>(hi, v);
    }
    ++count;
    if (reservoir.size() < kReservoir) {
      reservoir.push_back(v);
    } else {
      uint64_t j = rng() % count;
      if (j < kReservoir)
        reservoir[j] = v;
    }
  }
}

std::pair<double, double> RangeStats::range(Observer observer) const {
  if (observer == Observer::minmax || reservoir.size() < 256)
    return {lo, hi};
  std::vector<float> sorted(reservoir);
  std::sort(sorted.begin(), sorted.end());
  auto quantile = [&](double q) {
    return (double)sorted[std::min(sorted.size() - 1,
                                   (size_t)(q * (sorted.size() - 1) + 0.5))];
  };
  if (observer == Observer::percentile)
    return {std::min(lo, 0.0) < 0 ? quantile(1e-4) : lo,
            quantile(1.0 - 1e-4)};
  // MSE: the clipping of [lo, hi] (scaled towards 0) whose int8
  // quantization of the sampled values has the least squared error.
  double bestErr = INFINITY, best = 1.0;
  for (int step = 0; step < 64; ++step) {
    double f = 1.0 - step / 80.0;
    double a = std::min(lo * f, 0.0), b = std::max(hi * f, 0.0);
    double scale = std::max((b - a) / 255.0, 1e-12);
    double zp = std::round(-128.0 - a / scale), err = 0.0;
    for (float v : sorted) {
      double q = std::min(127.0, std::max(-128.0, std::round(v / scale) + zp));
      double d = (q - zp) * scale - v;
      err += d * d;
    }
    if (err < bestErr) {
      bestErr = err;
      best = f;
    }
  }
  return {lo * best, hi * best};
}

} // namespace edgec
