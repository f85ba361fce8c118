package org.osteon.worklist.dev;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HL7 v2 MLLP receiver (HAPI's SimpleServer) that hands each message to {@code answer} and
 * sends back the acknowledgement code it returns: the demo's RIS sink and the tests' RIS peer.
 */
public final class MllpReceiver implements AutoCloseable {

    private final HapiContext context = new DefaultHapiContext();
    private final HL7Service server;

    public MllpReceiver(int port, Function<Message, AcknowledgmentCode> answer) throws InterruptedException {
        context.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI contexts share one default executor, and closing any context shuts it down for all.
        context.setExecutorService(Executors.newCachedThreadPool());
        // ACK control ids from memory: the default generator writes an id_file into the working directory.
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        server = context.newServer(port, false);
        server.registerApplication("*", "*", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                AcknowledgmentCode code = answer.apply(message);
                try {
                    return code == AcknowledgmentCode.AA
                            ? message.generateACK()
                            : message.generateACK(code, new HL7Exception("receiver answers " + code));
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        server.startAndWait();
    }

    @Override
    public void close() throws IOException {
        server.stopAndWait();
        context.close();
    }
}
