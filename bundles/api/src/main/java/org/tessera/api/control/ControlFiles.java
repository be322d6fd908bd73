package org.tessera.api.control;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The control files of the home's {@code control/} directory, read with qmail's readers and
 * defaults.
 *
 * <p>Values are read once and kept until {@link #reload()}; every accessor is cheap and may be
 * called per connection or per message. The raw readers ({@link #line}, {@link #number},
 * {@link #list}) read any file by name and are not cached, so a listener that must see each
 * edit at the next connection (qmail-smtpd reads its files per process) may use them or call
 * {@link #reload()} first. Domain and address comparisons are ASCII case-insensitive.
 */
@ProviderType
public interface ControlFiles {

    /**
     * Returns the home directory, resolved once by this service when it started: the
     * configured home, else the {@code tessera.home} system property, else {@code TESSERA_HOME},
     * else {@code ./var/tessera}. Every part of the server takes the home from here.
     *
     * @return the absolute path of {@code $TESSERA_HOME}, the parent of {@link #directory()}
     * @since 1.2
     */
    Path home();

    /**
     * Returns the control directory.
     *
     * @return the absolute path of {@code $TESSERA_HOME/control}
     */
    Path directory();

    /**
     * Returns a number that grows each time a {@link #reload()} found a changed file.
     *
     * @return the generation of the values currently served, starting at 1
     */
    long generation();

    /**
     * Re-reads every control file (qmail's HUP) and tells each {@link ControlChangeListener}
     * service which files changed. When a file cannot be read the old values are kept.
     *
     * @return the names of the files whose contents changed, empty when none did
     * @throws ControlFileException when a file exists but cannot be read
     */
    Set<String> reload();

    /**
     * Re-reads those of the named files that were replaced or rewritten since they were last
     * read (their size, modification time or inode differ), and tells each
     * {@link ControlChangeListener} service which changed, as {@link #reload()} does. Cheap when
     * nothing changed (one {@code stat} per name), so a listener may call it for every new
     * connection: qmail-smtpd reads {@code rcpthosts}, {@code badmailfrom}, {@code databytes} and
     * the like afresh in each process.
     *
     * @param names control file names, such as {@code rcpthosts} or {@code morercpthosts.cdb}
     * @return the names of the files whose contents changed, empty when none did
     * @throws ControlFileException when a file exists but cannot be read
     * @since 1.1
     */
    Set<String> refresh(Set<String> names);

    /**
     * Reads a file with qmail's <em>line</em> reader: the first line, trailing blanks, tabs
     * and newline removed, {@code '\r'} and leading blanks kept.
     *
     * @param name the file name inside the control directory, for example {@code "me"}
     * @return the first line, the empty string for an empty file, or empty when the file is missing
     * @throws ControlFileException when the file exists but cannot be read
     */
    Optional<String> line(String name);

    /**
     * Reads a file with qmail's <em>int</em> reader: the unsigned decimal prefix of the first
     * line ({@code "12abc"} is 12).
     *
     * @param name the file name inside the control directory, for example {@code "databytes"}
     * @return the value, or empty when the file is missing or its first character is not a digit
     * @throws ControlFileException when the file exists but cannot be read
     */
    OptionalLong number(String name);

    /**
     * Reads a file with qmail's <em>list</em> reader: every line with trailing blanks, tabs
     * and newline removed, skipping lines then empty and lines whose first byte is {@code '#'}.
     *
     * @param name the file name inside the control directory, for example {@code "rcpthosts"}
     * @return the entries in file order, or empty when the file is missing
     * @throws ControlFileException when the file exists but cannot be read
     */
    Optional<List<String>> list(String name);

    /**
     * Returns {@code me}, the host's fully qualified name, the default of many other files.
     *
     * @return the first line of {@code me}, or empty when the file is missing
     */
    Optional<String> me();

    /**
     * Returns the local part of the bounce sender's {@code From:} ({@code bouncefrom}).
     *
     * @return {@code bouncefrom}, default {@code MAILER-DAEMON}
     */
    String bounceFrom();

    /**
     * Returns the host of the bounce sender's {@code From:} ({@code bouncehost}).
     *
     * @return {@code bouncehost}, default {@code me}, else {@code "bouncehost"}
     */
    String bounceHost();

    /**
     * Returns the local part of the double-bounce recipient ({@code doublebounceto}).
     *
     * @return {@code doublebounceto}, default {@code postmaster}; may be empty (the trash address)
     */
    String doubleBounceTo();

    /**
     * Returns the domain of the double-bounce recipient ({@code doublebouncehost}).
     *
     * @return {@code doublebouncehost}, default {@code me}, else {@code "doublebouncehost"}
     */
    String doubleBounceHost();

    /**
     * Returns the domain appended to envelope recipients without {@code @} ({@code envnoathost}).
     *
     * @return {@code envnoathost}, default {@code me}, else {@code "envnoathost"}
     */
    String envNoAtHost();

    /**
     * Returns the domain qmail-inject appends to host names without a dot ({@code defaultdomain}).
     *
     * @return {@code defaultdomain}, default {@code me}, else {@code "defaultdomain"}
     */
    String defaultDomain();

    /**
     * Returns the host qmail-inject appends to addresses without a host ({@code defaulthost}).
     *
     * @return {@code defaulthost}, default {@code me}, else {@code "defaulthost"}
     */
    String defaultHost();

    /**
     * Returns the host used in {@code Message-ID} fields made by injection ({@code idhost}).
     *
     * @return {@code idhost}, default {@code me}, else {@code "idhost"}
     */
    String idHost();

    /**
     * Returns the host qmail-inject puts in place of a trailing {@code +} ({@code plusdomain}).
     *
     * @return {@code plusdomain}, default {@code me}, else {@code "plusdomain"}
     */
    String plusDomain();

    /**
     * Returns the name remote delivery greets peers with ({@code helohost}).
     *
     * @return {@code helohost}, default {@code me}, or empty when neither exists
     */
    Optional<String> heloHost();

    /**
     * Returns the name that replaces this host's own {@code [d.d.d.d]} literals in addresses
     * ({@code localiphost}).
     *
     * @return {@code localiphost}, default {@code me}, or empty when neither exists (feature off)
     */
    Optional<String> localIpHost();

    /**
     * Returns the SMTP greeting text ({@code smtpgreeting}).
     *
     * @return {@code smtpgreeting}, default {@code me}, or empty when neither exists
     */
    Optional<String> smtpGreeting();

    /**
     * Returns the delivery of a user without a {@code .qmail} file ({@code defaultdelivery},
     * a Tessera file where qmail took the argument of {@code qmail-start}).
     *
     * @return every line of {@code defaultdelivery} joined by newlines, default {@code ./Maildir/}
     */
    String defaultDelivery();

    /**
     * Returns the maximum of simultaneous local deliveries ({@code concurrencylocal}).
     *
     * @return {@code concurrencylocal}, default 10; 0 holds the local channel
     */
    int concurrencyLocal();

    /**
     * Returns the maximum of simultaneous remote deliveries ({@code concurrencyremote}).
     *
     * @return {@code concurrencyremote}, default 20; 0 holds the remote channel
     */
    int concurrencyRemote();

    /**
     * Returns the maximum of simultaneous sessions per listener ({@code concurrencyincoming},
     * tcpserver's {@code -c}).
     *
     * @return {@code concurrencyincoming}, default 20
     */
    int concurrencyIncoming();

    /**
     * Returns the largest message accepted, in bytes as stored ({@code databytes}).
     *
     * @return {@code databytes}, default 0 meaning no limit
     */
    long databytes();

    /**
     * Returns how long a message may stay in the queue ({@code queuelifetime}).
     *
     * @return seconds, default 604800 (seven days)
     */
    long queueLifetime();

    /**
     * Returns the limit for a remote TCP connect ({@code timeoutconnect}).
     *
     * @return seconds, default 60
     */
    int timeoutConnect();

    /**
     * Returns the limit for each read or write of remote delivery ({@code timeoutremote}).
     *
     * @return seconds, default 1200
     */
    int timeoutRemote();

    /**
     * Returns the limit for each read or write of the SMTP server ({@code timeoutsmtpd}).
     *
     * @return seconds, default 1200; values of 0 become 1
     */
    int timeoutSmtpd();

    /**
     * Returns the domains delivered locally ({@code locals}).
     *
     * @return the lower-cased entries of {@code locals}, else {@code me} alone, else empty
     */
    Optional<Set<String>> locals();

    /**
     * Tells whether a domain is delivered locally (exact, case-insensitive match in {@code locals}).
     *
     * @param domain the text after the last {@code @} of a recipient
     * @return whether the domain is listed in {@code locals} (or is {@code me} when that file is missing)
     */
    boolean isLocal(String domain);

    /**
     * Tells whether the percent hack applies to a domain ({@code percenthack}, exact match).
     *
     * @param domain the text after the last {@code @} of a recipient
     * @return whether the domain is listed in {@code percenthack}
     */
    boolean isPercentHack(String domain);

    /**
     * Tells whether an envelope sender is refused ({@code badmailfrom}): the whole address or
     * the part from its last {@code @} equals an entry. The null sender never matches.
     *
     * @param sender the parsed envelope sender
     * @return whether RCPT must answer qmail's badmailfrom refusal
     */
    boolean isBadMailFrom(String sender);

    /**
     * Tells whether {@code rcpthosts} exists. qmail accepts every recipient when it does not;
     * Tessera's relay policy decides what to do instead.
     *
     * @return whether {@code control/rcpthosts} exists
     */
    boolean hasRcptHosts();

    /**
     * Tells whether mail for a domain is accepted: an exact or {@code .suffix} entry of
     * {@code rcpthosts}, then of {@code morercpthosts.cdb}.
     *
     * @param domain the text after the last {@code @} of a recipient
     * @return whether the domain matches; false when {@code rcpthosts} is missing
     */
    boolean isRcptHost(String domain);

    /**
     * Looks an address up in {@code virtualdomains}: the whole address, then its domain,
     * then each {@code .suffix} longest first, then the catch-all entry.
     *
     * @param address a recipient {@code local@domain} after envnoathost and the percent hack
     * @return the first matching entry, or empty when none matches
     */
    Optional<VirtualDomain> virtualDomain(String address);

    /**
     * Looks a recipient domain up in {@code smtproutes}: the domain, then each
     * {@code .suffix} longest first, then the catch-all entry.
     *
     * @param domain the recipient's domain
     * @return the first matching route, or empty when none matches (use MX records)
     */
    Optional<SmtpRoute> smtpRoute(String domain);

    /**
     * Returns the QMQP servers that injection tools submit to ({@code qmqpservers}).
     *
     * @return the dotted-decimal IPv4 entries in file order; lines that are not such an address are skipped
     */
    List<String> qmqpServers();
}
