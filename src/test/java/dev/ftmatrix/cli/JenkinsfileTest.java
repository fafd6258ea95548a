package dev.ftmatrix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ftmatrix.cli.JenkinsPipeline.Call;
import dev.ftmatrix.cli.JenkinsPipeline.FtmatrixStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jenkinsfile at the repository root, read with the Groovy parser (no Jenkins here): it parses with the Groovy
 * Jenkins runs, keeps to the declarative model, every ftmatrix command line it runs is accepted by the real command
 * definitions, and its shape keeps the rules of a reliability run. What only a real controller shows is listed in
 * the Jenkins page of the docs.
 */
class JenkinsfileTest {
    /** Sample values for the Groovy placeholders of the Jenkinsfile's commands; each one is tried. */
    private static final List<String> SELECTIONS = List.of("--executor container --shard 1/2",
            "--executor container --shard 2/3", "--executor host --only 'macos-*/*/*'");
    private static final Map<String, List<String>> SAMPLES = Map.of(
            "matrix", List.of("matrices/tiers.yaml"),
            "selection", SELECTIONS,
            "p.selection", SELECTIONS,
            "part", List.of("shard-1", "host-macos"),
            "repeats", List.of("", "--repeats 5"),
            "failOption", List.of("", "--fail-on control,ranking,regression,history,infra,incomplete"));

    private static String text;
    private static JenkinsPipeline jenkinsfile;

    @BeforeAll
    static void parseTheJenkinsfile() throws Exception {
        text = Files.readString(Path.of("Jenkinsfile"));
        jenkinsfile = JenkinsPipeline.parse(text, SAMPLES);
    }

    private static JenkinsPipeline snippet(String steps) {
        return JenkinsPipeline.parse("pipeline { agent any\n stages { stage('s') { steps {\n" + steps
                + "\n} } } }", SAMPLES);
    }

    private static List<FtmatrixStep> steps(String subcommand) {
        return jenkinsfile.ftmatrixSteps().stream().filter(s -> subcommand.equals(s.subcommand())).toList();
    }

    private static String arguments(Call c) {
        return c.expression().getArguments().getText();
    }

    @Test
    void parsesWithTheGroovyJenkinsRuns() throws Exception {
        assertThat(JenkinsGroovy.syntaxError(text)).isNull();
    }

    @Test
    void groovy3SyntaxThatJenkinsCannotParseIsCaught() throws Exception {
        // Lambdas and !in parse with Groovy 4 (the Walker's parser) but not with 2.4.21.
        String lambda = "pipeline { agent any\n stages { stage('s') { steps { script { [1].each(x -> echo(x)) } } } } }";
        JenkinsPipeline.parse(lambda, SAMPLES);
        assertThat(JenkinsGroovy.syntaxError(lambda)).contains("Jenkinsfile: 2:");
        assertThat(JenkinsGroovy.syntaxError("boolean f(a, b) { return a !in b }")).isNotNull();
    }

    @Test
    void keepsToTheDeclarativeModel() {
        assertThat(DeclarativeModel.problems(jenkinsfile.module())).isEmpty();
    }

    @Test
    void theDeclarativeCheckFindsWhatTheValidatorWouldRefuse() {
        assertThat(DeclarativeModel.problems(snippet("if (true) { echo 'x' }").module()))
                .containsExactly("line 3: Groovy outside script { } in steps (declarative steps are step calls only)");
        assertThat(DeclarativeModel.problems(snippet("retry(2) { String x = 'y' }").module()))
                .containsExactly("line 3: Groovy outside script { } in retry (declarative steps are step calls only)");
        assertThat(DeclarativeModel.problems(snippet("timeout(time: 1, unit: 'HOUR') { ech 'x' }").module()))
                .containsExactly("line 3: timeout unit 'HOUR' is not a TimeUnit (NANOSECONDS, MICROSECONDS,"
                        + " MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS)", "line 3: 'ech' is no step of the plugins"
                        + " this pipeline needs and no function of the file");
        assertThat(DeclarativeModel.problems(JenkinsPipeline.parse("pipeline { agent any\n options { timestamp() }\n"
                + " stages { stage('s') { stepz { echo 'x' } } } }", SAMPLES).module())).containsExactly(
                "line 2: 'timestamp' is not an option this pipeline may use (buildDiscarder, disableConcurrentBuilds,"
                        + " preserveStashes, retry, skipDefaultCheckout, timeout)",
                "line 3: 'stepz' is not a directive of stage s (allowed: agent, environment, failFast, input,"
                        + " options, parallel, post, stages, steps, tools, when)",
                "line 3: stage s needs exactly one of steps, stages, parallel",
                "line 2: 'timestamp' is no step of the plugins this pipeline needs and no function of the file",
                "line 3: 'stepz' is no step of the plugins this pipeline needs and no function of the file");
    }

    @Test
    void everyFtmatrixCommandLineIsAcceptedByTheRealCommands() {
        assertThat(jenkinsfile.problems()).isEmpty();
        // The pipeline's steps first, then those of the functions it calls (runPart).
        assertThat(jenkinsfile.ftmatrixSteps()).extracting(FtmatrixStep::written).containsExactly(
                "./ftmatrix --version",
                "./ftmatrix validate ${matrix}",
                "./ftmatrix plan ${matrix} ${p.selection} --format json ${repeats}",
                "./ftmatrix merge results/parts/* --out results/merged",
                "./ftmatrix history import results/merged",
                "./ftmatrix report results/merged --out reports --planned plans/*.json --history-from-env ${failOption}",
                // Once after a history problem, once without a history.
                "./ftmatrix report results/merged --out reports --planned plans/*.json ${failOption}",
                "./ftmatrix report results/merged --out reports --planned plans/*.json ${failOption}",
                "./ftmatrix doctor --fix ${matrix}",
                "timeout --kill-after=60s 585m ./ftmatrix run ${matrix} ${selection} --out results/parts/${part}"
                        + " --progress plain ${repeats}");
    }

    @Test
    void containerShardsAndHostRowsRunOnAgentsOfTheirOwnKindOnePerAgent() {
        FtmatrixStep run = steps("run").get(0);
        assertThat(run.argumentLists()).contains(
                List.of("run", "matrices/tiers.yaml", "--executor", "container", "--shard", "1/2", "--out",
                        "results/parts/shard-1", "--progress", "plain"),
                List.of("run", "matrices/tiers.yaml", "--executor", "host", "--only", "macos-*/*/*", "--out",
                        "results/parts/host-macos", "--progress", "plain", "--repeats", "5"));
        assertThat(run.call().inside("node")).isTrue();
        assertThat(run.call().inside("lock")).isTrue();
        assertThat(text).contains("[label: agentLabel('DOCKER_LABEL'), selection: \"--executor container --shard ${i}/${n}\"]",
                "[label: agentLabel('MACOS_LABEL'), selection: \"--executor host --only 'macos-*/*/*'\"]",
                "[label: agentLabel('WINDOWS_LABEL'), selection: \"--executor host --only 'windows-*/*/*'\"]");
        assertThat(jenkinsfile.calls("parallel")).singleElement().satisfies(p -> assertThat(p.inside("script")).isTrue());
        assertThat(jenkinsfile.calls("lock")).anySatisfy(l -> assertThat(arguments(l))
                .contains("resource:ftmatrix-agent-${env.NODE_NAME}"));
    }

    @Test
    void aPartsFailureIsCaughtSoReportRunsButAUsersAbortIsNot() {
        MethodNode runPart = jenkinsfile.module().getMethods().stream().filter(m -> m.getName().equals("runPart"))
                .findFirst().orElseThrow();
        List<?> statements = ((BlockStatement) runPart.getCode()).getStatements();
        TryCatchStatement guard = (TryCatchStatement) statements.get(statements.size() - 1);
        assertThat(guard.getCatchStatements()).singleElement().satisfies(c -> {
            assertThat(c.getExceptionType().getName()).isEqualTo("Throwable");
            assertThat(c.getCode().getText()).isEqualTo("{ if (this.abortedByUser(e)) { throw e };"
                    + " this.catchError([buildResult:FAILURE, stageResult:FAILURE], { ... }) }");
        });
        assertThat(jenkinsfile.calls("node")).allSatisfy(n -> assertThat(n.enclosing()).contains(
                jenkinsfile.calls("timeout").stream().filter(t -> arguments(t).contains("time:12"))
                        .findFirst().orElseThrow().expression()));
        assertThat(jenkinsfile.calls("catchError")).allSatisfy(c -> assertThat(arguments(c))
                .contains("buildResult:FAILURE"));
    }

    @Test
    void aRunStopsItselfBeforeJenkinsKillsItAndATimeoutIsAFailure() {
        FtmatrixStep run = steps("run").get(0);
        assertThat(run.limit()).containsExactly("timeout", "--kill-after=60s", "585m");
        assertThat(text).contains("if (status == 124 || status == 137) {");
        // 585 min plus 60 s to stop lies inside the 12 h bound of the part, so GNU timeout acts first.
        assertThat(jenkinsfile.calls("timeout")).noneSatisfy(t -> assertThat(t.inside("pipeline") && t.inside("options")
                && !t.inside("stage")).isTrue());
    }

    @Test
    void importsIntoTheHistoryUnderALockWithItsLocationOffTheCommandLine() {
        List<FtmatrixStep> imports = steps("history");
        assertThat(imports).singleElement().satisfies(i -> {
            assertThat(i.call().insideCall("stage", "Report")).isTrue();
            assertThat(i.call().inside("withCredentials")).isTrue();
            assertThat(i.call().inside("lock")).isTrue();
            assertThat(i.call().inside("retry")).isFalse();
        });
        assertThat(jenkinsfile.ftmatrixSteps()).noneSatisfy(s -> assertThat(s.written()).contains("FTMATRIX_HISTORY"));
        assertThat(jenkinsfile.calls("credentials")).singleElement().satisfies(c -> assertThat(arguments(c))
                .contains("name:HISTORY_CREDENTIALS", "StringCredentialsImpl"));
        assertThat(jenkinsfile.calls("unstable")).anySatisfy(u -> assertThat(arguments(u)).contains("history:"));
    }

    @Test
    void recipeSecretsAreBoundInEachPart() {
        assertThat(steps("run")).singleElement().satisfies(run -> assertThat(run.call().enclosing())
                .anySatisfy(c -> assertThat(c.getMethodAsString() + c.getArguments().getText())
                        .startsWith("withCredentials(this.recipeSecrets(), ")));
    }

    @Test
    void onlyTheDefaultBranchRunsNightlyAndOtherBranchesRunTheQuickMatrix() {
        assertThat(jenkinsfile.calls("cron")).singleElement().satisfies(cron -> {
            assertThat(cron.inside("triggers")).isTrue();
            assertThat(arguments(cron)).isEqualTo("((this.primaryBranch()) ? H 1 * * * : )");
        });
        assertThat(text).contains("String name = primaryBranch() ? 'MATRIX' : 'BRANCH_MATRIX'",
                "string(name: 'BRANCH_MATRIX', defaultValue: 'matrices/quickstart.yaml',");
    }

    @Test
    void publishesOnceFromTheMergedReportAndTheVerdictDecidesTheColour() {
        assertThat(jenkinsfile.calls("junit")).singleElement().satisfies(junit -> {
            assertThat(arguments(junit)).isEqualTo(
                    "([testResults:reports/junit.xml, skipMarkingBuildUnstable:true, keepProperties:true])");
            assertThat(junit.insideCall("stage", "Report")).isTrue();
        });
        assertThat(jenkinsfile.calls("publishHTML")).singleElement()
                .satisfies(h -> assertThat(arguments(h)).contains("reportFiles:report.html"));
        assertThat(jenkinsfile.calls("archiveArtifacts")).singleElement()
                .satisfies(a -> assertThat(arguments(a)).contains("results/merged/**,reports/**"));
        assertThat(jenkinsfile.calls("preserveStashes")).singleElement().satisfies(p -> assertThat(p.inside("options"))
                .isTrue());
        assertThat(jenkinsfile.assigned()).contains("currentBuild.description");
        assertThat(steps("report")).allSatisfy(r -> assertThat(r.argumentLists()).anySatisfy(a -> assertThat(a)
                .contains("--fail-on", "--planned")));
        assertThat(text).contains("if (status == 5) {", "} else if (status == 6 || !missing.isEmpty()) {");
    }

    @Test
    void retriesInfrastructureStepsButNeverTheCells() {
        assertThat(jenkinsfile.retriedRuns()).isEmpty();
        for (String infrastructure : List.of("checkout", "stash", "unstash")) {
            assertThat(jenkinsfile.calls(infrastructure)).as(infrastructure).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.inside("retry")).as("%s at line %d", infrastructure, c.line()).isTrue());
        }
        assertThat(steps("doctor")).allSatisfy(d -> assertThat(d.call().inside("retry")).isTrue());
    }

    @Test
    void rejectsAMisspeltOption() {
        JenkinsPipeline p = snippet("sh \"./ftmatrix run ${matrix} --shards ${selection}\"");
        assertThat(p.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .startsWith("line 3: ftmatrix rejects `./ftmatrix run matrices/tiers.yaml --shards ")
                .contains("Unknown option"));
        assertThat(snippet("sh './ftmatrix merge results/a --output results/m'").problems()).containsExactly(
                "line 3: ftmatrix rejects `./ftmatrix merge results/a --output results/m`: Missing required option:"
                        + " '--out=DIR'");
    }

    @Test
    void rejectsAValueTheRealConverterRefuses() {
        assertThat(snippet("sh './ftmatrix run m.yaml --shard 3/2'").problems()).containsExactly(
                "line 3: ftmatrix rejects `./ftmatrix run m.yaml --shard 3/2`: Invalid value for option '--shard':"
                        + " '3/2': shard index must be between 1 and 2");
        assertThat(snippet("sh 'timeout 5m 6m ./ftmatrix run m.yaml'").problems()).containsExactly(
                "line 3: `timeout 5m 6m ./ftmatrix run m.yaml`: timeout must be followed by its --options, one"
                        + " duration and ./ftmatrix");
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
