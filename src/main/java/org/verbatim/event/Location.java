package org.verbatim.event;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.verbatim.common.validation.CountryCode;

@Schema(name = "Location", description = "Where an event took place.")
public record Location(
        @Schema(examples = "Antalya") @Size(max = 200) String city,
        @Schema(description = "ISO 3166-1 alpha-2 country code.", examples = "TR") @CountryCode String country) {

    static Location of(String city, String country) {
        return city == null && country == null ? null : new Location(city, country);
    }
}
