package io.profilesync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The main packages' dependency graph: no cycles, and layers from the readers up to the functions. A destination is
 * one package that no other destination, and nothing below the functions but the generic destination machinery, knows;
 * a function knows no other function.
 */
class PackageGraphTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.profilesync");

    private static final List<String> FUNCTIONS = List.of("splitter", "poster", "report", "callbacks", "export");

    @Test
    void thePackagesFormNoCycle() {
        slices().matching("io.profilesync.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theLayersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Functions").definedBy(FUNCTIONS.stream().map(name -> "io.profilesync." + name + "..").toArray(String[]::new))
                .layer("Run").definedBy("io.profilesync.run..", "io.profilesync.sync..", "io.profilesync.story..")
                .layer("Run guards").definedBy("io.profilesync.runguard..")
                .layer("Splitting").definedBy("io.profilesync.splitting..")
                .layer("Guards").definedBy("io.profilesync.guard..")
                .layer("Destinations").definedBy("io.profilesync.destination..")
                .layer("Transport").definedBy("io.profilesync.storage..", "io.profilesync.queue..")
                .layer("Batching").definedBy("io.profilesync.batching..")
                .layer("Mapping").definedBy("io.profilesync.mapping..")
                .layer("Ingest").definedBy("io.profilesync.ingest..")
                .layer("Foundation").definedBy("io.profilesync.common..", "io.profilesync.config..",
                        "io.profilesync.credentials..", "io.profilesync.logging..", "io.profilesync.metrics..")
                .whereLayer("Functions").mayNotBeAccessedByAnyLayer()
                .whereLayer("Run").mayOnlyBeAccessedByLayers("Functions")
                .whereLayer("Guards").mayOnlyBeAccessedByLayers("Functions")
                .whereLayer("Run guards").mayOnlyBeAccessedByLayers("Run", "Functions")
                .whereLayer("Splitting").mayOnlyBeAccessedByLayers("Run guards", "Run", "Functions")
                .whereLayer("Destinations").mayOnlyBeAccessedByLayers("Guards", "Splitting", "Run", "Functions")
                .whereLayer("Transport").mayOnlyBeAccessedByLayers("Destinations", "Run", "Functions")
                .whereLayer("Batching").mayOnlyBeAccessedByLayers("Transport", "Destinations", "Splitting", "Run", "Functions")
                .whereLayer("Mapping").mayOnlyBeAccessedByLayers("Destinations", "Splitting", "Run guards", "Run", "Functions")
                .whereLayer("Ingest").mayOnlyBeAccessedByLayers("Mapping", "Splitting", "Functions")
                .check(MAIN);
    }

    @Test
    void noFunctionKnowsAnother() {
        for (String function : FUNCTIONS) {
            String[] others = FUNCTIONS.stream().filter(other -> !other.equals(function))
                    .map(other -> "io.profilesync." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.profilesync." + function + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others).check(MAIN);
        }
    }

    @Test
    void noDestinationKnowsAnother() {
        slices().matching("io.profilesync.destination.(*)..").should().notDependOnEachOther().check(MAIN);
    }

    /** Only the functions that are about one destination's own capability know that destination. */
    @Test
    void onlyDestinationSpecificFunctionsKnowADestination() {
        noClasses().that().resideOutsideOfPackages("io.profilesync.destination.insider..", "io.profilesync.callbacks..")
                .should().dependOnClassesThat().resideInAPackage("io.profilesync.destination.insider..").check(MAIN);
        noClasses().that().resideOutsideOfPackages("io.profilesync.destination.evergage..", "io.profilesync.export..")
                .should().dependOnClassesThat().resideInAPackage("io.profilesync.destination.evergage..").check(MAIN);
        noClasses().that().resideOutsideOfPackage("io.profilesync.destination.xtremepush..")
                .should().dependOnClassesThat().resideInAPackage("io.profilesync.destination.xtremepush..").check(MAIN);
    }

    @Test
    void theSplittingCoreKnowsNoAws() {
        noClasses().that().resideInAnyPackage("io.profilesync.splitting..", "io.profilesync.runguard..", "io.profilesync.batching..",
                "io.profilesync.mapping..", "io.profilesync.ingest..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..").check(MAIN);
    }
}
