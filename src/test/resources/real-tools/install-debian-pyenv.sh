#!/usr/bin/env bash
# Installs Debian's own pyenv into a debian:trixie container, for RealPyenvIT: sid's 2.7.1, whose definitions know
# 3.13.5t (trixie's 2.5.4 stops at 3.13.2t). Only pyenv and pyenv-runtime come from sid (-t trixie keeps every
# dependency at trixie's version); the sid entry is removed afterwards, so the recipe's own apt-get update sees
# the image's suites only. sid's Release file expires within days and this archive is a frozen copy, hence
# check-valid-until=no (the signature is still checked). Runs as root with Debian's archive reachable (--network host here).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
sed -n 's/^deb \([^ ]*\) trixie main.*/deb [check-valid-until=no] \1 sid main/p' /etc/apt/sources.list | head -n 1 \
    >/etc/apt/sources.list.d/ftmatrix-sid.list
[[ -s /etc/apt/sources.list.d/ftmatrix-sid.list ]] || { echo "no 'deb ... trixie main' line in /etc/apt/sources.list" >&2; exit 1; }
apt-get -q -o APT::Update::Error-Mode=any update
apt-get -q install -y --no-install-recommends -t trixie pyenv/sid pyenv-runtime/sid
rm -f /etc/apt/sources.list.d/ftmatrix-sid.list
rm -rf /var/lib/apt/lists/*
pyenv --version
