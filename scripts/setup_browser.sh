#!/usr/bin/env bash
# Installs what the report's headless-browser test needs from Debian's packages:
# chromium and a CJK font (Noto Sans CJK) so that Chinese labels render. Idempotent and
# quick when both are there; `apt-get update` runs only when an install fails without it.
set -euo pipefail

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || packages+=(fonts-noto-cjk)
if [ ${#packages[@]} -eq 0 ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "setup_browser: installing ${packages[*]} (Debian packages)"
if ! $sudo apt-get install -y -q --no-install-recommends "${packages[@]}"; then
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
fi
