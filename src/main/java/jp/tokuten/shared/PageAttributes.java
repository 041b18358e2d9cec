package jp.tokuten.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * Attributes that every rendered page's model gets (what the layouts show: the signed-in user, a maintenance
 * notice, a consumer page's theme). A module contributes them as a bean; {@code platform.PageAttributesConfiguration}
 * adds them after the handler, and only when a view is rendered: a JSON answer, a redirect or a file asks for
 * none of them (as {@code @ModelAttribute} methods of a controller advice, they were computed for every API
 * call too: decision 166). An attribute the handler has set already is kept.
 */
public interface PageAttributes {

    /** Puts this contributor's attributes into {@code model} (null values may be left out). */
    void addTo(HttpServletRequest request, Map<String, Object> model);
}
