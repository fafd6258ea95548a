#!/usr/bin/env bash
# conda: conda-forge's free-threaded CPython (python-freethreading) in a new environment by conda, mamba or micromamba.
# Platforms: debian ubuntu fedora rhel almalinux rocky centos manylinux host:linux
#
#   <tool> create -y -p /opt/ftmatrix/conda-env --override-channels -c <channel_url> \
#       python-freethreading=3.X python=3.X
#   -> /opt/ftmatrix/conda-env/bin/python
#
# Where the commands come from:
#   - The py-free-threading guide (Quansight-Labs/free-threaded-compatibility
#     docs/installing-cpython.md): `mamba create -n nogil -c conda-forge python-freethreading` and
#     `conda create -n nogil --override-channels -c conda-forge python-freethreading`. A prefix
#     (-p) instead of a name, so the interpreter's path does not depend on the tool's root.
#   - Pinning the minor: the metapackage follows the newest Python (conda-forge publishes 3.13.x
#     and 3.14.x builds of it; its build depends on `python 3.14.1.*` and `python_abi *_cp314t`),
#     so an unpinned install drifts to 3.14. Both specs are pinned to the cell's version.
#   - Installing the tool when it is missing: Miniforge (conda-forge/miniforge releases,
#     `bash Miniforge3-<ver>-Linux-<arch>.sh -b -p <prefix>`, which brings conda and mamba) and the
#     micromamba binary (mamba-org/micromamba-releases, `micromamba-linux-<arch>`), both pinned.
#   - The interpreter inside the environment: bin/python, conda's usual name (the reference notes
#     mark it NOT CONFIRMED for FT builds); bin/python3.Xt is reported if bin/python is missing.
#
# GIL twin (FTMATRIX_BASELINE=twin, lib/twin.sh): a second environment /opt/ftmatrix/conda-env-gil from the same
#   channel, `python-gil=<X.Y.Z> python=<X.Y.Z>` at the release the free-threaded environment got. conda-forge/
#   python-feedstock recipe/meta.yaml builds both metapackages from one recipe: python-gil ("the default build (i.e.
#   with the GIL)") and python-freethreading, each requiring `cpython <version>` and `python_abi * *_<abi_tag>`
#   (cpXY for the GIL build, cpXYt for the free-threaded one).
#
# If the chosen tool is already on PATH, it is used and nothing is installed.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   tool          conda (default) | mamba | micromamba
#   tool_version  the pinned installer release: Miniforge 26.5.3-0 for conda and mamba,
#                 micromamba 2.9.0-0 for micromamba.
#   installer_url the Miniforge installer or micromamba binary to download instead (mirror, file://).
#   channel_url   the channel, default https://conda.anaconda.org/conda-forge (a mirror of
#                 conda-forge for air-gapped CI); always used with --override-channels.
#
# Verified: fake-only (RecipeContractIT and TwinRecipeTest against a fake conda and micromamba)
# Pin: miniforge 26.5.3-0 (source: conda-forge/miniforge release 26.5.3-0)
# Pin: micromamba 2.9.0-0 (source: mamba-org/micromamba-releases release 2.9.0-0)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, internal.
#   not-found: conda's "PackagesNotFoundError: The following packages are not available from
#              current channels"; libmamba's "does not exist (perhaps a typo or a missing channel)",
#              "nothing provides", "Could not solve"; HTTP 404 for the channel or the installer.
#   network:   "CondaHTTPError: HTTP 000 CONNECTION FAILED for url" (conda/conda#9948, #10146),
#              libmamba "Download error (6) Couldn't resolve host name" (mamba-org/mamba#3536), and a
#              channel answering 5xx: libmamba "Transfer finalized, status: 503 [<url>]" (mamba-org/mamba#1890).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly MINIFORGE_PIN=26.5.3-0
readonly MICROMAMBA_PIN=2.9.0-0
readonly DEFAULT_CHANNEL=https://conda.anaconda.org/conda-forge
readonly MINIFORGE_PREFIX="${FTM_PREFIX_ROOT}/miniforge3"
readonly MICROMAMBA_ROOT="${FTM_PREFIX_ROOT}/micromamba"
readonly ENV_PREFIX="${FTM_PREFIX_ROOT}/conda-env"
readonly TWIN_PREFIX="${FTM_PREFIX_ROOT}/conda-env-gil"
readonly CONDA_NOT_FOUND_RE="PackagesNotFoundError|not available from current channels|does not exist \(perhaps|nothing provides|Could not solve for environment|UnsatisfiableError|HTTP 404|status: 404|404 Not Found|returned error: 404"
readonly CONDA_NETWORK_RE="CondaHTTPError|CONNECTION FAILED|Download error|Could not resolve host|Couldn't resolve host|Couldn't connect|Failed to connect|Connection refused|Network is unreachable|timed out|Timeout was reached|Max retries exceeded|NewConnectionError|SSLError|ConnectionError|Multiple errors occurred|Multiple errors occured|Subdir .* not loaded|Transfer finalized, status: 5[0-9][0-9]|HTTP 5[0-9][0-9]"

ftm_params_allow tool tool_version installer_url channel_url
ftm_read_python_inputs
ftm_require_free_threaded

tool=$(ftm_param tool conda)
channel=$(ftm_param channel_url "$DEFAULT_CHANNEL")
case $tool in
    conda | mamba | micromamba) ;;
    *) ftm_fail unsupported "tool '${tool}' is not one of: conda, mamba, micromamba" ;;
esac

conda_arch() {
    case $(uname -m) in
        x86_64) printf '%s' "64 x86_64" ;;
        aarch64 | arm64) printf '%s' "aarch64 aarch64" ;;
        ppc64le) printf '%s' "ppc64le ppc64le" ;;
        *) return 1 ;;
    esac
}

# Sets tool_cmd: the tool on PATH, else one installed from the pinned release.
find_or_install_tool() {
    local version url arch micromamba_arch miniforge_arch rc=0 logfile
    if tool_cmd=$(command -v "$tool"); then
        log "using the ${tool} already on PATH: ${tool_cmd} ($("$tool_cmd" --version 2>&1 | head -n 1 || true))"
        return 0
    fi
    if ! arch=$(conda_arch); then
        ftm_fail unsupported "no ${tool} installer for this machine ($(uname -m))"
    fi
    read -r micromamba_arch miniforge_arch <<<"$arch"
    ftm_ensure_curl
    if [[ $tool == micromamba ]]; then
        version=$(ftm_param tool_version "$MICROMAMBA_PIN")
        url=$(ftm_param installer_url \
            "https://github.com/mamba-org/micromamba-releases/releases/download/${version}/micromamba-linux-${micromamba_arch}")
        mkdir -p -- "${MICROMAMBA_ROOT}/bin"
        tool_cmd="${MICROMAMBA_ROOT}/bin/micromamba"
        ftm_download "$url" "$tool_cmd"
        chmod 0755 -- "$tool_cmd"
    else
        version=$(ftm_param tool_version "$MINIFORGE_PIN")
        url=$(ftm_param installer_url \
            "https://github.com/conda-forge/miniforge/releases/download/${version}/Miniforge3-${version}-Linux-${miniforge_arch}.sh")
        ftm_download "$url" "${FTM_WORK_ROOT}/miniforge.sh"
        log "bash Miniforge3-${version}.sh -b -p ${MINIFORGE_PREFIX}"
        logfile=$(ftm_log_path miniforge-install)
        ftm_run_logged miniforge-install bash "${FTM_WORK_ROOT}/miniforge.sh" -b -p "$MINIFORGE_PREFIX" || rc=$?
        # The installer is a shell script with a payload; a truncated download fails to unpack.
        ((rc == 0)) || ftm_fail_from_log "the Miniforge ${version} installer" "$rc" "$logfile" internal \
            network "truncated|unexpected end|not in gzip format|checksum|corrupt"
        tool_cmd="${MINIFORGE_PREFIX}/bin/${tool}"
    fi
    "$tool_cmd" --version >/dev/null 2>&1 || ftm_fail internal "${tool_cmd} was installed but does not run"
    log "installed ${tool} $("$tool_cmd" --version 2>&1 | head -n 1)"
}

create_env() {
    local rc=0 logfile
    local -a args=(create -y -p "$ENV_PREFIX" --override-channels -c "$channel"
        "python-freethreading=${FTM_VERSION}" "python=${FTM_VERSION}")
    if [[ $tool == micromamba ]]; then
        export MAMBA_ROOT_PREFIX=$MICROMAMBA_ROOT
    fi
    export CONDA_NOTIFY_OUTDATED_CONDA=false
    log "${tool} ${args[*]}"
    logfile=$(ftm_log_path conda-create)
    ftm_run_logged conda-create "$tool_cmd" "${args[@]}" || rc=$?
    ((rc == 0)) || ftm_fail_from_log "${tool} create python-freethreading=${FTM_VERSION}" "$rc" "$logfile" internal \
        not-found "$CONDA_NOT_FOUND_RE" network "$CONDA_NETWORK_RE"
}

# The twin: python-gil of the same release in its own environment. Never fails the recipe (lib/twin.sh).
create_twin_env() {
    local twin
    ftm_twin_install conda-create-gil "${tool} create python-gil=${FTM_INSTALLED_RELEASE}" "$tool_cmd" create -y \
        -p "$TWIN_PREFIX" --override-channels -c "$channel" \
        "python-gil=${FTM_INSTALLED_RELEASE}" "python=${FTM_INSTALLED_RELEASE}" || return 0
    twin="${TWIN_PREFIX}/bin/python"
    [[ -e $twin ]] || twin="${TWIN_PREFIX}/bin/python${FTM_MINOR}"
    ftm_twin_check "$twin" "${tool} create python-gil"
}

find_or_install_tool
create_env
interpreter="${ENV_PREFIX}/bin/python"
[[ -e $interpreter ]] || interpreter="${ENV_PREFIX}/bin/python${FTM_MINOR}t"
ftm_check_interpreter "$interpreter" internal "${tool} create"
if ftm_twin_wanted; then
    create_twin_env
fi
ftm_success "$interpreter"
