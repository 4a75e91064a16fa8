#!/bin/bash
# sigma 20,000-node pan/zoom frame times in headless Chromium on a machine with an NVIDIA GPU and no Node, against
# SwiftShader on the same machine (docs/web.md, "Frame times on a GPU"). Runs from a folder holding what
# pack-chromium.sh made (chromium.part*, chr.tar.xz) and the built page (gp/: `vite build bench/web-graph-page
# --base ./ --outDir gp`). Needs python3 (static server) and the driver's ICD files under /usr/local/nvidia.
# The page runs the pan/zoom itself (`?auto=1`) and prints BENCHRESULT {json} on the console, which headless
# Chromium writes to stderr (--enable-logging=stderr); one JSON per variant goes to $OUT.
set -u
D=/tmp/chr; mkdir -p $D
cd "$(dirname "$0")"; echo "device: $(cat /etc/os-release | grep PRETTY) $(ldd --version | head -1)"
[ -n "${APP:-}" ] || [ -x $D/chr/app/chromium ] || { cat chromium.part* | xz -d > $D/chromium.bin; tar -xJf chr.tar.xz -C $D; mv $D/chromium.bin $D/chr/app/chromium; chmod +x $D/chr/app/chromium; }
APP=${APP:-$D/chr/app}; LIB=$D/chr/lib
# only the libs the machine lacks
mkdir -p $D/need; for f in $LIB/*; do b=$(basename $f); ldconfig -p | grep -q " $b " || ln -sf $f $D/need/$b; done
echo "carried libs used: $(ls $D/need | wc -l)"; nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
export LD_LIBRARY_PATH=$D/need:/usr/local/nvidia/lib64:/usr/local/nvidia/lib
ls /usr/local/nvidia/share/vulkan/icd.d/ /usr/local/nvidia/share/glvnd/egl_vendor.d/ 2>&1
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
(cd gp && python3 -m http.server 8765 --bind 127.0.0.1 >/dev/null 2>&1 &); sleep 1
URL='http://127.0.0.1:8765/?nodes=20000&edges=40000&auto=1'
COMMON="--headless --no-sandbox --disable-background-networking --disable-component-update --enable-logging=stderr --v=0 --window-size=1280,800 --disable-dev-shm-usage --no-first-run"
PRE=
one() { # name, flags…
  local name=$1; shift; local log=/tmp/$name.log
  [ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ] && return
  $PRE timeout 150 $APP/chromium $COMMON --user-data-dir=/tmp/ud-$name "$@" "$URL" > $log 2>&1 &
  local pid=$!
  for i in $(seq 1 280); do grep -aq BENCHRESULT $log && break; kill -0 $pid 2>/dev/null || break; sleep 0.5; done
  kill $pid 2>/dev/null; sleep 0.5
  grep -a -o 'BENCHRESULT .*' $log | sed 's/^BENCHRESULT //; s/", source: .*//' | head -1 > $OUT/$name.json
  echo "== $name: $(head -c 200 $OUT/$name.json)"; [ -s $OUT/$name.json ] || tail -20 $log
}
GPUF="--ignore-gpu-blocklist --enable-gpu --disable-vulkan-surface"
UNCAP="--disable-gpu-vsync --disable-frame-rate-limit"
one vulkan --use-angle=vulkan --enable-features=Vulkan $GPUF
one eglgl --use-gl=angle --use-angle=gl-egl $GPUF
PRE="env -u VK_DRIVER_FILES -u __EGL_VENDOR_LIBRARY_FILENAMES" one swiftshader --disable-gpu
one vulkan-uncapped --use-angle=vulkan --enable-features=Vulkan $GPUF $UNCAP
one eglgl-uncapped --use-gl=angle --use-angle=gl-egl $GPUF $UNCAP
PRE="env -u VK_DRIVER_FILES -u __EGL_VENDOR_LIBRARY_FILENAMES" one swiftshader-uncapped --disable-gpu $UNCAP
python3 - <<'PY'
import json,glob,os,statistics as st
out=os.environ['OUT']
for f in sorted(glob.glob(out+'/*.json')):
    try: r=json.load(open(f))
    except Exception: print(os.path.basename(f),'no result'); continue
    fr=sorted(r['frames'][5:]); rd=sorted(r['renders'][5:])
    q=lambda a,p: a[min(len(a)-1,int(p*len(a)))] if a else None
    g=lambda v: 'n/a' if v is None else f'{v:.2f}'
    print(f"{os.path.basename(f)}: {r['renderer'][:90]} | frames {len(fr)} median {g(q(fr,.5))} p95 {g(q(fr,.95))} ms | sigma renders {len(rd)} median {g(q(rd,.5))} p95 {g(q(rd,.95))} ms")
PY
