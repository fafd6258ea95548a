package dev.ftmatrix.matrix;

/** A combination to leave out; a null field matches anything. */
public record Exclude(String os, String method, String python) {
    public boolean matches(String osId, String methodId, PythonVersion version) {
        return (os == null || os.equals(osId))
                && (method == null || method.equals(methodId))
                && (python == null || python.equals(version.toString()));
    }
}
