"""rebuild.verify compares with the graph model.json names, as rebuild() reads it."""
import json
import os

from osteon_training import rebuild
from test_finetune import _tiny_model


def test_verify_uses_the_graph_file_model_json_names(tmp_path):
    d = _tiny_model(str(tmp_path / "m"))
    os.rename(os.path.join(d, "model.onnx"), os.path.join(d, "graph-1.onnx"))
    mj = json.load(open(os.path.join(d, "model.json")))
    mj["file"] = "graph-1.onnx"
    json.dump(mj, open(os.path.join(d, "model.json"), "w"))
    _, deploy, _ = rebuild.rebuild(d)
    assert rebuild.verify(deploy, d) <= 1e-4  # no model.onnx in the folder: it read graph-1.onnx
