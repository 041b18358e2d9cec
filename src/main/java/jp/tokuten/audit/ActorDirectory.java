package jp.tokuten.audit;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Names the actors the audit log records ({@code user:<id>}, {@code operator:<id>}, {@code api-key:<id>})
 * so that people read a name or an e-mail address instead of an id. Implemented by the module that owns
 * the accounts; the audit log page asks every implementation, with the reader's tenant bound.
 */
public interface ActorDirectory {

    /** Names for those of {@code actors} this directory knows, keyed by the actor as recorded. */
    Map<String, ActorName> names(Collection<String> actors);

    /**
     * A readable actor: {@code kind} is {@code user}, {@code operator} or {@code api-key}; {@code email} is
     * null for an API key.
     */
    record ActorName(String kind, String name, @Nullable String email) {}
}
