package dev.ftmatrix.matrix;

/**
 * What one cell's container may use: memory (swap included, so there is none beyond it), CPUs ({@code null}: no
 * limit) and processes. A source build with two jobs fits well within the defaults.
 */
public record ResourceLimits(long memoryBytes, Double cpus, long pids) {
    public static final ResourceLimits DEFAULT = new ResourceLimits(4L * 1024 * 1024 * 1024, null, 4096);

    public ResourceLimits {
        if (memoryBytes <= 0 || pids <= 0 || (cpus != null && cpus <= 0)) {
            throw new IllegalArgumentException("limits must be positive: " + memoryBytes + ", " + cpus + ", " + pids);
        }
    }

    /** These limits with the ones a method gives instead (a null member: not given). */
    ResourceLimits with(Long memory, Double cpusOverride, Long pidsOverride) {
        return new ResourceLimits(memory == null ? memoryBytes : memory, cpusOverride == null ? cpus : cpusOverride,
                pidsOverride == null ? pids : pidsOverride);
    }
}
