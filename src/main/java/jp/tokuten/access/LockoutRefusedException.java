package jp.tokuten.access;

/**
 * The change would leave an allow-list that excludes the address the change comes from: refused, so
 * that nobody locks themselves out of their own console. Nothing was saved.
 */
public class LockoutRefusedException extends RuntimeException {

    private final String clientAddress;

    public LockoutRefusedException(String clientAddress) {
        super("The IP allow-list would exclude the caller's own address " + clientAddress);
        this.clientAddress = clientAddress;
    }

    public String clientAddress() {
        return clientAddress;
    }
}
