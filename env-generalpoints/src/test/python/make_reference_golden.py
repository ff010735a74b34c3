"""Regenerates the golden files of env-generalpoints from the reference code (LeslieTrue/SFTvsRL).

Usage (Python 3.11, no packages needed; heavy imports of the reference are stubbed; add `quick` to skip the
all-hands solver file):
    git clone https://github.com/LeslieTrue/SFTvsRL /tmp/sftvsrl   # or any checkout of it
    python3 env-generalpoints/src/test/python/make_reference_golden.py /tmp/sftvsrl \
        env-generalpoints/src/test/resources/golden

Writes: prompts/*.txt (reference prompt and expert texts), solver-all-hands.tsv (for each of the 1820 rank
multisets and both face rules: solution count and md5 of the sorted solution strings), solver-hands.json (full
solution lists of a few hands) and verifier-reference.jsonl (responses with the reference's reward and feedback).
"""
import hashlib
import itertools
import json
import os
import random
import sys
import types

ref, out = sys.argv[1], sys.argv[2]
# A third argument "quick" skips the slow solver-all-hands.tsv (about 8 minutes).
quick = len(sys.argv) > 3 and sys.argv[3] == "quick"
for name in ["yaml", "box", "torch", "numpy", "tqdm", "PIL", "PIL.Image", "PIL.ImageDraw", "PIL.ImageFont",
             "gymnasium", "gymnasium.spaces"]:
    m = types.ModuleType(name)
    sys.modules[name] = m
sys.modules["box"].Box = object
sys.modules["tqdm"].tqdm = object
sys.modules["gymnasium"].Env = object
sys.modules["gymnasium"].spaces = sys.modules["gymnasium.spaces"]
sys.modules["numpy"].uint8 = None
for n in ["Image", "ImageDraw", "ImageFont"]:
    setattr(sys.modules["PIL"], n, sys.modules["PIL." + n])
sys.path.insert(0, ref)
sys.path.insert(0, os.path.join(ref, "gym", "gym_cards", "envs"))
from utils_general import re_match, robust_str_to_list  # noqa: E402
from utils_rl import step_rewards  # noqa: E402
import prompt_lib.prompts as P  # noqa: E402
from general_points_oneline import GeneralPointEnv_oneline  # noqa: E402


class Holder:
    def __init__(self, target):
        self.target_points = target


_SOLVED = {}


def solve(values, target=24):
    key = (tuple(sorted(values)), target)
    if key not in _SOLVED:
        h = Holder(target)
        GeneralPointEnv_oneline.solve(h, list(values))
        _SOLVED[key] = list(h.solution)
    return list(_SOLVED[key])


def name(rank):
    return {1: "A", 11: "J", 12: "Q", 13: "K"}.get(rank, str(rank))


def face_msg(as10):
    return "'J', 'Q', and 'K' count as '10'." if as10 else "'J', 'Q', and 'K' count as '11', '12', and '13' respectively."


os.makedirs(os.path.join(out, "prompts"), exist_ok=True)
hand = [1, 3, 13, 6]
for as10 in (True, False):
    tag = "as10" if as10 else "as111213"
    args = dict(target_number="24", face_card_msg=face_msg(as10), cards=str([name(r) for r in hand]))
    for kind, tmpl in (("gp-l", P.Q_GeneralPoint_EQN_L), ("gp-vl", P.Q_GeneralPoint_EQN_VL)):
        with open(os.path.join(out, "prompts", f"{kind}-{tag}.txt"), "w", newline="") as f:
            f.write(tmpl.format(**args))
    nums = [min(r, 10) if as10 else r for r in hand]
    with open(os.path.join(out, "prompts", f"expert-{tag}.txt"), "w", newline="") as f:
        f.write(P.ResponseEqn.format(cards=str([name(r) for r in hand]), numbers=str(nums), formula="10*3-6*1=24"))

with open(os.devnull if quick else os.path.join(out, "solver-all-hands.tsv"), "w") as f:
    f.write("ranks\trule\tcount\tmd5\n")
    for combo in [] if quick else itertools.combinations_with_replacement(range(1, 14), 4):
        for as10 in (True, False):
            vals = [min(r, 10) if as10 else r for r in combo]
            sols = sorted(solve(vals))
            digest = hashlib.md5("\n".join(sols).encode()).hexdigest()
            f.write(f"{','.join(map(str, combo))}\t{'as10' if as10 else 'as111213'}\t{len(sols)}\t{digest}\n")

few = {}
for vals in ([1, 2, 3, 4], [3, 3, 8, 8], [10, 3, 9, 9], [1, 1, 1, 1], [13, 13, 13, 13], [4, 4, 10, 10]):
    few[",".join(map(str, vals))] = sorted(solve(vals))
with open(os.path.join(out, "solver-hands.json"), "w") as f:
    json.dump(few, f, indent=1, sort_keys=True)


def reference_step(ranks, as10, language_only, response, target=24):
    """The body of GeneralPointEnv_oneline.step for one scored attempt."""
    cards_num = [min(r, 10) if as10 else r for r in ranks]
    gt = [name(r) for r in ranks]
    solutions = solve(cards_num, target)
    current_formula = re_match(response, "formula")
    recognized_cards = re_match(response, "cards")
    translated_number = re_match(response, "number")
    try:
        current_formula = current_formula.split("=")[0]
    except Exception:
        pass
    recognized_cards = robust_str_to_list(recognized_cards)
    translated_number = robust_str_to_list(translated_number)
    reward, info = step_rewards(card_nums=cards_num, current_formula=current_formula, solutions=solutions,
                                target_points=target, recognized_cards=recognized_cards,
                                translated_number=translated_number, gt_cards=gt, language_only=language_only)
    return reward, info


rng = random.Random(20250117)
FIXED = [
    '\n{\n  "cards": [\'A\', \'3\', \'K\', \'6\'],\n  "number": [1, 3, 10, 6],\n  "formula": "10*3-6*1=24",\n}',
    '"formula": "10*3-6*1=24"', '"formula": "10*3-6*1"', '"formula": "10 * 3 - 6 * 1 = 24"',
    '"formula": "10x3-6x1=24"', '"formula": "(10*3-6*1=24"', '"formula": "((10*3-6*1=24"', '"formula": "10*3-6*1)=24"',
    '"formula": "10*3-6*1+=24"', '"formula": "10*3--6*1=24"', '"formula": "10*3-6*2=24"', '"formula": "10*3-6=24"',
    '"formula": "10*3-6*1*1=24"', '"formula": "13*3-6*1=24"', '"formula": "3*10-6*1=24"', '"formula": "1+3+10+6=24"',
    '"formula": "(1+3)*(10-6)=24"', '"formula": "(10*3-6*1"', '"formula": "(10*3-6)*1"', '"formula": "10*(3-6*1"',
    '"formula": ""', "", "None", "nothing here", '{"formula": "10*3-6*1=24"}', '{"formula": "10*3-6*1=24",}',
    '{"cards": ["A", "3", "K", "6"], "formula": "10*3-6*1=24"}', '{"cards": "A, 3, K, 6", "formula": "10*3-6*1=24"}',
    '"cards": [A, 3, K, 6], "formula": "10*3-6*1=24"', '"cards": [\'A\', \'3\', \'K\', \'6\'], "formula": "6*1-10*3=24"',
    '"cards": [1, 3, 10, 6], "formula": "10*3-6*1=24"', '"cards": ["A", "3", "K", "6"], "formula": "10*3-6*1=24"',
    '"cards": [\'A\', \'3\', \'Q\', \'6\'], "formula": "10*3-6*1=24"', '"cards": [\'A\', \'3\', \'K\'], "formula": "1"',
    '"formula": "010*3-6*1=24"', '"formula": "10*3-6*01=24"', '"formula": "\u0661\u0660*3-6*1=24"', '"formula": "10/0+3+6+1"',
    '"formula": "(1)(3)+10+6"', '"formula": "()1+3+10+6"', '"formula": "1+3+10+6)"', '"formula": "+1+3+10+6"',
    '"formula": "24"', '"formula": "100+3+10+6"', '"formula": "1+1+3+10+6"', '"formula": "10*3-6*1=24" and "formula": "x"',
    '{"formula": 24}', '{"formula": null}', '{"formula": ["10*3-6*1"]}', '{"cards": 5, "formula": "10*3-6*1=24"}',
    '"formula": "10*3\n-6*1=24"', '"formula":"10*3-6*1=24"', '"formula": "10*3-6*1==24"', '"formula": "=24"',
]
HANDS = [([1, 3, 13, 6], True), ([1, 3, 13, 6], False), ([3, 3, 8, 8], True), ([12, 3, 9, 9], True),
         ([13, 11, 2, 1], False), ([4, 4, 10, 10], True), ([5, 5, 5, 1], True)]


def random_response(vals, sols, cards):
    kind = rng.randrange(8)
    if kind == 0 and sols:
        f = rng.choice(sols)
    elif kind == 1 and sols:
        s = rng.choice(sols)
        cut = rng.randrange(1, len(s) + 1)
        f = s[:cut]
    elif kind == 2 and sols:
        s = list(rng.choice(sols))
        i = rng.randrange(len(s))
        s[i] = rng.choice("+-*/()0123456789 x")
        f = "".join(s)
    elif kind == 3:
        f = "".join(rng.choice(["+", "-", "*", "/", "(", ")"] + [str(v) for v in vals]) for _ in range(rng.randrange(0, 12)))
    elif kind == 4:
        v = vals[:]
        rng.shuffle(v)
        ops = [rng.choice("+-*/") for _ in range(3)]
        f = f"{v[0]}{ops[0]}{v[1]}{ops[1]}{v[2]}{ops[2]}{v[3]}"
    elif kind == 5:
        v = vals[:]
        rng.shuffle(v)
        ops = [rng.choice("+-*/") for _ in range(3)]
        f = f"({v[0]}{ops[0]}{v[1]}){ops[1]}({v[2]}{ops[2]}{v[3]})"
    elif kind == 6:
        f = "".join(rng.choice("0123456789+-*/() =x.") for _ in range(rng.randrange(0, 15)))
    else:
        f = rng.choice(sols) if sols else "1"
        f = f.replace(rng.choice("123456789"), str(rng.randrange(1, 14)), 1)
    c = cards[:]
    if rng.random() < 0.3:
        c[rng.randrange(4)] = rng.choice(["A", "2", "10", "J", "Q", "K"])
    if rng.random() < 0.5:
        rng.shuffle(c)
    end = rng.choice(["=24", "", "=25"])
    return rng.choice([
        f'"formula": "{f}{end}"',
        f'"cards": {c}, "formula": "{f}{end}"',
        f'\n{{\n  "cards": {c},\n  "number": {vals},\n  "formula": "{f}{end}",\n}}',
        json.dumps({"cards": str(c), "formula": f + end}),
    ])


cases = []
for ranks, as10 in HANDS:
    vals = [min(r, 10) if as10 else r for r in ranks]
    sols = solve(vals)
    cards = [name(r) for r in ranks]
    responses = list(FIXED) + [random_response(vals, sols, cards) for _ in range(120)]
    for resp in responses:
        for lo in (True, False):
            try:
                reward, info = reference_step(ranks, as10, lo, resp)
            except Exception as e:  # the reference itself raises (e.g. a non-string JSON formula)
                reward, info = None, type(e).__name__
            cases.append({"ranks": ranks, "faceAs10": as10, "languageOnly": lo, "response": resp,
                          "reward": reward, "feedback": info})
with open(os.path.join(out, "verifier-reference.jsonl"), "w") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=True) + "\n")
print(len(cases), "verifier cases")
