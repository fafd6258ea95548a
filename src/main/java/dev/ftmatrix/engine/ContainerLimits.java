package dev.ftmatrix.engine;

/** Resource limits applied to every cell container. A source build with two jobs fits well within the defaults. */
public record ContainerLimits(long memoryBytes, long pids) {
    public static final ContainerLimits DEFAULT = new ContainerLimits(4L * 1024 * 1024 * 1024, 4096);
}
