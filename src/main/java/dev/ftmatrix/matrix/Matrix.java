package dev.ftmatrix.matrix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated matrix definition. Build one with {@link Matrices#load}. {@code retries}: how often a cell that met an
 * infrastructure error is run again; {@code limits}: each container's, unless its method gives its own.
 */
public record Matrix(
        Path source,
        String name,
        List<PythonVersion> python,
        int repeats,
        Duration timeout,
        int parallel,
        NetworkMode network,
        List<OsSpec> os,
        List<MethodSpec> methods,
        List<Exclude> exclude,
        Smoke smoke,
        int retries,
        ResourceLimits limits) {
    public Matrix {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        python = List.copyOf(python);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(network, "network");
        os = List.copyOf(os);
        methods = List.copyOf(methods);
        exclude = List.copyOf(exclude);
        Objects.requireNonNull(smoke, "smoke");
        Objects.requireNonNull(limits, "limits");
    }
}
