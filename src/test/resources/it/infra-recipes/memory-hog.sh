#!/usr/bin/env bash
# Test recipe for ConfinementIT: holds 300 MB in one shell variable, beyond the matrix's memory limit, so the kernel
# kills it. A recipe never prints a failure line for that: the orchestrator has to find out.
# Platforms: debian
set -u
hog=$(head -c 300000000 /dev/zero | tr '\0' x)
echo "held ${#hog} bytes"
