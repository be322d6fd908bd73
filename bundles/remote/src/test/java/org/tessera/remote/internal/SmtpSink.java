package org.tessera.remote.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Postfix's smtp-sink on a loopback address: a real SMTP server that accepts every message and keeps none. */
final class SmtpSink implements AutoCloseable {

    private final Process process;
    final int port;

    private SmtpSink(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SmtpSink start(String address, Path log) throws IOException, InterruptedException {
        return start(address, Tools.freePort(address), log);
    }

    static SmtpSink start(String address, int port, Path log) throws IOException, InterruptedException {
        Path binary = Tools.program("/usr/sbin/smtp-sink", "postfix");
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // smtp-sink refuses to keep root's privileges.
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of(address + ":" + port, "1024"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SmtpSink sink = new SmtpSink(process, port);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("smtp-sink exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(address, port), 200);
                return sink;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        sink.close();
        throw new IOException("smtp-sink did not listen: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
