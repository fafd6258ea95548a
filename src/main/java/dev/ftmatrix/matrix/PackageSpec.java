package dev.ftmatrix.matrix;

import java.util.Objects;

/**
 * A package the smoke probe installs, imports and optionally checks.
 *
 * @param requirement the requirement specifier exactly as written, e.g. {@code cython>=3.1}
 * @param name the project name normalized as PEP 503 does, e.g. {@code pydantic-core}
 * @param importName the module the probe imports, e.g. {@code pydantic_core}
 * @param check a one-line Python expression that must be true after the import; null when there is none
 */
public record PackageSpec(String requirement, String name, String importName, String check) {
    public PackageSpec {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(importName, "importName");
    }
}
