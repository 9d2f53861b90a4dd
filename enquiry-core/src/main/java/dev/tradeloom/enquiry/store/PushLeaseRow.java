package dev.tradeloom.enquiry.store;

import org.jdbi.v3.core.mapper.Nested;

/**
 * What asking for a tenant's CRM push lease found ({@link CrmPushes#takeLease}).
 *
 * @param taken           whether the lease is now the asker's
 * @param heldForSeconds  when not taken: how long the holder keeps it waiting out a refusal from the CRM
 *                        (until its retry is due); 0 while the holder's push runs
 * @param connection      the tenant's connection
 */
public record PushLeaseRow(boolean taken, double heldForSeconds, @Nested CrmConnectionRow connection) {}
