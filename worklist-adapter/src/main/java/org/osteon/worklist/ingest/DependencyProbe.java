package org.osteon.worklist.ingest;

/**
 * Whether what every record needs (the worklist database) works right now. A record that fails
 * while it does fails for a reason of its own; one that fails while it does not proves nothing.
 */
@FunctionalInterface
interface DependencyProbe {

    boolean healthy();
}
