#!/usr/bin/env bash
# macos-python-org: the python.org macOS installer with its free-threaded choice (PythonT.framework), on a macOS agent.
# Platforms: host:macos
#
#   curl -O <base_url>/<X.Y.Z>/python-<release>-macos11.pkg
#   sudo -n installer -pkg python-<release>-macos11.pkg -applyChoiceChangesXML choicechanges.plist -target /
#   -> /Library/Frameworks/PythonT.framework/Versions/X.Y/bin/python3.Xt
#
# Where the commands come from:
#   - CPython Doc/using/mac.rst, "Installing using the command line": the free-threaded interpreter is an
#     installer choice, org.python.Python.PythonTFramework-X.Y, off by default, selected with a choice-changes
#     plist (choiceAttribute selected, attributeSetting 1) passed to `installer -applyChoiceChangesXML`; the other
#     choices keep their defaults, so the GIL Python.framework is installed too. The free-threaded interpreter is
#     /Library/Frameworks/PythonT.framework/Versions/X.Y/bin/python3.Xt. The py-free-threading guide
#     (docs/installing-cpython.md, macOS) gives the same commands.
#   - The download layout: https://www.python.org/ftp/python/<X.Y.Z>/python-<release>-macos11.pkg.
#   - `installer` must run as root. An agent runs recipes as its own user, so the recipe calls it through
#     `sudo -n` (never a password prompt) unless it is root already; an agent without password-less sudo is
#     unsupported. Its output: "installer: Package name is ...", "installer: Installing at base path /", then
#     "installer: The install was successful." or "installer: The install failed. (The Installer encountered an
#     error that caused the installation to fail. ...)" (as quoted in henri/installpkg#8).
#
# GIL twin (FTMATRIX_BASELINE=twin, lib/twin.sh): /Library/Frameworks/Python.framework/Versions/X.Y/bin/python3.X,
#   the same package's GIL framework. The package's default choices install it whether or not a twin is asked for
#   (Doc/using/mac.rst: only PythonTFramework is off by default), so nothing more is installed; with a twin asked
#   for, the recipe checks and reports it.
#
# Runs on the macOS agent itself, not in a container: the host executor starts it as a local process in a fresh
# temporary directory (FTMATRIX_WORK), with the same inputs and one result line as the container recipes. The
# frameworks are installed into /Library/Frameworks, which outlives the run as macos-homebrew's formula does; the
# host executor owns removing them. lib/common.sh needs bash >= 4; macOS's /bin/bash is 3.2, so the recipe re-runs
# itself with Homebrew's bash when there is one, as macos-homebrew does.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   version   full release, e.g. 3.14.7 or 3.15.0rc1. Default: the matrix's patch, else the pin for the minor
#             (lib/cpython-source.sh: 3.13 -> 3.13.15, 3.14 -> 3.14.7, 3.15 -> 3.15.2).
#   base_url  default https://www.python.org/ftp/python (python.org's layout: <base_url>/<X.Y.Z>/python-<release>-macos11.pkg;
#             a mirror or file:// directory for air-gapped agents).
#
# Verified: fake-only (MacosPythonOrgRecipeTest, MacosPythonOrgContractIT: a fake uname and installer)
# Pin: cpython 3.13.15 (source: python.org release 3.13.15)
# Pin: cpython 3.14.7 (source: python.org release 3.14.7)
# Pin: cpython 3.15.2 (source: Debian sid python3.15 3.15.2-1, which packages upstream 3.15.2)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
#   unsupported: not macOS; no password-less sudo; not a free-threaded Python of 3.13 or later.
#   not-found:   HTTP 404 for the release's .pkg (or a missing file:// path).
#   network:     the download failed.
#   build:       installer exited non-zero (its "The install failed." line is quoted), or left no python3.Xt.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/bash4.sh
source "${BASH_SOURCE[0]%/*}/lib/bash4.sh"
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/cpython-source.sh
source "${BASH_SOURCE[0]%/*}/lib/cpython-source.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

ftm_params_allow version base_url
ftm_read_python_inputs
ftm_require_free_threaded

[[ $(uname -s) == Darwin ]] || ftm_fail unsupported "macos-python-org runs on macOS agents only, not on $(uname -s)"
ftm_cpython_resolve_release
base_url=$(ftm_param base_url "$FTM_CPYTHON_DEFAULT_BASE_URL")
pkg="${FTM_WORK_ROOT}/python-${FTM_CPYTHON_RELEASE}-macos11.pkg"
ftm_download "${base_url%/}/${FTM_CPYTHON_RELEASE%%[abr]*}/${pkg##*/}" "$pkg"

choices="${FTM_WORK_ROOT}/choicechanges.plist"
cat >"$choices" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<array>
        <dict>
                <key>attributeSetting</key>
                <integer>1</integer>
                <key>choiceAttribute</key>
                <string>selected</string>
                <key>choiceIdentifier</key>
                <string>org.python.Python.PythonTFramework-${FTM_MINOR}</string>
        </dict>
</array>
</plist>
PLIST

declare -a as_root=()
if ((EUID != 0)); then
    sudo -n true 2>/dev/null ||
        ftm_fail unsupported "installer must run as root and this agent has no password-less sudo ('sudo -n true' failed)"
    as_root=(sudo -n)
fi
log "installer -pkg ${pkg##*/} -applyChoiceChangesXML ${choices##*/} -target /"
rc=0
ftm_run_logged installer "${as_root[@]}" installer -pkg "$pkg" -applyChoiceChangesXML "$choices" -target / || rc=$?
((rc == 0)) || ftm_fail_from_log "installer -pkg ${pkg##*/}" "$rc" "$(ftm_log_path installer)" build \
    build "The install failed"
interpreter="/Library/Frameworks/PythonT.framework/Versions/${FTM_MINOR}/bin/python${FTM_MINOR}t"
ftm_check_interpreter "$interpreter" build "installer -pkg ${pkg##*/}"
if ftm_twin_wanted; then
    ftm_twin_check "/Library/Frameworks/Python.framework/Versions/${FTM_MINOR}/bin/python${FTM_MINOR}" \
        "installer -pkg ${pkg##*/} (Python.framework)"
fi
ftm_success "$interpreter"
