package org.osteon.schemas.topic;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic bound once to its key and value serdes.
 *
 * <p>Names are kebab-case with a version suffix. A name that starts with {@code phi-} marks a topic
 * that may carry protected health information; no other topic may ever hold a patient identifier.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Class<V> valueType) {

    public static final String PHI_PREFIX = "phi-";

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*-v[0-9]+");

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(valueType, "valueType");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("topic name must be kebab-case ending in -vN: " + name);
        }
    }

    /** True when this topic may carry PHI and must stay inside the PHI zone. */
    public boolean mayCarryPhi() {
        return name.startsWith(PHI_PREFIX);
    }

    @Override
    public String toString() {
        return name;
    }
}
