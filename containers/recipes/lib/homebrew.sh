# shellcheck shell=bash
# Homebrew's free-threaded CPython formula: the steps homebrew (Linux containers) and
# macos-homebrew (macOS agents) share. Sourced after lib/common.sh, never run on its own.
#
#   ftm_brew_env         Homebrew's environment for an unattended, reproducible install
#   ftm_brew_install     brew install --formula <formula> (optionally pinned through a local tap)
#   ftm_brew_locate      $(brew --prefix)/bin/python3.Xt  -> FTM_BREW_INTERPRETER
#   ftm_brew_install_twin  brew install --formula python@X.Y, the GIL twin (lib/twin.sh)
#
# Where the commands come from:
#   - The py-free-threading guide: `brew install python-freethreading`, giving
#     $(brew --prefix)/bin/python3.13t (now python3.14t: the formula has `livecheck { formula
#     "python" }`, so it follows the newest Python; Homebrew/homebrew-core
#     Formula/p/python-freethreading.rb, bottles for macOS, x86_64_linux and arm64_linux).
#   - Homebrew's manpage/environment docs: HOMEBREW_NO_AUTO_UPDATE (the formula version is the one
#     the API serves, not a moving `brew update`), HOMEBREW_BOTTLE_DOMAIN and HOMEBREW_API_DOMAIN
#     (mirrors, as used for Homebrew mirrors in China), `brew tap-new --no-git` for a local tap.
#   - Failure text: `Error: No available formula with the name "<name>".`; on a network failure
#     `curl: (6) Could not resolve host: ghcr.io`, `Error: Failed to download resource "<name>"`,
#     `Download failed: https://ghcr.io/v2/homebrew/core/...` (msitarzewski/brew-browser#34,
#     Homebrew/homebrew-core#83571 for a 404); brew.sh refuses root outside containers with
#     "Running Homebrew as root is extremely dangerous and no longer supported."
#
#   - The GIL twin: python@X.Y (homebrew-core Formula/p/python@3.13.rb, python@3.14.rb, python@3.15.rb). There is
#     one free-threaded formula, python-freethreading.rb, and no python-freethreading@X.Y: it follows the newest
#     Python (`livecheck { formula "python" }`), and its configure arguments are python@X.Y's plus `--disable-gil`
#     (and, on macOS, `--with-framework-name=PythonT`), so python@X.Y of the same release is its twin. Its
#     interpreter is $(brew --prefix)/opt/python@X.Y/bin/python3.X (the opt link Homebrew keeps for every formula;
#     the formula's sitecustomize sets sys.executable to it), not <prefix>/bin, where a python.org install may also
#     put python3.X on Intel macOS (/usr/local/bin). With formula_url the free-threaded formula is pinned but
#     python@X.Y is not: when their releases differ, the twin is reported as not the same release.
#
# Parameters these functions read (the recipes list them too):
#   formula        the formula, default python-freethreading.
#   formula_url    pin: a formula file (e.g. homebrew-core's Formula/p/python-freethreading.rb at the
#                  commit of a 3.13.x release, as a raw URL or file://). It is put in a local tap
#                  (ftmatrix/pinned) and installed from there; without a matching bottle Homebrew
#                  builds it from source. Default: none, the formula as the API serves it today.
#   bottle_domain  HOMEBREW_BOTTLE_DOMAIN (bottle mirror). Default: Homebrew's (ghcr.io).
#   api_domain     HOMEBREW_API_DOMAIN (formula API mirror). Default: Homebrew's.

readonly FTM_BREW_DEFAULT_FORMULA=python-freethreading
readonly FTM_BREW_PIN_TAP=ftmatrix/pinned
readonly FTM_BREW_ROOT_RE="Running Homebrew as root"
readonly FTM_BREW_NOT_FOUND_RE="No available formula|No formulae found|returned error: 404|HTTP/[0-9.]+ 404|Error 404"
readonly FTM_BREW_NETWORK_RE="Failed to download resource|Download failed|curl: \([0-9]+\)|Could not resolve host|Failed to connect|Connection refused|Connection reset|timed out|Network is unreachable|SSL_ERROR|SSL_connect"
readonly FTM_BREW_BUILD_RE="BuildError|An exception occurred within a child process|Failed to build|make: \*\*\*"

ftm_brew_env() {
    export HOMEBREW_NO_AUTO_UPDATE=1 HOMEBREW_NO_ANALYTICS=1 HOMEBREW_NO_ENV_HINTS=1
    export HOMEBREW_NO_INSTALL_CLEANUP=1 HOMEBREW_NO_INSTALLED_DEPENDENTS_CHECK=1 HOMEBREW_NO_COLOR=1
    if [[ -n $(ftm_param bottle_domain) ]]; then
        export HOMEBREW_BOTTLE_DOMAIN
        HOMEBREW_BOTTLE_DOMAIN=$(ftm_param bottle_domain)
        log "HOMEBREW_BOTTLE_DOMAIN=${HOMEBREW_BOTTLE_DOMAIN}"
    fi
    if [[ -n $(ftm_param api_domain) ]]; then
        export HOMEBREW_API_DOMAIN
        HOMEBREW_API_DOMAIN=$(ftm_param api_domain)
        log "HOMEBREW_API_DOMAIN=${HOMEBREW_API_DOMAIN}"
    fi
}

# ftm_brew_install <brew>: installs the formula (pinned through a local tap when formula_url is
# given). Failure categories: unsupported (brew refuses to run as root), not-found, network, build,
# internal.
ftm_brew_install() {
    local brew=$1 formula formula_url target tap_dir rc=0 logfile
    formula=$(ftm_param formula "$FTM_BREW_DEFAULT_FORMULA")
    formula_url=$(ftm_param formula_url)
    target=$formula
    if [[ -n $formula_url ]]; then
        log "pinning ${formula} to ${formula_url} through the local tap ${FTM_BREW_PIN_TAP}"
        logfile=$(ftm_log_path brew-tap-new)
        ftm_run_logged brew-tap-new "$brew" tap-new --no-git "$FTM_BREW_PIN_TAP" || rc=$?
        ((rc == 0)) || ftm_fail_from_log "brew tap-new ${FTM_BREW_PIN_TAP}" "$rc" "$logfile" internal \
            unsupported "$FTM_BREW_ROOT_RE"
        tap_dir="$("$brew" --repository "$FTM_BREW_PIN_TAP")/Formula"
        mkdir -p -- "$tap_dir"
        ftm_ensure_curl
        ftm_download "$formula_url" "${tap_dir}/${formula}.rb"
        target="${FTM_BREW_PIN_TAP}/${formula}"
    fi
    log "brew install --formula ${target}"
    logfile=$(ftm_log_path brew-install)
    ftm_run_logged brew-install "$brew" install --formula "$target" || rc=$?
    ((rc == 0)) || ftm_fail_from_log "brew install ${target}" "$rc" "$logfile" internal \
        unsupported "$FTM_BREW_ROOT_RE" not-found "$FTM_BREW_NOT_FOUND_RE" \
        network "$FTM_BREW_NETWORK_RE" build "$FTM_BREW_BUILD_RE"
}

# ftm_brew_locate <brew>: sets FTM_BREW_INTERPRETER to $(brew --prefix)/bin/python3.Xt. When the
# formula installed another minor (it follows the newest Python), that is not-found, with the
# version brew installed.
ftm_brew_locate() {
    local brew=$1 formula prefix installed
    formula=$(ftm_param formula "$FTM_BREW_DEFAULT_FORMULA")
    prefix=$("$brew" --prefix)
    FTM_BREW_INTERPRETER="${prefix}/bin/python${FTM_MINOR}t"
    if [[ ! -e $FTM_BREW_INTERPRETER ]]; then
        installed=$("$brew" list --versions "$formula" 2>/dev/null || true)
        ftm_fail not-found "brew install ${formula} left no ${FTM_BREW_INTERPRETER}; installed:" \
            "${installed:-nothing}. The formula follows the newest Python; pin it with formula_url"
    fi
}

# ftm_brew_install_twin <brew>: python@X.Y next to the free-threaded formula; reports the twin or why there is none
# (lib/twin.sh). Never fails the recipe.
ftm_brew_install_twin() {
    local brew=$1 formula="python@${FTM_MINOR}" prefix
    ftm_twin_install brew-install-gil "brew install --formula ${formula}" "$brew" install --formula "$formula" ||
        return 0
    prefix=$("$brew" --prefix)
    ftm_twin_check "${prefix}/opt/${formula}/bin/python${FTM_MINOR}" "brew install ${formula}"
}
