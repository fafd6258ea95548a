#!/usr/bin/env bash
# Installs Podman on a Debian machine, as root, and starts its Docker-compatible service on its own socket, so that
# ftmatrix (docker-java) runs cells under Podman with DOCKER_HOST=unix://SOCKET. A running Docker daemon, its socket
# and its images are left alone. Changes nothing that is already there.
# Usage: install-podman.sh SOCKET     e.g. install-podman.sh /run/podman/podman.sock
# Exit codes: 0 ready; 2 bad usage; 3 could not be installed or started.
#
# Why the ulimits file: Podman 4.3 (Debian bookworm), running as root, asks the OCI runtime for RLIMIT_NOFILE and
# RLIMIT_NPROC of 1048576 in every container (libpod's addRlimits clamps them only when rootless). Raising a hard
# limit needs CAP_SYS_RESOURCE; where the machine withholds it (a CI sandbox), every start fails with
#   runc create failed: ... error setting rlimits for ready process: error setting rlimit type 7: operation not permitted
# (7 is RLIMIT_NOFILE; with --ulimit nofile set, type 6, RLIMIT_NPROC). The ceiling is Podman's own process: its
# inherited hard nofile limit, and a hard nproc limit that containers/common lowers to kernel.pid_max at start-up.
# Later Podman releases clamp the same way when CAP_SYS_RESOURCE is missing.
set -euo pipefail

socket="${1:-}"
if [[ -z $socket || $socket != /* ]]; then
  echo "usage: install-podman.sh SOCKET   (an absolute path, such as /run/podman/podman.sock)" >&2
  exit 2
fi
if [[ $EUID -ne 0 ]]; then
  echo "installing Podman needs root: run this as root, or install podman and start 'podman system service' yourself" >&2
  exit 3
fi

if ! command -v podman >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "no apt-get: install podman with your system's package manager" >&2
    exit 3
  fi
  echo "installing podman" >&2
  apt-get update -qq
  # NEEDRESTART_SUSPEND: the needrestart hook asks questions and complains when stdin is closed (CI).
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq --no-install-recommends podman >/dev/null
fi

# CAP_SYS_RESOURCE is capability 24.
cap_eff=$(awk '/^CapEff:/ {print $2}' /proc/self/status)
ulimits_conf=/etc/containers/containers.conf.d/ftmatrix-ulimits.conf
if (((0x$cap_eff >> 24) & 1)); then
  echo "CAP_SYS_RESOURCE held: Podman's default container ulimits can be set here"
elif [[ -f $ulimits_conf ]]; then
  echo "container ulimits already set in $ulimits_conf"
else
  podman_default=1048576
  cap() { # the smaller of a limit ("unlimited" is none) and Podman's default
    if [[ $1 == unlimited ]] || (($1 > podman_default)); then echo "$podman_default"; else echo "$1"; fi
  }
  nofile=$(cap "$(ulimit -Hn)")
  nproc=$(cap "$(ulimit -Hu)")
  pid_max=$(cat /proc/sys/kernel/pid_max)
  ((pid_max < nproc)) && nproc=$pid_max
  mkdir -p "${ulimits_conf%/*}"
  cat >"$ulimits_conf" <<EOF
# Written by ftmatrix doctor --fix --engine podman (containers/host/install-podman.sh): this machine withholds
# CAP_SYS_RESOURCE, so containers may not get more than Podman itself has (hard nofile, nproc up to kernel.pid_max).
[containers]
default_ulimits = [
  "nofile=$nofile:$nofile",
  "nproc=$nproc:$nproc",
]
EOF
  echo "no CAP_SYS_RESOURCE: wrote $ulimits_conf (nofile=$nofile, nproc=$nproc)"
  wrote_ulimits=1
fi

answers() { podman --remote --url "unix://$socket" version >/dev/null 2>&1; }
if answers; then
  if [[ ${wrote_ulimits:-0} == 1 ]]; then
    # The service reads containers.conf once, when it starts.
    echo "the Podman service at unix://$socket started before $ulimits_conf existed: stop it and run this again" >&2
    exit 3
  fi
  echo "Podman service already answering at unix://$socket"
  exit 0
fi
# Never take over a socket another engine (a Docker daemon) answers on.
if [[ -S $socket ]] && { ! command -v curl >/dev/null 2>&1 || curl -fsS --max-time 5 --unix-socket "$socket" http://engine/_ping >/dev/null 2>&1; }; then
  echo "another engine answers at $socket (or it cannot be told): give Podman a socket of its own" >&2
  exit 3
fi
log=/var/log/ftmatrix-podman.log
mkdir -p "${socket%/*}"
echo "starting podman system service --time=0 unix://$socket (log: $log)" >&2
# From /, not the checkout: conmon inherits the service's working directory, and once that is deleted (a CI clone
# removed while the service runs on) every container start fails with "write child: broken pipe" and conmon logs
# "Failed to get working directory".
(cd / && exec setsid podman system service --time=0 "unix://$socket") >"$log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  if answers; then
    echo "Podman service started at unix://$socket; point ftmatrix at it with DOCKER_HOST=unix://$socket"
    exit 0
  fi
  sleep 1
done
tail -n 20 "$log" >&2 || true
echo "podman system service did not answer within 60 s" >&2
exit 3
