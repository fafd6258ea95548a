#!/usr/bin/env bash
# Builds a Debian base image from the Debian archive and tags it exactly as named, for machines that reach no
# container registry. Commands as verified in shared/reference/environment.md:
#   debootstrap --variant=minbase <suite> <rootfs> && tar -C <rootfs> -c . | docker import - <image>
# With --engine podman the image goes into Podman's storage instead: copied from the local Docker daemon when it
# has the image (docker save | podman load, seconds), else built the same way and imported with podman import.
# Usage: bootstrap-image.sh [--engine docker|podman] IMAGE [MIRROR]     e.g. bootstrap-image.sh debian:trixie
# Exit codes: 0 built; 2 bad usage or an image this script cannot build; 3 a tool or the archive is unavailable.
set -euo pipefail

engine=docker
if [[ ${1:-} == --engine ]]; then
  engine="${2:-}"
  shift 2 || true
fi
image="${1:-}"
# No mirror given: debootstrap's own default, the one its suite scripts name.
mirror="${2:-}"

if [[ -z "$image" || ( $engine != docker && $engine != podman ) ]]; then
  echo "usage: bootstrap-image.sh [--engine docker|podman] IMAGE [MIRROR]   (IMAGE such as debian:trixie)" >&2
  exit 2
fi

case "$image" in
  debian:bookworm | debian:12) suite=bookworm ;;
  debian:trixie | debian:13) suite=trixie ;;
  debian:forky | debian:14) suite=forky ;;
  debian:sid | debian:unstable) suite=sid ;;
  *)
    echo "cannot bootstrap '$image': only Debian images can be built from the Debian archive here" \
      "(debian:bookworm, debian:trixie, debian:forky, debian:sid, or their numbers 12, 13, 14)." \
      "Pull other images on a machine that reaches their registry and move them with docker save/load." >&2
    exit 2
    ;;
esac

if ! command -v debootstrap >/dev/null 2>&1; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing debootstrap" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq debootstrap >/dev/null
  else
    echo "debootstrap is missing: as root, apt-get install debootstrap" >&2
    exit 3
  fi
fi
if [[ $EUID -ne 0 ]]; then
  echo "bootstrapping an image needs root (debootstrap creates device nodes and owns files as root)" >&2
  exit 3
fi
if [[ $engine == podman ]]; then
  if ! command -v podman >/dev/null 2>&1; then
    echo "podman is not installed: run ftmatrix doctor --fix --engine podman first" >&2
    exit 3
  fi
  # DOCKER_HOST may name the Podman socket; the copy is from the local Docker daemon, if it has the image.
  if command -v docker >/dev/null 2>&1 && env -u DOCKER_HOST docker image inspect "$image" >/dev/null 2>&1; then
    echo "copying $image from the Docker daemon into Podman" >&2
    env -u DOCKER_HOST docker save "$image" | podman load -q >/dev/null
    echo "built $image"
    exit 0
  fi
elif ! docker info >/dev/null 2>&1; then
  echo "the Docker daemon is not reachable: run ftmatrix doctor --fix first" >&2
  exit 3
fi

rootfs=$(mktemp -d /var/tmp/ftmatrix-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

from=${mirror:-the default mirror of debootstrap}
echo "debootstrap --variant=minbase $suite from $from (about a minute)" >&2
if ! debootstrap --variant=minbase "$suite" "$rootfs" ${mirror:+"$mirror"} >"$rootfs.log" 2>&1; then
  tail -n 20 "$rootfs.log" >&2
  rm -f "$rootfs.log"
  echo "debootstrap of $suite failed: is $from reachable? (--mirror URL picks another)" >&2
  exit 3
fi
rm -f "$rootfs.log"
echo "importing as $image" >&2
tar -C "$rootfs" -c . | "$engine" import - "$image" >/dev/null
echo "built $image"
