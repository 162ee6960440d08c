//===- KernelTable.cpp - the runtime's kernels and when they apply --------===//
#include "targets/KernelTable.h"

#include "ir/ElementTypes.h"
#include "ir/KernelDialect.h"
#include "ir/OpVerifiers.h"
#include "ir/Quantization.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace edgec {

namespace {

/// Ops whose verifier already pins their types.
bool anyOp(Operation *) { return true; }

/// Every operand has element type f32.
bool allF32(Operation *op) {
  return llvm::all_of(op->getOperandTypes(), [](Type t) {
    return cast<MemRefType>(t).getElementType().isF32();
  });
}

/// A copy of elements of `bytes` bytes other than f32.
template <int64_t bytes> bool copiesBytes(Operation *op) {
  Type element = cast<MemRefType>(op->getOperand(0).getType()).getElementType();
  return !element.isF32() && elementBytes(element) == bytes;
}

/// The input (operand 0) is per-tensor int8 quantized.
bool int8In(Operation *op) { return (bool)int8ElementType(op->getOperand(0)); }

/// The innermost dimension of operand `i` is contiguous.
bool innerContiguous(Operation *op, unsigned i) {
  auto type = cast<MemRefType>(op->getOperand(i).getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         !strides.empty() && strides.back() == 1;
}

/// int8, one group, no channel tables, input channels contiguous: the
/// kernels that read the filter output channel first.
bool denseConvS8(Operation *op) {
  auto conv = cast<kernel::Conv2DOp>(op);
  return int8In(op) && !conv.isMapped() && conv.getGroups() == 1 &&
         innerContiguous(op, 0);
}

/// int8, one group (any channel strides or tables).
bool oneGroupConvS8(Operation *op) {
  return int8In(op) && cast<kernel::Conv2DOp>(op).getGroups() == 1;
}
bool oneGroupMappedConvS8(Operation *op) {
  return oneGroupConvS8(op) && cast<kernel::Conv2DOp>(op).isMapped();
}
bool oneGroupPlainConvS8(Operation *op) {
  return oneGroupConvS8(op) && !cast<kernel::Conv2DOp>(op).isMapped();
}

bool mappedConvS8(Operation *op) {
  return int8In(op) && cast<kernel::Conv2DOp>(op).isMapped();
}
bool depthwiseConvS8(Operation *op) {
  return int8In(op) && cast<kernel::Conv2DOp>(op).isDepthwise();
}
/// Depthwise with channels contiguous in input and output, no tables.
bool packedDepthwiseConvS8(Operation *op) {
  auto conv = cast<kernel::Conv2DOp>(op);
  return depthwiseConvS8(op) && !conv.isMapped() && innerContiguous(op, 0) &&
         innerContiguous(op, op->getNumOperands() - 1);
}
bool addS8(Operation *op) {
  auto kind = cast<kernel::BinaryOp>(op).getKind();
  return int8In(op) && (kind == BinaryKind::add || kind == BinaryKind::sub);
}
bool mulS8(Operation *op) {
  return int8In(op) && cast<kernel::BinaryOp>(op).getKind() == BinaryKind::mul;
}

bool oneGroupMappedConvF32(Operation *op) {
  auto conv = cast<kernel::Conv2DOp>(op);
  return allF32(op) && conv.getGroups() == 1 && conv.isMapped();
}
bool oneGroupPlainConvF32(Operation *op) {
  auto conv = cast<kernel::Conv2DOp>(op);
  return allF32(op) && conv.getGroups() == 1 && !conv.isMapped();
}

/// f32 with at least 8 output channels per group: fewer would leave most
/// of a block of 16 padding (depthwise ones have their own kernels).
bool gemmChannels(Operation *op) {
  auto conv = cast<kernel::Conv2DOp>(op);
  return allF32(op) &&
         conv.getLogicalOutputShape()[3] / conv.getGroups() >= 8;
}
bool gemmConvF32(Operation *op) {
  return gemmChannels(op) && !cast<kernel::Conv2DOp>(op).isMapped();
}

/// gemmConvF32 with channel tables.
bool mappedGemmConvF32(Operation *op) {
  return gemmChannels(op) && cast<kernel::Conv2DOp>(op).isMapped();
}

bool mappedConv(Operation *op) {
  return allF32(op) && cast<kernel::Conv2DOp>(op).isMapped();
}
bool depthwiseConv(Operation *op) {
  return allF32(op) && cast<kernel::Conv2DOp>(op).isDepthwise();
}
/// f32 depthwise with channels contiguous in input and output, no tables.
bool packedDepthwiseConvF32(Operation *op) {
  auto conv = cast<kernel::Conv2DOp>(op);
  return depthwiseConv(op) && !conv.isMapped() && innerContiguous(op, 0) &&
         innerContiguous(op, op->getNumOperands() - 1);
}
/// f32 pow and fmod, which call the math header's functions.
bool mathF32(Operation *op) {
  BinaryKind kind = cast<kernel::BinaryOp>(op).getKind();
  return allF32(op) && (kind == BinaryKind::pow || kind == BinaryKind::fmod);
}

} // namespace

int elementCode(Type element) {
  if (element.isF32())
    return 0;
  auto i = dyn_cast<IntegerType>(element);
  if (!i)
    return -1;
  if (i.getWidth() == 1)
    return 9;
  int log = i.getWidth() == 8    ? 0
            : i.getWidth() == 16 ? 1
            : i.getWidth() == 32 ? 2
            : i.getWidth() == 64 ? 3
                                 : -1;
  if (log < 0)
    return -1;
  return (i.isUnsigned() ? 5 : 1) + log;
}

namespace {

/// The element code of operand `i` (-1: quantized or other).
int codeOf(Operation *op, unsigned i) {
  return elementCode(cast<MemRefType>(op->getOperand(i).getType()).getElementType());
}

bool logicalKind(BinaryKind k) {
  return k == BinaryKind::logical_and || k == BinaryKind::logical_or ||
         k == BinaryKind::logical_xor;
}

/// Integer arithmetic, remainders and shifts on elements of code `C`.
template <int C> bool intBinary(Operation *op) {
  auto kind = cast<kernel::BinaryOp>(op).getKind();
  return codeOf(op, 0) == C && !isComparison(kind) && !logicalKind(kind);
}
/// A comparison of elements of code `C`.
template <int C> bool compareOn(Operation *op) {
  return codeOf(op, 0) == C && isComparison(cast<kernel::BinaryOp>(op).getKind());
}
bool logicalB1(Operation *op) {
  return logicalKind(cast<kernel::BinaryOp>(op).getKind());
}
template <int C> bool unaryOn(Operation *op) { return codeOf(op, 0) == C; }
/// The output (the last operand) has elements of `bytes` bytes (plain
/// types).
template <int64_t bytes> bool outputBytes(Operation *op) {
  Type t = cast<MemRefType>(op->getOperand(op->getNumOperands() - 1).getType())
               .getElementType();
  return elementCode(t) >= 0 && elementBytes(t) == bytes;
}
template <int C> bool argReduceOn(Operation *op) { return codeOf(op, 0) == C; }

constexpr StringRef kConv[] = {"ec_conv.h"};
constexpr StringRef kPool[] = {"ec_pool.h"};
constexpr StringRef kMatMul[] = {"ec_matmul.h"};
constexpr StringRef kEltwise[] = {"ec_eltwise.h"};
constexpr StringRef kEltwiseMath[] = {"ec_eltwise.h", "ec_math.h"};
constexpr StringRef kSoftmax[] = {"ec_softmax.h", "ec_math.h"};
constexpr StringRef kPad[] = {"ec_pad.h"};
constexpr StringRef kNorm[] = {"ec_norm.h"};
constexpr StringRef kCopy[] = {"ec_copy.h"};
constexpr StringRef kConvS8[] = {"ec_conv_s8.h"};
constexpr StringRef kConvS8Dsp[] = {"ec_conv_s8_dsp.h"};
constexpr StringRef kConvS8Mve[] = {"ec_conv_s8_mve.h"};
constexpr StringRef kEltwiseS8Mve[] = {"ec_eltwise_s8_mve.h"};
constexpr StringRef kConvS8Neon[] = {"ec_conv_s8_neon.h"};
constexpr StringRef kConvFpu[] = {"ec_conv_fpu.h"};
constexpr StringRef kConvSimd[] = {"ec_conv_simd.h"};
constexpr StringRef kEltwiseS8Neon[] = {"ec_eltwise_s8_neon.h"};
constexpr StringRef kMatMulS8[] = {"ec_matmul_s8.h"};
constexpr StringRef kEltwiseS8[] = {"ec_eltwise_s8.h"};
constexpr StringRef kPoolS8[] = {"ec_pool_s8.h"};
constexpr StringRef kQuant[] = {"ec_quant.h"};
constexpr StringRef kSoftmaxS8[] = {"ec_softmax_s8.h"};
constexpr StringRef kEltwiseInt[] = {"ec_eltwise_int.h"};

const KernelEntry kTable[] = {
    {"kernel.conv2d", "ec_conv2d_mapped_ohwi_s8_mve", kConvS8Mve, "mve",
     oneGroupMappedConvS8,
     "int8, one group, channel tables; Helium VMLADAVA, 4 output channels "
     "x 16 window bytes",
     /*rasterInPlace=*/false, /*ohwiFilter=*/true, /*foldInputOffset=*/true,
     /*foldPadded=*/true},
    {"kernel.conv2d", "ec_conv2d_ohwi_s8_mve", kConvS8Mve, "mve",
     oneGroupPlainConvS8,
     "int8, one group; Helium VMLADAVA, 4 output channels x 16 window bytes",
     /*rasterInPlace=*/false, /*ohwiFilter=*/true, /*foldInputOffset=*/true,
     /*foldPadded=*/true},
    {"kernel.conv2d", "ec_dwconv2d_s8_mve", kConvS8Mve, "mve",
     packedDepthwiseConvS8,
     "int8 depthwise, channels contiguous; Helium, 8 channels per step",
     /*rasterInPlace=*/true},
    {"kernel.conv2d", "ec_conv2d_mapped_ohwi_s8_neon", kConvS8Neon, "neon",
     oneGroupMappedConvS8,
     "int8, one group, channel tables; NEON SMULL/SADALP, 4 pixels x 4 "
     "output channels",
     /*rasterInPlace=*/false, /*ohwiFilter=*/true, /*foldInputOffset=*/true,
     /*foldPadded=*/true},
    {"kernel.conv2d", "ec_conv2d_ohwi_s8_neon", kConvS8Neon, "neon",
     oneGroupPlainConvS8,
     "int8, one group; NEON SMULL/SADALP, 4 pixels x 4 output channels",
     /*rasterInPlace=*/false, /*ohwiFilter=*/true, /*foldInputOffset=*/true,
     /*foldPadded=*/true},
    {"kernel.conv2d", "ec_dwconv2d_s8_neon", kConvS8Neon, "neon",
     packedDepthwiseConvS8,
     "int8 depthwise, channels contiguous; NEON SMLAL, 8 channels per step",
     /*rasterInPlace=*/true},
    {"kernel.conv2d", "ec_dwconv2d_s8_dsp", kConvS8Dsp, "dsp",
     packedDepthwiseConvS8,
     "int8 depthwise, channels contiguous; SMLABB/SMLATT, 4 channels per "
     "step",
     /*rasterInPlace=*/true},
    {"kernel.conv2d", "ec_conv2d_mapped_ohwi_s8_dsp", kConvS8Dsp, "dsp",
     oneGroupMappedConvS8,
     "int8, one group, channel tables; SMLAD on 2 pixels x 2 output channels",
     /*rasterInPlace=*/false, /*ohwiFilter=*/true, /*foldInputOffset=*/true,
     /*foldPadded=*/true},
    {"kernel.conv2d", "ec_conv2d_ohwi_s8_dsp", kConvS8Dsp, "dsp",
     oneGroupPlainConvS8,
     "int8, one group; SMLAD on 2 pixels x 2 output channels",
     /*rasterInPlace=*/false, /*ohwiFilter=*/true, /*foldInputOffset=*/true,
     /*foldPadded=*/true},
    {"kernel.conv2d", "ec_conv2d_mapped_s8", kConvS8, "", mappedConvS8,
     "int8 with channel tables"},
    {"kernel.conv2d", "ec_dwconv2d_s8", kConvS8, "", depthwiseConvS8,
     "int8, one input and one output channel per group",
     /*rasterInPlace=*/true},
    {"kernel.conv2d", "ec_conv2d_ohwi_s8", kConvS8, "", denseConvS8,
     "int8, one group, input channels contiguous; dot products over "
     "contiguous weights",
     /*rasterInPlace=*/false, /*ohwiFilter=*/true, /*foldInputOffset=*/true},
    {"kernel.conv2d", "ec_conv2d_s8", kConvS8, "", int8In, "int8"},
    {"kernel.conv2d", "ec_conv2d_mapped_f32_fpu", kConvFpu, "fpu",
     oneGroupMappedConvF32,
     "f32, one group, channel tables; 4 pixels x 4 output channels in FPU "
     "or Helium registers, fused multiply-add",
     /*rasterInPlace=*/false},
    {"kernel.conv2d", "ec_conv2d_f32_fpu", kConvFpu, "fpu", oneGroupPlainConvF32,
     "f32, one group; 4 pixels x 4 output channels in FPU or Helium "
     "registers, fused multiply-add",
     /*rasterInPlace=*/false},
    {"kernel.conv2d", "ec_conv2d_mapped_gemm_f32", kConvSimd, "neon|sse2",
     mappedGemmConvF32,
     "f32, channel tables, 8 or more output channels per group; the GEMM "
     "kernel reading and writing channels through the tables",
     /*rasterInPlace=*/false, /*ohwiFilter=*/false, /*foldInputOffset=*/false,
     /*foldPadded=*/false, /*filterBlock=*/16},
    {"kernel.conv2d", "ec_conv2d_gemm_f32", kConvSimd, "neon|sse2",
     gemmConvF32,
     "f32, 8 or more output channels per group; filters packed in blocks "
     "of 16 output channels, a tile of pixels x 16 channels in vector "
     "registers",
     /*rasterInPlace=*/false, /*ohwiFilter=*/false, /*foldInputOffset=*/false,
     /*foldPadded=*/false, /*filterBlock=*/16},
    {"kernel.conv2d", "ec_conv2d_mapped_f32", kConv, "", mappedConv,
     "f32 with channel tables"},
    {"kernel.conv2d", "ec_dwconv2d_f32_fpu", kConvFpu, "fpu",
     packedDepthwiseConvF32,
     "f32 depthwise, channels contiguous; 4 channels in FPU or Helium "
     "registers, fused multiply-add",
     /*rasterInPlace=*/true},
    {"kernel.conv2d", "ec_dwconv2d_simd_f32", kConvSimd, "neon|sse2",
     packedDepthwiseConvF32,
     "f32 depthwise, channels contiguous; 4 pixels x 16 channels in vector "
     "registers",
     /*rasterInPlace=*/true},
    {"kernel.conv2d", "ec_dwconv2d_f32", kConv, "", depthwiseConv,
     "f32, one input and one output channel per group",
     /*rasterInPlace=*/true},
    {"kernel.conv2d", "ec_conv2d_blocked_f32", kConv, "neon|sse2", allF32,
     "f32; blocks of output channels accumulate in vector registers"},
    {"kernel.conv2d", "ec_conv2d_f32", kConv, "", allF32, "f32"},
    {"kernel.quadratic_dwconv2d", "ec_qdwconv2d_f32", kConv, "", allF32, "f32"},
    {"kernel.pool2d", "ec_pool2d_s8", kPoolS8, "", int8In,
     "int8, one type in and out"},
    {"kernel.pool2d", "ec_pool2d_f32", kPool, "", allF32, "f32"},
    {"kernel.matmul", "ec_matmul_s8", kMatMulS8, "", int8In,
     "int8 activations, int8 weights per column"},
    {"kernel.matmul", "ec_matmul_f32", kMatMul, "", allF32, "f32"},
    {"kernel.binary", "ec_add_s8_mve", kEltwiseS8Mve, "mve", addS8,
     "int8 add, sub; Helium, 4 elements per step on contiguous rows"},
    {"kernel.binary", "ec_add_s8_neon", kEltwiseS8Neon, "neon", addS8,
     "int8 add, sub; NEON, 8 elements per step on contiguous rows"},
    {"kernel.binary", "ec_add_s8", kEltwiseS8, "", addS8, "int8 add, sub"},
    {"kernel.binary", "ec_mul_s8", kEltwiseS8, "", mulS8, "int8 mul"},
    {"kernel.binary", "ec_binary_f32", kEltwiseMath, "", mathF32,
     "f32 pow, fmod"},
    {"kernel.binary", "ec_binary_f32", kEltwise, "", allF32, "f32"},
    {"kernel.binary", "ec_binary_i8", kEltwiseInt, "", intBinary<1>, "int8"},
    {"kernel.binary", "ec_binary_i16", kEltwiseInt, "", intBinary<2>, "int16"},
    {"kernel.binary", "ec_binary_i32", kEltwiseInt, "", intBinary<3>, "int32"},
    {"kernel.binary", "ec_binary_i64", kEltwiseInt, "", intBinary<4>, "int64"},
    {"kernel.binary", "ec_binary_u8", kEltwiseInt, "", intBinary<5>, "uint8"},
    {"kernel.binary", "ec_binary_u16", kEltwiseInt, "", intBinary<6>, "uint16"},
    {"kernel.binary", "ec_binary_u32", kEltwiseInt, "", intBinary<7>, "uint32"},
    {"kernel.binary", "ec_binary_u64", kEltwiseInt, "", intBinary<8>, "uint64"},
    {"kernel.binary", "ec_compare_f32", kEltwiseInt, "", compareOn<0>,
     "comparisons of f32"},
    {"kernel.binary", "ec_compare_i8", kEltwiseInt, "", compareOn<1>,
     "comparisons of int8"},
    {"kernel.binary", "ec_compare_i16", kEltwiseInt, "", compareOn<2>,
     "comparisons of int16"},
    {"kernel.binary", "ec_compare_i32", kEltwiseInt, "", compareOn<3>,
     "comparisons of int32"},
    {"kernel.binary", "ec_compare_i64", kEltwiseInt, "", compareOn<4>,
     "comparisons of int64"},
    {"kernel.binary", "ec_compare_u8", kEltwiseInt, "", compareOn<5>,
     "comparisons of uint8"},
    {"kernel.binary", "ec_compare_u16", kEltwiseInt, "", compareOn<6>,
     "comparisons of uint16"},
    {"kernel.binary", "ec_compare_u32", kEltwiseInt, "", compareOn<7>,
     "comparisons of uint32"},
    {"kernel.binary", "ec_compare_u64", kEltwiseInt, "", compareOn<8>,
     "comparisons of uint64"},
    {"kernel.binary", "ec_compare_b1", kEltwiseInt, "", compareOn<9>,
     "comparisons of bool"},
    {"kernel.binary", "ec_logical_b1", kEltwiseInt, "", logicalB1,
     "bool and, or, xor"},
    {"kernel.unary", "ec_unary_i8", kEltwiseInt, "", unaryOn<1>, "int8"},
    {"kernel.unary", "ec_unary_i16", kEltwiseInt, "", unaryOn<2>, "int16"},
    {"kernel.unary", "ec_unary_i32", kEltwiseInt, "", unaryOn<3>, "int32"},
    {"kernel.unary", "ec_unary_i64", kEltwiseInt, "", unaryOn<4>, "int64"},
    {"kernel.unary", "ec_unary_u8", kEltwiseInt, "", unaryOn<5>, "uint8"},
    {"kernel.unary", "ec_unary_u16", kEltwiseInt, "", unaryOn<6>, "uint16"},
    {"kernel.unary", "ec_unary_u32", kEltwiseInt, "", unaryOn<7>, "uint32"},
    {"kernel.unary", "ec_unary_u64", kEltwiseInt, "", unaryOn<8>, "uint64"},
    {"kernel.unary", "ec_not_b1", kEltwiseInt, "", unaryOn<9>, "bool not"},
    {"kernel.cast", "ec_cast", kEltwiseInt, "", anyOp,
     "any element type to any other"},
    {"kernel.where", "ec_where_b8", kEltwiseInt, "", outputBytes<1>,
     "1-byte elements"},
    {"kernel.where", "ec_where_b16", kEltwiseInt, "", outputBytes<2>,
     "2-byte elements"},
    {"kernel.where", "ec_where_b32", kEltwiseInt, "", outputBytes<4>,
     "4-byte elements (f32 too)"},
    {"kernel.where", "ec_where_b64", kEltwiseInt, "", outputBytes<8>,
     "8-byte elements"},
    {"kernel.top_k", "ec_top_k_f32", kEltwiseInt, "", argReduceOn<0>, "f32"},
    {"kernel.top_k", "ec_top_k_i8", kEltwiseInt, "", argReduceOn<1>, "int8"},
    {"kernel.top_k", "ec_top_k_i16", kEltwiseInt, "", argReduceOn<2>, "int16"},
    {"kernel.top_k", "ec_top_k_i32", kEltwiseInt, "", argReduceOn<3>, "int32"},
    {"kernel.top_k", "ec_top_k_i64", kEltwiseInt, "", argReduceOn<4>, "int64"},
    {"kernel.top_k", "ec_top_k_u8", kEltwiseInt, "", argReduceOn<5>, "uint8"},
    {"kernel.top_k", "ec_top_k_u16", kEltwiseInt, "", argReduceOn<6>, "uint16"},
    {"kernel.top_k", "ec_top_k_u32", kEltwiseInt, "", argReduceOn<7>, "uint32"},
    {"kernel.top_k", "ec_top_k_u64", kEltwiseInt, "", argReduceOn<8>, "uint64"},
    {"kernel.gather_elements", "ec_gather_b8", kEltwiseInt, "", outputBytes<1>,
     "1-byte elements"},
    {"kernel.gather_elements", "ec_gather_b16", kEltwiseInt, "", outputBytes<2>,
     "2-byte elements"},
    {"kernel.gather_elements", "ec_gather_b32", kEltwiseInt, "", outputBytes<4>,
     "4-byte elements (f32 too)"},
    {"kernel.gather_elements", "ec_gather_b64", kEltwiseInt, "", outputBytes<8>,
     "8-byte elements"},
    {"kernel.arg_reduce", "ec_arg_reduce_f32", kEltwiseInt, "", argReduceOn<0>, "f32"},
    {"kernel.arg_reduce", "ec_arg_reduce_i8", kEltwiseInt, "", argReduceOn<1>, "int8"},
    {"kernel.arg_reduce", "ec_arg_reduce_i16", kEltwiseInt, "", argReduceOn<2>, "int16"},
    {"kernel.arg_reduce", "ec_arg_reduce_i32", kEltwiseInt, "", argReduceOn<3>, "int32"},
    {"kernel.arg_reduce", "ec_arg_reduce_i64", kEltwiseInt, "", argReduceOn<4>, "int64"},
    {"kernel.arg_reduce", "ec_arg_reduce_u8", kEltwiseInt, "", argReduceOn<5>, "uint8"},
    {"kernel.arg_reduce", "ec_arg_reduce_u16", kEltwiseInt, "", argReduceOn<6>, "uint16"},
    {"kernel.arg_reduce", "ec_arg_reduce_u32", kEltwiseInt, "", argReduceOn<7>, "uint32"},
    {"kernel.arg_reduce", "ec_arg_reduce_u64", kEltwiseInt, "", argReduceOn<8>, "uint64"},
    {"kernel.clamp", "ec_clamp_f32", kEltwise, "", allF32, "f32"},
    {"kernel.unary", "ec_unary_f32", kEltwiseMath, "", allF32, "f32"},
    {"kernel.copy", "ec_copy_f32", kEltwise, "", allF32, "f32"},
    {"kernel.copy", "ec_copy_b8", kCopy, "", copiesBytes<1>,
     "1-byte elements (i8, ui8, i1, quantized 8-bit)"},
    {"kernel.copy", "ec_copy_b16", kCopy, "", copiesBytes<2>,
     "2-byte elements"},
    {"kernel.copy", "ec_copy_b32", kCopy, "", copiesBytes<4>,
     "4-byte elements other than f32 (i32, quantized 32-bit)"},
    {"kernel.copy", "ec_copy_b64", kCopy, "", copiesBytes<8>,
     "8-byte elements (i64)"},
    {"kernel.softmax", "ec_softmax_s8", kSoftmaxS8, "", int8In,
     "int8 in, 1/256 steps out"},
    {"kernel.softmax", "ec_softmax_f32", kSoftmax, "", allF32, "f32"},
    {"kernel.quantize", "ec_quantize_s8", kQuant, "", anyOp,
     "f32 to int8"},
    {"kernel.dequantize", "ec_dequantize_s8", kQuant, "", anyOp,
     "int8 to f32"},
    {"kernel.requantize", "ec_requantize_s8", kQuant, "", anyOp,
     "int8 to int8"},
    {"kernel.lookup", "ec_lookup_s8", kQuant, "", anyOp,
     "int8 through a 256-entry table"},
    {"kernel.pad", "ec_pad_f32", kPad, "", allF32, "f32"},
    {"kernel.reduce", "ec_reduce_f32", kNorm, "", allF32, "f32"},
    {"kernel.layer_norm", "ec_layernorm_f32", kNorm, "", allF32, "f32"},
    {"kernel.lrn", "ec_lrn_f32", kNorm, "", allF32, "f32"},
};

} // namespace

ArrayRef<KernelEntry> kernelTable() { return kTable; }

const KernelEntry *selectKernel(Operation *op, TargetAttr target) {
  StringRef name = op->getName().getStringRef();
  for (const KernelEntry &e : kTable)
    if (e.op == name && (e.features.empty() || target.hasAnyFeature(e.features)) &&
        e.matches(op))
      return &e;
  return nullptr;
}

const KernelEntry *findKernel(StringRef fn) {
  for (const KernelEntry &e : kTable)
    if (e.fn == fn)
      return &e;
  return nullptr;
}

const KernelEntry *selectedKernel(Operation *op) {
  auto *dialect = op->getContext()->getLoadedDialect<EdgecDialect>();
  if (!dialect)
    return nullptr;
  KernelAttr attr = dialect->getKernelAttrHelper().getAttr(op);
  return attr ? findKernel(attr.getFn()) : nullptr;
}

KernelAttr getKernelAttr(MLIRContext *ctx, const KernelEntry &entry) {
  Builder b(ctx);
  SmallVector<Attribute> headers;
  for (StringRef h : entry.headers)
    headers.push_back(b.getStringAttr(h));
  return KernelAttr::get(ctx, b.getStringAttr(entry.fn),
                         b.getArrayAttr(headers));
}

} // namespace edgec
