"""Writes a tiny SmolVLM checkpoint whose processor splits images into tiles, and what transformers 5.17 computes.

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_smolvlm_split_fixture.py

(the venv of make_smolvlm_fixture.py, whose model description and initialisation this script reuses). Rerunning
writes byte-identical files.

The folder core/djl/src/test/resources/io/posttrain4j/core/model/hf/smolvlm-split/ holds

- config.json, generation_config.json, model.safetensors: make_smolvlm_fixture.py's tiny model (64x64 tiles, 16
  <image> tokens per tile) with a vocabulary of 113: the tiny SmolVLM tokenizer plus <row_r_col_c> for r, c in 1..3.
- preprocessor_config.json: SmolVLMImageProcessorPil as saved by transformers, with do_image_splitting, size
  longest_edge 128 and max_image_size longest_edge 64 (so an image becomes up to 2x2 tiles and a global image).
- tokenizer.json, tokenizer_config.json: the tiny tokenizer with the row tokens added as special tokens.
- image0.png (100x70), image1.png (40x130), image2.png (130x40): the source images.
- image<i>-frames.png: the processor's frames of image i (tiles row by row, then the global image) as 8-bit RGB,
  stacked vertically (64 x 64 * frames); image<i>-whole.png: the processor's one 64x64 frame with
  do_image_splitting=False. Both are exactly the processor's pixel_values (x / 127.5 - 1 of these bytes; checked).
- goldens.json: per image rows and cols (the processor's), the prompt each conversation renders to with its
  <image> expanded by transformers' own get_image_prompt_string and its ids; a batch of the first two prompts,
  left-padded, with the logits at the real positions; greedy tokens of the third prompt.
"""
import json
import os
import shutil

import numpy as np
import torch
from PIL import Image
from tokenizers import AddedToken, Tokenizer
from transformers import SmolVLMForConditionalGeneration
from transformers.models.smolvlm.image_processing_pil_smolvlm import SmolVLMImageProcessorPil
from transformers.models.smolvlm.processing_smolvlm import get_image_prompt_string

import make_smolvlm_fixture as base

OUT = base.ROOT + "/hf/smolvlm-split"
TILE, LONGEST = 64, 128
ROWS_COLS = [(r, c) for r in range(1, 4) for c in range(1, 4)]
SIZES = [(70, 100), (130, 40), (40, 130)]  # (height, width): 2x2, 2x1 and 1x2 tiles
GREEDY_STEPS = 6
PROMPTS = ["What is in this image?", "Be brief. What is in the image?", "What is in this image?"]


def source_images():
    rng = np.random.default_rng(20261207)
    out = []
    for h, w in SIZES:
        y, x = np.mgrid[0:h, 0:w]
        img = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x + y) % 256], -1).astype(np.int32)
        img += rng.integers(-40, 41, size=img.shape)
        img[h // 4: h // 2, w // 3: 2 * w // 3] = [230, 20, 20]  # a red block: edges to ring and clamp
        out.append(np.clip(img, 0, 255).astype(np.uint8))
    return out


def processor(split):
    return SmolVLMImageProcessorPil(do_image_splitting=split, size={"longest_edge": LONGEST},
                                    max_image_size={"longest_edge": TILE})


def to_bytes(frames):
    """(F, 3, 64, 64) float32 in [-1, 1] -> (F, 64, 64, 3) uint8, asserting the floats are exactly x / 127.5 - 1."""
    u8 = np.rint((frames + 1) * 127.5).astype(np.uint8).transpose(0, 2, 3, 1)
    back = np.stack([base.pixel_values_of(f) for f in u8])
    assert np.array_equal(back, frames), "pixel values are not 8-bit pixels scaled"
    return u8


@torch.no_grad()
def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    tok = Tokenizer.from_file(os.path.join(base.TOKENIZER, "tokenizer.json"))
    tok.add_special_tokens([AddedToken("<row_%d_col_%d>" % rc, special=True, normalized=False) for rc in ROWS_COLS])
    vocab = tok.get_vocab_size(with_added_tokens=True)
    assert vocab == 113 and tok.token_to_id("<row_1_col_1>") == 104
    tok.save(os.path.join(OUT, "tokenizer.json"))
    shutil.copy(os.path.join(base.TOKENIZER, "tokenizer_config.json"), OUT)

    torch.manual_seed(0)
    cfg = base.config(vocab)
    model = SmolVLMForConditionalGeneration(cfg).eval()
    model.set_attn_implementation("eager")
    base.scaled_init(model, 11)
    model.save_pretrained(OUT, safe_serialization=True)
    processor(True).save_pretrained(OUT)

    imgs = source_images()
    split, whole, layouts = [], [], []
    for i, img in enumerate(imgs):
        Image.fromarray(img, "RGB").save(os.path.join(OUT, "image%d.png" % i))
        out = processor(True)(images=[[Image.fromarray(img)]], return_tensors="np", return_row_col_info=True)
        rows, cols = out["rows"][0][0], out["cols"][0][0]
        frames = out["pixel_values"][0]
        assert frames.shape[0] == rows * cols + 1 and out["pixel_attention_mask"].all()
        u8 = to_bytes(frames)
        Image.fromarray(u8.reshape(-1, TILE, 3), "RGB").save(os.path.join(OUT, "image%d-frames.png" % i))
        one = processor(False)(images=[[Image.fromarray(img)]], return_tensors="np")["pixel_values"][0]
        Image.fromarray(to_bytes(one)[0], "RGB").save(os.path.join(OUT, "image%d-whole.png" % i))
        split.append(torch.from_numpy(frames))
        layouts.append({"image": "image%d.png" % i, "height": int(img.shape[0]), "width": int(img.shape[1]),
                        "rows": int(rows), "cols": int(cols)})

    from transformers import AutoTokenizer
    hf_tok = AutoTokenizer.from_pretrained(OUT)
    prompts = []
    for i, question in enumerate(PROMPTS):
        messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": question}]}]
        text = hf_tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        expanded = text.replace("<image>", get_image_prompt_string(
            layouts[i]["rows"], layouts[i]["cols"], base.IMAGE_SEQ_LEN, "<fake_token_around_image>", "<image>",
            "<global-img>"))
        ids = tok.encode(expanded, add_special_tokens=True).ids
        assert ids.count(102) == base.IMAGE_SEQ_LEN * split[i].shape[0]
        assert tok.decode(ids, skip_special_tokens=False) == expanded
        assert hf_tok(expanded)["input_ids"] == ids
        prompts.append({"image": i, "question": question, "expanded": expanded, "ids": ids})

    # the first two prompts in one left-padded batch; the shorter image list padded with all-zero frames
    ps = prompts[:2]
    t = max(len(p["ids"]) for p in ps)
    frames = max(split[p["image"]].shape[0] for p in ps)
    pv = torch.zeros(len(ps), frames, 3, TILE, TILE)
    mask_px = torch.zeros(len(ps), frames, TILE, TILE, dtype=torch.long)
    ids, mask = [], []
    for r, p in enumerate(ps):
        f = split[p["image"]]
        pv[r, :f.shape[0]] = f
        mask_px[r, :f.shape[0]] = 1
        pad = t - len(p["ids"])
        ids.append([2] * pad + p["ids"])
        mask.append([0] * pad + [1] * len(p["ids"]))
    mask_t = torch.tensor(mask)
    positions = (mask_t.cumsum(-1) - 1).masked_fill(mask_t == 0, 0)
    logits = model(input_ids=torch.tensor(ids), attention_mask=mask_t, position_ids=positions, pixel_values=pv,
                   pixel_attention_mask=mask_px, use_cache=False).logits
    batch = {"prompts": [0, 1], "ids": ids, "mask": mask, "positions": positions.tolist(),
             "logits": [{"shape": [len(p["ids"]), vocab], "data": base.f32(logits[r, t - len(p["ids"]):])}
                        for r, p in enumerate(ps)]}

    p = prompts[2]
    tokens, gaps = base.greedy_tokens(model, p["ids"], split[p["image"]][None], GREEDY_STEPS)

    goldens = {
        "note": "tiny SmolVLMForConditionalGeneration and SmolVLMImageProcessorPil with do_image_splitting, "
                "transformers 5.17.0 (see make_smolvlm_split_fixture.py); floats are float32",
        "image_token_id": 102, "image_seq_len": base.IMAGE_SEQ_LEN, "layouts": layouts, "prompts": prompts,
        "batch": batch, "greedy": {"prompt": 2, "tokens": tokens, "gaps": gaps},
    }
    with open(os.path.join(OUT, "goldens.json"), "w") as f:
        json.dump(goldens, f, separators=(",", ":"))
    print("layouts", [(l["rows"], l["cols"]) for l in layouts], "min greedy gap %.4f" % min(gaps))
    for name in sorted(os.listdir(OUT)):
        print("%8d %s" % (os.path.getsize(os.path.join(OUT, name)), name))


if __name__ == "__main__":
    main()
