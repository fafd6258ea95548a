#!/usr/bin/env bash
# python-org: the python.org release tarball, built free-threaded into its own prefix.
# Platforms: debian ubuntu
#
#   curl -O <base_url>/<X.Y.Z>/Python-<release>.tar.xz
#   ./configure --disable-gil --prefix=/opt/ftmatrix/python<FTMATRIX_PYTHON>
#   make -j"$(nproc)"
#   make altinstall
#   -> /opt/ftmatrix/python3.13t/bin/python3.13t
#
# Where the commands come from:
#   - CPython's free-threading HOWTO (Doc/howto/free-threading-python.rst): "When building CPython
#     from source, the --disable-gil configure option should be used."
#   - The py-free-threading guide, "Installing a free-threaded Python" (Quansight-Labs/
#     free-threaded-compatibility docs/installing-cpython.md): `./configure --disable-gil`, `make`,
#     `make install` or `make altinstall`. altinstall, so a GIL python3.X in the image is not
#     shadowed (Makefile altbininstall also links python3.X to python3.Xt, see the reference notes).
#   - The steps are source-build's python.org path (lib/cpython-source.sh), not a copy of it; this
#     recipe exists so the tier table can name the python.org method on its own.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   version   full release to build, e.g. 3.13.9 or 3.14.0rc1. Default: the patch version the
#             matrix gave, else the pin for the minor (lib/cpython-source.sh: 3.13 -> 3.13.15,
#             3.14 -> 3.14.7, 3.15 -> 3.15.2).
#   base_url  tarball base URL, default https://www.python.org/ftp/python. A mirror (air-gapped CI)
#             must use python.org's layout: <base_url>/<X.Y.Z>/Python-<release>.tar.xz
#
# Needs an apt-based image and the network (build dependencies come from the distribution).
# Verified: real-tool-local-repository (PythonOrgMirrorIT: the release tarball from a loopback mirror)
# Pin: cpython 3.13.15 (source: python.org release 3.13.15)
# Pin: cpython 3.14.7 (source: python.org release 3.14.7)
# Pin: cpython 3.15.2 (source: Debian sid python3.15 3.15.2-1, which packages upstream 3.15.2)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/cpython-source.sh
source "${BASH_SOURCE[0]%/*}/lib/cpython-source.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly WORK_DIR="${FTM_WORK_ROOT}/python-org"

ftm_params_allow version base_url
ftm_read_python_inputs
ftm_require_free_threaded

prefix="${FTM_PREFIX_ROOT}/python${FTM_PYTHON}"
interpreter="${prefix}/bin/python${FTM_MINOR}t"

started=$SECONDS
mkdir -p -- "$WORK_DIR"
ftm_cpython_fetch_python_org "$WORK_DIR" "${WORK_DIR}/src"
ftm_cpython_build "${WORK_DIR}/src" "$prefix"
ftm_cpython_verify "$interpreter" "$prefix"
if ftm_twin_wanted; then
    ftm_cpython_build_twin "${WORK_DIR}/src" "${FTM_PREFIX_ROOT}/python${FTM_VERSION}-gil"
fi
log "python-org took $((SECONDS - started)) s in total"
ftm_success "$interpreter"
