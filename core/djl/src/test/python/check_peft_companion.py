"""Checks that PEFT reads an adapter this library wrote: loads it onto its base with PEFT and compares logits.

Run by a developer, offline, after `mvn -pl core/djl test -Dtest=LoraTest` (which writes
core/djl/target/peft-companion/: the adapter folder and the Java logits of two left-padded rows):

    /tmp/hfvenv/bin/python core/djl/src/test/python/check_peft_companion.py core/djl/target/peft-companion

Prints the largest |logit difference| over the rows' real positions and exits 1 above 1e-4.
"""
import json
import sys

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM


def main(folder):
    with open(folder + "/logits.json") as f:
        record = json.load(f)
    base = AutoModelForCausalLM.from_pretrained(record["base"]).eval()
    model = PeftModel.from_pretrained(base, folder + "/adapter").eval()
    rows, vocab = record["rows"], record["vocab"]
    t = max(len(r) for r in rows)
    ids = [[0] * (t - len(r)) + r for r in rows]
    mask = [[0] * (t - len(r)) + [1] * len(r) for r in rows]
    positions = [[0] * (t - len(r)) + list(range(len(r))) for r in rows]
    with torch.no_grad():
        logits = model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask),
                       position_ids=torch.tensor(positions)).logits
    java = torch.tensor(record["logits"]).reshape(len(rows), t, vocab)
    worst = 0.0
    for i, r in enumerate(rows):
        worst = max(worst, (logits[i, t - len(r):] - java[i, t - len(r):]).abs().max().item())
    lora_keys = [n for n, _ in model.named_parameters() if "lora_" in n]
    print("PEFT loaded %d LoRA arrays; max |logit diff| vs this library: %.2e" % (len(lora_keys), worst))
    sys.exit(0 if worst <= 1e-4 else 1)


if __name__ == "__main__":
    main(sys.argv[1])
