"""Rebuild the torch network of a shipped model directory from its model.onnx and model.json.

models/default ships no PyTorch checkpoint (one would push the repository past its 16 MiB cap), so
fine-tuning (`--init MODEL_DIR`) starts from the exported graph itself:

  conv weights  the export folds each BatchNorm into the convolution before it (initialisers
                `onnx::Conv_N`, a weight and a bias per conv). The Conv nodes are mapped, by the
                module path in their output names (`/layer1/c1/Conv_output_0` -> `layer1.c1`), to the
                network's conv modules; each folded BatchNorm becomes the identity plus the folded
                bias: weight 1, bias = conv bias, running_mean 0, running_var 1 - eps (so eval-mode
                BN(x) = x + bias exactly). Fine-tuning keeps these BNs in eval mode (train.py).
  heads         `net.heads.K.{weight,bias}`, `net.oe_head.*` by name; the seg decoder's last conv
                keeps its own bias (no BN after it)
  buffers       temperature (`inv_t`), class means (the `Sub` initialiser feeding the MatMul with
                `prec_chol`, [1,3,F]), `prec_chol`, `d0`, `k`
  shape         width from the stem conv, heads from the head count, clinical from the head input
                size, seg/OE/lesion pool from the presence of their nodes; size/mean/std from model.json

`verify(deploy, model_dir)` runs the rebuilt torch DeployModel on the model's golden inputs and
compares it with the graph (onnx_numpy) and with golden.json; the pipeline refuses a rebuild that
differs by more than 1e-4.

    /usr/bin/python3 -m osteon_training.rebuild ../models/default     # rebuild + verify, prints JSON
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from . import golden_diff, onnx_numpy
from .datasets.osteon_dataset import sha256_file
from .model import DeployModel, OsteonNet

TOLERANCE = 1e-4


class RebuildError(RuntimeError):
    """The ONNX graph could not be mapped onto OsteonNet, or the rebuild differs from the graph."""


def _conv_module_path(node) -> str:
    """'/layer1/skip/skip.0/Conv_output_0' -> 'layer1.skip.0'; '/net/seg/d2/d2.0/Conv...' alike."""
    parts = [p for p in node.output[0].split("/") if p][:-1]
    if parts and parts[0] == "net":
        parts = parts[1:]
    path = []
    for p in parts:  # torch names a Sequential child "parent.i"; keep only the index
        path.append(p.rsplit(".", 1)[1] if path and p.startswith(path[-1] + ".") else p)
    return ".".join(path)


def _bn_after(net: OsteonNet, conv_path: str):
    """The BatchNorm module that follows a conv in OsteonNet, or None (seg decoder's output conv)."""
    mods = dict(net.named_modules())
    head, _, last = conv_path.rpartition(".")
    cand = {"c1": "b1", "c2": "b2"}.get(last)
    if cand:
        return mods[f"{head}.{cand}"]
    if last.isdigit():
        return mods.get(f"{head}.{int(last) + 1}")
    return None


def rebuild(model_dir: str, head_dropout: float = 0.2):
    """(net, deploy, info) from model_dir/model.onnx + model.json; info describes the model."""
    mj = json.load(open(os.path.join(model_dir, "model.json")))
    onnx_path = os.path.join(model_dir, mj.get("file", "model.onnx"))
    g = onnx.load(onnx_path).graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    convs = [n for n in g.node if n.op_type == "Conv"]
    if not convs:
        raise RebuildError(f"{onnx_path}: no Conv node")
    width = int(init[convs[0].input[1]].shape[0])
    head_names = sorted({k.rsplit(".", 1)[0] for k in init if k.startswith("net.heads.")})
    n_heads = len(head_names)
    seg = any(_conv_module_path(n).startswith("seg.") for n in convs)
    oe = "net.oe_head.weight" in init
    lesion_pool = any(_conv_module_path(n) == "lesion" for n in convs)
    pooled = 8 * width * (2 if lesion_pool else 1)
    n_in = int(init["net.heads.0.weight"].shape[1])
    clinical = n_in == pooled + 2
    if n_heads == 0 or n_in not in (pooled, pooled + 2):
        raise RebuildError(f"{onnx_path}: heads {n_heads}, head input {n_in} do not fit width {width}")
    net = OsteonNet(width, n_heads, 3, head_dropout, clinical, seg=seg, oe=oe, lesion_pool=lesion_pool)
    mods = dict(net.named_modules())
    seen = set()
    with torch.no_grad():
        for node in convs:
            path = _conv_module_path(node)
            conv = mods.get(path)
            if not isinstance(conv, torch.nn.Conv2d):
                raise RebuildError(f"Conv node {node.output[0]} maps to {path!r}, not a conv of OsteonNet")
            w = torch.from_numpy(init[node.input[1]].copy())
            if tuple(w.shape) != tuple(conv.weight.shape):
                raise RebuildError(f"{path}: weight {tuple(w.shape)} != {tuple(conv.weight.shape)}")
            conv.weight.copy_(w)
            b = torch.from_numpy(init[node.input[2]].copy()) if len(node.input) > 2 and node.input[2] else None
            bn = _bn_after(net, path)
            if isinstance(bn, torch.nn.BatchNorm2d):
                bn.weight.fill_(1.0)
                bn.bias.copy_(b if b is not None else torch.zeros_like(bn.bias))
                bn.running_mean.zero_()
                bn.running_var.fill_(1.0 - bn.eps)
            elif conv.bias is not None and b is not None:
                conv.bias.copy_(b)
            else:
                raise RebuildError(f"{path}: folded bias with no BatchNorm or conv bias to hold it")
            seen.add(path)
        want = {n for n, m in net.named_modules() if isinstance(m, torch.nn.Conv2d)}
        if seen != want:
            raise RebuildError(f"convs missing from the graph: {sorted(want - seen)}; extra: {sorted(seen - want)}")
        for name, p in net.named_parameters():
            if name.startswith(("heads.", "oe_head.")):
                key = "net." + name
                if key not in init or init[key].shape != tuple(p.shape):
                    raise RebuildError(f"initialiser {key} missing or of the wrong shape")
                p.copy_(torch.from_numpy(init[key].copy()))
    mu = _class_means(g, init)
    T = 1.0 / float(init["inv_t"])
    info = {
        "version": mj["version"],
        "name": mj.get("name"),
        "model_sha256": sha256_file(onnx_path),
        "dataset": mj.get("training", {}).get("dataset"),
        # the distribution replay draws from: a candidate inherits its base's (finetune.py)
        "reference_dataset": mj.get("training", {}).get("reference_dataset") or mj.get("training", {}).get("dataset"),
        "width": width,
        "heads": n_heads,
        "clinical": clinical,
        "seg": seg,
        "oe": oe,
        "lesion_pool": lesion_pool,
        "size": int(mj["preprocessing"]["size"]),
        "mean": float(mj["preprocessing"]["mean"]),
        "std": float(mj["preprocessing"]["std"]),
        "temperature": T,
    }
    if abs(T - float(mj["temperature"])) > 1e-4 * max(1.0, T):
        raise RebuildError(f"inv_t gives T={T}, model.json says {mj['temperature']}")
    deploy = DeployModel(net, T, mu.copy(), init["prec_chol"].copy(), float(init["d0"]), float(init["k"])).eval()
    with torch.no_grad():  # exact buffers, not 1/(1/T) rounded
        deploy.inv_t.copy_(torch.tensor(float(init["inv_t"]), dtype=torch.float32))
    return net, deploy, info


def _class_means(g, init) -> np.ndarray:
    """mu [3,F]: the initialiser subtracted from the features right before the MatMul with prec_chol."""
    producer = {o: n for n in g.node for o in n.output}
    for n in g.node:
        if n.op_type == "MatMul" and "prec_chol" in n.input:
            sub = producer.get(n.input[0])
            if sub is not None and sub.op_type == "Sub" and sub.input[1] in init:
                mu = init[sub.input[1]]
                return mu.reshape(mu.shape[-2], mu.shape[-1])
    raise RebuildError("no Sub(features, mu) before MatMul(prec_chol) in the graph")


def verify(deploy: DeployModel, model_dir: str, tol: float = TOLERANCE) -> float:
    """Max difference between the torch DeployModel and the graph (onnx_numpy) on the golden inputs,
    and between it and golden.json (cam_sum as onnx_numpy.check_golden). Raises
    RebuildError above tol."""
    gdir = os.path.join(model_dir, "golden")
    gj = json.load(open(os.path.join(gdir, "golden.json")))
    # the graph model.json names, as rebuild() reads it: a model whose graph is not model.onnx is
    # compared with its own graph, not with a stale or missing model.onnx
    graph_file = json.load(open(os.path.join(model_dir, "model.json"))).get("file", "model.onnx")
    worst = 0.0
    deploy = deploy.cpu().eval()
    for c in gj["cases"]:
        x = np.fromfile(os.path.join(gdir, c["input"]), dtype="<f4").reshape(c["shape"])
        with torch.no_grad():
            res = [r.numpy() for r in deploy(torch.from_numpy(x))]
        graph = onnx_numpy.run(os.path.join(model_dir, graph_file), {"image": x})
        for name, t in zip(deploy.outputs, res):
            worst = golden_diff.worst_of([worst, np.abs(graph[name] - t).max()])
        exp = c["outputs"]
        worst = golden_diff.worst_of(
            [
                worst,
                float(np.abs(res[0][0] - exp["probs"]).max()),
                float(np.abs(res[1][0] - exp["spread"]).max()),
                abs(float(res[2][0]) - exp["uncertainty"]),
                golden_diff.cam_sum_diff(res[3][0], exp),
            ]
        )
    if not worst <= tol:
        raise RebuildError(f"rebuilt torch model differs from {model_dir}/{graph_file} by {worst:.2e} > {tol:g}")
    return worst


def is_model_dir(path: str) -> bool:
    return os.path.isdir(path) and os.path.exists(os.path.join(path, "model.json"))


if __name__ == "__main__":
    _, dep, inf = rebuild(sys.argv[1] if len(sys.argv) > 1 else "../models/default")
    inf["max_abs_diff"] = verify(dep, sys.argv[1] if len(sys.argv) > 1 else "../models/default")
    print(json.dumps(inf))
