package org.osteon.worklist.alerts;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.WebhookTargetCheck;

/**
 * Where a webhook may point: the server-side request forgery rules. An admin's webhook URL makes the
 * adapter send requests from inside the hospital network, so a target is refused when its name or any
 * address it resolves to is internal (loopback, link-local and cloud metadata, private, unspecified,
 * multicast, reserved, the cluster's), unless {@code osteon.alerts.webhook-allowed-targets} names it.
 * The check runs when a webhook is subscribed and again before every delivery, on a fresh resolution,
 * and the delivery connects to the address this check returned: DNS that changes between subscription
 * and delivery, or between the check and the connection (rebinding), cannot turn a webhook inward.
 * Refusals never quote the URL or its host name (either may carry a token); they name the category
 * and the address.
 *
 * <p>A singleton rather than a client proxy: it is made, and its configuration parsed, with the
 * WebhookTarget the dispatcher checks at start-up, so a bad entry stops start-up.
 */
@Singleton
public class WebhookAddressPolicy implements WebhookTargetCheck {

    /** Name resolution, the JVM's by default; a test may stand in for DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * A webhook target that passed the check.
     *
     * @param host the URL's host, for the Host header, TLS SNI and certificate verification
     * @param address the checked address to connect to, never resolved again
     * @param pathAndQuery the request target, e.g. {@code /hook?x=1}
     */
    public record Target(boolean https, String host, int port, String pathAndQuery, InetAddress address) {}

    /** Names that only mean something inside this host, this network or this cluster. */
    private static final List<String> INTERNAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".svc");

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** IANA special-purpose ranges a webhook never needs, beyond what InetAddress classifies itself. */
    private static final List<Named> SPECIAL = List.of(
            new Named("unspecified", Cidr.parse("0.0.0.0/8")),
            new Named("carrier-grade NAT", Cidr.parse("100.64.0.0/10")),
            new Named("reserved", Cidr.parse("192.0.0.0/24")),
            new Named("reserved", Cidr.parse("198.18.0.0/15")),
            new Named("reserved", Cidr.parse("240.0.0.0/4")),
            new Named("unique-local", Cidr.parse("fc00::/7")),
            new Named("reserved", Cidr.parse("2001::/32")));

    private record Named(String category, Cidr cidr) {}

    private final Set<String> allowedHosts;
    private final List<Cidr> allowedCidrs;
    private final List<Cidr> clusterCidrs;
    private final Resolver resolver;

    @Inject
    WebhookAddressPolicy(WorklistConfig config) {
        this(
                config.alerts().webhookAllowedTargets().orElse(List.of()),
                config.alerts().webhookClusterCidrs().orElse(List.of()),
                InetAddress::getAllByName);
    }

    /**
     * @param allowed host names, addresses and CIDR blocks allowed although internal
     * @param cluster CIDR blocks refused as cluster-internal
     */
    public WebhookAddressPolicy(List<String> allowed, List<String> cluster, Resolver resolver) {
        List<String> hosts = new ArrayList<>();
        List<Cidr> cidrs = new ArrayList<>();
        for (String entry : allowed) {
            String value = entry.trim();
            if (value.contains("/")) {
                cidrs.add(parse(value, "osteon.alerts.webhook-allowed-targets"));
            } else if (isLiteral(value)) {
                cidrs.add(
                        parse(value + (value.contains(":") ? "/128" : "/32"), "osteon.alerts.webhook-allowed-targets"));
            } else if (!value.isEmpty()) {
                hosts.add(normalize(value));
            }
        }
        this.allowedHosts = Set.copyOf(hosts);
        this.allowedCidrs = List.copyOf(cidrs);
        this.clusterCidrs = cluster.stream()
                .map(c -> parse(c.trim(), "osteon.alerts.webhook-cluster-cidrs"))
                .toList();
        this.resolver = resolver;
    }

    /**
     * Resolves the URL's host now and checks the name and every address.
     *
     * @throws RefusedWebhookTarget when the target is internal and not allowed, or not an http(s) URL
     * @throws UnknownHostException when the name does not resolve (now)
     */
    public Target check(String url) throws RefusedWebhookTarget, UnknownHostException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedWebhookTarget("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new RefusedWebhookTarget("not an http or https URL with a host");
        }
        String host = normalize(uri.getHost());
        boolean named = allowedHosts.contains(host);
        boolean literal = isLiteral(host);
        if (!named && !literal && isInternalName(host)) {
            throw new RefusedWebhookTarget("its host name is local or cluster-internal");
        }
        InetAddress[] addresses;
        try {
            addresses = literal ? new InetAddress[] {literalAddress(host)} : resolver.resolve(host);
        } catch (IllegalArgumentException e) {
            throw new RefusedWebhookTarget("its host is not a valid IP address");
        }
        if (addresses.length == 0) {
            throw new UnknownHostException("no address");
        }
        if (!named) {
            for (InetAddress address : addresses) {
                String category = internalCategory(address);
                if (category != null && allowedCidrs.stream().noneMatch(c -> c.contains(address))) {
                    throw new RefusedWebhookTarget(
                            "it resolves to a " + category + " address (" + address.getHostAddress() + ")");
                }
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(scheme.equals("https"), host, port, pathAndQuery, addresses[0]);
    }

    /** At subscription: a refused or unresolvable target is the caller's mistake (400). */
    @Override
    public void checkWebhookUrl(String url) {
        try {
            check(url);
        } catch (RefusedWebhookTarget e) {
            throw badRequest("webhook target refused: " + e.getMessage()
                    + " (osteon.alerts.webhook-allowed-targets can allow it)");
        } catch (UnknownHostException e) {
            throw badRequest("webhook target refused: its host name does not resolve");
        }
    }

    private static BadRequestException badRequest(String message) {
        return new BadRequestException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.TEXT_PLAIN)
                .entity(message)
                .build());
    }

    /** Why an address is internal, or null when it is a public address. */
    String internalCategory(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            return internalCategory(embedded);
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        for (Cidr cidr : clusterCidrs) {
            if (cidr.contains(address)) {
                return "cluster-internal";
            }
        }
        for (Named special : SPECIAL) {
            if (special.cidr().contains(address)) {
                return special.category();
            }
        }
        return null;
    }

    /**
     * The IPv4 address inside an IPv6 one that reaches it (IPv4-compatible {@code ::a.b.c.d}, NAT64
     * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}); IPv4-mapped addresses Java already turns into
     * IPv4. Null for any other address.
     */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 16) && !(allZero(b, 12, 15) && b[15] == 1);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12);
        byte[] v4 = new byte[4];
        if (compatible || nat64) {
            System.arraycopy(b, 12, v4, 0, 4);
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            System.arraycopy(b, 2, v4, 0, 4);
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInternalName(String host) {
        return !host.contains(".")
                || host.equals("localhost")
                || INTERNAL_SUFFIXES.stream().anyMatch(host::endsWith);
    }

    private static boolean isLiteral(String host) {
        return IPV4_LITERAL.matcher(host).matches() || host.contains(":");
    }

    /** The address an IP literal denotes, never looked up in DNS. */
    static InetAddress literalAddress(String literal) {
        try {
            if (!literal.contains(":")) {
                String[] parts = literal.split("\\.", -1);
                if (parts.length != 4) {
                    throw new IllegalArgumentException("'" + literal + "' is not an IPv4 address");
                }
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet < 0 || octet > 255) {
                        throw new IllegalArgumentException("'" + literal + "' is not an IPv4 address");
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            // With a colon, InetAddress parses the literal and never asks DNS; it refuses a bad one.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
        }
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static Cidr parse(String value, String key) {
        try {
            return Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** An IPv4 or IPv6 block, e.g. {@code 10.0.0.0/8}; parsed without any name lookup. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String value) {
            int slash = value.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + value + "' is not a CIDR block");
            }
            String ip = value.substring(0, slash);
            if (!isLiteral(ip)) {
                throw new IllegalArgumentException("'" + value + "' is not an IP address block");
            }
            byte[] network = literalAddress(ip).getAddress();
            if (ip.contains(":") && network.length == 4) {
                throw new IllegalArgumentException("'" + value + "': write IPv4-mapped blocks as IPv4");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' has no prefix length", e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + value + "' has a prefix longer than its address");
            }
            return new Cidr(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
