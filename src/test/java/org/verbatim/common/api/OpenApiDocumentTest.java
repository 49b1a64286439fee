package org.verbatim.common.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API description under openapi/ is part of the product: it must be exactly what the service serves.
 * After an intended change of the API, refresh it with {@code OPENAPI_UPDATE=true ./mvnw test -Dtest=OpenApiDocumentTest}.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Path COMMITTED = Path.of("openapi", "openapi.yaml");

    @Test
    void committedDocumentMatchesTheServedOne() throws IOException {
        String served = given().queryParam("format", "yaml").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        if ("true".equals(System.getenv("OPENAPI_UPDATE"))) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!committed.equals(served)) {
            Files.writeString(Path.of("target", "openapi-served.yaml"), served, StandardCharsets.UTF_8);
        }
        assertEquals(committed, served, "openapi/openapi.yaml differs from the served document; if the API change"
                + " is intended, run: OPENAPI_UPDATE=true ./mvnw test -Dtest=OpenApiDocumentTest (the served"
                + " document is in target/openapi-served.yaml)");
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
