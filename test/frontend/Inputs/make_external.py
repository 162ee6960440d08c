"""Writes two models with external weights into folder argv[1]:
inside/model.onnx reads inside/weights.bin (valid), escape/model.onnx points
at ../secret.bin (outside its folder, must be refused)."""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

root = sys.argv[1]


def model(location):
    w = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), "w")
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", "24")):
        e = w.external_data.add()
        e.key, e.value = k, v
    g = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], [w])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])


data = np.arange(6, dtype=np.float32).tobytes()
for sub, loc in (("inside", "weights.bin"), ("escape", "../secret.bin")):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
    with open(os.path.join(root, sub, "model.onnx"), "wb") as f:
        f.write(model(loc).SerializeToString())
with open(os.path.join(root, "inside", "weights.bin"), "wb") as f:
    f.write(data)
with open(os.path.join(root, "secret.bin"), "wb") as f:
    f.write(data)
