package org.tessera.testkit.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built Tessera distribution, running as an operator runs it ({@code bin/tessera start}) with the
 * plugin under test in its {@code deploy/}, for the tests of one class: register it as a static field,
 * <pre>
 * &#64;RegisterExtension
 * static final TesseraServer server = new TesseraServer().control("rcpthosts", "example.com");
 * </pre>
 * Before the class's tests it unpacks the distribution ({@code tessera.distribution}: the tar.gz or an
 * unpacked directory), makes a fresh home under {@code target/}, writes the control and {@code etc/} files
 * asked for, copies the jars of {@code tessera.plugins} (paths separated by {@code File.pathSeparator})
 * into {@code deploy/}, starts the server on free loopback ports and waits until every component and every
 * deployed bundle is active; after them it stops the server. In between, a test sends mail
 * ({@link #smtp()}), runs console commands ({@link #ctl}), and reads Maildirs and the mail log.
 */
public final class TesseraServer implements BeforeAllCallback, AfterAllCallback {

    /** The system property naming the distribution: its tar.gz, or a directory it was unpacked into. */
    public static final String DISTRIBUTION = "tessera.distribution";
    /** The system property naming the jars to deploy, separated by {@code File.pathSeparator}. */
    public static final String PLUGINS = "tessera.plugins";
    /** {@code control/me} of the test server; {@code locals} holds it and {@code example.com}. */
    public static final String ME = "mx.tessera.test";

    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);
    private static final List<String> PORT_VARIABLES = List.of("TESSERA_SSH_PORT", "TESSERA_SMTP_PORT",
            "TESSERA_QMTP_PORT", "TESSERA_QMQP_PORT", "TESSERA_POP3_PORT", "TESSERA_SENDMAIL_PORT",
            "TESSERA_SUBMISSION_PORT", "TESSERA_SUBMISSIONS_PORT", "TESSERA_POP3S_PORT", "TESSERA_METRICS_PORT");

    private final Map<String, String> control = new LinkedHashMap<>(Map.of(
            "me", ME + "\n", "locals", "example.com\n" + ME + "\n", "rcpthosts", "example.com\n" + ME + "\n"));
    private final Map<String, String> etc = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Path> deployed = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private Path distribution;
    private Path home;

    /** A control file ({@code control/NAME}) written before the start; replaces the default of the same name. */
    public TesseraServer control(String name, String content) {
        control.put(name, content.endsWith("\n") || content.isEmpty() ? content : content + "\n");
        return this;
    }

    /** A file of the home's {@code etc/} (an OSGi configuration, e.g. the plugin's {@code PID.cfg}) written before the start. */
    public TesseraServer etc(String name, String content) {
        etc.put(name, content);
        return this;
    }

    /** A variable of the server's environment (e.g. {@code TESSERA_CHECKPASSWORD}). */
    public TesseraServer environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** One more jar for {@code deploy/}, besides those of {@code tessera.plugins}. */
    public TesseraServer deploy(Path jar) {
        deployed.add(jar.toAbsolutePath());
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        distribution = Distribution.unpacked(Path.of(required(DISTRIBUTION)));
        home = fresh(Path.of("target", "tessera-server", context.getRequiredTestClass().getSimpleName()).toAbsolutePath());
        int[] free = FreePorts.take(PORT_VARIABLES.size());
        for (int i = 0; i < free.length; i++) {
            ports.put(PORT_VARIABLES.get(i), free[i]);
        }
        write(home.resolve("control"), control);
        write(home.resolve("etc"), etc);
        String plugins = System.getProperty(PLUGINS, "");
        for (String jar : plugins.split(File.pathSeparator)) {
            if (!jar.isBlank()) {
                deployed.add(Path.of(jar).toAbsolutePath());
            }
        }
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        for (Path jar : deployed) {
            Files.copy(jar, deploy.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            start();
        } catch (Throwable notUp) {
            // JUnit does not call afterAll when beforeAll failed: a server that started but never came up
            // would outlive the tests.
            stop();
            throw notUp;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    private void start() throws Exception {
        Result started = tessera(START_LIMIT, "start");
        if (started.exit() != 0) {
            throw new IllegalStateException("bin/tessera start: " + started + "\n" + karafLogProblems());
        }
        await(START_LIMIT, "every component active", () -> tessera(WAIT_LIMIT, "ctl", "stat"),
                result -> result.exit() == 0);
        for (Path jar : deployed) {
            String name = symbolicName(jar);
            await(WAIT_LIMIT, name + " active", () -> ctl("bundle:list", "-s", "--no-format"),
                    listing -> listing.lines().map(line -> List.of(line.trim().split("\\s+")))
                            .anyMatch(fields -> fields.contains("Active") && fields.get(fields.size() - 1).equals(name)));
        }
    }

    private void stop() throws Exception {
        if (home != null && Files.exists(home.resolve("data"))) {
            tessera(WAIT_LIMIT, "stop");
        }
    }

    /** The home: {@code control/}, {@code alias/}, {@code log/}, {@code etc/}, {@code deploy/}, ... */
    public Path home() {
        return home;
    }

    /** The port of a listener, by the variable that sets it: {@code TESSERA_SMTP_PORT}, {@code TESSERA_POP3_PORT}, ... */
    public int port(String variable) {
        Integer port = ports.get(variable);
        if (port == null) {
            throw new IllegalArgumentException("no such port: " + variable + "; one of " + ports.keySet());
        }
        return port;
    }

    /** The SMTP listener's port. */
    public int smtpPort() {
        return port("TESSERA_SMTP_PORT");
    }

    /** A new SMTP connection to the server, greeted; close it when done. */
    public SmtpClient smtp() {
        return SmtpClient.connect(smtpPort());
    }

    /**
     * Runs one console command ({@code bin/tessera ctl ARGS}: {@code ctl("stat")}, {@code ctl("bundle:list")},
     * {@code ctl("queue")}) and returns what it printed; a command that fails throws.
     */
    public String ctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ctl"));
        command.addAll(List.of(arguments));
        Result result = tessera(WAIT_LIMIT, command.toArray(String[]::new));
        if (result.exit() != 0) {
            throw new IllegalStateException("ctl " + String.join(" ", arguments) + ": " + result);
        }
        return result.output();
    }

    /**
     * Writes {@code etc/PID.cfg} while the server runs; Karaf reads it within a second or two and the
     * plugin's component is configured again (follow with {@link #awaitComponent}). Written to a temporary
     * file first and moved into place, so the runtime never reads half of it.
     */
    public void configure(String pid, String content) {
        try {
            Path etcDirectory = home.resolve("etc");
            Path temporary = Files.writeString(etcDirectory.resolve("." + pid + ".cfg.new"), content);
            Files.move(temporary, etcDirectory.resolve(pid + ".cfg"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the component named {@code name} (a DS component's name: its class name unless it says
     * otherwise) has registered its plugin service, as {@code ctl plugins} lists it: configured and ready to
     * be called.
     */
    public void awaitComponent(String name) {
        await(WAIT_LIMIT, name + " registered", () -> ctl("plugins"),
                listing -> listing.lines().anyMatch(line -> List.of(line.trim().split("\\s+")).contains(name)));
    }

    /**
     * Makes a home directory {@code name} under the server's home, with a {@code Maildir}, owned as the alias
     * user's home is (so a directory or checker plugin can name it as an account's home, with that owner's
     * uid and gid), and returns it.
     */
    public Path makeHome(String name) {
        try {
            Path alias = home.resolve("alias");
            Path account = Files.createDirectories(home.resolve(name));
            List<Path> made = new ArrayList<>(List.of(account, account.resolve("Maildir")));
            for (String part : List.of("tmp", "new", "cur")) {
                made.add(account.resolve("Maildir").resolve(part));
            }
            for (Path directory : made) {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(
                        directory.equals(account) ? "rwxr-xr-x" : "rwx------"));
                ownAs(directory, alias);
            }
            return account;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a {@code .qmail} file ({@code path} relative to the home, e.g. {@code alias/.qmail-sales}) as
     * qmail-local wants it: mode 0644, owned by the owner of its directory.
     */
    public void writeDotQmail(String path, String content) {
        try {
            Path file = Files.writeString(home.resolve(path), content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            ownAs(file, file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Only root may give a file away; any other user owns what it makes, as the server (run by the same user) does.
    private static void ownAs(Path path, Path model) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setAttribute(path, "unix:uid", Files.getAttribute(model, "unix:uid"));
            Files.setAttribute(path, "unix:gid", Files.getAttribute(model, "unix:gid"));
        }
    }

    /** The mail log as it is now ({@code log/current}, one line per event, qmail-send's words). */
    public String mailLog() {
        try {
            Path current = home.resolve("log/current");
            return Files.exists(current) ? Files.readString(current, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the end of the first local delivery to {@code recipient} in the mail log and returns its
     * outcome as qmail-send logs it: {@code success: did_0+0+1/}, {@code deferral: ...} or {@code failure: ...}.
     */
    public String awaitLocalDelivery(String recipient) {
        Pattern start = Pattern.compile("starting delivery (\\d+): msg \\d+ to local " + Pattern.quote(recipient) + "$",
                Pattern.MULTILINE);
        return await(WAIT_LIMIT, "a delivery to " + recipient, () -> {
            String log = mailLog();
            Matcher started = start.matcher(log);
            if (!started.find()) {
                return null;
            }
            Matcher ended = Pattern.compile(" delivery " + started.group(1) + ": ((success|failure|deferral): .*)$",
                    Pattern.MULTILINE).matcher(log);
            return ended.find() ? ended.group(1) : null;
        }, outcome -> outcome != null);
    }

    /**
     * Waits until {@code maildir}'s {@code new/} holds {@code count} messages and returns them, oldest first
     * (qmail's file names begin with the time); {@code maildir} is absolute or relative to the home, e.g.
     * {@code alias/Maildir} for {@code postmaster}'s mail.
     */
    public List<String> awaitMessages(String maildir, int count) {
        Path fresh = home.resolve(maildir).resolve("new");
        return await(WAIT_LIMIT, count + " messages in " + fresh, () -> {
            if (!Files.isDirectory(fresh)) {
                return List.<String>of();
            }
            List<String> messages = new ArrayList<>();
            try (Stream<Path> files = Files.list(fresh)) {
                for (Path file : files.sorted().toList()) {
                    messages.add(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
            return messages;
        }, messages -> messages.size() >= count);
    }

    /** Karaf's log, {@code data/log/karaf.log}, as it is now: what the runtime said about bundles and components. */
    public String karafLog() {
        try {
            return Files.readString(home.resolve("data/log/karaf.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String karafLogProblems() {
        try {
            return karafLog().lines().filter(line -> line.contains("| WARN ") || line.contains("| ERROR"))
                    .reduce("karaf.log's warnings and errors:", (all, line) -> all + "\n" + line);
        } catch (UncheckedIOException e) {
            return "no karaf.log: " + e.getCause().getMessage();
        }
    }

    private record Result(int exit, String output) {
    }

    @FunctionalInterface
    private interface Probe<T> {
        T look() throws Exception;
    }

    private static <T> T await(Duration limit, String what, Probe<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T seen = null;
        Exception failure = null;
        while (System.nanoTime() < deadline) {
            try {
                seen = probe.look();
                failure = null;
                if (done.test(seen)) {
                    return seen;
                }
            } catch (Exception e) {
                failure = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // An AssertionError, so that test reports show a wait that timed out as a failure, not an error.
        throw new AssertionError("not " + what + " within " + limit.toSeconds() + " s; last seen: " + seen, failure);
    }

    private Result tessera(Duration limit, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(distribution.resolve("bin/tessera").toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("tessera-server", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(output.toFile());
                Map<String, String> env = builder.environment();
                env.put("TESSERA_HOME", home.toString());
                ports.forEach((name, port) -> env.put(name, Integer.toString(port)));
                // Karaf's bin/client keeps its temporary files in the instance's data directory: the home's.
                env.put("KARAF_DATA", home.resolve("data").toString());
                env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
                env.putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "timed out after " + limit.toSeconds() + " s: " + Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
            } finally {
                Files.delete(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new IllegalArgumentException(jar + " is not a bundle: no Bundle-SymbolicName");
            }
            int parameters = name.indexOf(';');
            return (parameters < 0 ? name : name.substring(0, parameters)).trim();
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the system property " + property + " is not set (the build sets it"
                    + " for Failsafe: see the plugin archetype's pom)");
        }
        return value;
    }

    private static void write(Path directory, Map<String, String> files) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue());
        }
    }

    private static Path fresh(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }
}
