package org.tessera.delivery.program.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.users.MailUser;

/** Deliveries as the LOCAL channel hands them over: joe-ext@example.com, every qmail-command variable set. */
final class Deliveries {

    static final MailAddress SENDER = new MailAddress("sender", "example.org");
    static final MailAddress RECIPIENT = new MailAddress("joe-ext", "example.com");

    private Deliveries() {
    }

    /** The environment qmail-local gives a program for joe-ext@example.com from sender@example.org. */
    static Map<String, String> environment(Path home, String local) {
        Map<String, String> environment = new HashMap<>();
        environment.put(Delivery.ENV_USER, "joe");
        environment.put(Delivery.ENV_HOME, home.toString());
        environment.put(Delivery.ENV_LOCAL, local);
        environment.put(Delivery.ENV_HOST, "mail.example.com");
        environment.put(Delivery.ENV_HOST2, "mail.example");
        environment.put(Delivery.ENV_HOST3, "mail");
        environment.put(Delivery.ENV_HOST4, "mail");
        environment.put(Delivery.ENV_RECIPIENT, local + "@mail.example.com");
        environment.put(Delivery.ENV_SENDER, "sender@example.org");
        environment.put(Delivery.ENV_NEWSENDER, "sender@example.org");
        environment.put(Delivery.ENV_EXT, "ext");
        environment.put(Delivery.ENV_EXT2, "");
        environment.put(Delivery.ENV_EXT3, "");
        environment.put(Delivery.ENV_EXT4, "");
        environment.put(Delivery.ENV_DEFAULT, "ext");
        environment.put(Delivery.ENV_DTLINE, "Delivered-To: " + local + "@mail.example.com\n");
        environment.put(Delivery.ENV_RPLINE, "Return-Path: <sender@example.org>\n");
        environment.put(Delivery.ENV_UFLINE, "From sender@example.org Thu Jan 01 00:00:00 1970\n");
        return environment;
    }

    static Delivery of(Path home, String command, MessageContent content) {
        return of(home, "joe-ext", command, content);
    }

    static Delivery of(Path home, String local, String command, MessageContent content) {
        MailUser user = new MailUser("joe", 1000, 1000, home.toString(), "-", "ext");
        return new Delivery(7, user, List.of(command), SENDER, new MailAddress(local, "mail.example.com"), SENDER,
                environment(home, local), content);
    }

    /** A message held in memory: no file, so the target writes it to the program. */
    static MessageContent bytes(byte[] message) {
        return new MessageContent() {
            @Override
            public long size() {
                return message.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(message);
            }
        };
    }

    /** A message that is a file of its own: the target redirects the program's stdin from it. */
    static MessageContent file(Path file) {
        return new MessageContent() {
            @Override
            public long size() {
                return file.toFile().length();
            }

            @Override
            public InputStream open() throws java.io.IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }

    /** Every byte value, in lines, with a last line lacking its LF. */
    static byte[] everyByte() {
        byte[] message = new byte[256 * 3 + 7];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i % 97 == 0 ? '\n' : i);
        }
        return message;
    }
}
