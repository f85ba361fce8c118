package org.osteon.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the chart promises an operator, as assertions over rendered manifests. They live apart from the
 * tests so the tests can also feed them a deliberately broken manifest and see them fail.
 */
final class ChartAssertions {

    static final Map<String, Integer> HTTP_PORTS =
            Map.of("gateway", 8081, "streams", 8083, "scoring", 8082, "worklist", 8080);
    /**
     * Where monitoring reads /q/metrics and /q/health: the management interface of the gateway (apart from
     * ingest) and of streams; scoring and the worklist serve them on their HTTP port.
     */
    static final Map<String, Integer> MANAGEMENT_PORTS =
            Map.of("gateway", 9081, "streams", 9083, "scoring", 8082, "worklist", 8080);

    static final Set<String> PHI_ZONE = Set.of("gateway", "streams", "worklist", "results");
    /** The results writer and delivery: rendered only with a destination, in the gateway image, ingest off. */
    static final String RESULTS = Manifests.RELEASE + "-results";

    static final int RESULTS_MANAGEMENT_PORT = 9081;
    /** STOW-RS, on the gateway's HTTP port. */
    static final int STOW_PORT = 8081;

    private static final Pattern SECRET_NAME = Pattern.compile("SECRET|PASSWORD|USERNAME|JAAS|TOKEN|CREDENTIAL");

    private ChartAssertions() {}

    static PodSpec pod(Deployment d) {
        return d.getSpec().getTemplate().getSpec();
    }

    static Container container(Deployment d) {
        return pod(d).getContainers().get(0);
    }

    /**
     * Quarkus SmallRye Health: ready for traffic, live for restarts, on the port that serves health: the
     * management port where the service has one apart from its HTTP port, else the HTTP port.
     */
    static void assertProbes(Deployment d, int httpPort, int managementPort) {
        Container c = container(d);
        assertThat(c.getPorts())
                .as("%s http port", name(d))
                .filteredOn(p -> "http".equals(p.getName()))
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(httpPort));
        String healthPort = managementPort == httpPort ? "http" : "management";
        if (managementPort != httpPort) {
            assertThat(c.getPorts())
                    .as("%s management port", name(d))
                    .filteredOn(p -> "management".equals(p.getName()))
                    .singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(managementPort));
            assertThat(env(d, "QUARKUS_MANAGEMENT_ENABLED")).isEqualTo("true");
            assertThat(env(d, "QUARKUS_MANAGEMENT_PORT")).isEqualTo(String.valueOf(managementPort));
        }
        assertThat(c.getReadinessProbe()).as("%s readiness", name(d)).isNotNull();
        assertThat(c.getLivenessProbe()).as("%s liveness", name(d)).isNotNull();
        HTTPGetAction ready = c.getReadinessProbe().getHttpGet();
        HTTPGetAction live = c.getLivenessProbe().getHttpGet();
        assertThat(ready.getPath()).isEqualTo("/q/health/ready");
        assertThat(live.getPath()).isEqualTo("/q/health/live");
        // A JVM that is slow to start is held by the startup probe, not killed by liveness.
        assertThat(c.getStartupProbe()).as("%s startup", name(d)).isNotNull();
        HTTPGetAction started = c.getStartupProbe().getHttpGet();
        assertThat(started.getPath()).isEqualTo("/q/health/started");
        assertThat(List.of(
                        ready.getPort().getStrVal(),
                        live.getPort().getStrVal(),
                        started.getPort().getStrVal()))
                .as("%s probes on the port that serves health", name(d))
                .containsOnly(healthPort);
    }

    static void assertNonRoot(Deployment d) {
        var pod = pod(d).getSecurityContext();
        assertThat(pod).as("%s pod securityContext", name(d)).isNotNull();
        assertThat(pod.getRunAsNonRoot()).as("%s runAsNonRoot", name(d)).isTrue();
        assertThat(pod.getRunAsUser())
                .as("%s numeric non-root uid", name(d))
                .isNotNull()
                .isPositive();
        for (Container c : pod(d).getContainers()) {
            var sc = c.getSecurityContext();
            assertThat(sc).as("%s container securityContext", c.getName()).isNotNull();
            assertThat(sc.getAllowPrivilegeEscalation())
                    .as("%s privilege escalation", c.getName())
                    .isFalse();
            assertThat(sc.getReadOnlyRootFilesystem())
                    .as("%s read-only root", c.getName())
                    .isTrue();
            assertThat(sc.getCapabilities().getDrop())
                    .as("%s capabilities", c.getName())
                    .containsExactly("ALL");
        }
    }

    static void assertResources(Deployment d) {
        var r = container(d).getResources();
        assertThat(r.getRequests()).as("%s requests", name(d)).containsKeys("cpu", "memory");
        assertThat(r.getLimits()).as("%s limits", name(d)).containsKey("memory");
    }

    /** Every secret-looking variable comes from a Secret by reference, and the chart renders no Secret at all. */
    static void assertNoInlineSecrets(Manifests m) {
        assertThat(m.kinds()).as("the chart never carries secret material").doesNotContain("Secret");
        for (Deployment d : m.ofType(Deployment.class)) {
            for (Container c : pod(d).getContainers()) {
                assertThat(c.getEnvFrom())
                        .as("%s envFrom hides which keys it reads", c.getName())
                        .isNullOrEmpty();
                for (EnvVar env : c.getEnv()) {
                    if (SECRET_NAME.matcher(env.getName()).find()) {
                        assertThat(env.getValue())
                                .as("%s.%s must not be a plain value", c.getName(), env.getName())
                                .isNull();
                        assertThat(env.getValueFrom())
                                .as("%s.%s", c.getName(), env.getName())
                                .isNotNull();
                        assertThat(env.getValueFrom().getSecretKeyRef())
                                .as("%s.%s secretKeyRef", c.getName(), env.getName())
                                .isNotNull();
                        assertThat(env.getValueFrom().getSecretKeyRef().getName())
                                .isNotBlank();
                    }
                }
            }
        }
    }

    /** Scoring is research zone: no PHI store, no pseudonym secret, no way to reverse a pseudonym. */
    static void assertScoringOutsidePhiZone(Manifests m) {
        Deployment scoring = m.deployment("scoring");
        assertThat(scoring.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("osteon.org/zone", "research");
        assertThat(claims(scoring)).as("scoring volumes").doesNotContain(Manifests.RELEASE + "-phi-store");
        assertThat(container(scoring).getVolumeMounts())
                .as("scoring mounts")
                .allSatisfy(v -> assertThat(v.getMountPath()).doesNotContain("phi"));
        assertThat(container(scoring).getEnv())
                .as("scoring env")
                .noneSatisfy(e -> assertThat(e.getName()).contains("HMAC"))
                .noneSatisfy(e -> assertThat(e.getValueFrom())
                        .extracting(v -> v == null ? null : v.getSecretKeyRef())
                        .extracting(r -> r == null ? null : r.getName())
                        .isEqualTo(deidSecret(m)));
        // Only PHI-zone services claim the PHI store.
        for (Deployment d : m.ofType(Deployment.class)) {
            if (claims(d).contains(Manifests.RELEASE + "-phi-store")) {
                assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                        .as("%s claims the PHI store", name(d))
                        .containsEntry("osteon.org/zone", "phi");
            }
        }
    }

    /**
     * The master pseudonym secret reaches streams alone; the worklist gets only the study-key subkey, and
     * scoring neither: a compromised web tier or research zone cannot re-link pseudonyms to patients.
     */
    static void assertPseudonymKeysSeparated(Manifests m) {
        assertThat(secretKeyRef(m.deployment("streams"), "OSTEON_DEID_HMAC_SECRET")
                        .getKey())
                .isEqualTo("hmac-secret");
        assertThat(secretKeyRef(m.deployment("worklist"), "OSTEON_WORKLIST_STUDY_KEY_SECRET")
                        .getKey())
                .isEqualTo("study-key-secret");
        for (Deployment d : m.ofType(Deployment.class)) {
            List<EnvVar> env = container(d).getEnv();
            if (!name(d).endsWith("-streams")) {
                assertThat(env)
                        .as("%s must not hold the master pseudonym secret", name(d))
                        .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("OSTEON_DEID_HMAC_SECRET"))
                        .noneSatisfy(e -> assertThat(referencedKey(e)).isEqualTo("hmac-secret"));
            }
            if (!name(d).endsWith("-worklist")) {
                assertThat(env)
                        .as("%s has no use for the study-key secret", name(d))
                        .noneSatisfy(e -> assertThat(referencedKey(e)).isEqualTo("study-key-secret"));
            }
        }
    }

    static io.fabric8.kubernetes.api.model.SecretKeySelector secretKeyRef(Deployment d, String variable) {
        return container(d).getEnv().stream()
                .filter(e -> e.getName().equals(variable))
                .findFirst()
                .map(e -> e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef())
                .orElseThrow(() -> new AssertionError(name(d) + " has no " + variable + " from a Secret"));
    }

    private static String referencedKey(EnvVar e) {
        return e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null
                ? null
                : e.getValueFrom().getSecretKeyRef().getKey();
    }

    static void assertGpu(Deployment scoring, int gpus) {
        Map<String, Quantity> limits = container(scoring).getResources().getLimits();
        assertThat(limits).as("scoring limits").containsKey("nvidia.com/gpu");
        assertThat(limits.get("nvidia.com/gpu").getAmount()).isEqualTo(String.valueOf(gpus));
        assertThat(pod(scoring).getNodeSelector()).as("GPU nodeSelector").isNotEmpty();
        assertThat(pod(scoring).getTolerations())
                .as("GPU toleration")
                .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(container(scoring).getImage())
                .as("onnxruntime_gpu image variant")
                .endsWith("-gpu");
        assertThat(env(scoring, "OSTEON_SCORING_DEVICE")).isEqualTo("cuda");
        // A GPU pod that quietly ran on CPU would look healthy and be an order of magnitude slower.
        assertThat(env(scoring, "OSTEON_SCORING_ALLOW_CPU_FALLBACK")).isEqualTo("false");
    }

    static void assertNoGpu(Deployment scoring) {
        assertThat(container(scoring).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(pod(scoring).getTolerations()).isNullOrEmpty();
        assertThat(container(scoring).getImage()).doesNotEndWith("-gpu");
    }

    /** One budget per service, selecting exactly that service's pods. */
    static void assertDisruptionBudgets(Manifests m) {
        List<PodDisruptionBudget> pdbs = m.ofType(PodDisruptionBudget.class);
        for (Deployment d : m.ofType(Deployment.class)) {
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(pdbs)
                    .as("PDB for %s", name(d))
                    .filteredOn(p -> podLabels
                            .entrySet()
                            .containsAll(
                                    p.getSpec().getSelector().getMatchLabels().entrySet()))
                    .singleElement()
                    // minAvailable with one replica would block every node drain.
                    .satisfies(p -> assertThat(p.getSpec().getMaxUnavailable()).isNotNull())
                    .satisfies(p -> assertThat(p.getSpec().getMinAvailable()).isNull());
        }
    }

    /**
     * Default deny for every pod of the release; DICOM and STOW-RS only into the gateway and only from the
     * configured peers; streams and scoring take only metrics and health; only the worklist reaches PostgreSQL.
     */
    static void assertNetworkPolicies(Manifests m, int dicomPort, int postgresPort) {
        List<NetworkPolicy> policies = m.ofType(NetworkPolicy.class);
        NetworkPolicy deny = policies.stream()
                .filter(p -> p.getMetadata().getName().endsWith("-default-deny"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no default-deny NetworkPolicy"));
        assertThat(deny.getSpec().getPodSelector().getMatchLabels())
                .containsOnly(Map.entry("app.kubernetes.io/instance", Manifests.RELEASE));
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();

        for (String service : HTTP_PORTS.keySet()) {
            Deployment d = m.deployment(service);
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> own = policies.stream()
                    .filter(p -> p != deny)
                    .filter(p -> podLabels
                            .entrySet()
                            .containsAll(p.getSpec()
                                    .getPodSelector()
                                    .getMatchLabels()
                                    .entrySet()))
                    .toList();
            assertThat(own).as("policies selecting %s", service).hasSize(1);
            NetworkPolicy policy = own.get(0);
            List<Integer> ingressPorts =
                    ports(policy.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream()));
            List<Integer> egressPorts =
                    ports(policy.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream()));
            // Monitoring reaches metrics and health on the management port, from a namespace selector only.
            int management = MANAGEMENT_PORTS.get(service);
            assertThat(policy.getSpec().getIngress())
                    .as("%s: metrics and health reachable", service)
                    .anySatisfy(r -> assertThat(ports(r.getPorts().stream())).contains(management))
                    .filteredOn(r -> ports(r.getPorts().stream()).contains(management))
                    .allSatisfy(r -> assertThat(r.getFrom())
                            .isNotEmpty()
                            .allSatisfy(peer ->
                                    assertThat(peer.getNamespaceSelector()).isNotNull()));
            if (service.equals("gateway")) {
                List<NetworkPolicyIngressRule> dicom = policy.getSpec().getIngress().stream()
                        .filter(r -> ports(r.getPorts().stream()).contains(dicomPort))
                        .toList();
                // No rule (no peers configured) keeps DICOM closed; a rule with an empty `from` would open it to all.
                assertThat(dicom)
                        .as("DICOM ingress rules")
                        .hasSizeLessThanOrEqualTo(1)
                        .allSatisfy(r -> assertThat(r.getFrom())
                                .as("DICOM from the configured peers only, never from anywhere")
                                .isNotEmpty());
                // Ingest (STOW-RS) only in the peers' rule; monitoring gets the management port and nothing else.
                assertThat(policy.getSpec().getIngress())
                        .as("STOW-RS (%d) only from the DICOM peers", HTTP_PORTS.get(service))
                        .filteredOn(r -> ports(r.getPorts().stream()).contains(HTTP_PORTS.get(service)))
                        .allSatisfy(r -> assertThat(dicom).contains(r));
                assertThat(policy.getSpec().getIngress())
                        .as("gateway management rule: metrics and health only")
                        .filteredOn(r -> ports(r.getPorts().stream()).contains(management))
                        .allSatisfy(
                                r -> assertThat(ports(r.getPorts().stream())).containsOnly(management));
                assertThat(ingressPorts)
                        .as("gateway ingress ports")
                        .isSubsetOf(dicomPort, HTTP_PORTS.get(service), management);
            } else {
                assertThat(ingressPorts)
                        .as("%s must not accept DICOM or STOW-RS", service)
                        .doesNotContain(dicomPort, STOW_PORT);
            }
            if (service.equals("streams") || service.equals("scoring")) {
                assertThat(ingressPorts)
                        .as("%s ingress: metrics and health only", service)
                        .containsOnly(management);
            }
            if (service.equals("worklist")) {
                assertThat(egressPorts).as("worklist reaches PostgreSQL").contains(postgresPort);
            } else {
                assertThat(egressPorts)
                        .as("%s must not reach PostgreSQL", service)
                        .doesNotContain(postgresPort);
            }
            assertThat(policy.getSpec().getEgress())
                    .as("%s egress rules name their ports", service)
                    .allSatisfy(r -> assertThat(r.getPorts()).isNotEmpty());
        }
        if (resultsEnabled(m)) {
            assertResultsPolicy(m, policies, deny, postgresPort);
        }
    }

    /**
     * The results pod takes metrics and health on its management port from a namespace selector and nothing
     * else (no DICOM, no STOW-RS, no HTTP port); out it reaches Kafka, DNS and address blocks, never everywhere.
     */
    private static void assertResultsPolicy(
            Manifests m, List<NetworkPolicy> policies, NetworkPolicy deny, int postgresPort) {
        Map<String, String> podLabels =
                m.deployment("results").getSpec().getTemplate().getMetadata().getLabels();
        List<NetworkPolicy> own = policies.stream()
                .filter(p -> p != deny)
                .filter(p -> podLabels
                        .entrySet()
                        .containsAll(
                                p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                .toList();
        assertThat(own).as("policies selecting results").hasSize(1);
        NetworkPolicy policy = own.get(0);
        assertThat(policy.getSpec().getIngress())
                .as("results ingress: metrics and health only, from a namespace selector")
                .singleElement()
                .satisfies(r -> assertThat(ports(r.getPorts().stream())).containsOnly(RESULTS_MANAGEMENT_PORT))
                .satisfies(r -> assertThat(r.getFrom())
                        .isNotEmpty()
                        .allSatisfy(
                                peer -> assertThat(peer.getNamespaceSelector()).isNotNull()));
        assertThat(policy.getSpec().getEgress())
                .as("results egress rules name their ports")
                .allSatisfy(r -> assertThat(r.getPorts()).isNotEmpty());
        assertThat(ports(policy.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())))
                .as("results must not reach PostgreSQL")
                .doesNotContain(postgresPort);
        assertThat(policy.getSpec().getEgress())
                .flatMap(r -> r.getTo() == null ? List.of() : r.getTo())
                .filteredOn(peer -> peer.getIpBlock() != null)
                .as("results egress to address blocks, never everywhere")
                .allSatisfy(peer -> assertThat(peer.getIpBlock().getCidr()).doesNotEndWith("/0"));
    }

    static boolean resultsEnabled(Manifests m) {
        return m.ofType(Deployment.class).stream()
                .anyMatch(d -> d.getMetadata().getName().equals(RESULTS));
    }

    /**
     * Read and write only the service's own topics; only PHI-zone principals touch `phi-*`. The results
     * principal exists exactly when its pod does (with a destination).
     */
    static void assertKafkaUsers(Manifests m) {
        List<GenericKubernetesResource> users = m.ofKind("kafka.strimzi.io/v1beta2", "KafkaUser");
        List<String> expected = new java.util.ArrayList<>(
                List.of("osteon-gateway", "osteon-streams", "osteon-scoring", "osteon-worklist"));
        if (resultsEnabled(m)) {
            expected.add(RESULTS);
        }
        assertThat(users)
                .extracting(u -> u.getMetadata().getName())
                .as("KafkaUsers (%s only with a result destination)", RESULTS)
                .containsExactlyInAnyOrderElementsOf(expected);
        for (GenericKubernetesResource user : users) {
            String service = user.getMetadata().getName().substring(Manifests.RELEASE.length() + 1);
            assertThat((String) user.get("spec", "authorization", "type")).isEqualTo("simple");
            for (Map<String, Object> acl : acls(user)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                assertThat(resource.get("type"))
                        .as("%s ACL resource type", service)
                        .isIn("topic", "group", "transactionalId");
                assertThat(resource.get("name"))
                        .as("%s: no wildcard ACLs", service)
                        .isNotEqualTo("*");
                if (!PHI_ZONE.contains(service)) {
                    assertThat((String) resource.get("name"))
                            .as("%s is outside the PHI zone", service)
                            .doesNotStartWith("phi");
                }
                if (service.equals("gateway")) {
                    // A plain producer: no group to join, no transactions, nothing to read.
                    assertThat(List.of(resource.get("type"), resource.get("patternType")))
                            .as("the gateway only produces, to literal topics: %s", acl)
                            .containsExactly("topic", "literal");
                    @SuppressWarnings("unchecked")
                    List<String> operations = (List<String>) acl.get("operations");
                    assertThat(operations)
                            .as("the gateway only produces: %s", acl)
                            .isSubsetOf("Write", "Describe");
                }
            }
        }
    }

    /**
     * The gateway is a Deployment and a Service of its own, the only one with the DICOM and STOW-RS ports;
     * streams keeps the topologies and neither port. The gateway pseudonymizes nothing and writes nothing
     * for research: no master secret, no research store, no Kafka Streams state.
     */
    static void assertGatewayApart(Manifests m, int dicomPort) {
        Deployment gateway = m.deployment("gateway");
        Deployment streams = m.deployment("streams");
        assertThat(gateway.getSpec().getTemplate().getMetadata().getLabels())
                .as("gateway pods")
                .containsEntry("app.kubernetes.io/name", "osteon-gateway")
                .containsEntry("osteon.org/zone", "phi");
        assertThat(container(gateway).getImage()).as("gateway image").contains("osteon-gateway:");
        assertThat(container(streams).getImage()).as("streams image").contains("osteon-streams:");
        assertThat(containerPorts(gateway))
                .as("gateway container ports")
                .containsEntry("dicom", dicomPort)
                .containsEntry("http", STOW_PORT);
        assertThat(containerPorts(streams))
                .as("streams container ports: no DICOM, no STOW-RS")
                .doesNotContainKey("dicom")
                .doesNotContainValue(dicomPort)
                .doesNotContainValue(STOW_PORT);
        assertThat(container(streams).getEnv())
                .as("streams env: no gateway settings")
                .noneSatisfy(e -> assertThat(e.getName()).startsWith("OSTEON_GATEWAY_"))
                .noneSatisfy(e -> assertThat(e.getName()).startsWith("MP_JWT_"));

        // The one Service with the ingest ports selects the gateway's pods, and no Service selects streams'.
        Map<String, String> gatewayPods =
                gateway.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> streamsPods =
                streams.getSpec().getTemplate().getMetadata().getLabels();
        List<Service> services = m.ofType(Service.class);
        assertThat(services)
                .as("Services selecting the streams pods")
                .noneMatch(s -> streamsPods
                        .entrySet()
                        .containsAll(s.getSpec().getSelector().entrySet()));
        assertThat(services)
                .as("Services with the DICOM port")
                .filteredOn(s -> s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == dicomPort))
                .singleElement()
                .satisfies(s -> assertThat(s.getMetadata().getName()).isEqualTo(Manifests.RELEASE + "-gateway"))
                .satisfies(s -> assertThat(gatewayPods.entrySet())
                        .containsAll(s.getSpec().getSelector().entrySet()))
                .satisfies(s -> assertThat(s.getSpec().getPorts())
                        .extracting(p -> p.getName() + " " + p.getPort())
                        .containsExactlyInAnyOrder("dicom " + dicomPort, "http " + STOW_PORT));

        assertThat(container(gateway).getEnv())
                .as("gateway env")
                .noneSatisfy(e -> assertThat(e.getName())
                        .isIn("OSTEON_DEID_HMAC_SECRET", "OSTEON_STORE_RESEARCH_ROOT", "KAFKA_STREAMS_STATE_DIR"))
                .noneSatisfy(e -> assertThat(e.getName()).startsWith("QUARKUS_KAFKA_STREAMS_"))
                .noneSatisfy(e -> assertThat(referencedKey(e)).isEqualTo("hmac-secret"));
        assertThat(claims(gateway)).as("gateway claims").containsExactly(Manifests.RELEASE + "-phi-store");
        assertThat(container(gateway).getVolumeMounts())
                .as("gateway mounts")
                .noneSatisfy(v -> assertThat(v.getName()).isIn("research-store", "state"))
                .noneSatisfy(v -> assertThat(v.getMountPath()).contains("research"));
        assertThat(env(gateway, "OSTEON_STORE_PHI_ROOT")).isEqualTo("/var/osteon/phi-store");
        assertThat(claims(streams))
                .as("streams claims")
                .containsExactlyInAnyOrder(Manifests.RELEASE + "-phi-store", Manifests.RELEASE + "-research-store");
    }

    /**
     * The results writer and delivery: the gateway's image with ingest off, in a Deployment of their own that
     * no Service selects and that opens only the management port. They write result files to the PHI store,
     * read activation maps from the research store (read-only) and keep Kafka Streams state on an emptyDir.
     * The gateway's pod gets none of it: no results settings, so the writer never runs at the ingest edge.
     */
    static void assertResultsApart(Manifests m) {
        Deployment results = m.deployment("results");
        Deployment gateway = m.deployment("gateway");
        Map<String, String> pods = results.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(pods)
                .as("results pods")
                .containsEntry("app.kubernetes.io/name", "osteon-results")
                .containsEntry("osteon.org/zone", "phi");
        assertThat(container(results).getImage())
                .as("results image: the gateway's")
                .isEqualTo(container(gateway).getImage())
                .contains("osteon-gateway:");
        assertThat(env(results, "OSTEON_GATEWAY_DICOM_ENABLED"))
                .as("results C-STORE SCP")
                .isEqualTo("false");
        assertThat(containerPorts(results))
                .as("results container ports: management only")
                .containsOnly(Map.entry("management", RESULTS_MANAGEMENT_PORT));
        assertThat(container(results).getEnv())
                .as("results env: no ingest settings")
                .noneSatisfy(e -> assertThat(e.getName()).startsWith("MP_JWT_"))
                .noneSatisfy(e -> assertThat(e.getName()).startsWith("OSTEON_GATEWAY_DICOM_TLS_"))
                .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("OSTEON_GATEWAY_DICOM_PORT"));
        assertThat(m.ofType(Service.class))
                .as("Services selecting the results pods")
                .noneMatch(s ->
                        pods.entrySet().containsAll(s.getSpec().getSelector().entrySet()));

        assertThat(claims(results))
                .as("results claims")
                .containsExactlyInAnyOrder(Manifests.RELEASE + "-phi-store", Manifests.RELEASE + "-research-store");
        var phi = mount(results, "phi-store");
        var research = mount(results, "research-store");
        assertThat(phi.getReadOnly())
                .as("results writes result files to the PHI store")
                .isNotEqualTo(Boolean.TRUE);
        assertThat(research.getReadOnly())
                .as("results research-store mount read-only")
                .isTrue();
        assertThat(pod(results).getVolumes())
                .filteredOn(v -> v.getName().equals("research-store"))
                .singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getReadOnly())
                        .as("results research-store claim read-only")
                        .isTrue());
        assertThat(env(results, "OSTEON_STORE_PHI_ROOT")).isEqualTo(phi.getMountPath());
        assertThat(env(results, "OSTEON_STORE_RESEARCH_ROOT")).isEqualTo(research.getMountPath());
        String stateDir = env(results, "OSTEON_RESULTS_STATE_DIR");
        assertThat(container(results).getVolumeMounts())
                .as("results state on a pod-local emptyDir")
                .filteredOn(v -> v.getMountPath().equals(stateDir))
                .singleElement()
                .satisfies(v -> assertThat(pod(results).getVolumes())
                        .filteredOn(vol -> vol.getName().equals(v.getName()))
                        .singleElement()
                        .satisfies(vol -> assertThat(vol.getEmptyDir()).isNotNull()));

        assertThat(container(gateway).getEnv())
                .as("gateway env: the results writer never runs at the ingest edge")
                .noneSatisfy(e -> assertThat(e.getName()).startsWith("OSTEON_RESULTS_"));
    }

    private static io.fabric8.kubernetes.api.model.VolumeMount mount(Deployment d, String volume) {
        return container(d).getVolumeMounts().stream()
                .filter(v -> v.getName().equals(volume))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name(d) + " does not mount " + volume));
    }

    private static Map<String, Integer> containerPorts(Deployment d) {
        return container(d).getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    }

    static List<Map<String, Object>> acls(GenericKubernetesResource user) {
        List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
        return acls == null ? List.of() : acls;
    }

    /** A principal's literal topic grants, as "Read radiograph-deidentified-v1" (Describe left out). */
    static List<String> topicGrants(GenericKubernetesResource user) {
        return acls(user).stream()
                .flatMap(acl -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                    @SuppressWarnings("unchecked")
                    List<String> ops = (List<String>) acl.get("operations");
                    return "topic".equals(resource.get("type")) && "literal".equals(resource.get("patternType"))
                            ? ops.stream()
                                    .filter(op -> !op.equals("Describe"))
                                    .map(op -> op + " " + resource.get("name"))
                            : Stream.empty();
                })
                .toList();
    }

    static String env(Deployment d, String name) {
        return container(d).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new AssertionError(name(d) + " has no " + name));
    }

    static List<String> claims(Deployment d) {
        return pod(d).getVolumes().stream()
                .map(Volume::getPersistentVolumeClaim)
                .filter(Objects::nonNull)
                .map(c -> c.getClaimName())
                .toList();
    }

    private static String deidSecret(Manifests m) {
        return container(m.deployment("streams")).getEnv().stream()
                .filter(e -> e.getName().equals("OSTEON_DEID_HMAC_SECRET"))
                .findFirst()
                .orElseThrow()
                .getValueFrom()
                .getSecretKeyRef()
                .getName();
    }

    private static List<Integer> ports(Stream<NetworkPolicyPort> ports) {
        return ports.map(p -> p.getPort().getIntVal()).toList();
    }

    private static String name(Deployment d) {
        return d.getMetadata().getName();
    }
}
