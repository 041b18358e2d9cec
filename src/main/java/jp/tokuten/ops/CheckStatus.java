package jp.tokuten.ops;

/** What a monitoring check found. {@link #NOT_APPLICABLE} (nothing to check on this installation) counts as OK. */
public enum CheckStatus {
    OK,
    FAILING,
    NOT_APPLICABLE;

    /** The name the API, the database and the pages use: {@code ok}, {@code failing}, {@code not_applicable}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean failing() {
        return this == FAILING;
    }

    static CheckStatus of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
