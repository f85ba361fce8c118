package org.osteon.worklist.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

class SameOriginTest {

    @Test
    void shouldMatchThePageTheBrowserAddressed() {
        HostAndPort demo = HostAndPort.authority("localhost", 8080);
        assertThat(SameOrigin.matches("http://localhost:8080", demo, false)).isTrue();
        assertThat(SameOrigin.matches("http://LOCALHOST:8080", demo, false)).isTrue();
        assertThat(SameOrigin.matches("http://localhost:8080/index.html#study=abc", demo, false))
                .isTrue();
        assertThat(SameOrigin.matches("http://localhost:8081", demo, false)).isFalse();
        assertThat(SameOrigin.matches("http://localhost", demo, false)).isFalse();
        assertThat(SameOrigin.matches("http://evil.example:8080", demo, false)).isFalse();
        assertThat(SameOrigin.matches("http://localhost.evil.example:8080", demo, false))
                .isFalse();
    }

    @Test
    void shouldAcceptAnHttpsPageBehindAProxyThatEndsTls() {
        HostAndPort ingress = HostAndPort.authority("worklist.example.org");
        assertThat(SameOrigin.matches("https://worklist.example.org", ingress, false))
                .isTrue();
        assertThat(SameOrigin.matches(
                        "https://worklist.example.org", HostAndPort.authority("worklist.example.org", 443), false))
                .isTrue();
        assertThat(SameOrigin.matches("https://worklist.example.org:8443", ingress, false))
                .isFalse();
        // Where the adapter itself sees TLS, a plain-HTTP page is another origin.
        assertThat(SameOrigin.matches("http://worklist.example.org", ingress, true))
                .isFalse();
        assertThat(SameOrigin.matches("https://worklist.example.org", ingress, true))
                .isTrue();
    }

    @Test
    void shouldCompareIpv6Literals() {
        HostAndPort loopback = HostAndPort.authority("[::1]", 8080);
        assertThat(SameOrigin.matches("http://[::1]:8080", loopback, false)).isTrue();
        assertThat(SameOrigin.matches("http://[::2]:8080", loopback, false)).isFalse();
    }

    @Test
    void shouldNeverMatchWhatNamesNoHttpPage() {
        HostAndPort demo = HostAndPort.authority("localhost", 8080);
        for (String page : new String[] {
            "null",
            "",
            "localhost:8080",
            "/index.html",
            "file:///etc/passwd",
            "ftp://localhost:8080",
            "http://",
            "http://local host:8080",
            "javascript:alert(1)"
        }) {
            assertThat(SameOrigin.matches(page, demo, false)).as(page).isFalse();
        }
        assertThat(SameOrigin.matches("http://localhost:8080", null, false)).isFalse();
    }
}
