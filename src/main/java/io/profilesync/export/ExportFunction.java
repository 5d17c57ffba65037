package io.profilesync.export;

import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

/** Lambda entry point for scheduled Evergage exports from EventBridge Scheduler ({@code QUARKUS_FUNQY_EXPORT=export}). */
public class ExportFunction {

    @Inject
    ExportService service;

    @Funq("export")
    public ExportResult export(ScheduleEvent event) {
        ExportResult result = service.export(event);
        if (!"succeeded".equals(result.status())) {
            throw new IllegalStateException("export failed: " + result.error() + " (manifest " + result.manifest() + ")");
        }
        return result;
    }
}
