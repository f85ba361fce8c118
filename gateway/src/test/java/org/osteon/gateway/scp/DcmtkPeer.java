package org.osteon.gateway.scp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a dcmtk tool (storescu, echoscu, dcmconv, ...) and keeps what it said. */
public record DcmtkPeer(int exitCode, String output) {

    public static DcmtkPeer run(String... command) throws Exception {
        return run(List.of(command));
    }

    public static DcmtkPeer run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish: " + output);
        }
        return new DcmtkPeer(process.exitValue(), output);
    }

    /** Fails with dcmtk's own words when the tool failed. */
    public DcmtkPeer ok() {
        if (exitCode != 0) {
            throw new AssertionError("exit " + exitCode + ":\n" + output);
        }
        return this;
    }
}
