package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.tessera.api.control.ControlChangeListener;
import org.tessera.api.control.ControlFiles;

/**
 * Boots the assembled distribution in Pax Exam's Karaf container and checks what an operator
 * relies on: every Tessera part active, the home created, {@code qmail:stat} and
 * {@code qmail:plugins} telling the truth, plugins coming and going without restarts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT {

    private static final List<String> EXPECTED_BUNDLES = List.of(
            "org.tessera.access", "org.tessera.api", "org.tessera.control", "org.tessera.delivery.forward",
            "org.tessera.delivery.maildir", "org.tessera.delivery.mbox", "org.tessera.delivery.program",
            "org.tessera.james.protocols", "org.tessera.listener", "org.tessera.local", "org.tessera.maillog",
            "org.tessera.qmtp", "org.tessera.queue", "org.tessera.relay.policy", "org.tessera.remote",
            "org.tessera.shell", "org.tessera.smtp", "org.tessera.pop3", "org.tessera.checkpassword.exec",
            "org.tessera.checkpassword.file");

    @Inject
    BundleContext context;

    @Inject
    ServiceComponentRuntime scr;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    ControlFiles control;

    @Configuration
    public Option[] config() throws IOException {
        return ExamDistribution.options("exam-home");
    }

    // The probe runs once its injected services exist, which can be before Karaf has started the last boot
    // feature's bundles: the tests look at the runtime once every expected bundle is started.
    @Before
    public void everyExpectedBundleStarted() throws InterruptedException {
        ExamDistribution.awaitTrue(() -> {
            Map<String, Bundle> bundles = tesseraBundles();
            return bundles.keySet().containsAll(EXPECTED_BUNDLES)
                    && bundles.values().stream().allMatch(b -> b.getState() == Bundle.ACTIVE);
        });
    }

    @Test
    public void everyTesseraBundleIsActiveAndEveryComponentSatisfied() {
        Map<String, Bundle> bundles = tesseraBundles();
        assertTrue("bundles present: " + bundles.keySet(), bundles.keySet().containsAll(EXPECTED_BUNDLES));
        bundles.values().forEach(b ->
                assertEquals(b.getSymbolicName() + " state", Bundle.ACTIVE, b.getState()));

        List<ComponentDescriptionDTO> descriptions = descriptions();
        assertFalse("Tessera declares DS components", descriptions.isEmpty());
        for (ComponentDescriptionDTO description : descriptions) {
            assertTrue(description.name + " enabled", scr.isComponentEnabled(description));
            var configurations = scr.getComponentConfigurationDTOs(description);
            assertFalse(description.name + " has a configuration", configurations.isEmpty());
            for (ComponentConfigurationDTO configuration : configurations) {
                assertTrue(description.name + " satisfied, state " + configuration.state,
                        configuration.state == ComponentConfigurationDTO.ACTIVE
                                || configuration.state == ComponentConfigurationDTO.SATISFIED);
            }
        }
    }

    @Test
    public void firstStartCreatesTheHome() throws IOException {
        Path home = Path.of(System.getProperty("tessera.home"));
        Path me = home.resolve("control/me");
        assertTrue("control/me exists", Files.isRegularFile(me));
        String host = Files.readString(me).trim();
        assertFalse("me names the host", host.isEmpty());
        assertTrue("locals holds me", Files.readString(home.resolve("control/locals")).contains(host));
        assertTrue("rcpthosts holds me", Files.readString(home.resolve("control/rcpthosts")).contains(host));
        for (String alias : List.of(".qmail-postmaster", ".qmail-mailer-daemon", ".qmail-root")) {
            assertEquals(alias, "./Maildir/", Files.readString(home.resolve("alias").resolve(alias)).trim());
        }
        for (String dir : List.of("alias/Maildir/cur", "alias/Maildir/new", "alias/Maildir/tmp",
                "users", "queue", "log", "etc")) {
            assertTrue(dir + " is a directory", Files.isDirectory(home.resolve(dir)));
        }
        assertEquals(java.util.Optional.of(host), control.me());
    }

    @Test
    public void statReportsEveryBundleAndComponent() throws Exception {
        String out = execute("qmail:stat");
        for (String bundle : EXPECTED_BUNDLES) {
            assertTrue("stat lists " + bundle + ":\n" + out, out.contains(bundle));
        }
        for (ComponentDescriptionDTO description : descriptions()) {
            assertTrue("stat lists " + description.name + ":\n" + out, out.contains(description.name));
        }
        assertTrue(out, out.contains("all " + tesseraBundles().size() + " bundles and "));
        assertTrue(out, out.contains("home: " + System.getProperty("tessera.home")));
    }

    @Test
    public void statFailsWhileAComponentIsDisabled() throws Exception {
        ComponentDescriptionDTO victim = descriptions().stream()
                .filter(d -> d.bundle.symbolicName.equals("org.tessera.control"))
                .findFirst().orElseThrow();
        scr.disableComponent(victim).getValue();
        try {
            try {
                execute("qmail:stat");
                fail("qmail:stat succeeded with " + victim.name + " disabled");
            } catch (Exception expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("not active"));
            }
        } finally {
            scr.enableComponent(victim).getValue();
        }
        ExamDistribution.awaitTrue(() -> scr.getComponentConfigurationDTOs(victim).stream()
                .allMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED));
        execute("qmail:stat");
    }

    @Test
    public void pluginServiceComesAndGoesWithoutRestartingComponents() throws Exception {
        Map<String, Set<Long>> activationsBefore = activations();
        List<Set<String>> heard = new CopyOnWriteArrayList<>();
        ControlChangeListener listener = (files, changed) -> heard.add(changed);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 7);
        ServiceRegistration<ControlChangeListener> registration =
                context.registerService(ControlChangeListener.class, listener, properties);
        String probe = context.getBundle().getSymbolicName();
        try {
            String listed = execute("qmail:plugins ControlChangeListener");
            assertTrue(listed, listed.lines().anyMatch(l -> l.contains("ControlChangeListener")
                    && l.contains(probe) && l.contains(" 7 ")));

            // The control component uses the new listener at once, without being restarted.
            Path databytes = control.directory().resolve("databytes");
            long unlimited = control.databytes();
            Files.writeString(databytes, "12345\n");
            try {
                control.reload();
                assertTrue("listener told of databytes: " + heard,
                        heard.stream().anyMatch(c -> c.contains("databytes")));
                assertEquals(12345, control.databytes());
            } finally {
                Files.delete(databytes);
                control.reload();
                assertEquals(unlimited, control.databytes());
            }
        } finally {
            registration.unregister();
        }
        String after = execute("qmail:plugins");
        assertFalse(after, after.lines().anyMatch(l -> l.contains("ControlChangeListener") && l.contains(probe)));
        assertEquals("no Tessera component was deactivated or activated again", activationsBefore, activations());
    }

    /** Each Tessera component's configuration ids: SCR gives a new id at every activation. */
    private Map<String, Set<Long>> activations() {
        Map<String, Set<Long>> result = new HashMap<>();
        for (ComponentDescriptionDTO description : descriptions()) {
            result.put(description.name, scr.getComponentConfigurationDTOs(description).stream()
                    .map(c -> c.id).collect(Collectors.toSet()));
        }
        return result;
    }

    private Map<String, Bundle> tesseraBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.tessera."))
                .collect(Collectors.toMap(Bundle::getSymbolicName, b -> b));
    }

    private List<ComponentDescriptionDTO> descriptions() {
        return List.copyOf(scr.getComponentDescriptionDTOs(tesseraBundles().values().toArray(Bundle[]::new)));
    }

    private String execute(String command) throws Exception {
        return ExamDistribution.execute(sessionFactory, command);
    }
}
