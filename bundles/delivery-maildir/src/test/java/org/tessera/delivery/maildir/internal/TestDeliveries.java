package org.tessera.delivery.maildir.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.users.MailUser;

/** Deliveries as the LOCAL channel hands them over: the line's path, and the environment already computed. */
final class TestDeliveries {

    static final String RPLINE = "Return-Path: <sender@example.org>\n";
    static final String DTLINE = "Delivered-To: joe@example.com\n";

    private TestDeliveries() {
    }

    static Delivery to(Path home, String path, MessageContent content) {
        Map<String, String> environment = new HashMap<>();
        for (String name : Delivery.REQUIRED_ENVIRONMENT) {
            environment.put(name, "");
        }
        environment.put(Delivery.ENV_HOME, home.toString());
        environment.put(Delivery.ENV_RPLINE, RPLINE);
        environment.put(Delivery.ENV_DTLINE, DTLINE);
        environment.put(Delivery.ENV_UFLINE, "From sender@example.org Thu Jan 01 00:00:00 1970\n");
        MailUser user = new MailUser("joe", 1000, 1000, home.toString(), "", "");
        return new Delivery(1, user, List.of(path), new MailAddress("sender", "example.org"),
                new MailAddress("joe", "example.com"), new MailAddress("sender", "example.org"), environment, content);
    }

    /** A message held in memory: streamed, with no file of its own. */
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

    /** A message with a file of its own, as the queue's big messages are. */
    static MessageContent file(Path file, long size) {
        return new MessageContent() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return java.nio.file.Files.newInputStream(file);
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }

    /** A message whose stream yields {@code good} bytes and then fails. */
    static MessageContent failingAfter(byte[] good, long claimedSize) {
        return new MessageContent() {
            @Override
            public long size() {
                return claimedSize;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int next;

                    @Override
                    public int read() throws IOException {
                        if (next < good.length) {
                            return good[next++] & 0xff;
                        }
                        throw new IOException("queue file unreadable");
                    }
                };
            }
        };
    }
}
