"""Writes a model y = x @ W (W: ROWS x COLS float32 random) to PATH.
    make_big_matmul.py PATH ROWS COLS"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

path, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
w = np.random.default_rng(0).standard_normal((rows, cols)).astype(np.float32)
graph = helper.make_graph(
    [helper.make_node("MatMul", ["x", "w"], ["y"], name="MatMul_0")], "big",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, rows])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, cols])],
    [numpy_helper.from_array(w, "w")])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
