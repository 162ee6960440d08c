# lit configuration for the edgec tests: IR round trips and invalid IR, one
# file per pass, ONNX import, emitted C, and command-line behaviour.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "edgec"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.edgec_obj_root, "test")
config.excludes = ["Inputs", "e2e", "runtime", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["edgec", "edgec-opt"],
                                   [config.edgec_tools_dir])
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(("%runtime", os.path.join(config.edgec_src_root,
                                                      "runtime_c", "include")))
