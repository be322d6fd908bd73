package org.tessera.example.webhook.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryKind;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryTarget;

/**
 * A delivery target of a kind of its own: the {@code .qmail} line {@code +webhook:URL} posts the
 * message, unchanged ({@code message/rfc822}, LF line ends), to URL, with the envelope in
 * {@code X-Tessera-*} request headers. A 2xx answer delivers; 4xx bounces (the endpoint refuses
 * this message for good) except 408 and 429, which defer as 5xx, a timeout and a refused
 * connection do. The answer's status code is the delivery's report; like every target's, each
 * report line ends with a line feed.
 *
 * <p>The target runs in the server, not in the user's process (it touches no file of the user), so
 * the request comes from the server: a URL is posted to only when it starts with one of the
 * operator's {@code allowed} prefixes, or a user could make the server reach what only it may.
 */
@Component(service = DeliveryTarget.class, configurationPid = WebhookTarget.PID)
@DeliveryKind(WebhookTarget.KIND)
@Designate(ocd = WebhookTargetConfiguration.class)
public final class WebhookTarget implements DeliveryTarget {

    /** The configuration PID. */
    static final String PID = "org.tessera.example.webhook";

    /** The kind, as in the {@code .qmail} line {@code +webhook:URL}. */
    static final String KIND = "webhook";

    private List<String> allowed;
    private Duration timeout;
    private long maxBytes;
    private HttpClient client;

    @Activate
    void activate(WebhookTargetConfiguration config) {
        allowed = List.of(config.allowed());
        timeout = Duration.ofSeconds(config.timeoutSeconds());
        maxBytes = config.maxBytes();
        client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        String url = delivery.arguments().get(0);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new DeliveryResult(Outcome.PERMANENT, "Webhook URL " + url + " is not a URL. (#5.3.5)\n");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new DeliveryResult(Outcome.PERMANENT, "Webhook URL " + url + " is not http or https. (#5.3.5)\n");
        }
        // Temporary: the operator may yet allow it, and the user's mail waits for that rather than bouncing.
        if (allowed.stream().noneMatch(url::startsWith)) {
            return new DeliveryResult(Outcome.TEMPORARY, "Webhook URL " + url + " is not allowed here. (#4.3.5)\n");
        }
        if (maxBytes > 0 && delivery.content().size() > maxBytes) {
            return new DeliveryResult(Outcome.PERMANENT, "Message is larger than the webhook takes. (#5.3.4)\n");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "message/rfc822")
                .header("X-Tessera-Sender", delivery.sender().text())
                .header("X-Tessera-Recipient", delivery.recipient().text())
                .header("X-Tessera-Message-Id", Long.toString(delivery.messageId()))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return delivery.content().open();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), delivery.content().size()))
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new DeliveryResult(outcome(status), "webhook " + uri.getHost() + " answered " + status + ".\n");
        } catch (IOException | UncheckedIOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new DeliveryResult(Outcome.TEMPORARY, "Unable to post to webhook " + uri.getHost() + ": " + why
                    + " (#4.4.1)\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult(Outcome.TEMPORARY, "Webhook delivery interrupted. (#4.3.0)\n");
        }
    }

    private static Outcome outcome(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.SUCCESS;
        }
        boolean endpointRefusesForGood = status >= 400 && status < 500 && status != 408 && status != 429;
        return endpointRefusesForGood ? Outcome.PERMANENT : Outcome.TEMPORARY;
    }
}
