#!/usr/bin/env bash
# distro-apt: the distribution's own python3.X package, installed with apt.
# Platforms: debian ubuntu
#
#   apt-get update
#   apt-get install --no-install-recommends python3.X python3.X-venv
#   -> /usr/bin/python3.X
#
# This is the matrix's NEGATIVE CONTROL. Debian ships no free-threaded binary package in any
# suite (environment.md: no python3.13-nogil, no python3.13t), so for `python: 3.13t` this recipe
# installs, and reports, the GIL build /usr/bin/python3.13. It is expected to succeed here and
# then to fail the probe's free-threading check; it never looks for a `t` interpreter elsewhere.
# python3.X-venv is installed because Debian splits ensurepip (and so `-m venv` with pip) out
# of python3.X.
#
# Accepts X.Y and X.Yt (the package is the same). With a patch version (3.13.5t) the installed
# interpreter must be that release, otherwise the result is not-found.
#
# Parameters: none.
# Verified: real-upstream (QuickstartIT: Debian's python3.13 from Debian's archive, caught as NOT_FREE_THREADED)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, internal.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
ftm_init

# shellcheck disable=SC2119 # no keys: the recipe takes no parameters
ftm_params_allow
ftm_read_python_inputs

package="python${FTM_MINOR}"
interpreter="/usr/bin/python${FTM_MINOR}"

if ((FTM_FREE_THREADED == 1)); then
    log "matrix asks for ${FTM_PYTHON}; installing the distro's ${package}, which is a GIL build (negative control)"
fi
ftm_apt_update
ftm_apt_install "$package" "${package}-venv"

[[ -x $interpreter ]] || ftm_fail internal "package ${package} installed but ${interpreter} is missing"
if ! installed=$("$interpreter" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>&1); then
    ftm_fail internal "${interpreter} does not run: ${installed}"
fi
log "installed ${interpreter}: CPython ${installed}"
if [[ -n $FTM_PATCH && $installed != "$FTM_PATCH" ]]; then
    ftm_fail not-found "the distro's ${package} is CPython ${installed}, not ${FTM_PATCH}"
fi
ftm_success "$interpreter"
