package jp.tokuten.ops;

import java.time.Instant;

/** One check's result in one run: the monitoring history. */
public record CheckResult(Instant at, String name, CheckStatus status, String detail, long tookMillis) {}
