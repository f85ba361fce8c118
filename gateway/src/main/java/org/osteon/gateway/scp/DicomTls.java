package org.osteon.gateway.scp;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.osteon.gateway.config.GatewayConfig;
import org.osteon.platform.tls.TlsContexts;

/** The SCP's TLS settings from {@code osteon.gateway.dicom.tls.*}; null when TLS is off. */
final class DicomTls {

    private DicomTls() {}

    static StorageScp.Tls settings(GatewayConfig.Tls tls) {
        if (!tls.enabled()) {
            return null;
        }
        if (tls.requireClientCertificate() && tls.trustStore().isEmpty()) {
            throw new IllegalStateException("osteon.gateway.dicom.tls.require-client-certificate needs "
                    + "osteon.gateway.dicom.tls.trust-store: the authorities senders' certificates chain to");
        }
        if (tls.aeTitleFromCertificate() && !tls.requireClientCertificate()) {
            throw new IllegalStateException("osteon.gateway.dicom.tls.ae-title-from-certificate needs "
                    + "osteon.gateway.dicom.tls.require-client-certificate=true");
        }
        var path = tls.keyStore()
                .orElseThrow(() -> new IllegalStateException(
                        "osteon.gateway.dicom.tls.enabled is true but osteon.gateway.dicom.tls.key-store is not set"));
        try {
            SSLContext context = TlsContexts.context(
                    Optional.of(new TlsContexts.StoreFile(path, tls.keyStoreType(), tls.keyStorePassword())),
                    tls.trustStore()
                            .map(trust ->
                                    new TlsContexts.StoreFile(trust, tls.trustStoreType(), tls.trustStorePassword())));
            return new StorageScp.Tls(context, tls.requireClientCertificate(), tls.aeTitleFromCertificate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the DICOM TLS key or trust store: " + e.getMessage(), e);
        }
    }
}
