//===- OpImporter.h - per-op ONNX importers ---------------------*- C++ -*-===//
//
// Each ONNX op is imported by a function registered under (domain, op type,
// since-opset). The function reads its node through a NodeImporter and
// builds nn ops; an op or attribute value it cannot express is an error at
// the node, never a skipped node.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_FRONTEND_OPIMPORTER_H
#define EDGEC_FRONTEND_OPIMPORTER_H

#include "ir/NNDialect.h"
#include "mlir/IR/Builders.h"
#include "onnx/onnx_pb.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edgec {

/// A tensor known at compile time (initializer, Constant, folded shape
/// arithmetic). Floating types are held as floats, integer types as int64.
struct ConstTensor {
  int32_t dtype = onnx::TensorProto::FLOAT;
  std::vector<int64_t> dims;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  bool isFloat() const;
  int64_t numElements() const;
};

/// The element type of ONNX tensors of `dtype`: f32, i1 for bool, signless
/// iN for intN, uiN for uintN; null for the types the C has none of
/// (double, float16, bfloat16, strings, complex).
mlir::Type elementTypeOf(mlir::MLIRContext *ctx, int32_t dtype);

/// Decodes a TensorProto; false with `error` set on an unsupported type.
bool decodeTensor(const onnx::TensorProto &t, ConstTensor &out,
                  std::string &error);

/// An ONNX value during import: an SSA tensor, a constant, or both.
struct ImportedValue {
  mlir::Value value;
  std::optional<ConstTensor> constant;
};

class NodeImporter {
public:
  NodeImporter(const onnx::NodeProto &node, int opset, mlir::OpBuilder &b,
               mlir::Location loc, std::map<std::string, ImportedValue> &values,
               const std::map<std::string, onnx::TypeProto> &types)
      : node(node), opset(opset), b(b), loc(loc), values(values),
        types(types) {}

  const onnx::NodeProto &node;
  const int opset;
  mlir::OpBuilder &b;
  const mlir::Location loc;

  /// Number of inputs, counting omitted optional ones ("").
  int numInputs() const { return node.input_size(); }
  bool hasInput(int i) const {
    return i < node.input_size() && !node.input(i).empty();
  }
  /// Input `i` as a tensor value; constants are materialized (float ones as
  /// f32, integer and bool ones in their own element type).
  mlir::FailureOr<mlir::Value> input(int i);
  /// Input `i` as `input(i)` does, or a null Value when it is omitted.
  mlir::FailureOr<mlir::Value> optionalInput(int i);
  /// Input `i` when it is known at compile time, else nullptr.
  const ConstTensor *constant(int i) const;
  /// Input `i`'s shape.
  mlir::FailureOr<llvm::SmallVector<int64_t>> inputShape(int i);

  bool hasAttr(llvm::StringRef name) const;
  int64_t attrInt(llvm::StringRef name, int64_t dflt) const;
  float attrFloat(llvm::StringRef name, float dflt) const;
  std::string attrString(llvm::StringRef name, llvm::StringRef dflt) const;
  std::vector<int64_t> attrInts(llvm::StringRef name,
                                std::vector<int64_t> dflt = {}) const;
  const onnx::AttributeProto *attr(llvm::StringRef name) const;

  /// The tensor type ONNX shape inference gave output `i`.
  mlir::FailureOr<mlir::RankedTensorType> outputType(int i);
  /// The type of output `i` computed by the importer: checked against ONNX
  /// shape inference when it knows the output, used as is when it does not
  /// (its data propagation cannot follow every shape computation).
  mlir::FailureOr<mlir::RankedTensorType>
  checkedOutputType(int i, llvm::ArrayRef<int64_t> shape);
  /// Output `i`'s shape when ONNX's shape inference (or the graph's own
  /// declaration) fixes every dimension, else nullopt; reports nothing.
  /// Parameters computed at run time (a Reshape's shape, Unsqueeze's axes,
  /// Resize's sizes, ...) are read from it, as the compiled C has one shape.
  std::optional<llvm::SmallVector<int64_t>> knownOutputShape(int i) const;
  /// Number of outputs the graph actually uses (trailing "" excluded).
  int numUsedOutputs() const;

  void setOutput(int i, mlir::Value v);
  void setOutputConstant(int i, ConstTensor c);

  /// Imports the standard ONNX op `opType` with this node's attributes on
  /// `inputs` (values or constants; an empty one is an omitted input) and
  /// returns its first output: QLinear ops are their float op between
  /// roundings.
  mlir::FailureOr<mlir::Value> importAs(llvm::StringRef opType,
                                        llvm::ArrayRef<ImportedValue> inputs);

  /// The imported value of input `i` as it is (no materialization).
  const ImportedValue *raw(int i) const;

  /// Reports `msg` at the node and returns failure.
  mlir::LogicalResult fail(const llvm::Twine &msg);

private:
  std::map<std::string, ImportedValue> &values;
  const std::map<std::string, onnx::TypeProto> &types;
};

using ImportFn = std::function<mlir::LogicalResult(NodeImporter &)>;

/// Importers keyed by (domain, op type); each key holds entries by the
/// opset version they apply from.
class OpRegistry {
public:
  struct Entry {
    std::string domain, opType;
    int sinceVersion;
    ImportFn fn;
    /// The importer handles integer and bool tensors (runtime values of
    /// types other than f32 and quantized ones); other importers are only
    /// called on float values.
    bool anyElementType = false;
  };

  void add(llvm::StringRef opType, int sinceVersion, ImportFn fn,
           llvm::StringRef domain = "");
  /// Declares that the importers of `opType` take integer and bool tensors.
  void allowAnyElementType(llvm::StringRef opType, llvm::StringRef domain = "");
  /// The entry with the greatest since-version <= `opset`, or nullptr.
  const Entry *lookup(llvm::StringRef domain, llvm::StringRef opType,
                      int opset) const;
  const std::vector<Entry> &entries() const { return all; }

  /// The registry with every importer edgec has.
  static const OpRegistry &get();

private:
  std::vector<Entry> all;
};

// One registration function per op family (frontend/ops/*.cpp).
void registerConvImporters(OpRegistry &r);
void registerPoolImporters(OpRegistry &r);
void registerMatMulImporters(OpRegistry &r);
void registerElementwiseImporters(OpRegistry &r);
void registerNormImporters(OpRegistry &r);
void registerShapeImporters(OpRegistry &r);
void registerDataImporters(OpRegistry &r);
void registerReduceImporters(OpRegistry &r);
void registerQuantImporters(OpRegistry &r);

/// log(softmax(x)) along `axis` of an f32 tensor, as (x - max) -
/// log(sum(exp(x - max))), which stays finite where softmax underflows.
mlir::Value buildLogSoftmax(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value x, int64_t axis);

/// Normalizes a possibly negative axis; nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace edgec

#endif // EDGEC_FRONTEND_OPIMPORTER_H
