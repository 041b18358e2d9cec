package jp.tokuten.stores;

/**
 * What proves a coupon holder is at a store's counter, for the tenant's editors, admins and store staff
 * only (decision 106): the store's 4-digit {@code pin}, the {@code qrToken} its QR code carries and the
 * path that QR code opens, {@code /c/<tenant slug>/s/<qrToken>} (relative to tokuten's public address).
 */
public record StoreSecrets(String pin, String qrToken, String qrPath) {

    /** Keeps the PIN and token out of logs and exception messages. */
    @Override
    public String toString() {
        return "StoreSecrets[pin=****, qrToken=****, qrPath=/c/…/s/****]";
    }
}
