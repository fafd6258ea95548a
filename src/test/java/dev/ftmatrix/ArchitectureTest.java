package dev.ftmatrix;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of STYLE.md: one room per concept, data flowing one way, each library behind one door. From the
 * bottom: {@code matrix} (the model), {@code recipe} and {@code probe}; then two rooms that do not know each other,
 * {@code engine} (realising cells) and {@code results} (records, the journal on disk, merge and history); {@code run}
 * joins them (running a plan, resume, replay); {@code stats} and {@code report} read results; {@code cli} is on top.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ftmatrix");
    }

    @Test
    void dataFlowsOneWayFromMatrixToReport() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("matrix").definedBy("dev.ftmatrix.matrix..")
                .layer("recipe").definedBy("dev.ftmatrix.recipe..")
                .layer("probe").definedBy("dev.ftmatrix.probe..")
                .layer("engine").definedBy("dev.ftmatrix.engine..")
                .layer("results").definedBy("dev.ftmatrix.results..")
                .layer("run").definedBy("dev.ftmatrix.run..")
                .layer("stats").definedBy("dev.ftmatrix.stats..")
                .layer("report").definedBy("dev.ftmatrix.report..")
                .layer("cli").definedBy("dev.ftmatrix.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("stats").mayOnlyBeAccessedByLayers("report", "cli")
                .whereLayer("run").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("results").mayOnlyBeAccessedByLayers("run", "stats", "report", "cli")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("run", "cli")
                .whereLayer("probe").mayOnlyBeAccessedByLayers("engine", "results", "run", "stats", "report", "cli")
                .whereLayer("recipe").mayOnlyBeAccessedByLayers("engine", "results", "run", "stats", "report", "cli")
                .check(classes);
    }

    @Test
    void resultsNeverImportTheEngine() {
        noClasses().that().resideInAPackage("dev.ftmatrix.results..")
                .should().dependOnClassesThat().resideInAPackage("dev.ftmatrix.engine..")
                .check(classes);
    }

    @Test
    void onlyTheCliImportsPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.ftmatrix.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void snakeYamlStaysInTheMatrixPackage() {
        noClasses().that().resideOutsideOfPackage("dev.ftmatrix.matrix..")
                .should().dependOnClassesThat().resideInAPackage("org.yaml.snakeyaml..")
                .check(classes);
    }

    @Test
    void dockerJavaStaysInTheEngine() {
        noClasses().that().resideOutsideOfPackage("dev.ftmatrix.engine..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .check(classes);
    }

    @Test
    void theCoreNeverPrints() {
        noClasses().that().resideOutsideOfPackage("dev.ftmatrix.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }
}
