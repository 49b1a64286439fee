package org.verbatim.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;

/**
 * Applies a JSON Merge Patch to the writable representation of a resource and validates the result exactly as
 * a full replacement would be validated.
 */
@ApplicationScoped
public class MergePatcher {

    private final ObjectMapper mapper;
    private final Validator validator;

    public MergePatcher(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    public <T> T apply(T current, JsonNode patch, Class<T> type) {
        if (patch == null || !patch.isObject()) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST,
                    "A merge patch must be a JSON object naming the fields to change.");
        }
        JsonNode merged = JsonMergePatch.apply(mapper.valueToTree(current), patch);
        T result;
        try {
            result = mapper.treeToValue(merged, type);
        } catch (JsonProcessingException e) {
            throw new PatchReadException(e);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(result);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return result;
    }

    /** Carries Jackson's failure, with its JSON path, to the problem mappers. */
    public static class PatchReadException extends RuntimeException {
        public PatchReadException(JsonProcessingException cause) {
            super(cause.getOriginalMessage(), cause, false, false);
        }

        public JsonProcessingException json() {
            return (JsonProcessingException) getCause();
        }
    }
}
