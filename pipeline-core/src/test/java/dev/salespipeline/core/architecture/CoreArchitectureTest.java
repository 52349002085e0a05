package dev.salespipeline.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/** The core is pure Java and its packages point one way: a package never needs one that needs it back. */
class CoreArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.salespipeline.core");

    @Test
    void corePackagesHaveNoCycle() {
        slices().matching("dev.salespipeline.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void coreUsesOnlyTheJavaPlatform() {
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.salespipeline.core..")
                .check(CORE);
    }

    /** The model (opportunities, pipelines, evidence, money) knows nothing of services, gates or events. */
    @Test
    void theModelDoesNotDependOnWhatUsesIt() {
        noClasses().that().resideInAnyPackage("dev.salespipeline.core.opportunity..", "dev.salespipeline.core.pipeline..",
                        "dev.salespipeline.core.money..", "dev.salespipeline.core.evidence..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.salespipeline.core.transition..",
                        "dev.salespipeline.core.gate..", "dev.salespipeline.core.events..")
                .check(CORE);
    }
}
