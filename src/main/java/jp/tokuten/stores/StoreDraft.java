package jp.tokuten.stores;

import org.jspecify.annotations.Nullable;

/**
 * What a store is set to. {@code name} may be left out when {@code chain} is given: it is then the chain
 * and the branch. A blank value is no value.
 */
public record StoreDraft(
        @Nullable String name,
        @Nullable String chain,
        @Nullable String branch,
        @Nullable String prefecture,
        @Nullable String phone,
        @Nullable String registrationNumber) {}
