#!/usr/bin/env bash
# FAKE manylinux image layout for ftmatrix contract tests: reproduces documented behaviour, never
# evidence.
#
# Usage, inside a test container: layout.sh MODE   (MODE as FTMATRIX_FAKE_MODE, see ../README.md)
# Lays out /opt/python the way a manylinux image does (cibuildwheel's build-platforms.toml:
# cp313t-manylinux_x86_64 -> /opt/python/cp313-cp313t), replacing what was there:
#   success    cp310-cp310 ... cp314-cp314t with cp313-cp313t/bin/python the real free-threaded
#              interpreter: an image tagged before 2026-05-07, e.g. 2025.10.10-1.
#   not-found  the listing of a current tag: cp314-cp314t and cp315-cp315t, no cp313-cp313t
#              (pypa/manylinux#1882, #1940; pytorch/pytorch#182949).
#   gil-build  cp313-cp313t/bin/python is a GIL interpreter.
#   no-venv    cp313-cp313t/bin/python is free-threaded but cannot make a venv.
#   network    not applicable: the recipe fetches nothing (pulling the image is the engine's
#              business); exits 2.
# Only cp313-cp313t and cp313-cp313 hold an interpreter; the other directories are there for the listing.
# cp313-cp313/bin/python (the GIL twin) is $FTMATRIX_FAKE_GIL_PYTHON in every mode, unless
# FTMATRIX_FAKE_TWIN_MODE=not-found leaves it empty.
set -euo pipefail
here=$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib/ftmatrix-fakes/fake-tool.sh
source "${FTMATRIX_FAKES_LIB:-${here}/../lib/ftmatrix-fakes/fake-tool.sh}"
FTMATRIX_FAKE_MODE=${1:-} fake_init manylinux-layout

if [[ $FAKE_MODE == network ]]; then
    echo "FAKE manylinux-layout: mode network does not apply to an image layout" >&2
    exit 2
fi
rm -rf /opt/python
if [[ $FAKE_MODE == not-found ]]; then
    tags=(cp310-cp310 cp311-cp311 cp312-cp312 cp313-cp313 cp314-cp314 cp314-cp314t cp315-cp315 cp315-cp315t)
else
    tags=(cp310-cp310 cp311-cp311 cp312-cp312 cp313-cp313 cp313-cp313t cp314-cp314 cp314-cp314t)
fi
for tag in "${tags[@]}"; do
    mkdir -p "/opt/python/${tag}/bin"
done
if [[ $FAKE_MODE != not-found ]]; then
    fake_link /opt/python/cp313-cp313t/bin/python
    ln -sfn python /opt/python/cp313-cp313t/bin/python3.13t
fi
if [[ $(fake_twin_mode) == success ]]; then
    fake_link /opt/python/cp313-cp313/bin/python "$FAKE_GIL_PYTHON"
    ln -sfn python /opt/python/cp313-cp313/bin/python3.13
fi
echo "FAKE manylinux-layout: /opt/python has ${tags[*]}" >&2
