#!/usr/bin/env bash
# Installs Debian's own dnf (and curl, which the fedora-dnf recipe uses for repo_file_url) into a debian:trixie
# container, for RealDnfIT, with the shared libraries a Fedora python3.13-freethreading would pull in as
# dependencies (OpenSSL, libffi, SQLite, readline), here from Debian. Runs as root with Debian's archive reachable.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get -q -o APT::Update::Error-Mode=any update
apt-get -q install -y --no-install-recommends dnf curl ca-certificates libssl3t64 libffi8 libsqlite3-0 libreadline8t64
rm -rf /var/lib/apt/lists/*
dnf --version
