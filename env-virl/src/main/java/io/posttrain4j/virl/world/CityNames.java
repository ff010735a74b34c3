package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.List;

/**
 * The naming of a city: street names per layout family and pools of shop and sight names. Shops combine an owner
 * with a shop template ({@code "Trattoria %s"}); a few chain names are shared by every city, as chains are.
 *
 * @param streetFormats per family ("a", "b", then the rest) a format with one {@code %s} for a street word
 * @param streetWords words put into the formats, e.g. {@code Torino} or {@code 14th}
 * @param owners family or brand words for shop names
 * @param shopTemplates formats with one {@code %s}, e.g. {@code "Pasticceria %s"}; the word before {@code %s} or
 *     the first word is the place kind
 * @param sights complete names of sights (museums, churches, stations)
 */
public record CityNames(List<String> streetFormats, List<String> streetWords, List<String> owners,
        List<String> shopTemplates, List<String> sights) {
    /** Names that appear in every city, like chain stores. */
    public static final List<String> CHAINS = List.of("Corner Bean Coffee", "Mercato Fresh", "Pixel Phones",
            "Urban Threads", "Golden Wok", "Lumen Books", "Metro Pharmacy", "Nova Burger", "Bluebird Bakery",
            "Atlas Bank");

    public CityNames {
        streetFormats = List.copyOf(streetFormats);
        streetWords = List.copyOf(streetWords);
        owners = List.copyOf(owners);
        shopTemplates = List.copyOf(shopTemplates);
        sights = List.copyOf(sights);
        if (streetFormats.isEmpty() || streetWords.isEmpty() || owners.isEmpty() || shopTemplates.isEmpty()) {
            throw new IllegalArgumentException("a city needs street formats, street words, owners and shop templates");
        }
    }

    /** The name of street line {@code index} of layout family {@code family}. */
    public String street(int familyIndex, int index) {
        String format = streetFormats.get(Math.min(familyIndex, streetFormats.size() - 1));
        String word = streetWords.get(Math.floorMod(index * 7 + familyIndex * 3, streetWords.size()));
        return String.format(format, word);
    }

    /** Every place name of this city with its kind, sights first, then chains, then owner x template shops. */
    public List<String[]> placePool() {
        List<String[]> pool = new ArrayList<>();
        for (String s : sights) {
            pool.add(new String[] {s, "sight"});
        }
        for (String c : CHAINS) {
            pool.add(new String[] {c, "chain"});
        }
        for (String t : shopTemplates) {
            String kind = t.startsWith("%s") ? t.substring(2).strip().split(" ")[0] : t.split(" ")[0];
            for (String o : owners) {
                pool.add(new String[] {String.format(t, o), kind.toLowerCase()});
            }
        }
        return pool;
    }
}
