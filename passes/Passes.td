//===- Passes.td - edgec passes ----------------------------*- tablegen -*-===//
#ifndef EDGEC_PASSES
#define EDGEC_PASSES

include "mlir/Pass/PassBase.td"

def SetTarget : Pass<"edgec-set-target", "mlir::ModuleOp"> {
  let summary = "Record the target on the module";
  let description = [{
    Puts the description of target `target` (from the target table:
    features, FPU, memory sizes, alignment, compiler and flags, cost model)
    on the module as `edgec.target`. Every later pass and the C emitter read
    it from there. Without the option a module keeps the target it has, and
    one without any gets the host. With `portable` the attribute lists no
    ISA features: kernel selection then picks the portable C kernels
    (`edgec --kernels=portable`, to compare against or to debug with).
  }];
  let options = [
    Option<"targetName", "target", "std::string", /*default=*/"\"\"",
           "target name (edgec --list-targets)">,
    Option<"portable", "portable", "bool", /*default=*/"false",
           "leave the target's ISA features out, so that only the portable "
           "C kernels are chosen">
  ];
  let dependentDialects = ["edgec::EdgecDialect"];
}

def Decompose : Pass<"edgec-decompose", "mlir::func::FuncOp"> {
  let summary = "Rewrite composite nn ops (batch_norm) into primitive ones";
  let description = [{
    `nn.batch_norm` with constant parameters becomes a per-channel
    `nn.mul` and `nn.add` with folded constants, which later passes fold into
    the producing convolution or fuse away.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def RecognizeChannelShuffle
    : Pass<"edgec-recognize-channel-shuffle", "mlir::func::FuncOp"> {
  let summary = "Turn reshape-transpose-reshape channel shuffles into nn.channel_shuffle";
  let description = [{
    Exporters write a channel shuffle as a reshape that splits one axis of C
    into (g, C/g), a transpose swapping those two dimensions, and a reshape
    back. As one `nn.channel_shuffle` it moves through layout changes and
    lowers to pure addressing.
  }];
}

def PropagateLayout : Pass<"edgec-propagate-layout", "mlir::func::FuncOp"> {
  let summary = "Sink layout transposes through the graph and cancel them";
  let description = [{
    The importer surrounds every NHWC op with NCHW<->NHWC transposes. This
    pass moves transposes towards the graph outputs through element-wise ops,
    concatenation and softmax (transposing constant operands at compile
    time), merges consecutive transposes, drops identities, and turns
    transposes that only move size-1 dimensions into reshapes, so that a
    chain of convolutions runs in NHWC without any copy in between.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def Quantize : Pass<"edgec-quantize", "mlir::func::FuncOp"> {
  let summary = "Calibrated post-training int8 quantization of the float graph";
  let description = [{
    Runs the optimized float graph on the calibration samples (inside the
    compiler) to see every tensor's range, then gives the ops that have
    int8 kernels int8 types (`!quant.uniform`): per-tensor asymmetric int8
    activations, per-channel symmetric int8 weights, int32 biases in units
    of input scale x weight scale. A fused ReLU/ReLU6/Clip becomes the
    requantization clamp (a ReLU6 output covers exactly [0, 6]); element-wise
    functions (sigmoid, tanh, hard swish, clamps, ...) become 256-entry
    lookup tables; pooling, reshapes, transposes, slices, shuffles and
    concatenations keep one type through them, so a concatenation stays
    pure addressing. Ops without an int8 kernel stay f32 with
    `nn.dequantize` / `nn.quantize` at their boundary and record why in
    `edgec.float_reason`. The function keeps its f32 inputs and outputs.

    `calib` lists, per graph input, `NAME=PATH` (or just PATH for a single
    input): a .npy file whose first axis indexes the samples, or a folder
    of .npy files, one sample each. `observer` picks each range: `minmax`,
    `percentile` (the 0.01% tails clipped) or `mse` (the clipping with the
    least quantization error on the sampled values).
  }];
  let options = [
    ListOption<"calib", "calib", "std::string",
               "calibration samples: NAME=PATH per input, or PATH">,
    Option<"observer", "observer", "std::string", /*default=*/"\"minmax\"",
           "range observer: minmax, percentile or mse">,
    Option<"maxSamples", "max-samples", "unsigned", /*default=*/"0",
           "use at most this many samples (0: all)">,
  ];
  let dependentDialects = ["mlir::quant::QuantDialect",
                           "mlir::arith::ArithDialect"];
}

def Schedule : Pass<"edgec-schedule", "mlir::func::FuncOp"> {
  let summary = "Reorder nn ops to lower the peak of live tensor bytes";
  let description = [{
    Searches the topological orders for the lowest peak of live bytes: a
    dynamic program over the sets of ops already run, one op more per step,
    keeping the lowest peak that reaches each set (what is live after a set
    depends on the set only). It is exact while every step has at most
    `search-width` sets; past that, each step keeps the `search-width` best
    (a beam search). Greedy list scheduling (run the op needing the fewest
    live bytes, preferring the one that frees the most) also runs, and the
    lower estimate wins. The new order is kept only when its estimated peak
    is below the current order's; `edgec.schedule_search` on the function
    says whether the search was exact. (`edgec-compile-variants` compiles with
    and without this pass and keeps the smaller arena, so a schedule is never
    worse than ONNX's node order.)
  }];
  let options = [
    Option<"searchWidth", "search-width", "unsigned", /*default=*/"2000",
           "Sets of ops kept per step; the search is exact below it">,
  ];
}

def ExpandQuadraticConv
    : Pass<"edgec-expand-quadratic-conv", "mlir::func::FuncOp"> {
  let summary = "Expand nn.quadratic_dwconv2d back into three depthwise convs, a multiply and an add";
  let description = [{
    The inverse of `edgec-fuse-quadratic-conv`. `edgec-compile-variants` runs
    it on a copy of the fused graph to measure what the fusion saves (the
    report's `quadratic_fusion_arena_saved_bytes`).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def FoldBatchNorm : Pass<"edgec-fold-batchnorm", "mlir::func::FuncOp"> {
  let summary = "Fold per-channel multiplies and adds into the producing conv or matmul";
  let description = [{
    After `edgec-decompose`, a BatchNormalization is a multiply and an add by
    per-output-channel constants. When the producer is an `nn.conv2d` or
    `nn.matmul` with constant weights and no other user, the multiply scales
    its weights and bias and the add shifts its bias, so neither runs. A
    per-channel affine op that no producer can absorb (after a concat, at a
    graph input) stays.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def FuseActivation : Pass<"edgec-fuse-activation", "mlir::func::FuncOp"> {
  let summary = "Fuse clamps (ReLU, ReLU6, Clip) and HardSwish into the producing conv, matmul or add";
  let description = [{
    An `nn.clamp` whose input is an `nn.conv2d`, `nn.matmul` or element-wise
    `nn.add`/`nn.sub`/`nn.mul` with no other user becomes that op's output
    clamp (a residual add followed by ReLU is one kernel); consecutive bounds
    intersect. ONNX's HardSwish (`nn.unary hard_swish` with alpha 1/6, beta
    1/2) after a conv or matmul without a clamp becomes its `hard_swish`
    output activation, applied as each output is stored.
  }];
}

def FoldPad : Pass<"edgec-fold-pad", "mlir::func::FuncOp"> {
  let summary = "Fold zero padding into the following conv or average pool";
  let description = [{
    A constant-zero `nn.pad` of the spatial dimensions of an NHWC tensor
    feeding only an `nn.conv2d` becomes part of the convolution's padding.
    Feeding an average pool without padding of its own, it becomes the
    pool's padding with `count_include_pad` (the padded zeros were counted).
  }];
}

def ElideCopies : Pass<"edgec-elide-copies", "mlir::func::FuncOp"> {
  let summary = "Remove copies by making producers and consumers use views";
  let description = [{
    A `kernel.copy` from a buffer A into a view of buffer D (a concat slice,
    a shuffled position) disappears when every access of A can be expressed
    as a strided view of D: A's producers then write straight into D.
    Likewise a copy out of a view of D into a fresh buffer (a split or
    slice) disappears when its readers can read D through views, provided
    nothing writes D after the copy. Each rewritten access is checked to be
    an affine map over its whole box before it is used.

    Copies whose views no strided layout names are still removed when their
    readers and writers are convolutions: channels of one 4-D buffer reach
    them through channel tables (`input_channels` / `output_channels`), and
    a chain of shuffled buffers of one shape (ShuffleNet V2's units) shares
    one buffer, each new channel taking the place of one that died.

    With `merge-copies`, consecutive copies of adjacent parts of one buffer
    into adjacent parts of another become one copy first, so a concatenation
    of an earlier concatenation's parts (DenseNet) can be elided whole.

    Removing a copy makes one buffer live over both buffers' ranges. With
    `keep-peak`, a copy whose removal would raise the peak of live bytes
    (the arena's lower bound) stays, and its `edgec.copy_reason` gives both
    peaks: RAM decides whether a model fits, a copy only costs time.
  }];
  let options = [
    Option<"mergeCopies", "merge-copies", "bool", /*default=*/"true",
           "Merge copies of adjacent parts into one before eliding">,
    Option<"keepPeak", "keep-peak", "bool", /*default=*/"true",
           "Keep a copy when removing it would raise the peak of live bytes">,
  ];
}

def FuseQuadraticConv : Pass<"edgec-fuse-quadratic-conv", "mlir::func::FuncOp"> {
  let summary = "Fuse dwA(x) * dwB(x) + dwC(x) into one quadratic depthwise conv";
  let description = [{
    Three depthwise convolutions of the same input with the same window,
    used only as A * B + C, become one `nn.quadratic_dwconv2d`, whose kernel
    computes all three per output element: none of the three intermediate
    tensors exists.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def PackWeights : Pass<"edgec-pack-weights", "mlir::ModuleOp"> {
  let summary = "Store each convolution's weights as its chosen kernel reads them";
  let description = [{
    After `edgec-select-kernels`: where the chosen kernel's table entry
    reads the filter output channel first (`ohwi_filter`), the weights
    global is replaced by a permuted copy ([C_out][kh][kw][C_in/groups],
    per-channel scales moved to dimension 0); where it wants the input
    offset in the bias and the int8 convolution has no padding, the bias
    becomes `bias - zero_point(input) * sum(w)` per output channel
    (`input_offset_in_bias`, a new bias global; one is created when there
    was none). Weights shared by several convolutions are packed once; a
    global nothing reads any more is erased.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def InPlace : Pass<"edgec-in-place", "mlir::func::FuncOp"> {
  let summary = "Let element-wise kernels write into an input that dies there";
  let description = [{
    A `kernel.binary`, `kernel.unary` or `kernel.clamp` writing a fresh
    buffer takes over an input of the same type instead when that input is
    read for the last time by this kernel (a residual add, SiLU's multiply):
    the two buffers were live together, now they are one. Graph inputs,
    weights and buffers still read later are never overwritten.

    A depthwise convolution whose input dies there shares one buffer with
    its output: the output starts a few pixels before the input, far enough
    (checked pixel by pixel over the window) that no output pixel lands
    where it or a later one still reads. A 3x3 stride-1 conv on an HxW map
    needs W+2 pixels more than its input instead of a second buffer.
  }];
}

def LowerToKernel : Pass<"edgec-lower-to-kernel", "mlir::ModuleOp"> {
  let summary = "Lower nn ops on tensors to kernel ops on memrefs";
  let description = [{
    Every nn op becomes one destination-passing kernel op writing a fresh
    `memref.alloc`; reshapes and transposes of graph inputs become views;
    weights become `memref.global` constants in the kernel's preferred
    layout, aligned as the target asks. The function's tensor results
    become memref results. Which C function runs each kernel op is left to
    `edgec-select-kernels`.
  }];
  let dependentDialects = ["edgec::kernel::KernelDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def SelectKernels : Pass<"edgec-select-kernels", "mlir::func::FuncOp"> {
  let summary = "Choose the C function that runs each kernel op";
  let description = [{
    The one place where kernels are chosen: for each kernel op, the first
    entry of the kernel table (`targets/KernelTable.cpp`) for that op whose
    element types, shapes and attributes match and whose ISA features the
    module's target has (e.g. the register-blocked convolution needs a
    128-bit vector unit: `neon` or `sse2`), recorded on the op as
    `edgec.kernel = #edgec.kernel<"fn" in ["header.h"]>`. The C emitter
    prints what it says. An op no kernel runs is an error that names it,
    its element types and the target.
  }];
  let dependentDialects = ["edgec::EdgecDialect"];
}

def OutputsToParams : Pass<"edgec-outputs-to-params", "mlir::func::FuncOp"> {
  let summary = "Turn memref results into caller-provided output buffers";
  let description = [{
    Appends one argument per result and makes the producer of each result
    write straight into it (through the same views it was read with); only
    a result that is a graph input, a constant or already returned gets a
    `kernel.copy`.
  }];
}

def PlanMemory : Pass<"edgec-plan-memory", "mlir::func::FuncOp"> {
  let summary = "Place every buffer at a fixed offset of one arena";
  let description = [{
    Computes each `memref.alloc`'s live range over the schedule (following
    views to their uses), packs the buffers into one arena with several
    heuristics (first fit by decreasing size, by decreasing conflicts, by
    lifetime start, and best fit by size) keeping the smallest, and replaces
    each alloc by a `memref.view` of a new trailing `arena` argument.
    Records on the function `edgec.arena_size`, `edgec.arena_lower_bound`
    (the largest sum of live bytes at one step), `edgec.no_reuse_bytes` (all
    buffers side by side) and the heuristic that won, and on every kernel op
    `edgec.live_bytes`. With a budget, an arena over it is an error naming
    the layer where the most bytes are live.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"0",
           "byte alignment of every buffer in the arena (0: the target's)">,
    Option<"budget", "budget", "int64_t", /*default=*/"0",
           "fail when the arena exceeds this many bytes (0: no limit)">
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def CompileVariants : Pass<"edgec-compile-variants", "mlir::ModuleOp"> {
  let summary = "Compile the graph to planned kernels in variants and keep the smallest arena";
  let description = [{
    The compile policy, as a pass on the optimized nn graph. Each variant is
    a copy of the module nested in it (`module @scheduled`, `module
    @onnx_order`) on which a pipeline runs: `edgec-schedule` and the kernel
    pipeline (lowering, outputs to parameters, copy elision, kernel
    selection, in-place reuse, memory planning), or the kernel pipeline
    alone in ONNX's node order. The variant with the smaller arena (then the
    fewer bytes copied, then ONNX's order) replaces the module's body; its
    function records `edgec.schedule` and `edgec.onnx_order_lower_bound`.
    When the winner holds a fused quadratic convolution, the same compile of
    the graph with the fusion expanded again (`edgec-expand-quadratic-conv`)
    gives `edgec.quadratic_fusion_arena_saved`. Finally the arena is checked
    against `memory-budget`.
  }];
  let options = [
    ListOption<"disabledPasses", "disable-passes", "std::string",
               "optimization passes left out (edgec-schedule: ONNX's order only)">,
    Option<"keepPeak", "keep-peak", "bool", /*default=*/"true",
           "edgec-elide-copies{keep-peak}">,
    Option<"memoryBudget", "memory-budget", "int64_t", /*default=*/"0",
           "fail when the arena exceeds this many bytes (0: no limit)">,
  ];
  let dependentDialects = ["edgec::EdgecDialect", "edgec::kernel::KernelDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

#endif // EDGEC_PASSES
