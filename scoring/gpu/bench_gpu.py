#!/usr/bin/env python3
"""GPU ceiling of the default model, measured with PyTorch and CUDA (the GPU machine has no Java).

Research prototype. NOT FOR CLINICAL USE.

The deployable graph of models/default is rebuilt from training/osteon_training/model.py
(`DeployModel(OsteonNet)`: same layers, same in-graph ensemble, uncertainty and CAM) and its weights
are taken from model.onnx. The export folded every BatchNorm into the convolution before it, so each
folded convolution is loaded into the conv and its BatchNorm is set to the identity plus the folded
bias. The golden vectors (models/default/golden) are then reproduced on the device before anything is
timed, so the figures are for this model, not a look-alike.

    # on a machine with the `onnx` package (the dev machine): weights as a torch state_dict
    /usr/bin/python3 scoring/gpu/bench_gpu.py --export-weights /tmp/osteon-default.pt
    # on the GPU machine (PyTorch + CUDA); reads model.onnx directly when `onnx` is importable
    python3 scoring/gpu/bench_gpu.py --weights /tmp/osteon-default.pt [--batches 1,8,64,256,1024] [--seconds 3]

Prints one JSON line: images/s of the forward pass per batch size in float32 and float16 autocast,
with the tensor already on the GPU (`gpu_resident`) and with the host-to-device copy of each batch
from pinned memory included (`with_h2d`); the best of each; the device; and the golden parity.
What it does not measure: DICOM decoding, preprocessing, Kafka and ONNX Runtime's CUDA provider
(the service's own path on a GPU), which ./osteon bench scoring measures on CPU.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "training"))

from osteon_training.golden_diff import cam_sum_diff, worst_of  # noqa: E402
from osteon_training.model import DeployModel, OsteonNet  # noqa: E402

MODEL_DIR = os.path.join(ROOT, "models", "default")


@functools.lru_cache(maxsize=None)
def input_size() -> int:
    """Side S of the model's square input, as model.json records it."""
    return int(json.load(open(os.path.join(MODEL_DIR, "model.json")))["preprocessing"]["size"])


# Folded convolutions in graph order: stem, then c1, c2, skip of layer1..layer3.
CONV_ORDER = ["stem.0"] + [f"layer{i}.{c}" for i in (1, 2, 3) for c in ("c1", "c2", "skip.0")]
BN_OF = {
    "stem.0": "stem.1",
    **{
        f"layer{i}.{c}": f"layer{i}.{b}"
        for i in (1, 2, 3)
        for c, b in (("c1", "b1"), ("c2", "b2"), ("skip.0", "skip.1"))
    },
}


def onnx_state_dict(path: str) -> dict:
    """Maps model.onnx's initializers onto DeployModel's state_dict keys (BatchNorm unfolded to identity)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(path).graph
    init = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    if len(convs) != len(CONV_ORDER):
        raise SystemExit(f"expected {len(CONV_ORDER)} convolutions in {path}, found {len(convs)}")
    sd = {}
    for name, node in zip(CONV_ORDER, convs):
        w, b = init[node.input[1]], init[node.input[2]]
        bn = BN_OF[name]
        sd[f"net.{name}.weight"] = w
        eps = 1e-5
        sd[f"net.{bn}.weight"] = torch.ones_like(b)
        sd[f"net.{bn}.bias"] = b
        sd[f"net.{bn}.running_mean"] = torch.zeros_like(b)
        sd[f"net.{bn}.running_var"] = torch.full_like(b, 1.0 - eps)
        sd[f"net.{bn}.num_batches_tracked"] = torch.tensor(0)
    for key in ("inv_t", "prec_chol", "d0", "k", "w_cam", "log3"):
        sd[key] = init[key]
    heads = sorted({k.split(".")[2] for k in init if k.startswith("net.heads.")})
    for h in heads:
        sd[f"net.heads.{h}.weight"] = init[f"net.heads.{h}.weight"]
        sd[f"net.heads.{h}.bias"] = init[f"net.heads.{h}.bias"]
    # mu is stored as a [1,3,F] constant feeding the Sub of (f - mu_c).
    mu = [v for k, v in init.items() if k.startswith("onnx::Sub") and v.dim() == 3]
    if len(mu) != 1:
        raise SystemExit("cannot find the class means (a [1,3,F] Sub constant) in " + path)
    sd["mu"] = mu[0].reshape(mu[0].shape[1], mu[0].shape[2])
    return sd


def build(state: dict) -> DeployModel:
    meta = json.load(open(os.path.join(MODEL_DIR, "model.json")))
    heads = len([k for k in state if k.startswith("net.heads.") and k.endswith(".weight")])
    width = state["net.stem.0.weight"].shape[0]
    net = OsteonNet(width=width, heads=heads, n_classes=len(meta["labels"]))
    f = state["prec_chol"].shape[0]
    model = DeployModel(net, 1.0, torch.zeros(len(meta["labels"]), f), torch.eye(f), 1.0, 1.0)
    model.load_state_dict(state, strict=True)
    return model.eval()


def golden_parity(model: DeployModel, device: torch.device) -> dict:
    g = json.load(open(os.path.join(MODEL_DIR, "golden", "golden.json")))
    worst = 0.0
    for c in g["cases"]:
        x = np.fromfile(os.path.join(MODEL_DIR, "golden", c["input"]), dtype="<f4").reshape(
            1, 1, input_size(), input_size()
        )
        with torch.no_grad():
            probs, spread, unc, cam = model(torch.from_numpy(x).to(device))
        o = c["outputs"]
        diffs = [
            np.abs(probs.cpu().numpy()[0] - np.array(o["probs"])).max(),
            np.abs(spread.cpu().numpy()[0] - np.array(o["spread"])).max(),
            abs(float(unc.cpu()[0]) - o["uncertainty"]),
            cam_sum_diff(cam.double().cpu().numpy()[0], o),
        ]
        worst = worst_of([worst, *diffs])
    return {
        "cases": len(g["cases"]),
        "max_abs_diff": worst,
        "tolerance": g["tolerance"]["outputs"],
        "ok": worst <= g["tolerance"]["outputs"],
    }


def throughput(model, device, batch: int, seconds: float, half: bool, h2d: bool) -> float:
    s = input_size()
    host = torch.randn(batch, 1, s, s).pin_memory() if device.type == "cuda" else torch.randn(batch, 1, s, s)
    x = host.to(device)

    def step():
        inp = host.to(device, non_blocking=True) if h2d else x
        amp = torch.autocast(device.type, dtype=torch.float16) if half else contextlib.nullcontext()
        with torch.no_grad(), amp:
            return model(inp)

    for _ in range(10):
        step()
    sync(device)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(10):
            step()
        n += 10 * batch
        sync(device)
    return n / (time.perf_counter() - start)


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export-weights", help="write the state_dict taken from model.onnx here and exit")
    ap.add_argument("--weights", help="state_dict written by --export-weights (else read model.onnx, needs onnx)")
    ap.add_argument("--batches", default="1,8,32,64,128,256,512,1024")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument(
        "--tf32",
        action="store_true",
        help="let cuDNN and matmul use TF32 in the fp32 runs (PyTorch's default for cuDNN convolutions)",
    )
    a = ap.parse_args()
    if a.export_weights:
        torch.save(onnx_state_dict(os.path.join(MODEL_DIR, "model.onnx")), a.export_weights)
        print("wrote", a.export_weights, file=sys.stderr)
        return
    state = torch.load(a.weights) if a.weights else onnx_state_dict(os.path.join(MODEL_DIR, "model.onnx"))
    device = torch.device(a.device)
    model = build(state).to(device)
    # Parity in strict float32: TF32 convolutions alone move the outputs by ~3e-4, over the 1e-4 tolerance.
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    parity = golden_parity(model, device)
    torch.backends.cudnn.allow_tf32 = a.tf32
    torch.backends.cuda.matmul.allow_tf32 = a.tf32
    torch.backends.cudnn.benchmark = True
    print("golden parity on", device, parity, file=sys.stderr)
    results = {}
    modes = (("fp32", False), ("fp16", True)) if device.type == "cuda" else (("fp32", False),)
    for mode, half in modes:
        for where, h2d in (("gpu_resident", False), ("with_h2d", True)):
            key = f"{mode}_{where}"
            results[key] = {}
            for b in [int(s) for s in a.batches.split(",")]:
                results[key][b] = round(throughput(model, device, b, a.seconds, half, h2d), 1)
                print(key, "batch", b, results[key][b], "images/s", file=sys.stderr)
    best = {k: max(v.items(), key=lambda kv: kv[1]) for k, v in results.items()}
    print(
        json.dumps(
            {
                "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
                "torch": torch.__version__,
                "cuda": torch.version.cuda,
                "cudnn": torch.backends.cudnn.version(),
                "golden_parity": parity,
                "tf32": a.tf32,
                "best_images_per_s": {k: {"batch": b, "images_per_s": v} for k, (b, v) in best.items()},
                "images_per_s_by_batch": results,
            }
        )
    )


if __name__ == "__main__":
    main()
