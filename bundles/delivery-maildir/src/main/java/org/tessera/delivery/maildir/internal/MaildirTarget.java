package org.tessera.delivery.maildir.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryKind;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.delivery.UserProcessTarget;
import org.tessera.common.delivery.TargetProperties;
import org.tessera.common.errors.ErrorText;

/**
 * qmail-local's maildir delivery (dot-qmail(5), maildir(5)): {@code RPLINE}, {@code DTLINE} and the message
 * into a new file of {@code tmp/}, synced, linked into {@code new/}, and {@code new/} synced before the
 * delivery counts as done, because the queue then deletes its copy. Every failure is temporary and
 * leaves no file behind.
 */
@Component(service = DeliveryTarget.class, configurationPid = MaildirTarget.PID)
@DeliveryKind(DeliveryTarget.MAILDIR)
@Designate(ocd = MaildirTargetConfiguration.class)
public final class MaildirTarget implements UserProcessTarget {

    static final String PID = "org.tessera.delivery.maildir";
    static final long DEFAULT_TIMEOUT_SECONDS = 24 * 60 * 60;

    static final String CHDIR_FAILED = "Unable to chdir to maildir. (#4.2.1)\n";
    static final String TEMPORARY_ERROR = "Temporary error on maildir delivery. (#4.3.0)\n";
    static final String UNREADABLE = "Unable to read message. (#4.3.0)\n";
    static final String TIMEOUT = "Timeout on maildir delivery. (#4.3.0)\n";

    // qmail-local's tries for a fresh name; with the delivery counter in it, one clash is already odd.
    static final int NAME_TRIES = 3;

    private static final DeliveryResult DELIVERED = new DeliveryResult(Outcome.SUCCESS, "");
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Supplier<String> names;
    private final MessageCopy copy = new MessageCopy();
    private final Watchdog watchdog = new Watchdog();
    private volatile Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);

    /** A target as DS and a user process make it, with the default configuration until {@link #configure}. */
    public MaildirTarget() {
        this(MaildirNames.forThisProcess());
    }

    MaildirTarget(Supplier<String> names) {
        this.names = names;
    }

    // The same reading of the configuration as in a user process (UserProcessTarget's contract).
    @Activate
    @Modified
    void activate(Map<String, Object> properties) {
        configure(TargetProperties.scalars(properties));
    }

    /** {@code timeoutSeconds}, as {@link MaildirTargetConfiguration} describes it. */
    @Override
    public void configure(Map<String, String> configuration) {
        timeout = Duration.ofSeconds(Math.max(1,
                TargetProperties.longValue(configuration, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS)));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        watchdog.shutdown();
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        Path maildir = Path.of(delivery.user().home()).resolve(delivery.arguments().get(0));
        byte[] header = (delivery.environment().get(Delivery.ENV_RPLINE)
                + delivery.environment().get(Delivery.ENV_DTLINE)).getBytes(StandardCharsets.UTF_8);
        DeliveryAlarm alarm = watchdog.arm(timeout);
        try {
            String failure = deliver(maildir, MaildirPath.of(delivery.arguments().get(0)), header, delivery, alarm);
            return failure == null ? DELIVERED : new DeliveryResult(Outcome.TEMPORARY, failure);
        } finally {
            alarm.disarm();
        }
    }

    /** Returns null when delivered, else the failure's text. */
    /** @param shown the maildir as the {@code .qmail} line names it, for the failure's text */
    private String deliver(Path maildir, MaildirPath shown, byte[] header, Delivery delivery, DeliveryAlarm alarm) {
        Path tmp = maildir.resolve("tmp");
        FileChannel out = null;
        String name = null;
        for (int attempt = 1; out == null; attempt++) {
            name = names.get();
            try {
                out = FileChannel.open(tmp.resolve(name), CREATE, OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_TRIES) {
                    return temporaryError(NAME_TRIES + " new names in " + shown.in("tmp") + " were taken");
                }
            } catch (IOException e) {
                return whyNotCreated(maildir, shown, e);
            }
        }
        Path temporary = tmp.resolve(name);
        Path delivered = maildir.resolve("new").resolve(name);
        boolean done = false;
        boolean linked = false;
        String step = "cannot write " + shown.in("tmp/" + name);
        try {
            try (FileChannel file = out) {
                alarm.output(file);
                copy.copy(header, delivery.content(), file, alarm);
                file.force(true);
            }
            step = "cannot link " + shown.in("tmp/" + name) + " to " + shown.in("new/" + name);
            Files.createLink(delivered, temporary);
            linked = true;
            // As qmail-local: the message is in new/ whether or not its tmp/ name goes.
            removeQuietly(temporary);
            step = "cannot sync " + shown.in("new");
            syncDirectory(delivered.getParent());
            done = true;
            return null;
        } catch (IOException e) {
            if (alarm.expired()) {
                return TIMEOUT;
            }
            return e instanceof UnreadableMessageException ? UNREADABLE : temporaryError(step + ": " + ErrorText.of(e));
        } finally {
            if (!done) {
                removeQuietly(temporary);
                if (linked) {
                    removeQuietly(delivered);
                }
            }
        }
    }

    /**
     * The text for a file that could not be made in {@code tmp/}: what qmail-local's {@code chdir} into
     * the maildir would have said, else the general one (no {@code tmp/}, a full disk, a read-only file
     * system) with the cause.
     */
    private static String whyNotCreated(Path maildir, MaildirPath shown, IOException failure) {
        String cause = temporaryError("cannot create a file in " + shown.in("tmp") + ": " + ErrorText.of(failure));
        try {
            BasicFileAttributes attributes = Files.readAttributes(maildir, BasicFileAttributes.class);
            return attributes.isDirectory() && Files.isExecutable(maildir) ? cause : CHDIR_FAILED;
        } catch (NoSuchFileException | AccessDeniedException e) {
            return CHDIR_FAILED;
        } catch (FileSystemException e) {
            return lastingPathError(e.getReason()) ? CHDIR_FAILED : cause;
        } catch (IOException e) {
            return cause;
        }
    }

    /**
     * A maildir as its {@code .qmail} line names it ({@code ./Maildir/}), relative to the home as
     * qmail-local's texts are: a bounce tells the sender nothing of the server's directories.
     */
    private record MaildirPath(String line) {
        static MaildirPath of(String line) {
            return new MaildirPath(line.endsWith("/") ? line : line + "/");
        }

        String in(String entry) {
            return line + entry;
        }
    }

    /**
     * qmail-local's text for every other failure, which says nothing of the cause, followed by a line
     * that does: the report's lines go to the mail log joined by {@code /}, so an operator reads
     * {@code Temporary_error_on_maildir_delivery._(#4.3.0)/cannot_write_..._out_of_disk_space/}.
     */
    static String temporaryError(String cause) {
        return TEMPORARY_ERROR + cause + "\n";
    }

    /** ENOTDIR, ELOOP and ENAMETOOLONG, which qmail's error_temp does not count as temporary. */
    private static boolean lastingPathError(String reason) {
        return reason != null && (reason.startsWith("Not a directory")
                || reason.startsWith("Too many levels of symbolic links") || reason.startsWith("File name too long"));
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void removeQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do: Maildir readers remove stale tmp/ files themselves (after 36 hours)
        }
    }
}
