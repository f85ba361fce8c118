package org.osteon.scoring.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osteon.scoring.TestModelDirs;
import org.osteon.testsupport.MutualTlsFiles;

/**
 * Model swap by mutual TLS instead of a bearer token: over HTTPS, a client certificate the server
 * trusts and whose Common Name is mapped to the admin role may swap; without one (and without a token)
 * the same request gets 401.
 */
@EnabledIf(value = "org.osteon.scoring.TestModels#goldenPresent", disabledReason = "models/default not committed yet")
@QuarkusTest
@TestProfile(ModelSwapMutualTlsIT.MutualTls.class)
@QuarkusTestResource(value = ModelSwapMutualTlsIT.CertificatesAndModels.class, restrictToAnnotatedClass = true)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModelSwapMutualTlsIT {

    static final String PASSWORD = "changeit";

    /** A profile of its own: Quarkus restarts with HTTPS on for this class only. */
    public static class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The Common Name of the test's client certificate, mapped to the admin role.
            return Map.of("quarkus.http.auth.certificate-role-properties", "mtls/certificate-roles.properties");
        }
    }

    /** The broker and models of {@link LifecycleResource}, plus a server key, a client key, and the server's trust in it. */
    public static class CertificatesAndModels extends LifecycleResource {
        static MutualTlsFiles tls;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            try {
                tls = MutualTlsFiles.create(Files.createTempDirectory("osteon-scoring-mtls"), PASSWORD);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.put("osteon.scoring.instance-id", "mtls-it");
            config.putAll(tls.quarkusServerConfig());
            return config;
        }
    }

    @TestHTTPResource(value = "/api/model/swap", tls = true)
    URL swap;

    @ConfigProperty(name = "osteon.test.models-root", defaultValue = "unset")
    String modelsRoot;

    @Test
    void shouldSwapWithATrustedClientCertificateAndRefuseWithoutOne() throws Exception {
        Path candidate = Path.of(modelsRoot, "candidate");
        String body = new ObjectMapper()
                .writeValueAsString(Map.of("dir", candidate.toString(), "pinnedSha256", TestModelDirs.pin(candidate)));

        HttpResponse<String> without = post(CertificatesAndModels.tls.client(false), body);
        assertThat(without.statusCode()).as(without.body()).isEqualTo(401);

        HttpResponse<String> with = post(CertificatesAndModels.tls.client(true), body);
        assertThat(with.statusCode()).as(with.body()).isEqualTo(202);
        assertThat(with.body()).contains(LifecycleResource.CANDIDATE);
    }

    private HttpResponse<String> post(HttpClient client, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(swap.toURI())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
