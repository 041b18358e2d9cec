package jp.tokuten.platform;

/** tokuten could not prepare its database; the message tells the person starting it what to change. */
class DatabaseSetupException extends RuntimeException {

    DatabaseSetupException(String message) {
        super(message);
    }

    DatabaseSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
