package jp.tokuten.tenancy;

import java.util.EnumMap;
import java.util.Map;

/** A plan: its code (assigned to tenants), its name and its caps. */
public record PlanView(String code, String name, Map<PlanLimit, Long> caps) {

    public PlanView {
        caps = Map.copyOf(new EnumMap<>(caps));
    }

    public long cap(PlanLimit limit) {
        return caps.get(limit);
    }
}
