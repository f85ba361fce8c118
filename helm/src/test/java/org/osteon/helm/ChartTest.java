package org.osteon.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osteon.helm.ChartAssertions.HTTP_PORTS;
import static org.osteon.helm.ChartAssertions.MANAGEMENT_PORTS;
import static org.osteon.helm.ChartAssertions.assertDisruptionBudgets;
import static org.osteon.helm.ChartAssertions.assertGatewayApart;
import static org.osteon.helm.ChartAssertions.assertGpu;
import static org.osteon.helm.ChartAssertions.assertKafkaUsers;
import static org.osteon.helm.ChartAssertions.assertNetworkPolicies;
import static org.osteon.helm.ChartAssertions.assertNoGpu;
import static org.osteon.helm.ChartAssertions.assertNoInlineSecrets;
import static org.osteon.helm.ChartAssertions.assertNonRoot;
import static org.osteon.helm.ChartAssertions.assertProbes;
import static org.osteon.helm.ChartAssertions.assertPseudonymKeysSeparated;
import static org.osteon.helm.ChartAssertions.assertResources;
import static org.osteon.helm.ChartAssertions.assertScoringOutsidePhiZone;
import static org.osteon.helm.ChartAssertions.container;
import static org.osteon.helm.ChartAssertions.env;
import static org.osteon.helm.ChartAssertions.pod;
import static org.osteon.helm.ChartAssertions.topicGrants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the chart with a real Helm (default and production values), parses every manifest with the
 * fabric8 model, and checks the promises the chart makes to an operator. No cluster is needed.
 */
class ChartTest {

    private static final int DICOM_PORT = 11112;
    private static final int POSTGRES_PORT = 5432;

    private static Manifests values(String which) {
        return which.equals("production") ? Manifests.production() : Manifests.defaults();
    }

    @Test
    void shouldLintCleanlyWithDefaultValues() {
        var result = new Helm(Manifests.CHART).lint().strict().call();
        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @Test
    void shouldLintCleanlyWithProductionValues(@TempDir Path dir) throws IOException {
        var result = new Helm(Manifests.chartWithProductionValues(dir))
                .lint()
                .strict()
                .call();
        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldRunEachServiceAsANonRootDeploymentWithProbesAndResources(String which) {
        Manifests m = values(which);
        assertThat(m.ofType(Deployment.class))
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("osteon-gateway", "osteon-streams", "osteon-scoring", "osteon-worklist");
        HTTP_PORTS.forEach((service, port) -> {
            Deployment d = m.deployment(service);
            assertProbes(d, port, MANAGEMENT_PORTS.get(service));
            assertNonRoot(d);
            assertResources(d);
        });
        assertDisruptionBudgets(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldRunTheGatewayApartFromStreamsWithTheIngestPortsItsOwn(String which) {
        Manifests m = values(which);
        assertGatewayApart(m, DICOM_PORT);
        // The gateway writes what it receives to the PHI store and nothing to Kafka Streams' state.
        Deployment gateway = m.deployment("gateway");
        assertThat(container(gateway).getVolumeMounts())
                .filteredOn(v -> v.getName().equals("phi-store"))
                .singleElement()
                .satisfies(v -> assertThat(v.getReadOnly()).isNotEqualTo(Boolean.TRUE));
        assertThat(env(gateway, "OSTEON_STORE_REJECTED_MAX_SIZE")).isEqualTo("10G");
        assertThat(envNames(gateway))
                .doesNotContain("OSTEON_DEID_KEY_ID", "OSTEON_TOPOLOGY_ENABLED")
                .noneMatch(n -> n.startsWith("OSTEON_ANALYTICS_"));
        // Streams: the topologies alone, no gateway switch left behind.
        assertThat(envNames(m.deployment("streams")))
                .doesNotContain("OSTEON_TOPOLOGY_ENABLED", "OSTEON_STORE_REJECTED_MAX_SIZE");
    }

    @Test
    void shouldRefuseGatewaySettingsLeftUnderStreams() {
        // An operator's old values file would otherwise set nothing, silently: the schema names the key instead.
        for (String key : List.of(
                "dicomPort", "aeTitle", "allowAnyCallingAe", "maxAssociations", "dicomTls.enabled", "stow.jwtIssuer")) {
            Object value = key.equals("dicomPort") || key.equals("maxAssociations")
                    ? (Object) 104
                    : key.endsWith("enabled") || key.startsWith("allow") ? (Object) true : "https://idp";
            String leaf = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            assertThatThrownBy(() -> Manifests.render(t -> t.set("streams." + key, value)))
                    .as(key)
                    .hasMessageContaining("additional properties '" + leaf + "' not allowed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldTakeEverySecretFromAnExistingSecret(String which) {
        assertNoInlineSecrets(values(which));
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldGiveTheMasterPseudonymSecretToStreamsAloneAndTheWorklistOnlyItsStudyKey(String which) {
        Manifests m = values(which);
        assertPseudonymKeysSeparated(m);
        assertThat(ChartAssertions.secretKeyRef(m.deployment("streams"), "OSTEON_DEID_HMAC_SECRET")
                        .getName())
                .isEqualTo("osteon-deid");
        // The study key sits beside the master secret unless a Secret of its own is named.
        assertThat(ChartAssertions.secretKeyRef(m.deployment("worklist"), "OSTEON_WORKLIST_STUDY_KEY_SECRET")
                        .getName())
                .isEqualTo(which.equals("production") ? "osteon-deid-study-key" : "osteon-deid");
        for (String service : List.of("streams", "worklist")) {
            assertThat(env(m.deployment(service), "OSTEON_DEID_KEY_ID")).isEqualTo("k2");
        }
        // The gateway stores what it receives as it is: no secret of either kind.
        assertThat(container(m.deployment("gateway")).getEnv())
                .noneSatisfy(e -> assertThat(e.getValueFrom())
                        .extracting(v -> v == null ? null : v.getSecretKeyRef())
                        .extracting(r -> r == null ? null : r.getName())
                        .isIn("osteon-deid", "osteon-deid-study-key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldKeepScoringOutOfThePhiZone(String which) {
        assertScoringOutsidePhiZone(values(which));
    }

    @Test
    void shouldMountTheResearchStoreWritableOnlyForClassActivationMaps() {
        var withCams = Manifests.defaults().deployment("scoring");
        var withoutCams =
                Manifests.render(t -> t.set("scoring.writeCam", false)).deployment("scoring");
        assertThat(researchMount(withCams).getReadOnly()).isFalse();
        assertThat(researchMount(withoutCams).getReadOnly()).isTrue();
        assertThat(env(withoutCams, "OSTEON_SCORING_WRITE_CAM")).isEqualTo("false");
        // Scoring reads claim checks only below its research root: the root must be where the store is mounted.
        assertThat(env(withCams, "OSTEON_STORE_RESEARCH_ROOT"))
                .isEqualTo(researchMount(withCams).getMountPath())
                .isEqualTo(env(Manifests.defaults().deployment("streams"), "OSTEON_STORE_RESEARCH_ROOT"));
    }

    private static io.fabric8.kubernetes.api.model.VolumeMount researchMount(
            io.fabric8.kubernetes.api.model.apps.Deployment scoring) {
        return scoring.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("research-store"))
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldDenyByDefaultAndOpenOnlyWhatEachServiceNeeds(String which) {
        assertNetworkPolicies(values(which), DICOM_PORT, POSTGRES_PORT);
    }

    @Test
    void shouldAcceptDicomOnlyFromTheConfiguredPeersInProduction() {
        Manifests m = Manifests.production();
        NetworkPolicy gateway = policy(m, "osteon-gateway");
        assertThat(gateway.getSpec().getIngress().get(0).getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/24"));
        assertThat(gateway.getSpec().getIngress().get(0).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsExactlyInAnyOrder(DICOM_PORT, 8081);
        // Nobody reaches streams but monitoring: the DICOM peers have nothing to send it.
        assertThat(policy(m, "osteon-streams").getSpec().getIngress())
                .singleElement()
                .satisfies(r -> assertThat(r.getFrom())
                        .singleElement()
                        .satisfies(p -> assertThat(p.getIpBlock()).isNull()))
                .satisfies(r -> assertThat(r.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .containsExactly(9083));
    }

    @Test
    void shouldKeepDicomClosedWithoutPeers() {
        // No peers configured (the default): no ingest rule at all, only monitoring on the management port.
        NetworkPolicy gateway = policy(Manifests.defaults(), "osteon-gateway");
        assertThat(gateway.getSpec().getIngress())
                .singleElement()
                .satisfies(r -> assertThat(r.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .containsExactly(9081));
        // The gateway reaches Kafka and DNS only; streams the same.
        assertThat(egressPorts(gateway)).containsExactlyInAnyOrder(9092, 9093, 53, 53);
        assertThat(egressPorts(policy(Manifests.defaults(), "osteon-streams")))
                .containsExactlyInAnyOrder(9092, 9093, 53, 53);
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldLetWriteBackAndWebhooksOutOfTheWorklistOnlyWhereValuesSay(String which) {
        // Closed by default: Kafka, DNS and PostgreSQL only; no address block, so nothing else.
        NetworkPolicy closed = policy(values(which), "osteon-worklist");
        assertThat(egressPorts(closed)).doesNotContain(2575, 443);
        assertThat(closed.getSpec().getEgress())
                .flatMap(r -> r.getTo() == null ? List.of() : r.getTo())
                .allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
    }

    @Test
    void shouldOpenEachConfiguredWorklistEgressToItsAddressBlockAndPortsOnly() {
        Manifests m = Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION)
                .set("networkPolicy.worklistEgress.writeback[0].cidr", "10.20.0.15/32")
                .set("networkPolicy.worklistEgress.writeback[0].ports[0]", 2575)
                .set("networkPolicy.worklistEgress.writeback[0].ports[1]", 443)
                .set("networkPolicy.worklistEgress.webhooks[0].cidr", "10.40.0.0/24")
                .set("networkPolicy.worklistEgress.webhooks[0].ports[0]", 443)
                .set("networkPolicy.worklistEgress.webhooks[1].cidr", "fd00:40::/64")
                .set("networkPolicy.worklistEgress.webhooks[1].ports[0]", 8443));
        assertNetworkPolicies(m, DICOM_PORT, POSTGRES_PORT);
        NetworkPolicy worklist = policy(m, "osteon-worklist");
        List<String> opened = worklist.getSpec().getEgress().stream()
                .filter(r -> r.getTo() != null && r.getTo().stream().anyMatch(p -> p.getIpBlock() != null))
                .map(r -> {
                    assertThat(r.getTo()).as("one address block per rule").singleElement();
                    assertThat(r.getPorts())
                            .allSatisfy(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
                    return r.getTo().get(0).getIpBlock().getCidr() + " "
                            + r.getPorts().stream()
                                    .map(p -> String.valueOf(p.getPort().getIntVal()))
                                    .toList();
                })
                .toList();
        assertThat(opened)
                .containsExactlyInAnyOrder("10.20.0.15/32 [2575, 443]", "10.40.0.0/24 [443]", "fd00:40::/64 [8443]");
        // The other services gain nothing.
        for (String other : List.of("osteon-gateway", "osteon-streams", "osteon-scoring")) {
            assertThat(egressPorts(policy(m, other))).as(other).doesNotContain(2575, 8443);
        }
        assertThat(egressPorts(policy(m, "osteon-scoring"))).doesNotContain(443);
    }

    @Test
    void shouldRefuseAWorklistEgressThatIsNoAddressBlockOrOpensEverything() {
        for (String cidr : List.of("10.20.0.15", "ris.hospital.example/32", "10.20.0.0/33", "0.0.0.0/0", "::/0")) {
            assertThatThrownBy(() -> Manifests.render(t -> t.set("networkPolicy.worklistEgress.writeback[0].cidr", cidr)
                            .set("networkPolicy.worklistEgress.writeback[0].ports[0]", 2575)))
                    .as(cidr)
                    .hasMessageContaining("cidr");
        }
        // A rule without ports would open every port of the block.
        assertThatThrownBy(() ->
                        Manifests.render(t -> t.set("networkPolicy.worklistEgress.webhooks[0].cidr", "10.40.0.0/24")))
                .hasMessageContaining("ports");
        assertThatThrownBy(() ->
                        Manifests.render(t -> t.set("networkPolicy.worklistEgress.webhooks[0].cidr", "10.40.0.0/24")
                                .set("networkPolicy.worklistEgress.webhooks[0].ports[0]", 70000)))
                .hasMessageContaining("ports");
        assertThatThrownBy(
                        () -> Manifests.render(t -> t.set("networkPolicy.worklistEgress.pacs[0].cidr", "10.40.0.0/24")))
                .hasMessageContaining("pacs");
    }

    // The worklist adapter: HL7 over TLS, webhook secrets and targets, cookies.

    @Test
    void shouldWriteBackOverMllpWithTlsFromAnExistingSecret() {
        // HL7 off (the default and production until the RIS is addressed): no TLS setting, no Secret to wait for.
        for (Manifests m : List.of(Manifests.defaults(), Manifests.production())) {
            Deployment off = m.deployment("worklist");
            assertThat(env(off, "OSTEON_WRITEBACK_HL7_ENABLED")).isEqualTo("false");
            assertThat(envNames(off)).noneMatch(n -> n.startsWith("OSTEON_WRITEBACK_HL7_TLS_"));
            assertThat(pod(off).getVolumes()).extracting(Volume::getName).doesNotContain("hl7-tls");
        }

        // Production's TLS settings, once HL7 is enabled and addressed: the trust store from osteon-ris-tls.
        Manifests on = Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION)
                .set("worklist.writeback.hl7.enabled", true)
                .set("worklist.writeback.hl7.host", "ris.hospital.example"));
        assertNoInlineSecrets(on);
        Deployment d = on.deployment("worklist");
        assertThat(env(d, "OSTEON_WRITEBACK_HL7_HOST")).isEqualTo("ris.hospital.example");
        assertThat(env(d, "OSTEON_WRITEBACK_HL7_TLS_ENABLED")).isEqualTo("true");
        assertThat(env(d, "OSTEON_WRITEBACK_HL7_TLS_TRUST_STORE")).isEqualTo("/etc/osteon/hl7-tls/truststore.p12");
        assertThat(env(d, "OSTEON_WRITEBACK_HL7_TLS_TRUST_STORE_TYPE")).isEqualTo("PKCS12");
        assertThat(secretRef(d, "OSTEON_WRITEBACK_HL7_TLS_TRUST_STORE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-ris-tls", "truststore-password"));
        // No client certificate unless a key store is named.
        assertThat(envNames(d))
                .doesNotContain("OSTEON_WRITEBACK_HL7_TLS_KEY_STORE", "OSTEON_WRITEBACK_HL7_TLS_KEY_STORE_PASSWORD");
        // Only the stores become files, read-only; the passwords never do.
        Volume tls = volume(d, "hl7-tls");
        assertThat(tls.getSecret().getSecretName()).isEqualTo("osteon-ris-tls");
        assertThat(tls.getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(tls.getSecret().getItems()).extracting(i -> i.getKey()).containsExactly("truststore.p12");
        assertThat(container(d).getVolumeMounts())
                .filteredOn(m -> m.getName().equals("hl7-tls"))
                .singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/osteon/hl7-tls"))
                .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
        // The TLS Secret stays with the worklist adapter.
        for (String other : List.of("gateway", "streams", "scoring")) {
            assertThat(container(on.deployment(other)).getEnv())
                    .as(other)
                    .noneSatisfy(e -> assertThat(e.getName()).startsWith("OSTEON_WRITEBACK_"));
            assertThat(pod(on.deployment(other)).getVolumes())
                    .extracting(Volume::getName)
                    .as(other)
                    .doesNotContain("hl7-tls");
        }

        // Mutual TLS: the client key store beside the trust store.
        Deployment mutual = Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION)
                        .set("worklist.writeback.hl7.enabled", true)
                        .set("worklist.writeback.hl7.host", "ris.hospital.example")
                        .set("worklist.writeback.hl7.tls.keyStoreKey", "keystore.p12"))
                .deployment("worklist");
        assertThat(env(mutual, "OSTEON_WRITEBACK_HL7_TLS_KEY_STORE")).isEqualTo("/etc/osteon/hl7-tls/keystore.p12");
        assertThat(env(mutual, "OSTEON_WRITEBACK_HL7_TLS_KEY_STORE_TYPE")).isEqualTo("PKCS12");
        assertThat(secretRef(mutual, "OSTEON_WRITEBACK_HL7_TLS_KEY_STORE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-ris-tls", "keystore-password"));
        assertThat(volume(mutual, "hl7-tls").getSecret().getItems())
                .extracting(i -> i.getKey())
                .containsExactlyInAnyOrder("truststore.p12", "keystore.p12");

        // A RIS certificate from a public authority: the JVM's trust store, no Secret, no volume.
        Deployment jvmTrust = Manifests.render(t -> t.set("worklist.writeback.hl7.enabled", true)
                        .set("worklist.writeback.hl7.host", "ris.hospital.example")
                        .set("worklist.writeback.hl7.tls.enabled", true)
                        .set("worklist.writeback.hl7.tls.trustStoreKey", ""))
                .deployment("worklist");
        assertThat(env(jvmTrust, "OSTEON_WRITEBACK_HL7_TLS_ENABLED")).isEqualTo("true");
        assertThat(envNames(jvmTrust))
                .noneMatch(n -> n.startsWith("OSTEON_WRITEBACK_HL7_TLS_") && !n.endsWith("_ENABLED"));
        assertThat(pod(jvmTrust).getVolumes()).extracting(Volume::getName).doesNotContain("hl7-tls");

        // The schema refuses a store without the Secret that holds it.
        assertThatThrownBy(() -> Manifests.render(t -> t.set("worklist.writeback.hl7.tls.enabled", true)))
                .hasMessageContaining("existingSecret");
        assertThatThrownBy(() -> Manifests.render(t -> t.set("worklist.writeback.hl7.tls.enabled", true)
                        .set("worklist.writeback.hl7.tls.trustStoreKey", "")
                        .set("worklist.writeback.hl7.tls.keyStoreKey", "keystore.p12")))
                .hasMessageContaining("existingSecret");
        assertThatThrownBy(
                        () -> Manifests.render(t -> t.set("worklist.writeback.hl7.tls.existingSecret", "Osteon RIS")))
                .hasMessageContaining("existingSecret");
    }

    @Test
    void shouldRunTwoWorklistReplicasInProductionSharingOneSessionKey() {
        Deployment production = Manifests.production().deployment("worklist");
        assertThat(production.getSpec().getReplicas()).isEqualTo(2);
        assertThat(ChartAssertions.secretKeyRef(production, "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-worklist-session", "session-encryption-key"));
        assertThat(env(production, "OSTEON_WRITEBACK_LEASE_TTL")).isEqualTo("90s");

        Deployment single = Manifests.defaults().deployment("worklist");
        assertThat(envNames(single)).doesNotContain("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY");
        // Each replica would sign its own sessions: a page would be signed out whenever it reached the other.
        assertThatThrownBy(() -> Manifests.render(t -> t.set("worklist.replicas", 2)))
                .hasMessageContaining("sessionKeySecret");
    }

    @Test
    void shouldSealWebhookSecretsWithAKeyFromAnExistingSecretOnlyWhenOneIsNamed() {
        Deployment defaults = Manifests.defaults().deployment("worklist");
        assertThat(envNames(defaults)).doesNotContain("OSTEON_ALERTS_SECRET_ENCRYPTION_KEY");

        Manifests production = Manifests.production();
        assertThat(ChartAssertions.secretKeyRef(
                        production.deployment("worklist"), "OSTEON_ALERTS_SECRET_ENCRYPTION_KEY"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-alerts-key", "secret-encryption-key"));
        // Only the worklist adapter holds webhook subscriptions.
        for (String other : List.of("gateway", "streams", "scoring")) {
            assertThat(container(production.deployment(other)).getEnv())
                    .as(other)
                    .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("OSTEON_ALERTS_SECRET_ENCRYPTION_KEY"))
                    .noneSatisfy(e -> assertThat(e.getValueFrom())
                            .extracting(v -> v == null ? null : v.getSecretKeyRef())
                            .extracting(r -> r == null ? null : r.getKey())
                            .isEqualTo("secret-encryption-key"));
        }
    }

    @Test
    void shouldRefuseWebhookTargetsInsideTheClusterUnlessValuesAllowThem() {
        Deployment defaults = Manifests.defaults().deployment("worklist");
        assertThat(envNames(defaults))
                .doesNotContain("OSTEON_ALERTS_WEBHOOK_ALLOWED_TARGETS", "OSTEON_ALERTS_WEBHOOK_CLUSTER_CIDRS");

        // Production names the cluster's pod and service ranges and allows no internal target.
        Deployment production = Manifests.production().deployment("worklist");
        assertThat(env(production, "OSTEON_ALERTS_WEBHOOK_CLUSTER_CIDRS")).isEqualTo("10.244.0.0/16,10.96.0.0/12");
        assertThat(envNames(production)).doesNotContain("OSTEON_ALERTS_WEBHOOK_ALLOWED_TARGETS");

        Deployment allowed = Manifests.render(t -> t.set("worklist.alerts.webhookAllowedTargets[0]", "10.40.0.8/32")
                        .set("worklist.alerts.webhookAllowedTargets[1]", "paging.hospital.example")
                        .set("worklist.alerts.webhookAllowedTargets[2]", "fd00:40::8"))
                .deployment("worklist");
        assertThat(env(allowed, "OSTEON_ALERTS_WEBHOOK_ALLOWED_TARGETS"))
                .isEqualTo("10.40.0.8/32,paging.hospital.example,fd00:40::8");

        // /0 would let webhooks reach every internal address; a URL or a list in one item is no target.
        for (String bad : List.of("0.0.0.0/0", "::/0", "https://paging.hospital.example", "10.40.0.8 10.40.0.9", "*")) {
            assertThatThrownBy(() -> Manifests.render(t -> t.set("worklist.alerts.webhookAllowedTargets[0]", bad)))
                    .as(bad)
                    .hasMessageContaining("webhookAllowedTargets");
        }
        for (String bad : List.of("10.96.0.1", "10.96.0.0/0", "cluster.local")) {
            assertThatThrownBy(() -> Manifests.render(t -> t.set("worklist.alerts.webhookClusterCidrs[0]", bad)))
                    .as(bad)
                    .hasMessageContaining("webhookClusterCidrs");
        }
    }

    @Test
    void shouldMarkEveryCookieSecureInProductionBehindHttps() {
        assertThat(env(Manifests.defaults().deployment("worklist"), "OSTEON_WEB_SECURE_COOKIES"))
                .isEqualTo("auto");
        assertThat(env(Manifests.production().deployment("worklist"), "OSTEON_WEB_SECURE_COOKIES"))
                .isEqualTo("always");
        assertThatThrownBy(() -> Manifests.render(t -> t.set("worklist.web.secureCookies", "never")))
                .hasMessageContaining("secureCookies");
    }

    private static NetworkPolicy policy(Manifests m, String name) {
        return m.ofType(NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
    }

    private static List<Integer> egressPorts(NetworkPolicy policy) {
        return policy.getSpec().getEgress().stream()
                .flatMap(r -> r.getPorts().stream())
                .map(p -> p.getPort().getIntVal())
                .toList();
    }

    @Test
    void shouldScoreOnAGpuOnlyWhenTold() {
        assertNoGpu(Manifests.defaults().deployment("scoring"));
        Deployment gpu = Manifests.production().deployment("scoring");
        assertGpu(gpu, 1);
        // The GPU is added to the limits from values, not in place of them.
        assertThat(container(gpu).getResources().getLimits().get("memory").toString())
                .isEqualTo("8Gi");
        assertThat(pod(gpu).getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    }

    private static final String PIN_A = "ab".repeat(32);
    private static final String PIN_B = "CD".repeat(32);

    @Test
    void shouldNeverSwapModelsUnlessValuesTurnItOn() {
        for (Manifests m : List.of(Manifests.defaults(), Manifests.production())) {
            Deployment scoring = m.deployment("scoring");
            assertThat(env(scoring, "OSTEON_SCORING_MODEL_SWAP_ENABLED")).isEqualTo("false");
            assertThat(envNames(scoring))
                    .doesNotContain(
                            "OSTEON_SCORING_MODELS_ROOT",
                            "OSTEON_SCORING_MODEL_SWAP_PINNED_SHA256",
                            "MP_JWT_VERIFY_ISSUER",
                            "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            assertThat(pod(scoring).getVolumes()).extracting(Volume::getName).doesNotContain("models", "swap-jwt");
            assertThat(egressPorts(policy(m, "osteon-scoring"))).doesNotContain(443);
        }
        // The token settings serve the swap endpoint only: with swap off they are neither set nor reached.
        Manifests off =
                Manifests.render(t -> t.set("scoring.modelSwap.jwtIssuer", "https://idp.hospital.example/realms/osteon")
                        .set(
                                "scoring.modelSwap.jwtPublicKeyLocation",
                                "https://idp.hospital.example/realms/osteon/protocol/openid-connect/certs"));
        assertThat(envNames(off.deployment("scoring")))
                .doesNotContain("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        assertThat(egressPorts(policy(off, "osteon-scoring"))).doesNotContain(443);
    }

    @Test
    void shouldSwapOnlyPinnedModelsFromTheModelsRootForAnAdminTokenWhenTurnedOn() {
        Manifests m = Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION)
                .set("scoring.modelSwap.enabled", true)
                .set("scoring.modelSwap.modelsRoot", "/var/osteon/models")
                .set("scoring.modelSwap.modelsClaim", "osteon-models")
                .set("scoring.modelSwap.pinnedSha256[0]", PIN_A)
                .set("scoring.modelSwap.pinnedSha256[1]", PIN_B)
                .set("scoring.modelSwap.jwtIssuer", "https://idp.hospital.example/realms/osteon")
                .set(
                        "scoring.modelSwap.jwtPublicKeyLocation",
                        "https://idp.hospital.example/realms/osteon/protocol/openid-connect/certs")
                .set("scoring.modelSwap.egress.to[0].ipBlock.cidr", "10.30.0.10/32"));
        Deployment d = m.deployment("scoring");
        assertThat(env(d, "OSTEON_SCORING_MODEL_SWAP_ENABLED")).isEqualTo("true");
        assertThat(env(d, "OSTEON_SCORING_MODELS_ROOT")).isEqualTo("/var/osteon/models");
        assertThat(env(d, "OSTEON_SCORING_MODEL_SWAP_PINNED_SHA256")).isEqualTo(PIN_A + "," + PIN_B);
        assertThat(env(d, "MP_JWT_VERIFY_ISSUER")).isEqualTo("https://idp.hospital.example/realms/osteon");
        assertThat(env(d, "MP_JWT_VERIFY_PUBLICKEY_LOCATION"))
                .isEqualTo("https://idp.hospital.example/realms/osteon/protocol/openid-connect/certs");
        // The candidates are read-only at the models root; the image's own model stays where it was.
        assertThat(env(d, "OSTEON_SCORING_MODEL_DIR")).isEqualTo("/opt/osteon/models/default");
        assertThat(volume(d, "models").getPersistentVolumeClaim())
                .satisfies(c -> assertThat(c.getClaimName()).isEqualTo("osteon-models"))
                .satisfies(c -> assertThat(c.getReadOnly()).isTrue());
        assertThat(container(d).getVolumeMounts())
                .filteredOn(v -> v.getName().equals("models"))
                .singleElement()
                .satisfies(v -> assertThat(v.getMountPath()).isEqualTo("/var/osteon/models"))
                .satisfies(v -> assertThat(v.getReadOnly()).isTrue());
        // Still the research zone, still no secret inline; the JWKS is reached on its port only, at its address.
        assertScoringOutsidePhiZone(m);
        assertNoInlineSecrets(m);
        assertNetworkPolicies(m, DICOM_PORT, POSTGRES_PORT);
        assertThat(policy(m, "osteon-scoring").getSpec().getEgress())
                .filteredOn(r -> r.getTo() != null && r.getTo().stream().anyMatch(p -> p.getIpBlock() != null))
                .singleElement()
                .satisfies(r -> assertThat(r.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .containsExactly(443))
                .satisfies(r -> assertThat(r.getTo())
                        .singleElement()
                        .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.30.0.10/32")));

        // A PEM key from a ConfigMap: mounted read-only, no egress to an identity provider.
        Manifests pem = Manifests.render(t -> t.set("scoring.modelSwap.enabled", true)
                .set("scoring.modelSwap.modelsRoot", "/opt/osteon/models")
                .set("scoring.modelSwap.pinnedSha256[0]", PIN_A)
                .set("scoring.modelSwap.jwtIssuer", "https://idp.hospital.example/realms/osteon")
                .set("scoring.modelSwap.jwtPublicKeyLocation", "/etc/osteon/swap-jwt/publicKey.pem")
                .set("scoring.modelSwap.publicKeyConfigMap", "osteon-swap-jwt"));
        Deployment withPem = pem.deployment("scoring");
        assertThat(env(withPem, "MP_JWT_VERIFY_PUBLICKEY_LOCATION")).isEqualTo("/etc/osteon/swap-jwt/publicKey.pem");
        assertThat(volume(withPem, "swap-jwt").getConfigMap().getName()).isEqualTo("osteon-swap-jwt");
        assertThat(container(withPem).getVolumeMounts())
                .filteredOn(v -> v.getName().equals("swap-jwt"))
                .singleElement()
                .satisfies(v -> assertThat(v.getReadOnly()).isTrue());
        assertThat(pod(withPem).getVolumes()).extracting(Volume::getName).doesNotContain("models");
        assertThat(egressPorts(policy(pem, "osteon-scoring"))).doesNotContain(443);
    }

    @Test
    void shouldRefuseAModelSwapWithoutItsRootOrAPinnedDigest() {
        // Scoring would refuse to start; the schema refuses before anything is applied.
        assertThatThrownBy(() -> Manifests.render(
                        t -> t.set("scoring.modelSwap.enabled", true).set("scoring.modelSwap.pinnedSha256[0]", PIN_A)))
                .hasMessageContaining("schema")
                .hasMessageContaining("modelsRoot");
        assertThatThrownBy(() -> Manifests.render(t -> t.set("scoring.modelSwap.enabled", true)
                        .set("scoring.modelSwap.modelsRoot", "/var/osteon/models")))
                .hasMessageContaining("schema")
                .hasMessageContaining("pinnedSha256");
        for (String pin : List.of("ab".repeat(31) + "a", "gg".repeat(32), PIN_A + "," + PIN_B)) {
            assertThatThrownBy(() -> Manifests.render(t -> t.set("scoring.modelSwap.pinnedSha256[0]", pin)))
                    .as(pin)
                    .hasMessageContaining("pinnedSha256");
        }
        // A relative root, or / itself, would confine nothing.
        for (String root : List.of("models", "/")) {
            assertThatThrownBy(() -> Manifests.render(t -> t.set("scoring.modelSwap.modelsRoot", root)))
                    .as(root)
                    .hasMessageContaining("modelsRoot");
        }
        assertThatThrownBy(() ->
                        Manifests.render(t -> t.set("scoring.modelSwap.jwtPublicKeyLocation", "http://idp/certs")))
                .hasMessageContaining("jwtPublicKeyLocation");
    }

    @Test
    void shouldRunProductionWithTwoReplicasOfEveryService() {
        // Production scales with KEDA, which owns the replica count; its floor is what matters.
        Manifests m = Manifests.production();
        // Two worklist adapters: the write-back lease lets one send at a time.
        assertThat(m.deployment("worklist").getSpec().getReplicas()).isEqualTo(2);
        for (GenericKubernetesResource so : m.ofKind("keda.sh/v1alpha1", "ScaledObject")) {
            assertThat((Integer) so.get("spec", "minReplicaCount"))
                    .as(so.getMetadata().getName())
                    .isGreaterThanOrEqualTo(2);
        }
        // The gateway scales on nothing: a fixed count, two so that a drain or a rollout never closes ingest.
        assertThat(m.deployment("gateway").getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(m.ofType(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class))
                .hasSize(4);
    }

    @Test
    void shouldAutoscaleStreamsAndScoringOnConsumerLagOnlyWhenKedaIsOn() {
        assertThat(Manifests.defaults().kinds()).doesNotContain("ScaledObject");
        assertThat(Manifests.defaults().deployment("scoring").getSpec().getReplicas())
                .isEqualTo(1);

        Manifests m = Manifests.production();
        List<GenericKubernetesResource> scaled = m.ofKind("keda.sh/v1alpha1", "ScaledObject");
        assertThat(scaled)
                .extracting(s -> (String) s.get("spec", "scaleTargetRef", "name"))
                .containsExactlyInAnyOrder("osteon-streams", "osteon-scoring");
        GenericKubernetesResource scoring = scaled.stream()
                .filter(s -> s.get("spec", "scaleTargetRef", "name").equals("osteon-scoring"))
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> triggers = scoring.get("spec", "triggers");
        assertThat(triggers).singleElement().satisfies(t -> {
            assertThat(t.get("type")).isEqualTo("kafka");
            @SuppressWarnings("unchecked")
            Map<String, Object> md = (Map<String, Object>) t.get("metadata");
            assertThat(md)
                    .containsEntry("bootstrapServers", "osteon-kafka-bootstrap.kafka.svc:9093")
                    .containsEntry("consumerGroup", "osteon-scoring")
                    .containsEntry("topic", "radiograph-deidentified-v1")
                    .containsEntry("lagThreshold", "20");
            assertThat(t).containsEntry("authenticationRef", Map.of("name", "osteon-kafka-keda"));
        });
        // A Deployment replica count would fight KEDA's HPA on every upgrade.
        assertThat(m.deployment("scoring").getSpec().getReplicas()).isNull();
        assertThat(m.deployment("streams").getSpec().getReplicas()).isNull();
        // The gateway has no consumer lag to scale on: KEDA leaves it alone and values set its count.
        assertThat(m.deployment("gateway").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void shouldDeclareEveryTopicAsAStrimziKafkaTopicWithPartitionsFromValues() {
        assertThat(Manifests.defaults().kinds()).doesNotContain("KafkaTopic", "KafkaUser");
        Manifests m = Manifests.production();
        List<GenericKubernetesResource> topics = m.ofKind("kafka.strimzi.io/v1beta2", "KafkaTopic");
        assertThat(topics)
                .extracting(t -> t.getMetadata().getName())
                .contains(
                        "phi-radiograph-received-v1",
                        "radiograph-deidentified-v1",
                        "radiograph-scored-v1",
                        "radiograph-scored-shadow-v1",
                        "triage-decision-v1",
                        "worklist-priority-changed-v1",
                        "dead-letter-v1",
                        "phi-dead-letter-v1",
                        "phi-deid-audit-v1");
        assertThat(topics).allSatisfy(t -> {
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "osteon");
            assertThat((Integer) t.get("spec", "partitions")).isEqualTo(12);
            assertThat((Integer) t.get("spec", "replicas")).isEqualTo(3);
        });
        // The KafkaTopic resources own the topics; the app must not race them.
        assertThat(env(m.deployment("gateway"), "OSTEON_TOPICS_CREATE")).isEqualTo("false");
        assertThat(env(m.deployment("streams"), "OSTEON_TOPICS_CREATE")).isEqualTo("false");
        assertThat(env(Manifests.defaults().deployment("gateway"), "OSTEON_TOPICS_CREATE"))
                .isEqualTo("true");
    }

    @Test
    void shouldDeclareEveryTopicOfTheRegistry() throws IOException {
        // The registry is the one source of topic names; a topic added there and not in values.yaml would
        // have no KafkaTopic and no ACL, and its first produce would be denied in production.
        String registry = Files.readString(Path.of("../schemas/src/main/java/org/osteon/schemas/topic/Topics.java"));
        List<String> registered = Pattern.compile("topic\\(\\s*\"([a-z0-9.-]+)\"")
                .matcher(registry)
                .results()
                .map(r -> r.group(1))
                .toList();
        assertThat(registered).as("topic names found in Topics.java").isNotEmpty();
        List<String> declared = Manifests.production().ofKind("kafka.strimzi.io/v1beta2", "KafkaTopic").stream()
                .map(t -> t.getMetadata().getName())
                .toList();
        assertThat(declared).containsAll(registered);
    }

    @Test
    void shouldGrantEachPrincipalOnlyItsOwnTopics() {
        Manifests m = Manifests.production();
        assertKafkaUsers(m);
        Map<String, GenericKubernetesResource> users = new HashMap<>();
        m.ofKind("kafka.strimzi.io/v1beta2", "KafkaUser")
                .forEach(u -> users.put(u.getMetadata().getName(), u));

        assertThat(topicGrants(users.get("osteon-scoring")))
                .containsExactlyInAnyOrder(
                        "Read radiograph-deidentified-v1",
                        "Write radiograph-scored-v1",
                        "Write radiograph-scored-shadow-v1",
                        "Write dead-letter-v1");
        // The gateway produces what it received and the dead letters of what it refused, and nothing else: no
        // topic to read, no consumer group, no transactional id, no internal topics.
        assertThat(topicGrants(users.get("osteon-gateway")))
                .containsExactlyInAnyOrder("Write phi-radiograph-received-v1", "Write phi-dead-letter-v1");
        // Streams consumes what the gateway produced and no longer produces it.
        assertThat(topicGrants(users.get("osteon-streams")))
                .containsExactlyInAnyOrder(
                        "Read phi-radiograph-received-v1",
                        "Read radiograph-deidentified-v1",
                        "Read radiograph-scored-v1",
                        "Read triage-decision-v1",
                        "Read triage-feedback-v1",
                        "Read worklist-priority-changed-v1",
                        "Write radiograph-deidentified-v1",
                        "Write phi-deid-audit-v1",
                        "Write triage-decision-v1",
                        "Write phi-dead-letter-v1",
                        "Write dead-letter-v1",
                        "Write triage-metrics-v1");
        assertThat(ChartAssertions.acls(users.get("osteon-streams")))
                .extracting(acl -> String.valueOf(((Map<?, ?>) acl.get("resource")).get("type")))
                .contains("group", "transactionalId");
        assertThat(topicGrants(users.get("osteon-worklist")))
                .contains(
                        "Read phi-radiograph-received-v1",
                        "Read triage-decision-v1",
                        "Write worklist-priority-changed-v1",
                        "Write dead-letter-v1",
                        "Write phi-dead-letter-v1")
                .noneMatch(g -> g.startsWith("Read radiograph-"));

        // Every granted topic exists as a KafkaTopic, so a typo in values shows up here, not as a denied produce.
        List<String> declared = m.ofKind("kafka.strimzi.io/v1beta2", "KafkaTopic").stream()
                .map(t -> t.getMetadata().getName())
                .toList();
        users.values()
                .forEach(u -> assertThat(topicGrants(u))
                        .allSatisfy(g -> assertThat(declared).contains(g.split(" ")[1])));
    }

    // The results writer and delivery: a Deployment of their own, in the gateway image, with ingest off.

    /** Production plus two destinations: a PACS by C-STORE over DICOM TLS, an archive by STOW-RS over https. */
    private static final Path RESULTS_VALUES = Path.of("src/test/resources/values-results.yaml");

    private static Manifests withDestinations() {
        return Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION).withValuesFile(RESULTS_VALUES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldRenderNoResultsPodPrincipalOrPolicyWithoutADestination(String which) {
        // The app would not run the writer without a destination either: objects nobody receives are not made.
        Manifests m = values(which);
        assertThat(m.all())
                .as("results resources without a destination")
                .noneMatch(r -> r.getMetadata().getName().equals(ChartAssertions.RESULTS));
        assertThat(m.ofType(Deployment.class))
                .allSatisfy(d -> assertThat(envNames(d)).noneMatch(n -> n.startsWith("OSTEON_RESULTS_")));
        if (which.equals("production")) {
            assertKafkaUsers(m);
            // The outbox topics exist all the same, so a destination added later needs no topic change.
            assertThat(m.ofKind("kafka.strimzi.io/v1beta2", "KafkaTopic"))
                    .extracting(t -> t.getMetadata().getName())
                    .contains("phi-result-object-v1", "phi-result-delivery-v1");
        }
    }

    @Test
    void shouldRunTheResultsWriterApartFromTheGatewayWithEachDestinationFromValues() {
        Manifests m = withDestinations();
        ChartAssertions.assertResultsApart(m);
        assertGatewayApart(m, DICOM_PORT);
        assertNoInlineSecrets(m);
        assertPseudonymKeysSeparated(m);
        assertScoringOutsidePhiZone(m);
        assertDisruptionBudgets(m);
        Deployment d = m.deployment("results");
        assertNonRoot(d);
        assertResources(d);
        assertThat(List.of(
                        container(d).getStartupProbe().getHttpGet().getPort(),
                        container(d).getReadinessProbe().getHttpGet().getPort(),
                        container(d).getLivenessProbe().getHttpGet().getPort()))
                .as("results probes on the management port")
                .containsOnly(new IntOrString("management"));

        // Its own principal, over the same secured cluster; the KafkaTopics own the topics.
        assertThat(secretRef(d, "KAFKA_SASL_JAAS_CONFIG").getName()).isEqualTo("osteon-results");
        assertThat(env(d, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
        assertThat(env(d, "OSTEON_TOPICS_CREATE")).isEqualTo("false");
        assertThat(env(d, "OSTEON_RESULTS_CALLING_AE_TITLE")).isEqualTo("OSTEON");
        assertThat(env(d, "OSTEON_RESULTS_MAX_ATTEMPTS")).isEqualTo("8");
        assertThat(env(d, "OSTEON_RESULTS_INITIAL_BACKOFF")).isEqualTo("1s");
        assertThat(env(d, "OSTEON_RESULTS_MAX_BACKOFF")).isEqualTo("30s");
        assertThat(env(d, "OSTEON_RESULTS_TIMEOUT")).isEqualTo("30s");

        // Each destination by its name, upper-cased into the variable; nothing else names one.
        assertThat(envNames(d))
                .filteredOn(n -> n.startsWith("OSTEON_RESULTS_DESTINATIONS_"))
                .extracting(n ->
                        n.substring("OSTEON_RESULTS_DESTINATIONS_".length()).split("_")[0])
                .containsOnly("PACS", "ARCHIVE");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_PROTOCOL")).isEqualTo("dimse");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_HOST")).isEqualTo("pacs.hospital.example");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_PORT")).isEqualTo("2762");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_AE_TITLE")).isEqualTo("PACS");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_TLS_ENABLED")).isEqualTo("true");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_TLS_TRUST_STORE"))
                .isEqualTo("/etc/osteon/results-tls/pacs/truststore.p12");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_TLS_KEY_STORE"))
                .isEqualTo("/etc/osteon/results-tls/pacs/keystore.p12");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_PACS_TLS_KEY_STORE_TYPE"))
                .isEqualTo("PKCS12");
        assertThat(secretRef(d, "OSTEON_RESULTS_DESTINATIONS_PACS_TLS_TRUST_STORE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-pacs-tls", "truststore-password"));
        assertThat(secretRef(d, "OSTEON_RESULTS_DESTINATIONS_PACS_TLS_KEY_STORE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-pacs-tls", "keystore-password"));
        assertThat(envNames(d))
                .as("no STOW-RS settings on a C-STORE destination")
                .doesNotContain("OSTEON_RESULTS_DESTINATIONS_PACS_URL", "OSTEON_RESULTS_DESTINATIONS_PACS_USERNAME");

        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_PROTOCOL")).isEqualTo("stow-rs");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_URL"))
                .isEqualTo("https://dicomweb.hospital.example:8443/dicom-web");
        assertThat(secretRef(d, "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_USERNAME"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-archive-stow", "username"));
        assertThat(secretRef(d, "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-archive-stow", "password"));
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_TLS_ENABLED")).isEqualTo("true");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_TLS_TRUST_STORE"))
                .isEqualTo("/etc/osteon/results-tls/archive/ca.p12");
        assertThat(secretRef(d, "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_TLS_TRUST_STORE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-archive-tls", "ca-password"));
        assertThat(envNames(d))
                .doesNotContain(
                        "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_BEARER_TOKEN",
                        "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_TLS_KEY_STORE",
                        "OSTEON_RESULTS_DESTINATIONS_ARCHIVE_HOST");

        // Only the stores become files, read-only, one folder per destination; the passwords never do.
        Volume pacsTls = volume(d, "results-tls-pacs");
        assertThat(pacsTls.getSecret().getSecretName()).isEqualTo("osteon-pacs-tls");
        assertThat(pacsTls.getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(pacsTls.getSecret().getItems())
                .extracting(i -> i.getKey())
                .containsExactlyInAnyOrder("truststore.p12", "keystore.p12");
        Volume archiveTls = volume(d, "results-tls-archive");
        assertThat(archiveTls.getSecret().getSecretName()).isEqualTo("osteon-archive-tls");
        assertThat(archiveTls.getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(archiveTls.getSecret().getItems())
                .extracting(i -> i.getKey())
                .containsExactly("ca.p12");
        assertThat(container(d).getVolumeMounts())
                .filteredOn(v -> v.getName().startsWith("results-tls-"))
                .extracting(v -> v.getName() + " " + v.getMountPath() + " " + v.getReadOnly())
                .containsExactlyInAnyOrder(
                        "results-tls-pacs /etc/osteon/results-tls/pacs true",
                        "results-tls-archive /etc/osteon/results-tls/archive true");

        // The destinations' settings and Secrets stay with the results pod.
        for (String other : List.of("gateway", "streams", "scoring", "worklist")) {
            assertThat(envNames(m.deployment(other))).as(other).noneMatch(n -> n.startsWith("OSTEON_RESULTS_"));
            assertThat(pod(m.deployment(other)).getVolumes())
                    .extracting(Volume::getName)
                    .as(other)
                    .noneMatch(n -> n.startsWith("results-tls-"));
        }
    }

    @Test
    void shouldGrantTheResultsPrincipalExactlyItsTopicsGroupsAndTransactionalIds() {
        Manifests m = withDestinations();
        assertKafkaUsers(m);
        Map<String, GenericKubernetesResource> users = new HashMap<>();
        m.ofKind("kafka.strimzi.io/v1beta2", "KafkaUser")
                .forEach(u -> users.put(u.getMetadata().getName(), u));
        GenericKubernetesResource results = users.get("osteon-results");
        assertThat(topicGrants(results))
                .containsExactlyInAnyOrder(
                        "Read triage-decision-v1",
                        "Read phi-deid-audit-v1",
                        "Read phi-result-object-v1",
                        "Write phi-result-object-v1",
                        "Write phi-result-delivery-v1",
                        "Write phi-dead-letter-v1");
        // Kafka Streams exactly-once v2: the group and the transactional ids <application.id>-<process>-<n> of
        // phi-result-writer, its changelogs under the same prefix; delivery a literal group per destination.
        assertThat(ChartAssertions.acls(results))
                .filteredOn(acl -> !(((Map<?, ?>) acl.get("resource"))
                                .get("type")
                                .equals("topic")
                        && ((Map<?, ?>) acl.get("resource")).get("patternType").equals("literal")))
                .extracting(acl -> {
                    Map<?, ?> r = (Map<?, ?>) acl.get("resource");
                    return r.get("type") + " " + r.get("patternType") + " " + r.get("name") + " "
                            + acl.get("operations");
                })
                .containsExactlyInAnyOrder(
                        "group literal phi-result-writer [Read, Describe]",
                        "group literal phi-result-delivery-pacs [Read, Describe]",
                        "group literal phi-result-delivery-archive [Read, Describe]",
                        "transactionalId prefix phi-result-writer [Write, Describe]",
                        "topic prefix phi-result-writer [Create, Read, Write, Describe, DescribeConfigs, Delete]");

        // Every other principal, the gateway's first, is exactly what it is without a destination.
        Map<String, GenericKubernetesResource> without = new HashMap<>();
        Manifests.production()
                .ofKind("kafka.strimzi.io/v1beta2", "KafkaUser")
                .forEach(u -> without.put(u.getMetadata().getName(), u));
        assertThat(without).doesNotContainKey("osteon-results");
        without.forEach((name, user) ->
                assertThat(ChartAssertions.acls(users.get(name))).as(name).isEqualTo(ChartAssertions.acls(user)));
        assertThat(topicGrants(users.get("osteon-gateway")))
                .containsExactlyInAnyOrder("Write phi-radiograph-received-v1", "Write phi-dead-letter-v1");

        List<String> declared = m.ofKind("kafka.strimzi.io/v1beta2", "KafkaTopic").stream()
                .map(t -> t.getMetadata().getName())
                .toList();
        assertThat(topicGrants(results)).allSatisfy(g -> assertThat(declared).contains(g.split(" ")[1]));
    }

    @Test
    void shouldLetResultsOutOnlyToEachDestinationsAddressBlockAndPort() {
        Manifests m = withDestinations();
        assertNetworkPolicies(m, DICOM_PORT, POSTGRES_PORT);
        NetworkPolicy results = policy(m, "osteon-results");
        assertThat(results.getSpec().getIngress())
                .singleElement()
                .satisfies(r -> assertThat(r.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .containsExactly(9081))
                .satisfies(r -> assertThat(r.getFrom())
                        .singleElement()
                        .satisfies(p -> assertThat(p.getNamespaceSelector().getMatchLabels())
                                .containsValue("monitoring")));
        assertThat(addressBlocks(results)).containsExactlyInAnyOrder("10.20.0.10/32 [2762]", "10.20.0.20/32 [8443]");
        assertThat(egressPorts(results)).containsExactlyInAnyOrder(9093, 53, 53, 2762, 8443);
        // No other pod reaches the destinations.
        for (String other : List.of("osteon-gateway", "osteon-streams", "osteon-scoring", "osteon-worklist")) {
            assertThat(egressPorts(policy(m, other))).as(other).doesNotContain(2762, 8443);
            assertThat(addressBlocks(policy(m, other)))
                    .as(other)
                    .noneMatch(b -> b.startsWith("10.20.0.10/32") || b.startsWith("10.20.0.20/32"));
        }

        // STOW-RS ports from the URL's scheme; a bearer token instead of Basic; the JVM's trust store.
        Manifests schemes = Manifests.render(t -> t.set("results.destinations.viewer.protocol", "stow-rs")
                .set("results.destinations.viewer.url", "https://viewer.hospital.example/dicom-web")
                .set("results.destinations.viewer.credentialsSecret", "osteon-viewer-token")
                .set("results.destinations.viewer.credentialsType", "bearer")
                .set("results.destinations.viewer.tls.enabled", true)
                .set("results.destinations.viewer.egress.cidr", "10.30.0.5/32")
                .set("results.destinations.lab.protocol", "stow-rs")
                .set("results.destinations.lab.url", "http://10.40.0.7/wado")
                .set("results.destinations.lab.egress.cidr", "fd00:40::7/128"));
        assertNetworkPolicies(schemes, DICOM_PORT, POSTGRES_PORT);
        assertNoInlineSecrets(schemes);
        assertThat(addressBlocks(policy(schemes, "osteon-results")))
                .containsExactlyInAnyOrder("10.30.0.5/32 [443]", "fd00:40::7/128 [80]");
        Deployment d = schemes.deployment("results");
        assertThat(secretRef(d, "OSTEON_RESULTS_DESTINATIONS_VIEWER_BEARER_TOKEN"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-viewer-token", "bearer-token"));
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_VIEWER_TLS_ENABLED")).isEqualTo("true");
        assertThat(env(d, "OSTEON_RESULTS_DESTINATIONS_LAB_TLS_ENABLED")).isEqualTo("false");
        assertThat(envNames(d))
                .doesNotContain(
                        "OSTEON_RESULTS_DESTINATIONS_VIEWER_USERNAME",
                        "OSTEON_RESULTS_DESTINATIONS_VIEWER_PASSWORD",
                        "OSTEON_RESULTS_DESTINATIONS_VIEWER_TLS_TRUST_STORE",
                        "OSTEON_RESULTS_DESTINATIONS_LAB_USERNAME",
                        "OSTEON_RESULTS_DESTINATIONS_LAB_BEARER_TOKEN");
        assertThat(pod(d).getVolumes()).extracting(Volume::getName).noneMatch(n -> n.startsWith("results-tls-"));
        assertThat(env(d, "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-bootstrap:9092");
        assertThat(env(d, "OSTEON_TOPICS_CREATE")).isEqualTo("true");
    }

    /** A destination for the schema tests: a C-STORE SCP, everything given but what the caller leaves out. */
    private static TemplateCommand dimse(TemplateCommand t, String name) {
        String key = "results.destinations." + name + ".";
        return t.set(key + "protocol", "dimse")
                .set(key + "host", "pacs.hospital.example")
                .set(key + "port", 104)
                .set(key + "aeTitle", "PACS");
    }

    @Test
    void shouldRefuseAResultDestinationWithoutAnAddressBlockOrProtocolOrWithABadName() {
        Manifests ok =
                Manifests.render(t -> dimse(t, "pacs").set("results.destinations.pacs.egress.cidr", "10.20.0.10/32"));
        assertThat(addressBlocks(policy(ok, "osteon-results"))).containsExactly("10.20.0.10/32 [104]");

        // Without an address block the NetworkPolicy could only open the port to everywhere, or the PACS not at all.
        assertThatThrownBy(() -> Manifests.render(t -> dimse(t, "pacs"))).hasMessageContaining("egress");
        for (String cidr : List.of("0.0.0.0/0", "::/0", "10.20.0.10", "pacs.hospital.example/32")) {
            assertThatThrownBy(() ->
                            Manifests.render(t -> dimse(t, "pacs").set("results.destinations.pacs.egress.cidr", cidr)))
                    .as(cidr)
                    .hasMessageContaining("cidr");
        }
        assertThatThrownBy(() -> Manifests.render(t -> dimse(t, "pacs")
                        .set("results.destinations.pacs.protocol", "dicomweb")
                        .set("results.destinations.pacs.egress.cidr", "10.20.0.10/32")))
                .hasMessageContaining("protocol");
        // The name becomes OSTEON_RESULTS_DESTINATIONS_<NAME>_*: only lower-case letters and digits map back to it.
        for (String name : List.of("PACS", "main-pacs", "main_pacs", "1pacs", "p".repeat(32))) {
            assertThatThrownBy(() -> Manifests.render(
                            t -> dimse(t, name).set("results.destinations." + name + ".egress.cidr", "10.20.0.10/32")))
                    .as(name)
                    .hasMessageContaining("additional properties '" + name + "' not allowed");
        }
        // What each protocol needs, and nothing of the other's.
        assertThatThrownBy(() -> Manifests.render(t -> t.set("results.destinations.pacs.protocol", "dimse")
                        .set("results.destinations.pacs.egress.cidr", "10.20.0.10/32")))
                .hasMessageContaining("host");
        assertThatThrownBy(() -> Manifests.render(t -> dimse(t, "pacs")
                        .set("results.destinations.pacs.url", "https://pacs.hospital.example/dicom-web")
                        .set("results.destinations.pacs.egress.cidr", "10.20.0.10/32")))
                .hasMessageContaining("url");
        assertThatThrownBy(() -> Manifests.render(t -> t.set("results.destinations.web.protocol", "stow-rs")
                        .set("results.destinations.web.egress.cidr", "10.20.0.10/32")))
                .hasMessageContaining("url");
        // https exactly with TLS, as the app requires at start-up.
        assertThatThrownBy(() -> Manifests.render(t -> t.set("results.destinations.web.protocol", "stow-rs")
                        .set("results.destinations.web.url", "https://pacs.hospital.example/dicom-web")
                        .set("results.destinations.web.egress.cidr", "10.20.0.10/32")))
                .hasMessageContaining("tls");
        assertThatThrownBy(() -> Manifests.render(t -> t.set("results.destinations.web.protocol", "stow-rs")
                        .set("results.destinations.web.url", "http://pacs.hospital.example/dicom-web")
                        .set("results.destinations.web.tls.enabled", true)
                        .set("results.destinations.web.egress.cidr", "10.20.0.10/32")))
                .hasMessageContaining("enabled");
        // Secrets by reference only: a store needs the Secret that holds it, and no credential is a value.
        assertThatThrownBy(() -> Manifests.render(t -> dimse(t, "pacs")
                        .set("results.destinations.pacs.tls.enabled", true)
                        .set("results.destinations.pacs.tls.trustStoreKey", "truststore.p12")
                        .set("results.destinations.pacs.egress.cidr", "10.20.0.10/32")))
                .hasMessageContaining("existingSecret");
        for (String inline : List.of("password", "username", "bearerToken", "tls.trustStorePassword")) {
            assertThatThrownBy(() -> Manifests.render(t -> t.set("results.destinations.web.protocol", "stow-rs")
                            .set("results.destinations.web.url", "http://pacs.hospital.example/dicom-web")
                            .set("results.destinations.web.egress.cidr", "10.20.0.10/32")
                            .set("results.destinations.web." + inline, "s3cr3t-inline-value")))
                    .as(inline)
                    .hasMessageContaining("additional properties '" + inline.substring(inline.lastIndexOf('.') + 1)
                            + "' not allowed");
        }
    }

    private static List<String> addressBlocks(NetworkPolicy policy) {
        return policy.getSpec().getEgress().stream()
                .filter(r -> r.getTo() != null && r.getTo().stream().anyMatch(p -> p.getIpBlock() != null))
                .map(r -> {
                    assertThat(r.getTo()).as("one address block per rule").singleElement();
                    return r.getTo().get(0).getIpBlock().getCidr() + " "
                            + r.getPorts().stream()
                                    .map(p ->
                                            p.getProtocol() + "/" + p.getPort().getIntVal())
                                    .toList();
                })
                .map(s -> s.replace("TCP/", ""))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldShipTheTriageDashboardForTheGrafanaSidecarOverTheMetricsTheAppServes(String which) throws IOException {
        ConfigMap map = values(which).ofType(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(Manifests.RELEASE + "-grafana-dashboards"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dashboards ConfigMap"));
        assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode dashboard = new ObjectMapper().readTree(map.getData().get("osteon-triage.json"));
        assertThat(dashboard.path("uid").asText()).isEqualTo("osteon-triage");
        assertThat(dashboard.path("title").asText()).contains("NOT FOR CLINICAL USE");
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
                .contains("datasource", "site", "model");

        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                // Every query goes to the datasource the importer picks, never to a uid of one Grafana.
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                exprs.add(target.path("expr").asText());
            }
        }
        List<String> queried = exprs.stream()
                .flatMap(e -> METRIC.matcher(e).results().map(r -> r.group()))
                .distinct()
                .toList();
        // The names the streams app registers (TriageGauges); TriageGaugesTest checks Prometheus renders them so.
        String gauges =
                Files.readString(Path.of("../streams/src/main/java/org/osteon/streams/analytics/TriageGauges.java"));
        List<String> served = Pattern.compile("\"(osteon_[a-z0-9_]+)\"")
                .matcher(gauges)
                .results()
                .map(r -> r.group(1))
                .toList();
        assertThat(served).as("metric names found in TriageGauges.java").isNotEmpty();
        assertThat(served)
                .as("every metric the dashboard queries is one the app serves")
                .containsAll(queried);
        assertThat(queried)
                .contains(
                        "osteon_triage_psi",
                        "osteon_triage_escalation_rate",
                        "osteon_triage_review_rate",
                        "osteon_triage_ppv",
                        "osteon_triage_sensitivity",
                        "osteon_triage_receipt_to_worklist_seconds");

        JsonNode psi = panel(dashboard, "osteon_triage_psi{");
        assertThat(psi.path("fieldConfig")
                        .path("defaults")
                        .path("thresholds")
                        .path("steps")
                        .findValuesAsText("value"))
                .as("the PSI panel marks the 0.2 rule of thumb")
                .contains("0.2");
    }

    @Test
    void shouldConfigureTheAnalyticsJobFromValues() {
        Deployment defaults = Manifests.defaults().deployment("streams");
        assertThat(env(defaults, "OSTEON_ANALYTICS_ENABLED")).isEqualTo("true");
        assertThat(env(defaults, "OSTEON_ANALYTICS_WINDOW")).isEqualTo("PT1M");
        assertThat(env(defaults, "OSTEON_ANALYTICS_GRACE")).isEqualTo("PT10S");
        assertThat(env(defaults, "OSTEON_ANALYTICS_PSI_BASELINE_SIZE")).isEqualTo("500");
        assertThat(env(defaults, "OSTEON_ANALYTICS_PSI_MIN_SCORES")).isEqualTo("100");
        assertThat(env(defaults, "OSTEON_ANALYTICS_PSI_DRIFT_THRESHOLD")).isEqualTo("0.2");
        assertThat(env(Manifests.production().deployment("streams"), "OSTEON_ANALYTICS_WINDOW"))
                .isEqualTo("PT15M");
        // Helm renders large numbers as floats ("1e+06") unless the template makes them integers.
        assertThat(env(
                        Manifests.render(t -> t.set("streams.analytics.psiBaselineSize", 1000000))
                                .deployment("streams"),
                        "OSTEON_ANALYTICS_PSI_BASELINE_SIZE"))
                .isEqualTo("1000000");
        assertThatThrownBy(() -> Manifests.render(t -> t.set("streams.analytics.window", "soon")))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> Manifests.render(t -> t.set("streams.analytics.psiDriftThreshold", 0)))
                .hasMessageContaining("psiDriftThreshold");
    }

    @Test
    void shouldLeaveTheDashboardOutWhenTold() {
        assertThat(Manifests.render(t -> t.set("grafana.dashboards.enabled", false))
                        .ofType(ConfigMap.class))
                .noneMatch(c -> c.getMetadata().getLabels() != null
                        && "1".equals(c.getMetadata().getLabels().get("grafana_dashboard")));
    }

    private static final Pattern METRIC = Pattern.compile("osteon_[a-z0-9_]+");

    private static JsonNode panel(JsonNode dashboard, String exprPart) {
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (target.path("expr").asText().startsWith(exprPart)) {
                    return panel;
                }
            }
        }
        throw new AssertionError("no panel queries " + exprPart);
    }

    @Test
    void shouldConnectEveryServiceOverSaslSslInProduction() {
        Manifests m = Manifests.production();
        for (String service : HTTP_PORTS.keySet()) {
            Deployment d = m.deployment(service);
            assertThat(env(d, "KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
            assertThat(env(d, "KAFKA_SSL_TRUSTSTORE_LOCATION")).startsWith("/etc/osteon/kafka-ca/");
            var jaas = container(d).getEnv().stream()
                    .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                    .findFirst()
                    .orElseThrow();
            assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).isEqualTo("osteon-" + service);
        }
        assertThat(env(m.deployment("streams"), "QUARKUS_KAFKA_STREAMS_SECURITY_PROTOCOL"))
                .isEqualTo("SASL_SSL");
        // The gateway's plain producer takes kafka.* only, with its own principal.
        assertThat(envNames(m.deployment("gateway"))).noneMatch(n -> n.startsWith("QUARKUS_KAFKA_STREAMS_"));
    }

    // The DICOM gateway: who may associate, TLS, STOW-RS tokens, and monitoring apart from ingest.

    @Test
    void shouldRefuseEveryCallingAeUnlessAnAllowListOrAllowAnyIsSet() {
        Deployment defaults = Manifests.defaults().deployment("gateway");
        // Fail closed: no list and no allow-any means the gateway refuses every association.
        assertThat(env(defaults, "OSTEON_GATEWAY_DICOM_ALLOW_ANY_CALLING_AE")).isEqualTo("false");
        assertThat(envNames(defaults)).doesNotContain("OSTEON_GATEWAY_DICOM_ALLOWED_CALLING_AE_TITLES");

        Deployment production = Manifests.production().deployment("gateway");
        assertThat(env(production, "OSTEON_GATEWAY_DICOM_ALLOWED_CALLING_AE_TITLES"))
                .isEqualTo("PACS");
        assertThat(env(production, "OSTEON_GATEWAY_DICOM_ALLOW_ANY_CALLING_AE")).isEqualTo("false");

        Deployment two = Manifests.render(t -> t.set("gateway.allowedCallingAeTitles[0]", "PACS")
                        .set("gateway.allowedCallingAeTitles[1]", "CR_ROOM_1"))
                .deployment("gateway");
        assertThat(env(two, "OSTEON_GATEWAY_DICOM_ALLOWED_CALLING_AE_TITLES")).isEqualTo("PACS,CR_ROOM_1");
        assertThat(env(
                        Manifests.render(t -> t.set("gateway.allowAnyCallingAe", true))
                                .deployment("gateway"),
                        "OSTEON_GATEWAY_DICOM_ALLOW_ANY_CALLING_AE"))
                .isEqualTo("true");
        // A comma would split one title in two; a backslash is not allowed in an AE title; 16 characters at most.
        for (String bad : List.of("PACS,CT", "PACS\\CT", "SEVENTEEN_CHARS_X")) {
            assertThatThrownBy(() -> Manifests.render(t -> t.set("gateway.allowedCallingAeTitles[0]", bad)))
                    .as(bad)
                    .hasMessageContaining("allowedCallingAeTitles");
        }
    }

    @Test
    void shouldServeDicomOverTlsWithStoresAndPasswordsFromAnExistingSecret() {
        Deployment defaults = Manifests.defaults().deployment("gateway");
        assertThat(env(defaults, "OSTEON_GATEWAY_DICOM_TLS_ENABLED")).isEqualTo("false");
        assertThat(envNames(defaults))
                .noneMatch(n -> n.startsWith("OSTEON_GATEWAY_DICOM_TLS_") && !n.endsWith("_ENABLED"));
        assertThat(pod(defaults).getVolumes())
                .extracting(Volume::getName)
                .doesNotContain("dicom-tls", "dicom-tls-trust");

        Deployment d = Manifests.production().deployment("gateway");
        assertThat(env(d, "OSTEON_GATEWAY_DICOM_TLS_ENABLED")).isEqualTo("true");
        assertThat(env(d, "OSTEON_GATEWAY_DICOM_TLS_KEY_STORE")).isEqualTo("/etc/osteon/dicom-tls/keystore.p12");
        assertThat(env(d, "OSTEON_GATEWAY_DICOM_TLS_KEY_STORE_TYPE")).isEqualTo("PKCS12");
        assertThat(env(d, "OSTEON_GATEWAY_DICOM_TLS_TRUST_STORE")).isEqualTo("/etc/osteon/dicom-tls/truststore.p12");
        assertThat(env(d, "OSTEON_GATEWAY_DICOM_TLS_TRUST_STORE_TYPE")).isEqualTo("PKCS12");
        assertThat(env(d, "OSTEON_GATEWAY_DICOM_TLS_REQUIRE_CLIENT_CERTIFICATE"))
                .isEqualTo("true");
        assertThat(env(d, "OSTEON_GATEWAY_DICOM_TLS_AE_TITLE_FROM_CERTIFICATE")).isEqualTo("true");
        assertThat(secretRef(d, "OSTEON_GATEWAY_DICOM_TLS_KEY_STORE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-dicom-tls", "keystore-password"));
        assertThat(secretRef(d, "OSTEON_GATEWAY_DICOM_TLS_TRUST_STORE_PASSWORD"))
                .satisfies(r -> assertThat(List.of(r.getName(), r.getKey()))
                        .containsExactly("osteon-dicom-tls", "truststore-password"));
        // The stores are mounted read-only from the Secret, and only the stores: the passwords never become files.
        Volume tls = volume(d, "dicom-tls");
        assertThat(tls.getSecret().getSecretName()).isEqualTo("osteon-dicom-tls");
        assertThat(tls.getSecret().getItems())
                .extracting(i -> i.getKey())
                .containsExactlyInAnyOrder("keystore.p12", "truststore.p12");
        assertThat(container(d).getVolumeMounts())
                .filteredOn(m -> m.getName().equals("dicom-tls"))
                .singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/etc/osteon/dicom-tls"))
                .satisfies(m -> assertThat(m.getReadOnly()).isTrue());

        // The trust store may come from a Secret of its own.
        Deployment own = Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION)
                        .set("gateway.dicomTls.trustStoreSecret", "osteon-dicom-ca"))
                .deployment("gateway");
        assertThat(env(own, "OSTEON_GATEWAY_DICOM_TLS_TRUST_STORE"))
                .isEqualTo("/etc/osteon/dicom-tls-trust/truststore.p12");
        assertThat(secretRef(own, "OSTEON_GATEWAY_DICOM_TLS_TRUST_STORE_PASSWORD")
                        .getName())
                .isEqualTo("osteon-dicom-ca");
        assertThat(volume(own, "dicom-tls").getSecret().getItems())
                .extracting(i -> i.getKey())
                .containsExactly("keystore.p12");
        assertThat(volume(own, "dicom-tls-trust").getSecret().getSecretName()).isEqualTo("osteon-dicom-ca");

        // The schema refuses TLS without its Secret, client certificates without a trust store, and
        // AE titles from certificates nobody has to present.
        assertThatThrownBy(() -> Manifests.render(t -> t.set("gateway.dicomTls.enabled", true)))
                .hasMessageContaining("existingSecret");
        assertThatThrownBy(() -> Manifests.render(
                        t -> t.withValuesFile(Manifests.PRODUCTION).set("gateway.dicomTls.trustStoreKey", "")))
                .hasMessageContaining("trustStoreKey");
        assertThatThrownBy(() -> Manifests.render(t ->
                        t.withValuesFile(Manifests.PRODUCTION).set("gateway.dicomTls.requireClientCertificate", false)))
                .hasMessageContaining("requireClientCertificate");
        Deployment serverOnly = Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION)
                        .set("gateway.dicomTls.requireClientCertificate", false)
                        .set("gateway.dicomTls.aeTitleFromCertificate", false)
                        .set("gateway.dicomTls.trustStoreKey", ""))
                .deployment("gateway");
        assertThat(envNames(serverOnly))
                .doesNotContain(
                        "OSTEON_GATEWAY_DICOM_TLS_TRUST_STORE", "OSTEON_GATEWAY_DICOM_TLS_TRUST_STORE_PASSWORD");
        assertThat(volume(serverOnly, "dicom-tls").getSecret().getItems())
                .extracting(i -> i.getKey())
                .containsExactly("keystore.p12");
    }

    @Test
    void shouldVerifyStowTokensAgainstTheConfiguredIssuerOnly() {
        Deployment defaults = Manifests.defaults().deployment("gateway");
        // Unset, the app refuses every token; the chart renders nothing rather than an empty key.
        assertThat(envNames(defaults)).doesNotContain("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");

        Manifests production = Manifests.production();
        Deployment d = production.deployment("gateway");
        assertThat(env(d, "MP_JWT_VERIFY_ISSUER")).isEqualTo("https://idp.hospital.example/realms/osteon");
        assertThat(env(d, "MP_JWT_VERIFY_PUBLICKEY_LOCATION"))
                .isEqualTo("https://idp.hospital.example/realms/osteon/protocol/openid-connect/certs");
        // The JWKS is fetched over https: the gateway may reach the identity provider, and only on its port.
        assertThat(gatewayPolicy(production).getSpec().getEgress()).anySatisfy(r -> {
            assertThat(r.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443);
            assertThat(r.getTo())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.30.0.10/32"));
        });
        assertThat(gatewayPolicy(Manifests.defaults()).getSpec().getEgress())
                .noneSatisfy(r -> assertThat(r.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .contains(443));
        // Streams verifies no token: it never reaches the identity provider.
        assertThat(egressPorts(policy(production, "osteon-streams"))).doesNotContain(443);

        // A PEM public key from a ConfigMap instead: mounted read-only, and no egress to an identity provider.
        Manifests pem =
                Manifests.render(t -> t.set("gateway.stow.jwtIssuer", "https://idp.hospital.example/realms/osteon")
                        .set("gateway.stow.jwtPublicKeyLocation", "/etc/osteon/stow-jwt/publicKey.pem")
                        .set("gateway.stow.publicKeyConfigMap", "osteon-stow-jwt"));
        Deployment withPem = pem.deployment("gateway");
        assertThat(env(withPem, "MP_JWT_VERIFY_PUBLICKEY_LOCATION")).isEqualTo("/etc/osteon/stow-jwt/publicKey.pem");
        assertThat(volume(withPem, "stow-jwt").getConfigMap().getName()).isEqualTo("osteon-stow-jwt");
        assertThat(container(withPem).getVolumeMounts())
                .filteredOn(m -> m.getName().equals("stow-jwt"))
                .singleElement()
                .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(gatewayPolicy(pem).getSpec().getEgress())
                .noneSatisfy(r -> assertThat(r.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .contains(443));

        // Keys come from a URL over TLS or a mounted file, never inline and never over plain http.
        assertThatThrownBy(() -> Manifests.render(t -> t.set("gateway.stow.jwtPublicKeyLocation", "http://idp/certs")))
                .hasMessageContaining("jwtPublicKeyLocation");
        assertThatThrownBy(() ->
                        Manifests.render(t -> t.set("gateway.stow.jwtPublicKeyLocation", "-----BEGIN PUBLIC KEY-----")))
                .hasMessageContaining("jwtPublicKeyLocation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "production"})
    void shouldServeGatewayMetricsAndHealthOnTheManagementPortApartFromIngest(String which) {
        Manifests m = values(which);
        Deployment d = m.deployment("gateway");
        assertThat(env(d, "QUARKUS_HTTP_PORT")).isEqualTo("8081");
        assertThat(env(d, "QUARKUS_MANAGEMENT_ENABLED")).isEqualTo("true");
        assertThat(env(d, "QUARKUS_MANAGEMENT_PORT")).isEqualTo("9081");
        assertThat(container(d).getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("management"));
        // Monitoring gets 9081 and nothing else on the gateway; ingest (8081) stays with the DICOM peers.
        NetworkPolicy policy = gatewayPolicy(m);
        assertThat(policy.getSpec().getIngress())
                .filteredOn(r -> r.getFrom().stream()
                        .anyMatch(p -> p.getNamespaceSelector() != null
                                && p.getNamespaceSelector().getMatchLabels().containsValue("monitoring")))
                .singleElement()
                .satisfies(r -> assertThat(r.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .containsExactly(9081));
        if (which.equals("production")) {
            assertThat(policy.getSpec().getIngress().get(0).getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .containsExactlyInAnyOrder(DICOM_PORT, 8081);
        }
        // Streams serves no endpoint of its own: HTTP on 8083, metrics and health on 9083, monitoring on 9083 only.
        Deployment streams = m.deployment("streams");
        assertThat(env(streams, "QUARKUS_HTTP_PORT")).isEqualTo("8083");
        assertThat(env(streams, "QUARKUS_MANAGEMENT_ENABLED")).isEqualTo("true");
        assertThat(env(streams, "QUARKUS_MANAGEMENT_PORT")).isEqualTo("9083");
        assertThat(container(streams).getReadinessProbe().getHttpGet().getPort())
                .isEqualTo(new IntOrString("management"));
        assertThat(policy(m, "osteon-streams").getSpec().getIngress())
                .flatMap(r -> r.getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsExactly(9083);
        // Scoring and the worklist adapter keep metrics and health on their HTTP ports.
        assertThat(container(m.deployment("scoring"))
                        .getReadinessProbe()
                        .getHttpGet()
                        .getPort())
                .isEqualTo(new IntOrString("http"));
        assertThat(container(m.deployment("worklist"))
                        .getReadinessProbe()
                        .getHttpGet()
                        .getPort())
                .isEqualTo(new IntOrString("http"));
    }

    private static List<String> envNames(Deployment d) {
        return container(d).getEnv().stream().map(EnvVar::getName).toList();
    }

    private static SecretKeySelector secretRef(Deployment d, String name) {
        return container(d).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name))
                .getValueFrom()
                .getSecretKeyRef();
    }

    private static Volume volume(Deployment d, String name) {
        return pod(d).getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static NetworkPolicy gatewayPolicy(Manifests m) {
        return policy(m, "osteon-gateway");
    }

    // values.schema.json: Helm refuses these before rendering anything.

    @Test
    void shouldRefuseANegativeReplicaCount() {
        assertThatThrownBy(() -> Manifests.render(t -> t.set("worklist.replicas", -1)))
                .hasMessageContaining("/worklist/replicas");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "deid.hmacSecret",
                "deid.studyKeySecret",
                "worklist.database.password",
                "kafka.security.saslSecrets.password",
                "gateway.dicomTls.keyStorePassword",
                "gateway.dicomTls.trustStorePassword",
                "gateway.stow.publicKey",
                "worklist.writeback.hl7.tls.trustStorePassword",
                "worklist.writeback.hl7.tls.keyStorePassword",
                "worklist.alerts.secretEncryptionKey",
                "scoring.modelSwap.publicKey"
            })
    void shouldRefuseASecretValueWhereASecretReferenceBelongs(String key) {
        assertThatThrownBy(() -> Manifests.render(t -> t.set(key, "s3cr3t-inline-value-0123456789abcdef")))
                .hasMessageContaining(
                        "additional properties '" + key.substring(key.lastIndexOf('.') + 1) + "' not allowed");
    }

    @Test
    void shouldRefuseTheOldBooleanGpuSwitch() {
        assertThatThrownBy(() -> Manifests.render(t -> t.set("scoring.gpu", true)))
                .hasMessageContaining("gpu");
    }

    @Test
    void shouldRefuseSaslWithoutACredentialsSecret() {
        assertThatThrownBy(() -> Manifests.render(t -> t.set("kafka.security.protocol", "SASL_SSL")))
                .hasMessageContaining("is required for SASL_SSL");
    }

    // The assertions above must be able to fail: feed them broken manifests.

    @Test
    void shouldCatchAnInlineSecret() {
        Manifests m = Manifests.defaults();
        Deployment broken = new DeploymentBuilder(m.deployment("worklist"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .addToEnv(new EnvVarBuilder()
                        .withName("QUARKUS_DATASOURCE_PASSWORD")
                        .withValue("hunter2")
                        .build())
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> assertNoInlineSecrets(replace(m, broken)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("QUARKUS_DATASOURCE_PASSWORD");
    }

    @Test
    void shouldCatchTheMasterPseudonymSecretOnTheWorklist() {
        Manifests m = Manifests.defaults();
        Deployment broken = new DeploymentBuilder(m.deployment("worklist"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .addToEnv(new EnvVarBuilder()
                        .withName("OSTEON_DEID_HMAC_SECRET")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("hmac-secret", "osteon-deid", false)
                        .endValueFrom()
                        .build())
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> assertPseudonymKeysSeparated(replace(m, broken)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("master pseudonym secret");
    }

    @Test
    void shouldCatchScoringMountingThePhiStore() {
        Manifests m = Manifests.defaults();
        Deployment broken = new DeploymentBuilder(m.deployment("scoring"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .addToVolumes(new VolumeBuilder()
                        .withName("phi-store")
                        .withNewPersistentVolumeClaim()
                        .withClaimName("osteon-phi-store")
                        .endPersistentVolumeClaim()
                        .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> assertScoringOutsidePhiZone(replace(m, broken)))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void shouldCatchMissingNetworkPoliciesAndAMissingGpu() {
        Manifests open = Manifests.render(t -> t.set("networkPolicy.enabled", false));
        assertThatThrownBy(() -> assertNetworkPolicies(open, DICOM_PORT, POSTGRES_PORT))
                .isInstanceOf(AssertionError.class);
        Manifests cpu =
                Manifests.render(t -> t.withValuesFile(Manifests.PRODUCTION).set("scoring.gpu.enabled", false));
        assertThatThrownBy(() -> assertGpu(cpu.deployment("scoring"), 1)).isInstanceOf(AssertionError.class);
    }

    @Test
    void shouldCatchDicomOpenToEveryone() {
        // An empty `from` in a NetworkPolicy means every source; the assertion must refuse it.
        Manifests open = Manifests.render(t -> t.set("networkPolicy.dicomFrom[0].ipBlock.cidr", "0.0.0.0/0"));
        assertNetworkPolicies(open, DICOM_PORT, POSTGRES_PORT);
        gatewayPolicy(open).getSpec().getIngress().get(0).setFrom(List.of());
        assertThatThrownBy(() -> assertNetworkPolicies(open, DICOM_PORT, POSTGRES_PORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DICOM from the configured peers");
    }

    @Test
    void shouldCatchGatewayMonitoringReachingIngest() {
        Manifests m = Manifests.production();
        assertNetworkPolicies(m, DICOM_PORT, POSTGRES_PORT);
        NetworkPolicy gateway = gatewayPolicy(m);
        gateway.getSpec().getIngress().get(1).getPorts().get(0).setPort(new IntOrString(8081));
        assertThatThrownBy(() -> assertNetworkPolicies(m, DICOM_PORT, POSTGRES_PORT))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void shouldCatchDicomPeersReachingStreams() {
        Manifests m = Manifests.production();
        assertNetworkPolicies(m, DICOM_PORT, POSTGRES_PORT);
        policy(m, "osteon-streams")
                .getSpec()
                .getIngress()
                .add(gatewayPolicy(m).getSpec().getIngress().get(0));
        assertThatThrownBy(() -> assertNetworkPolicies(m, DICOM_PORT, POSTGRES_PORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("streams must not accept DICOM or STOW-RS");
    }

    @Test
    void shouldCatchGatewayProbesOnTheIngestPort() {
        Deployment d = Manifests.defaults().deployment("gateway");
        assertProbes(d, HTTP_PORTS.get("gateway"), MANAGEMENT_PORTS.get("gateway"));
        container(d).getLivenessProbe().getHttpGet().setPort(new IntOrString("http"));
        assertThatThrownBy(() -> assertProbes(d, HTTP_PORTS.get("gateway"), MANAGEMENT_PORTS.get("gateway")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("probes on the port that serves health");
    }

    @Test
    void shouldCatchADicomPortOnStreamsAndTheMasterSecretOrResearchStoreOnTheGateway() {
        Manifests m = Manifests.defaults();
        assertGatewayApart(m, DICOM_PORT);
        Deployment dicomOnStreams = new DeploymentBuilder(m.deployment("streams"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .addNewPort()
                .withName("dicom")
                .withContainerPort(DICOM_PORT)
                .endPort()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> assertGatewayApart(replace(m, dicomOnStreams), DICOM_PORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("streams container ports");
        Deployment hmacOnGateway = new DeploymentBuilder(m.deployment("gateway"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .addToEnv(new EnvVarBuilder()
                        .withName("OSTEON_DEID_HMAC_SECRET")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("hmac-secret", "osteon-deid", false)
                        .endValueFrom()
                        .build())
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> assertGatewayApart(replace(m, hmacOnGateway), DICOM_PORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gateway env");
        assertThatThrownBy(() -> assertPseudonymKeysSeparated(replace(m, hmacOnGateway)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("master pseudonym secret");
        Deployment researchOnGateway = new DeploymentBuilder(m.deployment("gateway"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .addToVolumes(new VolumeBuilder()
                        .withName("research-store")
                        .withNewPersistentVolumeClaim()
                        .withClaimName("osteon-research-store")
                        .endPersistentVolumeClaim()
                        .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> assertGatewayApart(replace(m, researchOnGateway), DICOM_PORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gateway claims");
    }

    @Test
    void shouldCatchAGroupOrAReadOnTheGateway() {
        Manifests m = Manifests.production();
        assertKafkaUsers(m);
        GenericKubernetesResource gateway = m.ofKind("kafka.strimzi.io/v1beta2", "KafkaUser").stream()
                .filter(u -> u.getMetadata().getName().equals("osteon-gateway"))
                .findFirst()
                .orElseThrow();
        for (Map<String, Object> extra : List.<Map<String, Object>>of(
                Map.of(
                        "resource",
                        Map.of("type", "group", "name", "osteon-gateway", "patternType", "literal"),
                        "operations",
                        List.of("Read", "Describe")),
                Map.of(
                        "resource",
                        Map.of("type", "topic", "name", "phi-radiograph-received-v1", "patternType", "literal"),
                        "operations",
                        List.of("Read", "Describe")),
                Map.of(
                        "resource",
                        Map.of("type", "transactionalId", "name", "osteon-gateway", "patternType", "prefix"),
                        "operations",
                        List.of("Write", "Describe")))) {
            List<Map<String, Object>> original = ChartAssertions.acls(gateway);
            List<Map<String, Object>> acls = new ArrayList<>(original);
            acls.add(extra);
            setAcls(gateway, acls);
            assertThatThrownBy(() -> assertKafkaUsers(m))
                    .as(extra.toString())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("gateway only produces");
            setAcls(gateway, original);
        }
    }

    @Test
    void shouldCatchAWritableResearchStoreOrAServiceOnTheResultsPodAndItsPrincipalWithoutIt() {
        Manifests m = withDestinations();
        ChartAssertions.assertResultsApart(m);
        Deployment writable = new DeploymentBuilder(m.deployment("results"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .editMatchingVolumeMount(v -> v.getName().equals("research-store"))
                .withReadOnly(false)
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> ChartAssertions.assertResultsApart(replace(m, writable)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("research-store mount read-only");
        List<HasMetadata> withService = new ArrayList<>(m.all());
        withService.add(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata()
                .withName("osteon-results")
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app.kubernetes.io/name", "osteon-results"))
                .addNewPort()
                .withName("http")
                .withPort(8081)
                .endPort()
                .endSpec()
                .build());
        assertThatThrownBy(() -> ChartAssertions.assertResultsApart(new Manifests(withService)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Services selecting the results pods");
        // A results principal left behind with no pod: a credential with PHI grants that nothing uses.
        List<HasMetadata> orphan = new ArrayList<>(m.all());
        orphan.removeIf(
                r -> r instanceof Deployment && r.getMetadata().getName().equals("osteon-results"));
        assertThatThrownBy(() -> assertKafkaUsers(new Manifests(orphan)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("osteon-results");
    }

    @SuppressWarnings("unchecked")
    private static void setAcls(GenericKubernetesResource user, List<Map<String, Object>> acls) {
        ((Map<String, Object>)
                        ((Map<String, Object>) user.getAdditionalProperties().get("spec")).get("authorization"))
                .put("acls", acls);
    }

    private static Manifests replace(Manifests m, Deployment replacement) {
        List<HasMetadata> all = new ArrayList<>(m.all());
        all.replaceAll(r -> r instanceof Deployment d
                        && d.getMetadata()
                                .getName()
                                .equals(replacement.getMetadata().getName())
                ? replacement
                : r);
        return new Manifests(all);
    }
}
