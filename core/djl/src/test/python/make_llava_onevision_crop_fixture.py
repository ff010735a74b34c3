"""Writes a tiny LLaVA-OneVision-Qwen2 checkpoint whose vision image_size is NOT a multiple of its patch_size, and the
outputs transformers 5.17 computes for it.

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_llava_onevision_crop_fixture.py

(same venv as make_llava_onevision_fixture.py, whose helpers it imports). Rerunning writes byte-identical files.

Real LLaVA-OneVision has image_size 384 and patch_size 14: SigLIP's patch embedding is a Conv2d with stride 14, which
sees 27x27 patches and silently DROPS the last 384 - 27 * 14 = 6 pixel rows and columns of every crop. This fixture
is the miniature of that: image_size 36, patch_size 8 -> 4x4 = 16 patches from the top-left 32x32 pixels of each
36x36 crop, the last 4 rows/columns dropped; pinpoints [[36,36],[36,72],[72,36],[72,72]].

Every other shape (and the weights: same seeds, same parameter shapes, same order) is that of the llava-onevision
fixture; the folder core/djl/src/test/resources/io/posttrain4j/core/model/hf/llava-onevision-crop/ holds

- config.json, model.safetensors (save_pretrained, legacy key layout as in the first fixture; the tensors equal the
  first fixture's, asserted here),
- tokenizer.json, tokenizer_config.json, chat_template.jinja (LlavaOnevisionProcessor.save_pretrained),
- image.png: 36x36; its top-left 32x32 is a gradient with a cyan square, its last 4 rows and columns are a saturated
  green/magenta stripe pattern, so that a port which does not drop them (or resizes 36 -> 32) gets other features,
- goldens.json: images, image_sizes, pixel_values (1, 2, 3, 36, 36) = [base, grid(0,0)] as fed to the tower,
  image_features (1, 36, 64), prompts (one, expanded, with ids), logits (T, V) of that prompt (positions 0..T-1),
  greedy (8 tokens with top-1 minus top-2 logit gaps), checks (max |diff| of the verifications below).

Verified here: pixel_values and prompt ids equal LlavaOnevisionProcessor's; the number of <image> tokens equals the
processor formula; image features and logits equal those transformers computes when the image is cropped to its
top-left 32x32 first and only that is fed to the tower (with the 32x32 fixture's config); and a port that resizes
the 36x36 crops to 32x32 instead of dropping the last 4 rows/columns gets clearly different image features.
"""
import json
import os
import sys
import tempfile

import numpy as np
import torch
from PIL import Image
from safetensors.numpy import load_file
from tokenizers import AddedToken, Tokenizer
from transformers import LlavaOnevisionConfig, LlavaOnevisionForConditionalGeneration, LlavaOnevisionProcessor
from transformers import PreTrainedTokenizerFast
from transformers.models.llava_onevision.image_processing_pil_llava_onevision import LlavaOnevisionImageProcessorPil
from transformers.models.llava_onevision.video_processing_llava_onevision import LlavaOnevisionVideoProcessor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_llava_onevision_fixture as base  # noqa: E402  (helpers and constants only; its main() is not run)

OUT = base.ROOT + "/hf/llava-onevision-crop"
IMAGE_SIZE, PATCH = 36, 8
SIDE = IMAGE_SIZE // PATCH  # 4: the Conv2d sees 4x4 patches, i.e. pixels 0..31
SEEN = SIDE * PATCH  # 32
PINPOINTS = [[36, 36], [36, 72], [72, 36], [72, 72]]
N_IMAGE_TOKENS = 36  # 16 base + 4 rows x (4 cells + 1 newline)
CONVERSATION = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is in this picture?"}]}]
FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja")


def test_image():
    y, x = np.mgrid[0:IMAGE_SIZE, 0:IMAGE_SIZE]
    img = np.stack([x * 7, y * 7, 250 - (x + y) * 3], axis=-1).clip(0, 255).astype(np.uint8)
    img[5:18, 10:26] = [30, 200, 200]  # a cyan square straddling patch borders (colour picked for greedy gaps)
    stripes = np.where((x + y) % 2 == 0, 0, 1)[..., None] * np.array([255, 0, 255]) + \
        np.where((x + y) % 2 == 0, 1, 0)[..., None] * np.array([0, 255, 0])
    img[SEEN:] = stripes[SEEN:]  # last 4 rows
    img[:, SEEN:] = stripes[:, SEEN:]  # last 4 columns
    return img.astype(np.uint8)


def config(vocab):
    c = base.config(vocab).to_dict()
    c["vision_config"].update(image_size=IMAGE_SIZE, patch_size=PATCH)
    c["image_grid_pinpoints"] = PINPOINTS
    for k in ("transformers_version", "architectures"):
        c.pop(k, None)
    return LlavaOnevisionConfig(**c)


def make_processor():
    tok = Tokenizer.from_file(os.path.join(base.TOKENIZER, "tokenizer.json"))
    tok.add_special_tokens([AddedToken("<image>", special=True, normalized=False),
                            AddedToken("<video>", special=True, normalized=False)])
    assert tok.token_to_id("<image>") == base.IMAGE_TOKEN and tok.token_to_id("<video>") == base.VIDEO_TOKEN
    hf_tok = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                     model_max_length=32768)
    kw = dict(size={"height": IMAGE_SIZE, "width": IMAGE_SIZE}, image_mean=[0.5] * 3, image_std=[0.5] * 3, resample=3)
    LlavaOnevisionProcessor.check_argument_for_proper_class = lambda self, name, arg: None  # no torchvision
    return LlavaOnevisionProcessor(image_processor=LlavaOnevisionImageProcessorPil(image_grid_pinpoints=PINPOINTS, **kw),
                                   tokenizer=hf_tok, video_processor=LlavaOnevisionVideoProcessor(**kw),
                                   num_image_tokens=SIDE * SIDE, vision_feature_select_strategy="full",
                                   vision_aspect_ratio="anyres_max_9", chat_template=base.CHAT_TEMPLATE), tok


def maxdiff(a, b):
    return float(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64)).max())


@torch.no_grad()
def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    processor, tok = make_processor()
    vocab = tok.get_vocab_size(with_added_tokens=True)
    torch.manual_seed(0)
    cfg = config(vocab)
    model = LlavaOnevisionForConditionalGeneration(cfg).eval()
    model.set_attn_implementation("eager")
    base.scaled_init(model, 11)
    assert model.lm_head.weight is model.model.language_model.embed_tokens.weight
    assert model.model.vision_tower.embeddings.num_patches == SIDE * SIDE
    with tempfile.TemporaryDirectory() as d:  # only the listed files (no generation_config / processor_config)
        model.save_pretrained(d, safe_serialization=True)
        processor.save_pretrained(d)
        for name in FILES:
            with open(os.path.join(d, name), "rb") as src, open(os.path.join(OUT, name), "wb") as dst:
                dst.write(src.read())
    ours = load_file(os.path.join(OUT, "model.safetensors"))
    first = load_file(os.path.join(base.OUT, "model.safetensors"))
    assert sorted(ours) == sorted(first) and all(np.array_equal(ours[k], first[k]) for k in ours), \
        "the weights differ from the llava-onevision fixture's"

    img = test_image()
    Image.fromarray(img, "RGB").save(os.path.join(OUT, "image.png"))
    img = np.asarray(Image.open(os.path.join(OUT, "image.png")).convert("RGB"))
    assert base.select_best_resolution((IMAGE_SIZE, IMAGE_SIZE), PINPOINTS) == (IMAGE_SIZE, IMAGE_SIZE)
    crop = base.normalize(img)  # base crop = the image (no resize), the 1x1 grid = the image (no padding)
    pv = torch.from_numpy(np.stack([crop, crop]))[None]  # (1, 2, 3, 36, 36)
    sizes = torch.tensor([[IMAGE_SIZE, IMAGE_SIZE]])

    # ---- prompt: ids vs. LlavaOnevisionProcessor; token count vs. the processor formula ----
    n_formula = base.processor_count((IMAGE_SIZE, IMAGE_SIZE), PINPOINTS, SIDE, IMAGE_SIZE, 9)
    assert n_formula == N_IMAGE_TOKENS, n_formula
    text = processor.apply_chat_template(CONVERSATION, add_generation_prompt=True)
    assert text == "<|im_start|>user\n<image>\nWhat is in this picture?<|im_end|>\n<|im_start|>assistant\n"
    expanded = text.replace("<image>", "<image>" * N_IMAGE_TOKENS)
    ids = tok.encode(expanded, add_special_tokens=True).ids
    assert ids.count(base.IMAGE_TOKEN) == N_IMAGE_TOKENS and tok.decode(ids, skip_special_tokens=False) == expanded
    proc = processor(images=[Image.fromarray(img)], text=[text], return_tensors="np")
    assert proc["input_ids"][0].tolist() == ids, "prompt expansion differs from LlavaOnevisionProcessor"
    assert np.array_equal(proc["pixel_values"], pv.numpy()), "pixel_values differ from the processor"
    assert proc["image_sizes"].tolist() == sizes.tolist()

    # ---- transformers on the 36x36 crops ----
    lm = model.model
    feats = lm.get_image_features(pv, sizes).pooler_output
    assert len(feats) == 1 and feats[0].shape == (N_IMAGE_TOKENS, 64)
    image_features = feats[0][None]  # (1, 36, 64)
    t = len(ids)
    fwd = dict(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, t, dtype=torch.long),
               position_ids=torch.arange(t)[None], use_cache=False)
    logits = model(pixel_values=pv, image_sizes=sizes, **fwd).logits[0]

    # ---- the same, cropping to the top-left 32x32 ourselves: a 32/8 tower (the first fixture's config, same
    # weights) on pv[..., :32, :32], projected, packed and merged by transformers ----
    c32 = base.config(vocab)
    m32 = LlavaOnevisionForConditionalGeneration(c32).eval()
    m32.set_attn_implementation("eager")
    m32.load_state_dict(model.state_dict())
    small = pv[0, :, :, :SEEN, :SEEN].contiguous()  # (2, 3, 32, 32)
    hidden = m32.model.vision_tower(small, output_hidden_states=True).hidden_states[-1]
    proj = m32.model.multi_modal_projector(hidden)
    packed, _ = lm.pack_image_features([proj], sizes, image_newline=m32.model.image_newline)
    embeds = m32.model.language_model.embed_tokens(fwd["input_ids"])
    mask = (fwd["input_ids"] == base.IMAGE_TOKEN)[..., None].expand_as(embeds)
    embeds = embeds.masked_scatter(mask, packed[0])
    h = m32.model.language_model(inputs_embeds=embeds, attention_mask=fwd["attention_mask"],
                                 position_ids=fwd["position_ids"], use_cache=False).last_hidden_state
    crop_logits = m32.lm_head(h)[0]
    # a port that kept the last 4 rows/columns (here: resizes 36 -> 32 instead of dropping) would differ
    resized = np.asarray(Image.fromarray(img).resize((SEEN, SEEN), Image.BICUBIC))
    rs = torch.from_numpy(base.normalize(resized))[None].expand(2, -1, -1, -1)
    rs_proj = m32.model.multi_modal_projector(m32.model.vision_tower(rs, output_hidden_states=True).hidden_states[-1])
    rs_packed, _ = lm.pack_image_features([rs_proj], sizes, image_newline=m32.model.image_newline)

    greedy, seq = {"tokens": [], "gaps": []}, list(ids)
    for _ in range(base.GREEDY_STEPS):
        n = len(seq)
        last = model(input_ids=torch.tensor([seq]), attention_mask=torch.ones(1, n, dtype=torch.long),
                     position_ids=torch.arange(n)[None], pixel_values=pv, image_sizes=sizes,
                     use_cache=False).logits[0, -1]
        top = torch.topk(last, 2)
        assert int(top.indices[0]) not in (base.IMAGE_TOKEN, base.VIDEO_TOKEN)
        greedy["tokens"].append(int(top.indices[0]))
        greedy["gaps"].append(float(top.values[0] - top.values[1]))
        seq.append(greedy["tokens"][-1])
    gen = model.generate(pixel_values=pv, image_sizes=sizes, input_ids=fwd["input_ids"],
                         attention_mask=fwd["attention_mask"], max_new_tokens=base.GREEDY_STEPS, do_sample=False,
                         eos_token_id=None, pad_token_id=base.PAD)
    assert gen[0, t:].tolist() == greedy["tokens"], "generate() differs from greedy"

    checks = {
        "image_features_vs_crop32": maxdiff(image_features[0], packed[0]),
        "logits_vs_crop32": maxdiff(logits, crop_logits),
        "image_features_vs_resize32 (must be large)": maxdiff(image_features[0], rs_packed[0]),
    }
    assert checks["image_features_vs_crop32"] < 1e-5 and checks["logits_vs_crop32"] < 1e-4, checks
    assert checks["image_features_vs_resize32 (must be large)"] > 0.1, checks

    goldens = {
        "note": "tiny LlavaOnevisionForConditionalGeneration written by transformers 5.17.0 with vision image_size 36, "
                "patch_size 8 (the Conv2d drops the last 4 pixel rows/columns of each crop); see "
                "make_llava_onevision_crop_fixture.py; floats are float32",
        "image_token_id": base.IMAGE_TOKEN, "video_token_id": base.VIDEO_TOKEN, "pad_token_id": base.PAD,
        "images": ["image.png"], "image_sizes": sizes.tolist(), "crop_order": ["base", "grid:0,0"],
        "pixel_values": base.tensor_entry(pv),
        "image_features": base.tensor_entry(image_features),
        "prompts": [{"messages": CONVERSATION, "text": text, "expanded": expanded, "ids": ids}],
        "logits": {"shape": [t, vocab], "data": base.f32(logits)},
        "greedy": [dict(prompt=0, **greedy)],
        "checks": {k: float("%.3g" % v) for k, v in checks.items()},
    }
    with open(os.path.join(OUT, "goldens.json"), "w") as f:
        json.dump(goldens, f, separators=(",", ":"))
    # The weights, tokenizer and chat template equal the first fixture's (asserted above): only config.json,
    # the image and the goldens are kept; the Java test puts them beside the first fixture's other files.
    for name in ("model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja"):
        same = os.path.join(OUT, name)
        if os.path.exists(same):
            os.remove(same)
    for k, v in checks.items():
        print("check %-45s max |diff| %.3g" % (k, v))
    print("N", N_IMAGE_TOKENS, "T", t, "greedy", greedy["tokens"], "min gap %.4f" % min(greedy["gaps"]))
    total = 0
    for name in sorted(os.listdir(OUT)):
        total += os.path.getsize(os.path.join(OUT, name))
        print("%8d %s" % (os.path.getsize(os.path.join(OUT, name)), name))
    print("%8d total" % total)


if __name__ == "__main__":
    main()
