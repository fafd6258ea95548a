package dev.ftmatrix.matrix;

import static dev.ftmatrix.matrix.MatrixTexts.BASE;
import static dev.ftmatrix.matrix.MatrixTexts.parse;
import static dev.ftmatrix.matrix.MatrixTexts.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitsValidationTest {
    private static final long MIB = 1024L * 1024;

    @Test
    void appliesTheMatrixLimitsToEveryMethodAndAMethodsOwnInTheirPlace() {
        Matrix m = parse("""
                name: quickstart
                python: ["3.13t"]
                retries: 0
                limits: { memory: 2GiB, cpus: 1.5, pids: 512 }
                os:
                  - id: debian-trixie
                    image: debian:trixie
                methods:
                  - id: source-debian
                    recipe: source-build
                    tier: 4
                    limits: { memory: 6GiB }
                  - id: distro-apt
                    recipe: distro-apt
                    tier: control
                """);

        assertThat(m.retries()).isZero();
        assertThat(m.limits()).isEqualTo(new ResourceLimits(2048 * MIB, 1.5, 512));
        assertThat(m.methods().get(0).limits()).isEqualTo(new ResourceLimits(6144 * MIB, 1.5, 512));
        assertThat(m.methods().get(1).limits()).isEqualTo(m.limits());
    }

    @Test
    void defaultsToTwoRetriesAndFourGibibytesWithoutCpuLimit() {
        Matrix m = parse(BASE);

        assertThat(m.retries()).isEqualTo(2);
        assertThat(m.limits()).isEqualTo(new ResourceLimits(4096 * MIB, null, 4096));
    }

    @Test
    void rejectsUnknownLimitWithSuggestion() {
        assertThat(problems(BASE + "limits: { memroy: 4GiB }\n"))
                .containsExactly("m.yaml:10:11: limits: unknown key 'memroy'; did you mean 'memory'?");
    }

    @Test
    void rejectsSizesWithoutABinaryUnitAndOutOfRange() {
        assertThat(problems(BASE + "limits:\n  memory: 4GB\n")).containsExactly(
                "m.yaml:11:3: limits.memory: '4GB' is not a size; write a whole number with a binary unit,"
                        + " e.g. 512MiB or 4GiB");
        assertThat(problems(BASE + "limits:\n  memory: 16MiB\n")).containsExactly(
                "m.yaml:11:3: limits.memory: '16MiB' is too small; a cell needs at least 64MiB");
        assertThat(problems(BASE + "limits:\n  memory: 2TiB\n")).containsExactly(
                "m.yaml:11:3: limits.memory: '2TiB' is too large; use at most 1TiB");
    }

    @Test
    void rejectsCpusThatAreNotAPositiveNumber() {
        assertThat(problems(BASE + "limits:\n  cpus: two\n")).containsExactly(
                "m.yaml:11:3: limits.cpus: 'two' is not a number of CPUs; write it like 2 or 1.5");
        assertThat(problems(BASE + "limits:\n  cpus: 0\n")).containsExactly(
                "m.yaml:11:3: limits.cpus: '0' is out of range; use from 0.01 to 1024, or leave 'cpus' out for"
                        + " no CPU limit");
    }

    @Test
    void rejectsTooFewPids() {
        assertThat(problems(BASE + "limits:\n  pids: 10\n")).containsExactly(
                "m.yaml:11:3: limits.pids: '10' is too low; package managers and builds need at least 64 processes");
    }

    @Test
    void reportsAMethodsBadLimitAtItsPath() {
        assertThat(problems(BASE + "    limits:\n      pids: many\n")).containsExactly(
                "m.yaml:11:7: methods[0].limits.pids: expected a positive integer, got 'many'");
    }

    @Test
    void rejectsRetriesOutsideZeroToTen() {
        assertThat(problems(BASE + "retries: 11\n")).containsExactly(
                "m.yaml:10:1: retries: expected a whole number from 0 to 10, got '11'; 0 turns retries off");
        assertThat(problems(BASE + "retries: -1\n")).containsExactly(
                "m.yaml:10:1: retries: expected a whole number from 0 to 10, got '-1'; 0 turns retries off");
    }
}
