package jp.tokuten.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Finds a request's handler by its path first. Spring MVC looks up a path with variables
 * ({@code /api/v1/coupons/{id}/acquire}) by trying every mapping of the application, about 300, and each
 * try checks the method, parameters, headers, content types and version before the path, through every
 * wrapper the filters put around the request: a sixth of the node's CPU per coupon acquisition
 * (bench/coupons, decision 153). Here a mapping is passed over at once when the request's path does not
 * start with the literal part of any of its patterns (the text before the first variable or wildcard,
 * e.g. {@code /api/v1/coupons/}); every other mapping is checked by Spring as before, so which handler
 * answers, and every 404, 405 and 415, stay the same. A literal part with characters that may be
 * percent-encoded in a request's path is not used (the mapping is always checked).
 */
@Configuration(proxyBeanMethods = false)
class PathFirstHandlerMapping {

    @Bean
    WebMvcRegistrations pathFirstRegistrations() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PathFirst();
            }
        };
    }

    static final class PathFirst extends RequestMappingHandlerMapping {

        /** The path being looked up, for {@link #getMatchingMapping}, which Spring calls once per mapping. */
        private static final ThreadLocal<@Nullable String> LOOKUP = new ThreadLocal<>();

        /** Each mapping's literal prefixes; none for a mapping that must always be checked. */
        private final Map<RequestMappingInfo, String[]> prefixes = new ConcurrentHashMap<>();

        @Override
        protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
            super.registerHandlerMethod(handler, method, mapping);
            var paths = mapping.getPathPatternsCondition();
            if (paths == null || paths.getPatterns().isEmpty()) {
                return;
            }
            var literal =
                    paths.getPatterns().stream().map(PathFirst::literalPrefix).toArray(String[]::new);
            for (String prefix : literal) {
                if (prefix.length() <= 1) {
                    return; // a pattern that may match any path: always checked
                }
            }
            prefixes.put(mapping, literal);
        }

        /** The text before the first variable or wildcard, kept only while it is plain ASCII. */
        static String literalPrefix(PathPattern pattern) {
            String s = pattern.getPatternString();
            int end = 0;
            while (end < s.length()) {
                char c = s.charAt(end);
                if (c == '{' || c == '*' || c == '?') {
                    break;
                }
                if (!(c == '/'
                        || c == '-'
                        || c == '_'
                        || c == '.'
                        || (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9'))) {
                    return ""; // may be written percent-encoded in a request
                }
                end++;
            }
            return s.substring(0, end);
        }

        @Override
        protected @Nullable HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
                throws Exception {
            LOOKUP.set(lookupPath);
            try {
                return super.lookupHandlerMethod(lookupPath, request);
            } finally {
                LOOKUP.remove();
            }
        }

        @Override
        protected @Nullable RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            String path = LOOKUP.get();
            String[] literal = path == null ? null : prefixes.get(info);
            if (literal != null && !startsWithAny(path, literal)) {
                return null;
            }
            return super.getMatchingMapping(info, request);
        }

        private static boolean startsWithAny(String path, String[] prefixes) {
            for (String prefix : prefixes) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
