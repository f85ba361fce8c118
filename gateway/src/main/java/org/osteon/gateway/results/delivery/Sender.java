package org.osteon.gateway.results.delivery;

import java.nio.file.Path;
import org.osteon.events.ResultObject;

/** Stores one result object at one destination. */
interface Sender {

    /** How one attempt went: {@code detail} is the destination's answer or the error; it goes to the PHI audit topic, never to a log. */
    record Attempt(boolean delivered, String detail) {}

    /** One attempt; any failure, the network's or the destination's, is a failed attempt, not a throw. */
    Attempt send(Path file, ResultObject object);

    /** DIMSE or STOW-RS, for the audit. */
    String protocol();
}
