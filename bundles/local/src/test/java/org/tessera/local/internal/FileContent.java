package org.tessera.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.tessera.api.mail.MessageContent;

/** A queued message as a file, as the queue hands it over. */
record FileContent(Path path) implements MessageContent {

    static FileContent write(Path file, String message) throws IOException {
        return new FileContent(Files.writeString(file, message, StandardCharsets.UTF_8));
    }

    @Override
    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    @Override
    public Optional<Path> file() {
        return Optional.of(path);
    }
}
