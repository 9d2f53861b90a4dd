package dev.tradeloom.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.tradeloom.catalog.v1.AttributeValue;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.enquiry.v1.ListEnquiriesRequest;
import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.platform.error.InvalidArgumentException;

class RequestValidatorTest {
    private static final String TENANT = "0192f0c4-5a6b-7c8d-9e0f-a1b2c3d4e5f6";
    private final RequestValidator validator = new RequestValidator();

    @Test
    void textWithoutNul_passes() {
        assertThatCode(() -> validator.validate(create("Banarasi silk saree", "Front", "Silk")))
                .doesNotThrowAnyException();
    }

    @Test
    void nulAtAnyDepth_isAViolationNamingEachField() {
        final InvalidArgumentException refused = catchThrowableOfType(
                InvalidArgumentException.class,
                () -> validator.validate(create("Banarasi\u0000 saree", "Front\u0000", "Si\u0000lk")));

        assertThat(refused.violations()).extracting(FieldViolation::field)
                                        .containsExactlyInAnyOrder("product.name", "product.images[1].alt_text",
                                                                   "product.attributes[0].value");
        assertThat(refused.violations()).extracting(FieldViolation::description)
                                        .containsOnly("must not contain the NUL character (U+0000)");
    }

    @Test
    void nulBesideABrokenRule_isListedWithIt() {
        final InvalidArgumentException refused = catchThrowableOfType(
                InvalidArgumentException.class,
                () -> validator.validate(create("x".repeat(201), "Front", "Si\u0000lk")));

        assertThat(refused.violations()).extracting(FieldViolation::field)
                                        .containsExactlyInAnyOrder("product.name", "product.attributes[0].value");
    }

    @Test
    void timestampsOutsideYears1To9999_areViolationsNamingTheField_evenWhereRulesCannotBeEvaluated() {
        final String tenant = TENANT;
        for (Timestamp bad : List.of(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build(),
                                     Timestamp.newBuilder().setSeconds(253_402_300_800L).build(),
                                     Timestamp.newBuilder().setSeconds(-62_135_596_801L).build(),
                                     Timestamp.newBuilder().setSeconds(0).setNanos(-1).build())) {
            final InvalidArgumentException refused = catchThrowableOfType(
                    InvalidArgumentException.class,
                    () -> validator.validate(ListEnquiriesRequest.newBuilder().setTenantId(tenant)
                                                                 .setCreatedAfter(bad).build()));
            assertThat(refused).as("%s", bad).isNotNull();
            assertThat(refused.violations()).extracting(FieldViolation::field).containsExactly("created_after");
        }
        assertThatCode(() -> validator.validate(ListEnquiriesRequest.newBuilder().setTenantId(TENANT)
                .setCreatedAfter(Timestamp.newBuilder().setSeconds(253_402_300_799L))
                .setCreatedBefore(Timestamp.newBuilder().setSeconds(-62_135_596_800L)).build()))
                .doesNotThrowAnyException();
    }

    private static CreateProductRequest create(String name, String secondAltText, String fabric) {
        return CreateProductRequest.newBuilder().setTenantId(TENANT).setProduct(
                Product.newBuilder().setName(name)
                       .addAttributes(AttributeValue.newBuilder().setKey("fabric").setValue(fabric))
                       .addImages(ProductImage.newBuilder().setUrl("https://img.example/a.jpg"))
                       .addImages(ProductImage.newBuilder().setUrl("https://img.example/b.jpg")
                                              .setAltText(secondAltText)))
                                   .build();
    }
}
