package org.osteon.gateway.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osteon.testsupport.TempDirs;

/**
 * A temporary PHI store, a watched folder and a free DICOM port around a broker that a
 * subclass provides: the in-JVM test kit or a container.
 */
public abstract class StoresResource implements QuarkusTestResourceLifecycleManager {

    private Path root;

    /** Starts the broker and returns its bootstrap servers. */
    protected abstract String startBroker() throws Exception;

    protected abstract void stopBroker() throws Exception;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("osteon-gateway-it");
            String bootstrap = startBroker();
            return Map.of(
                    "osteon.gateway.folder.path", root.resolve("inbox").toString(),
                    "osteon.gateway.folder.poll-millis", "100",
                    "kafka.bootstrap.servers", bootstrap,
                    "osteon.store.phi-root", root.resolve("phi").toString(),
                    "osteon.gateway.dicom.port", Integer.toString(freePort()));
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the test broker", e);
        }
    }

    @Override
    public void stop() {
        try {
            stopBroker();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            TempDirs.deleteQuietly(root);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
