package org.osteon.gateway.ingest;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.DicomLimits;

/**
 * Decodes JPEG 2000 and JPEG-LS objects to explicit VR little endian with GDCM's {@code gdcmconv --raw}
 * (Debian's libgdcm-tools): PixelMed decodes neither, and no maintained Java codec does
 * (docs/gateway.md). Only objects the input guard has walked get here.
 *
 * <p>gdcmconv parses an attacker's codestream in native code, so it runs as a separate process with no
 * shell, a hard timeout (killed, with its children, when it passes it), a bound on the bytes it may
 * write, stdin closed and its output kept only to its first {@value #MAX_DIAGNOSTIC_CHARS} characters.
 * It gets an empty environment (the JVM's holds the Kafka and TLS passwords), and through util-linux's
 * {@code prlimit} an address-space limit, the output bound as its file-size limit and no core dump (a
 * core would hold PHI). At most {@code maxConcurrent} decodes run at once; an object that waits longer
 * than the timeout for its turn is refused as a fault of this side, so a burst of hostile objects
 * neither exhausts the gateway's memory nor gets legitimate ones dead-lettered.
 *
 * <p>Failures are sorted as ingest sorts them. The codestream's fault (gdcmconv exits non-zero or dies
 * on a signal, runs past the timeout, writes more than the bound or declares more pixels than the guard
 * allows) is {@link UndecodableException}: bad input, dead-lettered. This side's fault (gdcmconv missing
 * or not starting, the spool full or unwritable) is an {@link IOException}: the sender retries.
 */
public final class Transcoder {

    private static final Logger LOG = Logger.getLogger(Transcoder.class);

    /** The syntaxes decoded here, each with what it is; the result is always explicit VR little endian. */
    public static final Map<String, String> SYNTAXES = Map.of(
            "1.2.840.10008.1.2.4.90", "JPEG 2000 (lossless only)",
            "1.2.840.10008.1.2.4.91", "JPEG 2000",
            "1.2.840.10008.1.2.4.80", "JPEG-LS lossless",
            "1.2.840.10008.1.2.4.81", "JPEG-LS near-lossless");

    /** Where Debian's libgdcm-tools installs it. */
    public static final Path DEFAULT_GDCMCONV = Path.of("/usr/bin/gdcmconv");

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    static final int MAX_DIAGNOSTIC_CHARS = 2000;

    /** How often the output's size and the clock are looked at while gdcmconv runs. */
    private static final long POLL_MILLIS = 20;

    /** util-linux's prlimit: sets the decoder's resource limits before it starts. */
    static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

    public static final int DEFAULT_MAX_CONCURRENT = 2;

    public static final long DEFAULT_MAX_MEMORY_BYTES = 1L << 30;

    /** SIGKILL's exit status: this side killed it, or the system did (its memory, an operator). */
    private static final int KILLED = 128 + 9;

    /** SIGXFSZ's exit status: the file-size limit, which is the output bound. */
    private static final int FILE_TOO_LARGE = 128 + 25;

    /** Room for the header around the pixels of a decoded object. */
    private static final long HEADER_ALLOWANCE = 1L << 20;

    private final Path gdcmconv;
    private final Duration timeout;
    private final long maxOutputBytes;
    private final long maxMemoryBytes;
    private final int maxConcurrent;
    private final Semaphore permits;
    private final AtomicBoolean missingLogged = new AtomicBoolean();

    /**
     * @param gdcmconv the gdcmconv binary
     * @param timeout longest one decode may run
     * @param maxOutputBytes most bytes the decoded file may have: the guard's object limit, since the
     *     decoded object must pass the guard again
     */
    public Transcoder(Path gdcmconv, Duration timeout, long maxOutputBytes) {
        this(gdcmconv, timeout, maxOutputBytes, DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_MEMORY_BYTES);
    }

    /**
     * @param maxConcurrent most decodes at once
     * @param maxMemoryBytes the address space one decode may use
     */
    public Transcoder(Path gdcmconv, Duration timeout, long maxOutputBytes, int maxConcurrent, long maxMemoryBytes) {
        if (timeout.isNegative()
                || timeout.isZero()
                || maxOutputBytes < 132
                || maxConcurrent < 1
                || maxMemoryBytes < (16L << 20)) {
            throw new IllegalArgumentException("timeout " + timeout + ", output bound " + maxOutputBytes
                    + ", concurrency " + maxConcurrent + ", memory " + maxMemoryBytes);
        }
        this.gdcmconv = gdcmconv;
        this.timeout = timeout;
        this.maxOutputBytes = maxOutputBytes;
        this.maxMemoryBytes = maxMemoryBytes;
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent, true);
    }

    /** Debian's gdcmconv, a 60 s timeout and the guard's object limit. */
    public static Transcoder defaults() {
        return new Transcoder(DEFAULT_GDCMCONV, DEFAULT_TIMEOUT, DicomLimits.DEFAULTS.maxObjectBytes());
    }

    /** Whether an object in {@code transferSyntaxUid} is decoded here before it is stored. */
    public static boolean decodes(String transferSyntaxUid) {
        return transferSyntaxUid != null && SYNTAXES.containsKey(transferSyntaxUid);
    }

    /**
     * Decodes {@code source} (already through the input guard) into a new file in {@code spool}, which
     * the caller deletes. Nothing is left in {@code spool} when this throws.
     *
     * @throws UndecodableException when the pixel data cannot be decoded within the bounds (bad input)
     * @throws IOException when gdcmconv cannot run or the spool cannot take its output (transient)
     */
    public Path transcode(Path source, Path spool) throws UndecodableException, IOException {
        if (!Files.isExecutable(gdcmconv)) {
            if (missingLogged.compareAndSet(false, true)) {
                LOG.errorf(
                        "cannot decode JPEG 2000 or JPEG-LS: %s is not an executable (install Debian's "
                                + "libgdcm-tools or set osteon.gateway.transcode.gdcmconv); such objects are refused "
                                + "as a fault of this side until it is",
                        gdcmconv);
            }
            throw new TranscoderUnavailableException(gdcmconv + " is not an executable");
        }
        long expected = declaredPixelBytes(source);
        if (expected > DicomLimits.DEFAULTS.maxElementBytes() || expected + HEADER_ALLOWANCE > maxOutputBytes) {
            throw new UndecodableException("the pixel data would decode to " + expected + " bytes, more than the "
                    + Math.min(DicomLimits.DEFAULTS.maxElementBytes(), maxOutputBytes - HEADER_ALLOWANCE)
                    + " allowed");
        }
        Files.createDirectories(spool);
        if (Files.getFileStore(spool).getUsableSpace() < expected + HEADER_ALLOWANCE) {
            throw new IOException("the spool has no room for " + expected + " bytes of decoded pixels");
        }
        try {
            if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("all " + maxConcurrent + " decoders stayed busy for " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a decoder");
        }
        try {
            Path target = Files.createTempFile(spool, "decoded-", ".dcm");
            boolean done = false;
            try {
                run(source, target, expected);
                done = true;
                return target;
            } finally {
                if (!done) {
                    Files.deleteIfExists(target);
                }
            }
        } finally {
            permits.release();
        }
    }

    private List<String> command(Path source, Path target) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(PRLIMIT)) {
            command.addAll(List.of(
                    PRLIMIT.toString(), "--as=" + maxMemoryBytes, "--fsize=" + maxOutputBytes, "--core=0", "--"));
        }
        command.addAll(List.of(
                gdcmconv.toString(),
                "--raw",
                source.toAbsolutePath().toString(),
                target.toAbsolutePath().toString()));
        return command;
    }

    private void run(Path source, Path target, long expected) throws UndecodableException, IOException {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command(source, target))
                    .directory(target.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/bin:/bin");
            builder.environment().put("LC_ALL", "C");
            process = builder.start();
        } catch (IOException e) {
            throw new TranscoderUnavailableException("cannot start " + gdcmconv + ": " + e.getMessage());
        }
        Diagnostics diagnostics = new Diagnostics(process.getInputStream());
        diagnostics.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (Files.size(target) > maxOutputBytes) {
                    throw new UndecodableException("gdcmconv wrote more than " + maxOutputBytes + " bytes");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new UndecodableException("decoding took longer than " + timeout + ": killed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding");
        } finally {
            // Whatever ended the wait (a bound, an interrupt, an error reading the output's size), the
            // decoder must not outlive it.
            if (process.isAlive()) {
                kill(process);
            }
        }
        String said = diagnostics.text();
        int exit = process.exitValue();
        if (exit == KILLED) {
            // Not killed here (that path threw above): the system's OOM killer or an operator. Not the object's fault.
            throw new IOException("gdcmconv was killed from outside (the host may be short of memory)");
        }
        if (exit == FILE_TOO_LARGE) {
            throw new UndecodableException("gdcmconv wrote more than " + maxOutputBytes + " bytes");
        }
        if (exit != 0) {
            // gdcmconv aborts on a failed write just as on some broken codestreams: a write it could not
            // make, or a spool without room, is this side's fault and the sender must try again.
            if (writeFailed(said)
                    || Files.getFileStore(target.getParent()).getUsableSpace() < expected + HEADER_ALLOWANCE) {
                throw new IOException("gdcmconv could not write the decoded object (exit " + exit + "): " + said);
            }
            throw new UndecodableException("gdcmconv cannot decode the pixel data (exit " + exit
                    + (exit > 128 ? ", signal " + (exit - 128) : "") + "): " + said);
        }
        if (Files.size(target) > maxOutputBytes) {
            throw new UndecodableException("gdcmconv wrote more than " + maxOutputBytes + " bytes");
        }
        if (Files.size(target) == 0) {
            throw new UndecodableException("gdcmconv wrote nothing: " + said);
        }
    }

    /**
     * Refuses a decoded object that is not the received one in explicit VR little endian: gdcmconv
     * keeps the UIDs (a decode is not a new instance), and the store path and event rely on that.
     */
    static void checkSameObject(DicomHeader received, DicomHeader decoded) throws UndecodableException {
        if (!TransferSyntax.ExplicitVRLittleEndian.equals(decoded.transferSyntaxUid())) {
            throw new UndecodableException("gdcmconv wrote transfer syntax " + decoded.transferSyntaxUid()
                    + ", not explicit VR little endian");
        }
        if (!Objects.equals(received.sopInstanceUid(), decoded.sopInstanceUid())
                || !Objects.equals(received.studyInstanceUid(), decoded.studyInstanceUid())
                || !Objects.equals(received.sopClassUid(), decoded.sopClassUid())) {
            throw new UndecodableException("the decoded object has other SOP Class, SOP Instance or Study UIDs");
        }
    }

    /** What gdcmconv 3.0 says when its writer fails: an assertion in gdcm::Writer or a data element's Write. */
    static boolean writeFailed(String diagnostics) {
        return diagnostics.contains("Ofstream")
                || diagnostics.contains("::Write(")
                || diagnostics.contains("Failed to write");
    }

    /** The decoded pixel data's size as the header declares it: a bomb is refused before it is decoded. */
    static long declaredPixelBytes(Path source) throws UndecodableException, IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(source.toFile(), TagFromName.PixelData);
        } catch (DicomException | RuntimeException e) {
            throw new UndecodableException("unreadable image header: " + e.getMessage());
        }
        long rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        long columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        long bits = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0);
        long samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        long frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        if (rows <= 0 || columns <= 0 || bits <= 0 || bits > 32 || samples <= 0 || samples > 4 || frames <= 0) {
            throw new UndecodableException("no usable image size: " + rows + " rows, " + columns + " columns, " + bits
                    + " bits allocated, " + samples + " samples, " + frames + " frames");
        }
        try {
            return Math.multiplyExact(rows * columns, Math.multiplyExact(samples * frames, (bits + 7) / 8));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pixel data cannot be decoded within the bounds: bad input, final. */
    public static final class UndecodableException extends Exception {
        public UndecodableException(String message) {
            super(message);
        }
    }

    /** gdcmconv is missing or does not start: a configuration fault, never the object's. */
    public static final class TranscoderUnavailableException extends IOException {
        TranscoderUnavailableException(String message) {
            super(message);
        }
    }

    /** Drains gdcmconv's output so it never blocks on a full pipe, keeping only its beginning. */
    private static final class Diagnostics extends Thread {
        private final InputStream in;
        private final StringBuilder kept = new StringBuilder();

        Diagnostics(InputStream in) {
            super("gdcmconv-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (kept) {
                        if (kept.length() < MAX_DIAGNOSTIC_CHARS) {
                            kept.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                            kept.setLength(Math.min(kept.length(), MAX_DIAGNOSTIC_CHARS));
                        }
                    }
                }
            } catch (IOException e) {
                // The process was killed and its pipe closed: what was kept is all there is.
            }
        }

        String text() {
            try {
                join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                return kept.toString().strip().replaceAll("\\s+", " ");
            }
        }
    }
}
