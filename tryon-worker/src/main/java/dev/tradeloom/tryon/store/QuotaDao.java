package dev.tradeloom.tryon.store;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Jobs submitted per UTC day, per user and per tenant. */
public interface QuotaDao {
    /**
     * Counts one more job for {@code subject} on {@code day} unless that would pass {@code limit}; the new
     * count, or empty when the limit was already reached. One statement, so concurrent submits cannot both
     * take the last unit.
     */
    @SqlQuery("""
            insert into tryon_quota_counts as c (day, kind, subject, count) values (:day, :kind, :subject, 1)
            on conflict (day, kind, subject) do update set count = c.count + 1, updated_at = now()
                where c.count < :limit
            returning count""")
    Optional<Integer> take(@Bind("day") LocalDate day, @Bind("kind") String kind, @Bind("subject") UUID subject,
                           @Bind("limit") int limit);

    /** Gives back one job counted for {@code subject} on {@code day}. */
    @SqlUpdate("""
            update tryon_quota_counts set count = count - 1, updated_at = now()
             where day = :day and kind = :kind and subject = :subject and count > 0""")
    void giveBack(@Bind("day") LocalDate day, @Bind("kind") String kind, @Bind("subject") UUID subject);
}
