package org.osteon.scoring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering the build enforces, in the spirit of Kafka's import-control.xml. */
class ArchitectureTest {

    private static JavaClasses scoring;

    @BeforeAll
    static void importClasses() {
        scoring = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.osteon.scoring");
    }

    @Test
    void onlyTheDicomPackageShouldUsePixelMed() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.osteon.scoring.dicom..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.pixelmed..")
                .check(scoring);
    }

    @Test
    void scoringShouldNeverDependOnStreamsOrTheWorklistAdapter() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.osteon.streams..", "org.osteon.worklist..")
                .check(scoring);
    }

    @Test
    void preprocessingShouldNotDependOnInference() {
        noClasses()
                .that()
                .resideInAPackage("org.osteon.scoring.preprocess..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.osteon.scoring.inference..")
                .check(scoring);
    }

    @Test
    void onlyTheInferencePackageShouldUseOnnxRuntime() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.osteon.scoring.inference..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.onnxruntime..")
                .check(scoring);
    }

    /** Topics exist before this app starts: it never needs, or asks for, the right to create them. */
    @Test
    void shouldNotCreateTopics() {
        noClasses()
                .should()
                .beAssignableTo(org.osteon.platform.kafka.TopicCreator.class)
                .check(scoring);
    }
}
