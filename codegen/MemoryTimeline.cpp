//===- MemoryTimeline.cpp - SVG picture of a memory plan ------------------===//
#include "codegen/Emitter.h"
#include "ir/ElementTypes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace edgec {

/// Printable ASCII with XML's special characters as entities.
static std::string escape(StringRef s) {
  std::string out;
  for (char c : printableText(s)) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

std::string renderMemoryTimeline(func::FuncOp func) {
  auto *dialect = func.getContext()->getOrLoadDialect<EdgecDialect>();
  struct Box {
    int64_t first, last, offset, bytes;
    std::string name;
  };
  std::vector<Box> boxes;
  int64_t steps = 1;
  func.walk([&](memref::ViewOp view) {
    auto live = dialect->getLiveAttrHelper().getAttr(view);
    auto shift = getConstantIntValue(view.getByteShift());
    if (!live || !shift)
      return;
    std::string name;
    if (auto loc = dyn_cast<NameLoc>(view.getLoc()))
      name = loc.getName().str();
    MemRefType type = view.getType();
    boxes.push_back({live[0], live[1], *shift,
                     byteSize(type),
                     name});
    steps = std::max(steps, live[1] + 1);
  });
  int64_t arena = 1, bound = 0, peakStep = -1;
  if (auto a = dialect->getArenaSizeAttrHelper().getAttr(func))
    arena = std::max<int64_t>(a.getInt(), 1);
  if (auto b = dialect->getArenaLowerBoundAttrHelper().getAttr(func))
    bound = b.getInt();
  std::string peakName;
  func.walk([&](Operation *op) {
    auto live = dialect->getLiveBytesAttrHelper().getAttr(op);
    auto step = dialect->getStepAttrHelper().getAttr(op);
    if (live && step && live.getInt() == bound && peakStep < 0) {
      peakStep = step.getInt();
      if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
        peakName = loc.getName().str();
    }
  });

  const double left = 70, top = 40, width = 900, height = 420;
  auto x = [&](double s) { return left + s * width / steps; };
  auto y = [&](double b) { return top + b * height / arena; };
  std::string svg;
  llvm::raw_string_ostream os(svg);
  os << llvm::formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" "
                      "height=\"{1}\" font-family=\"sans-serif\" font-size=\"12\">\n",
                      left + width + 20, top + height + 50);
  os << llvm::formatv("<text x=\"{0}\" y=\"20\">arena {1} bytes, lower bound {2} "
                      "bytes, {3} buffers; time across, offset down</text>\n",
                      left, arena, bound, boxes.size());
  os << llvm::formatv("<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\" "
                      "fill=\"none\" stroke=\"#888\"/>\n",
                      left, top, width, height);
  for (auto [i, b] : llvm::enumerate(boxes)) {
    unsigned hue = (i * 137) % 360;
    os << llvm::formatv(
        "<rect x=\"{0:F1}\" y=\"{1:F1}\" width=\"{2:F1}\" height=\"{3:F1}\" "
        "fill=\"hsl({4},60%,70%)\" stroke=\"#333\" stroke-width=\"0.5\">"
        "<title>{5}: {6} bytes at offset {7}, steps {8}-{9}</title></rect>\n",
        x(b.first), y(b.offset), std::max(1.0, x(b.last + 1) - x(b.first)),
        std::max(1.0, y(b.offset + b.bytes) - y(b.offset)), hue,
        escape(b.name.empty() ? "buffer" : b.name), b.bytes, b.offset,
        b.first, b.last);
  }
  if (peakStep >= 0)
    os << llvm::formatv(
        "<line x1=\"{0:F1}\" y1=\"{1}\" x2=\"{0:F1}\" y2=\"{2}\" stroke=\"red\" "
        "stroke-width=\"2\"/>\n<text x=\"{0:F1}\" y=\"{3}\" fill=\"red\" "
        "text-anchor=\"{7}\">peak: {4} bytes live at step {5} ({6})</text>\n",
        x(peakStep + 0.5), top, top + height, top + height + 20, bound,
        peakStep, escape(peakName),
        x(peakStep + 0.5) > left + width / 2 ? "end" : "start");
  os << llvm::formatv("<text x=\"5\" y=\"{0}\">0</text>\n<text x=\"5\" "
                      "y=\"{1}\">{2}</text>\n",
                      top + 10, top + height, arena);
  os << "</svg>\n";
  return svg;
}

} // namespace edgec
