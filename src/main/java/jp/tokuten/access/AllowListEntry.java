package jp.tokuten.access;

import java.time.Instant;
import java.util.UUID;

/** One network of a tenant's IP allow-list, in canonical CIDR form ({@code 203.0.113.0/24}). */
public record AllowListEntry(UUID id, String cidr, String note, Instant createdAt) {}
