package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jp.tokuten.TokutenTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/** The handlers answer with JSON (and what they write themselves), never through the JAXB converter. */
@TokutenTest
class MessageConverterTests {

    @Autowired
    RequestMappingHandlerAdapter adapter;

    @Test
    void noJaxbConverterAndJsonStill() {
        assertThat(adapter.getMessageConverters())
                .noneMatch(Jaxb2RootElementHttpMessageConverter.class::isInstance)
                .anyMatch(JacksonJsonHttpMessageConverter.class::isInstance);
    }
}
