package jp.tokuten.shared;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An error meant for the client: answered as RFC 9457 problem JSON with this HTTP status, a stable
 * machine {@link #code()} (what clients switch on) and a {@code detail} rendered at the edge from the
 * message bundles, key {@code problem.<code>}, with {@link #arguments()}, in the caller's language.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final Object[] arguments;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private @Nullable Duration retryAfter;
    private @Nullable String detailKey;

    public ProblemException(int status, String code, Object... arguments) {
        super(code);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.code = code;
        this.arguments = arguments.clone();
    }

    /** 503 {@code busy}: no slot for the work right now; the client may try again after the wait. */
    public static ProblemException busy(Duration retryAfter) {
        return new ProblemException(503, "busy").retryAfter(retryAfter);
    }

    public ProblemException retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /**
     * Words the detail with another bundle key than {@code problem.<code>}, for when the arguments say more
     * than the code alone (e.g. {@code too_large} with the limit); the code stays what clients switch on.
     */
    public ProblemException detail(String messageKey) {
        this.detailKey = messageKey;
        return this;
    }

    /** Adds a member to the problem body besides status, title, detail and code. */
    public ProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** The bundle key of the detail: {@code problem.<code>} unless {@link #detail(String)} chose another. */
    public String detailKey() {
        return detailKey != null ? detailKey : "problem." + code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object[] arguments() {
        return arguments.clone();
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
