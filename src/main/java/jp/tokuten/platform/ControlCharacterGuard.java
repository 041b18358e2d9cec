package jp.tokuten.platform;

import java.beans.PropertyEditorSupport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses API text that carries control characters (NUL, ESC, DEL, the C1 range …) with 400
 * {@code control_characters}: every request parameter, form and multipart text field and path variable
 * bound to text, and every string in a JSON body (record components, maps and lists, walked to any
 * depth). Tab, line feed and carriage return stay allowed for multi-line fields. Such characters are
 * never meant by a person, and stored they break logs, CSV exports and the next system that reads them.
 * Applies to the API's {@code @RestController}s; the console forms keep their own validation.
 */
@RestControllerAdvice(annotations = RestController.class)
class ControlCharacterGuard extends RequestBodyAdviceAdapter {

    private static final int MAX_DEPTH = 32;

    /** Whether {@code text} has a control character other than tab, line feed and carriage return. */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    static void check(@Nullable String text) {
        if (text != null && hasControlCharacter(text)) {
            throw new ProblemException(400, "control_characters");
        }
    }

    @InitBinder
    void refuseControlCharacters(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(@Nullable String text) {
                check(text);
                setValue(text);
            }
        });
    }

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage inputMessage,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        walk(body, 0);
        return body;
    }

    private static void walk(@Nullable Object value, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return;
        }
        switch (value) {
            case String text -> check(text);
            case Map<?, ?> map ->
                map.forEach((k, v) -> {
                    walk(k, depth + 1);
                    walk(v, depth + 1);
                });
            case Collection<?> items -> items.forEach(item -> walk(item, depth + 1));
            case Object[] items -> {
                for (Object item : items) {
                    walk(item, depth + 1);
                }
            }
            case Optional<?> optional -> optional.ifPresent(v -> walk(v, depth + 1));
            case Record record -> {
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    walk(component(record, component), depth + 1);
                }
            }
            case tools.jackson.databind.JsonNode node -> {
                if (node.isString()) {
                    check(node.asString());
                } else {
                    node.forEachEntry((k, v) -> {
                        check(k);
                        walk(v, depth + 1);
                    });
                    if (node.isArray()) {
                        node.values().forEach(v -> walk(v, depth + 1));
                    }
                }
            }
            default -> {}
        }
    }

    private static @Nullable Object component(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return null;
        }
    }
}
