package io.tdeguard.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.tdeguard.api.ApiException;

/**
 * Binds the members a caller sent to a function's input record, strictly, as the Alibaba OpenAPI names them
 * (PascalCase, {@code @JsonProperty} where it differs): an unknown member, a member in another case and a value of
 * the wrong JSON type are each refused with {@code InvalidParameter} naming the member, never ignored or coerced, so
 * that a misspelt {@code ContextEntries} cannot silently mean "no context".
 */
public final class StrictInput {

    private static final ObjectMapper STRICT = strictMapper();

    /** The input of a function that takes no members: any member is refused. */
    public record None() {
    }

    private StrictInput() {
    }

    /**
     * @param members what the caller sent (null: nothing)
     * @throws ApiException {@code InvalidParameter} (400) naming the first member that does not fit
     */
    public static <T extends Record> T bind(Map<String, Object> members, Class<T> type) {
        try {
            return STRICT.convertValue(members == null ? Map.of() : members, type);
        } catch (IllegalArgumentException e) {
            throw refusal(e.getCause() instanceof JsonMappingException mapping ? mapping : null, type);
        }
    }

    private static ApiException refusal(JsonMappingException e, Class<?> type) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = unknown.getPropertyName();
            List<String> known = new ArrayList<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            String sameButCase = known.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
            return ApiException.invalidParameter(name, "unknown parameter " + name
                    + (sameButCase != null ? ": names are case-sensitive, did you mean " + sameButCase
                            : known.isEmpty() ? ": this action takes no parameters"
                                    : ": this action takes " + String.join(", ", known.stream().sorted().toList())));
        }
        String member = e == null ? null : memberPath(e);
        if (member == null) {
            return new ApiException("InvalidParameter", 400, "the parameters are not an object of the members "
                    + type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT) + " takes");
        }
        return ApiException.invalidParameter(member, "the value of " + member + " is not of the type it takes"
                + " (a JSON " + expected(e) + ")");
    }

    /** {@code Context.acs:SourceIp[0]}: where in the input the bad value is. */
    private static String memberPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String expected(JsonMappingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.contains("out of range")) {
            return "number in range";
        }
        Class<?> target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                ? mismatch.getTargetType() : null;
        if (target == null) {
            return "value of another type";
        }
        if (target == String.class) {
            return "string";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "boolean";
        }
        if (List.class.isAssignableFrom(target)) {
            return "array";
        }
        return "object";
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .build();
        for (LogicalType scalar : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.Collection, LogicalType.Map, LogicalType.POJO)) {
            for (CoercionInputShape shape : CoercionInputShape.values()) {
                mapper.coercionConfigFor(scalar).setCoercion(shape, CoercionAction.Fail);
            }
        }
        return mapper;
    }
}
