package org.osteon.streams.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.osteon.streams.config.OsteonConfig;

/** Ready only when the C-STORE SCP listens: the launcher waits on readiness before sending images. */
@Readiness
@ApplicationScoped
public class DicomGatewayReadiness implements HealthCheck {

    private final OsteonConfig config;
    private final CStoreGateway gateway;

    public DicomGatewayReadiness(OsteonConfig config, CStoreGateway gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    @Override
    public HealthCheckResponse call() {
        OsteonConfig.Dicom dicom = config.gateway().dicom();
        return HealthCheckResponse.named("DICOM C-STORE SCP")
                .status(!dicom.enabled() || gateway.isRunning())
                .withData("enabled", dicom.enabled())
                .withData("port", dicom.port())
                .withData("aeTitle", dicom.aeTitle())
                .build();
    }
}
