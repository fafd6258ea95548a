#!/usr/bin/env bash
# Installs and starts what ftmatrix needs on a Debian machine, as root: the docker.io engine, debootstrap, and a
# daemon started with --bridge=none --iptables=false (shared/reference/environment.md: containers get no network
# by default and reach the package archive only with --network host). Changes nothing that is already there.
# Exit codes: 0 ready; 3 could not be installed or started.
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
  echo "installing Docker needs root: run this as root, or install docker.io and start dockerd yourself" >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get: install a Docker engine with your system's package manager and start it" >&2
  exit 3
fi

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  # NEEDRESTART_SUSPEND: the needrestart hook asks questions and complains when stdin is closed (CI).
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if docker info >/dev/null 2>&1; then
  echo "Docker daemon already running"
  exit 0
fi

echo "starting dockerd --bridge=none --iptables=false (log: /var/log/ftmatrix-dockerd.log)" >&2
# From /, not the checkout: conmon and shims inherit the daemon's working directory, and a deleted checkout (a CI
# clone removed while the daemon runs on) makes every later container start fail ("Failed to get working directory").
(cd / && exec setsid dockerd --bridge=none --iptables=false) >/var/log/ftmatrix-dockerd.log 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "Docker daemon started"
    exit 0
  fi
  sleep 1
done
tail -n 20 /var/log/ftmatrix-dockerd.log >&2 || true
echo "dockerd did not answer within 60 s" >&2
exit 3
