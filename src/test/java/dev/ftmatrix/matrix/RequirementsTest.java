package dev.ftmatrix.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequirementsTest {

    @ParameterizedTest(name = "''{0}'' names ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "numpy | numpy",
            "cython>=3.1 | cython",
            "Pydantic_Core | Pydantic_Core",
            "numpy>=2,<3 | numpy",
            "numpy >= 2.0 , < 3 | numpy",
            "numpy==2.* | numpy",
            "numpy!=2.0.1 | numpy",
            "numpy~=2.1 | numpy",
            "numpy<=2.2 | numpy",
            "numpy>2 | numpy",
            "numpy<3 | numpy",
            "numpy===2.2.0+local | numpy",
            "torch==2.7.0+cpu | torch",
            "requests[socks,security]>=2 | requests",
            "requests [ socks ] | requests",
            "zope.interface | zope.interface",
            "a | a",
            "numpy==1!2.0.post1.dev3 | numpy"})
    void acceptsNamesWithExtrasAndVersionClauses(String requirement, String project) {
        assertThat(Requirements.projectName(requirement)).isEqualTo(project);
    }

    @ParameterizedTest(name = "rejects ''{0}''")
    @ValueSource(strings = {"", "numpy>>2", "numpy=2", "numpy>=", "numpy 2", "numpy>=2,", "-numpy", "numpy-",
            "numpy>=2.", "numpy; python_version < '3.14'", "pkg @ https://example.org/pkg.whl", "numpy (>=2)",
            "numpy[", " numpy", "numpy>=2 ", "numpy\n>=2", "https://example.org/numpy.whl", "num py"})
    void rejectsAnythingElse(String requirement) {
        assertThat(Requirements.projectName(requirement)).isNull();
    }

    @ParameterizedTest(name = "''{0}'' normalizes to ''{1}''")
    @CsvSource({"numpy, numpy", "Pydantic_Core, pydantic-core", "zope.interface, zope-interface",
            "Foo__Bar-.baz, foo-bar-baz", "NumPy, numpy"})
    void normalizesProjectNamesAsPep503Does(String project, String normalized) {
        assertThat(Requirements.normalize(project)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "''{0}'' is imported as ''{1}''")
    @CsvSource({"numpy, numpy", "pydantic-core, pydantic_core", "Pydantic_Core, pydantic_core",
            "zope.interface, zope_interface", "PyYAML, pyyaml"})
    void derivesTheImportNameFromTheProjectNameAsWritten(String project, String importName) {
        assertThat(Requirements.importName(project)).isEqualTo(importName);
    }

    @ParameterizedTest(name = "''{0}'' is a module name")
    @ValueSource(strings = {"yaml", "Cython", "_cffi_backend", "google.protobuf", "a1.b_2"})
    void acceptsDottedIdentifiersAsModuleNames(String module) {
        assertThat(Requirements.isModuleName(module)).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' is not a module name")
    @ValueSource(strings = {"", "my-mod", "3to2", "google.", ".yaml", "a..b", "yaml ", "class", "foo.import",
            "None"})
    void rejectsWhatCannotFollowImport(String module) {
        assertThat(Requirements.isModuleName(module)).isFalse();
    }
}
