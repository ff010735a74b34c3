"""Writes a tiny LLaVA-OneVision-Qwen2 checkpoint and the outputs transformers 5.17 computes for it.

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_llava_onevision_fixture.py

(any venv with torch==2.13.0+cpu, transformers==5.17.0, safetensors, tokenizers, numpy, pillow; torchvision is not
needed: the PIL-backend image processor is used). Rerunning writes byte-identical files.

The folder core/djl/src/test/resources/io/posttrain4j/core/model/hf/llava-onevision/ holds

- config.json, generation_config.json, model.safetensors: what LlavaOnevisionForConditionalGeneration.save_pretrained
  writes for a tiny random model (SigLIP vision tower 32x32 px / patch 8 -> 4x4 = 16 patches per crop, 2-layer
  MLP projector, image_newline, any-res pinpoints [[32,32],[32,64],[64,32],[64,64]], Qwen2 text model with tied
  embeddings). Weights are random but scaled (matrices std 0.25, norm weights 1 +- 0.3, biases std 0.1) so that
  every tensor matters. NOTE: save_pretrained writes the LEGACY key layout (see SPEC.md, "Tensor names").
- tokenizer.json, tokenizer_config.json, chat_template.jinja, processor_config.json: what LlavaOnevisionProcessor
  .save_pretrained writes; the tokenizer is the tiny Qwen2.5 one of tokenizer/chat/qwen2.5/ plus <image> (123) and
  <video> (124); the chat template is LLaVA-OneVision's (transformers' conversion script).
- image0.png (32x32 gradient), image1.png (32x32 checkerboard with a red square), image2.png (16 high x 64 wide).
- goldens.json (every float is a float32 written in its shortest round-trip decimal form); see SPEC.md section 8.

core/djl/src/test/resources/io/posttrain4j/core/model/hf/llava-onevision-4x/ holds the SAME weights under the key
layout of transformers 4.x hub checkpoints (llava-hf/llava-onevision-qwen2-*-hf), a 4.x-style config.json and the same
tokenizer.json / tokenizer_config.json (no processor files: the first folder's apply). The goldens of the first
folder apply to it (asserted here: identical logits).

SPEC.md in the first folder describes the math; it is written by hand, not by this script.
"""
import json
import math
import os
import shutil
import tempfile

import numpy as np
import torch
from PIL import Image
from safetensors.numpy import load_file, save_file
from tokenizers import AddedToken, Tokenizer
from transformers import LlavaOnevisionConfig, LlavaOnevisionForConditionalGeneration, LlavaOnevisionProcessor
from transformers import PreTrainedTokenizerFast
from transformers.models.llava_onevision.image_processing_pil_llava_onevision import LlavaOnevisionImageProcessorPil
from transformers.models.llava_onevision.video_processing_llava_onevision import LlavaOnevisionVideoProcessor

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "../resources/io/posttrain4j/core/model"))  # works from any directory
OUT = ROOT + "/hf/llava-onevision"
OUT4 = ROOT + "/hf/llava-onevision-4x"
TOKENIZER = ROOT + "/tokenizer/chat/qwen2.5"

IMAGE_SIZE, PATCH = 32, 8
SIDE = IMAGE_SIZE // PATCH  # 4 patches per side
PINPOINTS = [[32, 32], [32, 64], [64, 32], [64, 64]]  # (height, width); a 1x/2x miniature of the real 384-grid
IMAGE_TOKEN, VIDEO_TOKEN, PAD = 123, 124, 109  # <image>, <video>, <|endoftext|>
GREEDY_STEPS = 8

# The chat template of transformers' convert_llava_onevision_weights_to_hf.py (images first, then videos, then text).
CHAT_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'}}{# Render all images first #}"
    "{% for content in message['content'] | selectattr('type', 'equalto', 'image') %}{{ '<image>\\n' }}{% endfor %}"
    "{# Render all video then #}{% for content in message['content'] | selectattr('type', 'equalto', 'video') %}"
    "{{ '<video>\\n' }}{% endfor %}{# Render all text next #}{% if message['role'] != 'assistant' %}"
    "{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{{ content['text'] }}{% endfor %}"
    "{% else %}{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}{% generation %}"
    "{{ content['text'] }}{% endgeneration %}{% endfor %}{% endif %}{{'<|im_end|>' + '\\n'}}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")


def f32(a):
    """A flat list of floats whose JSON form is each float32's shortest round-trip decimal."""
    a = np.asarray(a, dtype=np.float32).reshape(-1)
    return [float(str(x)) for x in a]


def tensor_entry(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return {"shape": list(a.shape), "data": f32(a)}


def images():
    """Two deterministic 32x32 RGB uint8 images and one 16x64 (height x width) image."""
    y, x = np.mgrid[0:32, 0:32]
    gradient = np.stack([x * 8, y * 8, 255 - (x + y) * 4], axis=-1).clip(0, 255).astype(np.uint8)
    checker = (((x // 4) + (y // 4)) % 2 * 255).astype(np.uint8)
    board = np.stack([checker] * 3, axis=-1)
    board[6:19, 11:27] = [230, 20, 20]  # a red square, off-centre, straddling patch borders
    y, x = np.mgrid[0:16, 0:64]
    wide = np.stack([x * 4, ((y // 2) % 2) * 200 + 20, 255 - x * 3], axis=-1).clip(0, 255).astype(np.uint8)
    wide[4:12, 40:52] = [20, 230, 40]  # a green block in the right half
    return [gradient, board, wide]


def normalize(img):
    """(3, H, W) float32 as the PIL image processor computes it: x * (1/255) rounded to float32, then
    (x - 0.5) / 0.5 in float32 (bit-identical to float32 x / 255f, then (x - 0.5f) / 0.5f)."""
    a = (img.astype(np.float64) * (1 / 255)).astype(np.float32).transpose(2, 0, 1)
    return (a - np.float32(0.5)) / np.float32(0.5)


def select_best_resolution(size, pinpoints):
    """transformers.image_processing_utils.select_best_resolution; size and result are (height, width)."""
    oh, ow = size
    best, best_eff, best_waste = None, 0, float("inf")
    for h, w in pinpoints:
        scale = min(w / ow, h / oh)
        eff = min(int(ow * scale) * int(oh * scale), ow * oh)
        waste = w * h - eff
        if eff > best_eff or (eff == best_eff and waste < best_waste):
            best, best_eff, best_waste = (h, w), eff, waste
    return best


def crops_of(img):
    """The crops of one image, in the processor's order: [base (whole image resized to 32x32), then the grid crops
    row-major]. Only for images that need no resampling for the grid (the best resolution's aspect ratio fits, as
    for the fixture's images); the base resize uses PIL bicubic (what the PIL backend does, resample=3)."""
    h, w = img.shape[:2]
    bh, bw = select_best_resolution((h, w), PINPOINTS)
    # get_patch_output_size: scale to fit inside (bh, bw); here the image already fits exactly along one side
    sw, sh = bw / w, bh / h
    nh, nw = (min(math.ceil(h * sw), bh), bw) if sw < sh else (bh, min(math.ceil(w * sh), bw))
    assert (nh, nw) == (h, w), "this helper does not resample the grid image"
    py, px = (bh - h) // 2, (bw - w) // 2  # _get_padding_size: before = floor, after = the rest
    padded = np.zeros((bh, bw, 3), np.uint8)  # zero padding, BEFORE rescale/normalize (-> -1.0 after normalize)
    padded[py:py + h, px:px + w] = img
    base = img if (h, w) == (IMAGE_SIZE, IMAGE_SIZE) else \
        np.asarray(Image.fromarray(img).resize((IMAGE_SIZE, IMAGE_SIZE), Image.BICUBIC))
    grid = [padded[r:r + IMAGE_SIZE, c:c + IMAGE_SIZE] for r in range(0, bh, IMAGE_SIZE)
            for c in range(0, bw, IMAGE_SIZE)]
    return np.stack([normalize(c) for c in [base] + grid]), (bh // IMAGE_SIZE, bw // IMAGE_SIZE)


def config(vocab):
    text = dict(model_type="qwen2", vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                num_attention_heads=4, num_key_value_heads=2, hidden_act="silu", max_position_embeddings=32768,
                rms_norm_eps=1e-6, rope_theta=1000000.0, tie_word_embeddings=True, bos_token_id=PAD,
                eos_token_id=111, use_sliding_window=False)
    vision = dict(model_type="siglip_vision_model", hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                  num_attention_heads=2, num_channels=3, image_size=IMAGE_SIZE, patch_size=PATCH,
                  hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-6, vision_use_head=False)
    # As on the hub (llava-hf/llava-onevision-qwen2-0.5b-ov-hf): top-level tie_word_embeddings false, text_config's
    # true; 5.17's LlavaOnevisionConfig.__post_init__ copies the text_config's true to the top level.
    return LlavaOnevisionConfig(vision_config=vision, text_config=text, image_token_index=IMAGE_TOKEN,
                                video_token_index=VIDEO_TOKEN, projector_hidden_act="gelu",
                                vision_feature_select_strategy="full", vision_feature_layer=-1,
                                vision_aspect_ratio="anyres_max_9", image_grid_pinpoints=PINPOINTS,
                                multimodal_projector_bias=True, tie_word_embeddings=False)


def scaled_init(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():  # the tied lm_head.weight is not listed (same tensor)
            if name.endswith("norm.weight") or name.endswith("layernorm.weight") or ".layer_norm" in name and \
                    name.endswith(".weight"):
                p.copy_(1 + 0.3 * (2 * torch.rand(p.shape, generator=g) - 1))
            elif name.endswith(".bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:  # matrices, embeddings, position embeddings, image_newline
                p.copy_(0.25 * torch.randn(p.shape, generator=g))


def make_processor():
    tok = Tokenizer.from_file(os.path.join(TOKENIZER, "tokenizer.json"))
    tok.add_special_tokens([AddedToken("<image>", special=True, normalized=False),
                            AddedToken("<video>", special=True, normalized=False)])
    assert tok.token_to_id("<image>") == IMAGE_TOKEN and tok.token_to_id("<video>") == VIDEO_TOKEN
    hf_tok = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                     model_max_length=32768)
    kw = dict(size={"height": IMAGE_SIZE, "width": IMAGE_SIZE}, image_mean=[0.5] * 3, image_std=[0.5] * 3, resample=3)
    image_processor = LlavaOnevisionImageProcessorPil(image_grid_pinpoints=PINPOINTS, **kw)
    video_processor = LlavaOnevisionVideoProcessor(**kw)
    # Without torchvision, BaseVideoProcessor is a placeholder class and the type check fails; the video processor is
    # never called here (no videos), it only has to be saved.
    LlavaOnevisionProcessor.check_argument_for_proper_class = lambda self, name, arg: None
    return LlavaOnevisionProcessor(image_processor=image_processor, tokenizer=hf_tok, video_processor=video_processor,
                                   num_image_tokens=SIDE * SIDE, vision_feature_select_strategy="full",
                                   vision_aspect_ratio="anyres_max_9", chat_template=CHAT_TEMPLATE), tok


CONVERSATIONS = [
    [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is in this picture?"}]}],
    [{"role": "system", "content": [{"type": "text", "text": "You are a helpful assistant."}]},
     {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Is there a cat?"}]}],
    [{"role": "user", "content": [{"type": "text", "text": "What is in this picture?"}, {"type": "image"}]}],
]  # only characters the tiny tokenizer's vocabulary holds, so that the ids round-trip to the text; k uses image k


def prompt(processor, tok, k, img, n_image_tokens):
    text = processor.apply_chat_template(CONVERSATIONS[k], add_generation_prompt=True)
    expanded = text.replace("<image>", "<image>" * n_image_tokens)
    ids = tok.encode(expanded, add_special_tokens=True).ids
    assert ids.count(IMAGE_TOKEN) == n_image_tokens and tok.decode(ids, skip_special_tokens=False) == expanded
    via_processor = processor(images=[Image.fromarray(img)], text=[text], return_tensors="np")
    assert via_processor["input_ids"][0].tolist() == ids, "prompt expansion differs from LlavaOnevisionProcessor"
    return {"messages": CONVERSATIONS[k], "text": text, "expanded": expanded, "ids": ids}, via_processor


def layout_of(image_size):
    """Names of the rows of one image's feature sequence (no interpolation case): "base:i" = base crop patch i,
    "grid:r,c" = cell (r, c) of the unpadded feature grid, "newline" = image_newline."""
    (bh, bw), (oh, ow) = select_best_resolution(image_size, PINPOINTS), image_size
    ch, cw = bh // IMAGE_SIZE * SIDE, bw // IMAGE_SIZE * SIDE
    r0, c0 = 0, 0
    if ow / oh > cw / ch:
        pad = (ch - int(round(oh * (cw / ow), 7))) // 2
        r0, ch = pad, ch - 2 * pad
    else:
        pad = (cw - int(round(ow * (ch / oh), 7))) // 2
        c0, cw = pad, cw - 2 * pad
    rows = ["base:%d" % i for i in range(SIDE * SIDE)]
    for r in range(ch):
        rows += ["grid:%d,%d" % (r0 + r, c0 + c) for c in range(cw)] + ["newline"]
    return rows


@torch.no_grad()
def main():
    for d in (OUT, OUT4):  # empty both folders, except the hand-written SPEC.md
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            if name != "SPEC.md":
                os.remove(os.path.join(d, name))
    processor, tok = make_processor()
    vocab = tok.get_vocab_size(with_added_tokens=True)
    assert vocab == 125

    torch.manual_seed(0)
    cfg = config(vocab)
    assert cfg.tie_word_embeddings and cfg.text_config.tie_word_embeddings
    model = LlavaOnevisionForConditionalGeneration(cfg).eval()
    model.set_attn_implementation("eager")
    scaled_init(model, 11)
    assert model.lm_head.weight is model.model.language_model.embed_tokens.weight
    model.save_pretrained(OUT, safe_serialization=True)
    processor.save_pretrained(OUT)

    imgs = images()
    for i, img in enumerate(imgs):
        Image.fromarray(img, "RGB").save(os.path.join(OUT, "image%d.png" % i))

    # ---- the two 32x32 images: one left-padded batch ----
    crops = [crops_of(im) for im in imgs]
    pv = torch.from_numpy(np.stack([crops[0][0], crops[1][0]]))  # (2, 2, 3, 32, 32): [base, grid crop (0,0)]
    sizes = torch.tensor([[32, 32], [32, 32]])
    ps, procs = zip(*[prompt(processor, tok, k, imgs[k], 36) for k in range(2)])
    for k in range(2):
        assert np.array_equal(procs[k]["pixel_values"][0], pv[k].numpy()), "pixel_values differ from the processor"
        assert procs[k]["image_sizes"][0].tolist() == [32, 32]

    lm = model.model
    flat = pv.reshape(-1, 3, IMAGE_SIZE, IMAGE_SIZE)  # crops of image 0, then of image 1
    tower = lm.vision_tower(flat, output_hidden_states=True)
    emb = lm.vision_tower.embeddings(flat)
    layer0 = lm.vision_tower.encoder.layers[0](emb, None)
    assert len(tower.hidden_states) == 3 and torch.equal(tower.hidden_states[0], emb)
    assert torch.equal(tower.hidden_states[1], layer0)
    feats = tower.hidden_states[-1]  # vision_feature_layer -1: the last encoder layer's output, NO post_layernorm
    assert not torch.allclose(feats, tower.last_hidden_state, atol=1e-2)
    proj = lm.multi_modal_projector(feats)
    packed = lm.get_image_features(pv, sizes).pooler_output
    assert len(packed) == 2 and all(p.shape == (36, 64) for p in packed)

    t = max(len(p["ids"]) for p in ps)
    ids, mask = [], []
    for p in ps:
        pad = t - len(p["ids"])
        ids.append([PAD] * pad + p["ids"])
        mask.append([0] * pad + [1] * len(p["ids"]))
    mask_t = torch.tensor(mask)
    positions = (mask_t.cumsum(-1) - 1).masked_fill(mask_t == 0, 0)
    forward = dict(input_ids=torch.tensor(ids), attention_mask=mask_t, position_ids=positions, pixel_values=pv,
                   image_sizes=sizes, use_cache=False)
    logits = model(**forward).logits
    # post_layernorm is in the file but unused: changing it changes nothing
    pl = lm.vision_tower.post_layernorm
    saved = pl.weight.clone(), pl.bias.clone()
    pl.weight.fill_(3.0), pl.bias.fill_(-2.0)
    assert torch.equal(model(**forward).logits, logits)
    pl.weight.copy_(saved[0]), pl.bias.copy_(saved[1])
    batch = {"ids": ids, "mask": mask, "positions": positions.tolist(), "pixel_values_shape": list(pv.shape),
             "image_sizes": sizes.tolist(),
             "logits": [{"shape": [len(p["ids"]), vocab], "data": f32(logits[r, t - len(p["ids"]):])}
                        for r, p in enumerate(ps)]}

    greedy = []
    for r, p in enumerate(ps):
        seq, tokens, gaps = list(p["ids"]), [], []
        for _ in range(GREEDY_STEPS):
            n = len(seq)
            last = model(input_ids=torch.tensor([seq]), attention_mask=torch.ones(1, n, dtype=torch.long),
                         position_ids=torch.arange(n)[None], pixel_values=pv[r:r + 1], image_sizes=sizes[r:r + 1],
                         use_cache=False).logits[0, -1]
            top = torch.topk(last, 2)
            assert int(top.indices[0]) not in (IMAGE_TOKEN, VIDEO_TOKEN), "greedy produced <image>: pick another seed"
            tokens.append(int(top.indices[0]))
            gaps.append(float(top.values[0] - top.values[1]))
            seq.append(tokens[-1])
        greedy.append({"prompt": r, "tokens": tokens, "gaps": gaps})
    gen = model.generate(input_ids=torch.tensor(ids), attention_mask=mask_t, pixel_values=pv, image_sizes=sizes,
                         max_new_tokens=GREEDY_STEPS, do_sample=False, eos_token_id=None, pad_token_id=PAD)
    assert [row[t:] for row in gen.tolist()] == [g["tokens"] for g in greedy], "generate() differs from greedy"

    # ---- the 16x64 image: 3 crops (base + a 1x2 grid), unpadding removes feature rows ----
    wide_pv = torch.from_numpy(crops[2][0])[None]  # (1, 3, 3, 32, 32)
    wide_sizes = torch.tensor([[16, 64]])
    wide_prompt, wide_proc = prompt(processor, tok, 2, imgs[2], 34)
    assert np.array_equal(wide_proc["pixel_values"], wide_pv.numpy()), "pixel_values differ from the processor"
    wide_feats = lm.vision_tower(wide_pv[0], output_hidden_states=True).hidden_states[-1]
    wide_proj = lm.multi_modal_projector(wide_feats)
    wide_packed = lm.get_image_features(wide_pv, wide_sizes).pooler_output[0]
    n = len(wide_prompt["ids"])
    wide_logits = model(input_ids=torch.tensor([wide_prompt["ids"]]), attention_mask=torch.ones(1, n, dtype=torch.long),
                        position_ids=torch.arange(n)[None], pixel_values=wide_pv, image_sizes=wide_sizes,
                        use_cache=False).logits[0]
    wide = {"image": "image2.png", "image_size": [16, 64],
            "best_resolution": list(select_best_resolution((16, 64), PINPOINTS)), "grid": list(crops[2][1]),
            "pixel_values": tensor_entry(wide_pv), "vision_features": tensor_entry(wide_feats),
            "projector": tensor_entry(wide_proj), "image_features": tensor_entry(wide_packed),
            "layout": layout_of((16, 64)), "prompt": wide_prompt,
            "logits": {"shape": [n, vocab], "data": f32(wide_logits)}}
    assert len(wide["layout"]) == 34

    goldens = {
        "note": "tiny LlavaOnevisionForConditionalGeneration written by transformers 5.17.0 (see "
                "make_llava_onevision_fixture.py and SPEC.md); floats are float32",
        "image_token_id": IMAGE_TOKEN, "video_token_id": VIDEO_TOKEN, "pad_token_id": PAD,
        "images": ["image0.png", "image1.png"], "image_sizes": sizes.tolist(),
        "crop_order": ["base", "grid:0,0"], "layout": layout_of((32, 32)),
        "pixel_values": tensor_entry(pv),
        "vision_embeddings": tensor_entry(emb),
        "vision_layer0": tensor_entry(layer0),
        "vision_features": tensor_entry(feats),
        "projector": tensor_entry(proj),
        "image_features": tensor_entry(torch.stack(list(packed))),
        "prompts": list(ps),
        "batch": batch,
        "greedy": greedy,
        "wide": wide,
    }
    write_4x(model, logits, forward)
    for d in (OUT, OUT4):  # safetensors writes 0600
        os.chmod(os.path.join(d, "model.safetensors"), 0o644)
    goldens["self_check"] = self_check(goldens, model)
    with open(os.path.join(OUT, "goldens.json"), "w") as f:
        json.dump(goldens, f, separators=(",", ":"))
    for k, v in goldens["self_check"].items():
        print("self-check %-34s max |diff| %.3g" % (k, v))
    print("min greedy gap %.4f" % min(min(g["gaps"]) for g in greedy), [g["tokens"] for g in greedy])
    for d in (OUT, OUT4):
        for name in sorted(os.listdir(d)):
            print("%8d %s/%s" % (os.path.getsize(os.path.join(d, name)), os.path.basename(d), name))


# ---- the 4.x layout ----------------------------------------------------------------------------------------------

def key_4x(k):
    """5.17-written key (legacy layout, vision tower without its vision_model prefix) -> 4.x hub key."""
    if k.startswith("vision_tower."):
        return "vision_tower.vision_model." + k[len("vision_tower."):]
    assert k == "image_newline" or k.startswith(("language_model.model.", "multi_modal_projector.")), k
    return k


def write_4x(model, logits, forward):
    sd = load_file(os.path.join(OUT, "model.safetensors"))
    save_file({key_4x(k): v for k, v in sd.items()}, os.path.join(OUT4, "model.safetensors"), metadata={"format": "pt"})
    with open(os.path.join(OUT, "config.json")) as f:
        c = json.load(f)
    # A config in the style 4.x wrote (llava-hf hub): torch_dtype, rope_theta in text_config, no layer_types,
    # top-level tie_word_embeddings false (text_config's true), use_image_newline_parameter (unused).
    c.pop("transformers_version")
    c["torch_dtype"] = c.pop("dtype")
    c["tie_word_embeddings"] = False
    c["use_image_newline_parameter"] = True
    tc = c["text_config"]
    rope = tc.pop("rope_parameters")
    assert rope == {"rope_theta": 1000000.0, "rope_type": "default"}
    tc["rope_theta"], tc["rope_scaling"] = rope["rope_theta"], None
    tc.pop("layer_types")
    tc["torch_dtype"] = "float32"
    with open(os.path.join(OUT4, "config.json"), "w") as f:
        json.dump(dict(sorted(c.items())), f, indent=2, sort_keys=True)
        f.write("\n")
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(OUT, name), OUT4)
    m4 = LlavaOnevisionForConditionalGeneration.from_pretrained(OUT4).eval()
    m4.set_attn_implementation("eager")
    assert m4.lm_head.weight is m4.model.language_model.embed_tokens.weight
    for (a, p), (b, q) in zip(model.state_dict().items(), m4.state_dict().items()):
        assert a == b and torch.equal(p, q), a
    assert torch.equal(m4(**forward).logits, logits), "the 4.x folder gives other logits"
    # Re-saving a model loaded from the 4.x folder writes the 4.x names again (vision_tower.vision_model.*): what
    # 5.17 writes depends on where the model came from.
    with tempfile.TemporaryDirectory() as d:
        m4.save_pretrained(d)
        assert sorted(load_file(os.path.join(d, "model.safetensors"))) == sorted(map(key_4x, load_file(
            os.path.join(OUT, "model.safetensors"))))
    # The module-path layout (save_original_format=False: model.language_model.*, model.vision_tower.*, ...) loads
    # too; it is not committed.
    with tempfile.TemporaryDirectory() as d:
        model.save_pretrained(d, save_original_format=False)
        names = sorted(load_file(os.path.join(d, "model.safetensors")))
        assert "model.image_newline" in names and "model.vision_tower.post_layernorm.weight" in names
        mc = LlavaOnevisionForConditionalGeneration.from_pretrained(d).eval()
        mc.set_attn_implementation("eager")
        assert torch.equal(mc(**forward).logits, logits)


# ---- an independent numpy (float64) implementation of SPEC.md, run on the saved file -------------------------

def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


_erf = np.vectorize(math.erf)


def gelu_erf(x):
    return 0.5 * x * (1 + _erf(x / np.sqrt(2)))


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def np_vision(w, pv, vc):
    """pv (N, 3, H, W) -> (embeddings, layer-0 output, last layer output WITHOUT post_layernorm), each (N, P, D)."""
    n, c, h, wd = pv.shape
    p, d = vc["patch_size"], vc["hidden_size"]
    side = h // p
    patches = pv.reshape(n, c, side, p, side, p).transpose(0, 2, 4, 1, 3, 5).reshape(n, side * side, c * p * p)
    x = patches @ w["vision_tower.embeddings.patch_embedding.weight"].reshape(d, -1).T \
        + w["vision_tower.embeddings.patch_embedding.bias"]
    x = x + w["vision_tower.embeddings.position_embedding.weight"]
    emb = x
    heads = vc["num_attention_heads"]
    hd = d // heads
    eps = vc["layer_norm_eps"]
    layer0 = None
    for i in range(vc["num_hidden_layers"]):
        q = "vision_tower.encoder.layers.%d." % i
        r = x
        y = layer_norm(x, w[q + "layer_norm1.weight"], w[q + "layer_norm1.bias"], eps)
        proj = {k: (y @ w[q + "self_attn.%s_proj.weight" % k].T + w[q + "self_attn.%s_proj.bias" % k])
                .reshape(n, -1, heads, hd).transpose(0, 2, 1, 3) for k in ("q", "k", "v")}
        a = softmax(proj["q"] @ proj["k"].transpose(0, 1, 3, 2) * hd ** -0.5) @ proj["v"]
        a = a.transpose(0, 2, 1, 3).reshape(n, -1, d)
        x = r + a @ w[q + "self_attn.out_proj.weight"].T + w[q + "self_attn.out_proj.bias"]
        r = x
        y = layer_norm(x, w[q + "layer_norm2.weight"], w[q + "layer_norm2.bias"], eps)
        y = gelu_tanh(y @ w[q + "mlp.fc1.weight"].T + w[q + "mlp.fc1.bias"])
        x = r + y @ w[q + "mlp.fc2.weight"].T + w[q + "mlp.fc2.bias"]
        if i == 0:
            layer0 = x
    return emb, layer0, x


def np_projector(w, x):
    y = gelu_erf(x @ w["multi_modal_projector.linear_1.weight"].T + w["multi_modal_projector.linear_1.bias"])
    return y @ w["multi_modal_projector.linear_2.weight"].T + w["multi_modal_projector.linear_2.bias"]


def np_bilinear(x, oh, ow):
    """torch.nn.functional.interpolate(x[None], (oh, ow), mode="bilinear", align_corners=False)[0]; x (H, W, C)."""
    def taps(n_in, n_out):
        s = (np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5
        s = np.maximum(s, 0)
        i0 = np.floor(s).astype(int)
        i1 = np.minimum(i0 + 1, n_in - 1)
        return i0, i1, s - i0
    y0, y1, ly = taps(x.shape[0], oh)
    x0, x1, lx = taps(x.shape[1], ow)
    top = x[y0][:, x0] * (1 - lx)[None, :, None] + x[y0][:, x1] * lx[None, :, None]
    bot = x[y1][:, x0] * (1 - lx)[None, :, None] + x[y1][:, x1] * lx[None, :, None]
    return top * (1 - ly)[:, None, None] + bot * ly[:, None, None]


def np_pack(feats, image_size, newline, pinpoints, side, tile, max_patches):
    """One image's feature sequence (SPEC section 5). feats (num_crops, side*side, Dt), crop 0 = base."""
    if feats.shape[0] == 1:  # no any-res (multi-image samples): base + one newline
        return np.concatenate([feats[0], newline[None]])
    bh, bw = select_best_resolution(image_size, pinpoints)
    gh, gw = bh // tile, bw // tile
    assert feats.shape[0] == 1 + gh * gw
    grid = np.zeros((gh * side, gw * side, feats.shape[-1]))
    for r in range(gh):
        for c in range(gw):
            grid[r * side:(r + 1) * side, c * side:(c + 1) * side] = feats[1 + r * gw + c].reshape(side, side, -1)
    oh, ow = image_size
    ch, cw = grid.shape[:2]
    if ow / oh > cw / ch:
        pad = (ch - int(round(oh * (cw / ow), 7))) // 2
        grid = grid[pad:ch - pad]
    else:
        pad = (cw - int(round(ow * (ch / oh), 7))) // 2
        grid = grid[:, pad:cw - pad]
    ch, cw = grid.shape[:2]
    ratio = math.sqrt(ch * cw / (max_patches * side ** 2))
    if ratio > 1.1:
        grid = np_bilinear(grid, int(ch // ratio), int(cw // ratio))
    rows = np.concatenate([grid, np.broadcast_to(newline, (grid.shape[0], 1, grid.shape[2]))], axis=1)
    return np.concatenate([feats[0], rows.reshape(-1, grid.shape[2])])


def rms_norm(x, w, eps):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * w


def rope(x, pos, theta):
    hd = x.shape[-1]
    inv = 1.0 / theta ** (np.arange(0, hd, 2) / hd)
    ang = pos[:, None, :, None] * inv  # (B, 1, T, hd/2)
    cos = np.cos(np.concatenate([ang, ang], -1))
    sin = np.sin(np.concatenate([ang, ang], -1))
    rot = np.concatenate([-x[..., hd // 2:], x[..., :hd // 2]], -1)
    return x * cos + rot * sin


def np_text(w, ids, mask, pos, image_rows, tc, image_token_id):
    """Qwen2 over the merged embeddings; returns logits (B, T, V)."""
    emb = w["language_model.model.embed_tokens.weight"]
    x = emb[ids].copy()
    k = 0  # <image> positions, row-major over (batch row, position), take the image feature rows in order
    for b in range(ids.shape[0]):
        for t in range(ids.shape[1]):
            if ids[b, t] == image_token_id:
                x[b, t] = image_rows[k]
                k += 1
    assert k == len(image_rows)
    bsz, seq = ids.shape
    h, kvh = tc["num_attention_heads"], tc["num_key_value_heads"]
    hd = tc["hidden_size"] // h
    eps, theta = tc["rms_norm_eps"], tc["rope_parameters"]["rope_theta"]
    allowed = np.tril(np.ones((seq, seq), bool))[None] & (mask[:, None, :] == 1)  # (B, Tq, Tk)
    bias = np.where(allowed, 0.0, -1e30)[:, None]
    for i in range(tc["num_hidden_layers"]):
        q = "language_model.model.layers.%d." % i
        r = x
        y = rms_norm(x, w[q + "input_layernorm.weight"], eps)
        lin = lambda n: y @ w[q + "self_attn.%s_proj.weight" % n].T + w[q + "self_attn.%s_proj.bias" % n]
        qs = lin("q").reshape(bsz, seq, h, hd).transpose(0, 2, 1, 3)
        ks = lin("k").reshape(bsz, seq, kvh, hd).transpose(0, 2, 1, 3)
        vs = lin("v").reshape(bsz, seq, kvh, hd).transpose(0, 2, 1, 3)
        qs, ks = rope(qs, pos, theta), rope(ks, pos, theta)
        ks, vs = np.repeat(ks, h // kvh, axis=1), np.repeat(vs, h // kvh, axis=1)
        a = softmax(qs @ ks.transpose(0, 1, 3, 2) * hd ** -0.5 + bias) @ vs
        x = r + a.transpose(0, 2, 1, 3).reshape(bsz, seq, h * hd) @ w[q + "self_attn.o_proj.weight"].T
        r = x
        y = rms_norm(x, w[q + "post_attention_layernorm.weight"], eps)
        g = y @ w[q + "mlp.gate_proj.weight"].T
        y = (g / (1 + np.exp(-g)) * (y @ w[q + "mlp.up_proj.weight"].T)) @ w[q + "mlp.down_proj.weight"].T
        x = r + y
    x = rms_norm(x, w["language_model.model.norm.weight"], eps)
    return x @ w.get("language_model.lm_head.weight", emb).T  # tied: no lm_head in the file


def processor_count(image_size, pinpoints, side, tile, max_patches):
    """The number of <image> tokens, by the formula of SPEC section 6 (LlavaOnevisionProcessor)."""
    bh, bw = select_best_resolution(image_size, pinpoints)
    ch, cw = side * (bh // tile), side * (bw // tile)
    oh, ow = image_size
    if ow / oh > cw / ch:
        ch -= (ch - int(round(oh * (cw / ow), 7))) // 2 * 2
    else:
        cw -= (cw - int(round(ow * (ch / oh), 7))) // 2 * 2
    unpadded, newlines = ch * cw, ch
    ratio = math.sqrt(ch * cw / (max_patches * side ** 2))
    if ratio > 1.1:
        unpadded, newlines = int(ch // ratio) * int(cw // ratio), int(ch // ratio)
    return side * side + unpadded + newlines


def self_check(goldens, model):
    w = {k: v.astype(np.float64) for k, v in load_file(os.path.join(OUT, "model.safetensors")).items()}
    with open(os.path.join(OUT, "config.json")) as f:
        c = json.load(f)
    vc, tc = c["vision_config"], c["text_config"]
    side, tile = vc["image_size"] // vc["patch_size"], vc["image_size"]
    max_patches = int(c["vision_aspect_ratio"].strip("anyres_max_"))
    arr = lambda e: np.asarray(e["data"], np.float64).reshape(e["shape"])
    pngs = [np.asarray(Image.open(os.path.join(OUT, "image%d.png" % i)).convert("RGB")) for i in range(3)]
    pv_np = np.stack([crops_of(pngs[i])[0] for i in range(2)]).astype(np.float64)  # (2, 2, 3, 32, 32)
    emb, layer0, feats = np_vision(w, pv_np.reshape(-1, 3, tile, tile), vc)
    proj_alone = np_projector(w, arr(goldens["vision_features"]))  # projector fed transformers' own tower output
    proj = np_projector(w, feats)
    sizes = goldens["image_sizes"]
    packed = [np_pack(proj[2 * i:2 * i + 2], sizes[i], w["image_newline"], c["image_grid_pinpoints"], side, tile,
                      max_patches) for i in range(2)]
    b = goldens["batch"]
    ids, mask, pos = np.array(b["ids"]), np.array(b["mask"]), np.array(b["positions"], np.float64)
    logits = np_text(w, ids, mask, pos, np.concatenate(packed), tc, c["image_token_index"])
    t = ids.shape[1]
    logit_diff = max(np.abs(logits[r, t - len(p["ids"]):] - arr(b["logits"][r])).max()
                     for r, p in enumerate(goldens["prompts"]))
    wd = goldens["wide"]
    wide_pv = crops_of(pngs[2])[0].astype(np.float64)
    wide_feats = np_vision(w, wide_pv, vc)[2]
    wide_packed = np_pack(np_projector(w, wide_feats), wd["image_size"], w["image_newline"],
                          c["image_grid_pinpoints"], side, tile, max_patches)
    wide_ids = np.array([wd["prompt"]["ids"]])
    wide_logits = np_text(w, wide_ids, np.ones_like(wide_ids), np.arange(wide_ids.shape[1], dtype=np.float64)[None],
                          wide_packed, tc, c["image_token_index"])[0]
    # layout names vs. the numpy packing: each named row is the row it names
    lay_diff = 0.0
    for img_packed, img_proj, layout, size in [(packed[0], proj[0:2], goldens["layout"], sizes[0]),
                                                (wide_packed, np_projector(w, wide_feats), wd["layout"],
                                                 wd["image_size"])]:
        bh, bw = select_best_resolution(size, c["image_grid_pinpoints"])
        for row, name in zip(img_packed, layout):
            if name == "newline":
                ref = w["image_newline"]
            elif name.startswith("base:"):
                ref = img_proj[0][int(name[5:])]
            else:
                r, cc = map(int, name[5:].split(","))
                ref = img_proj[1 + (r // side) * (bw // tile) + cc // side][(r % side) * side + cc % side]
            lay_diff = max(lay_diff, np.abs(row - ref).max())
    out = {
        "pixel_values": np.abs(pv_np.astype(np.float32) - arr(goldens["pixel_values"]).astype(np.float32)).max(),
        "vision_embeddings": np.abs(emb - arr(goldens["vision_embeddings"])).max(),
        "vision_layer0": np.abs(layer0 - arr(goldens["vision_layer0"])).max(),
        "vision_features": np.abs(feats - arr(goldens["vision_features"])).max(),
        "projector_from_hf_vision": np.abs(proj_alone - arr(goldens["projector"])).max(),
        "projector_end_to_end": np.abs(proj - arr(goldens["projector"])).max(),
        "image_features": np.abs(np.stack(packed) - arr(goldens["image_features"])).max(),
        "layout_names": lay_diff,
        "batch_logits": logit_diff,
        "wide_pixel_values": np.abs(wide_pv.astype(np.float32) - arr(wd["pixel_values"])[0].astype(np.float32)).max(),
        "wide_vision_features": np.abs(wide_feats - arr(wd["vision_features"])).max(),
        "wide_image_features": np.abs(wide_packed - arr(wd["image_features"])).max(),
        "wide_logits": np.abs(wide_logits - arr(wd["logits"])).max(),
    }
    out.update(pack_cases(model, side, tile))
    for k, v in out.items():
        assert v < 1e-3, (k, v)
    return {k: float("%.3g" % v) for k, v in out.items()}


def pack_cases(model, side, tile):
    """np_pack and processor_count vs. transformers' pack_image_features on random projector outputs, for layouts the
    goldens do not cover: width unpadding, a 2x2 grid, interpolation (anyres_max_1), a non-any-res single crop."""
    g = np.random.default_rng(5)
    newline = model.model.image_newline.detach().double().numpy()
    worst_pack, worst_count = 0.0, 0
    cases = [((20, 64), 9), ((64, 20), 9), ((64, 64), 9), ((48, 40), 9), ((64, 64), 1), ((32, 64), 1), ((50, 30), 1),
             ((32, 32), 9)]
    for size, max_patches in cases:
        bh, bw = select_best_resolution(size, PINPOINTS)
        n = 1 + (bh // tile) * (bw // tile)
        feats = g.standard_normal((n, side * side, 64)).astype(np.float32)
        hf, lens = model.model.pack_image_features([torch.from_numpy(feats)], torch.tensor([size]),
                                                   image_newline=model.model.image_newline,
                                                   vision_aspect_ratio="anyres_max_%d" % max_patches)
        mine = np_pack(feats.astype(np.float64), size, newline, PINPOINTS, side, tile, max_patches)
        assert hf[0].shape == mine.shape, (size, max_patches, hf[0].shape, mine.shape)
        worst_pack = max(worst_pack, np.abs(hf[0].double().numpy() - mine).max())
        count = processor_count(size, PINPOINTS, side, tile, max_patches)
        worst_count = max(worst_count, abs(count - mine.shape[0]))
    feats = g.standard_normal((1, side * side, 64)).astype(np.float32)  # one crop (multi-image sample): + 1 newline
    hf, _ = model.model.pack_image_features([torch.from_numpy(feats)], torch.tensor([[40, 20]]),
                                            image_newline=model.model.image_newline)
    mine = np_pack(feats.astype(np.float64), (40, 20), newline, PINPOINTS, side, tile, 9)
    worst_pack = max(worst_pack, np.abs(hf[0].double().numpy() - mine).max())
    assert worst_count == 0
    return {"pack_other_layouts": worst_pack, "token_count_formula": float(worst_count)}


if __name__ == "__main__":
    main()
