package org.osteon.worklist.publish;

import org.osteon.worklist.store.WorklistRow;

/** CDI event: a worklist row changed and open pages should see it. Fired after the commit. */
public record RowChanged(WorklistRow row) {}
