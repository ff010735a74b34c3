"""Writes tiny Hugging Face checkpoints and the outputs transformers computes for them, for HfParityTest.

Run by a developer, offline, from the repository root (the tests only read the committed files):

    python3 -m venv /tmp/hfvenv
    /tmp/hfvenv/bin/pip install --no-index --find-links <wheel folder> torch==2.13.0+cpu transformers==5.17.0 \
        safetensors tokenizers
    /tmp/hfvenv/bin/python core/djl/src/test/python/make_hf_parity_fixtures.py

Each model folder (core/djl/src/test/resources/io/posttrain4j/core/model/hf/<name>/) is what save_pretrained
writes (config.json, model.safetensors or shards + index), plus a word-level tokenizer.json, plus goldens.json:

- "batch": three prompts of different lengths, left-padded, with attention_mask and position ids counted from
  each row's first real token; "logits" holds the rows' logits at their real positions only.
- "far": one row whose position ids are spaced far apart (a missing RoPE scaling or a wrong rope_theta is
  invisible at short contiguous positions).
- "greedy": greedy continuation of one prompt (full forward pass each step), with the top-2 logit gap of every
  step: a comparison is meaningful only while the gap stays above float noise.

Adapter folders (<name>-lora*) are what PEFT 0.21 save_pretrained writes for a LoRA adapter on one of the models,
with A and B both random (B non-zero, so the adapter changes the logits), and goldens.json of the model with the
adapter applied. Their base_model_name_or_path is the base folder relative to the adapter folder ("../qwen2").

Weights are random but scaled (std 0.25, norm weights 1 +- 0.3) so that logits and greedy tokens vary.
"""
import json
import os
import shutil

import torch
from safetensors.torch import load_file, save_file
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM

ROOT = "core/djl/src/test/resources/io/posttrain4j/core/model"
OUT = ROOT + "/hf"
TOKENIZERS = ROOT + "/tokenizer"


def vocab_size(tokenizer_dir):
    with open(os.path.join(TOKENIZERS, tokenizer_dir, "tokenizer.json")) as f:
        return len(json.load(f)["model"]["vocab"])


def scaled_init(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1 + 0.3 * (2 * torch.rand(p.shape, generator=g) - 1))
            else:
                p.copy_(0.25 * torch.randn(p.shape, generator=g))


def rows(seed, vocab, lengths, low):
    g = torch.Generator().manual_seed(seed)
    return [torch.randint(low, vocab, (n,), generator=g).tolist() for n in lengths]


@torch.no_grad()
def logits_of(model, ids, mask, positions):
    out = model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask),
                position_ids=torch.tensor(positions))
    return out.logits.float()


def goldens(model, vocab, seed):
    # Ids start above the special tokens so that every prompt is ordinary text.
    low = 5
    prompts = rows(seed, vocab, [7, 4, 9], low)
    t = max(len(p) for p in prompts)
    ids, mask, positions = [], [], []
    for p in prompts:
        pad = t - len(p)
        ids.append([0] * pad + p)
        mask.append([0] * pad + [1] * len(p))
        positions.append([0] * pad + list(range(len(p))))
    lg = logits_of(model, ids, mask, positions)
    batch = {"ids": ids, "mask": mask, "positions": positions,
             "logits": [lg[r, t - len(p):].tolist() for r, p in enumerate(prompts)]}

    far_ids = rows(seed + 1, vocab, [10], low)
    far_positions = [[3000 + 211 * j for j in range(10)]]
    far = {"ids": far_ids, "positions": far_positions,
           "logits": logits_of(model, far_ids, [[1] * 10], far_positions)[0].tolist()}

    prompt = rows(seed + 2, vocab, [6], low)[0]
    seq = list(prompt)
    tokens, gaps = [], []
    for _ in range(12):
        n = len(seq)
        last = logits_of(model, [seq], [[1] * n], [list(range(n))])[0, -1]
        top = torch.topk(last, 2)
        tokens.append(int(top.indices[0]))
        gaps.append(float(top.values[0] - top.values[1]))
        seq.append(tokens[-1])
    greedy = {"prompt": prompt, "tokens": tokens, "gaps": gaps}
    return {"batch": batch, "far": far, "greedy": greedy}


def write(name, model, tokenizer_dir, seed, note, shards=False):
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    model.save_pretrained(d, safe_serialization=True,
                          max_shard_size="60KB" if shards else "100GB")
    shutil.copy(os.path.join(TOKENIZERS, tokenizer_dir, "tokenizer.json"), d)
    g = goldens(model, model.config.vocab_size, seed)
    g["note"] = note
    with open(os.path.join(d, "goldens.json"), "w") as f:
        json.dump(g, f, separators=(",", ":"))
    print(name, "min greedy gap %.4f" % min(g["greedy"]["gaps"]), sorted(os.listdir(d)))


def bf16_copy(name, src_model, tokenizer_dir, seed, note):
    """The weights rounded to bf16 and saved as bf16; goldens computed in fp32 from the rounded weights."""
    with torch.no_grad():
        for p in src_model.parameters():
            p.copy_(p.to(torch.bfloat16).float())
    write(name, src_model, tokenizer_dir, seed, note)
    d = os.path.join(OUT, name)
    tensors = load_file(os.path.join(d, "model.safetensors"))
    save_file({k: v.to(torch.bfloat16) for k, v in tensors.items()}, os.path.join(d, "model.safetensors"),
              metadata={"format": "pt"})


def lora(name, base_name, model, config, tokenizer_dir, seed, note):
    """A PEFT adapter with random non-zero A and B on `model`, saved as PEFT saves it, with its goldens."""
    peft_model = get_peft_model(model, config).eval()
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for n, p in peft_model.named_parameters():
            if "lora_A" in n or "lora_B" in n:
                p.copy_(0.2 * torch.randn(p.shape, generator=g))
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    peft_model.save_pretrained(d)
    os.remove(os.path.join(d, "README.md"))  # PEFT's model card template
    with open(os.path.join(d, "adapter_config.json")) as f:
        adapter_config = json.load(f)
    adapter_config["base_model_name_or_path"] = "../" + base_name
    with open(os.path.join(d, "adapter_config.json"), "w") as f:
        json.dump(adapter_config, f, indent=2, sort_keys=True)
    g = goldens(peft_model, model.config.vocab_size, seed)
    g["note"] = note
    with open(os.path.join(d, "goldens.json"), "w") as f:
        json.dump(g, f, separators=(",", ":"))
    print(name, "min greedy gap %.4f" % min(g["greedy"]["gaps"]), sorted(os.listdir(d)))
    return peft_model.unload()


def main():
    torch.manual_seed(0)
    common = dict(hidden_size=64, intermediate_size=160, num_hidden_layers=2, num_attention_heads=4,
                  max_position_embeddings=8192, hidden_act="silu")

    llama = LlamaConfig(vocab_size=vocab_size("llama3-wordlevel"), num_key_value_heads=2, rms_norm_eps=1e-5,
                        rope_theta=500000.0, tie_word_embeddings=False,
                        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                      "high_freq_factor": 4.0, "original_max_position_embeddings": 256},
                        **common)
    m = LlamaForCausalLM(llama).eval()
    scaled_init(m, 1)
    write("llama3", m, "llama3-wordlevel", 11,
          "Llama 3.2 shape: GQA 4/2, untied lm_head, rope_theta 5e5 with llama3 rope scaling")
    lora("llama3-lora-rslora", "llama3", m,
         LoraConfig(r=8, lora_alpha=16, use_rslora=True, lora_dropout=0.0,
                    target_modules=r".*\.(q_proj|v_proj|gate_proj|up_proj|down_proj)", task_type="CAUSAL_LM"),
         "llama3-wordlevel", 21, "rsLoRA r=8 alpha=16 (scale alpha/sqrt(r)), target_modules a regex over "
         "attention and MLP projections")

    qwen = Qwen2Config(vocab_size=vocab_size("qwen2-wordlevel"), num_key_value_heads=2, rms_norm_eps=1e-6,
                       rope_theta=1000000.0, tie_word_embeddings=True, **common)
    m = Qwen2ForCausalLM(qwen).eval()
    scaled_init(m, 2)
    write("qwen2", m, "qwen2-wordlevel", 12,
          "Qwen2 shape: q/k/v biases, GQA 4/2, tied embeddings (no lm_head in the file), rope_theta 1e6")
    m = lora("qwen2-lora", "qwen2", m,
             LoraConfig(r=4, lora_alpha=8, lora_dropout=0.05, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
                        task_type="CAUSAL_LM"),
             "qwen2-wordlevel", 22, "LoRA r=4 alpha=8 on the attention projections (PEFT's list form)")
    write("qwen2-sharded", m, "qwen2-wordlevel", 12, "the qwen2 fixture saved in shards with an index",
          shards=True)
    bf16_copy("qwen2-bf16", m, "qwen2-wordlevel", 12,
              "the qwen2 fixture rounded to bf16 and saved as BF16; goldens from the rounded weights in fp32")

    smol = LlamaConfig(vocab_size=vocab_size("qwen2-wordlevel"), num_key_value_heads=4, rms_norm_eps=1e-5,
                       rope_theta=100000.0, tie_word_embeddings=True, **common)
    m = LlamaForCausalLM(smol).eval()
    scaled_init(m, 3)
    write("smollm2", m, "qwen2-wordlevel", 13,
          "SmolLM2 shape: llama with tied embeddings, MHA, rope_theta 1e5, ChatML special tokens")


if __name__ == "__main__":
    main()
