#!/usr/bin/env bash
# Alternates this library's PeerBench and the PyTorch peer (peer_bench.py) ROUNDS times on the same machine, then
# prints the median tokens/s of each and their ratio (this library / PyTorch). Run from the repository root:
#   core/djl/src/test/python/run_peer_bench.sh /tmp/hfvenv/bin/python [rounds]
# after `mvn -B -q -o install -DskipTests` (the bench runs from core/djl's test classes). 2 threads each.
set -euo pipefail
PY=${1:?the python of a venv with torch 2.13 and transformers 5.17}
ROUNDS=${2:-5}
OUT=$(mktemp)
for r in $(seq 1 "$ROUNDS"); do
  mvn -B -q -o -pl core/djl exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=io.posttrain4j.core.model.bench.PeerBench \
    -Dai.djl.pytorch.num_threads=2 -Dai.djl.offline=true -Dstyle.color=never 2>/dev/null | grep -o '{.*}' >> "$OUT"
  OMP_NUM_THREADS=2 "$PY" core/djl/src/test/python/peer_bench.py 2>/dev/null | grep '^{' >> "$OUT"
done
"$PY" - "$OUT" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for shape in ("small", "base"):
    med = {}
    for impl in ("posttrain4j", "pytorch"):
        rs = [r for r in rows if r["shape"] == shape and r["impl"] == impl]
        med[impl] = {k: statistics.median(r[k] for r in rs) for k in ("train_tok_s", "gen_tok_s")}
        print(shape, impl, "runs:", [(r["train_tok_s"], r["gen_tok_s"]) for r in rs])
    for k in ("train_tok_s", "gen_tok_s"):
        print("%s %s: posttrain4j %.0f / pytorch %.0f = %.2fx" % (shape, k, med["posttrain4j"][k], med["pytorch"][k],
                                                                 med["posttrain4j"][k] / med["pytorch"][k]))
PYEOF
