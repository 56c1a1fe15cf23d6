#!/usr/bin/env bash
# The GPU check (run through the device tool after ../shared/gpu/prepare.sh, with carry [".gpu"]):
# inference figures on CPU and WebGPU, then the view model trained on the GPU with that machine's pip torch.
# Results land in $OUT (bench-*.json, env.txt, train.log, model/). GPU_CHECK=train runs the training only.
set -uo pipefail
source .gpu/on-device.sh > "$OUT/env.txt" 2>&1
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())" >> "$OUT/env.txt" 2>&1
nproc >> "$OUT/env.txt"
if [ "${GPU_CHECK:-all}" != train ]; then
  for d in cpu webgpu; do
    timeout 100 node --import tsx scripts/bench-classify.ts --device "$d" --threads 4 --no-tfjs --engine-only > "$OUT/bench-$d.json" 2>> "$OUT/bench.log"
  done
fi
t0=$(date +%s)
timeout 150 node bin/echolive.js dataset --count 100000 --out data/train --seed 1 --workers 16 2>> "$OUT/train.log"
echo "dataset seconds: $(( $(date +%s) - t0 ))" >> "$OUT/train.log"
timeout 300 python3 training/train.py --data data/train --name echolive-view --out "$OUT/model" --epochs 6 --seed 1 --device cuda --threads 8 2>> "$OUT/train.log"
echo "done" >> "$OUT/train.log"
