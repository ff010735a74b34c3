#!/usr/bin/env bash
# On a machine with an NVIDIA GPU and a CUDA libtorch 2.7.1 (docs/GPU.md, "GPU"): runs the Hugging Face parity
# tests (text models, SmolVLM, LLaVA-OneVision, LoRA) on the GPU, then the model throughput benchmarks on the GPU and on the CPU,
# and writes a short report. From the repository root:
#   PYTORCH_LIBRARY_PATH=/opt/libtorch/lib examples/gpu-check/run.sh [report.md]
# Exit code: 0 when the parity tests pass on the GPU, 1 otherwise (the report says what ran).
set -uo pipefail
REPORT=${1:-gpu-report.md}
: "${PYTORCH_LIBRARY_PATH:?set PYTORCH_LIBRARY_PATH to the lib folder of a CUDA libtorch 2.7.1 (docs/GPU.md)}"
export PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-cu128} PYTORCH_VERSION=${PYTORCH_VERSION:-2.7.1}
export LD_LIBRARY_PATH=${CUDA_HOME:-/usr/local/cuda}/lib64:${LD_LIBRARY_PATH:-}
MVN="mvn -B -Dai.djl.offline=true -Dstyle.color=never"
strip() { sed 's/\x1b\[[0-9;]*m//g'; }
LOG=$(mktemp -d)
status=0
{
  echo "# GPU check, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo '```'
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 || echo "nvidia-smi: not found"
  echo "PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_FLAVOR=$PYTORCH_FLAVOR"
  echo '```'
} > "$REPORT"
if ! $MVN -q install -DskipTests > "$LOG/build.txt" 2>&1; then
  { echo; echo "Build failed:"; echo '```'; tail -20 "$LOG/build.txt"; echo '```'; } >> "$REPORT"
  exit 1
fi
$MVN -pl core/djl test -Dtest='HfParityTest,SmolVlmParityTest,LlavaOnevisionParityTest,LoraTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dposttrain4j.test.device=gpu > "$LOG/parity.txt" 2>&1 || status=1
{
  echo
  echo "## Parity tests on the GPU (tolerance 1e-4 against transformers' CPU fp32 outputs)"
  echo '```'
  grep -E "Tests run:|FAIL|ERROR\]" "$LOG/parity.txt" | head -20
  echo '```'
} >> "$REPORT"
for device in gpu cpu; do
  {
    echo
    echo "## Throughput on $device"
    echo '```'
    $MVN -q -pl core/djl exec:java -Dexec.classpathScope=test \
        -Dexec.mainClass=io.posttrain4j.core.model.bench.ModelBench -Dposttrain4j.bench.device=$device \
        -Dexec.args="small base" 2>&1 | strip | grep -E '^\||threads' || echo "ModelBench failed on $device"
    $MVN -q -pl core/djl exec:java -Dexec.classpathScope=test \
        -Dexec.mainClass=io.posttrain4j.core.model.bench.PeerBench -Dposttrain4j.bench.device=$device \
        2>&1 | strip | grep '^{' || echo "PeerBench failed on $device"
    echo '```'
  } >> "$REPORT"
done
echo "wrote $REPORT"
exit $status
