package org.osteon.worklist.publish;

import org.osteon.worklist.store.AlertRecord;

/** CDI event: an alert was committed and open alert streams should see it. Fired after the commit. */
public record AlertRaised(AlertRecord alert) {}
