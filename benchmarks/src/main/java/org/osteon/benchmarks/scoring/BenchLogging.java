package org.osteon.benchmarks.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Log levels for a benchmark JVM, as the scoring service sets them (application.properties: INFO,
 * Kafka at WARN). Outside Quarkus nothing configures the log manager and its root level is ALL, so the
 * in-JVM broker and the Kafka clients built every debug and trace message on the request path only
 * for the console handler to drop it: more than 2 GB of garbage in a three-minute run on the loop thread alone, CPU that the service
 * in production does not spend.
 */
final class BenchLogging {

    /** Held so the levels are not garbage-collected with the loggers. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private BenchLogging() {}

    static void likeTheService() {
        LogContext context = LogContext.getLogContext();
        set(context, "", Level.INFO);
        for (String category : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            set(context, category, Level.WARNING);
        }
    }

    private static void set(LogContext context, String category, Level level) {
        Logger logger = context.getLogger(category);
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }
}
