package jp.tokuten.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a database set-up failure into a short start-up message instead of a stack of bean errors. */
class DatabaseSetupFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseSetupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseSetupException cause) {
        return new FailureAnalysis(
                "tokuten could not prepare its database: " + cause.getMessage(),
                "Check TOKUTEN_DB_URL, TOKUTEN_DB_OWNER_USER/PASSWORD and TOKUTEN_DB_APP_USER/PASSWORD"
                        + " (see docs/operations.md), or unset TOKUTEN_DB_URL to use the embedded database.",
                cause);
    }
}
