"""Writes images resized by Pillow's bicubic and Lanczos filters, for PilResizeTest (this library's port of them).

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_pil_resize_fixture.py

(any venv with Pillow; the image processors of transformers resize with it). Rerunning writes the same files.
Each case is a random 8-bit RGB source image and Pillow's `Image.resize((width, height), filter)` of it (BICUBIC,
LLaVA-OneVision's processor; LANCZOS, SmolVLM's), both as PNG in
core/djl/src/test/resources/io/posttrain4j/core/model/pil-resize/, listed in cases.json with the filter and
Pillow's version.
"""
import json
import os

import numpy as np
import PIL
from PIL import Image

OUT = "core/djl/src/test/resources/io/posttrain4j/core/model/pil-resize"
# (source height, width) -> (target height, width): shrink, enlarge, both ways at once, one axis only,
# and LLaVA-OneVision's base tile of the 16x64 fixture image.
CASES = [((16, 64), (32, 32)), ((23, 37), (50, 64)), ((80, 100), (17, 30)), ((40, 9), (40, 31)),
         ((64, 48), (21, 48)), ((3, 5), (29, 2))]
# Lanczos: the same, plus SmolVLM's steps (longest edge up to 128, then to a multiple of 64, a 64x64 global image).
LANCZOS_CASES = CASES + [((70, 100), (90, 128)), ((90, 128), (128, 128)), ((130, 40), (128, 40)),
                         ((128, 64), (64, 64)), ((20, 30), (86, 128))]

def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261207)
    cases = []
    every = [(c, "bicubic") for c in CASES] + [(c, "lanczos") for c in LANCZOS_CASES]
    for i, (((h, w), (th, tw)), name) in enumerate(every):
        src = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
        src[: h // 2, : w // 2] = [250, 10, 128]  # a flat block with hard edges: over- and undershoot to clamp
        img = Image.fromarray(src, "RGB")
        out = img.resize((tw, th), Image.BICUBIC if name == "bicubic" else Image.LANCZOS)
        img.save(f"{OUT}/case{i}-source.png")
        out.save(f"{OUT}/case{i}-pil.png")
        cases.append({"source": f"case{i}-source.png", "resized": f"case{i}-pil.png", "height": th, "width": tw,
                      "filter": name})
    with open(f"{OUT}/cases.json", "w") as f:
        json.dump({"pillow": PIL.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
