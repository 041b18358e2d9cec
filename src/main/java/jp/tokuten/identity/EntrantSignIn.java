package jp.tokuten.identity;

import org.jspecify.annotations.Nullable;

/**
 * How an entrant of the bound tenant proves who they are before entering a campaign. Today an e-mail
 * one-time code ({@link EmailCodeSignIn}); LINE Login can be added as another way behind the same pages
 * (decision 080).
 */
public interface EntrantSignIn {

    /** Digits in a code. */
    int CODE_LENGTH = 6;

    /** What became of a request for a code. */
    enum StartOutcome {
        /** The code was e-mailed. */
        SENT,
        /** No SMTP server is configured (development): the code is in {@link Started#shownCode()}. */
        SHOWN,
        /** Not an e-mail address. */
        INVALID_EMAIL,
        /** Too many codes asked for this address or from this client lately. */
        THROTTLED,
        /** The mail server refused or failed; nothing usable was sent. */
        FAILED
    }

    /**
     * @param shownCode the code, only when no mail server is configured and the page shows it instead
     */
    record Started(StartOutcome outcome, @Nullable String shownCode) {}

    /** What became of a code typed in. */
    enum VerifyOutcome {
        VERIFIED,
        WRONG,
        /** No code, or the last one is older than its validity. */
        EXPIRED,
        /** The last code has been tried too often; a new one must be asked for. */
        TOO_MANY_ATTEMPTS
    }

    /** @param entrant the signed-in entrant when {@link VerifyOutcome#VERIFIED} */
    record Verification(VerifyOutcome outcome, @Nullable EntrantView entrant) {}

    /**
     * Sends a new one-time code to the address (in the language of the current request).
     *
     * @param clientAddress the client's address, for the throttle per address
     */
    Started start(String email, String clientAddress);

    /** Checks a code typed for this address; on success the entrant exists (created when new). */
    Verification verify(String email, String code);
}
