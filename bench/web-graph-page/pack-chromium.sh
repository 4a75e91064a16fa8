#!/bin/bash
# Packs Debian's Chromium for gpu-run.sh on a machine that has neither Chromium nor network access: the browser's
# files, every shared library `ldd` names except glibc's own (gpu-run.sh links only those the target lacks),
# glvnd's EGL/GL loaders, NSS's loadable modules, and the 300 MB binary xz-compressed and split so that each part
# fits a transfer limit. Usage: pack-chromium.sh OUTDIR [PART_BYTES]
set -eu
out=$1; part=${2:-21000000}
src=/usr/lib/chromium; stage=$(mktemp -d)
mkdir -p "$stage/chr/lib" "$stage/chr/app/locales" "$out"
cp "$src"/{chrome_100_percent.pak,icudtl.dat,libEGL.so,libGLESv2.so,libvulkan.so.1,libvk_swiftshader.so,vk_swiftshader_icd.json,resources.pak,snapshot_blob.bin,v8_context_snapshot.bin,chrome_crashpad_handler} "$stage/chr/app/"
cp "$src/locales/en-US.pak" "$stage/chr/app/locales/"
for f in $(ldd "$src/chromium" | awk '{print $3}' | grep /); do
  case $(basename "$f") in libc.so.6 | libm.so.6 | libdl.so.2 | libpthread.so.0 | librt.so.1 | ld-linux*) ;; *) cp -L "$f" "$stage/chr/lib/" ;; esac
done
g=/lib/x86_64-linux-gnu
cp -L $g/libEGL.so.1 $g/libGLdispatch.so.0 $g/libGLX.so.0 $g/libGL.so.1 $g/libOpenGL.so.0 $g/libGLESv2.so.2 "$stage/chr/lib/"
cp -L /usr/lib/x86_64-linux-gnu/{libsoftokn3.so,libfreebl3.so,libfreeblpriv3.so} "$stage/chr/lib/" 2>/dev/null || true
tar -cJf "$out/chr.tar.xz" -C "$stage" chr
xz -9 -T0 -c "$src/chromium" | split -b "$part" -d -a 1 - "$out/chromium.part"
rm -rf "$stage"
ls -la "$out"
