# shellcheck shell=bash
# Sourced first by the macOS host recipes, before lib/common.sh, which needs bash >= 4: macOS's /bin/bash is
# 3.2, so the recipe re-runs itself with Homebrew's bash when there is one. Written for bash 3.2.
if ((BASH_VERSINFO[0] < 4)); then
    for newer in /opt/homebrew/bin/bash /usr/local/bin/bash; do
        [[ ! -x $newer ]] || exec "$newer" "$0" # recipes take no arguments
    done
    echo "FTMATRIX-FAILURE: unsupported: ${0##*/} needs bash 4 or later (this is ${BASH_VERSION}); brew install bash"
    exit 3
fi
