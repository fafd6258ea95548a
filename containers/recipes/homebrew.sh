#!/usr/bin/env bash
# homebrew: Homebrew's free-threaded CPython formula on Linux (Homebrew's Linux bottles).
# Platforms: debian ubuntu fedora rhel almalinux rocky centos
#
#   apt-get install build-essential git curl ca-certificates procps file     (only if brew is missing)
#   git clone --depth 1 --branch <brew_version> <brew_git_remote> /home/linuxbrew/.linuxbrew/Homebrew
#   brew install --formula python-freethreading
#   -> /home/linuxbrew/.linuxbrew/bin/python3.Xt
#
# Where the commands come from:
#   - lib/homebrew.sh (shared with macos-homebrew) for the formula, its pinning and its messages.
#   - Homebrew's installation docs: on Linux the prefix is /home/linuxbrew/.linuxbrew (bottles
#     only pour there); the "untar anywhere" alternative install is a checkout of Homebrew/brew
#     with bin/brew linked into <prefix>/bin, which is what is done here instead of install.sh, so
#     the brew version is pinned and no installer script from HEAD runs. Requirements on Linux
#     (docs/Homebrew-on-Linux.md): a compiler, `sudo apt-get install build-essential procps curl file
#     git` on Debian or Ubuntu, the "Development Tools" group (gcc, gcc-c++, make) with procps-ng, curl,
#     file on Fedora and RHEL-like images; x86_64 or arm64. Without the compiler, a formula without a
#     bottle for the image (or a pinned formula_url) cannot build.
#   - Homebrew/brew Library/Homebrew/brew.sh, check-run-command-as-root: root is allowed in
#     Docker/Podman/Kubernetes containers (/.dockerenv, /run/.containerenv, the cgroup), so the
#     recipe runs brew as the container's root; elsewhere brew refuses, reported as unsupported.
#
# If `brew` is on PATH (or at /home/linuxbrew/.linuxbrew/bin/brew), it is used and nothing is
# cloned (brew_version and brew_git_remote then do not apply).
#
# GIL twin (FTMATRIX_BASELINE=twin): `brew install --formula python@3.X` (lib/homebrew.sh), reported as
#   $(brew --prefix)/opt/python@3.X/bin/python3.X.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   formula          default python-freethreading.
#   formula_url      pin the formula's version (see lib/homebrew.sh). Where it matters: the formula
#                    follows the newest Python, so for 3.13t an unpinned install ends in not-found
#                    as soon as it moved to 3.14 (the reference notes: it did).
#   brew_version     Homebrew/brew tag to check out, default 6.0.18.
#   brew_git_remote  default https://github.com/Homebrew/brew (a mirror for air-gapped CI).
#   bottle_domain    HOMEBREW_BOTTLE_DOMAIN mirror.
#   api_domain       HOMEBREW_API_DOMAIN mirror.
#
# Verified: fake-only (RecipeContractIT and TwinRecipeTest against a fake brew)
# Pin: homebrew 6.0.18 (source: Homebrew/brew tag 6.0.18)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/homebrew.sh
source "${BASH_SOURCE[0]%/*}/lib/homebrew.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly BREW_PIN=6.0.18
readonly BREW_PREFIX=/home/linuxbrew/.linuxbrew
readonly DEFAULT_BREW_REMOTE=https://github.com/Homebrew/brew
readonly GIT_NOT_FOUND_RE="Remote branch .* not found|not found in upstream|[Rr]epository .* not found|returned error: 404"
readonly GIT_NETWORK_RE="Could not resolve host|Failed to connect|unable to access|Connection refused|Connection reset|timed out|early EOF|RPC failed|The remote end hung up"

ftm_params_allow formula formula_url brew_version brew_git_remote bottle_domain api_domain
ftm_read_python_inputs
ftm_require_free_threaded

# Sets brew: the brew on PATH or in the Linux prefix, else a pinned checkout of Homebrew/brew.
find_or_install_brew() {
    local version remote rc=0 logfile
    if brew=$(command -v brew) || { brew="${BREW_PREFIX}/bin/brew" && [[ -x $brew ]]; }; then
        log "using the Homebrew already installed: ${brew}"
        return 0
    fi
    case $(uname -m) in
        x86_64 | aarch64) ;;
        *) ftm_fail unsupported "Homebrew on Linux supports x86_64 and arm64 only, not $(uname -m)" ;;
    esac
    version=$(ftm_param brew_version "$BREW_PIN")
    remote=$(ftm_param brew_git_remote "$DEFAULT_BREW_REMOTE")
    ftm_os_install "build-essential git curl ca-certificates procps file" "gcc gcc-c++ make git curl ca-certificates procps-ng file"
    mkdir -p -- "${BREW_PREFIX}/bin"
    log "git clone --depth 1 --branch ${version} ${remote}"
    logfile=$(ftm_log_path brew-clone)
    ftm_run_logged brew-clone git clone --quiet --depth 1 --branch "$version" -- "$remote" "${BREW_PREFIX}/Homebrew" || rc=$?
    ((rc == 0)) || ftm_fail_from_log "git clone ${remote} (${version})" "$rc" "$logfile" internal \
        not-found "$GIT_NOT_FOUND_RE" network "$GIT_NETWORK_RE"
    ln -sfn ../Homebrew/bin/brew "${BREW_PREFIX}/bin/brew"
    brew="${BREW_PREFIX}/bin/brew"
}

ftm_brew_env
find_or_install_brew
log "$("$brew" --version 2>&1 | head -n 1 || true)"
ftm_brew_install "$brew"
ftm_brew_locate "$brew"
ftm_check_interpreter "$FTM_BREW_INTERPRETER" internal "brew install $(ftm_param formula "$FTM_BREW_DEFAULT_FORMULA")"
if ftm_twin_wanted; then
    ftm_brew_install_twin "$brew"
fi
ftm_success "$FTM_BREW_INTERPRETER"
