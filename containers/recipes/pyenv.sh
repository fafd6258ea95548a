#!/usr/bin/env bash
# pyenv: free-threaded CPython built from source by pyenv's python-build.
# Platforms: debian ubuntu fedora rhel almalinux rocky centos
#
#   apt-get install <build dependencies>      (or dnf)
#   curl -L <pyenv_url> | tar -x -C /opt/ftmatrix/pyenv   (only if pyenv is not on PATH)
#   pyenv install -s 3.13t                    (3.13.5t for a patch)
#   pyenv latest 3.13t                        -> 3.13.Xt
#   -> $(pyenv root)/versions/3.13.Xt/bin/python3.13t
#
# Where the commands come from:
#   - pyenv's free-threaded definitions end in `t` (plugins/python-build/share/python-build/3.13.0t
#     sets PYTHON_BUILD_FREE_THREADING=1; pyenv/pyenv#2995). `pyenv install 3.13t` resolves to the
#     newest 3.13.Xt pyenv knows (pyenv/pyenv#3090), and `pyenv latest 3.13t` names the installed
#     one. Definitions lag CPython releases (pyenv#3119), so pyenv is pinned. Debian's pyenv 2.7.1, asked
#     for 3.13.11t (it has 3.13.11 but no 3.13.11t), resolves the request to the GIL 3.13.11 (`pyenv latest
#     -f -k 3.13.11t` prints 3.13.11, checked by hand in RealPyenvIT's image). The recipe looks for
#     python3.13t only, which a GIL build does not have, so it never reports that GIL interpreter.
#   - python-build's messages: "python-build: definition not found: <v>" (exit 2, then "See all
#     available versions with `pyenv install --list'"), "error: failed to download
#     Python-<v>.tar.xz" followed by "BUILD FAILED (<os> using python-build <v>)"; a compile
#     failure prints only the latter.
#   - python-build's mirror: PYTHON_BUILD_MIRROR_URL with PYTHON_BUILD_MIRROR_URL_SKIP_CHECKSUM
#     (pyenv/pyenv#1673) takes a mirror with python.org's layout, <mirror>/<X.Y.Z>/Python-<v>.tar.xz.
#   - The build dependencies: the Debian/Ubuntu list is source-build's (lib/cpython-source.sh,
#     verified on trixie); the Fedora list is pyenv's wiki "Suggested build environment".
#
# GIL twin (FTMATRIX_BASELINE=twin, lib/twin.sh): `pyenv install -s <X.Y.Z>`, the definition of the same release
#   without the `t` (plugins/python-build/share/python-build/3.13.5 and 3.13.5t differ only in
#   PYTHON_BUILD_FREE_THREADING=1), so the same tarball and python-build's same configure flags otherwise; it builds
#   from source as long again. -> $(pyenv root)/versions/<X.Y.Z>/bin/python3.X
#
# If `pyenv` is already on PATH, it is used (with its own root) and nothing is downloaded; the
# build dependencies are still installed.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   pyenv_version  pyenv release to install, default v2.8.8.
#   pyenv_url      the pyenv source tarball, default
#                  https://github.com/pyenv/pyenv/archive/refs/tags/<pyenv_version>.tar.gz
#   mirror_url     a python.org mirror for the CPython tarball (python.org's layout); default none.
#
# Verified: real-tool-local-repository (RealPyenvIT: Debian's pyenv builds from a loopback mirror)
# Pin: pyenv v2.8.8 (source: pyenv/pyenv tag v2.8.8)
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

readonly PYENV_PIN=v2.8.8
readonly PYENV_HOME="${FTM_PREFIX_ROOT}/pyenv"
readonly RPM_BUILD_DEPS="make gcc patch zlib-devel bzip2 bzip2-devel readline-devel sqlite sqlite-devel openssl-devel tk-devel libffi-devel xz-devel libuuid-devel gdbm-libs libnsl2 tar xz curl ca-certificates"
readonly PYENV_NOT_FOUND_RE="definition not found|no known versions match|is not a valid|returned error: 404|404 Not Found"
readonly PYENV_NETWORK_RE="failed to download|curl: \((5|6|7|18|28|35|52|56)\)|Could not resolve host|Failed to connect|Connection refused|Network is unreachable|timed out|checksum mismatch"

ftm_params_allow pyenv_version pyenv_url mirror_url
ftm_read_python_inputs
ftm_require_free_threaded

spec="${FTM_VERSION}t"

install_build_deps() {
    ftm_os_install "${FTM_CPYTHON_BUILD_DEPS[*]} curl tk-dev uuid-dev libgdbm-dev libncurses-dev" "$RPM_BUILD_DEPS"
}

# Sets pyenv: the pyenv on PATH, else one unpacked from the pinned release.
find_or_install_pyenv() {
    local version url
    if pyenv=$(command -v pyenv); then
        log "using the pyenv already on PATH: ${pyenv} ($("$pyenv" --version 2>&1 || true))"
        return 0
    fi
    version=$(ftm_param pyenv_version "$PYENV_PIN")
    url=$(ftm_param pyenv_url "https://github.com/pyenv/pyenv/archive/refs/tags/${version}.tar.gz")
    ftm_ensure_curl
    mkdir -p -- "$PYENV_HOME"
    ftm_download "$url" "${FTM_WORK_ROOT}/pyenv.tar.gz"
    if ! tar -xzf "${FTM_WORK_ROOT}/pyenv.tar.gz" -C "$PYENV_HOME" --strip-components=1 --no-same-owner; then
        ftm_fail network "${url} is not a readable tarball (truncated download?)"
    fi
    export PYENV_ROOT=$PYENV_HOME
    pyenv="${PYENV_HOME}/bin/pyenv"
    [[ -x $pyenv ]] || ftm_fail not-found "${url} holds no bin/pyenv"
    log "installed $("$pyenv" --version 2>&1 || true) in ${PYENV_HOME}"
}

install_python() {
    local rc=0 logfile mirror
    mirror=$(ftm_param mirror_url)
    if [[ -n $mirror ]]; then
        export PYTHON_BUILD_MIRROR_URL=${mirror%/} PYTHON_BUILD_MIRROR_URL_SKIP_CHECKSUM=1
        log "PYTHON_BUILD_MIRROR_URL=${PYTHON_BUILD_MIRROR_URL} (python.org layout)"
    fi
    log "pyenv install -s ${spec} (a source build: several minutes)"
    logfile=$(ftm_log_path pyenv-install)
    ftm_run_logged pyenv-install "$pyenv" install -s "$spec" || rc=$?
    # A failed download also ends in "BUILD FAILED": network is checked first.
    ((rc == 0)) || ftm_fail_from_log "pyenv install ${spec}" "$rc" "$logfile" build \
        not-found "$PYENV_NOT_FOUND_RE" network "$PYENV_NETWORK_RE"
}

# Sets interpreter, name (its version, e.g. 3.13.5t) and root (pyenv root): the one pyenv installed for $spec.
locate_python() {
    local logfile
    logfile=$(ftm_log_path pyenv-latest)
    if ! name=$("$pyenv" latest "$spec" 2>"$logfile"); then
        ftm_fail internal "pyenv install ${spec} succeeded but pyenv latest ${spec} says: $(tail -n 1 "$logfile")"
    fi
    name=${name%%$'\n'*}
    root=$("$pyenv" root)
    interpreter="${root}/versions/${name}/bin/python${FTM_MINOR}t"
    log "pyenv installed ${name}: ${interpreter}"
}

# The twin: the same release's definition without the `t`. Never fails the recipe (lib/twin.sh).
install_twin() {
    local release=${name%t}
    ftm_twin_install pyenv-install-gil "pyenv install ${release}" "$pyenv" install -s "$release" || return 0
    ftm_twin_check "${root}/versions/${release}/bin/python${FTM_MINOR}" "pyenv install ${release}"
}

install_build_deps
find_or_install_pyenv
install_python
locate_python
ftm_check_interpreter "$interpreter" build "pyenv install ${spec}"
if ftm_twin_wanted; then
    install_twin
fi
ftm_success "$interpreter"
