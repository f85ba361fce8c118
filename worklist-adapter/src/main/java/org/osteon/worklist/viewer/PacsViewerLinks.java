package org.osteon.worklist.viewer;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.WorklistRow;

/**
 * Puts the PACS viewer link on rows on their way to the page (REST and server-sent events): built here,
 * in the PHI zone, for a caller who may already see the row, so the page never needs the Study UID or
 * the Patient ID themselves.
 */
@ApplicationScoped
public class PacsViewerLinks {

    private final Optional<PacsViewerTemplate> template;

    PacsViewerLinks(WorklistConfig config) {
        // Already checked at start-up by @ViewerUrlTemplate; parse cannot fail here.
        this.template = config.worklist().pacsViewerUrl().map(PacsViewerTemplate::parse);
    }

    public WorklistRow linked(WorklistRow row) {
        if (template.isEmpty() || row.identifiers() == null) {
            return row;
        }
        return row.withPacsViewerUrl(template.get().link(row.identifiers()).orElse(null));
    }

    public List<WorklistRow> linked(List<WorklistRow> rows) {
        return template.isEmpty() ? rows : rows.stream().map(this::linked).toList();
    }
}
