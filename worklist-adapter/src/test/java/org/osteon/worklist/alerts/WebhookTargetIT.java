package org.osteon.worklist.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.net.PfxOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.peers.Hl7Receiver;
import org.osteon.worklist.peers.RecordingHttpServer;
import org.osteon.worklist.peers.RecordingHttpServer.Answer;
import org.osteon.worklist.peers.RecordingHttpServer.Request;
import org.osteon.worklist.peers.TestItems;
import org.osteon.worklist.peers.TestTls;
import org.osteon.worklist.store.OutboxItem;
import org.osteon.worklist.writeback.Delivery;

/**
 * Signed webhooks against in-test receivers on loopback that check the signature as a subscriber
 * would; the address policy before every delivery. No request in these tests leaves loopback: every
 * other address is refused by the check alone, before any connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookTargetIT {

    record Settings(
            String pageBaseUrl,
            boolean webhookIncludeAccession,
            Duration webhookTimeout,
            Optional<List<String>> webhookAllowedTargets,
            Optional<List<String>> webhookClusterCidrs,
            Optional<String> secretEncryptionKey)
            implements WorklistConfig.Alerts {

        Settings(Duration timeout) {
            this("https://osteon.example/", false, timeout, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    static final String SECRET = "whsec-test-0123456789abcdef";
    /** Never resolvable in real DNS (RFC 6761): only the test's resolver knows it. */
    static final String UNRESOLVABLE = "hooks.osteon-test.invalid";

    private static Vertx vertx;
    private static RecordingHttpServer receiver;
    private static WebhookTarget target;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        // The receiver verifies like a subscriber: 401 unless the signature is good and fresh.
        receiver = new RecordingHttpServer(WebhookTargetIT::verifying);
        target = webhooks(List.of("127.0.0.1/32"), InetAddress::getAllByName, Duration.ofSeconds(5), null);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static Answer verifying(Request request) {
        return WebhookSignature.verify(
                        SECRET,
                        request.header(WebhookSignature.HEADER),
                        request.body(),
                        Instant.now().getEpochSecond(),
                        300)
                ? new Answer(204, null, null)
                : new Answer(401, null, null);
    }

    private static WebhookTarget webhooks(
            List<String> allowed, WebhookAddressPolicy.Resolver resolver, Duration timeout, Path trustStore) {
        WebhookAddressPolicy policy = new WebhookAddressPolicy(allowed, List.of(), resolver);
        PfxOptions trust = trustStore == null
                ? null
                : new PfxOptions().setPath(trustStore.toString()).setPassword(TestTls.PASSWORD);
        return new WebhookTarget(new Settings(timeout), new ObjectMapper(), policy, vertx, trust);
    }

    private static List<Request> received(RecordingHttpServer server, OutboxItem item) {
        return server.requests().stream()
                .filter(r -> item.id().equals(r.header(WebhookSignature.DELIVERY_HEADER)))
                .toList();
    }

    @Test
    void shouldDeliverASignedAlertWithStudyReasonScoreUncertaintyAndLink() throws Exception {
        OutboxItem item = TestItems.webhook(receiver.baseUrl() + "/hook", SECRET, "ACC-WH-1");

        Delivery delivery = target.deliver(item);

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        Request request = received(receiver, item).get(0);
        assertThat(request.header(WebhookSignature.HEADER)).matches("t=\\d+,v1=[0-9a-f]{64}");
        JsonNode body = new ObjectMapper().readTree(request.body());
        String studyKey = TestItems.pseudonym("ACC-WH-1");
        assertThat(body.get("studyKey").asText()).isEqualTo(studyKey);
        assertThat(body.get("decision").asText()).isEqualTo("ESCALATE");
        assertThat(body.get("reason").asText()).contains("0.91");
        assertThat(body.get("score").asDouble()).isEqualTo(0.91);
        assertThat(body.get("uncertainty").asDouble()).isEqualTo(0.05);
        assertThat(body.get("link").asText()).isEqualTo("https://osteon.example/#study=" + studyKey);
        // External subscribers get no PHI unless configured.
        assertThat(body.has("accessionNumber")).isFalse();
        assertThat(request.bodyText()).doesNotContain("ACC-WH-1");
    }

    @Test
    void shouldBeRefusedByAReceiverWithAnotherSecret() {
        Delivery delivery =
                target.deliver(TestItems.webhook(receiver.baseUrl() + "/hook", SECRET + "-wrong", "ACC-WH-2"));

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.REJECTED);
        assertThat(delivery.detail()).contains("401");
    }

    @Test
    void shouldDetectATamperedBodyOrAStaleTimestamp() {
        byte[] body = "{\"a\":1}".getBytes();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.header(SECRET, now, body);

        assertThat(WebhookSignature.verify(SECRET, header, body, now, 300)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, "{\"a\":2}".getBytes(), now, 300))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, body, now + 301, 300))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, body, now, 300)).isFalse();
    }

    @Test
    void shouldRefuseALoopbackReceiverAtDeliveryUnlessItIsAllowed() {
        WebhookTarget strict = webhooks(List.of(), InetAddress::getAllByName, Duration.ofSeconds(5), null);
        OutboxItem byAddress = TestItems.webhook(receiver.baseUrl() + "/hook", SECRET, "ACC-WH-LOOP-1");
        OutboxItem byName = TestItems.webhook("http://localhost:" + receiver.port() + "/hook", SECRET, "ACC-WH-LOOP-2");

        Delivery refusedAddress = strict.deliver(byAddress);
        Delivery refusedName = strict.deliver(byName);

        assertThat(refusedAddress.outcome()).isEqualTo(Delivery.Outcome.REJECTED);
        assertThat(refusedAddress.detail())
                .isEqualTo("webhook subscription sub-1 refused: it resolves to a loopback " + "address (127.0.0.1)");
        assertThat(refusedName.outcome()).isEqualTo(Delivery.Outcome.REJECTED);
        assertThat(refusedName.detail()).contains("local or cluster-internal");
        assertThat(received(receiver, byAddress)).isEmpty();
        assertThat(received(receiver, byName)).isEmpty();
        // Allowed by name, the same receiver gets it.
        WebhookTarget allowed = webhooks(List.of("localhost"), InetAddress::getAllByName, Duration.ofSeconds(5), null);
        OutboxItem allowedByName =
                TestItems.webhook("http://localhost:" + receiver.port() + "/hook", SECRET, "ACC-WH-LOOP-3");
        assertThat(allowed.deliver(allowedByName).outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        allowed.close();
        strict.close();
    }

    @Test
    void shouldCheckAgainAtDeliverySoAHostThatRebindsInwardIsRefused() throws Exception {
        // Public when the webhook is subscribed (the check connects nowhere), loopback at delivery.
        AtomicReference<String> dns = new AtomicReference<>("93.184.215.14");
        WebhookTarget rebinding = webhooks(
                List.of(),
                host -> new InetAddress[] {WebhookAddressPolicy.literalAddress(dns.get())},
                Duration.ofSeconds(5),
                null);
        WebhookAddressPolicy policy = new WebhookAddressPolicy(
                List.of(), List.of(), host -> new InetAddress[] {WebhookAddressPolicy.literalAddress(dns.get())});
        String url = "http://" + UNRESOLVABLE + ":" + receiver.port() + "/hook";
        policy.checkWebhookUrl(url);

        dns.set("127.0.0.1");
        OutboxItem item = TestItems.webhook(url, SECRET, "ACC-WH-REBIND");
        Delivery delivery = rebinding.deliver(item);

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.REJECTED);
        assertThat(delivery.detail()).contains("loopback");
        assertThat(received(receiver, item)).isEmpty();
        rebinding.close();
    }

    @Test
    void shouldConnectToTheCheckedAddressWithoutResolvingAgainAndKeepTheHostHeader() {
        // Real DNS cannot resolve the name: the request arrives only because the client connected to
        // the address the check resolved, and it still names the URL's host.
        WebhookTarget pinned = webhooks(
                List.of("127.0.0.1/32"),
                host -> {
                    if (!host.equals(UNRESOLVABLE)) {
                        throw new UnknownHostException();
                    }
                    return new InetAddress[] {InetAddress.getLoopbackAddress()};
                },
                Duration.ofSeconds(5),
                null);
        OutboxItem item =
                TestItems.webhook("http://" + UNRESOLVABLE + ":" + receiver.port() + "/hook", SECRET, "ACC-WH-PIN");

        Delivery delivery = pinned.deliver(item);

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
        assertThat(received(receiver, item))
                .singleElement()
                .satisfies(r -> assertThat(r.header("Host")).isEqualTo(UNRESOLVABLE + ":" + receiver.port()));
        pinned.close();
    }

    @Test
    void shouldVerifyTheUrlsHostOverTlsWhileConnectingToTheCheckedAddress(@TempDir Path dir) throws Exception {
        TestTls.Identity identity = TestTls.localhost(dir, "webhook");
        try (RecordingHttpServer https =
                new RecordingHttpServer(WebhookTargetIT::verifying, TestTls.serverContext(identity, null))) {
            WebhookAddressPolicy.Resolver resolver = host -> new InetAddress[] {InetAddress.getLoopbackAddress()};
            WebhookTarget tls = webhooks(
                    List.of("127.0.0.1/32", "localhost"), resolver, Duration.ofSeconds(5), identity.trustStore());
            // The certificate names localhost: verified against the URL's host, delivered.
            OutboxItem named = TestItems.webhook("https://localhost:" + https.port() + "/hook", SECRET, "ACC-WH-TLS-1");
            // Same address, but a host the certificate does not name: refused in the handshake.
            OutboxItem misnamed =
                    TestItems.webhook("https://" + UNRESOLVABLE + ":" + https.port() + "/hook", SECRET, "ACC-WH-TLS-2");

            Delivery good = tls.deliver(named);
            Delivery bad = tls.deliver(misnamed);

            assertThat(good.outcome()).isEqualTo(Delivery.Outcome.ACKNOWLEDGED);
            assertThat(received(https, named))
                    .singleElement()
                    .satisfies(r -> assertThat(r.header("Host")).isEqualTo("localhost:" + https.port()));
            assertThat(bad.outcome()).isEqualTo(Delivery.Outcome.RETRY);
            assertThat(received(https, misnamed)).isEmpty();
            assertThat(bad.detail()).startsWith("webhook subscription sub-1: ").doesNotContain(UNRESOLVABLE);
            tls.close();
        }
    }

    @Test
    void shouldNameTheSubscriptionAndNeverTheUrlInAnError() throws Exception {
        String token = "tok-3f9a7c0e51";
        int closed = Hl7Receiver.freePort();
        WebhookTarget quick = webhooks(
                List.of("127.0.0.1/32", UNRESOLVABLE),
                host -> {
                    throw new UnknownHostException(host);
                },
                Duration.ofMillis(500),
                null);
        try (RecordingHttpServer hanging = new RecordingHttpServer(request -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Answer(204, null, null);
        })) {
            String path = "/hook/" + token + "-path?token=" + token + "-query&x=1";
            List<Delivery> failures = List.of(
                    // connection refused
                    quick.deliver(TestItems.webhook("http://127.0.0.1:" + closed + path, SECRET, "ACC-WH-E1")),
                    // no answer in time: the client's timeout message quotes the request line
                    quick.deliver(TestItems.webhook(hanging.baseUrl() + path, SECRET, "ACC-WH-E2")),
                    // a host name that does not resolve (allowed by name, so only DNS says no)
                    quick.deliver(TestItems.webhook("http://" + UNRESOLVABLE + path, SECRET, "ACC-WH-E3")),
                    // refused by the policy, the token in the host name
                    quick.deliver(TestItems.webhook("http://" + token + ".svc" + path, SECRET, "ACC-WH-E4")));

            assertThat(failures).allSatisfy(d -> {
                assertThat(d.outcome()).isIn(Delivery.Outcome.RETRY, Delivery.Outcome.REJECTED);
                assertThat(d.detail())
                        .startsWith("webhook subscription sub-1")
                        .doesNotContain(token)
                        .doesNotContain("/hook")
                        .doesNotContain(UNRESOLVABLE);
            });
        } finally {
            quick.close();
        }
    }
}
