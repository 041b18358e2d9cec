package jp.tokuten.ops;

/** A maintenance window was scheduled: tenant admins are told by e-mail once it commits. */
public record MaintenanceScheduled(MaintenanceWindow window) {}
