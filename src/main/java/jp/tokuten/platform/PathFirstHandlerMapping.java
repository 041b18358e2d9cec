package jp.tokuten.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Finds a request's handler by its path first. Spring MVC looks up a path with variables
 * ({@code /api/v1/coupons/{id}/acquire}) by trying every mapping of the application, about 300, and each
 * try checks the method, parameters, headers, content types and version before the path, through every
 * wrapper the filters put around the request: a sixth of the node's CPU per coupon acquisition
 * (bench/coupons, decision 153). Here each mapping is filed, once all are registered, under the directory
 * of its literal part (the text before the first variable or wildcard: {@code /api/v1/coupons/}), and a
 * request tries only the mappings filed under its path's directories ({@code /}, {@code /api/},
 * {@code /api/v1/}, ...) whose literal part its path starts with. When exactly one matches, it is the
 * handler; anything else (two or more matches, none, a CORS preflight) goes to Spring's own lookup, which
 * then passes over mappings whose literal part does not fit, so which handler answers, and every 404, 405
 * and 415, stay the same. A literal part with characters that may be percent-encoded in a request's path is
 * not used (the mapping is filed under {@code /}, tried for every path).
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

        /** The path being looked up, for {@link #getMatchingMapping} when Spring tries every mapping. */
        private static final ThreadLocal<@Nullable String> LOOKUP = new ThreadLocal<>();

        /** Each mapping's literal prefixes; none for a mapping that must always be checked. */
        private final Map<RequestMappingInfo, String[]> prefixes = new ConcurrentHashMap<>();

        /**
         * The mappings by the directory of their literal prefix ({@code /api/v1/coupons/}; {@code /} for those
         * always checked), with their handlers: built once every mapping is registered.
         */
        private volatile @Nullable Index index;

        private record Index(
                Map<String, List<RequestMappingInfo>> byDirectory, Map<RequestMappingInfo, HandlerMethod> handlers) {}

        @Override
        protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
            super.registerHandlerMethod(handler, method, mapping);
            index = null;
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

        @Override
        public void afterPropertiesSet() {
            super.afterPropertiesSet();
            var byDirectory = new HashMap<String, List<RequestMappingInfo>>();
            var handlers = new HashMap<RequestMappingInfo, HandlerMethod>(getHandlerMethods());
            for (RequestMappingInfo info : handlers.keySet()) {
                String[] literal = prefixes.get(info);
                var directories = new LinkedHashSet<String>();
                if (literal == null) {
                    directories.add("/");
                } else {
                    for (String prefix : literal) {
                        directories.add(prefix.substring(0, prefix.lastIndexOf('/') + 1));
                    }
                }
                directories.forEach(d ->
                        byDirectory.computeIfAbsent(d, k -> new ArrayList<>()).add(info));
            }
            index = new Index(Map.copyOf(byDirectory), handlers);
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

        /**
         * Only the mappings filed under a directory of the path are tried. When exactly one of them matches,
         * it is the handler, as Spring would find it (a path matched by more than one mapping, a CORS
         * preflight or no match at all is left to Spring's own lookup, which also tells 404, 405 and 415
         * apart).
         */
        @Override
        protected @Nullable HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
                throws Exception {
            Index current = index;
            if (current != null && !CorsUtils.isPreFlightRequest(request)) {
                RequestMappingInfo registered = null;
                RequestMappingInfo matched = null;
                for (int slash = lookupPath.indexOf('/'); slash >= 0; slash = lookupPath.indexOf('/', slash + 1)) {
                    var filed = current.byDirectory().get(lookupPath.substring(0, slash + 1));
                    if (filed == null) {
                        continue;
                    }
                    for (RequestMappingInfo info : filed) {
                        String[] literal = prefixes.get(info);
                        if (info == registered || (literal != null && !startsWithAny(lookupPath, literal))) {
                            continue;
                        }
                        var match = super.getMatchingMapping(info, request);
                        if (match != null) {
                            if (matched != null) {
                                return lookUpEverywhere(lookupPath, request); // more than one: Spring orders them
                            }
                            registered = info;
                            matched = match;
                        }
                    }
                }
                HandlerMethod handler =
                        registered == null ? null : current.handlers().get(registered);
                if (matched != null && handler != null) {
                    request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
                    handleMatch(matched, lookupPath, request);
                    return handler;
                }
            }
            return lookUpEverywhere(lookupPath, request);
        }

        private @Nullable HandlerMethod lookUpEverywhere(String lookupPath, HttpServletRequest request)
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
