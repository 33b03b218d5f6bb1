package io.muster.extender.policy;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads untrusted YAML into a Jackson tree, within hard limits, recording what YAML allows but a
 * policy document must not contain (duplicate keys, aliases, a second document) as violations
 * instead of failing on the first.
 *
 * <p>Limits: the text is capped at {@link #MAX_CHARS} before any parsing (a ConfigMap holds at most
 * 1 MiB; a policy document is a few KiB), SnakeYAML's code point limit repeats that cap, nesting is
 * capped at {@link #MAX_DEPTH} (checked here before each nested container), and strings and numbers
 * have length caps. Jackson's YAML parser never expands aliases (it reports {@code *name} as the
 * string {@code name}), so alias "billion laughs" bombs cannot grow the tree; aliases are still
 * rejected so that nobody relies on that reading.
 */
final class YamlTree {
  static final int MAX_CHARS = 256 * 1024;
  static final int MAX_DEPTH = 16;

  private static final YAMLFactory FACTORY = newFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlTree() {}

  /**
   * The document's root node; {@link MissingNode} when the text is empty, too large or unreadable
   * (the last two are recorded in {@code violations}). A node that was recorded as a violation is
   * left in the tree as {@link MissingNode}, which the readers skip silently.
   */
  static JsonNode read(String yaml, Violations violations) {
    if (yaml.length() > MAX_CHARS) {
      violations.add("", "%s", tooLarge(yaml.length()));
      return MissingNode.getInstance();
    }
    try (YAMLParser parser = FACTORY.createParser(yaml)) {
      if (parser.nextToken() == null) {
        return MissingNode.getInstance();
      }
      JsonNode root = new Reader(parser, violations).value("", 1);
      if (parser.nextToken() != null) {
        violations.add("", "only one YAML document is allowed; found another after \"---\"");
      }
      return root;
    } catch (IOException e) {
      violations.add("", "not readable as YAML: %s", describe(e));
      return MissingNode.getInstance();
    } catch (Abort e) {
      return MissingNode.getInstance();
    }
  }

  static String tooLarge(int length) {
    return String.format(
        Locale.ROOT, "document is %d characters long; the limit is %d", length, MAX_CHARS);
  }

  private static YAMLFactory newFactory() {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_CHARS);
    loader.setNestingDepthLimit(MAX_DEPTH);
    loader.setMaxAliasesForCollections(10);
    loader.setAllowRecursiveKeys(false);
    // Reader reports every duplicate key with its path; the parser would stop at the first.
    loader.setAllowDuplicateKeys(true);
    loader.setProcessComments(false);
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            // A backstop only: Jackson 2.16 does not apply it to YAML (2.20 does); Reader checks
            // MAX_DEPTH.
            .maxNestingDepth(1000)
            .maxStringLength(MAX_CHARS)
            .maxNameLength(1024)
            .maxNumberLength(64)
            .maxDocumentLength(MAX_CHARS)
            .build();
    return YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(limits).build();
  }

  /** One line, with the line and column, without SnakeYAML's multi-line snippet of the input. */
  private static String describe(IOException e) {
    if (e.getCause() instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark();
      String where =
          mark == null
              ? ""
              : String.format(
                  Locale.ROOT, " (line %d, column %d)", mark.getLine() + 1, mark.getColumn() + 1);
      return oneLine(marked.getProblem()) + where;
    }
    if (e instanceof StreamReadException read && read.getLocation() != null) {
      return String.format(
          Locale.ROOT,
          "%s (line %d, column %d)",
          oneLine(read.getOriginalMessage()),
          read.getLocation().getLineNr(),
          read.getLocation().getColumnNr());
    }
    return oneLine(e.getMessage());
  }

  private static String oneLine(String text) {
    if (text == null) {
      return "unknown problem";
    }
    String flat = text.replaceAll("\\s+", " ").trim();
    flat = flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    // SnakeYAML quotes the offending character, which may be a NUL or another control character.
    StringBuilder clean = new StringBuilder(flat.length());
    for (int i = 0; i < flat.length(); i++) {
      char c = flat.charAt(i);
      if (Character.isISOControl(c)) {
        clean.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        clean.append(c);
      }
    }
    return clean.toString();
  }

  /** Thrown after recording a violation to stop reading at once (too deep, or truncated). */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abort() {
      super(null, null, false, false);
    }
  }

  /**
   * Recursive descent over the token stream. The recursion is bounded here, by {@link #MAX_DEPTH},
   * and not left to the parser: SnakeYAML's event parser is iterative and accepts any depth, and
   * the Jackson YAML parser in use may not apply its nesting constraint.
   */
  private record Reader(YAMLParser parser, Violations violations) {

    JsonNode value(String path, int depth) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == null) {
        violations.add(path, "the document ends where a value should be");
        throw new Abort();
      }
      if (token.isStructStart() && depth > MAX_DEPTH) {
        violations.add(path, "nested deeper than %d levels", MAX_DEPTH);
        throw new Abort();
      }
      if (parser.isCurrentAlias()) {
        violations.add(path, "YAML aliases (*name) are not supported; write the value out");
        return MissingNode.getInstance();
      }
      return switch (token) {
        case START_OBJECT -> object(path, depth);
        case START_ARRAY -> array(path, depth);
        case VALUE_STRING -> NODES.textNode(parser.getText());
        case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
        case VALUE_NULL -> NODES.nullNode();
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(path);
        default -> {
          // VALUE_EMBEDDED_OBJECT (!!binary) and anything newer: no policy field takes them.
          violations.add(path, "unsupported YAML value (%s)", token);
          yield MissingNode.getInstance();
        }
      };
    }

    private JsonNode object(String path, int depth) throws IOException {
      ObjectNode node = NODES.objectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        String childPath = Violations.child(path, key);
        parser.nextToken();
        JsonNode child = value(childPath, depth + 1);
        if (node.has(key)) {
          violations.add(childPath, "duplicate key");
        } else {
          node.set(key, child);
        }
      }
      return node;
    }

    private JsonNode array(String path, int depth) throws IOException {
      ArrayNode node = NODES.arrayNode();
      int index = 0;
      for (JsonToken t = parser.nextToken();
          t != null && t != JsonToken.END_ARRAY;
          t = parser.nextToken()) {
        node.add(value(Violations.element(path, index++), depth + 1));
      }
      return node;
    }

    private JsonNode number(String path) throws IOException {
      try {
        return switch (parser.getNumberType()) {
          case INT, LONG -> NODES.numberNode(parser.getLongValue());
          case BIG_INTEGER -> NODES.numberNode(parser.getBigIntegerValue());
          default -> NODES.numberNode(parser.getDoubleValue());
        };
      } catch (StreamReadException e) {
        violations.add(path, "not a valid number: %s", describe(e));
        return MissingNode.getInstance();
      }
    }
  }
}
