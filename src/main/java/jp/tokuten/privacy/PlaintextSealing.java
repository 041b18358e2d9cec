package jp.tokuten.privacy;

/**
 * A module's table whose personal data was kept in plain text before it was sealed (issue 14): seals the
 * bound tenant's rows still in plain text, a batch at a time, and clears their plain text.
 * {@link SealExistingRows} calls every one at start-up, tenant by tenant, in a transaction, until none is left.
 */
public interface PlaintextSealing {

    /** The table, for the log. */
    String table();

    /** Seals up to {@code max} rows of the bound tenant; returns how many. */
    int sealSome(int max);
}
