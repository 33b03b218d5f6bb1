package io.muster.loadtest.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key value} command-line pairs of the protocol tools. */
public final class Flags {
  private Flags() {}

  public static Map<String, String> parse(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
      }
      flags.put(args[i], args[i + 1]);
    }
    return flags;
  }

  public static String required(Map<String, String> flags, String key) {
    String v = flags.get(key);
    if (v == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    return v;
  }

  public static int integer(Map<String, String> flags, String key, int otherwise) {
    String v = flags.get(key);
    try {
      return v == null ? otherwise : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not an integer: " + v, e);
    }
  }
}
