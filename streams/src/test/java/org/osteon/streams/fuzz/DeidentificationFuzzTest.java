package org.osteon.streams.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.platform.store.ObjectStores;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.streams.deid.Deidentification;
import org.osteon.streams.deid.StageFailure;

/**
 * Any bytes stored in the PHI store, through the one entry point of parsing and de-identification.
 * Two outcomes are allowed: a de-identified object, or a {@link StageFailure} (a dead letter). Any
 * other exception, an OutOfMemoryError, a StackOverflowError or a hang is a finding.
 *
 * <p>{@code ./mvnw verify} runs only the inputs under
 * {@code src/test/resources/org/osteon/streams/fuzz/DeidentificationFuzzTestInputs/parseAndDeidentify/}
 * (Jazzer's regression mode); {@code ./osteon fuzz} fuzzes (docs/robustness.md).
 */
class DeidentificationFuzzTest {

    private static final Path ROOT;
    private static final Path STORED;
    private static final Deidentification DEIDENTIFICATION;

    static {
        try {
            ROOT = Files.createTempDirectory("osteon-fuzz");
            Path phi = Files.createDirectories(ROOT.resolve("phi"));
            STORED = Files.createDirectories(phi.resolve("1.2.3")).resolve("1.2.3.4.dcm");
            DEIDENTIFICATION = new Deidentification(
                    new Pseudonymizer("fuzz-test-secret-of-at-least-32-bytes", "fuzz"),
                    phi,
                    Files.createDirectories(ROOT.resolve("research")),
                    Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void parseAndDeidentify(byte[] object) throws IOException {
        Files.write(STORED, object);
        RadiographReceived received = RadiographReceived.newBuilder()
                .setEventId("fuzz")
                .setReceivedAt(Instant.EPOCH)
                .setSource(IngestSource.FOLDER)
                .setObjectUri(STORED.toUri().toString())
                .setObjectSha256(ObjectStores.sha256(STORED))
                .setObjectSizeBytes(object.length)
                .setTransferSyntaxUid("1.2.840.10008.1.2.1")
                .setSopClassUid("1.2.840.10008.5.1.4.1.1.1")
                .setSopInstanceUid("1.2.3.4")
                .setStudyInstanceUid("1.2.3")
                .setSeriesInstanceUid("1.2.3.5")
                .build();
        try {
            DEIDENTIFICATION.apply(received);
        } catch (StageFailure expected) {
            // A dead letter: the outcome every malformed object must have.
        }
    }
}
