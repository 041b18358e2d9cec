package jp.tokuten.platform;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Japanese by default; English when {@code ?lang=en} asks (remembered in a cookie) or when the browser
 * prefers English over Japanese.
 */
@Configuration(proxyBeanMethods = false)
class WebLocaleConfiguration implements WebMvcConfigurer {

    static final Locale JAPANESE = Locale.JAPANESE;
    static final List<Locale> SUPPORTED = List.of(Locale.JAPANESE, Locale.ENGLISH);
    static final String COOKIE = "tokuten_lang";

    @Bean
    LocaleResolver localeResolver() {
        return new TokutenLocaleResolver();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Locale asked = supported(lang(request));
                if (asked != null) {
                    var cookie = new Cookie(COOKIE, asked.getLanguage());
                    cookie.setPath("/");
                    cookie.setMaxAge(365 * 24 * 3600);
                    cookie.setHttpOnly(true);
                    cookie.setSecure(request.isSecure());
                    cookie.setAttribute("SameSite", "Lax");
                    response.addCookie(cookie);
                }
                return true;
            }
        });
    }

    /**
     * The {@code lang} request parameter, taken from the query string alone when the body is multipart or
     * cannot be parsed: reading parameters makes the servlet container parse the body, which for an
     * over-size or malformed upload throws before the error can be answered in the caller's language.
     */
    static @Nullable String lang(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            try {
                return request.getParameter("lang");
            } catch (IllegalStateException unparseableBody) {
                // fall back to the query string
            }
        }
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("lang=")) {
                try {
                    return java.net.URLDecoder.decode(pair.substring(5), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return null;
                }
            }
        }
        return null;
    }

    static @Nullable Locale supported(@Nullable String language) {
        if (language == null) {
            return null;
        }
        for (Locale l : SUPPORTED) {
            if (l.getLanguage().equalsIgnoreCase(language.strip())) {
                return l;
            }
        }
        return null;
    }

    static final class TokutenLocaleResolver implements LocaleResolver {

        @Override
        public Locale resolveLocale(HttpServletRequest request) {
            Locale asked = supported(lang(request));
            if (asked != null) {
                return asked;
            }
            if (request.getCookies() != null) {
                for (Cookie c : request.getCookies()) {
                    Locale remembered = COOKIE.equals(c.getName()) ? supported(c.getValue()) : null;
                    if (remembered != null) {
                        return remembered;
                    }
                }
            }
            if (request.getHeader("Accept-Language") != null) {
                var preferences = request.getLocales();
                while (preferences.hasMoreElements()) {
                    Locale preferred = supported(preferences.nextElement().getLanguage());
                    if (preferred != null) {
                        return preferred;
                    }
                }
            }
            return JAPANESE;
        }

        @Override
        public void setLocale(
                HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
            throw new UnsupportedOperationException("Use ?lang=ja or ?lang=en");
        }
    }
}
