#!/usr/bin/env bash
# TEST recipe for LifecycleIT, not an install method: it installs nothing. It sleeps FTMATRIX_PARAM_SECONDS so a
# test can signal or kill a run while cells are in flight, then reports not-found, so a cell that runs to its end
# has a final result (INSTALL_FAILED) within seconds.
set -euo pipefail
sleep "${FTMATRIX_PARAM_SECONDS:?with: seconds is required}"
echo "FTMATRIX-FAILURE: not-found: the lifecycle test recipe installs nothing"
exit 1
