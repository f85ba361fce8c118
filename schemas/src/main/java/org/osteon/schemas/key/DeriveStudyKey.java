package org.osteon.schemas.key;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code ./osteon derive-study-key}: prints the worklist adapter's {@code osteon.worklist.study-key-secret}
 * for the master pseudonym secret ({@code osteon.deid.hmac-secret}).
 *
 * <p>The master secret comes from the environment variable {@value #MASTER_SECRET_ENV} or from standard
 * input (a prompt that does not echo, on a terminal), never from the command line, where {@code ps} shows
 * it to every user of the machine. One trailing newline on standard input is dropped, as {@code echo} and
 * files add one; a secret that really ends in a newline must come through the environment.
 */
public final class DeriveStudyKey {

    static final String MASTER_SECRET_ENV = PseudonymSecrets.MASTER_SECRET_ENV;

    private DeriveStudyKey() {}

    public static void main(String... args) throws IOException {
        System.exit(run(args, System.getenv(), System.console(), System.in, System.out, System.err));
    }

    /** The command with its surroundings passed in; returns the exit status. */
    static int run(
            String[] args, Map<String, String> env, Console console, InputStream in, PrintStream out, PrintStream err)
            throws IOException {
        if (args.length > 0) {
            err.println("usage: ./osteon derive-study-key   (no arguments: the master secret comes from "
                    + MASTER_SECRET_ENV + " or standard input, never from the command line)");
            return 2;
        }
        String master = env.get(MASTER_SECRET_ENV);
        if (master == null || master.isEmpty()) {
            master = console != null ? readFromTerminal(console) : readFromStdin(in);
        }
        if (master.isEmpty()) {
            err.println("osteon derive-study-key: no master secret: set " + MASTER_SECRET_ENV
                    + " or pipe it on standard input");
            return 1;
        }
        try {
            out.println(PseudonymKeys.studyKeySecret(master));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("osteon derive-study-key: " + e.getMessage());
            return 1;
        }
    }

    private static String readFromTerminal(Console console) {
        char[] typed = console.readPassword("master pseudonym secret (osteon.deid.hmac-secret): ");
        return typed == null ? "" : new String(typed);
    }

    private static String readFromStdin(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
