#!/usr/bin/env python3
"""Reads GP-L transcripts (`eval --transcripts`, values prompt style) and counts, per file, the hands whose
answer states the card values right under the prompt's rule, how many of those were solved, and how many wrong
answers give two different face cards one value (a binding error).

    python3 examples/reproduce/tools/gp_values_errors.py runs/SV/transcripts/generalpoints_gp-l-rule-ood.jsonl

Standard library only; first turn of each episode."""
import json
import re
import sys


def card_values(prompt):
    cards = re.findall(r"'([^']+)'", prompt.split("\n")[0])
    m = re.search(r"J,Q,K=(\d+),(\d+),(\d+)", prompt)
    if m:
        rule = {"J": int(m.group(1)), "Q": int(m.group(2)), "K": int(m.group(3))}
    else:
        m = re.search(r"J,Q,K=(\d+)", prompt)
        v = int(m.group(1)) if m else 10
        rule = {"J": v, "Q": v, "K": v}
    return cards, rule, [rule[c] if c in rule else (1 if c == "A" else int(c)) for c in cards]


def main(paths):
    for path in paths:
        hands = right = solved_right = wrong = binding = unreadable = 0
        with open(path) as f:
            for line in f:
                episode = json.loads(line)
                turn = episode["turns"][0]
                cards, rule, want = card_values(turn["prompt"])
                hands += 1
                m = re.search(r'"number": \[([^\]]*)\]', turn["response"])
                if not m:
                    unreadable += 1
                    continue
                got = [int(x) for x in re.findall(r"-?\d+", m.group(1))]
                if got == want:
                    right += 1
                    solved_right += bool(episode["success"])
                    continue
                wrong += 1
                faces = {c for c in cards if c in rule}
                face_values = {g for c, g in zip(cards, got) if c in rule}
                if len(faces) > 1 and len(face_values) == 1:
                    binding += 1
        print(f"{path}: {hands} hands, values right {right} (solved {solved_right}), values wrong {wrong} "
              f"(one value for different face cards: {binding}), no values {unreadable}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: gp_values_errors.py <transcripts.jsonl>...")
    main(sys.argv[1:])
