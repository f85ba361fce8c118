package org.osteon.streams.deid;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * A store could not be read or written (a full disk, a lost mount): a fault of this side, not of the
 * record. It is never dead-lettered: it escapes the processor, the stream thread is replaced
 * ({@code topology.TransientFaultHandler}) and the record is processed again from its committed
 * offset. The message names no path, since store paths hold UIDs and this message reaches logs.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String what, IOException cause) {
        super(what + ": " + reasonOf(cause), cause);
    }

    private static String reasonOf(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return e.getClass().getSimpleName() + ": " + fs.getReason();
        }
        return e.getClass().getSimpleName();
    }
}
