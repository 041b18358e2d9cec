package jp.tokuten.identity;

import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The two consoles people sign in to. Each keeps its sign-in under its own session key, so an operator
 * and a tenant user signed in from one browser never see each other's authentication (decision 006).
 */
public enum ConsoleAudience {
    OPERATOR("/operator", "TOKUTEN_OPERATOR_SECURITY_CONTEXT"),
    ADMIN("/admin", "TOKUTEN_ADMIN_SECURITY_CONTEXT");

    private final String basePath;
    private final String sessionKey;

    ConsoleAudience(String basePath, String sessionKey) {
        this.basePath = basePath;
        this.sessionKey = sessionKey;
    }

    public String basePath() {
        return basePath;
    }

    public String loginPath() {
        return basePath + "/login";
    }

    public String secondFactorPath() {
        return basePath + "/login/totp";
    }

    public String enrolmentPath() {
        return basePath + "/login/totp/setup";
    }

    /** Where this audience's security context is kept in the session. */
    public SecurityContextRepository securityContextRepository() {
        var repository = new HttpSessionSecurityContextRepository();
        repository.setSpringSecurityContextKey(sessionKey);
        return repository;
    }

    /** The console whose URLs start with {@code /segment} ({@code operator} or {@code admin}). */
    public static ConsoleAudience fromPath(String segment) {
        return switch (segment) {
            case "operator" -> OPERATOR;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException(segment);
        };
    }
}
