package org.osteon.schemas.serde;

/**
 * How one Avro record type is turned into Kafka bytes and back.
 *
 * <p>This is the seam for a schema registry: the default, {@link SingleObjectWireFormat}, needs no
 * server, and a registry-backed implementation (for example Apicurio's serde) can stand in its place
 * without any topology or service changing.
 */
public interface WireFormat<T> {

    byte[] encode(T value);

    /** @throws InvalidRecordException when the bytes are not a record of this type in any known schema version */
    T decode(byte[] bytes);
}
