#!/usr/bin/env bash
# uv: a free-threaded CPython from python-build-standalone, installed by uv.
# Platforms: debian ubuntu fedora rhel almalinux rocky centos manylinux host:linux host:macos
#
#   curl -LsSf https://astral.sh/uv/<uv_version>/install.sh | env UV_UNMANAGED_INSTALL=<dir> sh
#   uv python install 3.13t
#   uv python find 3.13t          -> the interpreter this recipe reports
#
# Where the commands come from:
#   - astral-sh/uv docs/concepts/python-versions.md: request formats "<version><short-variant>
#     (e.g., 3.13t ...)"; "For Python 3.13, free-threaded Python versions will not be selected by
#     default ... only when explicitly requested, e.g., with 3.13t". Hence the `t` is passed as is.
#   - docs/reference/storage.md: managed installs in UV_PYTHON_INSTALL_DIR, executables in
#     UV_PYTHON_BIN_DIR; both are set under /opt/ftmatrix/uv so nothing depends on $HOME.
#   - docs/reference/installer.md: UV_UNMANAGED_INSTALL installs the binary to a given directory
#     without touching shell profiles ("In ephemeral environments like CI"); the installer honours
#     UV_DOWNLOAD_URL / INSTALLER_DOWNLOAD_URL for the directory it fetches the uv archive from.
#   - UV_PYTHON_PREFERENCE=only-managed, so `uv python find` reports the interpreter uv installed
#     and never a system one (uv#8480 shows the setting; uv#11693 and uv#8189 show uv picking
#     another build than the one asked for).
#   - "The available Python versions are frozen for each uv release" (uv docs; uv#6089, uv#17887):
#     the uv version decides which 3.13.x is installed, so it is pinned.
#
# GIL twin (FTMATRIX_BASELINE=twin, lib/twin.sh): `uv python install <X.Y.Z>+gil` and `uv python find <X.Y.Z>+gil`,
#   the GIL build of the release just installed, from the same python-build-standalone release (the uv version
#   pins both). `+gil` asks for the GIL-enabled variant explicitly (uv 0.9.8 and later; docs/concepts/
#   python-versions.md), since from 3.14 on a bare version may pick either.
#
# If `uv` is already on PATH, that uv is used and nothing is installed (the uv_version,
# installer_url and download_url parameters then do not apply; the log says which uv ran).
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   uv_version             uv release to install, default 0.12.5.
#   installer_url          the installer script, default https://astral.sh/uv/<uv_version>/install.sh
#                          (a mirror, or a file:// path, for air-gapped CI).
#   download_url           directory the installer downloads uv-<target>.tar.gz from (default:
#                          the GitHub release); passed as UV_DOWNLOAD_URL and INSTALLER_DOWNLOAD_URL.
#   python_install_mirror  passed as UV_PYTHON_INSTALL_MIRROR (a python-build-standalone mirror).
#                          Default: UV_PYTHON_INSTALL_MIRROR from the environment, if set.
#
# Verified: fake-only (RecipeContractIT and TwinRecipeTest against a fake uv; failure paths for real on the host)
# Pin: uv 0.12.5 (source: astral-sh/uv release 0.12.5)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, internal.
#   not-found: "No download found for request" (uv#6089: the uv release does not know the
#   version), or an HTTP 404 from a mirror or the installer URL.
#   network:   "Failed to download ... Request failed after 3 retries ... client error (Connect)"
#   (uv#9218, uv#6072), the installer's "failed to download", curl failures; "Hash mismatch for
#   `cpython-...`" (uv#4806: the download is not the archive uv's release pins, i.e. corrupted or cut
#   short on the way, or a mirror serving another file; retrying or fixing the mirror helps).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly UV_PIN=0.12.5
readonly UV_HOME="${FTM_PREFIX_ROOT}/uv"
readonly UV_NOT_FOUND_RE="No download found for request|is not a valid Python download request|404 Not Found|error \(404|returned error: 404"
readonly UV_NETWORK_RE="Hash mismatch|Failed to download|Request failed after|error sending request|client error \(Connect\)|dns error|failed to lookup address|tcp connect error|Connection refused|Network is unreachable|timed out|invalid peer certificate|Failed to extract archive|unexpected end of file|server error \(5[0-9][0-9]|failed to download|curl: \([0-9]+\)"

ftm_params_allow uv_version installer_url download_url python_install_mirror
ftm_read_python_inputs
ftm_require_free_threaded

export UV_PYTHON_INSTALL_DIR="${UV_HOME}/python"
export UV_PYTHON_BIN_DIR="${UV_HOME}/python-bin"
export UV_CACHE_DIR="${UV_HOME}/cache"
export UV_PYTHON_PREFERENCE=only-managed
export UV_NO_PROGRESS=1
mirror=$(ftm_param python_install_mirror "${UV_PYTHON_INSTALL_MIRROR:-}")
if [[ -n $mirror ]]; then
    export UV_PYTHON_INSTALL_MIRROR=$mirror
    log "UV_PYTHON_INSTALL_MIRROR=${mirror}"
fi

# Sets uv: the uv on PATH, else one installed with the official installer.
find_or_install_uv() {
    local version installer url rc=0 logfile
    if uv=$(command -v uv); then
        log "using the uv already on PATH: ${uv} ($("$uv" --version 2>&1 || true))"
        return 0
    fi
    version=$(ftm_param uv_version "$UV_PIN")
    [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
        ftm_fail unsupported "uv_version '${version}' is not a uv release like ${UV_PIN}"
    url=$(ftm_param installer_url "https://astral.sh/uv/${version}/install.sh")
    installer="${UV_HOME}/uv-installer.sh"
    mkdir -p -- "$UV_HOME"
    ftm_ensure_curl
    ftm_download "$url" "$installer"

    local -a env=(UV_UNMANAGED_INSTALL="${UV_HOME}/bin")
    if [[ -n $(ftm_param download_url) ]]; then
        env+=(UV_DOWNLOAD_URL="$(ftm_param download_url)" INSTALLER_DOWNLOAD_URL="$(ftm_param download_url)")
    fi
    log "running the uv ${version} installer (into ${UV_HOME}/bin)"
    logfile=$(ftm_log_path uv-installer)
    ftm_run_logged uv-installer env "${env[@]}" sh "$installer" || rc=$?
    ((rc == 0)) || ftm_fail_from_log "the uv installer (${url})" "$rc" "$logfile" internal \
        not-found "$UV_NOT_FOUND_RE" network "$UV_NETWORK_RE"
    uv="${UV_HOME}/bin/uv"
    [[ -x $uv ]] || ftm_fail internal "the uv installer exited 0 but left no ${uv}"
    log "installed $("$uv" --version 2>&1 || true)"
}

install_python() {
    local rc=0 logfile found
    logfile=$(ftm_log_path uv-python-install)
    log "uv python install ${FTM_PYTHON}"
    ftm_run_logged uv-python-install "$uv" python install "$FTM_PYTHON" || rc=$?
    ((rc == 0)) || ftm_fail_from_log "uv python install ${FTM_PYTHON}" "$rc" "$logfile" internal \
        not-found "$UV_NOT_FOUND_RE" network "$UV_NETWORK_RE"

    logfile=$(ftm_log_path uv-python-find)
    if ! found=$("$uv" python find "$FTM_PYTHON" 2>"$logfile"); then
        ftm_fail internal "uv python install ${FTM_PYTHON} succeeded but uv python find did not find it:" \
            "$(tail -n 1 "$logfile")"
    fi
    interpreter=${found%%$'\n'*}
    log "uv python find ${FTM_PYTHON}: ${interpreter}"
}

# The twin: the same release's GIL build. Never fails the recipe (lib/twin.sh).
install_twin() {
    local request="${FTM_INSTALLED_RELEASE}+gil" found
    ftm_twin_install uv-python-install-gil "uv python install ${request}" "$uv" python install "$request" || return 0
    if ! found=$("$uv" python find "$request" 2>"$(ftm_log_path uv-python-find-gil)"); then
        ftm_twin_failed "uv python find ${request}: $(tail -n 1 "$(ftm_log_path uv-python-find-gil)")"
        return 0
    fi
    ftm_twin_check "${found%%$'\n'*}" "uv python find ${request}"
}

find_or_install_uv
install_python
ftm_check_interpreter "$interpreter" internal "uv python find ${FTM_PYTHON}"
if ftm_twin_wanted; then
    install_twin
fi
ftm_success "$interpreter"
