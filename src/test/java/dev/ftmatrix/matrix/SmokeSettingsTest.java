package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.BASE;
import static dev.ftmatrix.matrix.MatrixTexts.RECIPES;
import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Smoke packages and indexes as read into the model, and a method's own settings as its cells see them. */
class SmokeSettingsTest {
    private static final PackageSpec NUMPY = new PackageSpec("numpy", "numpy", "numpy", null);
    private static final PackageSpec CYTHON =
            new PackageSpec("cython>=3.1", "cython", "Cython", "Cython.__version__ >= '3.1'");
    private static final PackageSpec CFFI = new PackageSpec("cffi", "cffi", "cffi", null);

    @Test
    void defaultsToNoPackagesTheDefaultIndexAndWheelsOnly() {
        Matrix m = parse(BASE);

        assertThat(m.smoke()).isEqualTo(new Smoke(true, 4, List.of(), null, null, null, false,
                new Smoke.Timing(true, Smoke.Baseline.TWIN))).isEqualTo(Smoke.DEFAULT);
        assertThat(m.methods().get(0).smoke()).isEqualTo(SmokeOverride.NONE);
        assertThat(Matrices.expand(m)).extracting(Cell::smoke).containsExactly(Smoke.DEFAULT);
    }

    @Test
    void readsTimingOffAndNoBaselineForEveryCell() {
        Matrix m = parse(BASE + "smoke: { timing: false, baseline: none }\n");

        assertThat(Matrices.expand(m)).extracting(c -> c.smoke().timing())
                .containsOnly(new Smoke.Timing(false, Smoke.Baseline.NONE));
    }

    @Test
    void treatsEmptyPackageListsAsNoPackages() {
        assertThat(parse(BASE + "smoke: { packages: [] }\n").smoke()).isEqualTo(Smoke.DEFAULT);
        assertThat(parse(BASE + "smoke: { packages: }\n").smoke()).isEqualTo(Smoke.DEFAULT);
    }

    @Test
    void readsBothPackageFormsWithNormalizedNamesAndDerivedImports() {
        Matrix m = parse(BASE + """
                smoke:
                  packages:
                    - numpy
                    - { requirement: "cython>=3.1", import: Cython, check: "Cython.__version__ >= '3.1'" }
                    - Pydantic_Core>=2
                    - "requests[socks] >= 2, < 3"
                    - { requirement: zope.interface }
                    - { requirement: 3to2, import: lib3to2, check: "lib3to2 is not None" }
                    - { requirement: "PyYAML==6.*", import: yaml.cyaml }
                """);

        assertThat(m.smoke().packages()).containsExactly(
                NUMPY,
                CYTHON,
                new PackageSpec("Pydantic_Core>=2", "pydantic-core", "pydantic_core", null),
                new PackageSpec("requests[socks] >= 2, < 3", "requests", "requests", null),
                new PackageSpec("zope.interface", "zope-interface", "zope_interface", null),
                new PackageSpec("3to2", "3to2", "lib3to2", "lib3to2 is not None"),
                new PackageSpec("PyYAML==6.*", "pyyaml", "yaml.cyaml", null));
    }

    @Test
    void readsIndexesFindLinksAndAllowSdist() {
        Matrix m = parse(BASE + """
                smoke:
                  venv: false
                  threads: 8
                  index_url: http://127.0.0.1:8765/simple
                  extra_index_url: HTTPS://user@pypi.example:8443/simple/
                  find_links: https://example.org/wheels/
                  allow_sdist: yes
                """);

        assertThat(m.smoke()).isEqualTo(new Smoke(false, 8, List.of(), "http://127.0.0.1:8765/simple",
                "HTTPS://user@pypi.example:8443/simple/", "https://example.org/wheels/", true, Smoke.Timing.DEFAULT));
        assertThat(parse(BASE + "smoke: { find_links: /srv/wheels }\n").smoke().findLinks()).isEqualTo("/srv/wheels");
    }

    @Test
    void loadsTheIssueExampleWithAMethodOverride() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/matrix/smoke-packages.yaml").toURI());
        Matrix m = Matrices.load(file, RECIPES);
        Smoke matrixSmoke = new Smoke(true, 4, List.of(NUMPY, CYTHON), "http://127.0.0.1:8765/simple",
                "https://pypi.example/simple", "/srv/wheels", false, Smoke.Timing.DEFAULT);

        assertThat(m.smoke()).isEqualTo(matrixSmoke);
        assertThat(m.methods()).extracting(MethodSpec::smoke).containsExactly(
                SmokeOverride.NONE, new SmokeOverride(List.of(CFFI), null, null, null, true));
        assertThat(Matrices.expand(m)).extracting(Cell::id, Cell::smoke).containsExactly(
                tuple("debian-trixie/src/3.13t#1", matrixSmoke),
                tuple("debian-trixie/uv/3.13t#1", new Smoke(true, 4, List.of(CFFI),
                        "http://127.0.0.1:8765/simple", "https://pypi.example/simple", "/srv/wheels", true, Smoke.Timing.DEFAULT)));
    }

    @Test
    void givesEachMethodsCellsTheMatrixSmokeWithTheKeysTheMethodGivesReplaced() {
        Matrix m = parse("""
                name: override
                python: ["3.13t", "3.14t"]
                smoke:
                  venv: false
                  threads: 8
                  index_url: https://mirror.example/simple
                  packages: [numpy]
                os: [{ id: sid, image: "debian:sid" }]
                methods:
                  - { id: src, recipe: source-build, tier: 4 }
                  - id: uv
                    recipe: uv-python
                    tier: 1
                    smoke: { allow_sdist: true, packages: [ "cffi", "numpy>=2" ] }
                  - id: apt
                    recipe: distro-apt
                    tier: control
                    smoke:
                      packages: []
                      index_url: http://127.0.0.1:8765/simple
                      extra_index_url: https://pypi.org/simple
                      find_links: /srv/wheels
                  - id: conda
                    recipe: conda-forge
                    tier: 3
                    smoke:
                """);
        Smoke matrixSmoke = new Smoke(false, 8, List.of(NUMPY), "https://mirror.example/simple", null, null, false, Smoke.Timing.DEFAULT);
        Smoke uv = new Smoke(false, 8, List.of(CFFI, new PackageSpec("numpy>=2", "numpy", "numpy", null)),
                "https://mirror.example/simple", null, null, true, Smoke.Timing.DEFAULT);
        Smoke apt = new Smoke(false, 8, List.of(), "http://127.0.0.1:8765/simple", "https://pypi.org/simple",
                "/srv/wheels", false, Smoke.Timing.DEFAULT);

        Map<String, Smoke> byCell = new LinkedHashMap<>();
        Matrices.expand(m).forEach(c -> byCell.put(c.id(), c.smoke()));
        assertThat(byCell).containsExactly(
                Map.entry("sid/src/3.13t#1", matrixSmoke),
                Map.entry("sid/src/3.14t#1", matrixSmoke),
                Map.entry("sid/uv/3.13t#1", uv),
                Map.entry("sid/uv/3.14t#1", uv),
                Map.entry("sid/apt/3.13t#1", apt),
                Map.entry("sid/apt/3.14t#1", apt),
                Map.entry("sid/conda/3.13t#1", matrixSmoke),
                Map.entry("sid/conda/3.14t#1", matrixSmoke));
        assertThat(m.smoke()).isEqualTo(matrixSmoke);
    }

    @Test
    void appliesAnOverrideOnlyToTheKeysItGives() {
        Smoke base = new Smoke(true, 2, List.of(NUMPY), "https://a.example/simple", "https://b.example/simple",
                "/srv/wheels", true, Smoke.Timing.DEFAULT);

        assertThat(SmokeOverride.NONE.applyTo(base)).isEqualTo(base);
        assertThat(new SmokeOverride(List.of(), null, "https://c.example/simple", null, false).applyTo(base))
                .isEqualTo(new Smoke(true, 2, List.of(), "https://a.example/simple", "https://c.example/simple",
                        "/srv/wheels", false, Smoke.Timing.DEFAULT));
    }

    @Test
    void keepsTheShortConstructorForMethodsWithoutSmokeSettings() {
        assertThat(new MethodSpec("m", "source-build", Tier.of(4), Map.of(), List.of()).smoke())
                .isEqualTo(SmokeOverride.NONE);
        assertThat(Smoke.of(false, 8)).isEqualTo(new Smoke(false, 8, List.of(), null, null, null, false, Smoke.Timing.DEFAULT));
    }
}
