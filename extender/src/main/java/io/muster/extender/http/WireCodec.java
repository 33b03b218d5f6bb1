package io.muster.extender.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Collection;

/**
 * JSON for the extender wire: one shared, thread-safe mapper, and decode failures turned into
 * messages that name the field and the problem (never a Java class name or a stack trace).
 *
 * <p>The mapper is as strict as Go's decoder about types (no string↔number coercion, trailing
 * content is an error) and as lenient about unknown keys. fabric8 models carry their own
 * (de)serializers for {@code Quantity} and {@code IntOrString}, so a plain mapper reads them.
 * Trailing content is checked here rather than with {@code FAIL_ON_TRAILING_TOKENS}: fabric8's
 * {@code Quantity} deserializer reads a nested tree through the mapper, which would then reject the
 * rest of the document as "trailing".
 */
final class WireCodec {
  static final ObjectMapper MAPPER = newMapper();

  private WireCodec() {}

  static ObjectMapper newMapper() {
    return WirePodFields.skipUnread(readingEverything());
  }

  /** The same strictness, building every field of a pod: for comparisons in tests. */
  static ObjectMapper readingEverything() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .build();
    // Jackson would otherwise turn 5 into "5" for a String field: Go refuses that, so do we.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /** Decodes a whole body into {@code type}; every failure is a {@link BadRequest}. */
  static <T> T decode(Buffer body, Class<T> type) throws BadRequest {
    if (body == null || body.length() == 0) {
      throw new BadRequest("request body is empty");
    }
    T value;
    // One transient copy of the body (bounded by MUSTER_MAX_BODY_BYTES): Vert.x 4.5 deprecates
    // reading its buffer in place.
    try (JsonParser parser = MAPPER.createParser(body.getBytes())) {
      value = MAPPER.readValue(parser, type);
      if (value != null && parser.nextToken() != null) {
        throw new BadRequest(
            "unexpected content after the JSON value at line "
                + parser.currentTokenLocation().getLineNr()
                + ", column "
                + parser.currentTokenLocation().getColumnNr());
      }
    } catch (StreamConstraintsException e) {
      throw new BadRequest("JSON too deeply nested or too long: " + firstLine(e));
    } catch (JsonParseException e) {
      throw new BadRequest(
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + firstLine(e));
    } catch (MismatchedInputException e) {
      throw new BadRequest(mismatch(e));
    } catch (JsonMappingException e) {
      // A parser limit hit inside a nested deserializer arrives wrapped.
      if (e.getCause() instanceof StreamConstraintsException limit) {
        throw new BadRequest("JSON too deeply nested or too long: " + firstLine(limit));
      }
      throw new BadRequest("field " + path(e) + ": invalid value");
    } catch (IOException e) {
      throw new BadRequest("unreadable JSON: " + firstLine(e));
    }
    if (value == null) {
      throw new BadRequest("request body must be a JSON object, got null");
    }
    return value;
  }

  static Buffer encode(Object value) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  private static String mismatch(MismatchedInputException e) {
    String expected = describe(e.getTargetType());
    String found = found(e);
    if (e.getPath().isEmpty()) {
      return "request body must be " + expected + ", found " + found;
    }
    return "field " + path(e) + ": expected " + expected + ", found " + found;
  }

  /** {@code "NodeNames"}, {@code "Pod.metadata.labels"}, {@code "Nodes.items[2]"}. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return "\"" + sb + "\"";
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != boolean.class && type != char.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    return "an object"; // maps, records, fabric8 models
  }

  private static String found(MismatchedInputException e) {
    JsonToken token = e.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
    if (token == null) {
      // Jackson 2.20 closes the parser before the exception reaches us; its message still names
      // the offending token ("... (token `JsonToken.VALUE_NUMBER_INT`)").
      token = tokenNamedIn(e.getOriginalMessage());
    }
    if (token == null) {
      return "the end of the input";
    }
    return switch (token) {
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "another type";
    };
  }

  private static final java.util.regex.Pattern TOKEN_IN_MESSAGE =
      java.util.regex.Pattern.compile(
          "JsonToken\\.([A-Z_]+)|\\b(Integer|Floating-point|String|Boolean|Object|Array|Null)"
              + " value");

  /** The offending token as Jackson's message names it, or null. */
  private static JsonToken tokenNamedIn(String message) {
    java.util.regex.Matcher m = TOKEN_IN_MESSAGE.matcher(String.valueOf(message));
    if (!m.find()) {
      return null;
    }
    if (m.group(1) != null) {
      try {
        return JsonToken.valueOf(m.group(1));
      } catch (IllegalArgumentException unknown) {
        return null;
      }
    }
    return switch (m.group(2)) {
      case "Integer" -> JsonToken.VALUE_NUMBER_INT;
      case "Floating-point" -> JsonToken.VALUE_NUMBER_FLOAT;
      case "String" -> JsonToken.VALUE_STRING;
      case "Boolean" -> JsonToken.VALUE_TRUE;
      case "Object" -> JsonToken.START_OBJECT;
      case "Array" -> JsonToken.START_ARRAY;
      default -> JsonToken.VALUE_NULL;
    };
  }

  /** Jackson's own wording up to its location suffix; it carries no Java types for parse errors. */
  private static String firstLine(IOException e) {
    String message =
        e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    if (message.startsWith("Unrecognized token")) {
      // Jackson quotes up to 256 characters of the bad token: request content stays out.
      return "unrecognized token (expected a string, number, array, object, true, false or null)";
    }
    int cut = message.indexOf('\n');
    String line = cut >= 0 ? message.substring(0, cut) : message;
    int source = line.indexOf(" at [Source");
    line = source >= 0 ? line.substring(0, source) : line;
    int marker = line.indexOf(" (start marker");
    line = marker >= 0 ? line.substring(0, marker) : line;
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
