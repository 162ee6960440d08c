//===- Importer.cpp - ONNX to the nn dialect ------------------------------===//
#include "frontend/Importer.h"

#include "frontend/ConstantFolding.h"
#include "frontend/OpImporter.h"
#include "ir/Constants.h"
#include "ir/ElementTypes.h"
#include "ir/ShapeUtils.h"
#include "mlir/IR/TypeUtilities.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"

#include <cstring>

using namespace mlir;

namespace edgec {

//===----------------------------------------------------------------------===//
// Constant tensors
//===----------------------------------------------------------------------===//

bool ConstTensor::isFloat() const {
  return dtype == onnx::TensorProto::FLOAT ||
         dtype == onnx::TensorProto::DOUBLE;
}

int64_t ConstTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

Type elementTypeOf(MLIRContext *ctx, int32_t dtype) {
  auto sl = [&](unsigned w) { return IntegerType::get(ctx, w); };
  auto un = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Unsigned);
  };
  switch (dtype) {
  case onnx::TensorProto::FLOAT: return Float32Type::get(ctx);
  case onnx::TensorProto::BOOL: return sl(1);
  case onnx::TensorProto::INT8: return sl(8);
  case onnx::TensorProto::INT16: return sl(16);
  case onnx::TensorProto::INT32: return sl(32);
  case onnx::TensorProto::INT64: return sl(64);
  case onnx::TensorProto::UINT8: return un(8);
  case onnx::TensorProto::UINT16: return un(16);
  case onnx::TensorProto::UINT32: return un(32);
  case onnx::TensorProto::UINT64: return un(64);
  default: return Type();
  }
}

static std::string dtypeName(int32_t dtype) {
  return onnx::TensorProto::DataType_Name((onnx::TensorProto::DataType)dtype);
}

/// Why edgec has no element type for `dtype`, as the end of a message.
static std::string unsupportedTypeReason(int32_t dtype) {
  return "has element type " + dtypeName(dtype) +
         "; edgec takes float32, bool and the 8- to 64-bit integer types";
}

template <typename T>
static void readRaw(const std::string &raw, int64_t n, std::vector<T> &out) {
  out.resize(n);
  std::memcpy(out.data(), raw.data(), std::min<size_t>(raw.size(), n * sizeof(T)));
}

bool decodeTensor(const onnx::TensorProto &t, ConstTensor &out,
                  std::string &error) {
  out.dtype = t.data_type();
  out.dims.assign(t.dims().begin(), t.dims().end());
  // Sizes from the file are checked before anything is computed with them.
  bool negative = llvm::any_of(out.dims, [](int64_t d) { return d < 0; });
  int64_t n = negative ? 0 : boundedProduct(out.dims, INT32_MAX);
  if (negative || n > INT32_MAX) {
    error = "tensor '" + t.name() + "' has shape " + shapeToString(out.dims) +
            (negative ? ", with a negative dimension"
                      : ", more than 2^31-1 elements");
    return false;
  }
  bool raw = t.has_raw_data();
  auto sizeOk = [&](size_t elemBytes) {
    if (raw && t.raw_data().size() != n * elemBytes) {
      error = "tensor '" + t.name() + "' holds " +
              std::to_string(t.raw_data().size()) + " bytes, its shape needs " +
              std::to_string(n * elemBytes);
      return false;
    }
    return true;
  };
  auto toInts = [&](auto tag, auto fieldValues) {
    using T = decltype(tag);
    if (!sizeOk(sizeof(T)))
      return false;
    std::vector<T> v;
    if (raw)
      readRaw(t.raw_data(), n, v);
    else
      v.assign(fieldValues.begin(), fieldValues.end());
    out.ints.assign(v.begin(), v.end());
    return true;
  };
  bool ok = true;
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    if (!sizeOk(4))
      return false;
    if (raw)
      readRaw(t.raw_data(), n, out.floats);
    else
      out.floats.assign(t.float_data().begin(), t.float_data().end());
    break;
  case onnx::TensorProto::DOUBLE: {
    if (!sizeOk(8))
      return false;
    std::vector<double> v;
    if (raw)
      readRaw(t.raw_data(), n, v);
    else
      v.assign(t.double_data().begin(), t.double_data().end());
    out.floats.assign(v.begin(), v.end());
    break;
  }
  case onnx::TensorProto::INT64:
    ok = toInts(int64_t(), t.int64_data());
    break;
  case onnx::TensorProto::INT32:
    ok = toInts(int32_t(), t.int32_data());
    break;
  case onnx::TensorProto::INT16:
    ok = toInts(int16_t(), t.int32_data());
    break;
  case onnx::TensorProto::INT8:
    ok = toInts(int8_t(), t.int32_data());
    break;
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    ok = toInts(uint8_t(), t.int32_data());
    break;
  case onnx::TensorProto::UINT16:
    ok = toInts(uint16_t(), t.int32_data());
    break;
  case onnx::TensorProto::UINT32:
    ok = toInts(uint32_t(), t.uint64_data());
    break;
  case onnx::TensorProto::UINT64: // kept as the same 64 bits
    ok = toInts(uint64_t(), t.uint64_data());
    break;
  default:
    error = "tensor '" + t.name() + "' has unsupported element type " +
            onnx::TensorProto::DataType_Name(
                (onnx::TensorProto::DataType)t.data_type());
    return false;
  }
  if (!ok)
    return false;
  size_t have = out.isFloat() ? out.floats.size() : out.ints.size();
  if ((int64_t)have != n) {
    error = "tensor '" + t.name() + "' has " + std::to_string(have) +
            " values, its shape needs " + std::to_string(n);
    return false;
  }
  return true;
}

std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// NodeImporter
//===----------------------------------------------------------------------===//

LogicalResult NodeImporter::fail(const Twine &msg) {
  return emitError(loc) << node.op_type() << " (opset " << opset
                        << "): " << msg;
}

FailureOr<Value> NodeImporter::input(int i) {
  if (!hasInput(i))
    return fail("input " + Twine(i) + " is required");
  auto it = values.find(node.input(i));
  if (it == values.end())
    return fail("input '" + node.input(i) + "' is not defined before use");
  ImportedValue &v = it->second;
  if (v.value) {
    // An op on the float values reads a quantized tensor (the output of a
    // QLinear op) through its dequantization.
    auto tensor = cast<RankedTensorType>(v.value.getType());
    auto type = dyn_cast<quant::UniformQuantizedType>(tensor.getElementType());
    if (!type)
      return v.value;
    auto f32 = RankedTensorType::get(tensor.getShape(), b.getF32Type());
    if (auto quantize = v.value.getDefiningOp<nn::QuantizeOp>())
      return Value(nn::FakeQuantizeOp::create(b, loc, f32, quantize.getInput(),
                                              TypeAttr::get(type)));
    return Value(nn::DequantizeOp::create(b, loc, f32, v.value));
  }
  const ConstTensor &c = *v.constant;
  // Weights are named after the tensor, which exporters name after layers.
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(b.getInsertionBlock());
  Location cloc = NameLoc::get(b.getStringAttr(node.input(i)));
  if (c.isFloat()) {
    v.value = createF32Constant(b, cloc, c.dims, c.floats, node.input(i));
    return v.value;
  }
  Type element = elementTypeOf(b.getContext(), c.dtype);
  if (!element)
    return fail("input '" + node.input(i) + "' " +
                unsupportedTypeReason(c.dtype));
  auto attr = makeIntAttr(RankedTensorType::get(c.dims, element), c.ints,
                          node.input(i));
  v.value = arith::ConstantOp::create(b, cloc, cast<TypedAttr>(attr));
  return v.value;
}

FailureOr<Value> NodeImporter::optionalInput(int i) {
  if (!hasInput(i))
    return Value();
  return input(i);
}

const ConstTensor *NodeImporter::constant(int i) const {
  if (!hasInput(i))
    return nullptr;
  auto it = values.find(node.input(i));
  if (it == values.end() || !it->second.constant)
    return nullptr;
  return &*it->second.constant;
}

FailureOr<SmallVector<int64_t>> NodeImporter::inputShape(int i) {
  if (const ConstTensor *c = constant(i))
    return SmallVector<int64_t>(c->dims.begin(), c->dims.end());
  auto v = input(i);
  if (failed(v))
    return failure();
  auto shape = cast<RankedTensorType>(v->getType()).getShape();
  return SmallVector<int64_t>(shape.begin(), shape.end());
}

const onnx::AttributeProto *NodeImporter::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

bool NodeImporter::hasAttr(StringRef name) const { return attr(name); }

int64_t NodeImporter::attrInt(StringRef name, int64_t dflt) const {
  const auto *a = attr(name);
  return a ? a->i() : dflt;
}

float NodeImporter::attrFloat(StringRef name, float dflt) const {
  const auto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string NodeImporter::attrString(StringRef name, StringRef dflt) const {
  const auto *a = attr(name);
  return a ? a->s() : dflt.str();
}

std::vector<int64_t> NodeImporter::attrInts(StringRef name,
                                            std::vector<int64_t> dflt) const {
  const auto *a = attr(name);
  if (!a)
    return dflt;
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<RankedTensorType> NodeImporter::outputType(int i) {
  const std::string &name = node.output(i);
  auto it = types.find(name);
  if (it == types.end() || !it->second.has_tensor_type())
    return fail("shape inference found no type for output '" + name + "'");
  const auto &tt = it->second.tensor_type();
  Type element = elementTypeOf(b.getContext(), tt.elem_type());
  if (!element)
    return fail("output '" + name + "' " + unsupportedTypeReason(tt.elem_type()));
  if (!tt.has_shape())
    return fail("shape inference found no shape for output '" + name + "'");
  SmallVector<int64_t> dims;
  for (const auto &d : tt.shape().dim()) {
    if (!d.has_dim_value())
      return fail("output '" + name + "' has a dynamic dimension; fix the "
                  "graph inputs with --input-shape");
    dims.push_back(d.dim_value());
  }
  return RankedTensorType::get(dims, element);
}

std::optional<SmallVector<int64_t>> NodeImporter::knownOutputShape(int i) const {
  if (i >= node.output_size())
    return std::nullopt;
  auto it = types.find(node.output(i));
  if (it == types.end() || !it->second.has_tensor_type() ||
      !it->second.tensor_type().has_shape())
    return std::nullopt;
  SmallVector<int64_t> dims;
  for (const auto &d : it->second.tensor_type().shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() <= 0)
      return std::nullopt;
    dims.push_back(d.dim_value());
  }
  return dims;
}

FailureOr<RankedTensorType> NodeImporter::checkedOutputType(
    int i, ArrayRef<int64_t> shape) {
  auto it = types.find(node.output(i));
  Type element = b.getF32Type();
  if (it != types.end() && it->second.has_tensor_type() &&
      it->second.tensor_type().elem_type() != onnx::TensorProto::UNDEFINED) {
    int32_t dtype = it->second.tensor_type().elem_type();
    element = elementTypeOf(b.getContext(), dtype);
    if (!element)
      return fail("output '" + node.output(i) + "' " +
                  unsupportedTypeReason(dtype));
  }
  auto computed = RankedTensorType::get(shape, element);
  if (it == types.end() || !it->second.has_tensor_type() ||
      !it->second.tensor_type().has_shape())
    return computed;
  const auto &dims = it->second.tensor_type().shape().dim();
  bool known = llvm::all_of(dims, [](const auto &d) { return d.has_dim_value(); });
  if (!known)
    return computed;
  auto inferred = outputType(i);
  if (failed(inferred))
    return failure();
  if (*inferred != computed)
    return fail("output '" + node.output(i) + "' has shape " +
                shapeToString(shape) + ", ONNX shape inference says " +
                shapeToString(inferred->getShape()));
  return computed;
}

int NodeImporter::numUsedOutputs() const {
  int n = node.output_size();
  while (n > 0 && node.output(n - 1).empty())
    --n;
  return n;
}

const ImportedValue *NodeImporter::raw(int i) const {
  if (!hasInput(i))
    return nullptr;
  auto it = values.find(node.input(i));
  return it == values.end() ? nullptr : &it->second;
}

FailureOr<Value> NodeImporter::importAs(StringRef opType,
                                        ArrayRef<ImportedValue> inputs) {
  onnx::NodeProto inner;
  inner.set_op_type(opType.str());
  inner.set_name(node.name());
  for (const auto &a : node.attribute())
    *inner.add_attribute() = a;
  std::string prefix =
      (node.name().empty() ? node.output(0) : node.name()) + "/" + opType.str();
  for (auto [i, in] : llvm::enumerate(inputs)) {
    if (!in.value && !in.constant) {
      inner.add_input("");
      continue;
    }
    std::string name = prefix + "/in" + std::to_string(i);
    values[name] = in;
    inner.add_input(name);
  }
  inner.add_output(prefix); // not in ONNX's types: the shape is computed
  const OpRegistry::Entry *entry = OpRegistry::get().lookup("", opType, opset);
  if (!entry)
    return fail("no importer for '" + opType + "'");
  NodeImporter sub(inner, opset, b, loc, values, types);
  if (failed(entry->fn(sub)))
    return failure();
  return values[prefix].value;
}

void NodeImporter::setOutput(int i, Value v) {
  values[node.output(i)] = ImportedValue{v, std::nullopt};
}

void NodeImporter::setOutputConstant(int i, ConstTensor c) {
  values[node.output(i)] = ImportedValue{Value(), std::move(c)};
}

//===----------------------------------------------------------------------===//
// Registry
//===----------------------------------------------------------------------===//

void OpRegistry::add(StringRef opType, int sinceVersion, ImportFn fn,
                     StringRef domain) {
  all.push_back({domain.str(), opType.str(), sinceVersion, std::move(fn)});
}

void OpRegistry::allowAnyElementType(StringRef opType, StringRef domain) {
  for (Entry &e : all)
    if (e.opType == opType && e.domain == domain)
      e.anyElementType = true;
}

const OpRegistry::Entry *OpRegistry::lookup(StringRef domain, StringRef opType,
                                            int opset) const {
  const Entry *best = nullptr;
  for (const Entry &e : all)
    if (e.domain == domain && e.opType == opType && e.sinceVersion <= opset &&
        (!best || e.sinceVersion > best->sinceVersion))
      best = &e;
  return best;
}

const OpRegistry &OpRegistry::get() {
  static const OpRegistry registry = [] {
    OpRegistry r;
    registerConvImporters(r);
    registerPoolImporters(r);
    registerMatMulImporters(r);
    registerElementwiseImporters(r);
    registerNormImporters(r);
    registerShapeImporters(r);
    registerDataImporters(r);
    registerReduceImporters(r);
    registerQuantImporters(r);
    return r;
  }();
  return registry;
}

//===----------------------------------------------------------------------===//
// Graph import
//===----------------------------------------------------------------------===//

/// The most bytes one tensor may take: sizes and offsets in the generated C
/// are 32-bit signed on every target.
constexpr int64_t kMaxTensorBytes = INT32_MAX;

/// Fails (naming `what`) when a tensor of `type` is larger than the
/// generated C can address.
static LogicalResult checkTensorSize(Location loc, ShapedType type,
                                     const std::string &what) {
  if (!type.hasStaticShape())
    return success();
  int64_t bytes = boundedProduct(type.getShape(), kMaxTensorBytes,
                                 std::max<int64_t>(1, elementBytes(type.getElementType())));
  if (bytes <= kMaxTensorBytes)
    return success();
  return emitError(loc) << what << " (" << shapeToString(type.getShape())
                        << ") is too large: the generated C addresses at most "
                        << kMaxTensorBytes << " bytes per tensor";
}

/// The ONNX name of a tensor's element type (float32, int8, uint16, bool).
static std::string onnxTypeName(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (element.isF32())
    return "float32";
  if (element.isInteger(1))
    return "bool";
  if (auto i = dyn_cast<IntegerType>(element))
    return (i.isUnsigned() ? "uint" : "int") + std::to_string(i.getWidth());
  std::string text;
  llvm::raw_string_ostream os(text);
  os << element;
  return text;
}

static FailureOr<RankedTensorType>
graphValueType(OpBuilder &b, Location loc, const onnx::ValueInfoProto &vi,
               StringRef what) {
  if (!vi.type().has_tensor_type())
    return emitError(loc) << what << " '" << vi.name() << "' is not a tensor";
  const auto &tt = vi.type().tensor_type();
  Type element = elementTypeOf(b.getContext(), tt.elem_type());
  if (!element)
    return emitError(loc) << what << " '" << vi.name() << "' "
                          << unsupportedTypeReason(tt.elem_type());
  SmallVector<int64_t> dims;
  std::string example;
  for (const auto &d : tt.shape().dim()) {
    if (d.has_dim_value() && d.dim_value() <= 0)
      return emitError(loc) << what << " '" << vi.name() << "' has dimension "
                            << d.dim_value() << " at axis " << dims.size()
                            << "; dimensions must be positive";
    if (!d.has_dim_value()) {
      std::string sym = d.has_dim_param() ? d.dim_param() : "?";
      return emitError(loc)
             << what << " '" << vi.name() << "' has an unresolved dimension '"
             << sym << "'; fix it with --input-shape " << vi.name()
             << "=<d0>x<d1>x...";
    }
    dims.push_back(d.dim_value());
  }
  auto type = RankedTensorType::get(dims, element);
  if (failed(checkTensorSize(loc, type, what.str() + " '" + vi.name() + "'")))
    return failure();
  return type;
}

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext &ctx, const std::string &path,
                                     const LoadOptions &options,
                                     StringRef funcName) {
  ctx.loadDialect<nn::NNDialect, func::FuncDialect, arith::ArithDialect>();
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  onnx::ModelProto model;
  std::string error;
  if (!loadOnnxModel(path, options, model, error)) {
    emitError(fileLoc) << error;
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();
  std::map<std::string, int> opsets;
  for (const auto &op : model.opset_import())
    opsets[op.domain() == "ai.onnx" ? "" : op.domain()] = op.version();

  std::map<std::string, onnx::TypeProto> types;
  for (const auto *list : {&graph.input(), &graph.output(), &graph.value_info()})
    for (const auto &vi : *list)
      types[vi.name()] = vi.type();

  std::map<std::string, ImportedValue> values;
  for (onnx::TensorProto &init : *model.mutable_graph()->mutable_initializer()) {
    ConstTensor c;
    if (!decodeTensor(init, c, error)) {
      emitError(fileLoc) << "initializer: " << error;
      return nullptr;
    }
    // Decoded: the model's copy of the data goes.
    init.clear_raw_data();
    init.clear_float_data();
    init.clear_int32_data();
    init.clear_int64_data();
    init.clear_double_data();
    init.clear_uint64_data();
    values[init.name()] = ImportedValue{Value(), std::move(c)};
  }

  OpBuilder b(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());

  SmallVector<Type> argTypes, resultTypes;
  SmallVector<const onnx::ValueInfoProto *> runtimeInputs;
  for (const auto &in : graph.input()) {
    if (values.count(in.name()))
      continue; // an initializer listed as an input: a constant
    auto type = graphValueType(b, NameLoc::get(b.getStringAttr(in.name()), fileLoc),
                               in, "input");
    if (failed(type))
      return nullptr;
    // A scalar crosses the interface as one element of rank 1 (the kernels
    // and views take ranks 1 to 6); a reshape restores rank 0 inside.
    argTypes.push_back(type->getRank() ? *type
                                       : RankedTensorType::get({1}, type->getElementType()));
    runtimeInputs.push_back(&in);
  }
  for (const auto &out : graph.output()) {
    auto type = graphValueType(
        b, NameLoc::get(b.getStringAttr(out.name()), fileLoc), out, "output");
    if (failed(type))
      return nullptr;
    resultTypes.push_back(type->getRank()
                              ? *type
                              : RankedTensorType::get({1}, type->getElementType()));
  }
  if (resultTypes.empty()) {
    emitError(fileLoc) << "the graph has no outputs";
    return nullptr;
  }

  auto func = func::FuncOp::create(b, fileLoc, funcName,
                                   b.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, EdgecDialect::NameAttrHelper::getNameStr(), b.getStringAttr(out.name()));
  b.setInsertionPointToEnd(entry);
  for (auto [i, in] : llvm::enumerate(runtimeInputs)) {
    func.setArgAttr(i, EdgecDialect::NameAttrHelper::getNameStr(), b.getStringAttr(in->name()));
    Value arg = entry->getArgument(i);
    if (in->type().tensor_type().shape().dim_size() == 0)
      arg = nn::ReshapeOp::create(
          b, NameLoc::get(b.getStringAttr(in->name()), fileLoc),
          RankedTensorType::get({}, getElementTypeOrSelf(arg)), arg);
    values[in->name()] = ImportedValue{arg, std::nullopt};
  }

  const OpRegistry &registry = OpRegistry::get();
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    std::string name = node.name().empty()
                           ? node.op_type() + "_" + std::to_string(index)
                           : node.name();
    Location loc = NameLoc::get(b.getStringAttr(name), fileLoc);
    std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
    int opset = opsets.count(domain) ? opsets[domain] : 0;

    // Nodes on constants only (shape arithmetic) are evaluated right here.
    if (domain.empty() && node.input_size() > 0) {
      SmallVector<const ConstTensor *> constIn;
      bool allConstant = true;
      for (const std::string &in : node.input()) {
        auto it = values.find(in);
        bool isConst =
            !in.empty() && it != values.end() && it->second.constant;
        allConstant &= isConst || in.empty();
        constIn.push_back(isConst ? &*it->second.constant : nullptr);
      }
      std::vector<ConstTensor> folded;
      std::string foldError;
      if (allConstant && foldConstantNode(node, constIn, folded, foldError)) {
        for (size_t i = 0; i < folded.size() && i < (size_t)node.output_size(); ++i)
          values[node.output(i)] = ImportedValue{Value(), std::move(folded[i])};
        continue;
      }
      if (!foldError.empty()) {
        emitError(loc) << node.op_type() << " (opset " << opset
                       << "): " << foldError;
        return nullptr;
      }
    }
    const OpRegistry::Entry *entryFn =
        registry.lookup(domain, node.op_type(), opset);
    if (!entryFn) {
      emitError(loc) << "unsupported operator '"
                     << (domain.empty() ? "" : domain + ".") << node.op_type()
                     << "' (opset " << opset << ")";
      return nullptr;
    }
    // ONNX's inference writes what it computed, also when that is no
    // shape (a window larger than its padded input gives a negative size).
    // A Constant may be empty (an unused optional input such as Resize's
    // roi): it stays a constant.
    for (const std::string &out : node.output()) {
      if (node.op_type() == "Constant")
        break;
      auto it = types.find(out);
      if (out.empty() || it == types.end() || !it->second.has_tensor_type())
        continue;
      const auto &dims = it->second.tensor_type().shape().dim();
      for (int d = 0; d < dims.size(); ++d)
        if (dims[d].has_dim_value() && dims[d].dim_value() <= 0) {
          emitError(loc) << node.op_type() << ": output '" << out
                         << "' would have dimension " << dims[d].dim_value()
                         << " at axis " << d
                         << " (check the window, padding and strides against "
                            "the input's shape)";
          return nullptr;
        }
    }
    // An importer written for float tensors is not handed integer or bool
    // ones (it would build float arithmetic on them).
    auto isNumeric = [](Type t) {
      Type element = getElementTypeOrSelf(t);
      return element.isF32() || isa<quant::QuantizedType>(element);
    };
    // Past the data input, a float op's integer inputs are parameters
    // (axes, pads, sizes, zero points) that edgec needs at compile time.
    if (!entryFn->anyElementType)
      for (auto [index, in] : llvm::enumerate(node.input())) {
        auto it = values.find(in);
        if (in.empty() || it == values.end() || !it->second.value ||
            isNumeric(it->second.value.getType()))
          continue;
        std::string type = onnxTypeName(it->second.value.getType());
        InFlightDiagnostic d = emitError(loc);
        d << node.op_type() << " (opset " << opset << "): input '" << in
          << "' is " << (type[0] == 'i' ? "an " : "a ")
          << type << " tensor computed at run time; ";
        if (index == 0)
          d << "edgec's " << node.op_type()
            << " takes runtime tensors of float32 only";
        else
          d << "edgec needs it as a constant (an initializer or a Constant "
               "node)";
        return nullptr;
      }
    NodeImporter ni(node, opset, b, loc, values, types);
    if (failed(entryFn->fn(ni)))
      return nullptr;
    if (!entryFn->anyElementType)
      for (int i = 0; i < ni.numUsedOutputs(); ++i) {
        auto it = values.find(node.output(i));
        if (node.output(i).empty() || it == values.end() ||
            !it->second.value || isNumeric(it->second.value.getType()))
          continue;
        emitError(loc) << node.op_type() << " (opset " << opset
                       << "): output '" << node.output(i) << "' is a tensor of "
                       << onnxTypeName(it->second.value.getType())
                       << "; edgec's " << node.op_type()
                       << " gives float32 tensors only";
        return nullptr;
      }
    for (int i = 0; i < ni.numUsedOutputs(); ++i) {
      if (node.output(i).empty())
        continue;
      auto it = values.find(node.output(i));
      if (it == values.end()) {
        emitError(loc) << "output '" << node.output(i)
                       << "' is not supported for '" << node.op_type() << "'";
        return nullptr;
      }
      if (auto type = dyn_cast_or_null<ShapedType>(
              it->second.value ? it->second.value.getType() : Type()))
        if (failed(checkTensorSize(loc, type, "output '" + node.output(i) + "'")))
          return nullptr;
    }
  }

  SmallVector<Value> results;
  for (const auto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end()) {
      emitError(fileLoc) << "graph output '" << out.name()
                         << "' is not produced by any node";
      return nullptr;
    }
    if (!it->second.value) {
      const ConstTensor &c = *it->second.constant;
      if (c.isFloat()) {
        it->second.value = createF32Constant(b, fileLoc, c.dims, c.floats);
      } else {
        Type element = elementTypeOf(&ctx, c.dtype);
        if (!element) {
          emitError(fileLoc) << "graph output '" << out.name() << "' "
                             << unsupportedTypeReason(c.dtype);
          return nullptr;
        }
        it->second.value = arith::ConstantOp::create(
            b, fileLoc,
            cast<TypedAttr>(makeIntAttr(RankedTensorType::get(c.dims, element),
                                        c.ints, out.name())));
      }
    }
    Value result = it->second.value;
    auto type = cast<RankedTensorType>(result.getType());
    if (type.getRank() == 0)
      result = nn::ReshapeOp::create(
          b, fileLoc, RankedTensorType::get({1}, type.getElementType()), result);
    results.push_back(result);
  }
  func::ReturnOp::create(b, fileLoc, results);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace edgec
