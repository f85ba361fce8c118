package org.osteon.schemas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The schemas module is the shared contract: it depends on no service and no framework. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.osteon");

    @Test
    void schemasDependOnNoServiceModule() {
        noClasses()
                .that()
                .resideInAnyPackage("org.osteon.schemas..", "org.osteon.events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.osteon.streams..",
                        "org.osteon.scoring..",
                        "org.osteon.worklist..",
                        "io.quarkus..",
                        "jakarta..",
                        "com.pixelmed..",
                        "ai.onnxruntime..")
                .check(CLASSES);
    }
}
