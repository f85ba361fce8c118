package org.osteon.benchmarks.deid;

import java.lang.management.ManagementFactory;
import java.net.URI;
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
 * Events (with their digests) are built before the clock starts, and {@value #WARM_UP} de-identifications
 * warm the JIT first, uncounted. Prints {@code files seconds cpu-seconds}, the last the CPU time of the whole
 * process (every JVM thread, user and system) over the timed pass.
 *
 * <p>Usage: {@code java -cp ... DeidBench <phi-root> <research-root>}
 */
public final class DeidBench {

    /**
     * De-identifications before the clock starts, over the files in turn. The JIT keeps compiling the
     * profile engine's, PixelMed's and the JDK's methods for a few hundred objects: after 150, compiler
     * threads still took about 6 ms of CPU per timed object on the other core, after 400 a fraction of that
     * (CompilationMXBean, -XX:+PrintCompilation). A stream task runs for months, so its steady state is what
     * is measured. pydicom_deid.py warms up as many times.
     */
    static final int WARM_UP = 400;

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
        // The warm-up writes into a research root of its own and deletes each object at once, so that it
        // leaves no writeback behind and the timed pass, like pydicom's, writes new files.
        Deidentification warmUp = new Deidentification(
                pseudonymizer,
                phiRoot,
                researchRoot.resolveSibling(researchRoot.getFileName() + "-warm-up"),
                Clock.systemUTC());
        // Made before the warm-up: parsing its profile file makes the JIT compile (the parser's regular
        // expressions), which would otherwise run on the other core during the timed pass.
        Deidentification deid = new Deidentification(pseudonymizer, phiRoot, researchRoot, Clock.systemUTC());
        for (int i = 0; i < WARM_UP && !events.isEmpty(); i++) {
            Files.delete(Path.of(
                    URI.create(warmUp.apply(events.get(i % events.size())).getObjectUri())));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (RadiographReceived event : events) {
            deid.apply(event);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.println(events.size() + " " + seconds + " " + cpuSeconds);
    }
}
