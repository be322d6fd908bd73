package org.tessera.queue.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;

/** Injects a generated 50 MB message into the queue at {@code args[0]}, in a JVM started with a small heap; prints the result. */
public final class BigInjectChild {

    static final long SIZE = 50L * 1024 * 1024;

    private BigInjectChild() {
    }

    public static void main(String[] args) throws Exception {
        QueueService queue = TestQueues.activate(Path.of(args[0]));
        InputStream fifty = new InputStream() {
            private long left = SIZE;

            @Override
            public int read() {
                return left-- > 0 ? 'a' + (int) (left % 26) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) (i % 80 == 79 ? '\n' : 'x');
                }
                left -= n;
                return n;
            }
        };
        Envelope envelope = new Envelope(new MailAddress("a", "example.com"), List.of(new MailAddress("b", "example.org")));
        InjectResult result = queue.inject(envelope, Origin.NETWORK, fifty).toCompletableFuture().get();
        queue.deactivate();
        System.out.println(result.outcome() + " " + result.messageId());
    }
}
