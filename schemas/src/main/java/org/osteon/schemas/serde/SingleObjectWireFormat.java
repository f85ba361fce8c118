package org.osteon.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding: a two-byte marker, the writer schema's 64-bit fingerprint, then the
 * binary record. Works without a registry server; older writer schemas are resolved through
 * {@link SchemaHistory}.
 */
public final class SingleObjectWireFormat<T extends SpecificRecord> implements WireFormat<T> {

    private static final String EVENTS_PACKAGE = "org.osteon.events";

    static {
        // Avro 1.12 refuses to instantiate classes it was not told to trust; trust exactly the
        // generated event package, nothing broader.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), c -> c.getPackageName().equals(EVENTS_PACKAGE)));
    }

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public SingleObjectWireFormat(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        SchemaHistory history = SchemaHistory.instance();
        history.add(schema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, history);
    }

    @Override
    public byte[] encode(T value) {
        try {
            return encoder.encode(value).array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException("not a " + type.getSimpleName() + " record: " + e.getMessage(), e);
        }
    }
}
