package org.osteon.streams.dicom;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCPDispatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A DICOM C-STORE SCP (Storage Service Class Provider) on its own thread. Each received object is
 * handed to the listener as a file in the spool folder; the listener owns the file from then on.
 */
public final class StorageScp implements AutoCloseable {

    /** Called once per received object, on the SCP's association thread. */
    @FunctionalInterface
    public interface Listener {
        void received(Path file, String callingAeTitle, String calledAeTitle);
    }

    private final StorageSOPClassSCPDispatcher dispatcher;
    private final Thread thread;

    private StorageScp(StorageSOPClassSCPDispatcher dispatcher, Thread thread) {
        this.dispatcher = dispatcher;
        this.thread = thread;
    }

    /** Starts listening and returns once the port accepts associations, or throws after {@code timeout}. */
    public static StorageScp start(int port, String aeTitle, Path spool, Listener listener, Duration timeout)
            throws IOException {
        ReceivedObjectHandler handler = new ReceivedObjectHandler() {
            @Override
            public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAeTitle) {
                listener.received(Path.of(fileName), callingAeTitle == null ? null : callingAeTitle.trim(), aeTitle);
            }
        };
        // A flat spool folder named by SOP Instance UID: the ingest service moves each file out at once.
        StorageSOPClassSCPDispatcher dispatcher = new StorageSOPClassSCPDispatcher(
                port, aeTitle, spool.toFile(), StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER, handler);
        Thread thread = new Thread(dispatcher, "dicom-scp-" + aeTitle + "-" + port);
        thread.setDaemon(true);
        thread.start();
        Instant deadline = Instant.now().plus(timeout);
        while (!dispatcher.isReady()) {
            if (Instant.now().isAfter(deadline) || !thread.isAlive()) {
                dispatcher.shutdown();
                throw new IOException("DICOM SCP did not start on port " + port + " within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the DICOM SCP", e);
            }
        }
        return new StorageScp(dispatcher, thread);
    }

    @Override
    public void close() {
        dispatcher.shutdown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
