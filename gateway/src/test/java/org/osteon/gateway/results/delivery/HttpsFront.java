package org.osteon.gateway.results.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A TLS-terminating reverse proxy on a loopback port that forwards every request, with its method,
 * body, Authorization and Content-Type, to a plain HTTP server (Orthanc), and relays the answer.
 */
final class HttpsFront implements AutoCloseable {

    private final HttpsServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newHttpClient();

    HttpsFront(SSLContext serverContext, URI target) throws IOException {
        this.target = target;
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", this::forward);
        server.start();
    }

    URI uri(String path) {
        return URI.create("https://localhost:" + server.getAddress().getPort() + path);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(target + exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
            for (String header : List.of("Authorization", "Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.sendResponseHeaders(
                    response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            exchange.getResponseBody().write(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
