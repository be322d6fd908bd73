package org.tessera.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.users.MailUser;

class DeliveryTest {

    private static final MailUser JOE = new MailUser("joe", 507, 100, "/home/joe", "-", "info");
    private static final MailAddress SENDER = new MailAddress("a", "b.example");
    private static final MailAddress RECIPIENT = new MailAddress("joe-info", "example.com");
    private static final MessageContent CONTENT = new MessageContent() {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(new byte[0]);
        }
    };

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (String name : Delivery.REQUIRED_ENVIRONMENT) {
            env.put(name, "");
        }
        env.put(Delivery.ENV_DTLINE, "Delivered-To: joe-info@example.com\n");
        return env;
    }

    private static Delivery delivery(long id, List<String> arguments, Map<String, String> env) {
        return new Delivery(id, JOE, arguments, SENDER, RECIPIENT, SENDER, env, CONTENT);
    }

    @Test
    void copiesArgumentsAndEnvironment() {
        List<String> args = new ArrayList<>(List.of("./Maildir/"));
        Map<String, String> env = environment();
        Delivery d = delivery(1, args, env);
        args.add("./Mailbox");
        env.remove(Delivery.ENV_DTLINE);
        assertEquals(List.of("./Maildir/"), d.arguments());
        assertEquals("Delivered-To: joe-info@example.com\n", d.environment().get(Delivery.ENV_DTLINE));
        assertTrue(d.content().file().isEmpty());
    }

    @Test
    void requiredEnvironmentIsEveryNameButDefault() {
        assertEquals(17, Delivery.REQUIRED_ENVIRONMENT.size());
        assertTrue(!Delivery.REQUIRED_ENVIRONMENT.contains(Delivery.ENV_DEFAULT));
        Map<String, String> env = environment();
        env.put(Delivery.ENV_DEFAULT, "info");
        assertEquals("info", delivery(1, List.of("x"), env).environment().get(Delivery.ENV_DEFAULT));
    }

    @Test
    void refusesAMissingEnvironmentName() {
        for (String name : Delivery.REQUIRED_ENVIRONMENT) {
            Map<String, String> env = environment();
            env.remove(name);
            assertThrows(IllegalArgumentException.class, () -> delivery(1, List.of("x"), env), name);
        }
    }

    @Test
    void refusesNoArgumentAndBadId() {
        assertThrows(IllegalArgumentException.class, () -> delivery(1, List.of(), environment()));
        assertThrows(IllegalArgumentException.class, () -> delivery(0, List.of("x"), environment()));
    }

    @Test
    void refusesNulls() {
        Map<String, String> env = environment();
        List<String> a = List.of("x");
        assertThrows(NullPointerException.class, () -> new Delivery(1, null, a, SENDER, RECIPIENT, SENDER, env, CONTENT));
        assertThrows(NullPointerException.class, () -> new Delivery(1, JOE, null, SENDER, RECIPIENT, SENDER, env, CONTENT));
        assertThrows(NullPointerException.class, () -> new Delivery(1, JOE, a, null, RECIPIENT, SENDER, env, CONTENT));
        assertThrows(NullPointerException.class, () -> new Delivery(1, JOE, a, SENDER, null, SENDER, env, CONTENT));
        assertThrows(NullPointerException.class, () -> new Delivery(1, JOE, a, SENDER, RECIPIENT, null, env, CONTENT));
        assertThrows(NullPointerException.class, () -> new Delivery(1, JOE, a, SENDER, RECIPIENT, SENDER, null, CONTENT));
        assertThrows(NullPointerException.class, () -> new Delivery(1, JOE, a, SENDER, RECIPIENT, SENDER, env, null));
        assertThrows(NullPointerException.class, () -> delivery(1, Arrays.asList("x", null), env));
        Map<String, String> withNull = environment();
        withNull.put(Delivery.ENV_EXT, null);
        assertThrows(NullPointerException.class, () -> delivery(1, a, withNull));
    }
}
