package jp.tokuten.identity;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.time.Instant;
import java.util.regex.Pattern;
import org.springframework.test.web.servlet.MockMvc;

/** Signs people in to the consoles through the real pages, second factor included. */
public final class ConsoleSignIns {

    public static final String SESSION_COOKIE = "TOKUTEN_SESSION";
    private static final Pattern SECRET = Pattern.compile("data-secret>([A-Z2-7]+)<");

    private final MockMvc mvc;
    private final @org.jspecify.annotations.Nullable OperatorAccounts operators;

    public ConsoleSignIns(MockMvc mvc, @org.jspecify.annotations.Nullable OperatorAccounts operators) {
        this.mvc = mvc;
        this.operators = operators;
    }

    /** For signing tenant users in only: creating operators needs {@link OperatorAccounts}. */
    public static ConsoleSignIns forTenantUsers(MockMvc mvc) {
        return new ConsoleSignIns(mvc, null);
    }

    /** Creates an operator who has not set up an authenticator yet (for sign-ins through a browser). */
    public static void createOperator(OperatorAccounts operators, String email, String name, String password) {
        operators.create(email, name, password);
    }

    /** An operator who has just set up an authenticator, and the session that did it. */
    public record SignedInOperator(String email, String password, byte[] totpSecret, Cookie session) {}

    /** Creates a fresh operator and signs in for the first time, setting up the authenticator. */
    public SignedInOperator newOperator(String name) throws Exception {
        String email = name + "-" + System.nanoTime() + "@ops.tokuten.test";
        String password = "operator pass phrase " + System.nanoTime();
        if (operators == null) {
            throw new IllegalStateException("ConsoleSignIns.forTenantUsers cannot create operators");
        }
        operators.create(email, name, password);
        Cookie pending = passwordStep("/operator/login", null, email, password);
        String page = mvc.perform(get("/operator/login/totp/setup").cookie(pending))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var m = SECRET.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no secret on the set-up page:\n" + page);
        }
        byte[] secret = base32Decode(m.group(1));
        var done = mvc.perform(post("/operator/login/totp/setup")
                        .with(csrf())
                        .cookie(pending)
                        .param("code", codeNow(secret)))
                .andReturn()
                .getResponse();
        Cookie session = done.getCookie(SESSION_COOKIE) != null ? done.getCookie(SESSION_COOKIE) : pending;
        return new SignedInOperator(email, password, secret, session);
    }

    /** Signs a tenant user in to the admin console (no second factor); returns the session cookie. */
    public Cookie adminSignIn(String tenantSlug, String email, String password) throws Exception {
        var response = mvc.perform(post("/admin/login")
                        .with(csrf())
                        .param("tenant", tenantSlug)
                        .param("email", email)
                        .param("password", password))
                .andReturn()
                .getResponse();
        if (!"/admin".equals(response.getRedirectedUrl())) {
            throw new AssertionError("sign-in of " + email + " went to " + response.getRedirectedUrl());
        }
        return response.getCookie(SESSION_COOKIE);
    }

    /** Posts e-mail and password (and tenant, for the admin console); returns the session cookie. */
    public Cookie passwordStep(String loginPath, String tenant, String email, String password) throws Exception {
        var request = post(loginPath).with(csrf()).param("email", email).param("password", password);
        if (tenant != null) {
            request.param("tenant", tenant);
        }
        return mvc.perform(request).andReturn().getResponse().getCookie(SESSION_COOKIE);
    }

    public static String codeNow(byte[] secret) {
        return Totp.format(Totp.code(secret, Totp.step(Instant.now()), Totp.DIGITS));
    }

    public static String codeAt(byte[] secret, long step) {
        return Totp.format(Totp.code(secret, step, Totp.DIGITS));
    }

    public static long stepNow() {
        return Totp.step(Instant.now());
    }

    public static byte[] base32Decode(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
