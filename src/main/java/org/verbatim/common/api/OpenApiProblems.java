package org.verbatim.common.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.verbatim.common.error.DatabaseOutage;
import org.verbatim.common.error.Problem;
import org.verbatim.common.error.ProblemType;

/**
 * Documents the error responses every operation can give, from what the operation takes: a body can be malformed,
 * too large or of the wrong type; a path id can name nothing; a guarded write can be stale or unauthorised. Each
 * answer refers to a shared response with a problem example, so the document stays complete as endpoints are added.
 * Any operation may find the database unreachable (503).
 * <p>
 * It also states what annotations cannot: a merge patch body requires no field and may null any, and a guarded
 * operation names only its security scheme, since the role it needs is in its description.
 */
public class OpenApiProblems implements OASFilter {

    private static final String REF = "#/components/responses/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().setResponses(new TreeMap<>(Map.of(
                "BadRequest", response(ProblemType.VALIDATION_FAILED,
                        "The request is malformed or a field or parameter is not valid.",
                        "sources[0].url: must be an absolute http or https URL",
                        "sources[0].url", "must be an absolute http or https URL"),
                "Unauthorized", response(ProblemType.UNAUTHORIZED, "Credentials are missing or wrong.",
                        "Send valid credentials with HTTP Basic authentication.", null, null),
                "Forbidden", response(ProblemType.FORBIDDEN, "The user lacks the role the operation needs.",
                        "Your user does not have the role this operation needs.", null, null),
                "NotFound", response(ProblemType.NOT_FOUND, "No record has this id.",
                        "No statement with id '0196c3a1-a0b1-7c2d-8e3f-405162738495'.", null, null),
                "PreconditionFailed", response(ProblemType.STALE_VERSION,
                        "If-Match names a version that is no longer current; nothing was changed.",
                        "If-Match names version 0 but the current version is 1: read the resource again and retry.",
                        null, null),
                "PayloadTooLarge", response(ProblemType.BODY_TOO_LARGE, "The body is larger than allowed.",
                        "The body announces more than the 2097152 bytes a request may carry.", null, null),
                "UnsupportedMediaType", response(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "The body is not of the media type the operation takes.",
                        "Send the body as application/json (application/merge-patch+json for PATCH).", null, null),
                "TooManyRequests", retryAfter(response(ProblemType.TOO_MANY_REQUESTS,
                        "Too many failed logins for this user name from this client: its logins are refused for a"
                                + " while, before the password is checked.",
                        "Too many failed logins for this user name from your address: wait before you try again.",
                        null, null), 300),
                "DatabaseUnavailable", retryAfter(response(ProblemType.DATABASE_UNAVAILABLE,
                        "The database cannot be reached at the moment; the request may succeed when it is back."
                                + " A write answered so may or may not have been stored: read before writing again.",
                        "The database cannot be reached at the moment: try again in a few seconds.", null, null),
                        DatabaseOutage.RETRY_AFTER.toSeconds()))));
        APIResponse searchUnavailable = retryAfter(response(ProblemType.SEARCH_UNAVAILABLE,
                "The search index is being rebuilt from the database, after it was found missing or unusable"
                        + " at start: what needs it (`q`, facets, relevance order, similar statements) is"
                        + " refused until it is done; everything else works. Retry-After estimates the wait"
                        + " from the rebuild's progress.",
                "The search index is being rebuilt from the database: 2,000 of 4,900 statements so far"
                        + " (40 %). Searching works again when it is done; everything else works meanwhile.",
                null, null), 12);
        openAPI.getComponents().addResponse("SearchOrDatabaseUnavailable",
                eitherOf(searchUnavailable, openAPI.getComponents().getResponses().get("DatabaseUnavailable")));

        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            APIResponses responses = operation.getResponses();
            // Every operation reads or writes the database; those that declare a 503 for searching need the index too.
            boolean searches = responses.hasAPIResponse("503");
            responses.addAPIResponse("503", ref(searches ? "SearchOrDatabaseUnavailable" : "DatabaseUnavailable"));
            boolean hasBody = operation.getRequestBody() != null;
            if (hasBody) {
                MediaType patch = operation.getRequestBody().getContent().getMediaType(MediaTypes.MERGE_PATCH_JSON);
                if (patch != null && patch.getSchema() != null) {
                    patch.setSchema(mergePatch(resolve(openAPI, patch.getSchema())));
                }
            }
            if (hasBody || hasQueryParameters(item, operation)) {
                responses.addAPIResponse("400", ref("BadRequest"));
            }
            if (hasBody) {
                responses.addAPIResponse("413", ref("PayloadTooLarge"));
                responses.addAPIResponse("415", ref("UnsupportedMediaType"));
            }
            if (path.contains("{")) {
                responses.addAPIResponse("404", ref("NotFound"));
            }
            if (method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.PATCH
                    || method == PathItem.HttpMethod.DELETE || hasIfMatch(operation)) {
                responses.addAPIResponse("412", ref("PreconditionFailed"));
            }
            if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                // OpenAPI 3.1 allows role names here, but tools written for 3.0 take them for OAuth scopes.
                operation.getSecurity().forEach(requirement -> {
                    Map<String, List<String>> schemes = new LinkedHashMap<>();
                    requirement.getSchemes().keySet().forEach(scheme -> schemes.put(scheme, new ArrayList<>()));
                    requirement.setSchemes(schemes);
                });
                responses.addAPIResponse("401", ref("Unauthorized"));
                responses.addAPIResponse("403", ref("Forbidden"));
                responses.addAPIResponse("429", ref("TooManyRequests"));
            } else {
                // Reads are public unless configured otherwise: say so explicitly.
                operation.setSecurity(new ArrayList<>());
            }
        }));
    }

    private static boolean hasIfMatch(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.HEADER && "If-Match".equalsIgnoreCase(p.getName()));
    }

    private static boolean hasQueryParameters(PathItem item, Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.QUERY);
    }

    private static Schema resolve(OpenAPI openAPI, Schema schema) {
        String prefix = "#/components/schemas/";
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schema.getRef() == null || !schema.getRef().startsWith(prefix) || schemas == null) {
            return schema;
        }
        return schemas.getOrDefault(schema.getRef().substring(prefix.length()), schema);
    }

    /** RFC 7396: a patch names only the fields it changes, so none is required or defaulted, and null clears one. */
    private static Schema mergePatch(Schema body) {
        Schema patch = copy(body);
        patch.setRequired(null);
        if (body.getProperties() != null) {
            Map<String, Schema> properties = new LinkedHashMap<>();
            body.getProperties().forEach((name, property) -> properties.put(name, nullable(property)));
            patch.setProperties(properties);
        }
        return patch;
    }

    private static Schema nullable(Schema property) {
        Schema nullable = copy(property);
        nullable.setDefaultValue(null);
        if (nullable.getRef() != null) {
            nullable.setAnyOf(List.of(OASFactory.createSchema().ref(nullable.getRef()),
                    OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
            nullable.setRef(null);
            nullable.setType(null);
        } else if (nullable.getType() != null && !nullable.getType().contains(Schema.SchemaType.NULL)) {
            List<Schema.SchemaType> types = new ArrayList<>(nullable.getType());
            types.add(Schema.SchemaType.NULL);
            nullable.setType(types);
        }
        return nullable;
    }

    private static Schema copy(Schema schema) {
        Schema copy = OASFactory.createSchema();
        copy.setAll(new LinkedHashMap<>(schema.getAll()));
        return copy;
    }

    private static APIResponse ref(String name) {
        return OASFactory.createAPIResponse().ref(REF + name);
    }

    /** One response for a status that has two causes: the first's description and headers, both examples. */
    private static APIResponse eitherOf(APIResponse first, APIResponse second) {
        MediaType firstMedia = first.getContent().getMediaType(Problem.MEDIA_TYPE);
        Map<String, Example> examples = new LinkedHashMap<>(firstMedia.getExamples());
        examples.putAll(second.getContent().getMediaType(Problem.MEDIA_TYPE).getExamples());
        firstMedia.setExamples(examples);
        return first.description(first.getDescription() + " Or: " + second.getDescription());
    }

    private static APIResponse retryAfter(APIResponse response, long exampleSeconds) {
        return response.addHeader("Retry-After", OASFactory.createHeader()
                .description("Seconds to wait before trying again.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ONE))
                .example(exampleSeconds));
    }

    private static APIResponse response(ProblemType type, String description, String detail, String field,
            String message) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type.uri());
        example.put("title", type.title());
        example.put("status", type.status());
        example.put("detail", detail);
        example.put("instance", "/api/v1/statements");
        if (field != null) {
            Map<String, Object> violation = new LinkedHashMap<>();
            violation.put("field", field);
            violation.put("message", message);
            example.put("violations", List.of(violation));
        }
        Example named = OASFactory.createExample().summary(type.title()).value(example);
        MediaType mediaType = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))
                .examples(Map.of(type.name().toLowerCase().replace('_', '-'), named));
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, mediaType);
        return OASFactory.createAPIResponse().description(description).content(content);
    }
}
