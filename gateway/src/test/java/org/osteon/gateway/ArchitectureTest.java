package org.osteon.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering this module promises, checked by the build. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.osteon.gateway");
    }

    @Test
    void shouldNotDependOnOtherDeployables() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.osteon.streams..", "org.osteon.scoring..", "org.osteon.worklist..")
                .check(classes);
    }

    @Test
    void shouldKeepTheNetworkListenersApartFromEachOther() {
        noClasses()
                .that()
                .resideInAPackage("org.osteon.gateway.scp..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.osteon.gateway.stow..", "org.osteon.gateway.folder..")
                .check(classes);
    }
}
