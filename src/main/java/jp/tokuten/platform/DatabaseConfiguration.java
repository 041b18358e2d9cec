package jp.tokuten.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    private static final Pattern MODULE_FOLDER = Pattern.compile(".*/db/migration/([a-z]+)/[^/]+\\.sql$");

    @Bean(destroyMethod = "close")
    TokutenDatabase tokutenDatabase(DatabaseProperties properties) {
        return TokutenDatabase.open(properties, moduleSchemas());
    }

    @Bean
    DataSource dataSource(TokutenDatabase database) {
        return database.runtimeDataSource();
    }

    /** Every folder under {@code db/migration}, {@code platform} first and the rest by name. */
    static List<String> moduleSchemas() {
        try {
            var names = new TreeSet<String>();
            for (var resource :
                    new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*/*.sql")) {
                var matcher = MODULE_FOLDER.matcher(resource.getURL().toString());
                if (matcher.matches()) {
                    names.add(matcher.group(1));
                }
            }
            names.remove("platform");
            var ordered = new ArrayList<String>();
            ordered.add("platform");
            ordered.addAll(names);
            return ordered;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
