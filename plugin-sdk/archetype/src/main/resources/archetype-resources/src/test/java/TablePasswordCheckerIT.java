package ${package};

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.TesseraServer;

/** The plugin in the real server: a POP3 login with an account of the table opens that account's Maildir. */
class TablePasswordCheckerIT {

    @RegisterExtension
    static final TesseraServer server = new TesseraServer();

    @Test
    void aPop3LoginIsCheckedByThePlugin() throws Exception {
        Path home = server.makeHome("ann");
        long uid = (Integer) Files.getAttribute(home, "unix:uid");
        long gid = (Integer) Files.getAttribute(home, "unix:gid");
        server.configure(TablePasswordChecker.PID,
                "accounts = " + TablePasswordCheckerTest.entry("ann", "correct horse", uid, gid, home.toString()) + "\n");
        server.awaitComponent(TablePasswordChecker.class.getName());

        assertTrue(login("ann", "correct horse").startsWith("+OK"), "the right password");
        assertTrue(login("ann", "wrong horse").startsWith("-ERR"), "a wrong password");
    }

    /** USER, PASS, and what the server answered to PASS. */
    private static String login(String user, String password) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port("TESSERA_POP3_PORT"));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            socket.setSoTimeout(30_000);
            in.readLine();
            out.print("USER " + user + "\r\n");
            out.flush();
            in.readLine();
            out.print("PASS " + password + "\r\n");
            out.flush();
            String reply = in.readLine();
            out.print("QUIT\r\n");
            out.flush();
            return reply;
        }
    }
}
