package org.osteon.gateway.results.delivery;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.MultipleInstanceTransferStatusHandler;
import com.pixelmed.network.StorageSOPClassSCU;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.osteon.events.ResultObject;

/**
 * C-STORE of one object per association, as Osteon's calling AE. Objects are sent in the transfer syntax
 * they were written in (Explicit VR Little Endian), which every storage SCP accepts. The association
 * runs through a {@link Tunnel}, which bounds the connect and every read by the configured timeout (PixelMed
 * has neither, so a silent peer would hang delivery) and speaks TLS with the destination's own context
 * (PixelMed's TLS takes only the JVM's default context).
 */
final class CStoreSender implements Sender {

    private final String host;
    private final int port;
    private final String calledAeTitle;
    private final String callingAeTitle;
    private final Tunnel.Factory tunnels;

    CStoreSender(String host, int port, String calledAeTitle, String callingAeTitle, Tunnel.Factory tunnels) {
        this.host = host;
        this.port = port;
        this.calledAeTitle = calledAeTitle;
        this.callingAeTitle = callingAeTitle;
        this.tunnels = tunnels;
    }

    @Override
    public String protocol() {
        return "DIMSE";
    }

    @Override
    public Attempt send(Path file, ResultObject object) {
        AtomicInteger failed = new AtomicInteger(-1);
        AtomicInteger completed = new AtomicInteger(0);
        MultipleInstanceTransferStatusHandler status = new MultipleInstanceTransferStatusHandler() {
            @Override
            public void updateStatus(int remaining, int nCompleted, int nFailed, int nWarning, String sopInstanceUid) {
                completed.set(nCompleted + nWarning);
                failed.set(nFailed);
            }
        };
        SetOfDicomFiles files = new SetOfDicomFiles();
        files.add(
                file.toString(),
                object.getSopClassUid(),
                object.getSopInstanceUid(),
                TransferSyntax.ExplicitVRLittleEndian);
        try (Tunnel tunnel = tunnels.open(host, port)) {
            StorageSOPClassSCU scu = new StorageSOPClassSCU(
                    tunnel.localHost(), tunnel.localPort(), calledAeTitle, callingAeTitle, files, 0, status);
            if (scu.encounteredTrappedExceptions() || failed.get() != 0 || completed.get() != 1) {
                return new Attempt(
                        false,
                        "C-STORE to " + calledAeTitle + "@" + host + ":" + port + " failed"
                                + (scu.encounteredTrappedExceptions() ? " (association or network error)" : "")
                                + " (completed " + completed.get() + ", failed " + Math.max(0, failed.get()) + ")");
            }
            return new Attempt(true, "C-STORE success to " + calledAeTitle + "@" + host + ":" + port);
        } catch (Exception e) {
            return new Attempt(
                    false,
                    "C-STORE to " + calledAeTitle + "@" + host + ":" + port + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
