package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/**
 * A user directory plugged in and out while mail flows: ranked above users/cdb and the system's
 * accounts, it owns its users from its registration, their mail lands in the home it names (as that
 * user: the server runs as root here, as CI does), and once it is gone the next message for the same
 * address is no longer delivered there, with no restart of anything.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UserDirectorySwapIT {

    // nobody, on every Debian system: the user processes need an account that is not root.
    private static final long NOBODY = 65534;

    @Inject
    BundleContext context;

    @Inject
    ControlFiles control;

    @Inject
    MailQueue queue;

    @Configuration
    public Option[] config() throws IOException {
        return ExamDistribution.options("directory-swap-home");
    }

    @Test
    public void aDirectoryRankedAboveTheOthersOwnsItsUsersFromItsRegistrationToItsRemoval() throws Exception {
        assumeTrue("the user processes need root", "root".equals(System.getProperty("user.name")));
        Path home = userHome();
        MailAddress recipient = new MailAddress("plugged", control.me().orElseThrow());
        UserDirectory directory = address -> address.local().equals("plugged")
                ? Optional.of(new MailUser("plugged", NOBODY, NOBODY, home.toString(), "", ""))
                : Optional.empty();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, UserDirectory.ASSIGN_RANKING + 100);
        ServiceRegistration<UserDirectory> registration =
                context.registerService(UserDirectory.class, directory, properties);
        try {
            inject(recipient, "while plugged in");
            ExamDistribution.awaitTrue(() -> delivered(home) == 1);
        } finally {
            registration.unregister();
        }
        long after = inject(recipient, "after it left");
        // The queue's end of that message is the barrier: its delivery is over, wherever it went.
        Path current = Path.of(System.getProperty("tessera.home"), "log", "current");
        ExamDistribution.awaitTrue(() -> logged(current, " end msg " + after));
        assertEquals("only the first message is in the plugged directory's home", 1, delivered(home));
        try (Stream<Path> files = Files.list(home.resolve("Maildir/new"))) {
            String message = Files.readString(files.findFirst().orElseThrow());
            assertTrue(message, message.endsWith("\n\nwhile plugged in\n"));
        }
    }

    private long inject(MailAddress recipient, String body) throws Exception {
        byte[] message = ("Subject: directory swap\n\n" + body + "\n").getBytes(StandardCharsets.US_ASCII);
        InjectResult result = queue.inject(new Envelope(new MailAddress("swap", "example.org"), List.of(recipient)),
                Origin.NETWORK, new ByteArrayInputStream(message)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(result.toString(), InjectResult.Outcome.OK, result.outcome());
        return result.messageId();
    }

    // A home with a Maildir, owned by the user, which the user process may enter.
    private static Path userHome() throws IOException {
        Path home = Files.createDirectories(TestHome.fresh("directory-swap-user"));
        for (String dir : List.of("Maildir", "Maildir/tmp", "Maildir/new", "Maildir/cur")) {
            Files.createDirectories(home.resolve(dir));
        }
        try (Stream<Path> all = Files.walk(home)) {
            for (Path path : all.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
                Files.setAttribute(path, "unix:uid", (int) NOBODY);
                Files.setAttribute(path, "unix:gid", (int) NOBODY);
            }
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static int delivered(Path home) {
        try (Stream<Path> files = Files.list(home.resolve("Maildir/new"))) {
            return (int) files.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean logged(Path current, String suffix) {
        try {
            return Files.exists(current) && Files.readAllLines(current).stream().anyMatch(l -> l.endsWith(suffix));
        } catch (IOException e) {
            return false;
        }
    }
}
