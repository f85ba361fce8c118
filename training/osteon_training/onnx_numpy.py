"""A tiny NumPy reference evaluator for the ONNX ops our exported graph uses.

onnxruntime is not available to Python here (Java runs ORT), and onnx 1.12 has no reference
evaluator, so this checks, independently of torch, that the exported graph computes the golden
outputs. It supports exactly the ops of model.onnx and fails loudly on anything else.

    /usr/bin/python3 -m osteon_training.onnx_numpy ../models/default   # model.onnx vs golden/golden.json
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

from .golden_diff import cam_sum_diff, worst_of


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    if a.get("group", 1) != 1:
        raise NotImplementedError("grouped conv")
    sh, sw = a.get("strides", [1, 1])
    dh, dw = a.get("dilations", [1, 1])
    pt, pl, pb, pr = a.get("pads", [0, 0, 0, 0])
    xp = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    oh = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = xp[:, :, i * dh : i * dh + sh * oh : sh, j * dw : j * dw + sw * ow : sw]
    y = np.einsum("nckluv,mckl->nmuv", cols, w, optimize=True)
    if b is not None:
        y = y + b.reshape(1, -1, 1, 1)
    return y.astype(np.float32)


def _axes(node, a, ins):
    if "axes" in a:
        return tuple(a["axes"])
    if len(ins) > 1 and ins[1] is not None:
        return tuple(int(v) for v in ins[1])
    return None


def run(model_path: str, feeds: dict) -> dict:
    m = onnx.load(model_path)
    env = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    env.update(feeds)
    for node in m.graph.node:
        a = _attrs(node)
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Conv":
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op == "Identity":
            out = ins[0]
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Pow": np.power}[op]
            out = f(ins[0], ins[1])
            if ins[0].dtype == np.float32:
                out = out.astype(np.float32)
        elif op == "Max":
            out = ins[0]
            for v in ins[1:]:
                out = np.maximum(out, v)
        elif op in ("Sqrt", "Log", "Neg", "Sigmoid"):
            x = ins[0]
            out = {"Sqrt": np.sqrt, "Log": np.log, "Neg": np.negative, "Sigmoid": lambda v: (1 / (1 + np.exp(-v)))}[op](
                x
            ).astype(x.dtype)
        elif op in ("ReduceMean", "ReduceMin", "ReduceSum"):
            ax = _axes(node, a, ins)
            if ax is None and a.get("noop_with_empty_axes", 0):
                out = ins[0]
            else:
                f = {"ReduceMean": np.mean, "ReduceMin": np.min, "ReduceSum": np.sum}[op]
                out = f(ins[0], axis=ax, keepdims=bool(a.get("keepdims", 1))).astype(ins[0].dtype)
        elif op == "Softmax":
            x = ins[0]
            ax = a.get("axis", -1)
            e = np.exp(x - x.max(axis=ax, keepdims=True))
            out = (e / e.sum(axis=ax, keepdims=True)).astype(x.dtype)
        elif op == "Gemm":
            A, B = ins[0], ins[1]
            A = A.T if a.get("transA", 0) else A
            B = B.T if a.get("transB", 0) else B
            out = a.get("alpha", 1.0) * (A @ B)
            if len(ins) > 2 and ins[2] is not None:
                out = out + a.get("beta", 1.0) * ins[2]
            out = out.astype(np.float32)
        elif op == "MatMul":
            out = np.matmul(ins[0], ins[1]).astype(np.float32)
        elif op == "Concat":
            out = np.concatenate(ins, axis=a["axis"])
        elif op == "Constant":
            out = numpy_helper.to_array(a["value"])
        elif op == "Shape":
            out = np.array(ins[0].shape, dtype=np.int64)
        elif op == "Gather":
            out = np.take(ins[0], ins[1], axis=a.get("axis", 0))
        elif op == "Unsqueeze":
            out = ins[0]
            for ax in sorted(int(v) for v in (a.get("axes") or ins[1])):
                out = np.expand_dims(out, ax)
        elif op == "Reshape":
            shape = [int(s) for s in ins[1]]
            shape = [ins[0].shape[i] if s == 0 and not a.get("allowzero", 0) else s for i, s in enumerate(shape)]
            out = ins[0].reshape(shape)
        elif op == "Cast":
            out = ins[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[a["to"]])
        elif op == "Resize":  # nearest, integer scales (the seg decoder's x2 upsampling)
            if a.get("mode", b"nearest") not in (b"nearest", "nearest") or len(ins) < 3 or ins[2] is None:
                raise NotImplementedError(f"Resize {a}")
            out = ins[0]
            for ax, sc in enumerate(ins[2]):
                if sc != 1:
                    if sc != int(sc) or a.get("coordinate_transformation_mode") not in (b"asymmetric", "asymmetric"):
                        raise NotImplementedError(f"Resize scale {sc} {a}")
                    out = np.repeat(out, int(sc), axis=ax)
        elif op == "Clip":
            lo = ins[1] if len(ins) > 1 and ins[1] is not None else None
            hi = ins[2] if len(ins) > 2 and ins[2] is not None else None
            out = np.clip(ins[0], lo, hi)
        else:
            raise NotImplementedError(op)
        env[node.output[0]] = np.asarray(out)
    return {o.name: env[o.name] for o in m.graph.output}


def check_golden(model_dir: str) -> float:
    """Max difference between model.onnx (NumPy) and golden.json outputs: absolute for probs, spread
    and uncertainty; for the CAM its sum and L1 norm relative to the norm (cam_sum_diff), as the Java
    golden test does; for a mask output, mask_sum relative to max(1, |mask_sum|) (its cells are
    probabilities, all >= 0) and mask_max absolute. inf when any difference is not finite."""
    g = json.load(open(os.path.join(model_dir, "golden", "golden.json")))
    worst = 0.0
    for c in g["cases"]:
        x = np.fromfile(os.path.join(model_dir, "golden", c["input"]), dtype="<f4").reshape(c["shape"])
        out = run(os.path.join(model_dir, "model.onnx"), {"image": x})
        exp = c["outputs"]
        diffs = [
            np.abs(out["probs"][0] - exp["probs"]).max(),
            np.abs(out["spread"][0] - exp["spread"]).max(),
            abs(float(out["uncertainty"][0]) - exp["uncertainty"]),
            cam_sum_diff(out["cam"][0], exp),
        ]
        if "mask_sum" in exp or "mask" in out:
            if "mask_sum" not in exp or "mask" not in out:
                return float("inf")  # a mask output without golden values, or the reverse
            diffs.append(abs(float(out["mask"][0].sum()) - exp["mask_sum"]) / max(1.0, abs(exp["mask_sum"])))
            diffs.append(abs(float(out["mask"][0].max()) - exp["mask_max"]))
        worst = worst_of([worst, *diffs])
    return worst


if __name__ == "__main__":
    d = check_golden(sys.argv[1] if len(sys.argv) > 1 else "../models/default")
    print(f"max abs diff ONNX(NumPy) vs golden: {d:.2e}")
    sys.exit(0 if d <= 1e-4 else 1)
