package org.osteon.worklist.writeback;

import java.util.Optional;
import org.osteon.worklist.store.OutboxItem;

/** One peer outside the adapter that receives deliveries from the outbox. */
public interface WritebackTarget {

    /** True when this target handles the outbox row's target name. */
    boolean handles(String target);

    /**
     * Delivers once and says what the peer did. Never throws for a peer's failure: an I/O error is a
     * {@link Delivery#retry}.
     */
    Delivery deliver(OutboxItem item);

    /** Fails the startup when the target is enabled but not fully configured. */
    default void checkConfiguration() {}

    /** For {@link #checkConfiguration}: an enabled target must have its address. */
    static void requireAddress(boolean enabled, Optional<String> address, String enabledKey, String addressKey) {
        if (enabled && address.filter(a -> !a.isBlank()).isEmpty()) {
            throw new IllegalStateException(enabledKey + "=true needs " + addressKey);
        }
    }

    /** The message as it would be sent, kept in a dead letter for replay. */
    byte[] describe(OutboxItem item);
}
