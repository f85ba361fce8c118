package org.osteon.streams.deid.profile;

/**
 * A private attribute that the Retain Safe Private option keeps: matched by its private creator and
 * its element within the block, because the block number ({@code xx}) differs from object to object.
 */
public record PrivateAllowance(int group, int elementInBlock, String creator, String vr, String why) {}
