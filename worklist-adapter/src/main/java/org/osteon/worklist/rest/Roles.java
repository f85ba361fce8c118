package org.osteon.worklist.rest;

/**
 * The two roles of the reading room. A reader works the worklist; an admin can do all of that and
 * also manage who is alerted outside the page (subscriptions, webhooks).
 */
public final class Roles {

    public static final String READER = "reader";
    public static final String ADMIN = "admin";

    private Roles() {}
}
