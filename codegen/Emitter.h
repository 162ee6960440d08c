//===- Emitter.h - state shared by the parts of the C emitter ---*- C++ -*-===//
//
// The C emitter in parts: EmitKernels.cpp prints one call per kernel op
// (one printOperation per op), ModelFiles.cpp the header, weights and
// source files, Report.cpp report.json, MemoryTimeline.cpp memory.svg.
// This class holds what they share while one planned function is printed.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_CODEGEN_EMITTER_H
#define EDGEC_CODEGEN_EMITTER_H

#include "codegen/CEmitter.h"
#include "ir/EdgecDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Support/IndentedOstream.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <optional>
#include <set>
#include <string>

namespace edgec {

/// Dimensions walked by an element-wise kernel: sizes plus the strides of
/// up to three operands, coalesced so the inner loop is as long as possible.
struct NdWalk {
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<int64_t> strides[3];
};

/// The largest rank of an `ec_nd` walk (EC_MAX_RANK in ec_common.h).
constexpr int kMaxRank = 6;

NdWalk coalesce(llvm::ArrayRef<int64_t> shape,
                llvm::ArrayRef<llvm::SmallVector<int64_t>> operandStrides);

/// Collapses dimensions [lo, hi) of view `v` (of `shape`) into one loop:
/// its element count and stride. False when they do not form one stride.
bool collapseRange(mlir::Value v, llvm::ArrayRef<int64_t> shape, int64_t lo,
                   int64_t hi, int64_t &size, int64_t &stride);

/// A C float literal that reads back to exactly `v`.
std::string floatLiteral(float v);

/// "1, 2, 3"
std::string joinInts(llvm::ArrayRef<int64_t> v);

/// The C type of an element: float, int8_t, uint8_t, ... (a quantized
/// type's storage; i1 is uint8_t).
std::string cTypeOf(mlir::Type elementType);

/// The ONNX node an op came from ("" when unknown).
std::string nodeName(mlir::Location loc);

/// `s` (a name from the model, which may hold anything) as printable ASCII:
/// other bytes become `\xNN`.
std::string printableText(llvm::StringRef s);

/// Appends `bytes` as the inside of a C string literal: printable ASCII as
/// itself ('"', '\\' and '?', which could form a trigraph, escaped), other
/// bytes as octal escapes as short as the next character allows.
void appendCStringBody(std::string &out, llvm::ArrayRef<uint8_t> bytes);

/// `s` as a C string literal, quotes included (see appendCStringBody).
std::string cStringLiteral(llvm::StringRef s);

/// `s` made safe inside a C comment: printable ASCII, and no sequence that
/// ends or opens a comment or forms a trigraph ("*/" -> "*\/", "/*" ->
/// "/\*", "??" -> "?\?"). User text reaches the generated C only this way.
std::string commentText(llvm::StringRef s);

class CEmitter {
public:
  CEmitter(mlir::ModuleOp module, mlir::func::FuncOp func,
           const EmitOptions &options);

  mlir::ModuleOp module;
  mlir::func::FuncOp func;
  const EmitOptions &opts;
  TargetAttr target;
  EdgecDialect *dialect;

  /// The body of NAME_run, one call per layer, indented one level.
  std::string bodyText;
  llvm::raw_string_ostream bodyStream{bodyText};
  mlir::raw_indented_ostream body{bodyStream};
  /// `static const` parameter structs and channel tables, in order.
  std::string params;
  /// Runtime headers the source includes.
  std::set<std::string> headers{"ec_common.h"};
  bool usesArena = false, usesInputs = false, usesOutputs = false;
  /// Inputs and outputs are float * (every one is f32), else void *.
  bool floatInterface = true;
  /// A quantized model whose every input only feeds quantize kernels and
  /// every output is written by a dequantize kernel: it also gets
  /// NAME_run_int8, which takes and returns the int8 values themselves.
  /// The int8 types of the inputs and outputs, in order.
  bool int8Entry = false;
  llvm::SmallVector<mlir::quant::UniformQuantizedType> int8Inputs, int8Outputs;
  int64_t copyBytes = 0;
  /// report.json's per-layer entries, in schedule order.
  llvm::json::Array layers;

  std::string sym(llvm::StringRef s) const { return opts.name + "_" + s.str(); }

  /// The C expression of the buffer `v` (a view of an input, an output, the
  /// arena or a weight); `user` reports errors.
  mlir::FailureOr<std::string> pointer(mlir::Value v, mlir::Operation *user);
  /// A 4-D view; with a channel table its channel count is the table's.
  std::string view4(mlir::Value v,
                    std::optional<llvm::ArrayRef<int64_t>> channels = {});
  /// A static channel table for ec_conv2d_mapped_f32, or NULL.
  std::string channelTable(std::optional<llvm::ArrayRef<int64_t>> channels);
  std::string ndInit(const NdWalk &w);
  std::string clampInit(std::optional<llvm::APFloat> lo,
                        std::optional<llvm::APFloat> hi);
  /// A conv's or matmul's output activation: its clamp, or HardSwish.
  std::string activationInit(mlir::Operation *op,
                             std::optional<llvm::APFloat> lo,
                             std::optional<llvm::APFloat> hi);
  /// Adds `static const TYPE NAME = INIT;` and returns "&NAME".
  std::string addParams(llvm::StringRef type, const std::string &init);
  /// Adds `static const TYPE NAME[] = {values};` and returns "NAME".
  std::string addTable(llvm::StringRef type, llvm::ArrayRef<int64_t> values);
  /// The report entry and the comment above the call of a layer.
  void recordLayer(mlir::Operation *op, mlir::Value output, int64_t macs,
                   llvm::ArrayRef<int64_t> logicalShape = {});
  /// With --layer-hooks: the end hook of the layer printed last, if any.
  void closeLayer();
  /// Prints `fn(args...);` with the C function the op's `edgec.kernel`
  /// names, and adds its headers.
  mlir::LogicalResult call(mlir::Operation *op,
                           llvm::ArrayRef<std::string> args);
  /// The C function recorded on `op`.
  std::string kernelName(mlir::Operation *op);

private:
  std::map<std::string, std::string> channelTables;
  /// The hook call that ends the layer printed last ("" when none is open).
  std::string openLayerEnd;
  int paramCount = 0;
};

/// Prints the call of one kernel op (or nothing for views and constants).
mlir::LogicalResult emitOperation(CEmitter &emitter, mlir::Operation *op);

/// NAME.h: the interface.
std::string emitHeaderFile(CEmitter &emitter, llvm::StringRef banner);
/// The weights as `opts.weights` says, with NAME_weights.h declaring them;
/// adds the files and their total size in bytes.
mlir::LogicalResult emitWeightsFiles(CEmitter &emitter, llvm::StringRef banner,
                                     std::vector<EmittedFile> &files,
                                     int64_t &weightsBytes);
/// NAME.c: includes, parameters and NAME_run.
std::string emitSourceFile(CEmitter &emitter, llvm::StringRef banner);
/// report.json.
std::string emitReport(CEmitter &emitter, int64_t weightsBytes);
/// memory.svg: every arena buffer over time and offset.
std::string renderMemoryTimeline(mlir::func::FuncOp func);

/// Decides whether the planned function gets an int8 entry point (see
/// CEmitter::int8Entry) and records the int8 types of its interface.
void findInt8Interface(CEmitter &e);

/// The graph inputs and outputs of `func` in ONNX order: name and type.
struct Interface {
  llvm::SmallVector<std::pair<std::string, mlir::MemRefType>> inputs, outputs;
};
Interface interfaceOf(mlir::func::FuncOp func);

} // namespace edgec

#endif // EDGEC_CODEGEN_EMITTER_H
