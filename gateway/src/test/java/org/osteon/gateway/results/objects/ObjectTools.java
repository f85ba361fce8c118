package org.osteon.gateway.results.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The external tools that judge the objects independently of PixelMed: dicom3tools' {@code dciodvfy},
 * dcmtk's {@code dcmp2pgm} and pydicom (through inspect_objects.py beside this class's resources).
 */
final class ObjectTools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObjectTools() {}

    record Result(int exitCode, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** dciodvfy's lines that report an error; its warnings are listed in docs/results.md. */
    static List<String> dciodvfyErrors(Path file) throws IOException, InterruptedException {
        String output = run(List.of("dciodvfy", file.toString())).output();
        List<String> errors = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line);
            }
        }
        return errors;
    }

    /** The 8-bit grey levels dcmp2pgm renders of {@code image}, through {@code state} when not null. */
    static int[][] render(Path image, Path state, Path pgm) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dcmp2pgm"));
        if (state != null) {
            command.addAll(List.of("-p", state.toString()));
        }
        command.addAll(List.of(image.toString(), pgm.toString()));
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new IOException("dcmp2pgm failed: " + result.output());
        }
        return Pgm.read(pgm);
    }

    /** pydicom's reading of the files, as inspect_objects.py prints it. */
    static JsonNode inspect(Path workDir, String command, Path... files) throws IOException, InterruptedException {
        Path script = workDir.resolve("inspect_objects.py");
        if (!Files.exists(script)) {
            try (InputStream in = ObjectTools.class.getResourceAsStream("inspect_objects.py")) {
                Files.copy(in, script);
            }
        }
        List<String> commandLine = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), command));
        for (Path f : files) {
            commandLine.add(f.toString());
        }
        Result result = run(commandLine);
        if (result.exitCode() != 0) {
            throw new IOException("inspect_objects.py " + command + " failed: " + result.output());
        }
        return JSON.readTree(result.output());
    }
}
