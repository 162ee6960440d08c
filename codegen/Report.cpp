//===- Report.cpp - report.json -------------------------------------------===//
#include "codegen/Emitter.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace edgec {

std::string emitReport(CEmitter &e, int64_t weightsBytes) {
  EdgecDialect *d = e.dialect;
  func::FuncOp f = e.func;
  llvm::json::Object report;
  report["model"] = e.opts.sourceName;
  report["name"] = e.opts.name;
  report["target"] = e.target.getName().str();
  int64_t bound = d->getArenaLowerBoundAttrHelper().getAttr(f).getInt();
  report["arena_bytes"] = d->getArenaSizeAttrHelper().getAttr(f).getInt();
  report["arena_lower_bound_bytes"] = bound;
  // Without a compile in ONNX's order, the schedule is that order.
  auto onnxBound = d->getOnnxOrderLowerBoundAttrHelper().getAttr(f);
  report["arena_lower_bound_onnx_order_bytes"] =
      onnxBound ? onnxBound.getInt() : bound;
  if (auto noReuse = d->getNoReuseBytesAttrHelper().getAttr(f))
    report["no_reuse_bytes"] = noReuse.getInt();
  if (auto saved = d->getQuadraticFusionArenaSavedAttrHelper().getAttr(f))
    report["quadratic_fusion_arena_saved_bytes"] = saved.getInt();
  if (auto schedule = d->getScheduleAttrHelper().getAttr(f))
    report["schedule"] = schedule.str();
  if (auto placement = d->getPlacementAttrHelper().getAttr(f))
    report["placement"] = placement.str();
  report["weights_bytes"] = weightsBytes;
  // int8: the ops left in f32, and why.
  if (auto floats = d->getFloatLayersAttrHelper().getAttr(f)) {
    llvm::json::Array list;
    for (Attribute a : floats) {
      auto dict = cast<DictionaryAttr>(a);
      llvm::json::Object o;
      for (const char *key : {"name", "op", "reason"})
        o[key] = cast<StringAttr>(dict.get(key)).str();
      list.push_back(std::move(o));
    }
    report["float_layers"] = std::move(list);
  }
  report["copy_bytes"] = e.copyBytes;
  auto io = [](ArrayRef<std::pair<std::string, MemRefType>> list) {
    llvm::json::Array a;
    for (auto &[name, type] : list)
      a.push_back(llvm::json::Object{
          {"name", name}, {"shape", llvm::json::Array(type.getShape())}});
    return a;
  };
  Interface ports = interfaceOf(f);
  report["inputs"] = io(ports.inputs);
  report["outputs"] = io(ports.outputs);
  report["layers"] = std::move(e.layers);
  std::string json;
  llvm::raw_string_ostream os(json);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
  return json;
}

} // namespace edgec
