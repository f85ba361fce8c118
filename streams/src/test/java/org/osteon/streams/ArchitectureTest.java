package org.osteon.streams;

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
                .importPackages("org.osteon.streams");
    }

    @Test
    void shouldKeepPixelMedInsideTheDicomPackage() {
        noClasses().that().resideOutsideOfPackage("org.osteon.streams.dicom..")
                .should().dependOnClassesThat().resideInAPackage("com.pixelmed..")
                .check(classes);
    }

    @Test
    void shouldNotDependOnOtherDeployables() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.osteon.scoring..", "org.osteon.worklist..")
                .check(classes);
    }

    @Test
    void shouldKeepTheTopologyIndependentOfTheGateway() {
        noClasses().that().resideInAPackage("org.osteon.streams.topology..")
                .should().dependOnClassesThat().resideInAPackage("org.osteon.streams.gateway..")
                .check(classes);
    }

    @Test
    void shouldKeepDicomAPlainLibrary() {
        noClasses().that().resideInAPackage("org.osteon.streams.dicom..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "jakarta..", "io.quarkus..")
                .check(classes);
    }
}
