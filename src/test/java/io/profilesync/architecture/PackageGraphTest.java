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
 * The main packages' dependency graph: no cycles, and layers from the readers up to the functions. A vendor is
 * one package that no other vendor, and nothing below the functions but the generic vendor machinery, knows;
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
                .layer("Vendors").definedBy("io.profilesync.vendor..")
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
                .whereLayer("Vendors").mayOnlyBeAccessedByLayers("Guards", "Splitting", "Run", "Functions")
                .whereLayer("Transport").mayOnlyBeAccessedByLayers("Vendors", "Run", "Functions")
                .whereLayer("Batching").mayOnlyBeAccessedByLayers("Transport", "Vendors", "Splitting", "Run", "Functions")
                .whereLayer("Mapping").mayOnlyBeAccessedByLayers("Vendors", "Splitting", "Run guards", "Run", "Functions")
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
    void noVendorKnowsAnother() {
        slices().matching("io.profilesync.vendor.(*)..").should().notDependOnEachOther().check(MAIN);
    }

    /** Only the functions that are about one vendor's own capability know that vendor. */
    @Test
    void onlyVendorSpecificFunctionsKnowAVendor() {
        noClasses().that().resideOutsideOfPackages("io.profilesync.vendor.insider..", "io.profilesync.callbacks..")
                .should().dependOnClassesThat().resideInAPackage("io.profilesync.vendor.insider..").check(MAIN);
        noClasses().that().resideOutsideOfPackages("io.profilesync.vendor.evergage..", "io.profilesync.export..")
                .should().dependOnClassesThat().resideInAPackage("io.profilesync.vendor.evergage..").check(MAIN);
        noClasses().that().resideOutsideOfPackage("io.profilesync.vendor.xtremepush..")
                .should().dependOnClassesThat().resideInAPackage("io.profilesync.vendor.xtremepush..").check(MAIN);
    }

    @Test
    void theSplittingCoreKnowsNoAws() {
        noClasses().that().resideInAnyPackage("io.profilesync.splitting..", "io.profilesync.runguard..", "io.profilesync.batching..",
                "io.profilesync.mapping..", "io.profilesync.ingest..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..").check(MAIN);
    }
}
