package jp.tokuten.access;

import java.util.List;

/** Input refused, nothing saved. Each problem names its field and a message code with arguments. */
public class InvalidAccessSettingsException extends RuntimeException {

    /** A message code of the {@code i18n/access} bundle, e.g. {@code access.error.cidr.invalid}. */
    public record Problem(String field, String code, List<String> args) {}

    private final List<Problem> problems;

    public InvalidAccessSettingsException(List<Problem> problems) {
        super("Invalid access settings: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
