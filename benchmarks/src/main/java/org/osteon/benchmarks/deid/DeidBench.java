package org.osteon.benchmarks.deid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.osteon.events.IngestSource;
import org.osteon.events.RadiographReceived;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.store.ObjectStores;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.streams.deid.Deidentification;

/**
 * De-identification throughput for {@code ./osteon bench ingest}: the PHI store's objects through
 * {@link Deidentification#apply}, the entry point the streams topology calls, one after another on one
 * thread, as one stream task does, each object's SHA-256 checked against its claim check on the way.
 * Events (with their digests) are built before the clock starts; a first pass over the files warms the
 * JIT and is not counted. Prints {@code files seconds}.
 *
 * <p>Usage: {@code java -cp ... DeidBench <phi-root> <research-root>}
 */
public final class DeidBench {

    private DeidBench() {}

    public static void main(String[] args) throws Exception {
        Path phiRoot = Path.of(args[0]);
        Path researchRoot = Path.of(args[1]);
        List<RadiographReceived> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(phiRoot)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                DicomHeader header = DicomObjects.readHeader(file);
                events.add(RadiographReceived.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setReceivedAt(Instant.now())
                        .setSource(IngestSource.FOLDER)
                        .setObjectUri(file.toAbsolutePath().toUri().toString())
                        .setObjectSha256(ObjectStores.sha256(file))
                        .setObjectSizeBytes(Files.size(file))
                        .setTransferSyntaxUid(String.valueOf(header.transferSyntaxUid()))
                        .setSopClassUid(header.sopClassUid())
                        .setSopInstanceUid(header.sopInstanceUid())
                        .setStudyInstanceUid(header.studyInstanceUid())
                        .setSeriesInstanceUid(String.valueOf(header.seriesInstanceUid()))
                        .build());
            }
        }
        Pseudonymizer pseudonymizer = new Pseudonymizer("osteon-bench-only-secret-not-for-production-use", "bench");
        // The warm-up writes into a research root of its own, so that the timed pass, like pydicom's, writes
        // new files rather than replacing the warm-up's (which ext4 makes dearer: auto_da_alloc).
        Deidentification warmUp = new Deidentification(
                pseudonymizer,
                phiRoot,
                researchRoot.resolveSibling(researchRoot.getFileName() + "-warm-up"),
                Clock.systemUTC());
        for (RadiographReceived event : events.subList(0, Math.min(events.size(), 50))) {
            warmUp.apply(event);
        }
        Deidentification deid = new Deidentification(pseudonymizer, phiRoot, researchRoot, Clock.systemUTC());
        long start = System.nanoTime();
        for (RadiographReceived event : events) {
            deid.apply(event);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(events.size() + " " + seconds);
    }
}
