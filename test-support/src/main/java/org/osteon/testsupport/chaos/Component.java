package org.osteon.testsupport.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Osteon process of a multi-process test (the chaos run, the worklist replicas): started with a
 * fixed command and environment, killed with SIGKILL (no shutdown hook runs, nothing is flushed), and
 * started again exactly as before.
 *
 * @param readyUrl the Quarkus readiness endpoint, or null when an open {@code port} means ready
 */
public record Component(
        String name,
        List<String> command,
        Map<String, String> env,
        Path log,
        String readyUrl,
        int port,
        ProcessSlot slot) {

    /** The running process of a component; replaced on each start. */
    public static final class ProcessSlot {
        private Process process;
    }

    public Component(String name, List<String> command, Map<String, String> env, Path log, String readyUrl, int port) {
        this(name, command, env, log, readyUrl, port, new ProcessSlot());
    }

    public void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        slot.process = builder.start();
    }

    /** SIGKILL, as a crash or an OOM kill would end it, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        Process process = slot.process;
        if (process != null && process.isAlive()) {
            // Children first: none here, but a JVM that forked one must not leave it holding a port.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the process with SIGTERM, giving it time to shut down cleanly. */
    public void stop() throws InterruptedException {
        Process process = slot.process;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The running process's id; -1 when it is not running. */
    public long pid() {
        return alive() ? slot.process.pid() : -1;
    }

    public boolean alive() {
        return slot.process != null && slot.process.isAlive();
    }

    /** Waits until the component answers; fails if its process dies or the timeout passes. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            if (ready(http)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    private boolean ready(HttpClient http) {
        try {
            if (readyUrl == null) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return true;
                }
            }
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(readyUrl))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
