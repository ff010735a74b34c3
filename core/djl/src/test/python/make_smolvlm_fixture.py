"""Writes a tiny SmolVLM (Idefics3-family) checkpoint and the outputs transformers 5.17 computes for it.

Run by a developer, offline, from the repository root (the tests only read the committed files):

    /work/venv/bin/python core/djl/src/test/python/make_smolvlm_fixture.py

(any venv with torch==2.13.0+cpu, transformers==5.17.0, safetensors, tokenizers, numpy, pillow; torchvision is not
needed). Rerunning writes byte-identical files.

The folder core/djl/src/test/resources/io/posttrain4j/core/model/hf/smolvlm/ holds

- config.json, generation_config.json, model.safetensors: what SmolVLMForConditionalGeneration.save_pretrained
  writes for a tiny random model (SigLIP-style vision tower 64x64 px / patch 8 -> 8x8 patches, pixel-shuffle
  scale_factor 2 -> 16 <image> tokens per image, SmolLM2-style llama text model with tied embeddings). Weights are
  random but scaled (matrices std 0.25, norm weights 1 +- 0.3, biases std 0.1) so that every tensor matters.
- tokenizer.json, tokenizer_config.json: the tiny SmolVLM tokenizer of the chat-template fixtures
  (tokenizer/chat/smolvlm/), whose <image> id (102) is the model's image_token_id.
- image0.png (a colour gradient), image1.png (a checkerboard with a red square): the two 64x64 RGB test images.
- goldens.json (every float is a float32 written in its shortest round-trip decimal form):
  - "pixel_values": the preprocessed images, shape (2, 3, 64, 64): float32 x / 255, then (x - 0.5) / 0.5 per
    channel; asserted bit-identical to transformers' SmolVLMImageProcessorPil (no splitting, longest_edge 64).
  - "vision_embeddings": patch embedding + position embedding, (2, 64, 32) (input of encoder layer 0).
  - "vision_layer0": output of encoder layer 0, (2, 64, 32).
  - "vision_last_hidden_state": the vision tower's output after post_layernorm, (2, 64, 32).
  - "connector": pixel shuffle + modality projection, (2, 16, 64): the rows that replace the <image> embeddings.
  - "prompts": per image one conversation rendered with the chat template, its "<image>" expanded to
    <fake_token_around_image><global-img> + 16 x <image> + <fake_token_around_image>, and its ids.
  - "batch": both prompts left-padded with <|im_end|> (id 2) into one batch, with attention_mask, the position ids
    passed to the model (cumsum(mask) - 1, 0 on pads: what generate() builds), pixel_values of shape (2, 1, 3, 64,
    64), and the logits of each row at its real positions only.
  - "greedy": per prompt (batch of one, no padding, positions 0..n-1), 8 greedy steps, each a full forward pass
    with the image, with the top-2 logit gap of every step.
  - "self_check": the largest |difference| between these goldens and an independent numpy (float64)
    re-implementation of SPEC.md run on the saved safetensors.

SPEC.md in the same folder describes the math; it is written by hand, not by this script.
"""
import json
import os
import shutil

import numpy as np
import torch
from PIL import Image
from safetensors.numpy import load_file
from tokenizers import Tokenizer
from transformers import SmolVLMConfig, SmolVLMForConditionalGeneration

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "../resources/io/posttrain4j/core/model"))  # works from any directory
OUT = ROOT + "/hf/smolvlm"
TOKENIZER = ROOT + "/tokenizer/chat/smolvlm"

IMAGE_SIZE, PATCH, SCALE = 64, 8, 2
IMAGE_SEQ_LEN = (IMAGE_SIZE // PATCH) ** 2 // SCALE ** 2  # 16
GREEDY_STEPS = 8


def f32(a):
    """A flat list of floats whose JSON form is each float32's shortest round-trip decimal."""
    a = np.asarray(a, dtype=np.float32).reshape(-1)
    return [float(str(x)) for x in a]


def tensor_entry(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return {"shape": list(a.shape), "data": f32(a)}


def images():
    """Two deterministic 64x64 RGB uint8 images."""
    y, x = np.mgrid[0:IMAGE_SIZE, 0:IMAGE_SIZE]
    gradient = np.stack([x * 4, y * 4, 255 - (x + y) * 2], axis=-1).clip(0, 255).astype(np.uint8)
    checker = (((x // 8) + (y // 8)) % 2 * 255).astype(np.uint8)
    board = np.stack([checker] * 3, axis=-1)
    board[16:40, 24:48] = [230, 20, 20]  # a red square, off-centre, straddling patch and 2x2-block borders
    return [gradient, board]


def pixel_values_of(img):
    """(3, H, W) float32 as SmolVLMImageProcessorPil computes it: x * (1/255) rounded to float32, then
    (x - 0.5) / 0.5 in float32 (bit-identical to float32 x / 255f, then (x - 0.5f) / 0.5f)."""
    a = (img.astype(np.float64) * (1 / 255)).astype(np.float32).transpose(2, 0, 1)
    return (a - np.float32(0.5)) / np.float32(0.5)


def processor_pixel_values(imgs):
    """The same images through transformers' own PIL-backend SmolVLM image processor (no torchvision needed),
    without splitting, at the model's image size: (N, 3, H, W)."""
    from transformers.models.smolvlm.image_processing_pil_smolvlm import SmolVLMImageProcessorPil
    proc = SmolVLMImageProcessorPil(do_resize=True, size={"longest_edge": IMAGE_SIZE}, do_image_splitting=False,
                                    max_image_size={"longest_edge": IMAGE_SIZE})
    return proc(images=[[Image.fromarray(im)] for im in imgs], return_tensors="np")["pixel_values"][:, 0]


def config(vocab):
    text = dict(model_type="llama", vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                num_attention_heads=4, num_key_value_heads=2, head_dim=16, hidden_act="silu",
                max_position_embeddings=8192, rms_norm_eps=1e-5, rope_theta=100000.0, tie_word_embeddings=True,
                bos_token_id=1, eos_token_id=103, pad_token_id=2, attention_bias=False, mlp_bias=False)
    vision = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2, num_channels=3,
                  image_size=IMAGE_SIZE, patch_size=PATCH, hidden_act="gelu_pytorch_tanh", layer_norm_eps=1e-6)
    return SmolVLMConfig(vision_config=vision, text_config=text, scale_factor=SCALE, image_token_id=102,
                         pad_token_id=2, tie_word_embeddings=True, use_cache=True)


def scaled_init(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():  # the tied lm_head.weight is not listed (same tensor)
            if name.endswith("norm.weight") or name.endswith("layernorm.weight") or ".layer_norm" in name and \
                    name.endswith(".weight"):
                p.copy_(1 + 0.3 * (2 * torch.rand(p.shape, generator=g) - 1))
            elif name.endswith(".bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.25 * torch.randn(p.shape, generator=g))


CONVERSATIONS = [
    [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is in this image?"}]}],
    [{"role": "user", "content": [{"type": "text", "text": "Compare this:"}, {"type": "image"},
                                  {"type": "text", "text": "What is in the image? Be brief."}]}],
]  # only characters the tiny tokenizer's vocabulary holds, so that the ids round-trip to the text


def prompts(tok):
    """Each conversation rendered by the tokenizer's chat template (add_generation_prompt), its <image> expanded
    as SmolVLMProcessor does without image splitting, then encoded (no post-processor: no extra tokens)."""
    from transformers import AutoTokenizer
    hf_tok = AutoTokenizer.from_pretrained(OUT)
    image_text = ("<fake_token_around_image><global-img>" + "<image>" * IMAGE_SEQ_LEN + "<fake_token_around_image>")
    out = []
    for messages in CONVERSATIONS:
        text = hf_tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        expanded = text.replace("<image>", image_text)
        ids = tok.encode(expanded, add_special_tokens=True).ids
        assert ids.count(102) == IMAGE_SEQ_LEN
        assert tok.decode(ids, skip_special_tokens=False) == expanded
        assert hf_tok(expanded)["input_ids"] == ids
        out.append({"messages": messages, "text": text, "expanded": expanded, "ids": ids})
    return out


@torch.no_grad()
def main():
    # Everything but the hand-written SPEC.md is regenerated.
    if os.path.isdir(OUT):
        for entry in os.listdir(OUT):
            if entry != "SPEC.md":
                path = os.path.join(OUT, entry)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    os.makedirs(OUT, exist_ok=True)
    tok = Tokenizer.from_file(os.path.join(TOKENIZER, "tokenizer.json"))
    vocab = tok.get_vocab_size(with_added_tokens=True)
    assert tok.token_to_id("<image>") == 102 and vocab == 104

    torch.manual_seed(0)
    cfg = config(vocab)
    model = SmolVLMForConditionalGeneration(cfg).eval()
    model.set_attn_implementation("eager")
    scaled_init(model, 7)
    assert model.lm_head.weight is model.model.text_model.embed_tokens.weight
    model.save_pretrained(OUT, safe_serialization=True)
    for f in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(TOKENIZER, f), OUT)

    imgs = images()
    for i, img in enumerate(imgs):
        Image.fromarray(img, "RGB").save(os.path.join(OUT, "image%d.png" % i))
    pv = torch.from_numpy(np.stack([pixel_values_of(im) for im in imgs]))  # (2, 3, 64, 64)
    assert np.array_equal(pv.numpy(), processor_pixel_values(imgs)), "preprocessing differs from the processor"

    vision = model.model.vision_model
    emb = vision.embeddings(pixel_values=pv, patch_attention_mask=torch.ones(2, 8, 8, dtype=torch.bool))
    layer0 = vision.encoder.layers[0](emb, None)
    last = vision(pixel_values=pv).last_hidden_state
    conn = model.model.connector(last)
    via_model = model.model.get_image_features(pv[:, None]).pooler_output
    assert torch.equal(via_model, conn)

    ps = prompts(tok)
    t = max(len(p["ids"]) for p in ps)
    ids, mask = [], []
    for p in ps:
        pad = t - len(p["ids"])
        ids.append([2] * pad + p["ids"])
        mask.append([0] * pad + [1] * len(p["ids"]))
    mask_t = torch.tensor(mask)
    positions = (mask_t.cumsum(-1) - 1).masked_fill(mask_t == 0, 0)
    logits = model(input_ids=torch.tensor(ids), attention_mask=mask_t, position_ids=positions,
                   pixel_values=pv[:, None], use_cache=False).logits
    batch = {"ids": ids, "mask": mask, "positions": positions.tolist(), "pixel_values_shape": [2, 1, 3, 64, 64],
             "logits": [{"shape": [len(p["ids"]), vocab], "data": f32(logits[r, t - len(p["ids"]):])}
                        for r, p in enumerate(ps)]}

    greedy = []
    for r, p in enumerate(ps):
        tokens, gaps = greedy_tokens(model, p["ids"], pv[r:r + 1, None], GREEDY_STEPS)
        greedy.append({"prompt": r, "tokens": tokens, "gaps": gaps})

    goldens = {
        "note": "tiny SmolVLMForConditionalGeneration written by transformers 5.17.0 (see make_smolvlm_fixture.py "
                "and SPEC.md); floats are float32",
        "image_token_id": 102, "image_seq_len": IMAGE_SEQ_LEN, "images": ["image0.png", "image1.png"],
        "pixel_values": tensor_entry(pv),
        "vision_embeddings": tensor_entry(emb),
        "vision_layer0": tensor_entry(layer0),
        "vision_last_hidden_state": tensor_entry(last),
        "connector": tensor_entry(conn),
        "prompts": ps,
        "batch": batch,
        "greedy": greedy,
    }
    goldens["self_check"] = self_check(goldens, cfg)
    with open(os.path.join(OUT, "goldens.json"), "w") as f:
        json.dump(goldens, f, separators=(",", ":"))
    for k, v in goldens["self_check"].items():
        print("self-check %-26s max |diff| %.3g" % (k, v))
    print("min greedy gap %.4f" % min(min(g["gaps"]) for g in greedy))
    for name in sorted(os.listdir(OUT)):
        print("%8d %s" % (os.path.getsize(os.path.join(OUT, name)), name))


def greedy_tokens(model, ids, pixel_values, steps):
    """`steps` greedy tokens after the prompt `ids` (a batch of one, positions 0..n-1), each a full forward pass with
    the image(s) `pixel_values` (1, frames, 3, H, W), and the top-2 logit gap of every step."""
    seq, tokens, gaps = list(ids), [], []
    for _ in range(steps):
        n = len(seq)
        last_logits = model(input_ids=torch.tensor([seq]), attention_mask=torch.ones(1, n, dtype=torch.long),
                            position_ids=torch.arange(n)[None], pixel_values=pixel_values,
                            use_cache=False).logits[0, -1]
        top = torch.topk(last_logits, 2)
        assert int(top.indices[0]) != 102, "greedy produced <image>: pick another seed"
        tokens.append(int(top.indices[0]))
        gaps.append(float(top.values[0] - top.values[1]))
        seq.append(tokens[-1])
    return tokens, gaps


# ---- an independent numpy (float64) implementation of SPEC.md, run on the saved file -------------------------

def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def np_vision(w, pv, vc):
    """pv (N, 3, H, W) -> (embeddings, layer-0 output, post_layernorm output), each (N, P, D)."""
    n, c, h, wd = pv.shape
    p, d = vc["patch_size"], vc["hidden_size"]
    side = h // p
    # Conv2d(kernel = stride = p, bias) == a matmul of each patch flattened as (c, ky, kx) with weight (D, c*p*p).
    patches = pv.reshape(n, c, side, p, side, p).transpose(0, 2, 4, 1, 3, 5).reshape(n, side * side, c * p * p)
    x = patches @ w["model.vision_model.embeddings.patch_embedding.weight"].reshape(d, -1).T \
        + w["model.vision_model.embeddings.patch_embedding.bias"]
    x = x + w["model.vision_model.embeddings.position_embedding.weight"][np.arange(side * side)]
    emb = x
    heads = vc["num_attention_heads"]
    hd = d // heads
    eps = vc["layer_norm_eps"]
    layer0 = None
    for i in range(vc["num_hidden_layers"]):
        q = "model.vision_model.encoder.layers.%d." % i
        r = x
        y = layer_norm(x, w[q + "layer_norm1.weight"], w[q + "layer_norm1.bias"], eps)
        proj = {k: (y @ w[q + "self_attn.%s_proj.weight" % k].T + w[q + "self_attn.%s_proj.bias" % k])
                .reshape(n, -1, heads, hd).transpose(0, 2, 1, 3) for k in ("q", "k", "v")}
        a = softmax(proj["q"] @ proj["k"].transpose(0, 1, 3, 2) * hd ** -0.5) @ proj["v"]  # no mask: all patches
        a = a.transpose(0, 2, 1, 3).reshape(n, -1, d)
        x = r + a @ w[q + "self_attn.out_proj.weight"].T + w[q + "self_attn.out_proj.bias"]
        r = x
        y = layer_norm(x, w[q + "layer_norm2.weight"], w[q + "layer_norm2.bias"], eps)
        y = gelu_tanh(y @ w[q + "mlp.fc1.weight"].T + w[q + "mlp.fc1.bias"])
        x = r + y @ w[q + "mlp.fc2.weight"].T + w[q + "mlp.fc2.bias"]
        if i == 0:
            layer0 = x
    last = layer_norm(x, w["model.vision_model.post_layernorm.weight"], w["model.vision_model.post_layernorm.bias"],
                      eps)
    return emb, layer0, last


def np_connector(w, x, s):
    """Pixel shuffle by the closed form of SPEC.md, then the projection (no bias)."""
    n, seq, d = x.shape
    side = int(round(seq ** 0.5))
    grid = x.reshape(n, side, side, d)
    out = np.zeros((n, (side // s) ** 2, d * s * s))
    for r in range(side // s):
        for c in range(side // s):
            for i in range(s):
                for j in range(s):
                    out[:, r * (side // s) + c, (i * s + j) * d:(i * s + j + 1) * d] = grid[:, s * r + i, s * c + j]
    return out @ w["model.connector.modality_projection.proj.weight"].T


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
    """Llama over the merged embeddings; returns logits (B, T, V)."""
    emb = w["model.text_model.embed_tokens.weight"]
    x = emb[ids].copy()
    k = 0  # <image> positions, row by row, take the image feature rows in order
    for b in range(ids.shape[0]):
        for t in range(ids.shape[1]):
            if ids[b, t] == image_token_id:
                x[b, t] = image_rows[k]
                k += 1
    assert k == len(image_rows)
    bsz, seq = ids.shape
    h, kvh, hd = tc["num_attention_heads"], tc["num_key_value_heads"], tc["head_dim"]
    eps, theta = tc["rms_norm_eps"], tc["rope_parameters"]["rope_theta"]
    allowed = np.tril(np.ones((seq, seq), bool))[None] & (mask[:, None, :] == 1)  # (B, Tq, Tk)
    bias = np.where(allowed, 0.0, -1e30)[:, None]  # finite: a pad query row (nothing allowed) stays finite
    for i in range(tc["num_hidden_layers"]):
        q = "model.text_model.layers.%d." % i
        r = x
        y = rms_norm(x, w[q + "input_layernorm.weight"], eps)
        qs = (y @ w[q + "self_attn.q_proj.weight"].T).reshape(bsz, seq, h, hd).transpose(0, 2, 1, 3)
        ks = (y @ w[q + "self_attn.k_proj.weight"].T).reshape(bsz, seq, kvh, hd).transpose(0, 2, 1, 3)
        vs = (y @ w[q + "self_attn.v_proj.weight"].T).reshape(bsz, seq, kvh, hd).transpose(0, 2, 1, 3)
        qs, ks = rope(qs, pos, theta), rope(ks, pos, theta)
        ks, vs = np.repeat(ks, h // kvh, axis=1), np.repeat(vs, h // kvh, axis=1)  # head j uses kv head j // (h/kvh)
        a = softmax(qs @ ks.transpose(0, 1, 3, 2) * hd ** -0.5 + bias) @ vs
        x = r + a.transpose(0, 2, 1, 3).reshape(bsz, seq, h * hd) @ w[q + "self_attn.o_proj.weight"].T
        r = x
        y = rms_norm(x, w[q + "post_attention_layernorm.weight"], eps)
        g = y @ w[q + "mlp.gate_proj.weight"].T
        y = (g / (1 + np.exp(-g)) * (y @ w[q + "mlp.up_proj.weight"].T)) @ w[q + "mlp.down_proj.weight"].T
        x = r + y
    x = rms_norm(x, w["model.text_model.norm.weight"], eps)
    return x @ w.get("lm_head.weight", emb).T


def self_check(goldens, cfg):
    w = {k: v.astype(np.float64) for k, v in load_file(os.path.join(OUT, "model.safetensors")).items()}
    with open(os.path.join(OUT, "config.json")) as f:
        c = json.load(f)
    vc, tc = c["vision_config"], c["text_config"]
    arr = lambda e: np.asarray(e["data"], np.float64).reshape(e["shape"])
    pv_np = np.stack([pixel_values_of(np.asarray(Image.open(os.path.join(OUT, "image%d.png" % i)).convert("RGB")))
                      for i in range(2)]).astype(np.float64)
    emb, layer0, last = np_vision(w, pv_np, vc)
    # The connector alone, fed transformers' own vision output, isolates the pixel shuffle + projection.
    conn_alone = np_connector(w, arr(goldens["vision_last_hidden_state"]), c["scale_factor"])
    conn = np_connector(w, last, c["scale_factor"])
    b = goldens["batch"]
    ids, mask, pos = np.array(b["ids"]), np.array(b["mask"]), np.array(b["positions"], np.float64)
    logits = np_text(w, ids, mask, pos, conn.reshape(-1, conn.shape[-1]), tc, c["image_token_id"])
    t = ids.shape[1]
    logit_diff = max(np.abs(logits[r, t - len(p["ids"]):] - arr(b["logits"][r])).max()
                     for r, p in enumerate(goldens["prompts"]))
    out = {
        "pixel_values": np.abs(pv_np.astype(np.float32) - arr(goldens["pixel_values"]).astype(np.float32)).max(),
        "vision_embeddings": np.abs(emb - arr(goldens["vision_embeddings"])).max(),
        "vision_layer0": np.abs(layer0 - arr(goldens["vision_layer0"])).max(),
        "vision_last_hidden_state": np.abs(last - arr(goldens["vision_last_hidden_state"])).max(),
        "connector_from_hf_vision": np.abs(conn_alone - arr(goldens["connector"])).max(),
        "connector_end_to_end": np.abs(conn - arr(goldens["connector"])).max(),
        "batch_logits": logit_diff,
    }
    for k, v in out.items():
        assert v < 1e-3, (k, v)
    return {k: float("%.3g" % v) for k, v in out.items()}


if __name__ == "__main__":
    main()
