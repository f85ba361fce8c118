package org.osteon.worklist.writeback.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.Outbox;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;
import org.osteon.worklist.writeback.WritebackTarget;

/**
 * FHIR R4 write-back with the HAPI FHIR client: a conditional PATCH of ServiceRequest.priority, the
 * order found by its accession-number identifier. The outbox row id goes in X-Request-ID so the server
 * can recognise a resend.
 */
@ApplicationScoped
public class FhirTarget implements WritebackTarget {

    private final WorklistConfig.Fhir config;
    private volatile IGenericClient client;

    @Inject
    FhirTarget(WorklistConfig config) {
        this(config.writeback().fhir());
    }

    /** For tests that point the target at a test peer without the application around it. */
    FhirTarget(WorklistConfig.Fhir config) {
        this.config = config;
    }

    @Override
    public boolean handles(String target) {
        return Outbox.FHIR.equals(target);
    }

    @Override
    public void checkConfiguration() {
        WritebackTarget.requireAddress(
                config.enabled(), config.baseUrl(), "osteon.writeback.fhir.enabled", "osteon.writeback.fhir.base-url");
    }

    @Override
    public Delivery deliver(OutboxItem item) {
        try {
            client().patch()
                    .withFhirPatch(PriorityPatch.of(item.priority()))
                    .conditionalByUrl(PriorityPatch.conditionalUrl(config.identifierSystem(), item.accessionNumber()))
                    .withAdditionalHeader("X-Request-ID", item.id())
                    .execute();
            return Delivery.acknowledged("ServiceRequest.priority = " + PriorityPatch.code(item.priority()));
        } catch (FhirClientConnectionException e) {
            return Delivery.retry("FHIR " + config.baseUrl().orElse("?") + ": " + e.getMessage());
        } catch (BaseServerResponseException e) {
            return Delivery.ofHttpStatus(e.getStatusCode(), e.getMessage());
        } catch (RuntimeException e) {
            return Delivery.retry("FHIR " + config.baseUrl().orElse("?") + ": " + e);
        }
    }

    @Override
    public byte[] describe(OutboxItem item) {
        String body =
                FhirContext.forR4Cached().newJsonParser().encodeResourceToString(PriorityPatch.of(item.priority()));
        return ("PATCH " + PriorityPatch.conditionalUrl(config.identifierSystem(), item.accessionNumber()) + "\n"
                        + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Built on first use: a FHIR context takes a second to create, and most deployments never need it. */
    private IGenericClient client() {
        IGenericClient current = client;
        if (current == null) {
            FhirContext context = FhirContext.forR4Cached();
            var factory = context.getRestfulClientFactory();
            // No CapabilityStatement fetch before the first request: the PATCH itself says whether it works.
            factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
            factory.setConnectTimeout((int) config.timeout().toMillis());
            factory.setSocketTimeout((int) config.timeout().toMillis());
            current = context.newRestfulGenericClient(config.baseUrl().orElseThrow());
            client = current;
        }
        return current;
    }
}
