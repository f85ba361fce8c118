package org.osteon.streams.topology;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;
import org.osteon.streams.deid.StoreUnavailableException;

/**
 * What a stream thread's death means. A store that failed ({@link StoreUnavailableException}) is a
 * fault of this side: the thread is replaced after a pause, its open transaction is aborted, and the
 * record is processed again from its committed offset, as often as the fault lasts. Anything else is
 * a bug that retrying would repeat: the client shuts down and its health check says so.
 *
 * <p>Quarkus installs this bean on the {@code KafkaStreams} it builds.
 */
@ApplicationScoped
public class TransientFaultHandler implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(TransientFaultHandler.class);

    /** Long enough not to spin on a full disk, short enough that a recovered store is used soon. */
    static final Duration PAUSE = Duration.ofSeconds(2);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException transientFault) {
                LOG.warnf(
                        "a store is unavailable (%s); replacing the stream thread in %s to process the record again",
                        transientFault.getMessage(), PAUSE);
                pause();
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.errorf(
                "stream thread failed (%s); shutting the Kafka Streams client down",
                exception.getClass().getName());
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
