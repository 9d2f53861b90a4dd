package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.FieldDescriptor;

import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.tenant.v1.SearchCompaniesRequest;

class ProtoJsonCheckTest {
    private static final FieldDescriptor PAGE_SIZE = SearchCompaniesRequest.getDescriptor()
                                                                           .findFieldByName("page_size");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonWholeNumbers_mayHaveAFractionOfZeroOrAnExponent() throws Exception {
        assertThat(check("1.0")).isEmpty();
        assertThat(check("\"1e1\"")).isEmpty();
        assertThat(check("2.5")).singleElement().satisfies(v -> assertThat(v.description()).contains("whole number"));
    }

    @Test
    void hugeExponents_areComparedUnexpanded() throws Exception {
        // As a whole number, 1e500000000 has half a billion digits: worked out, it would hold an event loop.
        assertThat(check("1e500000000")).singleElement()
                                        .satisfies(v -> assertThat(v.description()).contains("whole number"));
        assertThat(check("\"-1e500000000\"")).singleElement()
                                             .satisfies(v -> assertThat(v.description()).contains("out of range"));
    }

    private static List<FieldViolation> check(String json) throws Exception {
        final List<FieldViolation> out = new ArrayList<>();
        ProtoJsonCheck.checkValue(JSON.readTree(json), PAGE_SIZE, "page_size", out);
        return out;
    }
}
