package org.osteon.gateway.scp;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.osteon.gateway.config.GatewayConfig;

/** Ready only when the C-STORE SCP listens: the launcher waits on readiness before sending images. */
@Readiness
@ApplicationScoped
public class DicomGatewayReadiness implements HealthCheck {

    private final GatewayConfig config;
    private final CStoreGateway gateway;

    public DicomGatewayReadiness(GatewayConfig config, CStoreGateway gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    @Override
    public HealthCheckResponse call() {
        GatewayConfig.Dicom dicom = config.dicom();
        return HealthCheckResponse.named("DICOM C-STORE SCP")
                .status(!dicom.enabled() || gateway.isRunning())
                .withData("enabled", dicom.enabled())
                .withData("port", dicom.port())
                .withData("aeTitle", dicom.aeTitle())
                .build();
    }
}
