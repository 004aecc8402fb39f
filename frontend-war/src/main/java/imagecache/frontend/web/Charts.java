package imagecache.frontend.web;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * Chart.js configurations for PrimeFaces' {@code p:chart}, written as JSON by the beans, so that every
 * chart of the pages looks alike: lines without points or animation, titled axes.
 */
final class Charts {

    private Charts() {}

    /** A line chart of {@code datasets} over {@code labels}, on the axes in {@code scales}. */
    static String lines(JsonArrayBuilder labels, JsonObjectBuilder scales, JsonObjectBuilder... datasets) {
        JsonArrayBuilder all = Json.createArrayBuilder();
        for (JsonObjectBuilder dataset : datasets) {
            all.add(dataset);
        }
        return Json.createObjectBuilder()
                .add("type", "line")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", all))
                .add(
                        "options",
                        Json.createObjectBuilder()
                                .add("animation", false)
                                .add("responsive", true)
                                .add("maintainAspectRatio", false)
                                .add("scales", scales))
                .build()
                .toString();
    }

    /** One line: its legend, its values, its colour, and the id of the y axis it is drawn against. */
    static JsonObjectBuilder dataset(String label, JsonArrayBuilder data, String color, String axis) {
        return Json.createObjectBuilder()
                .add("label", label)
                .add("data", data)
                .add("borderColor", color)
                .add("backgroundColor", color)
                .add("yAxisID", axis)
                .add("pointRadius", 0)
                .add("tension", 0);
    }

    /** An axis at {@code position} (left, right, bottom) with a title. */
    static JsonObjectBuilder axis(String position, String title) {
        return Json.createObjectBuilder()
                .add("position", position)
                .add("title", Json.createObjectBuilder().add("display", true).add("text", title));
    }

    /** A fraction as a percentage with one decimal, as the charts plot rates. */
    static double percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0;
    }

    /** Bytes as megabytes with two decimals. */
    static double megabytes(long bytes) {
        return Math.round(bytes / 10485.76) / 100.0;
    }
}
