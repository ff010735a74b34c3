"""The PyTorch side of the peer comparison (PeerBench.java is this library's side; run_peer_bench.sh alternates).

The same decoder shapes as the `small` and `base` presets' text part (vocabulary 263, tied embeddings, SwiGLU,
RMSNorm, RoPE, grouped-query attention) as transformers' LlamaForCausalLM, fp32, eager PyTorch (no
torch.compile), transformers' default attention (sdpa), 2 threads:
- training: 16 rows of 128 prompt + 48 response tokens; forward, mean NLL of the response tokens, backward,
  gradients zeroed (no optimizer step); 3 warm-up steps, then the timed steps; tokens/s counts all 176 x 16 tokens.
- generation: 8 rows of a 128-token prompt, exactly 64 new tokens sampled at temperature 1 with the KV cache
  (3 warm-up runs, then the best of 3), rows x steps / s.
Prints one JSON line per shape.
"""
import json
import sys
import time

import torch
from transformers import LlamaConfig, LlamaForCausalLM

SHAPES = {  # hidden, layers, heads, kv heads, intermediate, max positions
    "small": (128, 4, 4, 2, 384, 1024),
    "base": (256, 6, 8, 4, 704, 2048),
}
ROWS, PROMPT, RESPONSE, GEN_ROWS, NEW_TOKENS, WARM_UP = 16, 128, 48, 8, 64, 3


def model(shape):
    h, layers, heads, kv, inter, maxpos = SHAPES[shape]
    cfg = LlamaConfig(vocab_size=263, hidden_size=h, num_hidden_layers=layers, num_attention_heads=heads,
                      num_key_value_heads=kv, intermediate_size=inter, max_position_embeddings=maxpos,
                      rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True, pad_token_id=0,
                      bos_token_id=1, eos_token_id=None)
    torch.manual_seed(1)
    return LlamaForCausalLM(cfg)


def train(m, steps):
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(97, 123, (ROWS, PROMPT + RESPONSE), generator=g)
    labels = ids.clone()
    labels[:, :PROMPT] = -100
    m.train()
    elapsed = 0.0
    for s in range(-WARM_UP, steps):
        t0 = time.perf_counter()
        loss = m(input_ids=ids, labels=labels).loss
        loss.backward()
        m.zero_grad()
        if s >= 0:
            elapsed += time.perf_counter() - t0
    return ROWS * (PROMPT + RESPONSE) * steps / elapsed


@torch.no_grad()
def generate(m):
    g = torch.Generator().manual_seed(11)
    ids = torch.randint(97, 123, (GEN_ROWS, PROMPT), generator=g)
    m.eval()
    kw = dict(do_sample=True, temperature=1.0, top_k=0, top_p=1.0, max_new_tokens=NEW_TOKENS,
              min_new_tokens=NEW_TOKENS, use_cache=True, pad_token_id=0)
    for _ in range(WARM_UP):
        m.generate(ids, **kw)
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        out = m.generate(ids, **kw)
        best = max(best, GEN_ROWS * (out.shape[1] - PROMPT) / (time.perf_counter() - t0))
    return best


def main(shapes):
    torch.set_num_threads(2)
    for shape in shapes:
        m = model(shape)
        t = train(m, 4 if shape == "base" else 8)
        gen = generate(m)
        params = sum(p.numel() for p in m.parameters())
        print(json.dumps({"impl": "pytorch", "shape": shape, "parameters": params, "train_tok_s": round(t, 1),
                          "gen_tok_s": round(gen, 1), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["small", "base"])
