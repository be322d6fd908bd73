package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.ControlChangeListener;
import org.tessera.api.control.ControlFileException;
import org.tessera.api.control.ControlFiles;

class ControlFilesServiceTest {

    @TempDir
    Path dir;

    private TestHome home;
    private ControlFilesService service;
    private final List<Set<String>> events = new ArrayList<>();
    private final ControlChangeListener recorder = (control, changed) -> events.add(changed);

    @BeforeEach
    void setUp() {
        home = new TestHome(dir).write("me", "one.example\n").write("rcpthosts", "one.example\n");
        service = home.service();
        service.listeners = List.of(recorder);
    }

    @Test
    void directoryIsTheHomesControlDirectory() {
        assertEquals(dir.resolve("control").toAbsolutePath(), service.directory());
    }

    @Test
    void generationStartsAtOneAndStaysWhenNothingChanged() {
        assertEquals(1, service.generation());
        assertEquals(Set.of(), service.reload());
        assertEquals(1, service.generation());
        assertEquals(List.of(), events, "no event without a change");
    }

    @Test
    void valuesAreCachedUntilReload() {
        assertEquals(Optional.of("one.example"), service.me());
        home.write("me", "two.example\n");
        assertEquals(Optional.of("one.example"), service.me());
        assertEquals(Set.of("me"), service.reload());
        assertEquals(Optional.of("two.example"), service.me());
        assertEquals("two.example", service.bounceHost(), "defaults follow the new me");
    }

    @Test
    void refreshReadsOnlyTheNamedFilesThatChanged() {
        assertEquals(Optional.of("one.example"), service.me());
        assertEquals(Set.of(), service.refresh(Set.of("rcpthosts", "databytes")));
        assertEquals(1, service.generation(), "nothing changed: nothing replaced");
        home.write("rcpthosts", "one.example\ntwo.example\n").write("databytes", "500\n").write("me", "two.example\n");
        assertEquals(Set.of("rcpthosts", "databytes"), service.refresh(Set.of("rcpthosts", "databytes", "badmailfrom")));
        assertTrue(service.isRcptHost("two.example"));
        assertEquals(500, service.databytes());
        assertEquals(Optional.of("one.example"), service.me(), "me was not named, so it waits for reload");
        assertEquals(2, service.generation());
        assertEquals(List.of(Set.of("rcpthosts", "databytes")), events);
        home.write("databytes", "600\n");
        assertEquals(Set.of("databytes"), service.refresh(Set.of("databytes")), "a rewrite of the same size is seen");
        assertEquals(Set.of("me"), service.reload());
    }

    @Test
    void rawReadersAreNotCached() {
        assertEquals(Optional.of("one.example"), service.line("me"));
        home.write("me", "two.example\n").write("custom", "12\n");
        assertEquals(Optional.of("two.example"), service.line("me"));
        assertEquals(12, service.number("custom").orElseThrow());
        assertEquals(Optional.of(List.of("12")), service.list("custom"));
    }

    @Test
    void reloadReportsChangedFilesBumpsGenerationAndTellsListeners() {
        service.generation();
        home.write("rcpthosts", "one.example\ntwo.example\n").write("databytes", "1000\n").delete("me");
        Set<String> changed = service.reload();
        assertEquals(Set.of("rcpthosts", "databytes", "me"), changed);
        assertEquals(2, service.generation());
        assertEquals(List.of(changed), events);
        assertTrue(service.isRcptHost("two.example"));
        assertEquals(1000, service.databytes());
        assertEquals(Optional.empty(), service.me());
    }

    @Test
    void listenerGetsTheServiceAndEveryListenerIsCalledEvenIfOneFails() {
        List<ControlFiles> seen = new ArrayList<>();
        ControlChangeListener failing = (control, changed) -> {
            throw new IllegalStateException("listener bug");
        };
        service.listeners = List.of(failing, (control, changed) -> seen.add(control), recorder);
        service.generation();
        home.write("locals", "one.example\n");
        assertEquals(Set.of("locals"), service.reload());
        assertEquals(1, seen.size());
        assertSame(service, seen.get(0));
        assertEquals(List.of(Set.of("locals")), events);
    }

    @Test
    void listenerAddedLaterIsCalledOnTheNextReload() {
        service.listeners = List.of();
        service.generation();
        home.write("databytes", "5\n");
        service.reload();
        assertEquals(List.of(), events);
        service.listeners = List.of(recorder);
        home.write("databytes", "6\n");
        service.reload();
        assertEquals(List.of(Set.of("databytes")), events);
        assertEquals(3, service.generation());
    }

    @Test
    void unreadableFileFailsTheReloadAndKeepsTheOldValues() throws Exception {
        assertTrue(service.isRcptHost("one.example"));
        home.delete("rcpthosts");
        Files.createDirectory(home.control.resolve("rcpthosts"));
        assertThrows(ControlFileException.class, service::reload);
        assertTrue(service.isRcptHost("one.example"));
        assertEquals(1, service.generation());
        assertEquals(List.of(), events);
    }

    @Test
    void unreadableFileAtFirstUseFailsThatCallerOnly() throws Exception {
        Files.createDirectory(home.control.resolve("badmailfrom"));
        assertThrows(ControlFileException.class, service::me);
        Files.delete(home.control.resolve("badmailfrom"));
        assertEquals(Optional.of("one.example"), service.me());
    }

    @Test
    void replacedCdbIsNoticedByReload() throws Exception {
        Path cdb = home.control.resolve("morercpthosts.cdb");
        new CdbFilesService().write(cdb, List.of(record("more.example")));
        assertTrue(service.isRcptHost("more.example"));
        new CdbFilesService().write(cdb, List.of(record("other.example")));
        assertTrue(service.isRcptHost("more.example"), "cached until reload");
        assertEquals(Set.of("morercpthosts.cdb"), service.reload());
        assertFalse(service.isRcptHost("more.example"));
        assertTrue(service.isRcptHost("other.example"));
    }

    @Test
    void firstReloadOnlyLoads() {
        assertEquals(Set.of(), service.reload());
        assertEquals(1, service.generation());
    }

    @Test
    void activationCreatesAMissingHome() {
        Path fresh = dir.resolve("fresh");
        ControlFilesService created = TestHome.activate(Map.of("home", fresh.toString()));
        assertTrue(Files.isDirectory(fresh.resolve("alias/Maildir/new")));
        assertEquals(fresh.resolve("control"), created.directory());
        String me = created.me().orElseThrow();
        assertFalse(me.isEmpty());
        assertTrue(created.isLocal(me));
        assertTrue(created.isRcptHost(me));
    }

    @Test
    void activationWithoutCreateHomeTouchesNothing() {
        Path absent = dir.resolve("absent");
        ControlFilesService untouched = TestHome.activate(Map.of("home", absent.toString(), "createHome", false));
        assertFalse(Files.exists(absent));
        assertEquals(Optional.empty(), untouched.me());
        assertEquals("MAILER-DAEMON", untouched.bounceFrom());
    }

    private static CdbRecord record(String key) {
        return new CdbRecord(key.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
    }
}
