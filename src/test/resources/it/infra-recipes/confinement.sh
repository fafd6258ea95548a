#!/usr/bin/env bash
# Test recipe for ConfinementIT: reports how the cell's container is confined, as seen from inside, then fails on
# purpose (there is no interpreter to probe).
# Platforms: debian
set -u
echo "cap-eff: $(awk '/^CapEff:/ {print $2}' /proc/self/status)"
echo "no-new-privs: $(awk '/^NoNewPrivs:/ {print $2}' /proc/self/status)"
if [ -e /var/run/docker.sock ] || [ -e /run/docker.sock ]; then
    echo "docker-sock: present"
else
    echo "docker-sock: absent"
fi
if [ -f /sys/fs/cgroup/memory.max ]; then
    echo "memory: $(cat /sys/fs/cgroup/memory.max)"
    echo "pids: $(cat /sys/fs/cgroup/pids.max)"
    echo "cpu: $(cat /sys/fs/cgroup/cpu.max)"
else
    echo "memory: $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
    echo "pids: $(cat /sys/fs/cgroup/pids/pids.max)"
    echo "cpu: $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"
fi
echo "FTMATRIX-FAILURE: contract: this recipe only reports the container's confinement"
exit 1
