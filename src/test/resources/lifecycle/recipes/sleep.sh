#!/usr/bin/env bash
# TEST recipe for LifecycleIT, not an install method: it installs nothing. It sleeps FTMATRIX_PARAM_SECONDS so a
# test can signal or kill a run while cells are in flight, then reports not-found, so a cell that runs to its end
# has a final result (INSTALL_FAILED). A file 'lifecycle-fast' beside it (the test adds one to the containers
# directory before resuming, as the matrix may not change) skips the sleep.
# Platforms: debian
set -euo pipefail
seconds="${FTMATRIX_PARAM_SECONDS:?with: seconds is required}"
if [[ -e "${BASH_SOURCE[0]%/*}/lifecycle-fast" ]]; then
  seconds=0
fi
sleep "$seconds"
echo "FTMATRIX-FAILURE: not-found: the lifecycle test recipe installs nothing"
exit 1
