package org.tessera.delivery.program.internal;

import java.nio.file.Path;
import java.util.Map;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.mail.MessageContent;
import org.tessera.testkit.TestDelivery;
import org.tessera.testkit.TestMessage;

/**
 * Deliveries as the LOCAL channel hands them over for {@code joe-ext@mail.example.com}, found through a
 * {@code .qmail-default} that stood for {@code ext}, from {@code sender@example.org}: every qmail-command
 * variable set (the testkit's).
 */
final class Deliveries {

    private Deliveries() {
    }

    /** The environment qmail-local gives a program for {@code local}@mail.example.com. */
    static Map<String, String> environment(Path home, String local) {
        return of(home, local, "true", TestMessage.of(new byte[0])).environment();
    }

    static Delivery of(Path home, String command, MessageContent content) {
        return of(home, "joe-ext", command, content);
    }

    static Delivery of(Path home, String local, String command, MessageContent content) {
        return to(home, local).argument(command).content(content).build();
    }

    /** The builder of a delivery to {@code local}@mail.example.com, to set more of it. */
    static TestDelivery to(Path home, String local) {
        return TestDelivery.to(local + "@mail.example.com").home(home).ext("-", "ext").matchedDefault("ext").messageId(7);
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
