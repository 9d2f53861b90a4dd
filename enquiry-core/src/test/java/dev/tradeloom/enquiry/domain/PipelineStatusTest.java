package dev.tradeloom.enquiry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.error.FailedPreconditionException;

class PipelineStatusTest {
    @Test
    void everyMove_isAllowedExactlyWhenListed() {
        final Set<String> allowed = Set.of("NEW>CONTACTED", "NEW>LOST", "NEW>SPAM", "CONTACTED>QUOTED",
                                           "CONTACTED>LOST", "CONTACTED>SPAM", "QUOTED>WON", "QUOTED>LOST");
        for (PipelineStatus from : PipelineStatus.values()) {
            for (PipelineStatus to : PipelineStatus.values()) {
                if (allowed.contains(from + ">" + to)) {
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).as(from + ">" + to)
                                                             .isInstanceOf(FailedPreconditionException.class);
                }
            }
        }
    }

    @Test
    void finalStatuses_haveNoNext() {
        for (PipelineStatus status : EnumSet.of(PipelineStatus.WON, PipelineStatus.LOST, PipelineStatus.SPAM)) {
            assertThat(status.next()).isEmpty();
        }
    }

    @Test
    void dbNames_roundTrip() {
        for (PipelineStatus status : PipelineStatus.values()) {
            assertThat(PipelineStatus.fromDb(status.dbName())).isEqualTo(status);
        }
    }
}
