package org.osteon.launcher;

/** The broker and zonky log their whole configuration at INFO; the mains keep warnings and errors only. */
final class Quiet {

    private Quiet() {}

    /** Must run before the first logger is created: slf4j-simple reads its level once. */
    static void logs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
