package jp.tokuten;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A real SMTP server (GreenMail) in the test JVM, on a free port, that the application under test sends
 * its e-mail to. Tests read what arrived from {@link #server()}.
 */
public final class TestMailServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static GreenMail server;

    public static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
        }
        return server;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        int port = server().getSmtp().getPort();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test-smtp",
                        Map.of(
                                "tokuten.mail.host", "127.0.0.1",
                                "tokuten.mail.port", Integer.toString(port),
                                "tokuten.mail.starttls", "false",
                                "tokuten.mail.base-url", "http://tokuten.test")));
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
