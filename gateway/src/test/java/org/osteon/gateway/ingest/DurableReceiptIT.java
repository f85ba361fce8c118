package org.osteon.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.gateway.scp.CStoreGateway;
import org.osteon.gateway.scp.DcmtkPeer;
import org.osteon.gateway.scp.StorageScp;
import org.osteon.testsupport.dicom.TestDicom;

/**
 * Durable before acknowledged, with nothing stubbed: the real producer points at a port where no
 * broker listens, so no event can be acknowledged, and dcmtk's storescu must be told so.
 */
class DurableReceiptIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldAnswerACStoreWithOutOfResourcesWhenKafkaDoesNotAcknowledgeTheEvent() throws Exception {
        int noBroker;
        try (ServerSocket socket = new ServerSocket(0)) {
            noBroker = socket.getLocalPort();
        }
        Path phi = dir.resolve("phi");
        try (EventPublisher publisher = new EventPublisher("127.0.0.1:" + noBroker, Duration.ofSeconds(2));
                StorageScp scp = StorageScp.start(
                        new StorageScp.Settings(0, "OSTEON", null, 4, null),
                        phi.resolve(".incoming"),
                        object -> CStoreGateway.received(new IngestService(phi, publisher), object))) {
            String sop = "1.2.826.0.1.3680043.9.7777.40.1";
            Path file = TestDicom.writeRadiograph(dir.resolve("cr.dcm"), sop);

            DcmtkPeer peer = DcmtkPeer.run(
                    "storescu", "-v", "-aec", "OSTEON", "localhost", Integer.toString(scp.port()), file.toString());

            assertThat(peer.output()).contains("Refused: OutOfResources");
            // The object itself is kept in the PHI store: the sender's retry is recognised as a resend and announced.
            try (Stream<Path> stored = Files.walk(phi)) {
                assertThat(stored.map(p -> p.getFileName().toString())).contains(sop + ".dcm");
            }
        }
    }
}
