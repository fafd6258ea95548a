package dev.ftmatrix;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layout rules of STYLE.md: one room per concept, data flowing one way, each library behind one door. */
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
                .layer("stats").definedBy("dev.ftmatrix.stats..")
                .layer("report").definedBy("dev.ftmatrix.report..")
                .layer("cli").definedBy("dev.ftmatrix.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("stats").mayOnlyBeAccessedByLayers("report", "cli")
                .whereLayer("results").mayOnlyBeAccessedByLayers("stats", "report", "cli")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("results", "stats", "report", "cli")
                .whereLayer("probe").mayOnlyBeAccessedByLayers("engine", "results", "stats", "report", "cli")
                .whereLayer("recipe").mayOnlyBeAccessedByLayers("engine", "results", "stats", "report", "cli")
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
