package org.tessera.remote.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.util.converter.Converters;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport;

/** Builds the channel as DS would, outside OSGi, and runs deliveries through it. */
final class Channels {

    private Channels() {
    }

    static RemoteChannel start(TestControls controls, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putIfAbsent("ownAddresses", new String[] {"127.0.0.1"});
        RemoteChannelConfiguration config = Converters.standardConverter().convert(all)
                .to(RemoteChannelConfiguration.class);
        return new RemoteChannel(controls, config);
    }

    static MessageContent content(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new MessageContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    static DeliveryReport deliver(RemoteChannel channel, String sender, String recipient, String message)
            throws Exception {
        return channel.deliver(1, MailAddress.parse(sender), MailAddress.parse(recipient), content(message)).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }
}
