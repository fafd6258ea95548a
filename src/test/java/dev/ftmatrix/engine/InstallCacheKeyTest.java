package dev.ftmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftmatrix.matrix.Cell;
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

class InstallCacheKeyTest {
    private static final ResolvedImage IMAGE = new ResolvedImage("debian:trixie", "sha256:i", "sha256:d");
    private static final Recipe RECIPE = new Recipe("source-build", Path.of("source-build.sh"), "f00",
            List.of("debian", "ubuntu"), List.of(), List.of(), List.of());

    private static String key(boolean timing, Smoke.Baseline baseline) {
        Cell cell = new Cell("m", new OsSpec("debian-trixie", "debian:trixie"),
                new MethodSpec("src", "source-build", Tier.of(4), Map.of("source", "debian"), List.of()),
                PythonVersion.parseOrNull("3.13t"), 1, Duration.ofMinutes(5), NetworkMode.HOST,
                Smoke.of(true, 4).withTiming(new Smoke.Timing(timing, baseline)));
        return InstallCache.key(IMAGE, RECIPE, cell);
    }

    @Test
    void anInstallWithItsTwinIsNotSharedWithOneWithout() {
        assertThat(key(true, Smoke.Baseline.TWIN)).isNotEqualTo(key(true, Smoke.Baseline.NONE));
        // Without timing the recipe is asked for no twin, as with baseline none.
        assertThat(key(false, Smoke.Baseline.TWIN)).isEqualTo(key(true, Smoke.Baseline.NONE))
                .isEqualTo(key(false, Smoke.Baseline.NONE));
    }
}
