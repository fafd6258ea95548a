#!/usr/bin/env bash
# manylinux: the free-threaded CPython that PyPA's manylinux/musllinux images bundle.
# Platforms: manylinux musllinux
#
#   /opt/python/cpXY-cpXYt/bin/python --version      (nothing is installed)
#
# Where the layout comes from:
#   - cibuildwheel's build-platforms.toml: identifier cp313t-manylinux_x86_64 has
#     path_str = "/opt/python/cp313-cp313t"; the py-free-threading guide: "These images have
#     python3.13t available".
#   - pypa/manylinux#1882 and PR #1884 (2026-05-07) dropped cp313t: pypa/manylinux#1940 reports
#     cp313-cp313t present in quay.io/pypa/manylinux_2_28_x86_64:2025.10.10-1 and missing from
#     :2026.05.07-2; pytorch/pytorch#182949 quotes "/bin/sh: /opt/python/cp313-cp313t/bin/python:
#     No such file or directory". On a current tag that absence is the expected result, reported as
#     not-found with the listing of /opt/python; the matrix pins the image tag (e.g. 2025.10.10-1)
#     to measure an image that has it. The image tag is the matrix's `os` axis, not a parameter.
#
# GIL twin (FTMATRIX_BASELINE=twin, lib/twin.sh): the same image's /opt/python/cpXY-cpXY/bin/python, built by the
#   same manylinux build scripts from the same release; nothing is installed, it is only reported.
#
# Parameters: none.
# Verified: fake-only (RecipeContractIT with a fake /opt/python layout; no manylinux image here)
# Emits FTMATRIX-FAILURE categories: unsupported, not-found, internal.
#   unsupported: an image without /opt/python (not a manylinux/musllinux image).
#   not-found:   /opt/python has no cpXY-cpXYt, or its interpreter is another patch release.
#   internal:    the interpreter is there but does not run.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/twin.sh
source "${BASH_SOURCE[0]%/*}/lib/twin.sh"
ftm_init

readonly PYTHONS_DIR=/opt/python

# shellcheck disable=SC2119 # no keys: the recipe takes no parameters
ftm_params_allow
ftm_read_python_inputs
ftm_require_free_threaded

tag="cp${FTM_MAJOR_NUM}${FTM_MINOR_NUM}"
interpreter="${PYTHONS_DIR}/${tag}-${tag}t/bin/python"

[[ -d $PYTHONS_DIR ]] ||
    ftm_fail unsupported "this image has no ${PYTHONS_DIR}: not a manylinux or musllinux image"
shopt -s nullglob
entries=("$PYTHONS_DIR"/*)
shopt -u nullglob
listing="${entries[*]##*/}"
log "${PYTHONS_DIR} has: ${listing:-nothing}"
if [[ ! -e $interpreter ]]; then
    why=""
    if [[ $tag == cp313 ]]; then
        why=" (manylinux dropped cp313t from images tagged 2026-05-07 and later, pypa/manylinux#1882; pin an older tag)"
    fi
    ftm_fail not-found "this image has no ${interpreter}${why}; ${PYTHONS_DIR} has: ${listing:-nothing}"
fi
ftm_check_interpreter "$interpreter" internal "the image's ${tag}-${tag}t"
if ftm_twin_wanted; then
    ftm_twin_check "${PYTHONS_DIR}/${tag}-${tag}/bin/python" "the image's ${tag}-${tag}"
fi
ftm_success "$interpreter"
