package jp.tokuten.identity;

/** Lets tests of other packages read a mailed sign-in code the way {@link EntrantSignInTests} does. */
public final class EntrantSignInTestsAccess {

    private EntrantSignInTestsAccess() {}

    public static String mailedCode(String email) throws Exception {
        return EntrantSignInTests.mailedCode(email);
    }
}
