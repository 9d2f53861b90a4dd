package dev.tradeloom.launcher;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The demo catalog of each demo supplier, generated from a small textile vocabulary in English and
 * Hindi: every product line crossed with its fabrics and a palette of colours, cut to
 * {@link #PRODUCTS_PER_SUPPLIER}. Deterministic, so every start produces the same catalog.
 */
final class DemoAssortment {
    static final int PRODUCTS_PER_SUPPLIER = 50;

    /** A word in English and Hindi. */
    record Word(String en, String hi) {}

    /** A colour of the palette, with the RGB its swatch is painted in. */
    record Colour(Word name, int rgb) {}

    /** How a product's swatch image is patterned. */
    enum Pattern { ZARI_BORDER, BLOCK_PRINT, STRIPES, KNIT, WEAVE }

    /** A kind of product a supplier makes: its category, the garment, the fabrics it comes in, its sizes. */
    record Line(String code, Word category, Word garment, List<Word> fabrics, List<String> sizes,
                long priceMinor, Pattern pattern, Word blurb) {}

    record Supplier(String skuPrefix, boolean handloom, List<Line> lines) {}

    /** One generated product; {@code salePriceMinor} is null when it is not on sale. */
    record Item(String sku, String slug, Word name, Word description, Line line, Word fabric, Colour colour,
                long priceMinor, @Nullable Long salePriceMinor, List<Long> sizeStock, long stock, boolean draft,
                List<Word> tags) {}

    static final Word HANDLOOM = new Word("Handloom", "हथकरघा");
    static final Word WHOLESALE = new Word("Wholesale", "थोक");
    static final Word FESTIVE = new Word("Festive", "त्योहारी");
    static final Word NEW_ARRIVAL = new Word("New arrival", "नया आगमन");
    static final Word BESTSELLER = new Word("Bestseller", "सबसे ज़्यादा बिकने वाला");
    static final List<Word> TAGS = List.of(HANDLOOM, WHOLESALE, FESTIVE, NEW_ARRIVAL, BESTSELLER);

    static final List<Colour> PALETTE = List.of(
            new Colour(new Word("red", "लाल"), 0xB22222),
            new Colour(new Word("royal blue", "शाही नीला"), 0x27408B),
            new Colour(new Word("mustard", "सरसों पीला"), 0xD4A017),
            new Colour(new Word("emerald green", "पन्ना हरा"), 0x1E8449),
            new Colour(new Word("white", "सफ़ेद"), 0xF5F5F0),
            new Colour(new Word("maroon", "मैरून"), 0x800000),
            new Colour(new Word("pink", "गुलाबी"), 0xE75480),
            new Colour(new Word("black", "काला"), 0x1C1C1C),
            new Colour(new Word("saffron", "केसरिया"), 0xF4A300),
            new Colour(new Word("indigo", "नील"), 0x2E3A87),
            new Colour(new Word("cream", "क्रीम"), 0xF3E5C0),
            new Colour(new Word("grey", "धूसर"), 0x808080));

    private static final Word BANARASI = new Word("Banarasi silk", "बनारसी रेशमी");
    private static final Word KATAN = new Word("Katan silk", "कतान रेशमी");
    private static final Word ORGANZA = new Word("Organza", "ऑर्गेंज़ा");
    private static final Word DABU = new Word("Indigo dabu print", "नील दाबू प्रिंट");
    private static final Word SANGANERI = new Word("Sanganeri floral print", "सांगानेरी फूल प्रिंट");
    private static final Word BAGRU = new Word("Bagru print", "बगरू प्रिंट");
    private static final Word CREPE = new Word("Crepe", "क्रेप");
    private static final Word WOOL = new Word("Wool", "ऊनी");
    private static final Word ACRYLIC = new Word("Acrylic", "एक्रेलिक");
    private static final Word KHADI = new Word("Khadi", "खादी");
    private static final Word COTTON = new Word("Cotton", "सूती");
    private static final Word LINEN = new Word("Linen", "लिनन");
    private static final Word SARI = new Word("Sarees", "साड़ियाँ");
    private static final Word DUPATTAS = new Word("Dupattas", "दुपट्टे");
    private static final Word KURTIS = new Word("Kurtis", "कुर्तियाँ");
    private static final List<String> ADULT = List.of("S", "M", "L", "XL");

    static final Map<String, Supplier> SUPPLIERS = Map.of(
            "asha-silk-sarees", new Supplier("ASH", true, List.of(
                    new Line("SAR", SARI, new Word("saree", "साड़ी"),
                             List.of(BANARASI, KATAN, new Word("Tussar silk", "टसर रेशमी"), ORGANZA), List.of(),
                             900_000, Pattern.ZARI_BORDER,
                             new Word("Six yards, handwoven, with a zari border and a blouse piece.",
                                      "छह गज़, हाथ से बुनी, ज़री बॉर्डर और ब्लाउज़ पीस के साथ।")),
                    new Line("DUP", DUPATTAS, new Word("dupatta", "दुपट्टा"), List.of(BANARASI, ORGANZA),
                             List.of(), 250_000, Pattern.ZARI_BORDER,
                             new Word("2.5 metres with woven buti all over and tasselled ends.",
                                      "ढाई मीटर, पूरे में बुनी बूटी और फुंदनों वाले किनारे।")),
                    new Line("LEH", new Word("Lehengas", "लहंगे"), new Word("lehenga", "लहंगा"),
                             List.of(BANARASI, KATAN), List.of("S", "M", "L"), 1_800_000, Pattern.ZARI_BORDER,
                             new Word("Bridal lehenga with a can-can lining, blouse and dupatta.",
                                      "कैन-कैन अस्तर, ब्लाउज़ और दुपट्टे के साथ दुल्हन का लहंगा।")))),
            "kaveri-cotton-mills", new Supplier("KCM", false, List.of(
                    new Line("FAB", new Word("Cotton fabric", "सूती कपड़ा"), new Word("fabric", "कपड़ा"),
                             List.of(new Word("Combed cotton poplin", "कॉम्बेड कॉटन पॉपलिन"),
                                     new Word("Cambric", "कैम्ब्रिक"), new Word("Voile", "वॉयल"),
                                     new Word("Twill", "ट्विल")), List.of(),
                             18_000, Pattern.WEAVE,
                             new Word("Price per metre, 58 inches wide; 500 metres minimum per colour.",
                                      "प्रति मीटर दाम, 58 इंच चौड़ा; हर रंग में कम से कम 500 मीटर।")),
                    new Line("DEN", new Word("Denim", "डेनिम"), new Word("denim", "डेनिम"),
                             List.of(new Word("Stretch", "स्ट्रेच"), new Word("Rigid", "रिजिड")), List.of(),
                             32_000, Pattern.WEAVE,
                             new Word("Price per metre, 11 oz, sanforised.",
                                      "प्रति मीटर दाम, 11 औंस, सैनफ़ोराइज़्ड।")))),
            "jaipur-block-prints", new Supplier("JBP", true, List.of(
                    new Line("DUP", DUPATTAS, new Word("dupatta", "दुपट्टा"), List.of(DABU, SANGANERI, BAGRU),
                             List.of(), 65_000, Pattern.BLOCK_PRINT,
                             new Word("Hand block printed with natural dyes on mulmul cotton.",
                                      "मलमल सूती पर प्राकृतिक रंगों से हाथ की ब्लॉक छपाई।")),
                    new Line("BED", new Word("Bedsheets", "चादरें"), new Word("double bedsheet", "डबल चादर"),
                             List.of(DABU, SANGANERI, BAGRU), List.of(), 180_000, Pattern.BLOCK_PRINT,
                             new Word("90 × 108 inches with two pillow covers.",
                                      "90 × 108 इंच, दो तकिये के गिलाफ़ के साथ।")),
                    new Line("KRT", KURTIS, new Word("kurti", "कुर्ती"), List.of(DABU, SANGANERI), ADULT,
                             95_000, Pattern.BLOCK_PRINT,
                             new Word("Straight cut, three-quarter sleeves, side pockets.",
                                      "सीधा कट, तीन-चौथाई आस्तीन, बगल में जेबें।")))),
            "surat-synthetics", new Supplier("SRS", false, List.of(
                    new Line("SAR", SARI, new Word("saree", "साड़ी"),
                             List.of(new Word("Georgette", "जॉर्जेट"), new Word("Chiffon", "शिफ़ॉन"), CREPE),
                             List.of(), 120_000, Pattern.STRIPES,
                             new Word("Digital print with a lace border; packed in sets of ten.",
                                      "लेस बॉर्डर के साथ डिजिटल प्रिंट; दस के सेट में पैक।")),
                    new Line("KRT", KURTIS, new Word("kurti", "कुर्ती"),
                             List.of(new Word("Rayon", "रेयॉन"), CREPE),
                             List.of("S", "M", "L", "XL", "XXL"), 55_000, Pattern.STRIPES,
                             new Word("A-line with printed yoke; sold in size sets.",
                                      "प्रिंटेड योक वाली ए-लाइन; साइज़ सेट में बिकती है।")))),
            "ludhiana-knitwear", new Supplier("LDK", false, List.of(
                    new Line("SWT", new Word("Sweaters", "स्वेटर"), new Word("sweater", "स्वेटर"),
                             List.of(WOOL, ACRYLIC, new Word("Merino wool", "मेरिनो ऊन")),
                             List.of("M", "L", "XL"), 150_000, Pattern.KNIT,
                             new Word("Crew neck, cable knit, ribbed cuffs.",
                                      "गोल गला, केबल बुनाई, रिब वाले कफ़।")),
                    new Line("CAR", new Word("Cardigans", "कार्डिगन"), new Word("cardigan", "कार्डिगन"),
                             List.of(WOOL, ACRYLIC), List.of("M", "L", "XL"), 210_000, Pattern.KNIT,
                             new Word("Button front with two patch pockets.",
                                      "आगे बटन और दो पैच जेबें।")),
                    new Line("KID", new Word("Kids' knitwear", "बच्चों के ऊनी कपड़े"),
                             new Word("kids' sweater", "बच्चों का स्वेटर"), List.of(WOOL, ACRYLIC),
                             List.of("2-3Y", "4-5Y", "6-7Y"), 70_000, Pattern.KNIT,
                             new Word("Soft, machine washable, with a shoulder opening.",
                                      "मुलायम, मशीन में धुलने लायक, कंधे पर खुलने वाला।")))),
            "kolkata-kurta-house", new Supplier("KKH", true, List.of(
                    new Line("KUR", new Word("Kurtas", "कुर्ते"), new Word("kurta", "कुर्ता"),
                             List.of(KHADI, COTTON, LINEN, new Word("Silk", "रेशमी")), ADULT, 120_000,
                             Pattern.WEAVE,
                             new Word("Mandarin collar, stitched to order in four weeks.",
                                      "बंद गला, ऑर्डर पर चार हफ़्ते में सिला हुआ।")),
                    new Line("NJK", new Word("Nehru jackets", "नेहरू जैकेट"),
                             new Word("Nehru jacket", "नेहरू जैकेट"),
                             List.of(KHADI, LINEN), List.of("M", "L", "XL"), 240_000, Pattern.WEAVE,
                             new Word("Sleeveless, lined, with covered buttons.",
                                      "बिना आस्तीन, अस्तर वाली, ढके बटनों के साथ।")),
                    new Line("PYJ", new Word("Pyjamas", "पायजामे"), new Word("pyjama", "पायजामा"),
                             List.of(COTTON), ADULT, 60_000, Pattern.WEAVE,
                             new Word("Churidar cut with a drawstring waist.",
                                      "नाड़े वाली कमर के साथ चूड़ीदार कट।")))));

    private DemoAssortment() {}

    /** The products of {@code supplier}, in a fixed order. */
    static List<Item> items(Supplier supplier) {
        final List<Item> items = new ArrayList<>();
        final int[] perLine = new int[supplier.lines().size()];
        outer:
        for (Colour colour : PALETTE) {
            for (int l = 0; l < supplier.lines().size(); l++) {
                final Line line = supplier.lines().get(l);
                for (Word fabric : line.fabrics()) {
                    if (items.size() == PRODUCTS_PER_SUPPLIER) {
                        break outer;
                    }
                    items.add(item(supplier, line, ++perLine[l], fabric, colour, items.size()));
                }
            }
        }
        return items;
    }

    /** Every size any line of {@code supplier} comes in, in first-seen order. */
    static Set<String> sizes(Supplier supplier) {
        final Set<String> sizes = new LinkedHashSet<>();
        supplier.lines().forEach(line -> sizes.addAll(line.sizes()));
        return sizes;
    }

    /** Every fabric of {@code supplier}, in first-seen order. */
    static Set<String> fabrics(Supplier supplier) {
        final Set<String> fabrics = new LinkedHashSet<>();
        supplier.lines().forEach(line -> line.fabrics().forEach(f -> fabrics.add(f.en())));
        return fabrics;
    }

    private static Item item(Supplier supplier, Line line, int number, Word fabric, Colour colour, int index) {
        final String sku = "%s-%s-%03d".formatted(supplier.skuPrefix(), line.code(), number);
        final Word name = new Word(fabric.en() + ' ' + line.garment().en() + ", " + colour.name().en(),
                                   fabric.hi() + ' ' + line.garment().hi() + ", " + colour.name().hi());
        // Prices vary by up to 30 % around the line's price, in whole rupees of ten.
        final long price = roundToTenRupees(line.priceMinor() * (100 + (index * 37) % 31) / 100);
        final @Nullable Long sale = index % 6 == 5 ? roundToTenRupees(price * 85 / 100) : null;
        // About one product in twelve is sold out, so the storefront has something to hide.
        final boolean soldOut = index % 12 == 7;
        final List<Long> sizeStock = line.sizes().stream()
                                         .map(size -> soldOut ? 0L : 2L + (index * 7L + size.length()) % 15)
                                         .toList();
        final long stock = soldOut ? 0 : sizeStock.isEmpty() ? 5L + (index * 13L) % 60
                : sizeStock.stream().mapToLong(Long::longValue).sum();
        final List<Word> tags = new ArrayList<>(List.of(WHOLESALE));
        if (supplier.handloom()) {
            tags.add(HANDLOOM);
        }
        if (index % 3 == 0) {
            tags.add(FESTIVE);
        }
        if (index % 5 == 1) {
            tags.add(NEW_ARRIVAL);
        }
        if (index % 7 == 2) {
            tags.add(BESTSELLER);
        }
        return new Item(sku, slug(name.en()), name, line.blurb(), line, fabric, colour, price, sale, sizeStock,
                        stock, index % 25 == 24, List.copyOf(tags));
    }

    private static long roundToTenRupees(long minor) {
        return Math.max(1_000, Math.round(minor / 1_000.0) * 1_000);
    }

    static String slug(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT)
                         .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
