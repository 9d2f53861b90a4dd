package dev.tradeloom.enquiry.store;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Guests' enquiries per UTC day, per keyed digest of an email address or client network. */
public interface GuestCountDao {
    /** Counts one more enquiry under {@code kind}/{@code keyDigest} today; returns today's count. */
    @SqlQuery("""
            insert into guest_enquiry_counts (day, kind, key_digest, count)
            values ((now() at time zone 'utc')::date, :kind, :digest, 1)
            on conflict (day, kind, key_digest)
            do update set count = guest_enquiry_counts.count + 1, updated_at = now()
            returning count""")
    int increment(@Bind("kind") String kind, @Bind("digest") String keyDigest);

    /** Forgets the counters of days before yesterday (UTC): they no longer limit anyone. */
    @SqlUpdate("delete from guest_enquiry_counts where day < (now() at time zone 'utc')::date - 1")
    int purgeOld();
}
