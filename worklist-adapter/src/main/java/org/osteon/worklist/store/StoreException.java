package org.osteon.worklist.store;

import java.sql.SQLException;

/** The worklist database failed; callers retry the whole record, so nothing half-done is kept. */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("worklist store failed: " + cause.getMessage(), cause);
    }
}
