package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Executor;
import dev.ftmatrix.matrix.MethodSpec;
import dev.ftmatrix.matrix.NetworkMode;
import dev.ftmatrix.matrix.OsSpec;
import dev.ftmatrix.matrix.PythonVersion;
import dev.ftmatrix.matrix.Smoke;
import dev.ftmatrix.matrix.Tier;
import dev.ftmatrix.recipe.Recipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicabilityTest {
    private static final Recipe UV = new Recipe("uv", Path.of("uv.sh"), "0".repeat(64),
            List.of("debian", "host:linux", "host:macos"), List.of(), List.of(), List.of());

    private static Cell cell(OsSpec os) {
        return new Cell("m", os, new MethodSpec("uv", "uv", Tier.of(1), Map.of(), List.of()),
                PythonVersion.parseOrNull("3.14t"), 1, Duration.ofMinutes(5), NetworkMode.NONE, Smoke.DEFAULT);
    }

    @Test
    void aHostRowOfAnotherOsFamilyIsNotApplicableHere() {
        assertThat(Applicability.reason(cell(OsSpec.host("macos-15")), UV, "host:linux"))
                .isEqualTo("os 'macos-15' is a host:macos host row and this machine is host:linux; run it on a"
                        + " host:macos agent");
        assertThat(Applicability.reason(cell(OsSpec.host("macos-15")), UV, "host:macos")).isNull();
    }

    @Test
    void aHostRowWithoutFamilyIsThisMachineAndNeedsTheRecipeToSupportIt() {
        assertThat(Applicability.reason(cell(OsSpec.host("this-machine")), UV, "host:linux")).isNull();
        assertThat(Applicability.reason(cell(OsSpec.host("this-machine")), UV, "host:windows"))
                .isEqualTo("recipe uv supports debian host:linux host:macos, not host:windows (os 'this-machine')");
    }

    @Test
    void aContainerRowOfAFamilyTheRecipeDoesNotDeclareIsNotApplicable() {
        assertThat(Applicability.reason(cell(new OsSpec("fedora-43", "fedora:43")), UV, "host:linux"))
                .isEqualTo("recipe uv supports debian host:linux host:macos, not fedora (os 'fedora-43')");
        assertThat(Applicability.reason(cell(new OsSpec("debian-trixie", "debian:trixie")), UV, "host:linux")).isNull();
        assertThat(Applicability.reason(cell(new OsSpec("custom", "ftmatrix-test:1", Executor.CONTAINER, null)), UV,
                "host:linux")).as("an unknown family is not judged").isNull();
    }
}
