#!/usr/bin/python3
"""Builds the model fixtures of Tandem's model tests (issue 10) and their PyTorch reference outputs.

Run with Debian's python3-torch (1.13) and python3-onnx from the repository root:

    /usr/bin/python3 server/src/test/resources/model-fixtures/make_models.py

It writes, next to this file (all small, all committed):
  tiny-onnx/         model.json + model.onnx: a seeded tiny CNN, RGB input 3x32x32 (NCHW, area resize)
  tiny-torchscript/  model.json + model.pt:   a second seeded tiny CNN, grayscale input 32x32x1 (NHWC,
                     bilinear resize), returning a dict {"logits", "embedding"}
  pngs/              colour (3-channel) and grayscale (1-channel) PNGs of several sizes
  stimulus-set/      a stimulus set of 224x224 grayscale PNGs (8 images, 4 categories)
  reference.json     per model and PNG: the softmax probabilities and the embedding PyTorch computes

    /usr/bin/python3 server/src/test/resources/model-fixtures/make_models.py --resnet50 DIR

instead writes DIR/resnet50-onnx and DIR/resnet50-torchscript: a ResNet-50-shaped network (He et al.
2016, torchvision's layout; random seeded weights, about 100 MB each, NOT committed) with 1000
outputs mapped by "imagenet-16", for `model benchmark`.

The reference preprocessing follows model.json exactly as Tandem defines it (Preprocessor.java):
decode the PNG's 8-bit samples; grey -> RGB by replication, RGB -> grey by Rec. 709 luminance
(0.2126 R + 0.7152 G + 0.0722 B); resize each axis separately ("area": each target pixel is the
overlap-weighted mean of the source pixels it covers; "bilinear": half-pixel centres, no
antialiasing, as torch's interpolate(align_corners=False)); divide by divideBy; subtract mean and
divide by std per channel. It is written here independently (as matrices) so that the Java side is
checked against it, not against itself. Python is never needed to build, run or test Tandem.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ["circle", "cross", "stripes", "dots"]
SEED = 20261202


# ---------------------------------------------------------------- networks

class TinyCnn(nn.Module):
    """conv-relu-pool x2, global mean, a 16-wide embedding layer, 4 logits."""

    def __init__(self, channels: int, nhwc: bool):
        super().__init__()
        self.nhwc = nhwc
        self.conv1 = nn.Conv2d(channels, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.hidden = nn.Linear(16, 16)
        self.classify = nn.Linear(16, len(CATEGORIES))

    def features(self, x):
        if self.nhwc:
            x = x.permute(0, 3, 1, 2)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.mean(dim=(2, 3))
        embedding = F.relu(self.hidden(x))
        return self.classify(embedding), embedding


class TupleOutputs(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net.features(x)


class DictOutputs(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        logits, embedding = self.net.features(x)
        return {"logits": logits, "embedding": embedding}


class Bottleneck(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.down = None
        if stride != 1 or inplanes != planes * 4:
            self.down = nn.Sequential(nn.Conv2d(inplanes, planes * 4, 1, stride=stride, bias=False),
                                      nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        identity = x if self.down is None else self.down(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return F.relu(out + identity)


class ResNet50(nn.Module):
    """ResNet-50 (He et al. 2016) in torchvision's layout: 3-4-6-3 bottlenecks, 2048-d pool, 1000 logits."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, inplanes = [], 64
        for planes, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
            for b in range(blocks):
                layers.append(Bottleneck(inplanes, planes, stride if b == 0 else 1))
                inplanes = planes * 4
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(2048, 1000)

    def features(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, stride=2, padding=1)
        x = self.layers(x)
        embedding = x.mean(dim=(2, 3))
        return self.fc(embedding), embedding


def seeded(net):
    torch.manual_seed(SEED)
    for p in net.parameters():
        nn.init.normal_(p, std=0.5) if p.dim() == 1 else nn.init.kaiming_normal_(p)
    # Spread the logits, so the references hold clear decisions rather than near-uniform noise.
    with torch.no_grad():
        net.classify.weight.mul_(4.0)
    return net.eval()


# ---------------------------------------------------------------- preprocessing (Tandem's definition)

def axis_weights(method, source, target):
    w = np.zeros((target, source))
    scale = source / target
    for t in range(target):
        if method == "area":
            start, end = t * scale, (t + 1) * scale
            first, last = int(np.floor(start)), min(source - 1, int(np.ceil(end)) - 1)
            for s in range(first, last + 1):
                w[t, s] += (min(end, s + 1) - max(start, s)) / scale
        elif method == "bilinear":
            pos = max(0.0, (t + 0.5) * scale - 0.5)
            low = min(source - 1, int(np.floor(pos)))
            high = min(source - 1, low + 1)
            w[t, low] += 1 - (pos - low)
            w[t, high] += pos - low
        else:
            raise ValueError(method)
    return w


def read_png(path):
    image = Image.open(path)
    assert image.mode in ("L", "RGB"), (path, image.mode)
    return np.asarray(image, dtype=np.float64)


def preprocess(pixels, spec):
    """pixels: HxW (grey) or HxWx3 (RGB) in 0..255 -> one input tensor as model.json declares."""
    channels = spec["channels"]
    if pixels.ndim == 2:
        planes = [pixels] * channels
    elif channels == 3:
        planes = [pixels[:, :, c] for c in range(3)]
    else:
        planes = [0.2126 * pixels[:, :, 0] + 0.7152 * pixels[:, :, 1] + 0.0722 * pixels[:, :, 2]]
    height, width = planes[0].shape
    rows = axis_weights(spec["resize"], height, spec["height"])
    cols = axis_weights(spec["resize"], width, spec["width"])
    norm = spec["normalization"]
    out = [((rows @ p @ cols.T) / norm["divideBy"] - norm["mean"][c]) / norm["std"][c]
           for c, p in enumerate(planes)]
    chw = np.stack(out).astype(np.float32)
    return chw if spec["layout"] == "NCHW" else chw.transpose(1, 2, 0)


# ---------------------------------------------------------------- images

def pattern(kind, size, rng):
    y, x = np.mgrid[0:size, 0:size] / size
    if kind == "circle":
        v = ((x - 0.5) ** 2 + (y - 0.5) ** 2 < 0.1).astype(float)
    elif kind == "cross":
        v = ((abs(x - 0.5) < 0.1) | (abs(y - 0.5) < 0.1)).astype(float)
    elif kind == "stripes":
        v = (np.sin(x * 6 * np.pi) > 0).astype(float)
    else:
        v = (rng.random((size, size)) < 0.15).astype(float)
    return np.clip(40 + 180 * v + rng.normal(0, 12, (size, size)), 0, 255).round().astype(np.uint8)


def colour_image(width, height, rng):
    y, x = np.mgrid[0:height, 0:width]
    r = 128 + 100 * np.sin(x / 5.0)
    g = 128 + 100 * np.cos(y / 7.0)
    b = rng.integers(0, 256, (height, width))
    return np.clip(np.stack([r, g, b], axis=-1), 0, 255).round().astype(np.uint8)


def write_png(path, array):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(array, "L" if array.ndim == 2 else "RGB").save(path, optimize=True)


def make_pngs(rng):
    pngs = {}
    pngs["pngs/colour-32.png"] = colour_image(32, 32, rng)
    pngs["pngs/colour-48x40.png"] = colour_image(48, 40, rng)
    pngs["pngs/colour-64.png"] = colour_image(64, 64, rng)
    pngs["pngs/gray-28.png"] = pattern("circle", 28, rng)
    images = []
    for category in CATEGORIES:
        for i in range(2):
            small = pattern(category, 32, rng)
            big = np.repeat(np.repeat(small, 7, axis=0), 7, axis=1)  # 224 px, nearest x7
            name = "images/%s-%d.png" % (category, i)
            pngs["stimulus-set/" + name] = big
            images.append({"file": name, "category": category})
    for name, array in pngs.items():
        write_png(os.path.join(HERE, name), array)
    manifest = {
        "name": "model-fixtures",
        "version": "1",
        "source": {"description": "made by make_models.py (seeded patterns, 32 px upscaled x7 by nearest neighbour)"},
        "licence": "CC0",
        "categories": CATEGORIES,
        "display": {"size": 224, "upscale": "nearest"},
        "images": images,
    }
    with open(os.path.join(HERE, "stimulus-set", "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return sorted(pngs)


# ---------------------------------------------------------------- model folders

def manifest(name, fmt, spec, outputs, mapping, embedding_tensor, reduction="sum"):
    doc = {
        "name": name,
        "version": "1",
        "format": fmt,
        "input": dict(spec),
        "output": {"tensor": "logits", "size": outputs, "activation": "logits"},
        "outputs": {"embedding": embedding_tensor},
        "categories": {"reduction": reduction, "mapping": mapping},
    }
    if fmt == "onnx":
        doc["input"]["tensor"] = "image"
    return doc


def write_json(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def export_onnx(module, example, path):
    torch.onnx.export(module, example, path, input_names=["image"], output_names=["logits", "embedding"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}, "embedding": {0: "batch"}},
                      opset_version=13)


def export_torchscript(module, path):
    torch.jit.script(module).save(path)


def tiny_models():
    rng = np.random.default_rng(SEED)
    names = make_pngs(rng)
    mapping = [{"name": c, "indices": [i]} for i, c in enumerate(CATEGORIES)]
    imagenet = {"divideBy": 255.0, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
    specs = {
        "tiny-onnx": ("onnx", TinyCnn(3, nhwc=False),
                      {"tensor": "image", "height": 32, "width": 32, "channels": 3, "layout": "NCHW",
                       "resize": "area", "normalization": imagenet}),
        "tiny-torchscript": ("torchscript", TinyCnn(1, nhwc=True),
                             {"tensor": "input", "height": 32, "width": 32, "channels": 1, "layout": "NHWC",
                              "resize": "bilinear",
                              "normalization": {"divideBy": 255.0, "mean": [0.5], "std": [0.25]}}),
    }
    reference = {"note": "PyTorch " + torch.__version__ + " outputs of make_models.py; probabilities = "
                 "softmax(logits) in output order " + json.dumps(CATEGORIES), "models": {}}
    for folder, (fmt, net, spec) in specs.items():
        net = seeded(net)
        directory = os.path.join(HERE, folder)
        os.makedirs(directory, exist_ok=True)
        example = torch.zeros((1, 3, 32, 32) if spec["layout"] == "NCHW" else (1, 32, 32, 1))
        if fmt == "onnx":
            export_onnx(TupleOutputs(net), example, os.path.join(directory, "model.onnx"))
            embedding_tensor = "embedding"
        else:
            export_torchscript(DictOutputs(net), os.path.join(directory, "model.pt"))
            embedding_tensor = "embedding"
        write_json(os.path.join(directory, "model.json"),
                   manifest(folder, fmt, spec, len(CATEGORIES), mapping, embedding_tensor))
        rows = {}
        with torch.no_grad():
            for name in names:
                x = torch.from_numpy(preprocess(read_png(os.path.join(HERE, name)), spec))[None]
                logits, embedding = net.features(x)
                rows[name] = {"probabilities": [round(float(v), 8) for v in torch.softmax(logits, -1)[0]],
                              "embedding": [round(float(v), 7) for v in embedding[0]]}
        reference["models"][folder] = rows
    write_json(os.path.join(HERE, "reference.json"), reference)
    print("wrote", ", ".join(specs), "and", len(names), "PNGs with references into", HERE)


def resnet50(out):
    net = ResNet50()
    torch.manual_seed(SEED)
    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    net.eval()
    spec = {"tensor": "image", "height": 224, "width": 224, "channels": 3, "layout": "NCHW", "resize": "bilinear",
            "normalization": {"divideBy": 255.0, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}}
    example = torch.zeros(1, 3, 224, 224)
    onnx_dir = os.path.join(out, "resnet50-onnx")
    ts_dir = os.path.join(out, "resnet50-torchscript")
    os.makedirs(onnx_dir, exist_ok=True)
    os.makedirs(ts_dir, exist_ok=True)
    export_onnx(TupleOutputs(net), example, os.path.join(onnx_dir, "model.onnx"))
    export_torchscript(DictOutputs(net), os.path.join(ts_dir, "model.pt"))
    for directory, fmt in [(onnx_dir, "onnx"), (ts_dir, "torchscript")]:
        doc = manifest("resnet50-" + fmt, fmt, spec, 1000, "imagenet-16", "embedding", reduction="mean")
        write_json(os.path.join(directory, "model.json"), doc)
    print("wrote", onnx_dir, "and", ts_dir)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resnet50", metavar="DIR", help="write the ResNet-50-shaped benchmark models into DIR")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.resnet50:
        resnet50(args.resnet50)
    else:
        tiny_models()
    sys.exit(0)
