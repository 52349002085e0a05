package dev.salespipeline.rules.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * The rules module's packages point one way; the public facts and outcomes never reach into internals;
 * nothing uses another module's internals.
 */
class RulesArchitectureTest {

    private static final JavaClasses RULES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.salespipeline.rules");

    @Test
    void packagesHaveNoCycle() {
        slices().matching("dev.salespipeline.(**)").should().beFreeOfCycles().check(RULES);
    }

    @Test
    void theFactsAndTheOutcomesNeverReferenceInternals() {
        noClasses().that().resideInAnyPackage("dev.salespipeline.rules.facts..", "dev.salespipeline.rules.outcome..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.salespipeline.rules.internal..",
                        "dev.salespipeline.rules")
                .check(RULES);
    }

    @Test
    void noOtherModulesInternalsAreUsed() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.salespipeline.core.internal..",
                "dev.salespipeline.importing.internal..").check(RULES);
    }
}
