package org.osteon.worklist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osteon.schemas.key.Hkdf;
import org.osteon.schemas.key.PseudonymKeys;
import org.osteon.schemas.key.Pseudonymizer;

/** The worklist adapter's layering, checked by the build. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.osteon.worklist");
    }

    @Test
    void shouldNeverDependOnTheStreamsOrScoringApps() {
        noClasses()
                .that()
                .resideInAPackage("org.osteon.worklist..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.osteon.streams..", "org.osteon.scoring..")
                .check(classes);
    }

    @Test
    void shouldSeeThePseudonymsOnlyAsStudyKeys() {
        // The web tier holds the study-key secret alone: nothing here can make patient keys, UID
        // replacements or date shifts, nor derive keys from a master secret.
        noClasses()
                .that()
                .resideInAPackage("org.osteon.worklist..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Pseudonymizer.class, PseudonymKeys.class, Hkdf.class)
                .check(classes);
    }

    @Test
    void shouldKeepThePolicyFreeOfStorageIngestAndRest() {
        noClasses()
                .that()
                .resideInAPackage("org.osteon.worklist.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.osteon.worklist.store..",
                        "org.osteon.worklist.ingest..",
                        "org.osteon.worklist.rest..",
                        "org.osteon.worklist.publish..",
                        "java.sql..",
                        "javax.sql..",
                        "org.apache.kafka..",
                        "jakarta..")
                .check(classes);
    }

    @Test
    void shouldKeepJdbcOutOfTheRestLayer() {
        noClasses()
                .that()
                .resideInAPackage("org.osteon.worklist.rest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..")
                .check(classes);
    }

    @Test
    void shouldKeepKafkaClientsOutOfTheRestLayer() {
        noClasses()
                .that()
                .resideInAPackage("org.osteon.worklist.rest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .check(classes);
    }

    @Test
    void shouldKeepHapiInTheWritebackAdaptersTheDiagnosisListenerAndTheDevelopmentRisSink() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "org.osteon.worklist.writeback..",
                        "org.osteon.worklist.diagnosis.hl7..",
                        "org.osteon.worklist.dev..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ca.uhn..", "org.hl7.fhir..")
                .check(classes);
    }

    @Test
    void shouldKeepTheSimulatorOnThePolicyAloneWithoutIo() {
        noClasses()
                .that()
                .resideInAPackage("org.osteon.worklist.sim..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.osteon.worklist.store..",
                        "org.osteon.worklist.ingest..",
                        "org.osteon.worklist.rest..",
                        "org.osteon.worklist.writeback..",
                        "java.sql..",
                        "org.apache.kafka..",
                        "jakarta..")
                .check(classes);
    }

    @Test
    void shouldKeepPixelMedInTheImagePackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.osteon.worklist.image..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.pixelmed..")
                .check(classes);
    }

    /** Topics exist before this app starts: it never needs, or asks for, the right to create them. */
    @Test
    void shouldNotCreateTopics() {
        noClasses()
                .should()
                .beAssignableTo(org.osteon.platform.kafka.TopicCreator.class)
                .check(classes);
    }
}
