// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.random.default_rng(0).uniform(-2, 2, (8, 1, 4, 4, 2)).astype(np.float32))"
// RUN: edgec-opt %s --split-input-file --edgec-quantize=calib=%t/x.npy --canonicalize | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edgec-quantize 2>&1 | FileCheck %s --check-prefix=NOCALIB
// RUN: not edgec-opt %s --split-input-file --edgec-quantize=calib=%t/missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: %python -c "import numpy as np; np.save('%t/bad.npy', np.zeros((4, 3), np.float32))"
// RUN: not edgec-opt %s --split-input-file --edgec-quantize=calib=%t/bad.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not edgec-opt %s --split-input-file "--edgec-quantize=calib=%t/x.npy observer=median" 2>&1 | FileCheck %s --check-prefix=OBSERVER

// The input is quantized to its calibrated range, the conv takes int8
// weights per output channel and an int32 bias in units of input scale x
// weight scale; its ReLU6 output covers exactly [0, 6] (scale 6/255, zero
// point -128), so the clamp is the requantization's saturation. Sigmoid
// becomes a 256-entry table; the residual add rescales both inputs;
// pooling and the reshape keep the add's type; softmax produces TFLite's
// fixed 1/256 steps; the output is dequantized before the return. The LRN
// has no int8 kernel: it runs in f32 between a dequantize and a quantize,
// its reason recorded.
// CHECK-LABEL: func @net
// CHECK-SAME: edgec.float_layers = [{name = "lrn", op = "nn.lrn", reason = "no int8 kernel for 'nn.lrn'"}]
// Weights on a grid keep it exactly: channel 0 (0.5, 0.125) takes step
// 0.5/124, channel 1 (-0.25, 0.75) 0.75/126, channel 2 (1, -1) 1/127.
// CHECK-DAG: %[[W:.*]] = arith.constant dense_resource<wq> : tensor<1x1x2x3x!quant.uniform<i8<-127:127>:f32:3, {0.0040322580{{[0-9]*}},0.0059523809{{[0-9]*}},0.0078740157{{[0-9]*}}}>>
// CHECK-DAG: %[[B:.*]] = arith.constant dense_resource<bq> : tensor<3xi32>
// CHECK: %[[X:.*]] = nn.quantize %arg0 : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, [[SX:[0-9.e-]+]]>>
// CHECK: %[[C:.*]] = nn.conv2d %[[X]], %[[W]], %[[B]] {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, {{.*}} -> tensor<1x4x4x3x!quant.uniform<i8:f32, 0.023529411764705882:-128>>
// CHECK: %[[S:.*]] = nn.lookup %[[C]], %{{.*}} : (tensor<1x4x4x3x!quant.uniform<i8:f32, 0.023529411764705882:-128>>, tensor<256xi8>) -> tensor<1x4x4x3x!quant.uniform<i8:f32, [[SS:[0-9.e-]+]]:-128>>
// CHECK: %[[A:.*]] = nn.add %[[S]], %[[C]] : {{.*}} -> tensor<1x4x4x3x!quant.uniform<i8:f32, [[SA:[0-9.e-]+]]:-128>>
// CHECK: %[[P:.*]] = nn.pool2d avg %[[A]] {{.*}} -> tensor<1x1x1x3x!quant.uniform<i8:f32, [[SA]]:-128>>
// CHECK: %[[F:.*]] = nn.dequantize %[[P]] : {{.*}} -> tensor<1x1x1x3xf32>
// CHECK: %[[L:.*]] = nn.lrn %[[F]] {{{.*}}edgec.float_reason = "no int8 kernel for 'nn.lrn'"
// CHECK: %[[Q:.*]] = nn.quantize %[[L]] : (tensor<1x1x1x3xf32>) -> tensor<1x1x1x3x!quant.uniform<i8:f32,
// CHECK: %[[R:.*]] = nn.reshape %[[Q]] : {{.*}} -> tensor<1x3x!quant.uniform<i8:f32,
// CHECK: %[[Y:.*]] = nn.softmax %[[R]] {axis = 1 : i64} : {{.*}} -> tensor<1x3x!quant.uniform<i8:f32, 3.906250e-03:-128>>
// CHECK: %[[O:.*]] = nn.dequantize %[[Y]]
// CHECK: return %[[O]] : tensor<1x3xf32>
// The float weights are gone; the int8 ones and the bias are in the blob.
// CHECK-NOT: tensor<1x1x2x3xf32>
// CHECK-DAG: wq: "0x080000007CD67F1F7E81"
// CHECK-DAG: bq: "0x080000003606000096F7FFFF8A090000"
// Without samples (and no QDQ roundings) a float graph stays as it is.
// NOCALIB-NOT: quant
// NOCALIB: nn.conv2d %arg0
// NOCALIB-NOT: quant
// MISSING: error: calibration: cannot read '{{.*}}missing.npy'
// SHAPE: error: calibration: '{{.*}}bad.npy' has shape 4x3; expected samples of shape 1x4x4x2 along its first axis
// OBSERVER: error: unknown observer 'median' (minmax, percentile or mse)
func.func @net(%x: tensor<1x4x4x2xf32> {edgec.name = "x"}) -> tensor<1x3xf32> {
  %w = arith.constant dense<[[[[0.5, -0.25, 1.0], [0.125, 0.75, -1.0]]]]> : tensor<1x1x2x3xf32> loc("w")
  %b = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32> loc("b")
  %c = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
       : (tensor<1x4x4x2xf32>, tensor<1x1x2x3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32> loc("conv")
  %s = nn.unary sigmoid %c : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> loc("sigmoid")
  %a = nn.add %s, %c : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> loc("add")
  %p = nn.pool2d avg %a {kernel = array<i64: 4, 4>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false}
       : (tensor<1x4x4x3xf32>) -> tensor<1x1x1x3xf32> loc("pool")
  %l = nn.lrn %p {size = 3 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32} : (tensor<1x1x1x3xf32>) -> tensor<1x1x1x3xf32> loc("lrn")
  %r = nn.reshape %l : (tensor<1x1x1x3xf32>) -> tensor<1x3xf32> loc("flatten")
  %y = nn.softmax %r {axis = 1 : i64} : (tensor<1x3xf32>) -> tensor<1x3xf32> loc("softmax")
  return %y : tensor<1x3xf32>
}

// -----

// A global average pool exported as ReduceMean over the spatial axes is
// that pool, in int8.
// CHECK-LABEL: func @reduce_mean
// CHECK-SAME: edgec.float_layers = []
// CHECK: nn.pool2d avg %{{.*}} {count_include_pad = false, dilations = array<i64: 1, 1>, kernel = array<i64: 4, 4>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2x!quant.uniform
// CHECK-NOT: nn.reduce
func.func @reduce_mean(%x: tensor<1x4x4x2xf32> {edgec.name = "x"}) -> tensor<1x1x1x2xf32> {
  %m = nn.reduce mean %x {axes = array<i64: 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32>
  return %m : tensor<1x1x1x2xf32>
}
