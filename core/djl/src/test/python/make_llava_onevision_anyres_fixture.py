"""Writes the outputs transformers 5.17 computes for the tiny LLaVA-OneVision fixture with vision_aspect_ratio
anyres_max_1, on images whose feature grid is larger than one tile's: pack_image_features then resizes it
bilinearly (F.interpolate, align_corners=False), and the processor counts the resized grid's tokens.

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_llava_onevision_anyres_fixture.py

(same venv as make_llava_onevision_fixture.py, whose helpers it imports; run that one first). Rerunning writes the
same files. The weights, tokenizer and chat template are the llava-onevision fixture's; the folder
core/djl/src/test/resources/io/posttrain4j/core/model/hf/llava-onevision-anyres/ holds only

- config.json: the first fixture's config with vision_aspect_ratio anyres_max_1,
- square.png (64x64: canvas 64x64, a 2x2 grid of 8x8 feature cells, resized to 4x4: 16 + 4 x 5 = 36 tokens),
  tall.png (60x20: canvas 64x32, a 2x1 grid of 8x4 cells, columns unpadded to 8x2, small enough to keep: 16 + 8 x 3
  = 40) and wide.png (40x64: canvas 64x64, 8x8 cells, rows unpadded to 6x8, resized to 3x4: 16 + 3 x 5 = 31),
- goldens.json: per image its size, pixel_values (crops, 3, 32, 32) as the processor makes them, image_features
  (tokens, 64), the prompt (ids as the processor expands them) and its logits (T, V) at positions 0..T-1.
"""
import json
import os
import sys

import numpy as np
import torch
from PIL import Image
from transformers import LlavaOnevisionConfig, LlavaOnevisionForConditionalGeneration

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_llava_onevision_fixture as base  # noqa: E402  (helpers and constants only; its main() is not run)

OUT = base.ROOT + "/hf/llava-onevision-anyres"
CONVERSATION = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is in this picture?"}]}]
EXPECTED_TOKENS = {"square.png": 36, "tall.png": 40, "wide.png": 31}


def image(h, w, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x * y) % 256], axis=-1)
    img = (img + rng.integers(0, 40, size=(h, w, 3))).clip(0, 255).astype(np.uint8)
    img[h // 4: h // 2, w // 4: 3 * w // 4] = [20, 220, 90]
    return img


@torch.no_grad()
def main():
    os.makedirs(OUT, exist_ok=True)
    processor, tok = base.make_processor()
    processor.vision_aspect_ratio = "anyres_max_1"
    with open(os.path.join(base.OUT, "config.json")) as f:
        cfg_dict = json.load(f)
    cfg_dict["vision_aspect_ratio"] = "anyres_max_1"
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(cfg_dict, f, indent=2, sort_keys=True)
        f.write("\n")
    model = LlavaOnevisionForConditionalGeneration.from_pretrained(base.OUT, config=LlavaOnevisionConfig.from_pretrained(
        OUT)).eval()
    model.set_attn_implementation("eager")
    assert model.config.vision_aspect_ratio == "anyres_max_1"

    goldens = {"note": "tiny LlavaOnevisionForConditionalGeneration (the llava-onevision fixture's weights) run by "
                       "transformers 5.17.0 with vision_aspect_ratio anyres_max_1; see "
                       "make_llava_onevision_anyres_fixture.py; floats are float32",
               "image_token_id": base.IMAGE_TOKEN, "images": []}
    for name, (h, w), seed in (("square.png", (64, 64), 1), ("tall.png", (60, 20), 2), ("wide.png", (40, 64), 3)):
        Image.fromarray(image(h, w, seed), "RGB").save(os.path.join(OUT, name))
        img = np.asarray(Image.open(os.path.join(OUT, name)).convert("RGB"))
        text = processor.apply_chat_template(CONVERSATION, add_generation_prompt=True)
        proc = processor(images=[Image.fromarray(img)], text=[text], return_tensors="pt")
        ids = proc["input_ids"][0].tolist()
        n = ids.count(base.IMAGE_TOKEN)
        assert n == EXPECTED_TOKENS[name] == base.processor_count((h, w), base.PINPOINTS, base.SIDE,
                                                                  base.IMAGE_SIZE, 1), (name, n)
        pv, sizes = proc["pixel_values"], proc["image_sizes"]
        feats = model.model.get_image_features(pv, sizes).pooler_output
        assert len(feats) == 1 and feats[0].shape == (n, 64)
        t = len(ids)
        logits = model(input_ids=proc["input_ids"], attention_mask=torch.ones(1, t, dtype=torch.long),
                       position_ids=torch.arange(t)[None], pixel_values=pv, image_sizes=sizes,
                       use_cache=False).logits[0]
        crops = pv[0]  # (max crops, 3, 32, 32); this image uses all of them
        goldens["images"].append({"image": name, "image_size": [h, w], "tokens": n,
                                  "pixel_values": base.tensor_entry(crops), "image_features": base.tensor_entry(feats[0]),
                                  "prompt": {"messages": CONVERSATION, "text": text, "ids": ids},
                                  "logits": {"shape": [t, logits.shape[1]], "data": base.f32(logits)}})
        print(name, (h, w), "crops", tuple(crops.shape), "tokens", n, "T", t)
    with open(os.path.join(OUT, "goldens.json"), "w") as f:
        json.dump(goldens, f, separators=(",", ":"))
    for name in sorted(os.listdir(OUT)):
        print("%8d %s" % (os.path.getsize(os.path.join(OUT, name)), name))


if __name__ == "__main__":
    main()
