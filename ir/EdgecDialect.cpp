//===- EdgecDialect.cpp - the edgec dialect -------------------------------===//
#include "ir/EdgecDialect.h"

#include "ir/KernelDialect.h"
#include "ir/NNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace edgec;

#include "ir/EdgecDialect.cpp.inc"
#include "ir/Enums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/EdgecAttrs.cpp.inc"

void EdgecDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ir/EdgecAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// TargetAttr
//===----------------------------------------------------------------------===//

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringAttr name, ArrayAttr features,
                                 FpuKind, int64_t sram, int64_t flash,
                                 int64_t alignment, StringAttr, StringAttr,
                                 ArrayAttr cflags, DictionaryAttr) {
  if (!name || name.getValue().empty())
    return emitError() << "a target needs a name";
  for (ArrayAttr list : {features, cflags})
    if (!llvm::all_of(list, [](Attribute a) { return isa<StringAttr>(a); }))
      return emitError() << "features and cflags must be strings";
  if (alignment <= 0 || (alignment & (alignment - 1)))
    return emitError() << "alignment must be a power of 2, not " << alignment;
  if (sram < 0 || flash < 0)
    return emitError() << "memory sizes must not be negative";
  return success();
}

bool TargetAttr::hasFeature(StringRef feature) const {
  return llvm::any_of(getFeatures(), [&](Attribute a) {
    return cast<StringAttr>(a).getValue() == feature;
  });
}

bool TargetAttr::hasAnyFeature(StringRef alternatives) const {
  SmallVector<StringRef> parts;
  alternatives.split(parts, '|', -1, /*KeepEmpty=*/false);
  return llvm::any_of(parts, [&](StringRef f) { return hasFeature(f); });
}

std::vector<std::string> TargetAttr::getCFlagList() const {
  std::vector<std::string> flags;
  for (Attribute a : getCflags())
    flags.push_back(cast<StringAttr>(a).str());
  return flags;
}

TargetAttr edgec::lookupTarget(Operation *op) {
  auto *dialect = op->getContext()->getLoadedDialect<EdgecDialect>();
  if (!dialect)
    return nullptr;
  for (; op; op = op->getParentOp())
    if (TargetAttr t = dialect->getTargetAttrHelper().getAttr(op))
      return t;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Where each discardable attribute may appear
//===----------------------------------------------------------------------===//

namespace {
enum class Holder { module, function, kernelOp, view, anyOp };
struct AttrRule {
  StringRef name;
  Holder holder;
  bool (*typeOk)(Attribute);
};

template <typename T> bool is(Attribute a) { return isa<T>(a); }

const AttrRule kOpRules[] = {
    {EdgecDialect::TargetAttrHelper::getNameStr(), Holder::module,
     is<TargetAttr>},
    {EdgecDialect::KernelAttrHelper::getNameStr(), Holder::kernelOp,
     is<KernelAttr>},
    {EdgecDialect::OutputNamesAttrHelper::getNameStr(), Holder::function,
     is<ArrayAttr>},
    {EdgecDialect::ScheduleSearchAttrHelper::getNameStr(), Holder::function,
     is<StringAttr>},
    {EdgecDialect::ScheduleAttrHelper::getNameStr(), Holder::function,
     is<StringAttr>},
    {EdgecDialect::ArenaSizeAttrHelper::getNameStr(), Holder::function,
     is<IntegerAttr>},
    {EdgecDialect::ArenaLowerBoundAttrHelper::getNameStr(), Holder::function,
     is<IntegerAttr>},
    {EdgecDialect::OnnxOrderLowerBoundAttrHelper::getNameStr(),
     Holder::function, is<IntegerAttr>},
    {EdgecDialect::NoReuseBytesAttrHelper::getNameStr(), Holder::function,
     is<IntegerAttr>},
    {EdgecDialect::PlacementAttrHelper::getNameStr(), Holder::function,
     is<StringAttr>},
    {EdgecDialect::QuadraticFusionArenaSavedAttrHelper::getNameStr(),
     Holder::function, is<IntegerAttr>},
    {EdgecDialect::StepAttrHelper::getNameStr(), Holder::kernelOp,
     is<IntegerAttr>},
    {EdgecDialect::LiveBytesAttrHelper::getNameStr(), Holder::kernelOp,
     is<IntegerAttr>},
    {EdgecDialect::CopyReasonAttrHelper::getNameStr(), Holder::kernelOp,
     is<StringAttr>},
    {EdgecDialect::FloatReasonAttrHelper::getNameStr(), Holder::anyOp,
     is<StringAttr>},
    {EdgecDialect::FloatLayersAttrHelper::getNameStr(), Holder::function,
     is<ArrayAttr>},
    {EdgecDialect::LiveAttrHelper::getNameStr(), Holder::view,
     is<DenseI64ArrayAttr>},
};

bool holds(Holder holder, Operation *op) {
  switch (holder) {
  case Holder::module:
    return isa<ModuleOp>(op);
  case Holder::function:
    return isa<func::FuncOp>(op);
  case Holder::kernelOp:
    return isa<kernel::KernelDialect>(op->getDialect());
  case Holder::view:
    return isa<memref::ViewOp>(op);
  case Holder::anyOp:
    return true;
  }
  return false;
}

StringRef holderName(Holder holder) {
  switch (holder) {
  case Holder::module:
    return "a module";
  case Holder::function:
    return "a function";
  case Holder::kernelOp:
    return "a kernel op";
  case Holder::view:
    return "a memref.view of the arena";
  case Holder::anyOp:
    return "an op";
  }
  return "";
}
} // namespace

LogicalResult EdgecDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  for (const AttrRule &rule : kOpRules) {
    if (attr.getName() != rule.name)
      continue;
    if (!holds(rule.holder, op))
      return op->emitError("'") << rule.name << "' belongs on "
                                << holderName(rule.holder);
    if (!rule.typeOk(attr.getValue()))
      return op->emitError("'") << rule.name << "' has the wrong kind of value";
    return success();
  }
  return op->emitError("unknown edgec attribute '")
         << attr.getName().getValue() << "'";
}

LogicalResult EdgecDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                     unsigned, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == NameAttrHelper::getNameStr())
    return success(isa<StringAttr>(attr.getValue()));
  if (name == OutputAttrHelper::getNameStr())
    return success(isa<IntegerAttr>(attr.getValue()));
  if (name == ArenaAttrHelper::getNameStr())
    return success(isa<UnitAttr>(attr.getValue()));
  return op->emitError("unknown edgec argument attribute '") << name << "'";
}

LogicalResult EdgecDialect::verifyRegionResultAttribute(Operation *op, unsigned,
                                                        unsigned,
                                                        NamedAttribute attr) {
  if (attr.getName() == NameAttrHelper::getNameStr() &&
      isa<StringAttr>(attr.getValue()))
    return success();
  return op->emitError("unknown edgec result attribute '")
         << attr.getName().getValue() << "'";
}

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

namespace {
/// Memrefs of quantized elements: a buffer of int8 storage whose scale and
/// zero point travel in its type.
template <typename T>
struct QuantizedMemRefElement
    : MemRefElementTypeInterface::ExternalModel<QuantizedMemRefElement<T>, T> {
};
} // namespace

void edgec::registerDialects(DialectRegistry &registry) {
  registry.insert<EdgecDialect, nn::NNDialect, kernel::KernelDialect,
                  func::FuncDialect, arith::ArithDialect, memref::MemRefDialect,
                  quant::QuantDialect>();
  registry.addExtension(+[](MLIRContext *ctx, quant::QuantDialect *) {
    quant::UniformQuantizedType::attachInterface<
        QuantizedMemRefElement<quant::UniformQuantizedType>>(*ctx);
    quant::UniformQuantizedPerAxisType::attachInterface<
        QuantizedMemRefElement<quant::UniformQuantizedPerAxisType>>(*ctx);
  });
}
