package org.tessera.queue.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.util.converter.Converters;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.Envelope;
import org.tessera.api.queue.MailQueue;
import org.tessera.common.mail.RecipientClassifier;
import org.tessera.queue.internal.store.QueueStore;
import org.tessera.queue.internal.store.StoredMessage;

/**
 * A real queue in a temporary home for the forward target's tests, built as SCR would build it (this class sits
 * in the queue's package to reach what its own tests reach): store only, no scheduler, so what a forward
 * injected stays to be read back.
 */
public final class QueueForTests implements AutoCloseable {

    /** What the queue holds for one message. */
    public record Stored(Envelope envelope, long uid, byte[] content) {
    }

    private final QueueService queue = new QueueService();

    public QueueForTests(Path home) {
        try {
            Files.createDirectories(home.resolve("queue"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queue.activate(Converters.standardConverter().convert(Map.of("home", home.toString(), "workerThreads", 4))
                .to(QueueServiceConfiguration.class));
    }

    public MailQueue queue() {
        return queue;
    }

    public Stored stored(long id) throws Exception {
        QueueStore store = queue.store().get();
        StoredMessage message = store.read(id).orElseThrow();
        try (InputStream content = store.content(message).open()) {
            return new Stored(message.envelope(), message.uid(), content.readAllBytes());
        }
    }

    public List<Long> committed() throws Exception {
        return queue.store().get().committed();
    }

    /**
     * Where qmail-send's rewriting (RecipientClassifier) sends each stored recipient of {@code id}, with this
     * {@code envnoathost} and no locals, percenthack or virtual domains.
     */
    public List<String> rewritten(long id, String envNoAtHost) throws Exception {
        ControlFiles controls = (ControlFiles) Proxy.newProxyInstance(ControlFiles.class.getClassLoader(),
                new Class<?>[] {ControlFiles.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "envNoAtHost" -> envNoAtHost;
                    case "isLocal", "isPercentHack" -> false;
                    case "virtualDomain" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        RecipientClassifier classifier = new RecipientClassifier(controls);
        return stored(id).envelope().recipients().stream()
                .map(r -> classifier.classify(r).address().text()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        queue.deactivate();
    }
}
