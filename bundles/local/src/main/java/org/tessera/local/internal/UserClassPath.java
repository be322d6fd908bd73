package org.tessera.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;

/**
 * The class path of the user processes: this bundle, the bundles of the targets they run, and
 * what those import, each copied as a jar into a directory every user can read (the bundle cache
 * and the Maven repository need not be), plus the framework jar for the {@code org.osgi.framework}
 * classes that the logging API touches outside a framework.
 */
final class UserClassPath {

    private UserClassPath() {
    }

    /**
     * Writes the jars of {@code bundles} and of the bundles they import from into {@code dir}.
     *
     * @return the jars, in a stable order
     */
    static List<Path> of(Collection<Bundle> bundles, Path dir) throws IOException {
        Set<Bundle> all = new LinkedHashSet<>();
        for (Bundle bundle : bundles) {
            all.add(bundle);
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                Bundle provider = wire.getProvider().getBundle();
                String name = String.valueOf(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
                // The framework's own packages come with the framework jar; runtime services are not used there.
                if (provider.getBundleId() != 0 && !runtimeOnly(name)) {
                    all.add(provider);
                }
            }
        }
        Files.createDirectories(dir);
        readable(dir, "rwxr-xr-x");
        List<Path> jars = new ArrayList<>();
        for (Bundle bundle : all) {
            Path jar = dir.resolve(bundle.getSymbolicName() + "-" + bundle.getVersion() + ".jar");
            write(bundle, jar);
            jars.add(jar);
        }
        jars.add(frameworkJar(dir));
        return jars;
    }

    private static boolean runtimeOnly(String packageName) {
        return packageName.startsWith("org.osgi.service.") || packageName.startsWith("org.apache.karaf.")
                || packageName.startsWith("org.apache.felix.");
    }

    // Rebuilt from the bundle's entries: works whatever its location (mvn:, file:, a directory).
    private static void write(Bundle bundle, Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                String name = entry.getPath().substring(1);
                if (name.isEmpty() || name.endsWith("/")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = entry.openStream()) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        readable(tmp, "rw-r--r--");
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path frameworkJar(Path dir) throws IOException {
        URL location = FrameworkUtil.class.getProtectionDomain().getCodeSource().getLocation();
        Path source;
        try {
            source = Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("the framework jar is not a file: " + location, e);
        }
        Path copy = dir.resolve("framework.jar");
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(copy)) {
            in.transferTo(out);
        }
        readable(copy, "rw-r--r--");
        return copy;
    }

    private static void readable(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }
}
