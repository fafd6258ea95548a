#!/usr/bin/env bash
# Test recipe for DaemonRestartIT: runs long enough for the test to restart the daemon under it, then ends with the
# method's own verdict (there is no interpreter here), which the retry must reach.
# Platforms: debian
set -u
echo "slow-fail: started"
sleep 20
echo "FTMATRIX-FAILURE: contract: slow-fail finished its wait"
exit 1
