#!/usr/bin/env bash
# Installs the Debian packages the product (and, with --test, the test suite) needs, if missing.
set -euo pipefail

# command-or-file → Debian package(s)
need=("ffmpeg:ffmpeg" "fc-list:fonts-dejavu-core")
if [ "${1:-}" = "--test" ]; then
  need+=(
    "/usr/bin/chromium:chromium"
    "redis-server:redis-server"
    "mosquitto:mosquitto"
    "/usr/lib/x86_64-linux-gnu/girepository-1.0/GstRtspServer-1.0.typelib:gir1.2-gst-rtsp-server-1.0"
    "/usr/lib/python3/dist-packages/gi/__init__.py:python3-gi"
    "gst-launch-1.0:gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav"
  )
fi

missing=()
for entry in "${need[@]}"; do
  probe="${entry%%:*}"
  pkgs="${entry#*:}"
  if [[ "$probe" == /* ]]; then [ -e "$probe" ] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
  missing+=($pkgs)
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Please install these Debian packages as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
