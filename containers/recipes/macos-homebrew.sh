#!/usr/bin/env bash
# macos-homebrew: Homebrew's free-threaded CPython formula on a macOS agent (host executor).
# Platforms: host:macos
#
#   brew install --formula python-freethreading
#   -> $(brew --prefix)/bin/python3.Xt        (/opt/homebrew on Apple silicon, /usr/local on Intel)
#
# Runs on the macOS agent itself, not in a container: the host executor starts it as a local
# process in a fresh temporary directory, with the same inputs and the same one result line as
# the container recipes (containers/README.md). It uses the agent's Homebrew and never installs
# Homebrew (that needs sudo and an interactive licence step); an agent without brew is
# unsupported. Note that the formula is installed into the agent's Homebrew, which outlives the
# run; the host executor owns cleaning it up (`brew uninstall python-freethreading`).
#
# Where the commands come from: lib/homebrew.sh (shared with the Linux recipe `homebrew`); the
# py-free-threading guide lists Homebrew as the macOS route besides the python.org installer.
#
# lib/common.sh needs bash >= 4; macOS's /bin/bash is 3.2, so the recipe re-runs itself with
# Homebrew's bash when it was started by an older one.
#
# GIL twin (FTMATRIX_BASELINE=twin): `brew install --formula python@3.X` (lib/homebrew.sh), reported as
#   $(brew --prefix)/opt/python@3.X/bin/python3.X.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   formula, formula_url, bottle_domain, api_domain: as in lib/homebrew.sh (default formula
#   python-freethreading, unpinned; formula_url pins it).
#
# Verified: not-run-here (needs a macOS agent; TwinRecipeTest against a fake brew)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/bash4.sh
source "${BASH_SOURCE[0]%/*}/lib/bash4.sh"
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/homebrew.sh
source "${BASH_SOURCE[0]%/*}/lib/homebrew.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

ftm_params_allow formula formula_url bottle_domain api_domain
ftm_read_python_inputs
ftm_require_free_threaded

[[ $(uname -s) == Darwin ]] || ftm_fail unsupported "macos-homebrew runs on macOS agents only, not on $(uname -s)"
brew=""
for candidate in "$(command -v brew || true)" /opt/homebrew/bin/brew /usr/local/bin/brew; do
    if [[ -n $candidate && -x $candidate ]]; then
        brew=$candidate
        break
    fi
done
[[ -n $brew ]] || ftm_fail unsupported "this agent has no Homebrew (looked on PATH, /opt/homebrew, /usr/local)"
ftm_brew_env
log "$("$brew" --version 2>&1 | head -n 1 || true) at ${brew}"
ftm_brew_install "$brew"
ftm_brew_locate "$brew"
ftm_check_interpreter "$FTM_BREW_INTERPRETER" internal "brew install $(ftm_param formula "$FTM_BREW_DEFAULT_FORMULA")"
if ftm_twin_wanted; then
    ftm_brew_install_twin "$brew"
fi
ftm_success "$FTM_BREW_INTERPRETER"
