package dev.tradeloom.launcher;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.tenant.v1.Address;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.CreateTenantRequest;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tenant.v1.VerifyEmailRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Demo suppliers and a demo login, created through the public API exactly as a client would
 * (register, follow the emailed link, sign in, create tenants). Safe to run on every start:
 * existing data is kept.
 */
final class DemoData {
    static final String EMAIL = "demo@tradeloom.local";
    static final String PASSWORD = "tradeloom-demo";

    private static final Logger logger = LoggerFactory.getLogger(DemoData.class);
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_.-]+)");

    private record Supplier(String slug, String name, String category, String city, String state,
                            String description) {}

    private static final List<Supplier> SUPPLIERS = List.of(
            new Supplier("asha-silk-sarees", "Asha Silk Sarees", "Silk sarees", "Varanasi", "Uttar Pradesh",
                         "Handwoven Banarasi silk sarees with zari borders, sold wholesale to boutiques."),
            new Supplier("kaveri-cotton-mills", "Kaveri Cotton Mills", "Cotton fabric", "Coimbatore",
                         "Tamil Nadu", "Combed cotton yarn and greige fabric for garment exporters."),
            new Supplier("jaipur-block-prints", "Jaipur Block Prints", "Printed fabric", "Jaipur", "Rajasthan",
                         "Hand block printed cotton running material, dupattas and bedsheets."),
            new Supplier("surat-synthetics", "Surat Synthetics", "Synthetic sarees", "Surat", "Gujarat",
                         "Georgette and chiffon sarees in bulk for retailers across India."),
            new Supplier("ludhiana-knitwear", "Ludhiana Knitwear", "Knitwear", "Ludhiana", "Punjab",
                         "Woollen sweaters, cardigans and kids' knitwear for winter collections."),
            new Supplier("kolkata-kurta-house", "Kolkata Kurta House", "Kurtas", "Kolkata", "West Bengal",
                         "Cotton and khadi kurtas for men and women, stitched to order."));

    private DemoData() {}

    /**
     * Loads the demo login, suppliers and their products. {@code syncSuppliers} runs once the suppliers
     * exist, so that the catalog knows them before their products are read.
     */
    static void load(String tenantCoreUri, String catalogCoreUri, MailCatcher mail, Runnable syncSuppliers) {
        final AuthServiceBlockingStub auth = GrpcClients.newClient(tenantCoreUri, AuthServiceBlockingStub.class);
        ensureAccount(auth, mail);
        final String accessToken = auth.login(LoginRequest.newBuilder().setEmail(EMAIL).setPassword(PASSWORD)
                                                          .build()).getTokens().getAccessToken();
        final TenantServiceBlockingStub tenants = GrpcClients.builder(tenantCoreUri)
                                                             .addHeader("authorization", "Bearer " + accessToken)
                                                             .build(TenantServiceBlockingStub.class);
        final Map<String, String> tenantIds = new HashMap<>();
        for (Supplier s : SUPPLIERS) {
            final Tenant created = tenants.createTenant(CreateTenantRequest.newBuilder()
                    // A request id derived from the slug makes reloading a no-op.
                    .setRequestId(UUID.nameUUIDFromBytes(s.slug().getBytes(StandardCharsets.UTF_8)).toString())
                    .setTenant(Tenant.newBuilder()
                                     .setSlug(s.slug()).setName(s.name()).setKind(TenantKind.TENANT_KIND_SUPPLIER)
                                     .setCategory(s.category()).setDescription(s.description())
                                     .setAddress(Address.newBuilder().setCity(s.city()).setState(s.state())
                                                        .setCountry("IN"))
                                     .setDefaultLanguage("en").setDefaultCurrency("INR"))
                    .build());
            tenantIds.put(s.slug(), created.getId());
        }
        syncSuppliers.run();
        // A new sign-in: the first token was issued before the owner had any role in these tenants.
        final String ownerToken = auth.login(LoginRequest.newBuilder().setEmail(EMAIL).setPassword(PASSWORD)
                                                         .build()).getTokens().getAccessToken();
        final int products = DemoCatalog.load(catalogCoreUri, ownerToken, tenantIds);
        logger.info("Demo data ready: {} suppliers with {} products owned by {} / {}", SUPPLIERS.size(), products,
                    EMAIL, PASSWORD);
    }

    private static void ensureAccount(AuthServiceBlockingStub auth, MailCatcher mail) {
        try {
            auth.register(RegisterRequest.newBuilder().setEmail(EMAIL).setPassword(PASSWORD)
                                         .setDisplayName("Demo Supplier").setLanguage("en").build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                return;
            }
            throw e;
        }
        auth.verifyEmail(VerifyEmailRequest.newBuilder().setToken(verificationToken(mail)).build());
    }

    /** The token from the verification email, which the outbox delivers within moments. */
    private static String verificationToken(MailCatcher mail) {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (MailCatcher.CaughtMail m : mail.messages()) {
                final Matcher matcher = TOKEN.matcher(m.body());
                if (m.to().contains(EMAIL) && matcher.find()) {
                    return matcher.group(1);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("The verification email for " + EMAIL + " did not arrive within 30 s");
    }
}
