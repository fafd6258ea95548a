#!/usr/bin/env bash
# docker-official: a free-threaded CPython in the Docker official `python` image, if it has one.
# Platforms: debian
#
#   command -v python3.Xt  (in /usr/local/bin, where the official images install CPython)
#
# Nothing is installed: the method is "use the image". The official images ship GIL builds only:
# docker-library/python#947 "Is there a nogil container?" was closed as not planned "unless/until
# it is an officially recommended configuration", and docker-library/python#1082 "Provide 3.13t &
# 3.14t images" is open (Oct 2025; the build-matrix cost is the blocker). So on today's images this
# recipe looks for python3.Xt, does not find it, and says so as not-found, naming the GIL
# interpreter the image does have. It never reports that GIL interpreter instead: distro-apt is the
# matrix's negative control, this method's answer is "there is none". Should a future tag ship
# python3.Xt, the recipe reports it and the probe judges it.
#
# The image tag (python:3.13-slim-trixie, ...) is the matrix's `os` axis, not a parameter.
#
# Parameters: none.
# Verified: fake-only (RecipeContractIT with a fake /usr/local/bin layout; no python image here)
# Emits FTMATRIX-FAILURE categories: unsupported, not-found, internal.
#   unsupported: not an official python image (no /usr/local/bin/python3 and no PYTHON_VERSION).
#   not-found:   no python3.Xt (the expected result today), or one of another release.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib/common.sh
source "${BASH_SOURCE[0]%/*}/lib/common.sh"
ftm_init

readonly IMAGE_BIN=/usr/local/bin

# shellcheck disable=SC2119 # no keys: the recipe takes no parameters
ftm_params_allow
ftm_read_python_inputs
ftm_require_free_threaded

name="python${FTM_MINOR}t"
# The official Dockerfiles set PYTHON_VERSION in the image's environment.
image_version=${PYTHON_VERSION:-}
if [[ ! -x ${IMAGE_BIN}/python3 && -z $image_version ]]; then
    ftm_fail unsupported "not an official python image: no ${IMAGE_BIN}/python3 and no PYTHON_VERSION"
fi

interpreter=""
if [[ -x ${IMAGE_BIN}/${name} ]]; then
    interpreter="${IMAGE_BIN}/${name}"
elif interpreter=$(command -v "$name"); then
    :
fi
if [[ -z $interpreter ]]; then
    have=""
    if [[ -x ${IMAGE_BIN}/python3 ]]; then
        have=$("${IMAGE_BIN}/python3" -c 'import sys, sysconfig; print("%d.%d.%d, Py_GIL_DISABLED=%s" % (sys.version_info[:3] + (sysconfig.get_config_var("Py_GIL_DISABLED"),)))' 2>&1 || true)
    fi
    ftm_fail not-found "the image has no ${name}: the official python images ship no free-threaded" \
        "build (docker-library/python#947; #1082 open). It has ${IMAGE_BIN}/python3" \
        "(${have:-none}${image_version:+; PYTHON_VERSION=${image_version}})"
fi
ftm_check_interpreter "$interpreter" internal "the image's ${name}"
ftm_success "$interpreter"
