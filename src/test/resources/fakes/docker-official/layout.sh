#!/usr/bin/env bash
# FAKE Docker official `python` image layout for ftmatrix contract tests: reproduces documented
# behaviour, never evidence.
#
# Usage, inside a test container: layout.sh MODE   (MODE as FTMATRIX_FAKE_MODE, see ../README.md)
# Lays out /usr/local/bin the way the official images do (CPython installed under /usr/local;
# python3.13, python3 and python), with a GIL interpreter (Debian's /usr/bin/python3.13), and:
#   not-found  nothing more: today's official images ship no free-threaded build
#              (docker-library/python#947 closed, #1082 open). The expected result.
#   success    also /usr/local/bin/python3.13t, the real free-threaded interpreter: a hypothetical
#              future tag, should #1082 land.
#   gil-build  /usr/local/bin/python3.13t is a GIL interpreter.
#   no-venv    /usr/local/bin/python3.13t is free-threaded but cannot make a venv.
#   network    not applicable: the recipe fetches nothing; exits 2.
# The image's PYTHON_VERSION variable cannot be set from here; the recipe does not need it when
# /usr/local/bin/python3 exists.
set -euo pipefail
here=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib/ftmatrix-fakes/fake-tool.sh
source "${FTMATRIX_FAKES_LIB:-${here}/../lib/ftmatrix-fakes/fake-tool.sh}"
FTMATRIX_FAKE_MODE=${1:-} fake_init docker-official-layout

if [[ $FAKE_MODE == network ]]; then
    echo "FAKE docker-official-layout: mode network does not apply to an image layout" >&2
    exit 2
fi
[[ -x $FAKE_GIL_PYTHON ]] || fake_die "${FAKE_GIL_PYTHON} is missing in this image (see ../README.md)"
rm -f /usr/local/bin/python /usr/local/bin/python3 /usr/local/bin/python3.*
fake_link /usr/local/bin/python3.13 "$FAKE_GIL_PYTHON"
ln -sfn python3.13 /usr/local/bin/python3
ln -sfn python3 /usr/local/bin/python
if [[ $FAKE_MODE != not-found ]]; then
    fake_link /usr/local/bin/python3.13t
fi
echo "FAKE docker-official-layout: /usr/local/bin has $(cd /usr/local/bin && echo python*)" >&2
