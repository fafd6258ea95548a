#!/usr/bin/env bash
# Test recipe for HugeOutputIT: prints 1 GiB of numbered lines, then the failure line a real recipe would end with,
# so the verdict depends on the tail of the output surviving the size cap.
# Platforms: debian
set -u
echo "gigabyte: first line"
yes "gigabyte: filler line to make the output one gibibyte long" | head -c 1073741824
echo
echo "gigabyte: last line"
echo "FTMATRIX-FAILURE: contract: printed 1 GiB and stopped"
exit 1
