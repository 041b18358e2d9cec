package jp.tokuten.consumer.web;

import jp.tokuten.shared.ProblemException;

/** The one answer to an id that is not the visitor's to see: the 404 page, whatever the reason. */
final class NotFound {

    private NotFound() {}

    static ProblemException page() {
        return new ProblemException(404, "not_found");
    }
}
