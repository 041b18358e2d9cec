package jp.tokuten.platform;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * No JAXB converter: the API speaks JSON (and CSV, PDF, images written by their handlers), never XML. Spring
 * adds the converter because a library brings the JAXB API onto the class path, and then asks it, for every
 * answer, whether the answer's class carries {@code @XmlRootElement}: an annotation scan per call, 1.6 %
 * of the node's samples in a coupon acquisition (bench/coupons, decision 167).
 */
@Configuration(proxyBeanMethods = false)
class MessageConverterConfiguration implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(Jaxb2RootElementHttpMessageConverter.class::isInstance);
    }
}
