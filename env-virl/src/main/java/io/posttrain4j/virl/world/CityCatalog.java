package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.posttrain4j.virl.geo.GeoPoint;
import io.posttrain4j.virl.world.StreetLayout.Kind;

/**
 * The ten built-in cities: {@code nyc-train}, in the role of the study's New York training city, and nine in the
 * role of the VLN-mini cities (Milan, New Delhi, Buenos Aires, London, Hong Kong, New York, Melbourne, Lagos,
 * San Francisco), each with its own street pattern, palette, architecture and names.
 *
 * <p>Generated models are cached (generation is deterministic, models are immutable), so environments share them.
 * Thread-safe.
 */
public final class CityCatalog {
    /** The training city's name. */
    public static final String TRAINING = "nyc-train";
    /** The pseudo-city name that stands for the nine VLN-mini cities together. */
    public static final String VLN_MINI = "vln-mini";

    private static final Map<String, CitySpec> SPECS = specs();
    private static final Map<String, CityModel> MODELS = new ConcurrentHashMap<>();

    private CityCatalog() {}

    /** All city names, the training city first. */
    public static List<String> names() {
        return List.copyOf(SPECS.keySet());
    }

    /** The nine visual-OOD cities, in the study's VLN-mini order. */
    public static List<String> vlnMini() {
        return names().subList(1, SPECS.size());
    }

    /** The spec of {@code name}. */
    public static CitySpec spec(String name) {
        CitySpec s = SPECS.get(name);
        if (s == null) {
            throw new IllegalArgumentException(io.posttrain4j.core.spi.Names.unknown("city", name, SPECS.keySet()));
        }
        return s;
    }

    /** The generated model of {@code name} (cached). */
    public static CityModel city(String name) {
        CitySpec s = spec(name);
        return MODELS.computeIfAbsent(name, n -> CityGenerator.generate(s));
    }

    private static int[] c(int... rgb) {
        return rgb;
    }

    private static Map<String, CitySpec> specs() {
        Map<String, CitySpec> m = new LinkedHashMap<>();
        List<String> ordinals = new ArrayList<>();
        for (int i = 10; i < 60; i++) {
            int r = i % 10;
            ordinals.add(i + (r == 1 ? "st" : r == 2 ? "nd" : r == 3 ? "rd" : "th"));
        }
        add(m, "nyc-train", "training city (the study's New York)", new GeoPoint(40.7484, -73.9857),
                new StreetLayout(Kind.GRID, 29, 80, 230, 0, 420),
                new CityStyle(0x6fa3d8, 0xd6e4ee, 0x4a4a4d, 0xa9a49b, 0xe8c547,
                        c(0x8a4b3a, 0x9c5a45, 0x6e3b2e, 0xb7a58c, 0x7d7f82, 0xa0674c), 0x2b3440, 0xd9d2c3,
                        c(0xb3262d, 0x1f4e8c, 0x222222, 0x2e7d32, 0xe0a030), 0xffffff,
                        3.4, 4, 14, 7, 22, 0.5, 0.55, 2.6, 0.35, 14, 4, 420, 200, 16, 0x3f6b35),
                new CityNames(List.of("W %s St", "%s Ave", "%s Blvd"), List.of("Lexington", "Madison", "Park", "Amsterdam",
                        "Columbus", "Hudson", "Greenwich", "Bowery", "Lenox", "Irving", "Chelsea", "Murray"),
                        List.of("Joe's", "Katz", "Gotham", "Empire", "Liberty", "Bleecker", "Hudson", "Brooklyn", "Astor", "Knick"),
                        List.of("%s Deli", "%s Pizza", "%s Bagels", "%s Diner", "%s Hardware", "%s Cleaners", "%s Wine & Spirits", "%s Barbershop"),
                        List.of("Midtown Museum of Art", "St. Agnes Church", "Herald Square Station", "Public Library Annex", "Grand Theater")),
                101);
        add(m, "milan", "VLN-mini Milan", new GeoPoint(45.4642, 9.19),
                new StreetLayout(Kind.RADIAL, 8, 95, 11, 6, 420),
                new CityStyle(0x5d9ee6, 0xdfe9f2, 0x56534f, 0xc9bfae, 0xf2f2f2,
                        c(0xe3c58f, 0xd9a877, 0xc98e63, 0xefe0c0, 0xd7b98e, 0xb9664a), 0x3d4a3a, 0xf5eee0,
                        c(0x1d5e3a, 0x7a1f2b, 0x26303c, 0xb08a3e), 0xfaf3e0,
                        3.6, 4, 7, 9, 20, 0.38, 0.5, 3.0, 0.3, 10, 3.5, 380, 160, 0, 0x4a6b3a),
                new CityNames(List.of("Via %s", "Corso %s", "Viale %s"), List.of("Torino", "Manzoni", "Dante", "Brera", "Verdi",
                        "Garibaldi", "Mazzini", "Cavour", "Solferino", "Montenapoleone", "Vittoria", "Volta"),
                        List.of("Rossi", "Bianchi", "Colombo", "Ferrari", "Romano", "Ricci", "Marino", "Greco", "Gallo", "Conti"),
                        List.of("Trattoria %s", "Pasticceria %s", "Farmacia %s", "Gelateria %s", "Libreria %s", "Caffè %s", "Ottica %s", "Panificio %s"),
                        List.of("Basilica di San Lorenzo", "Museo del Novecento", "Teatro Lirico", "Stazione Cadorna", "Palazzo Reale")),
                202);
        add(m, "new-delhi", "VLN-mini New Delhi", new GeoPoint(28.6315, 77.2167),
                new StreetLayout(Kind.TRIANGULAR, 15, 150, 150, 4, 420),
                new CityStyle(0x9dbbd6, 0xeadfc4, 0x5e5a55, 0xb89f7e, 0xf0f0f0,
                        c(0xf2e6d0, 0xd98c5f, 0xe8c170, 0xc4d7c3, 0xf0b6a8, 0xddd4c4), 0x2f3b44, 0xffffff,
                        c(0xd62828, 0x003f88, 0xf77f00, 0x007f5f, 0x6a0572), 0xffffff,
                        3.2, 2, 4, 6, 16, 0.45, 0.5, 2.8, 0.45, 12, 3, 300, 190, 11, 0x4f7a3a),
                new CityNames(List.of("%s Marg", "%s Road", "%s Path"), List.of("Janpath", "Rajpath", "Ashoka", "Tolstoy",
                        "Barakhamba", "Kasturba", "Sansad", "Baba Kharak Singh", "Minto", "Panchkuian", "Mandir", "Chelmsford"),
                        List.of("Sharma", "Gupta", "Verma", "Kapoor", "Singh", "Malhotra", "Arora", "Bansal", "Mehta", "Khanna"),
                        List.of("%s Sweets", "%s Electronics", "%s Chemists", "%s Sarees", "%s Dhaba", "%s Jewellers", "%s Book Depot", "%s Tailors"),
                        List.of("Hanuman Mandir", "Central Park Metro", "National Crafts Museum", "Regal Cinema", "Gurudwara Bangla Sahib Gate")),
                303);
        add(m, "buenos-aires", "VLN-mini Buenos Aires", new GeoPoint(-34.6037, -58.3816),
                new StreetLayout(Kind.DIAGONAL, 0, 115, 115, 0, 420),
                new CityStyle(0x79aee0, 0xe3ebef, 0x4d4b4a, 0xb5ada2, 0xf4f4f4,
                        c(0xdcd3c2, 0xc7bba5, 0xb0a593, 0xe6dccb, 0x9d9387, 0xcfae8e), 0x30343a, 0xeeeae2,
                        c(0x0b3d91, 0x8c1c13, 0x1b1b1b, 0x3a7d44), 0xf7f3e8,
                        3.8, 6, 10, 8, 18, 0.42, 0.6, 2.8, 0.3, 11, 3.5, 400, 20, 13, 0x557d3b),
                new CityNames(List.of("Calle %s", "Avenida %s", "Diagonal %s"), List.of("Florida", "Corrientes", "Lavalle", "Tucumán",
                        "Viamonte", "Esmeralda", "Suipacha", "Maipú", "Paraguay", "Talcahuano", "Uruguay", "Rivadavia"),
                        List.of("Don Julio", "La Esquina", "El Gaucho", "Palermo", "San Telmo", "Recoleta", "Almagro", "Belgrano", "Boedo", "Caballito"),
                        List.of("Parrilla %s", "Café %s", "Librería %s", "Farmacia %s", "Heladería %s", "Panadería %s", "Kiosco %s", "Zapatería %s"),
                        List.of("Teatro Colón Annex", "Catedral Metropolitana", "Museo de la Ciudad", "Estación Perú", "Galería Güemes")),
                404);
        add(m, "london", "VLN-mini London", new GeoPoint(51.5136, -0.1365),
                new StreetLayout(Kind.IRREGULAR, 12, 105, 125, 22, 420),
                new CityStyle(0x9aa7b3, 0xd5d9dc, 0x47494c, 0x9b9a96, 0xf5f5f5,
                        c(0x8b5a43, 0x7a4a37, 0xeae5da, 0xa0705a, 0xd8d1c4, 0x5b4a42), 0x23282d, 0xf2efe8,
                        c(0x0a3d2a, 0x1c1c3c, 0x7b1113, 0x2b2b2b, 0xc9a227), 0xf0e6c8,
                        3.3, 3, 6, 6, 14, 0.42, 0.6, 2.4, 0.35, 9, 3, 300, 200, 0, 0x3e5f34),
                new CityNames(List.of("%s Street", "%s Road", "%s Lane"), List.of("Wardour", "Dean", "Greek", "Frith", "Old Compton",
                        "Berwick", "Poland", "Broadwick", "Carnaby", "Beak", "Brewer", "Meard"),
                        List.of("Marlowe", "Hartley", "Fenwick", "Ashby", "Whitmore", "Pembroke", "Kingsley", "Barrow", "Finch", "Thorne"),
                        List.of("The %s Arms", "%s & Sons", "%s Books", "%s Tailors", "%s Fish Bar", "%s Chemist", "%s Tea Rooms", "%s Florist"),
                        List.of("St. Anne's Church", "Soho Playhouse", "Golden Square Gallery", "Piccadilly Underground", "Museum of Maps")),
                505);
        add(m, "hong-kong", "VLN-mini Hong Kong", new GeoPoint(22.2819, 114.1582),
                new StreetLayout(Kind.GRID, -8, 62, 48, 0, 400),
                new CityStyle(0x8fb3cf, 0xdde6ea, 0x3f4145, 0x9e9d99, 0xf0d040,
                        c(0xd7d5cf, 0xbfc7c9, 0x9fb0b5, 0xe4ddd0, 0x88959c, 0xc8b9a6), 0x36525e, 0xe0e6e8,
                        c(0xe63946, 0xffb703, 0x06d6a0, 0x118ab2, 0x8338ec, 0xff006e), 0xffffff,
                        3.0, 10, 26, 6, 14, 0.55, 0.45, 2.0, 0.55, 8, 2.5, 260, 150, 0, 0x3f6b35),
                new CityNames(List.of("%s Street", "%s Road", "%s Terrace"), List.of("Queen's", "Wellington", "Stanley", "Lyndhurst",
                        "Hollywood", "Aberdeen", "Gage", "Peel", "Cochrane", "Graham", "Jubilee", "Des Voeux"),
                        List.of("Lucky Dragon", "Golden Harbour", "Jade", "Lotus", "Pearl", "Phoenix", "Kowloon", "Victoria", "Fortune", "Silver Moon"),
                        List.of("%s Noodles", "%s Tea House", "%s Pharmacy", "%s Electronics", "%s Bakery", "%s Dim Sum", "%s Optical", "%s Herbal Shop"),
                        List.of("Man Mo Temple", "Central Market", "Sheung Wan Station", "PMQ Gallery", "Tai Kwun Centre")),
                606);
        add(m, "new-york", "VLN-mini New York", new GeoPoint(40.7233, -73.9985),
                new StreetLayout(Kind.IRREGULAR, -22, 95, 140, 9, 420),
                new CityStyle(0x7aa9d6, 0xdde5ea, 0x434347, 0xaaa6a0, 0xf2f2f2,
                        c(0xc9c4b8, 0x9da3a6, 0xe2ddd2, 0x7f6a5a, 0xb5b0a6, 0x8c8479), 0x252c33, 0xf0ede6,
                        c(0x111111, 0x8b0000, 0x004d40, 0x283593, 0xff6f00), 0xffffff,
                        4.2, 5, 7, 8, 18, 0.55, 0.65, 3.0, 0.4, 11, 4, 380, 220, 0, 0x3f6b35),
                new CityNames(List.of("%s St", "%s Ave", "%s Pl"), List.of("Spring", "Prince", "Broome", "Grand", "Mercer",
                        "Greene", "Wooster", "Crosby", "Lafayette", "Thompson", "Sullivan", "Houston"),
                        List.of("SoHo", "Canal", "Mulberry", "Bowery", "Crosby", "Mott", "Elizabeth", "Houston", "Varick", "Vandam"),
                        List.of("%s Gallery", "%s Cafe", "%s Outfitters", "%s Shoes", "%s Studio", "%s Ramen", "%s Optics", "%s Market"),
                        List.of("Cast Iron Museum", "Spring Street Station", "St. Patrick's Old Chapel", "Film Forum House", "Firehouse 55")),
                707);
        add(m, "melbourne", "VLN-mini Melbourne", new GeoPoint(-37.8136, 144.9631),
                new StreetLayout(Kind.GRID, 20, 100, 200, 0, 420),
                new CityStyle(0x4f97e0, 0xd8e6f0, 0x505052, 0xb8b2a6, 0xfafafa,
                        c(0xb3956f, 0x7e8a92, 0xd6cbb8, 0x5c6a72, 0xa35a3e, 0xcfd6da), 0x2e4a5c, 0xe9e5dc,
                        c(0x00558c, 0xd1495b, 0x2d3142, 0xedae49, 0x66a182), 0xffffff,
                        3.5, 3, 12, 8, 24, 0.6, 0.55, 3.2, 0.3, 14, 4, 420, 10, 15, 0x5a7f45),
                new CityNames(List.of("%s Lane", "%s Street", "%s Place"), List.of("Collins", "Flinders", "Bourke", "Swanston",
                        "Elizabeth", "Lonsdale", "Degraves", "Hosier", "Russell", "Exhibition", "Queen", "William"),
                        List.of("Laneway", "Yarra", "Southbank", "Fitzroy", "Carlton", "Docklands", "Brunswick", "Prahran", "Richmond", "Collingwood"),
                        List.of("%s Espresso", "%s Records", "%s Surf Co", "%s Pharmacy", "%s Dumplings", "%s Bikes", "%s Bookshop", "%s Bar"),
                        List.of("State Library Hall", "St. Paul's Cathedral", "Flinders Street Station", "Arcade Gallery", "Old Treasury")),
                808);
        add(m, "lagos", "VLN-mini Lagos", new GeoPoint(6.4541, 3.3947),
                new StreetLayout(Kind.IRREGULAR, 40, 85, 75, 30, 400),
                new CityStyle(0xa9c4d6, 0xf0e2c6, 0x5a5651, 0xb07e57, 0xf7f7f7,
                        c(0xf4d35e, 0x7fb069, 0xee964b, 0x88c0d0, 0xf95738, 0xe6e1d5), 0x2d3436, 0xfdf6e3,
                        c(0x0d3b66, 0xc1121f, 0x2a9d8f, 0xe9c46a, 0x6a4c93), 0xffffff,
                        3.1, 1, 4, 6, 15, 0.4, 0.5, 2.6, 0.5, 9, 2.5, 280, 180, 19, 0x6b8e3a),
                new CityNames(List.of("%s Street", "%s Road", "%s Close"), List.of("Broad", "Marina", "Balogun", "Idumota",
                        "Nnamdi Azikiwe", "Tinubu", "Martins", "Campbell", "Odunlami", "Kakawa", "Bankole", "Williams"),
                        List.of("Mama Put", "Eko", "Adeyemi", "Okafor", "Balogun", "Chukwu", "Olumide", "Ifeoma", "Bello", "Oyelaran"),
                        List.of("%s Kitchen", "%s Fabrics", "%s Phones", "%s Chemist", "%s Provisions", "%s Salon", "%s Motors", "%s Printers"),
                        List.of("Cathedral Church of Christ", "Tinubu Square Hall", "Marina Jetty", "National Museum Annex", "Central Mosque Gate")),
                909);
        add(m, "san-francisco", "VLN-mini San Francisco", new GeoPoint(37.7793, -122.4193),
                new StreetLayout(Kind.DIAGONAL, 0, 125, 95, 0, 420),
                new CityStyle(0x9cc3e6, 0xeef2f4, 0x4c4e52, 0xb9b6af, 0xf5f5f5,
                        c(0xf6c1c7, 0xa8d5e2, 0xf9e79f, 0xc3e6cb, 0xd7bde2, 0xf5f5f0), 0x2c3e50, 0xffffff,
                        c(0x2c3e50, 0xc0392b, 0x16a085, 0x8e44ad, 0xd35400), 0xffffff,
                        3.3, 2, 4, 6, 10, 0.5, 0.6, 2.2, 0.35, 12, 3.5, 260, 230, 0, 0x4a6b3a),
                new CityNames(List.of("%s St", "%s St", "%s Ave"), List.of("Valencia", "Mission", "Guerrero", "Dolores",
                        "Hayes", "Fell", "Oak", "Page", "Haight", "Market", "Octavia", "Gough"),
                        List.of("Fog City", "Golden Gate", "Mission", "Castro", "Presidio", "Nob Hill", "Sunset", "Twin Peaks", "Embarcadero", "Bay"),
                        List.of("%s Taqueria", "%s Books", "%s Coffee Roasters", "%s Cycles", "%s Sourdough", "%s Records", "%s Vintage", "%s Creamery"),
                        List.of("Mission Dolores Chapel", "Civic Center Station", "Asian Art Annex", "War Memorial Hall", "Cable Car Barn")),
                1010);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, CitySpec> m, String name, String role, GeoPoint origin, StreetLayout layout,
            CityStyle style, CityNames names, long seed) {
        m.put(name, new CitySpec(name, role, origin, layout, style, names, seed));
    }
}
