/** Plumbing shared by the Osteon services, written once. */
package org.osteon.platform;
