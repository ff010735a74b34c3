"""Writes images resized by Pillow's bicubic filter, for PilBicubicTest (this library's port of it).

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_pil_bicubic_fixture.py

(any venv with Pillow; the image processors of transformers resize with it). Rerunning writes the same files.
Each case is a random 8-bit RGB source image and Pillow's `Image.resize((width, height), Image.BICUBIC)` of it,
both as PNG in core/djl/src/test/resources/io/posttrain4j/core/model/pil-bicubic/, listed in cases.json with
Pillow's version.
"""
import json
import os

import numpy as np
import PIL
from PIL import Image

OUT = "core/djl/src/test/resources/io/posttrain4j/core/model/pil-bicubic"
# (source height, width) -> (target height, width): shrink, enlarge, both ways at once, one axis only,
# and LLaVA-OneVision's base tile of the 16x64 fixture image.
CASES = [((16, 64), (32, 32)), ((23, 37), (50, 64)), ((80, 100), (17, 30)), ((40, 9), (40, 31)),
         ((64, 48), (21, 48)), ((3, 5), (29, 2))]


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261207)
    cases = []
    for i, ((h, w), (th, tw)) in enumerate(CASES):
        src = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
        src[: h // 2, : w // 2] = [250, 10, 128]  # a flat block with hard edges: over- and undershoot to clamp
        img = Image.fromarray(src, "RGB")
        out = img.resize((tw, th), Image.BICUBIC)
        img.save(f"{OUT}/case{i}-source.png")
        out.save(f"{OUT}/case{i}-pil.png")
        cases.append({"source": f"case{i}-source.png", "resized": f"case{i}-pil.png", "height": th, "width": tw})
    with open(f"{OUT}/cases.json", "w") as f:
        json.dump({"pillow": PIL.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
