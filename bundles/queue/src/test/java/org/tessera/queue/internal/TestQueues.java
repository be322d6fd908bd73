package org.tessera.queue.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.util.converter.Converters;

/** Builds a {@link QueueService} the way SCR would, from a configuration map. */
final class TestQueues {

    private TestQueues() {
    }

    /** Creates the home's queue directory, as the first start's home layout does, then activates. */
    static QueueService activate(Path home, Object... keyValues) {
        try {
            Files.createDirectories(home.resolve("queue"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new HashMap<>();
        config.put("home", home.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        QueueService queue = new QueueService();
        queue.activate(Converters.standardConverter().convert(config).to(QueueServiceConfiguration.class));
        return queue;
    }

    /** The test classpath, for forked JVMs (surefire may hide it behind a manifest-only jar). */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Removes a directory tree, as a kill run does after checking a round. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
