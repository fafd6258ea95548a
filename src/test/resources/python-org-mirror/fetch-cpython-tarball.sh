#!/usr/bin/env bash
# Downloads the upstream CPython release tarball of Debian's python3.X source package into <out-dir>, for a
# loopback mirror with python.org's layout (PythonOrgMirrorIT). Debian's <package>_<X.Y.Z>.orig.tar.xz is the
# upstream release tarball, unchanged: Debian's own changes travel in the separate .debian.tar.xz.
# Runs as root in a throwaway Debian container that reaches Debian's archive (--network host here).
#
#   fetch-cpython-tarball.sh <out-dir> [source-package]     default source package: python3.13
#   -> <out-dir>/python3.13_3.13.5.orig.tar.xz (the .dsc, .debian.tar.xz and signature are removed)
set -euo pipefail
out=$1
package=${2:-python3.13}
export DEBIAN_FRONTEND=noninteractive

# deb-src twins of the image's one-line deb entries (a debootstrapped image has /etc/apt/sources.list).
sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >/etc/apt/sources.list.d/ftmatrix-src.list
apt-get -q -o APT::Update::Error-Mode=any update
# _apt downloads into the directory; without write access apt falls back to root and warns.
mkdir -p -- "$out"
chmod 0777 -- "$out"
(cd -- "$out" && apt-get -q source --download-only "$package")
find "$out" -maxdepth 1 -type f ! -name "${package}_*.orig.tar.xz" -delete
ls -l -- "$out"
