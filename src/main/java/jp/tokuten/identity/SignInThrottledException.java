package jp.tokuten.identity;

import org.springframework.security.authentication.LockedException;

/** Too many failed sign-ins for this name or from this address: try again later. */
public class SignInThrottledException extends LockedException {

    public SignInThrottledException() {
        super("Too many failed sign-ins; try again later");
    }
}
