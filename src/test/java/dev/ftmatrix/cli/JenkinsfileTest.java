package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftmatrix.cli.JenkinsPipeline.Call;
import dev.ftmatrix.cli.JenkinsPipeline.FtmatrixStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jenkinsfile at the repository root, read with the Groovy parser (no Jenkins here): every ftmatrix command
 * line it runs is accepted by the real command definitions, and its shape keeps the rules of a reliability run.
 */
class JenkinsfileTest {
    /** Sample values for the Groovy placeholders of the Jenkinsfile's commands; each one is tried. */
    private static final Map<String, List<String>> SAMPLES = Map.of(
            "matrix", List.of("matrices/tiers.yaml"),
            "shard", List.of("1", "2"),
            "n", List.of("2", "3"),
            "repeats", List.of("", "--repeats 5"));

    private static JenkinsPipeline jenkinsfile;

    @BeforeAll
    static void parseTheJenkinsfile() throws Exception {
        jenkinsfile = JenkinsPipeline.parse(Files.readString(Path.of("Jenkinsfile")), SAMPLES);
    }

    private static JenkinsPipeline snippet(String steps) {
        return JenkinsPipeline.parse("pipeline { agent any\n stages { stage('s') { steps {\n" + steps
                + "\n} } } }", SAMPLES);
    }

    private static List<FtmatrixStep> steps(String subcommand) {
        return jenkinsfile.ftmatrixSteps().stream().filter(s -> subcommand.equals(s.subcommand())).toList();
    }

    @Test
    void everyFtmatrixCommandLineIsAcceptedByTheRealCommands() {
        assertThat(jenkinsfile.problems()).isEmpty();
        assertThat(jenkinsfile.ftmatrixSteps()).extracting(FtmatrixStep::written).containsExactly(
                "./ftmatrix --version",
                "./ftmatrix validate ${matrix}",
                "./ftmatrix plan ${matrix} ${repeats}",
                "./ftmatrix doctor --fix ${matrix}",
                "./ftmatrix run ${matrix} --shard ${shard}/${n} --out results/shard-${shard} --progress plain ${repeats}",
                "./ftmatrix merge results/shard-* --out results/merged",
                "./ftmatrix history import results/merged",
                "./ftmatrix report results/merged --out reports --history \"$FTMATRIX_HISTORY\"",
                "./ftmatrix report results/merged --out reports");
    }

    @Test
    void importsIntoTheHistoryOnlyInTheReportStageWithItsLocationFromACredential() {
        List<FtmatrixStep> imports = jenkinsfile.ftmatrixSteps().stream()
                .filter(s -> s.written().startsWith("./ftmatrix history")).toList();
        assertThat(imports).singleElement().satisfies(i -> {
            assertThat(i.call().insideCall("stage", "Report")).isTrue();
            assertThat(i.call().inside("withCredentials")).isTrue();
            assertThat(i.call().inside("retry")).isFalse();
        });
        assertThat(jenkinsfile.calls("withCredentials")).singleElement().satisfies(w -> assertThat(
                w.expression().getArguments().getText()).contains("variable:FTMATRIX_HISTORY"));
    }

    @Test
    void eachShardRunsItsPartIntoItsOwnDirectoryOnADockerAgent() {
        List<FtmatrixStep> runs = steps("run");
        assertThat(runs).hasSize(1);
        FtmatrixStep run = runs.get(0);
        assertThat(run.argumentLists()).contains(
                List.of("run", "matrices/tiers.yaml", "--shard", "1/2", "--out", "results/shard-1", "--progress", "plain"),
                List.of("run", "matrices/tiers.yaml", "--shard", "2/3", "--out", "results/shard-2", "--progress", "plain",
                        "--repeats", "5"));
        assertThat(run.call().insideCall("node", "docker")).isTrue();
        assertThat(run.call().inside("parallel")).isFalse();
        assertThat(jenkinsfile.calls("parallel")).singleElement().satisfies(p -> assertThat(p.inside("script")).isTrue());
        assertThat(steps("doctor")).singleElement()
                .satisfies(d -> assertThat(d.call().insideCall("node", "docker")).isTrue());
    }

    @Test
    void runsNightly() {
        assertThat(jenkinsfile.calls("cron")).singleElement().satisfies(cron -> {
            assertThat(cron.inside("triggers")).isTrue();
            assertThat(JenkinsPipeline.firstStringArgument(cron.expression()).split(" ")).hasSize(5);
        });
    }

    @Test
    void publishesTestResultsOnceFromTheMergedReport() {
        List<Call> junit = jenkinsfile.calls("junit");
        assertThat(junit).hasSize(1);
        assertThat(junit.get(0).expression().getArguments().getText()).contains("testResults:reports/junit.xml");
        assertThat(junit.get(0).inside("node")).isFalse();
        assertThat(junit.get(0).insideCall("stage", "Report")).isTrue();
        assertThat(jenkinsfile.calls("archiveArtifacts")).singleElement()
                .satisfies(a -> assertThat(a.expression().getArguments().getText()).contains("results/**,reports/**"));
        assertThat(jenkinsfile.assigned()).contains("currentBuild.description");
    }

    @Test
    void retriesInfrastructureStepsButNeverTheCells() {
        assertThat(jenkinsfile.retriedRuns()).isEmpty();
        for (String infrastructure : List.of("checkout", "stash")) {
            assertThat(jenkinsfile.calls(infrastructure)).as(infrastructure).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.inside("retry")).as("%s at line %d", infrastructure, c.line()).isTrue());
        }
        assertThat(jenkinsfile.calls("unstash")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.inside("retry")).as("unstash at line %d", c.line()).isTrue());
        assertThat(steps("doctor")).allSatisfy(d -> assertThat(d.call().inside("retry")).isTrue());
    }

    @Test
    void boundsTheBuildAndEachShardInTime() {
        List<Call> timeouts = jenkinsfile.calls("timeout");
        assertThat(timeouts).anySatisfy(t -> {
            assertThat(t.inside("options")).isTrue();
            assertThat(t.inside("stage")).isFalse();
        });
        assertThat(steps("run")).allSatisfy(run -> {
            Call timeout = timeouts.stream().filter(t -> run.call().enclosing().contains(t.expression())).findFirst()
                    .orElseThrow(() -> new AssertionError("no timeout around " + run.written()));
            assertThat(timeout.inside("node")).isTrue();
        });
    }

    @Test
    void rejectsAMisspeltOption() {
        JenkinsPipeline p = snippet("sh \"./ftmatrix run ${matrix} --shards ${shard}/${n}\"");
        assertThat(p.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .startsWith("line 3: ftmatrix rejects `./ftmatrix run matrices/tiers.yaml --shards ")
                .contains("Unknown options: '--shards'"));
        assertThat(snippet("sh './ftmatrix merge results/a --output results/m'").problems()).containsExactly(
                "line 3: ftmatrix rejects `./ftmatrix merge results/a --output results/m`: Missing required option:"
                        + " '--out=DIR'");
    }

    @Test
    void rejectsAValueTheRealConverterRefuses() {
        assertThat(snippet("sh './ftmatrix run m.yaml --shard 3/2'").problems()).containsExactly(
                "line 3: ftmatrix rejects `./ftmatrix run m.yaml --shard 3/2`: Invalid value for option '--shard':"
                        + " '3/2': shard index must be between 1 and 2");
    }

    @Test
    void rejectsWhatItCannotInterpretInsteadOfSkippingIt() {
        assertThat(snippet("sh './ftmatrix run $(ls matrices)'").problems()).containsExactly(
                "line 3: cannot interpret `./ftmatrix run $(ls matrices)`: shell syntax '$' is not a plain word");
        assertThat(snippet("sh \"./ftmatrix run ${params.OTHER}\"").problems()).containsExactly(
                "line 3: no sample value for ${params.OTHER} in ./ftmatrix run ${params.OTHER}");
        assertThat(snippet("sh 'cd x && ./ftmatrix run m.yaml'").problems()).singleElement().asString()
                .startsWith("line 3: cannot interpret `cd x && ./ftmatrix run m.yaml`");
        assertThat(snippet("sh command").problems()).containsExactly(
                "line 3: sh takes no string this test can read: command");
        assertThatThrownBy(() -> snippet("sh './ftmatrix run m.yaml'\n}")).isInstanceOf(CompilationFailedException.class);
    }

    @Test
    void findsRetriesAroundRunningTheCells() {
        assertThat(snippet("retry(2) { sh './ftmatrix run m.yaml' }").retriedRuns())
                .containsExactly("line 3: ./ftmatrix run m.yaml inside retry");
        assertThat(snippet("script { retry(2) { parallel branches } }").retriedRuns())
                .containsExactly("line 3: parallel inside retry");
        assertThat(JenkinsPipeline.parse("""
                pipeline { agent any
                  stages { stage('cells') {
                    options { retry(2) }
                    steps { sh "./ftmatrix run ${matrix}" }
                  } }
                }""", SAMPLES).retriedRuns()).containsExactly("line 3: retry option on stage, which runs cells");
        assertThat(snippet("retry(2) { sh './ftmatrix doctor --fix m.yaml' }").retriedRuns()).isEmpty();
    }
}
