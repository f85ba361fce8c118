package org.osteon.worklist.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.BadRequestException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webhook address policy by itself: every refusal here is decided by the check, which opens no
 * connection, and names are resolved by the test's table or, for {@code localhost}, by the JVM.
 */
class WebhookAddressPolicyTest {

    /** DNS as the tests need it; a name missing from it fails the test if it is looked up. */
    private static WebhookAddressPolicy.Resolver dns(Map<String, List<String>> answers) {
        return host -> {
            List<String> addresses = answers.get(host);
            if (addresses == null) {
                throw new AssertionError("looked up " + host);
            }
            return addresses.stream().map(WebhookAddressPolicy::literalAddress).toArray(InetAddress[]::new);
        };
    }

    private static final WebhookAddressPolicy STRICT = new WebhookAddressPolicy(
            List.of(),
            List.of(),
            dns(Map.of(
                    "hooks.example.org", List.of("93.184.215.14"),
                    "intranet.example.org", List.of("10.0.0.5"),
                    "split.example.org", List.of("93.184.215.14", "192.168.1.20"),
                    "metadata.example.org", List.of("169.254.169.254"))));

    private static String refusal(WebhookAddressPolicy policy, String url) {
        try {
            policy.check(url);
        } catch (RefusedWebhookTarget e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(url + " was not refused");
    }

    @Test
    void shouldRefuseInternalAddressesByTheCheckAlone() {
        assertThat(refusal(STRICT, "http://127.0.0.1:8080/hook"))
                .isEqualTo("it resolves to a loopback address (127.0.0.1)");
        assertThat(refusal(STRICT, "http://127.1.2.3/")).contains("loopback");
        assertThat(refusal(STRICT, "http://10.1.2.3/hook")).contains("a private address (10.1.2.3)");
        assertThat(refusal(STRICT, "http://172.16.0.1/")).contains("private");
        assertThat(refusal(STRICT, "http://192.168.1.1/")).contains("private");
        assertThat(refusal(STRICT, "http://169.254.169.254/latest/meta-data/")).contains("link-local");
        assertThat(refusal(STRICT, "http://0.0.0.0:8080/")).contains("unspecified");
        assertThat(refusal(STRICT, "http://224.0.0.1/")).contains("multicast");
        assertThat(refusal(STRICT, "http://100.64.0.1/")).contains("carrier-grade NAT");
        assertThat(refusal(STRICT, "http://255.255.255.255/")).contains("reserved");
        assertThat(refusal(STRICT, "http://[::1]:8080/")).contains("loopback");
        assertThat(refusal(STRICT, "http://[::]/")).contains("unspecified");
        assertThat(refusal(STRICT, "http://[fe80::1]/")).contains("link-local");
        assertThat(refusal(STRICT, "http://[fd00:ec2::254]/")).contains("unique-local");
        assertThat(refusal(STRICT, "http://[ff02::1]/")).contains("multicast");
        // IPv4 written as IPv6: mapped, NAT64 and 6to4 forms of loopback and the metadata address.
        assertThat(refusal(STRICT, "http://[::ffff:127.0.0.1]/")).contains("loopback");
        assertThat(refusal(STRICT, "http://[64:ff9b::a9fe:a9fe]/")).contains("link-local");
        assertThat(refusal(STRICT, "http://[2002:7f00:1::]/")).contains("loopback");
    }

    @Test
    void shouldRefuseANameThatResolvesInwardEvenIfOneOfItsAddressesIsPublic() {
        assertThat(refusal(STRICT, "https://intranet.example.org/hook")).contains("private address (10.0.0.5)");
        assertThat(refusal(STRICT, "https://split.example.org/hook")).contains("private address (192.168.1.20)");
        assertThat(refusal(STRICT, "https://metadata.example.org/hook")).contains("link-local");
    }

    @Test
    void shouldRefuseLocalAndClusterNamesWithoutLookingThemUp() {
        for (String host : List.of(
                "localhost",
                "LOCALHOST.",
                "api.localhost",
                "alerts.monitoring.svc",
                "alerts.monitoring.svc.cluster.local",
                "metadata.google.internal",
                "printer.local",
                "redis")) {
            assertThat(refusal(STRICT, "http://" + host + ":8080/hook"))
                    .as(host)
                    .isEqualTo("its host name is local or cluster-internal");
        }
    }

    @Test
    void shouldRefuseANameTheJvmResolvesToLoopback() throws Exception {
        // A name the name rule lets pass, resolved by the JVM like localhost; the allow-list covers other ranges only.
        WebhookAddressPolicy jvm = new WebhookAddressPolicy(List.of("10.0.0.0/8"), List.of(), host -> {
            if (!host.equals("loopback.osteon-test.example")) {
                throw new UnknownHostException(host);
            }
            return InetAddress.getAllByName("localhost");
        });
        assertThat(refusal(jvm, "http://loopback.osteon-test.example/hook")).contains("loopback");
    }

    @Test
    void shouldAcceptAPublicAddressAndSayWhereToConnect() throws Exception {
        WebhookAddressPolicy.Target target = STRICT.check("https://hooks.example.org/osteon?tenant=7#frag");

        assertThat(target.https()).isTrue();
        assertThat(target.host()).isEqualTo("hooks.example.org");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.pathAndQuery()).isEqualTo("/osteon?tenant=7");
        assertThat(target.address().getHostAddress()).isEqualTo("93.184.215.14");
        assertThat(STRICT.check("http://93.184.215.14:8080").pathAndQuery()).isEqualTo("/");
    }

    @Test
    void shouldAllowWhatTheAllowListNamesAndNothingElse() throws Exception {
        WebhookAddressPolicy allowing = new WebhookAddressPolicy(
                List.of("10.20.0.0/16", "192.168.7.9", "fd00:1::/32", "Hooks.Internal.Example.", "localhost"),
                List.of(),
                dns(Map.of("hooks.internal.example", List.of("10.99.0.1"), "localhost", List.of("127.0.0.1"))));

        assertThat(allowing.check("http://10.20.3.4/hook").address().getHostAddress())
                .isEqualTo("10.20.3.4");
        assertThat(allowing.check("http://192.168.7.9/hook").port()).isEqualTo(80);
        assertThat(allowing.check("http://[fd00:1::5]/hook").address().getHostAddress())
                .startsWith("fd00:1:");
        assertThat(allowing.check("http://hooks.internal.example/hook")
                        .address()
                        .getHostAddress())
                .isEqualTo("10.99.0.1");
        assertThat(allowing.check("http://localhost:9000/hook").address().isLoopbackAddress())
                .isTrue();
        assertThat(refusal(allowing, "http://10.21.0.1/hook")).contains("private");
        assertThat(refusal(allowing, "http://192.168.7.10/hook")).contains("private");
        assertThat(refusal(allowing, "http://[fd00:2::5]/hook")).contains("unique-local");
        assertThat(refusal(allowing, "http://127.0.0.1/hook")).contains("loopback");
    }

    @Test
    void shouldRefuseTheClustersOwnRanges() throws Exception {
        WebhookAddressPolicy.Resolver resolver = dns(Map.of("hooks.example.org", List.of("203.0.113.7")));
        WebhookAddressPolicy cluster = new WebhookAddressPolicy(List.of(), List.of("203.0.113.0/24"), resolver);

        assertThat(refusal(cluster, "https://hooks.example.org/"))
                .isEqualTo("it resolves to a cluster-internal address (203.0.113.7)");
        assertThat(new WebhookAddressPolicy(List.of(), List.of(), resolver)
                        .check("https://hooks.example.org/")
                        .address()
                        .getHostAddress())
                .isEqualTo("203.0.113.7");
    }

    @Test
    void shouldRefuseWhatIsNotAnHttpUrlAndNeverQuoteTheUrl() {
        for (String url : List.of(
                "ftp://hooks.example.org/x",
                "file:///etc/passwd",
                "gopher://hooks.example.org/",
                "http:///nohost",
                "not a url")) {
            assertThat(refusal(STRICT, url)).as(url).doesNotContain(url);
        }
        String token = "tok-5e1b0a";
        assertThatThrownBy(() -> STRICT.checkWebhookUrl("http://" + token + ".svc/hook?token=" + token))
                .isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e)
                                .getResponse()
                                .getEntity()
                                .toString())
                        .startsWith("webhook target refused: its host name is local")
                        .doesNotContain(token));
    }

    @Test
    void shouldRefuseABadAllowListEntryWithItsKey() {
        assertThatThrownBy(() -> new WebhookAddressPolicy(List.of("10.0.0.0/33"), List.of(), h -> new InetAddress[0]))
                .hasMessageContaining("osteon.alerts.webhook-allowed-targets");
        assertThatThrownBy(() -> new WebhookAddressPolicy(List.of(), List.of("300.1.1.0/24"), h -> new InetAddress[0]))
                .hasMessageContaining("osteon.alerts.webhook-cluster-cidrs");
        assertThatThrownBy(() ->
                        new WebhookAddressPolicy(List.of(), List.of("hooks.example.org/24"), h -> new InetAddress[0]))
                .hasMessageContaining("osteon.alerts.webhook-cluster-cidrs");
    }
}
