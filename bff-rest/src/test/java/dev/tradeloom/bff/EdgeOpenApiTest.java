package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** The edge describes its REST API as OpenAPI 3, generated from the contracts it forwards. */
class EdgeOpenApiTest {
    private static EdgeTesting edge;
    private static OpenAPI api;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withoutRateLimits();
        final AggregatedHttpResponse response = edge.get("/openapi.json", null);
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentType()).isEqualTo(MediaType.JSON_UTF_8);
        final SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.contentUtf8(), null, null);
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        api = parsed.getOpenAPI();
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void everyRestBindingOfEveryConfiguredService_isAnOperation() {
        final BffConfig config = new BffConfig(0, "http://127.0.0.1:1", "http://127.0.0.1:1", "http://127.0.0.1:1",
                                               "http://127.0.0.1:1/jwks",
                                               List.of(), false,
                                               EdgeTesting.generousLimits(), 65536, Duration.ofSeconds(1), true);
        int bindings = 0;
        for (Upstream upstream : Upstream.all(config)) {
            for (ServiceDescriptor service : upstream.services()) {
                for (MethodDescriptor<?, ?> method : service.getMethods()) {
                    for (HttpBinding binding : HttpBinding.of(HttpBinding.protoOf(method))) {
                        final String path = Pattern.compile("\\{([^}=]+)(=[^}]*)?}").matcher(binding.path())
                                .replaceAll(m -> "{" + OpenApiDocument.parameterName(m.group(1)) + "}");
                        assertThat(operation(path, binding.method()))
                                .as("%s %s (%s)", binding.method(), path, method.getFullMethodName()).isNotNull();
                        bindings++;
                    }
                }
            }
        }
        assertThat(bindings).isGreaterThan(30);
        // OpenAPI forbids paths that differ only in their variables' names.
        assertThat(api.getPaths().keySet().stream().map(p -> p.replaceAll("\\{[^}]*}", "{}")))
                .doesNotHaveDuplicates();
        assertThat(api.getOpenapi()).isEqualTo("3.0.3");
    }

    @Test
    void queryAndPathParameters_useTheContractFieldsInProto3JsonNames() {
        final Operation search = operation("/v1/companies:search", "GET");
        assertThat(search.getParameters()).extracting(Parameter::getName)
                                          .contains("query", "kind", "city", "pageSize", "pageToken");
        final Parameter kind = search.getParameters().stream().filter(p -> p.getName().equals("kind"))
                                     .findFirst().orElseThrow();
        assertThat(kind.getIn()).isEqualTo("query");
        assertThat(schema(kind.getSchema().get$ref()).getEnum()).extracting(String::valueOf)
                .containsExactly("TENANT_KIND_UNSPECIFIED", "TENANT_KIND_SUPPLIER", "TENANT_KIND_BUYER",
                                 "TENANT_KIND_BOTH");

        final Operation update = operation("/v1/tenants/{tenant_id}", "PATCH");
        assertThat(update.getParameters()).extracting(Parameter::getName, Parameter::getIn)
                                          .contains(org.assertj.core.groups.Tuple.tuple("tenant_id", "path"),
                                                    org.assertj.core.groups.Tuple.tuple("updateMask", "query"));
        assertThat(update.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                .endsWith("/tradeloom.tenant.v1.Tenant");
    }

    @Test
    void schemas_followTheProto3JsonMapping() {
        final Schema<?> tenant = schema("tradeloom.tenant.v1.Tenant");
        assertThat(tenant.getProperties()).containsKeys("id", "slug", "kind", "logoUrl", "galleryUrls",
                                                        "createTime");
        assertThat(tenant.getProperties().get("createTime").getFormat()).isEqualTo("date-time");
        assertThat(tenant.getProperties().get("galleryUrls").getType()).isEqualTo("array");
        final Operation register = operation("/v1/auth/register", "POST");
        assertThat(register.getRequestBody().getContent().get("application/json").getSchema().getProperties())
                .containsKeys("email", "password", "displayName");
        assertThat(operation("/v1/tenants/{tenant_id}", "DELETE").getResponses().get("200").getContent()
                           .get("application/json").getSchema().getType()).isEqualTo("object");
    }

    @Test
    void writesOfResourcesWithAnEtag_takeIfMatch_andTheirResponsesCarryETag() {
        for (String method : new String[] { "PATCH", "DELETE" }) {
            assertThat(operation("/v1/tenants/{tenant_id}", method).getParameters())
                    .as(method).extracting(Parameter::getName, Parameter::getIn)
                    .contains(org.assertj.core.groups.Tuple.tuple("If-Match", "header"));
        }
        assertThat(operation("/v1/tenants/{tenant_id}", "GET").getParameters()).as("a read")
                .extracting(Parameter::getName).doesNotContain("If-Match");
        assertThat(operation("/v1/tenants", "POST").getParameters()).as("a create")
                .extracting(Parameter::getName).doesNotContain("If-Match");
        for (String method : new String[] { "GET", "PATCH" }) {
            assertThat(operation("/v1/tenants/{tenant_id}", method).getResponses().get("200").getHeaders())
                    .as(method).containsKey("ETag");
        }
        assertThat(operation("/v1/companies:search", "GET").getResponses().get("200").getHeaders())
                .as("a page of results has no etag").isNullOrEmpty();
    }

    @Test
    void nonPublicRpcs_needABearerToken_andErrorsHaveTheEdgeShape() {
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
        assertThat(operation("/v1/users/me", "GET").getSecurity()).hasSize(1);
        assertThat(operation("/v1/users/me", "GET").getSecurity().get(0)).containsKey("bearer");
        assertThat(operation("/v1/companies:search", "GET").getSecurity()).isEmpty();
        assertThat(operation("/v1/auth/login", "POST").getResponses().get("default").getContent()
                           .get("application/json").getSchema().get$ref()).endsWith("/Error");
        assertThat(schema("Error").getProperties()).containsKeys("code", "message", "reason", "details");
    }

    private static Operation operation(String path, String method) {
        final PathItem item = api.getPaths().get(path);
        if (item == null) {
            return null;
        }
        return item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)));
    }

    private static Schema<?> schema(String refOrName) {
        return api.getComponents().getSchemas().get(refOrName.substring(refOrName.lastIndexOf('/') + 1));
    }
}
