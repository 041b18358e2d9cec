package jp.tokuten.platform;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the {@code @Scheduled} tasks of every module (sealing, access-log flush, retention, job polling)
 * unless {@code tokuten.scheduling.enabled=false}: the command line ({@code audit verify}) starts the
 * application without any of them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "tokuten.scheduling.enabled", matchIfMissing = true)
@EnableScheduling
class SchedulingConfiguration {}
